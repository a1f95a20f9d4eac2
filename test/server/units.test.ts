/**
 * The server's pure pieces: JSON merge patch (RFC 7396 appendix A), entity-tag comparison, request
 * hashing, the token bucket, turns and zod error paths.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, ifMatchPasses, ifNoneMatchMatches, mergePatch, parseEtags, requestHash, type Json } from '../../server/http.js';
import { parseIdempotencyKey } from '../../server/idempotency.js';
import { Turns } from '../../server/turns.js';

import { formatPath, validateRecord } from '../../server/schemas.js';
import { parseOrigins } from '../../server/cors.js';

describe('mergePatch (RFC 7396)', () => {
  // The examples of RFC 7396 appendix A: [target, patch, result].
  const cases: [Json, Json, Json][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of cases) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)} = ${JSON.stringify(result)}`, () => {
      const before = JSON.stringify(target);
      assert.deepEqual(mergePatch(target, patch), result);
      assert.equal(JSON.stringify(target), before, 'the target is not mutated');
    });
  }

  it('never sets a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Json;
    const out = mergePatch({}, patch) as Record<string, unknown>;
    assert.equal(out.a, 1);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('entity tags', () => {
  it('parses lists, weak tags, * and bare values', () => {
    assert.deepEqual(parseEtags('"1", W/"2" ,"3"'), ['"1"', 'W/"2"', '"3"']);
    assert.equal(parseEtags(' * '), '*');
    assert.deepEqual(parseEtags('4'), ['"4"']);
  });

  it('If-Match needs a strong match and an existing record', () => {
    assert.equal(ifMatchPasses('"2"', '"2"'), true);
    assert.equal(ifMatchPasses('"1", "2"', '"2"'), true);
    assert.equal(ifMatchPasses('"1"', '"2"'), false);
    assert.equal(ifMatchPasses('W/"2"', '"2"'), false);
    assert.equal(ifMatchPasses('*', '"2"'), true);
    assert.equal(ifMatchPasses('*', null), false);
    assert.equal(ifMatchPasses('"1"', null), false);
  });

  it('If-None-Match compares weakly', () => {
    assert.equal(ifNoneMatchMatches('W/"2"', '"2"'), true);
    assert.equal(ifNoneMatchMatches('"3"', '"2"'), false);
    assert.equal(ifNoneMatchMatches('*', '"2"'), true);
    assert.equal(ifNoneMatchMatches('*', null), false);
  });
});

describe('request hashing and keys', () => {
  it('ignores key order but not values, method or path', () => {
    assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null }), '{"a":null,"b":[1,{"c":2,"d":1}]}');
    const h = requestHash('POST', '/leads', { a: 1, b: 2 });
    assert.equal(requestHash('POST', '/leads', { b: 2, a: 1 }), h);
    assert.notEqual(requestHash('POST', '/leads', { a: 1, b: 3 }), h);
    assert.notEqual(requestHash('PUT', '/leads', { a: 1, b: 2 }), h);
    assert.notEqual(requestHash('POST', '/deals', { a: 1, b: 2 }), h);
  });

  it('reads Idempotency-Key values', () => {
    assert.equal(parseIdempotencyKey(' abc-123 ', true), 'abc-123');
    assert.equal(parseIdempotencyKey('"quoted"', true), 'quoted');
    assert.equal(parseIdempotencyKey(undefined, false), undefined);
    assert.throws(() => parseIdempotencyKey(undefined, true), /Idempotency-Key/);
    assert.throws(() => parseIdempotencyKey('has space', true), /visible ASCII/);
    assert.throws(() => parseIdempotencyKey('ключ', true), /visible ASCII/);
  });
});

describe('schemas', () => {
  it('formats paths as stages[2].probability', () => {
    assert.equal(formatPath(['stages', 2, 'probability']), 'stages[2].probability');
    assert.equal(formatPath(['custom', 'first name']), 'custom["first name"]');
    assert.equal(formatPath([]), '');
  });

  it('applies defaults and keeps unknown fields', () => {
    const r = validateRecord('deals', {
      id: 'd1',
      title: 'T',
      value: 1,
      currency: 'USD',
      pipelineId: 'p',
      stageId: 's',
      createdAt: '2024-01-01',
      updatedAt: '2024-01-01T00:00:00Z',
      extra: { nested: true },
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'open');
    assert.deepEqual(r.value.history, []);
    assert.deepEqual(r.value.extra, { nested: true });
  });

  it('checks history order and lead e-mail like src/core does', () => {
    const deal = validateRecord('deals', {
      id: 'd1', title: 'T', value: 1, currency: 'USD', pipelineId: 'p', stageId: 's', createdAt: '2024-01-01', updatedAt: '2024-01-01',
      history: [{ stageId: 's', enteredAt: '2024-02-01T00:00:00Z', leftAt: '2024-01-01T00:00:00Z' }],
    });
    assert.ok(!deal.ok);
    assert.deepEqual(deal.errors.map((e) => e.path), ['history[0].leftAt']);
    const lead = validateRecord('leads', { id: 'l', createdAt: '2024-01-01', updatedAt: '2024-01-01', email: ' a@b.co' });
    assert.ok(!lead.ok);
    assert.deepEqual(lead.errors.map((e) => e.path), ['email']);
  });

  it('reads CORS origin lists', () => {
    assert.deepEqual(parseOrigins(' https://a.example/, ,http://b.example:8080 '), ['https://a.example', 'http://b.example:8080']);
  });
});

describe('turns', () => {
  it('lets `size` holders of a key run at once, the rest in arrival order, and gives a turn back when one fails', async () => {
    const turns = new Turns(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const job = (name: string, fail = false) => turns.run('ws', () => new Promise<string>((resolve, reject) => {
      order.push(`start ${name}`);
      gates.set(name, () => (fail ? reject(new Error(name)) : resolve(name)));
    }));
    const a = job('a', true);
    const b = job('b');
    const c = job('c');
    const d = job('d');
    const other = turns.run('other', async () => 'other');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ['start a', 'start b']);
    assert.deepEqual(turns.load('ws'), { holders: 2, waiting: 2 });
    assert.equal(await other, 'other', 'another key is not held up');
    gates.get('a')!();
    await assert.rejects(a, /a/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ['start a', 'start b', 'start c']);
    gates.get('b')!();
    gates.get('c')!();
    assert.deepEqual(await Promise.all([b, c]), ['b', 'c']);
    await new Promise((resolve) => setImmediate(resolve));
    gates.get('d')!();
    assert.equal(await d, 'd');
    assert.deepEqual(turns.load('ws'), { holders: 0, waiting: 0 });
  });
});
