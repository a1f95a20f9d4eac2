import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  acceptLead, assignLead, inInbox, isOverdue, needsRouting, poolEntry, previewRouting, reassignLead, rejectToPool, returningLead,
  routingDue, slaDueAt,
} from '../../src/core/handoff.js';
import type { Lead } from '../../src/core/model.js';
import { emptyRoutingState, type RoutingConfig, type RoutingState } from '../../src/core/routing.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const NOW = new Date(T0).toISOString();

function lead(id: string, extra: Partial<Lead> = {}): Lead {
  return { id, createdAt: NOW, updatedAt: NOW, status: 'new', ...extra };
}

const config: RoutingConfig = {
  period: 'day',
  defaultOwnerId: 'boss',
  sla: { hours: 4, reroute: true },
  teams: [{ id: 'smb', members: [{ ownerId: 'ana', weight: 2 }, { ownerId: 'ben' }, { ownerId: 'chen', available: false }] }],
  rules: [
    { id: 'vip', when: [{ field: 'companySize', op: 'gte', value: 1000 }], ownerId: 'dara' },
    { id: 'all', when: [], teamId: 'smb' },
  ],
};

describe('core/handoff: assignLead on arrival', () => {
  it('routes by rule, records who and why, and threads the round-robin state', () => {
    const first = assignLead(lead('l1', { companySize: 5000 }), config, undefined, { now: T0 });
    expect(first.lead).to.deep.include({ ownerId: 'dara', updatedAt: NOW });
    expect(first.routing).to.deep.equal({ ownerId: 'dara', reason: 'rule-owner', ruleId: 'vip', at: NOW, trigger: 'arrival' });
    expect(first.lead.routing).to.deep.equal(first.routing);
    let state: RoutingState = emptyRoutingState();
    const owners: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = assignLead(lead(`r${i}`), config, state, { now: T0 });
      expect(r.routing).to.deep.include({ reason: 'round-robin', ruleId: 'all', teamId: 'smb' });
      expect(r.lead.teamId).to.equal('smb');
      owners.push(r.lead.ownerId ?? null);
      state = r.state;
    }
    expect(owners).to.deep.equal(['ana', 'ben', 'ana', 'ana', 'ben', 'ana']);
  });

  it('sends a returning person to the owner of their earlier lead (dedup first), before any rule', () => {
    const earlier = [lead('old', { ownerId: 'ben', createdAt: '2025-01-01T00:00:00Z' }), lead('older-spam', { ownerId: 'x', spam: true, createdAt: '2024-01-01T00:00:00Z' })];
    const returning = returningLead(lead('new', { companySize: 9000 }), earlier);
    expect(returning).to.deep.equal({ leadId: 'old', ownerId: 'ben' });
    const r = assignLead(lead('new', { companySize: 9000 }), config, undefined, { now: T0, returning });
    expect(r.lead).to.deep.include({ ownerId: 'ben', duplicateOf: 'old' });
    expect(r.routing).to.deep.equal({ ownerId: 'ben', reason: 'returning', at: NOW, trigger: 'arrival' });
    expect(returningLead(lead('x'), [lead('x', { ownerId: 'a' }), lead('y'), lead('z', { ownerId: 'b', duplicateOf: 'q' })])).to.equal(undefined);
  });

  it('keeps an owner given with the lead, and routes nothing without a configuration', () => {
    expect(assignLead(lead('g', { ownerId: 'emil' }), config, undefined, { now: T0 }).routing).to.deep.include({ ownerId: 'emil', reason: 'given' });
    const none = assignLead(lead('n'), undefined, undefined, { now: T0 });
    expect(none.routing).to.deep.include({ ownerId: null, reason: 'unassigned' });
    expect(none.lead.ownerId).to.equal(undefined);
    expect(poolEntry(none.lead)).to.deep.equal({ kind: 'unassigned', routing: none.routing });
  });

  it('never loses a lead that matches nothing: the default owner, else the pool', () => {
    const strict: RoutingConfig = { period: 'day', teams: [], rules: [{ id: 'us', when: [{ field: 'country', op: 'eq', value: 'US' }], ownerId: 'ana' }] };
    expect(assignLead(lead('de', { country: 'DE' }), { ...strict, defaultOwnerId: 'boss' }, undefined, { now: T0 }).lead.ownerId).to.equal('boss');
    const pooled = assignLead(lead('de', { country: 'DE' }), strict, undefined, { now: T0 }).lead;
    expect(pooled.ownerId).to.equal(undefined);
    expect(poolEntry(pooled)?.kind).to.equal('unassigned');
  });

  it('knows which leads still need routing', () => {
    expect(needsRouting(lead('a'))).to.equal(true);
    expect(needsRouting(lead('a', { spam: true }))).to.equal(false);
    expect(needsRouting(assignLead(lead('a'), config, undefined, { now: T0 }).lead)).to.equal(false);
  });
});

