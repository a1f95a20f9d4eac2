import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  compileCondition, compileConditions, getPath, matches, matchesAll, validateCondition, validateConditions, type Condition,
} from '../../src/core/predicate.js';
import { isUuid, newId } from '../../src/core/id.js';

const lead = {
  industry: 'SaaS ',
  companySize: 250,
  region: 'EMEA',
  tags: ['webinar', 'Pricing'],
  source: { utm_source: 'LinkedIn' },
  custom: { budget: '50000', empty: '  ' },
};

describe('core/predicate', () => {
  it('reads dot paths and stops at missing steps', () => {
    expect(getPath(lead, 'source.utm_source')).to.equal('LinkedIn');
    expect(getPath(lead, 'source.nope.deeper')).to.equal(undefined);
    expect(getPath(null, 'a')).to.equal(undefined);
    expect(getPath({ a: 'x' }, 'a.length')).to.equal(undefined);
  });

  const cases: [Condition, boolean][] = [
    [{ field: 'industry', op: 'eq', value: 'saas' }, true],
    [{ field: 'industry', op: 'eq', value: 'retail' }, false],
    [{ field: 'companySize', op: 'eq', value: '250' }, true],
    [{ field: 'industry', op: 'neq', value: 'retail' }, true],
    [{ field: 'missingField', op: 'neq', value: 'retail' }, true],
    [{ field: 'region', op: 'in', value: ['emea', 'apac'] }, true],
    [{ field: 'region', op: 'in', value: 'emea' }, false],
    [{ field: 'region', op: 'nin', value: ['na'] }, true],
    [{ field: 'region', op: 'nin', value: ['EMEA'] }, false],
    [{ field: 'region', op: 'nin', value: 'oops' }, true],
    [{ field: 'companySize', op: 'gt', value: 200 }, true],
    [{ field: 'companySize', op: 'gte', value: 250 }, true],
    [{ field: 'companySize', op: 'lt', value: 250 }, false],
    [{ field: 'companySize', op: 'lte', value: '250' }, true],
    [{ field: 'custom.budget', op: 'gte', value: 50000 }, true],
    [{ field: 'industry', op: 'gt', value: 1 }, false],
    [{ field: 'companySize', op: 'between', value: [100, 500] }, true],
    [{ field: 'companySize', op: 'between', value: [300, null] }, false],
    [{ field: 'companySize', op: 'between', value: [null, 300] }, true],
    [{ field: 'companySize', op: 'between', value: 5 }, false],
    [{ field: 'tags', op: 'contains', value: 'pricing' }, true],
    [{ field: 'source.utm_source', op: 'contains', value: 'link' }, true],
    [{ field: 'source.utm_source', op: 'startsWith', value: 'linked' }, true],
    [{ field: 'source.utm_source', op: 'startsWith', value: 'in' }, false],
    [{ field: 'companySize', op: 'contains', value: '2' }, false],
    [{ field: 'custom.empty', op: 'exists' }, false],
    [{ field: 'custom.empty', op: 'missing' }, true],
    [{ field: 'region', op: 'exists' }, true],
    [{ field: 'custom.empty', op: 'eq', value: '' }, false],
    [{ field: 'region', op: 'regex' as never, value: '.*' }, false],
  ];
  for (const [condition, expected] of cases) {
    it(`${condition.field} ${condition.op} ${JSON.stringify(condition.value)} is ${expected}`, () => {
      expect(matches(lead, condition)).to.equal(expected);
    });
  }

  it('matches all conditions, and an empty list matches everything', () => {
    expect(matchesAll(lead, [])).to.equal(true);
    expect(matchesAll(lead, [{ field: 'region', op: 'eq', value: 'emea' }, { field: 'companySize', op: 'gt', value: 100 }])).to.equal(true);
    expect(matchesAll(lead, [{ field: 'region', op: 'eq', value: 'emea' }, { field: 'companySize', op: 'gt', value: 1000 }])).to.equal(false);
  });

  it('never throws, whatever the record and the condition (property)', () => {
    fc.assert(fc.property(fc.anything(), fc.string(), fc.constantFrom('eq', 'in', 'gt', 'between', 'contains', 'exists', 'bogus'), fc.anything(),
      (record, field, op, value) => {
        const r = matches(record, { field, op: op as Condition['op'], value });
        expect(typeof r).to.equal('boolean');
      }), { numRuns: 200 });
  });

  it('makes eq and neq complements for present values (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), fc.string(), (a, b) => {
      const rec = { f: a };
      expect(matches(rec, { field: 'f', op: 'eq', value: b })).to.equal(!matches(rec, { field: 'f', op: 'neq', value: b }));
    }), { numRuns: 200 });
  });
});

