import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Lead } from '../../src/core/model.js';
import {
  emptyRoutingState, periodKey, rejectLead, routeLead,
} from '../../src/core/routing.js';
import { validateRoutingConfig } from '../../src/core/routing-check.js';
import type { RoutingConfig, RoutingResult, RoutingState, Team, TeamMember } from '../../src/core/routing.js';

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const DAY = 86_400_000;
const NOW = new Date(T0).toISOString();

function lead(extra: Partial<Lead> = {}): Lead {
  return { id: 'l1', createdAt: NOW, updatedAt: NOW, status: 'mql', ...extra };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// Routes `n` leads one after another, threading the state through.
function routeMany(n: number, config: RoutingConfig, now: number | string = T0, state: RoutingState = emptyRoutingState(), l: Lead = lead()): RoutingResult[] {
  const results: RoutingResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = routeLead(l, config, state, now);
    results.push(r);
    state = r.state;
  }
  return results;
}

const config: RoutingConfig = {
  period: 'day',
  defaultOwnerId: 'boss',
  teams: [
    { id: 'smb', members: [{ ownerId: 'a', weight: 5 }, { ownerId: 'b' }, { ownerId: 'c' }] },
    { id: 'apac', members: [{ ownerId: 'wei', available: false }] },
  ],
  rules: [
    { id: 'vip', when: [{ field: 'companySize', op: 'gte', value: 1000 }], ownerId: 'ent-rep' },
    { id: 'apac', when: [{ field: 'region', op: 'eq', value: 'APAC' }], teamId: 'apac' },
    { id: 'us', when: [{ field: 'country', op: 'in', value: ['US', 'CA'] }], teamId: 'smb' },
  ],
};

describe('core/routing: periodKey', () => {
  it('gives the UTC day, ISO week and month', () => {
    expect(periodKey('2026-02-28T23:59:59Z', 'day')).to.equal('2026-02-28');
    expect(periodKey('2026-03-01T01:00:00+08:00', 'day')).to.equal('2026-02-28');
    expect(periodKey('2026-02-28T23:59:59Z', 'month')).to.equal('2026-02');
    expect(periodKey(T0, 'week')).to.equal('2026-W01');
  });

  it('puts the days around new year in the right ISO week-year', () => {
    const cases: [string, string][] = [
      ['2021-01-03', '2020-W53'], ['2024-12-30', '2025-W01'], ['2027-01-01', '2026-W53'],
      ['2026-06-15', '2026-W25'], ['2020-12-31', '2020-W53'], ['2026-12-28', '2026-W53'],
    ];
    for (const [date, week] of cases) expect(periodKey(`${date}T12:00:00Z`, 'week'), date).to.equal(week);
  });

  it('counts an unknown period as a day and an unusable time as now', () => {
    expect(periodKey(T0, 'year' as 'day')).to.equal('2026-01-01');
    expect(periodKey('garbage', 'month')).to.equal(new Date().toISOString().slice(0, 7));
  });
});

