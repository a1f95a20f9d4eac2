import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { matchesAll, type Condition } from '../../src/core/predicate.js';
import { ROUTING_PROBLEM_CODES, routingProblemMessage, routingProblems, validateRoutingConfig } from '../../src/core/routing-check.js';
import type { RoutingConfig } from '../../src/core/routing.js';
import { coversConditions, findContradiction } from '../../src/core/satisfiable.js';

const base: RoutingConfig = {
  period: 'day',
  defaultOwnerId: 'boss',
  teams: [{ id: 'smb', members: [{ ownerId: 'a', weight: 2 }, { ownerId: 'b' }] }],
  rules: [
    { id: 'big', when: [{ field: 'companySize', op: 'gte', value: 1000 }], ownerId: 'ent' },
    { id: 'us', when: [{ field: 'country', op: 'eq', value: 'US' }], teamId: 'smb' },
  ],
};

describe('core/satisfiable: findContradiction', () => {
  const c = (field: string, op: Condition['op'], value?: unknown): Condition => ({ field, op, ...(value === undefined ? {} : { value }) });

  it('finds conditions impossible on their own', () => {
    expect(findContradiction([c('x', 'exists'), c('country', 'in', [])])).to.deep.equal({ conditions: [1], reason: 'empty-list' });
    expect(findContradiction([c('score', 'between', [80, 20])])).to.deep.equal({ conditions: [0], reason: 'empty-range' });
    expect(findContradiction([c('email', 'startsWith', 5)])).to.deep.equal({ conditions: [0], reason: 'bad-value' });
  });

  it('finds conditions on one field that contradict each other', () => {
    expect(findContradiction([c('region', 'missing'), c('region', 'eq', 'EU')])?.reason).to.equal('exists-missing');
    expect(findContradiction([c('region', 'eq', 'EU'), c('x', 'exists'), c('region', 'eq', 'APAC')])).to.deep.equal({ conditions: [0, 2], reason: 'different-values' });
    expect(findContradiction([c('region', 'eq', 'EU'), c('region', 'nin', ['eu', 'us'])])?.reason).to.equal('excluded');
    expect(findContradiction([c('region', 'neq', 'eu'), c('region', 'eq', ' EU ')])).to.deep.equal({ conditions: [0, 1], reason: 'excluded' });
    expect(findContradiction([c('region', 'in', ['EU', 'US']), c('region', 'eq', 'APAC')])?.reason).to.equal('different-values');
    expect(findContradiction([c('region', 'in', ['EU']), c('region', 'in', ['US', 'APAC'])])?.reason).to.equal('different-values');
    expect(findContradiction([c('score', 'gt', 80), c('score', 'lt', 20)])).to.deep.equal({ conditions: [0, 1], reason: 'empty-range' });
    expect(findContradiction([c('score', 'gte', 50), c('score', 'lt', 50)])?.reason).to.equal('empty-range');
    expect(findContradiction([c('score', 'eq', 10), c('score', 'gt', 50)])?.reason).to.equal('empty-range');
    expect(findContradiction([c('score', 'eq', '10'), c('score', 'eq', 10)])).to.equal(undefined);
  });

  it('lets through conditions that can hold together', () => {
    expect(findContradiction([])).to.equal(undefined);
    expect(findContradiction([c('score', 'gte', 50), c('score', 'lte', 50), c('region', 'in', ['EU', 'US']), c('region', 'in', ['us'])])).to.equal(undefined);
    expect(findContradiction([c('region', 'neq', 'EU'), c('region', 'missing')])).to.equal(undefined);
    expect(findContradiction(null as unknown as Condition[])).to.equal(undefined);
    expect(findContradiction([null, { op: 'eq' }] as unknown as Condition[])).to.equal(undefined);
  });

  it('is sound: conditions it calls impossible match no record at all (property)', () => {
    const field = fc.constantFrom('a', 'b');
    const value = fc.oneof(fc.constantFrom('x', 'y', 'X'), fc.integer({ min: -3, max: 3 }));
    const condition = fc.oneof(
      fc.record({ field, op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith'), value }),
      fc.record({ field, op: fc.constantFrom('in', 'nin'), value: fc.array(value, { maxLength: 3 }) }),
      fc.record({ field, op: fc.constant('between'), value: fc.tuple(value, value) }),
      fc.record({ field, op: fc.constantFrom('exists', 'missing') }),
    ) as fc.Arbitrary<Condition>;
    const record = fc.record({ a: fc.option(value, { nil: undefined }), b: fc.option(value, { nil: undefined }) });
    fc.assert(fc.property(fc.array(condition, { maxLength: 4 }), fc.array(record, { minLength: 1, maxLength: 20 }), (conditions, records) => {
      if (findContradiction(conditions)) for (const r of records) expect(matchesAll(r, conditions), JSON.stringify({ conditions, r })).to.equal(false);
    }), { numRuns: 400 });
  });

  it('tells when an earlier rule covers a later one', () => {
    expect(coversConditions([], [c('x', 'exists')])).to.equal(true);
    expect(coversConditions([c('country', 'eq', 'US')], [c('score', 'gt', 5), c(' country', 'eq', 'US')])).to.equal(true);
    expect(coversConditions([c('country', 'eq', 'US')], [c('country', 'eq', 'CA')])).to.equal(false);
    expect(coversConditions(null as unknown as Condition[], [])).to.equal(false);
  });
});

describe('core/routing-check: routingProblems', () => {
  it('accepts a sound configuration, with an SLA', () => {
    expect(routingProblems({ ...base, sla: { hours: 4, reroute: true } })).to.deep.equal([]);
    expect(validateRoutingConfig(base)).to.deep.equal({ ok: true, errors: [] });
  });

  it('refuses an unknown team, a rule that can never match and a capacity below zero, naming each field', () => {
    const problems = routingProblems({
      ...base,
      teams: [{ id: 'smb', members: [{ ownerId: 'a', capacity: -1 }] }],
      rules: [
        { id: 'ghost-team', when: [], teamId: 'enterprise' },
        { id: 'nobody', when: [{ field: 'score', op: 'gt', value: 90 }, { field: 'score', op: 'lt', value: 10 }], ownerId: 'a' },
        { id: 'late', when: [{ field: 'country', op: 'eq', value: 'US' }], ownerId: 'b' },
      ],
    });
    expect(problems.map(({ path, code, params }) => ({ path, code, params }))).to.deep.equal([
      { path: 'teams[0].members[0].capacity', code: 'capacity', params: undefined },
      { path: 'rules[0].teamId', code: 'unknown-team', params: { id: 'enterprise' } },
      { path: 'rules[1].when', code: 'never-matches', params: { reason: 'empty-range', conditions: '1, 2' } },
      { path: 'rules[2]', code: 'shadowed', params: { by: 'ghost-team' } },
    ]);
    expect(problems[0]!.message).to.equal('must be a whole number of 0 or more');
    expect(problems[2]!.message).to.equal('can never match: conditions 1, 2 ask for numeric bounds that leave no number');
    expect(problems[3]!.message).to.contain('rule "ghost-team" comes first');
  });

  it('codes the shape problems the old validator named, with the same messages', () => {
    const problems = routingProblems({
      period: 'hour', defaultOwnerId: ' ', sla: { hours: 0, reroute: 'yes' },
      teams: [{ id: 't', members: [{ ownerId: 'a', weight: -2, available: 1 }, { ownerId: 'a' }] }, { id: 't', members: 3 }],
      rules: [{ id: 'r', when: [{ field: 'x', op: 'near' }] }, { id: 'r', when: 'all' }, 5],
    });
    expect(problems.map((p) => `${p.path} ${p.code}`)).to.deep.equal([
      'teams[0].members[0].weight weight', 'teams[0].members[0].available available', 'teams[0].members[1].ownerId duplicate',
      'teams[1].id duplicate', 'teams[1].members not-list',
      'rules[0].when[0].op condition-op', 'rules[1].id duplicate', 'rules[1].when not-list', 'rules[2] not-object',
      'defaultOwnerId required', 'period period', 'sla.hours sla-hours', 'sla.reroute sla-reroute',
    ]);
    expect(problems.find((p) => p.path === 'teams[1].id')!.message).to.equal('duplicate team id "t"');
    expect(problems.find((p) => p.path === 'teams[0].members[1].ownerId')!.message).to.equal('"a" is already in this team');
    expect(routingProblems({ ...base, sla: 4 })).to.deep.equal([{ path: 'sla', code: 'not-object', message: 'must be an object' }]);
    expect(routingProblems([])).to.deep.equal([{ path: '', code: 'not-object', message: 'must be an object' }]);
  });

  it('has an English message for every code', () => {
    for (const code of ROUTING_PROBLEM_CODES) expect(routingProblemMessage(code), code).to.be.a('string').and.not.equal('');
    expect(routingProblemMessage('never-matches', { reason: 'weird', conditions: '1' })).to.contain('the impossible');
  });
});