describe('core/predicate: compiled conditions', () => {
  const big = { companySize: 5000, region: 'NA', source: { utm_source: 'google' } };
  const small = { companySize: 12, region: 'emea ', tags: ['Webinar'] };

  it('tests many records with one compiled condition, reading the field of each', () => {
    const test = compileCondition({ field: 'companySize', op: 'gte', value: '1000' });
    expect([big, small, {}, null, { companySize: '1000' }].map(test)).to.deep.equal([true, false, false, false, true]);
    const nested = compileCondition({ field: 'source.utm_source', op: 'in', value: ['Google', 'bing'] });
    expect([big, small, { source: 'google' }].map(nested)).to.deep.equal([true, false, false]);
  });

  it('reads the compared value once: changing the condition later does not change the compiled test', () => {
    const condition: Condition = { field: 'region', op: 'eq', value: 'na' };
    const test = compileCondition(condition);
    condition.value = 'emea';
    expect(test(big)).to.equal(true);
    expect(test(small)).to.equal(false);
    expect(matches(small, condition)).to.equal(true);
  });

  it('compiles every operator like matches does', () => {
    const record = { n: 7, s: 'Hello World', list: ['a', 2], blank: ' ' };
    const cases: [Condition, boolean][] = [
      [{ field: 'n', op: 'neq', value: '7' }, false],
      [{ field: 'n', op: 'nin', value: [1, 2] }, true],
      [{ field: 'blank', op: 'in', value: [' '] }, false],
      [{ field: 'n', op: 'lt', value: 'x' }, false],
      [{ field: 'n', op: 'between', value: ['7', 7] }, true],
      [{ field: 'list', op: 'contains', value: '2' }, true],
      [{ field: 'list', op: 'contains', value: 'b' }, false],
      [{ field: 's', op: 'contains', value: 'WORLD' }, true],
      [{ field: 's', op: 'contains', value: 7 }, false],
      [{ field: 's', op: 'startsWith', value: 'hello' }, true],
      [{ field: 's', op: 'startsWith', value: 1 }, false],
      [{ field: 'n', op: 'startsWith', value: '7' }, false],
      [{ field: 'nope', op: 'missing' }, true],
    ];
    for (const [condition, expected] of cases) {
      expect(compileCondition(condition)(record), JSON.stringify(condition)).to.equal(expected);
      expect(matches(record, condition), JSON.stringify(condition)).to.equal(expected);
    }
  });

  it('never matches a condition that is not an object or has no string field, without throwing', () => {
    for (const bad of [null, undefined, 'region', 42, { op: 'exists' }, { field: 3, op: 'missing' }, { field: null, op: 'exists' }]) {
      expect(compileCondition(bad as unknown as Condition)(big)).to.equal(false);
      expect(matches(big, bad as unknown as Condition)).to.equal(false);
    }
  });

  it('requires every condition of a list; an empty list matches all records, a non-list none', () => {
    const both = compileConditions([{ field: 'companySize', op: 'gt', value: 100 }, { field: 'region', op: 'eq', value: 'na' }]);
    expect([big, small, { companySize: 500, region: 'EMEA' }].map(both)).to.deep.equal([true, false, false]);
    expect(compileConditions([{ field: 'tags', op: 'contains', value: 'webinar' }])(small)).to.equal(true);
    expect(compileConditions([])(null)).to.equal(true);
    for (const bad of [null, undefined, 'x', { field: 'region', op: 'exists' }]) {
      expect(compileConditions(bad as unknown as Condition[])(big)).to.equal(false);
      expect(matchesAll(big, bad as unknown as Condition[])).to.equal(false);
    }
  });

  it('makes gt and lte complements for any two finite numbers (property)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
      const gt = compileCondition({ field: 'x', op: 'gt', value: b });
      const lte = compileCondition({ field: 'x', op: 'lte', value: String(b) });
      expect(gt({ x: a })).to.equal(!lte({ x: a }));
      expect(gt({ x: a })).to.equal(a > b);
    }), { numRuns: 200 });
  });

  it('makes in with one value agree with eq (property)', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null));
    fc.assert(fc.property(value, value, (actual, expected) => {
      const record = { f: actual };
      expect(compileCondition({ field: 'f', op: 'in', value: [expected] })(record))
        .to.equal(compileCondition({ field: 'f', op: 'eq', value: expected })(record));
    }), { numRuns: 200 });
  });
});