describe('core/routing: routeLead', () => {
  it('lets the first matching rule decide, assigning a rule owner directly', () => {
    const r = routeLead(lead({ companySize: 5000, country: 'US' }), config, emptyRoutingState(), T0);
    expect(r).to.deep.equal({ ownerId: 'ent-rep', ruleId: 'vip', reason: 'rule-owner', state: { teams: {} } });
  });

  it('shares a team by smooth weighted round robin, as nginx does (5:1:1 gives a a b a c a a)', () => {
    const results = routeMany(7, config, T0, emptyRoutingState(), lead({ country: 'us' }));
    expect(results.map((r) => r.ownerId).join(' ')).to.equal('a a b a c a a');
    expect(results.every((r) => r.reason === 'round-robin' && r.teamId === 'smb' && r.ruleId === 'us')).to.equal(true);
    expect(results[6]!.state).to.deep.equal({
      teams: { smb: { period: '2026-01-01', current: { a: 0, b: 0, c: 0 }, counts: { a: 5, b: 1, c: 1 } } },
    });
  });

  it('falls back to the default owner when no rule matches or nobody in the team is available', () => {
    expect(routeLead(lead({ country: 'DE' }), config, emptyRoutingState(), T0)).to.deep.include({ ownerId: 'boss', reason: 'default' });
    const apac = routeLead(lead({ region: 'apac' }), config, emptyRoutingState(), T0);
    expect(apac).to.deep.include({ ownerId: 'boss', reason: 'default', ruleId: 'apac' });
    expect(apac.teamId).to.equal(undefined);
  });

  it('leaves the lead unassigned without a default owner', () => {
    const noDefault: RoutingConfig = { ...config, defaultOwnerId: undefined };
    expect(routeLead(lead(), noDefault, emptyRoutingState(), T0)).to.deep.equal({
      ownerId: null, reason: 'unassigned', state: { teams: {} },
    });
  });

  it('stops giving a member leads at capacity, and starts again in the next period', () => {
    const capped: RoutingConfig = {
      period: 'day', defaultOwnerId: 'boss', teams: [{ id: 't', members: [{ ownerId: 'a', capacity: 2 }, { ownerId: 'b', capacity: 1 }] }],
      rules: [{ id: 'all', when: [], teamId: 't' }],
    };
    const today = routeMany(4, capped, T0);
    expect(today.map((r) => `${r.ownerId}/${r.reason}`)).to.deep.equal(['a/round-robin', 'b/round-robin', 'a/round-robin', 'boss/default']);
    const tomorrow = routeLead(lead(), capped, today[3]!.state, T0 + DAY);
    expect(tomorrow.ownerId).to.equal('a');
    expect(tomorrow.state.teams.t).to.deep.equal({ period: '2026-01-02', current: { a: -1, b: 1 }, counts: { a: 1 } });
    // Within the same ISO week the counts carry on.
    const weekly = { ...capped, period: 'week' as const };
    const week = routeMany(3, weekly, T0);
    expect(routeLead(lead(), weekly, week[2]!.state, T0 + DAY).reason).to.equal('default');
  });

  it('skips members who are away or have weight 0, and keeps their round-robin weight', () => {
    const cfg: RoutingConfig = {
      period: 'month', teams: [{ id: 't', members: [{ ownerId: 'a', available: false }, { ownerId: 'b', weight: 0 }, { ownerId: 'c', weight: 2 }] }],
      rules: [{ id: 'all', when: [], teamId: 't' }],
    };
    const state: RoutingState = { teams: { t: { period: 'old', current: { a: 3, b: -1, c: 0 }, counts: { c: 9 } } } };
    const r = routeLead(lead(), cfg, state, T0);
    expect(r.ownerId).to.equal('c');
    expect(r.state.teams.t).to.deep.equal({ period: '2026-01', current: { a: 3, b: -1, c: 0 }, counts: { c: 1 } });
  });

  it('reads bad weights and capacities as documented', () => {
    const cfg = {
      period: 'day', rules: [{ id: 'all', when: [], teamId: 't' }],
      teams: [{ id: 't', members: [
        { ownerId: 'nan', weight: Number.NaN, capacity: Number.NaN }, { ownerId: 'neg', weight: -3 },
        { ownerId: 'zero-cap', capacity: -1 }, { ownerId: 'half', capacity: 1.9 }, { ownerId: 'nan' }, null, { ownerId: '' },
      ] }],
    } as unknown as RoutingConfig;
    const owners = routeMany(4, cfg).map((r) => r.ownerId);
    // nan has weight 1 and no cap, half has a cap of 1: nan, half, nan, nan.
    expect(owners).to.deep.equal(['nan', 'half', 'nan', 'nan']);
  });

  it('sends leads of a rule with neither owner nor team, or an unknown team, to the default owner', () => {
    const cfg: RoutingConfig = {
      period: 'day', defaultOwnerId: 'boss', teams: [],
      rules: [{ id: 'spam', when: [{ field: 'email', op: 'contains', value: 'test' }] }, { id: 'ghost', when: [], teamId: 'nope' }],
    };
    expect(routeLead(lead({ email: 'test@x.co' }), cfg, emptyRoutingState(), T0)).to.deep.include({ ownerId: 'boss', reason: 'default', ruleId: 'spam' });
    expect(routeLead(lead(), cfg, emptyRoutingState(), T0)).to.deep.include({ ownerId: 'boss', reason: 'default', ruleId: 'ghost' });
  });

  it('survives malformed config and state', () => {
    expect(routeLead(lead(), null as unknown as RoutingConfig, null as unknown as RoutingState, T0)).to.deep.equal({
      ownerId: null, reason: 'unassigned', state: { teams: {} },
    });
    const cfg = { period: 'fortnight', rules: [null, { when: [] , ownerId: 'x' }, { id: 'w', when: 'all', ownerId: 'y' }, { id: 'ok', when: [], teamId: 't' }],
      teams: [null, { id: 't', members: 'nobody' }, { id: 't', members: [{ ownerId: 'z' }] }], defaultOwnerId: ' ' } as unknown as RoutingConfig;
    // The first team with id t has no members list, so nobody can take the lead.
    expect(routeLead(lead(), cfg, { teams: 'x' } as unknown as RoutingState, T0)).to.deep.include({ ownerId: null, reason: 'unassigned', ruleId: 'ok' });
    const good = { ...cfg, teams: [{ id: 't', members: [{ ownerId: 'z' }] }] } as RoutingConfig;
    const bad = { teams: { t: { current: 'x', counts: { z: 'many', __proto__: 5 }, period: 7 } } } as unknown as RoutingState;
    const r = routeLead(lead(), good, bad, T0);
    expect(r.ownerId).to.equal('z');
    expect(r.state.teams.t).to.deep.equal({ period: '2026-01-01', current: { z: 0 }, counts: { z: 1 } });
  });

  it('keeps other teams and extra keys of the state, and never mutates the input state', () => {
    const state = deepFreeze({ version: 1, teams: { other: { period: 'p', current: { q: 1 }, counts: { q: 2 } } } }) as RoutingState;
    const r = routeLead(lead({ country: 'CA' }), config, state, T0);
    expect(r.state).to.not.equal(state);
    expect(r.state).to.deep.equal({
      version: 1,
      teams: { other: { period: 'p', current: { q: 1 }, counts: { q: 2 } }, smb: { period: '2026-01-01', current: { a: -2, b: 1, c: 1 }, counts: { a: 1 } } },
    });
  });

  it('uses the current time when now is missing or unusable', () => {
    const cfg: RoutingConfig = { period: 'day', teams: [{ id: 't', members: [{ ownerId: 'a' }] }], rules: [{ id: 'r', when: [], teamId: 't' }] };
    const today = new Date().toISOString().slice(0, 10);
    expect(routeLead(lead(), cfg).state.teams.t!.period).to.equal(today);
    expect(routeLead(lead(), cfg, emptyRoutingState(), Number.POSITIVE_INFINITY).state.teams.t!.period).to.equal(today);
  });

  // Members with random weights, capacities and availability.
  const arbMember = fc.record({
    weight: fc.integer({ min: 0, max: 5 }),
    capacity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    available: fc.boolean(),
  });
  const teamOf = (members: Omit<TeamMember, 'ownerId'>[]): RoutingConfig => ({
    period: 'week', defaultOwnerId: 'fallback',
    teams: [{ id: 't', members: members.map((m, i) => {
      const member: TeamMember = { ownerId: `m${i}`, weight: m.weight!, available: m.available! };
      if (m.capacity !== undefined) member.capacity = m.capacity;
      return member;
    }) } as Team],
    rules: [{ id: 'all', when: [], teamId: 't' }],
  });
  const tally = (results: RoutingResult[]) => {
    const counts = new Map<string, number>();
    for (const r of results) if (r.reason === 'round-robin') counts.set(r.ownerId!, (counts.get(r.ownerId!) ?? 0) + 1);
    return counts;
  };

  it('gives each member exactly its weight over every full cycle when nobody is capped', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 3 }), (weights, cycles) => {
      const cfg = teamOf(weights.map((weight) => ({ weight, available: true })));
      const total = weights.reduce((a, b) => a + b, 0);
      const results = routeMany(total * cycles, cfg);
      const counts = tally(results);
      weights.forEach((w, i) => expect(counts.get(`m${i}`) ?? 0).to.equal(w * cycles));
      // After whole cycles the round-robin weights are back where they started.
      expect(Object.values(results.at(-1)!.state.teams.t!.current).every((v) => v === 0)).to.equal(true);
    }), { numRuns: 150 });
  });

  it('never exceeds capacity, never picks an unavailable or zero-weight member, and fills every free slot', () => {
    fc.assert(fc.property(fc.array(arbMember, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 30 }), (members, n) => {
      const results = routeMany(n, teamOf(members));
      const counts = tally(results);
      let slots = 0;
      members.forEach((m, i) => {
        const got = counts.get(`m${i}`) ?? 0;
        const open = m.available && m.weight! > 0;
        if (!open) expect(got).to.equal(0);
        if (m.capacity !== undefined) expect(got).to.be.at.most(m.capacity);
        slots += open ? (m.capacity ?? Number.POSITIVE_INFINITY) : 0;
      });
      const assigned = results.filter((r) => r.reason === 'round-robin').length;
      expect(assigned).to.equal(Math.min(n, slots));
      expect(results.filter((r) => r.reason !== 'round-robin').every((r) => r.ownerId === 'fallback' && r.reason === 'default')).to.equal(true);
    }), { numRuns: 150 });
  });

  it('does not mutate the state it is given', () => {
    fc.assert(fc.property(fc.array(arbMember, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), (members, n) => {
      const cfg = teamOf(members);
      let state = emptyRoutingState();
      for (let i = 0; i < n; i++) {
        const snapshot = structuredClone(state);
        const r = routeLead(lead(), deepFreeze(structuredClone(cfg)), deepFreeze(state), T0 + i * DAY);
        expect(state).to.deep.equal(snapshot);
        state = r.state;
      }
    }), { numRuns: 100 });
  });
});