describe('core/handoff: the inbox actions', () => {
  const routed = assignLead(lead('l', { status: 'mql', mqlAt: '2026-03-01T00:00:00.000Z' }), config, undefined, { now: T0 }).lead;

  it('accepts: status sql, the rep owns it, times recorded', () => {
    const accepted = acceptLead(routed, { by: 'ana', now: T0 + HOUR });
    expect(accepted).to.deep.include({ status: 'sql', ownerId: 'ana', acceptedBy: 'ana', acceptedAt: new Date(T0 + HOUR).toISOString(), mqlAt: '2026-03-01T00:00:00.000Z' });
    expect(accepted.sqlAt).to.equal(accepted.acceptedAt);
    expect(inInbox(accepted, 'ana')).to.equal(false);
    // The hand-off counts as MQL when the lead had none.
    const fresh = assignLead(lead('f'), config, undefined, { now: T0 }).lead;
    expect(acceptLead(fresh, { now: T0 + 2 * HOUR }).mqlAt).to.equal(NOW);
    expect(acceptLead({ ...fresh, status: 'converted' }, { now: T0 }).status).to.equal('converted');
  });

  it('rejects to the pool with a required reason and an optional re-entry date', () => {
    expect(rejectToPool(routed, { reason: '  ', now: T0 })).to.deep.equal({ ok: false, refusal: 'reason-required' });
    expect(rejectToPool(routed, { reason: 'x'.repeat(501), now: T0 })).to.deep.equal({ ok: false, refusal: 'reason-too-long' });
    expect(rejectToPool(routed, { reason: 'No budget', reentryAt: 'someday', now: T0 })).to.deep.equal({ ok: false, refusal: 'reentry-invalid' });
    expect(rejectToPool(routed, { reason: 'No budget', reentryAt: '2026-03-01', now: T0 })).to.deep.equal({ ok: false, refusal: 'reentry-past' });
    const done = rejectToPool(routed, { reason: ' No budget ', reentryAt: '2026-06-01', by: 'ana', now: T0 });
    if (!done.ok) throw new Error('refused');
    expect(done.lead).to.deep.include({ status: 'nurturing', nurtureReason: 'No budget', reentryAt: '2026-06-01T00:00:00.000Z' });
    expect(done.lead.ownerId).to.equal(undefined);
    expect(done.lead.routing).to.equal(undefined);
    expect(done.lead.rejection).to.deep.equal({ reason: 'No budget', at: NOW, ownerId: 'ana', by: 'ana', reentryAt: '2026-06-01T00:00:00.000Z' });
    expect(poolEntry(done.lead)).to.deep.equal({ kind: 'rejected', rejection: done.lead.rejection });
    const noDate = rejectToPool(routed, { reason: 'Wrong person', now: T0 });
    expect(noDate.ok && noDate.lead.reentryAt).to.equal(undefined);
    expect(poolEntry(lead('old', { status: 'nurturing', nurtureReason: 'Old reason' }))).to.deep.include({ kind: 'rejected' });
  });

  it('reassigns, recording by whom and from whom; a pooled lead taken is new again', () => {
    const moved = reassignLead(routed, { ownerId: 'ben', by: 'boss', now: T0 });
    expect(moved.routing).to.deep.equal({ ownerId: 'ben', reason: 'reassigned', at: NOW, previousOwnerId: 'ana', by: 'boss' });
    expect(inInbox(moved, 'ben')).to.equal(true);
    const pooled = (rejectToPool(routed, { reason: 'No', reentryAt: '2026-09-01', now: T0 }) as { lead: Lead }).lead;
    const taken = reassignLead(pooled, { ownerId: 'chen', now: T0 });
    expect(taken).to.deep.include({ status: 'new', ownerId: 'chen' });
    expect(taken.reentryAt).to.equal(undefined);
    expect(poolEntry(taken)).to.equal(undefined);
  });
});

