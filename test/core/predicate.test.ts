import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { getPath, matches, matchesAll, type Condition } from '../../src/core/predicate.js';
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