describe('core/routing: rejectLead', () => {
  const owned = deepFreeze(lead({ ownerId: 'rep', teamId: 'smb', status: 'sql', nurtureReason: 'old reason' }));

  it('returns the lead to nurture with a reason and a re-entry date 30 days on', () => {
    const r = rejectLead(owned, { reason: '  no budget this quarter ', now: T0 });
    expect(r).to.deep.equal({
      id: 'l1', createdAt: NOW, status: 'nurturing', nurtureReason: 'no budget this quarter',
      reentryAt: new Date(T0 + 30 * DAY).toISOString(), updatedAt: NOW,
    });
    expect(owned.ownerId).to.equal('rep');
  });

  it('takes nurtureDays, and reads bad values as documented', () => {
    expect(rejectLead(owned, { reason: 'x', now: NOW, nurtureDays: 7 }).reentryAt).to.equal(new Date(T0 + 7 * DAY).toISOString());
    expect(rejectLead(owned, { reason: 'x', now: NOW, nurtureDays: 0 }).reentryAt).to.equal(NOW);
    expect(rejectLead(owned, { reason: 'x', now: NOW, nurtureDays: -5 }).reentryAt).to.equal(new Date(T0 + 30 * DAY).toISOString());
    expect(rejectLead(owned, { reason: 'x', now: NOW, nurtureDays: Number.NaN }).reentryAt).to.equal(new Date(T0 + 30 * DAY).toISOString());
    expect(rejectLead(owned, { reason: 'x', now: NOW, nurtureDays: 1e12 }).reentryAt).to.equal(new Date(T0 + 36_500 * DAY).toISOString());
  });

  it('drops an old reason when the new one is blank, and uses the current time for an unusable now', () => {
    const before = Date.now();
    const r = rejectLead(owned, { reason: ' ', now: 'soon' });
    expect(r.nurtureReason).to.equal(undefined);
    expect('nurtureReason' in r).to.equal(false);
    expect(Date.parse(r.updatedAt)).to.be.at.least(before);
    expect(rejectLead(owned, null as unknown as { reason: string; now: number }).status).to.equal('nurturing');
  });
});