describe('core/handoff: SLA and re-entry', () => {
  it('flags a lead not acted on in time, and re-routes it to someone else when configured', () => {
    const routed = assignLead(lead('s'), config, undefined, { now: T0 });
    expect(routed.lead.ownerId).to.equal('ana');
    expect(slaDueAt(routed.lead, config)).to.equal(T0 + 4 * HOUR);
    expect(isOverdue(routed.lead, config, T0 + 4 * HOUR - 1)).to.equal(false);
    expect(isOverdue(routed.lead, config, T0 + 4 * HOUR)).to.equal(true);
    expect(routingDue(routed.lead, config, T0 + 5 * HOUR)).to.equal('sla');
    expect(routingDue(routed.lead, { ...config, sla: { hours: 4 } }, T0 + 5 * HOUR)).to.equal(null);
    const again = assignLead(routed.lead, config, routed.state, { now: T0 + 5 * HOUR, trigger: 'sla' });
    expect(again.changed).to.equal(true);
    expect(again.lead.ownerId).to.equal('ben');
    expect(again.routing).to.deep.include({ trigger: 'sla', previousOwnerId: 'ana', reason: 'round-robin' });
    // Accepted in time, or placed by the owner: no SLA.
    expect(slaDueAt(acceptLead(routed.lead, { now: T0 }), config)).to.equal(undefined);
    expect(slaDueAt(assignLead(lead('g', { ownerId: 'ana' }), config, undefined, { now: T0 }).lead, config)).to.equal(undefined);
  });

  it('leaves an overdue lead with its owner when nobody else can take it', () => {
    const solo: RoutingConfig = { period: 'day', sla: { hours: 1, reroute: true }, teams: [{ id: 't', members: [{ ownerId: 'ana' }] }], rules: [{ id: 'all', when: [], teamId: 't' }] };
    const routed = assignLead(lead('s'), solo, undefined, { now: T0 });
    const again = assignLead(routed.lead, solo, routed.state, { now: T0 + 2 * HOUR, trigger: 'sla' });
    expect(again.changed).to.equal(false);
    expect(again.lead).to.equal(routed.lead);
  });

  it('routes a pooled lead again once its re-entry date has passed, past the rep who turned it down', () => {
    const routed = assignLead(lead('p'), config, undefined, { now: T0 });
    const pooled = (rejectToPool(routed.lead, { reason: 'Not now', reentryAt: new Date(T0 + 24 * HOUR).toISOString(), now: T0 }) as { lead: Lead }).lead;
    expect(routingDue(pooled, config, T0 + 23 * HOUR)).to.equal(null);
    expect(routingDue(pooled, config, T0 + 24 * HOUR)).to.equal('reentry');
    expect(routingDue({ ...pooled, spam: true }, config, T0 + 48 * HOUR)).to.equal(null);
    const back = assignLead(pooled, config, routed.state, { now: T0 + 24 * HOUR, trigger: 'reentry' });
    expect(back.lead).to.deep.include({ status: 'new', ownerId: 'ben' });
    expect(back.lead.reentryAt).to.equal(undefined);
    expect(back.lead.rejection?.reason).to.equal('Not now');
    expect(back.routing.trigger).to.equal('reentry');
  });
});