describe('core/predicate: validateCondition', () => {
  it('accepts well-formed conditions', () => {
    const good: Condition[] = [
      { field: 'a', op: 'exists' },
      { field: 'a.b', op: 'in', value: [] },
      { field: 'a', op: 'between', value: [1, null] },
      { field: 'a', op: 'gte', value: ' 10 ' },
      { field: 'a', op: 'lt', value: -2.5 },
      { field: 'a', op: 'eq' },
    ];
    for (const condition of good) expect(validateCondition(condition, 'c')).to.deep.equal([]);
  });

  it('names every problem by path with a message', () => {
    expect(validateCondition(null, 'when[0]')).to.deep.equal([{ path: 'when[0]', message: 'must be an object' }]);
    expect(validateCondition([], 'x')).to.deep.equal([{ path: 'x', message: 'must be an object' }]);
    expect(validateCondition({ field: ' ', op: 'like', value: 3 }, 'c')).to.deep.equal([
      { path: 'c.field', message: 'must be a non-empty string' },
      { path: 'c.op', message: 'must be one of eq, neq, in, nin, gt, gte, lt, lte, between, contains, startsWith, exists, missing' },
    ]);
    expect(validateCondition({ field: 'f', op: 'nin', value: 'a' }, 'c')).to.deep.equal([{ path: 'c.value', message: 'must be a list' }]);
    expect(validateCondition({ field: 'f', op: 'between', value: [1, 2, 3] }, 'c')).to.deep.equal([{ path: 'c.value', message: 'must be [min, max]' }]);
    for (const value of ['big', '', ' ', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, [1]]) {
      expect(validateCondition({ field: 'f', op: 'gt', value }, 'c'), String(value)).to.deep.equal([{ path: 'c.value', message: 'must be a number' }]);
    }
  });

  it('checks a list of conditions, each at its index', () => {
    expect(validateConditions({}, 'rules[0].when')).to.deep.equal([{ path: 'rules[0].when', message: 'must be a list of conditions' }]);
    expect(validateConditions([], 'w')).to.deep.equal([]);
    expect(validateConditions([{ field: 'a', op: 'exists' }, 7, { field: 'b', op: 'in' }], 'w')).to.deep.equal([
      { path: 'w[1]', message: 'must be an object' },
      { path: 'w[2].value', message: 'must be a list' },
    ]);
  });

  it('accepts exactly the conditions whose comparison value a rule can use (property)', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const errors = validateCondition({ field: 'f', op: 'lte', value }, 'c');
      // A valid value makes the condition decidable: 0 <= value or not, never "no number".
      const usable = (typeof value === 'number' && Number.isFinite(value))
        || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
      expect(errors.length === 0).to.equal(usable);
    }), { numRuns: 200 });
  });
});

describe('core/id', () => {
  it('makes distinct version 4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 500 }, newId));
    expect(ids.size).to.equal(500);
    for (const id of ids) {
      expect(isUuid(id)).to.equal(true);
      expect(id[14]).to.equal('4');
    }
    expect(isUuid('nope')).to.equal(false);
    expect(isUuid(42)).to.equal(false);
  });

  it('makes UUIDs without crypto.randomUUID (older browsers, insecure contexts)', () => {
    const c = globalThis.crypto;
    const own = Object.getOwnPropertyDescriptor(c, 'randomUUID');
    Object.defineProperty(c, 'randomUUID', { value: undefined, configurable: true });
    try {
      const id = newId();
      expect(isUuid(id)).to.equal(true);
      expect(id[14]).to.equal('4');
      expect('89ab').to.contain(id[19]!);
    } finally {
      if (own) Object.defineProperty(c, 'randomUUID', own);
      else delete (c as { randomUUID?: unknown }).randomUUID;
      expect(typeof c.randomUUID).to.equal('function');
    }
  });
});