describe('core/routing: validateRoutingConfig', () => {
  it('accepts a well-formed config', () => {
    expect(validateRoutingConfig(config)).to.deep.equal({ ok: true, errors: [] });
  });

  it('names every problem by path', () => {
    const result = validateRoutingConfig({
      period: 'year',
      defaultOwnerId: '',
      teams: [
        { id: 't', members: [{ ownerId: 'a', weight: -1, capacity: 1.5, available: 'yes' }, { ownerId: 'a' }, 'x'] },
        { id: 't', members: null },
        { members: [] },
        7,
      ],
      rules: [
        { id: 'r', when: [{ field: '', op: 'eq' }, { field: 'x', op: 'like' }, { field: 'x', op: 'in', value: 'a' }, { field: 'x', op: 'between', value: [1] }, null], teamId: 'ghost', ownerId: 3 },
        { id: 'r', when: {} },
        { when: [] },
        null,
      ],
    });
    expect(result.ok).to.equal(false);
    expect(result.errors.map((e) => e.path)).to.deep.equal([
      'teams[0].members[0].weight', 'teams[0].members[0].capacity', 'teams[0].members[0].available', 'teams[0].members[1].ownerId',
      'teams[0].members[2]', 'teams[1].id', 'teams[1].members', 'teams[2].id', 'teams[3]',
      'rules[0].when[0].field', 'rules[0].when[1].op', 'rules[0].when[2].value', 'rules[0].when[3].value', 'rules[0].when[4]',
      'rules[0].ownerId', 'rules[0].teamId', 'rules[1].id', 'rules[1].when', 'rules[2].id', 'rules[3]',
      'defaultOwnerId', 'period',
    ]);
    expect(result.errors.find((e) => e.path === 'rules[0].teamId')!.message).to.contain('ghost');
  });

  it('checks conditions as scoring does: a comparison needs a number', () => {
    const result = validateRoutingConfig({ ...config, rules: [{ id: 'big', when: [{ field: 'companySize', op: 'gt', value: 'big' }], ownerId: 'a' }] });
    expect(result.errors).to.deep.equal([{ path: 'rules[0].when[0].value', message: 'must be a number' }]);
  });

  it('rejects non-objects and missing lists', () => {
    expect(validateRoutingConfig(null)).to.deep.equal({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
    expect(validateRoutingConfig({ period: 'day' }).errors.map((e) => e.path)).to.deep.equal(['teams', 'rules']);
  });
});