describe('core/handoff: previewRouting and shares (properties)', () => {
  it('previews without storing: what routing each lead in turn would do', () => {
    const leads = [lead('a', { companySize: 2000, ownerId: 'x' }), lead('b'), lead('c'), null as unknown as Lead];
    expect(previewRouting(leads, config, undefined, T0)).to.deep.equal([
      { leadId: 'a', ownerId: 'dara', reason: 'rule-owner', ruleId: 'vip' },
      { leadId: 'b', ownerId: 'ana', reason: 'round-robin', ruleId: 'all', teamId: 'smb' },
      { leadId: 'c', ownerId: 'ben', reason: 'round-robin', ruleId: 'all', teamId: 'smb' },
    ]);
  });

  // 20 rules over 3 teams, as the benchmark routes 10,000 leads.
  const REGIONS = ['EU', 'US', 'APAC', 'LATAM', 'MEA'];
  const many = (weights: number[][], capacities: (number | undefined)[][]): RoutingConfig => ({
    period: 'day', defaultOwnerId: 'fallback',
    teams: weights.map((ws, t) => ({ id: `t${t}`, members: ws.map((weight, m) => ({ ownerId: `t${t}m${m}`, weight, ...(capacities[t]?.[m] !== undefined ? { capacity: capacities[t]![m]! } : {}) })) })),
    rules: Array.from({ length: 20 }, (_, i) => ({
      id: `r${i}`, teamId: `t${i % weights.length}`,
      when: i === 19 ? [] : [{ field: 'region', op: 'eq' as const, value: REGIONS[i % REGIONS.length] }, { field: 'score', op: 'gte' as const, value: 40 - 10 * Math.floor(i / REGIONS.length) }],
    })),
  });

  it('gives each member of each team its weight share within 1 % over a long run, and never exceeds a capacity', () => {
    const weights = fc.array(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 3 });
    fc.assert(fc.property(weights, fc.integer({ min: 1, max: 1_000_000 }), (ws, seed) => {
      const cfg = many(ws, []);
      let state = emptyRoutingState();
      const counts = new Map<string, number>();
      const perTeam = new Map<string, number>();
      let x = seed;
      for (let i = 0; i < 3000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const l = lead(`l${i}`, { region: REGIONS[x % 5], score: x % 50 });
        const r = assignLead(l, cfg, state, { now: T0 });
        state = r.state;
        if (r.routing.reason !== 'round-robin') continue;
        counts.set(r.lead.ownerId!, (counts.get(r.lead.ownerId!) ?? 0) + 1);
        perTeam.set(r.routing.teamId!, (perTeam.get(r.routing.teamId!) ?? 0) + 1);
      }
      ws.forEach((team, t) => {
        const total = team.reduce((a, b) => a + b, 0);
        const got = perTeam.get(`t${t}`) ?? 0;
        team.forEach((w, m) => {
          const share = got === 0 ? 0 : (counts.get(`t${t}m${m}`) ?? 0) / got;
          expect(Math.abs(share - w / total), `team ${t} member ${m}`).to.be.below(0.01);
        });
      });
    }), { numRuns: 25 });
  });

  it('never gives a member more than its capacity in a period, whatever the order of leads', () => {
    const caps = fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 3 });
    fc.assert(fc.property(caps, fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 49 })), { maxLength: 300 }), (capacities, arrivals) => {
      const cfg = many([[1, 2], [3, 1], [1, 1]], capacities);
      let state = emptyRoutingState();
      const counts = new Map<string, number>();
      arrivals.forEach(([region, score], i) => {
        const r = assignLead(lead(`l${i}`, { region: REGIONS[region], score }), cfg, state, { now: T0 });
        state = r.state;
        expect(r.lead.ownerId, 'never lost').to.be.a('string');
        if (r.routing.reason === 'round-robin') counts.set(r.lead.ownerId!, (counts.get(r.lead.ownerId!) ?? 0) + 1);
      });
      capacities.forEach((team, t) => team.forEach((cap, m) => {
        if (cap !== undefined) expect(counts.get(`t${t}m${m}`) ?? 0).to.be.at.most(cap);
      }));
    }), { numRuns: 100 });
  });
});
