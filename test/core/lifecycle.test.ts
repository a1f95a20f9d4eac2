import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  applyScoreStatus, dueForRequalification, isParked, lifecycleMetrics, lifecycleOf, setLeadStatus, staleMqls,
} from '../../src/core/lifecycle.js';
import { acceptLead, rejectToPool } from '../../src/core/handoff.js';
import { LEAD_STATUSES } from '../../src/core/model.js';
import { validateLead } from '../../src/core/validate.js';
import type { Activity, Lead, LeadStatus } from '../../src/core/model.js';

const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

function lead(id: string, status: LeadStatus = 'new', extra: Partial<Lead> = {}): Lead {
  return { id, status, createdAt: at(0), updatedAt: at(0), ...extra };
}

describe('core/lifecycle: stamps', () => {
  it('stamps the first entry of each status and keeps the lead\'s own mqlAt and sqlAt the same', () => {
    let l = lead('a');
    l = setLeadStatus(l, 'nurturing', at(1));
    l = setLeadStatus(l, 'mql', at(2));
    l = setLeadStatus(l, 'nurturing', at(3));
    l = setLeadStatus(l, 'mql', at(4));
    l = setLeadStatus(l, 'sql', at(5));
    expect(l.lifecycle).to.deep.equal({ nurturingAt: at(1), mqlAt: at(2), sqlAt: at(5) });
    expect([l.mqlAt, l.sqlAt, l.updatedAt, l.status]).to.deep.equal([at(2), at(5), at(5), 'sql']);
  });

  it('stamps mqlAt with sqlAt for a lead that skipped MQL, reads hand-off stamps, and leaves an unchanged lead alone', () => {
    const skipped = setLeadStatus(lead('b'), 'sql', at(7));
    expect([skipped.mqlAt, skipped.sqlAt]).to.deep.equal([at(7), at(7)]);
    const handedOff = lead('c', 'sql', { mqlAt: at(1), sqlAt: at(2) });
    expect(lifecycleOf(handedOff)).to.deep.equal({ mqlAt: at(1), sqlAt: at(2) });
    expect(setLeadStatus(handedOff, 'sql', at(9))).to.equal(handedOff);
    expect(() => setLeadStatus(handedOff, 'hot' as LeadStatus, at(9))).to.throw(RangeError, /status must be one of/);
  });

  it('is stamped by the hand-off too: accepting stamps sql (and mql), rejecting to the pool stamps nurturing once', () => {
    const accepted = acceptLead(lead('h', 'mql', { ownerId: 'ana', mqlAt: at(1) }), { now: at(3) });
    expect(accepted.lifecycle).to.deep.equal({ mqlAt: at(1), sqlAt: at(3) });
    const pooled = rejectToPool(accepted, { reason: 'Not now', now: at(4) });
    if (!pooled.ok) throw new Error('refused');
    expect(pooled.lead.lifecycle).to.deep.equal({ nurturingAt: at(4), mqlAt: at(1), sqlAt: at(3) });
    const again = rejectToPool(pooled.lead, { reason: 'Still not', now: at(9) });
    expect(again.ok && again.lead.lifecycle?.nurturingAt).to.equal(at(4));
  });

  it('validates the stamps as dates, naming the field', () => {
    expect(validateLead(setLeadStatus(lead('v'), 'sql', at(1))).ok).to.equal(true);
    expect(validateLead(lead('v', 'mql', { lifecycle: { mqlAt: 'last week' } })).errors.map((e) => e.path)).to.deep.equal(['lifecycle.mqlAt']);
    expect(validateLead(lead('v', 'sql', { sqlAt: 'soon' })).errors.map((e) => e.path)).to.deep.equal(['sqlAt']);
  });

  it('never moves a stamp once set, whatever the sequence of changes (property)', () => {
    const status = fc.constantFrom(...LEAD_STATUSES);
    fc.assert(fc.property(fc.array(status, { minLength: 1, maxLength: 12 }), (steps) => {
      let l = lead('p');
      const first = new Map<string, string>();
      steps.forEach((s, i) => {
        l = setLeadStatus(l, s, at(i + 1));
        for (const [k, v] of Object.entries(l.lifecycle ?? {})) {
          if (!first.has(k)) first.set(k, v as string);
          expect(v).to.equal(first.get(k));
        }
      });
      expect(l.mqlAt).to.equal(l.lifecycle?.mqlAt);
      expect(l.sqlAt).to.equal(l.lifecycle?.sqlAt);
      if (l.sqlAt) expect(Date.parse(l.mqlAt!)).to.be.at.most(Date.parse(l.sqlAt));
    }));
  });
});

describe('core/lifecycle: applyScoreStatus', () => {
  it('promotes at the threshold, demotes an MQL below it, and does nothing without a threshold', () => {
    const up = applyScoreStatus(lead('a'), 60, { threshold: 60, now: at(1) });
    expect([up.status, up.mqlAt]).to.deep.equal(['mql', at(1)]);
    const down = applyScoreStatus(up, 59, { model: { mqlThreshold: 60 }, now: at(2) });
    expect([down.status, down.mqlAt]).to.deep.equal(['nurturing', at(1)]);
    expect(applyScoreStatus(up, 10, { threshold: 60, demote: false, now: at(2) })).to.equal(up);
    const plain = lead('b');
    expect(applyScoreStatus(plain, 99, { now: at(1) })).to.equal(plain);
    expect(applyScoreStatus(plain, Number.NaN, { threshold: 1, now: at(1) })).to.equal(plain);
  });

  it('never moves an sql, converted or disqualified lead (property)', () => {
    fc.assert(fc.property(fc.constantFrom<LeadStatus>('sql', 'converted', 'disqualified'), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (status, score, threshold) => {
      const l = lead('h', status);
      expect(applyScoreStatus(l, score, { threshold, now: at(1) })).to.equal(l);
    }));
  });
});

describe('core/lifecycle: staleMqls', () => {
  it('flags MQLs untouched past the limit, counting activities, acceptance and routing as touches but not edits', () => {
    const leads = [
      lead('idle', 'mql', { mqlAt: at(0), updatedAt: at(47) }),
      lead('called', 'mql', { mqlAt: at(0) }),
      lead('fresh', 'mql', { mqlAt: at(30) }),
      lead('routed', 'mql', { mqlAt: at(0), routing: { ownerId: 'u1', reason: 'rule-owner', at: at(40) } }),
      lead('sql', 'sql', { mqlAt: at(0) }),
      lead('spam', 'mql', { mqlAt: at(0), spam: true }),
    ];
    const activities: Activity[] = [{ id: 'x', leadId: 'called', type: 'call', at: at(20) } as Activity];
    const stale = staleMqls(leads, { maxAgeHours: 24, now: at(48), activities });
    expect(stale).to.deep.equal([
      { leadId: 'idle', mqlAt: at(0), lastTouchAt: at(0), hoursIdle: 48 },
      { leadId: 'called', mqlAt: at(0), lastTouchAt: at(20), hoursIdle: 28 },
    ]);
    expect(staleMqls(leads, { maxAgeHours: 48, now: at(48), activities })).to.deep.equal([]);
  });
});

describe('core/lifecycle: lifecycleMetrics', () => {
  it('measures MQL-to-SQL rate and time for the leads that became MQL in the span', () => {
    const leads = [
      lead('a', 'sql', { mqlAt: at(0), sqlAt: at(10) }),
      lead('b', 'sql', { mqlAt: at(5), sqlAt: at(25) }),
      lead('c', 'converted', { lifecycle: { mqlAt: at(6), sqlAt: at(36) } }),
      lead('d', 'mql', { mqlAt: at(7) }),
      lead('late', 'sql', { mqlAt: at(8), sqlAt: at(500) }),
      lead('before', 'sql', { mqlAt: at(-5), sqlAt: at(1) }),
      lead('spam', 'sql', { mqlAt: at(1), sqlAt: at(2), spam: true }),
    ];
    const m = lifecycleMetrics(leads, { from: at(0), to: at(100) });
    expect(m).to.deep.equal({ mqls: 5, sqls: 3, mqlToSqlRate: 0.6, medianHoursToSql: 20, p90HoursToSql: 28 });
    expect(lifecycleMetrics([], { from: at(0), to: at(1) })).to.deep.equal({ mqls: 0, sqls: 0, mqlToSqlRate: null, medianHoursToSql: null, p90HoursToSql: null });
    expect(() => lifecycleMetrics(leads, { from: 'soon', to: at(1) })).to.throw(RangeError, /^from must be a date/);
  });

  it('has a rate between 0 and 1 and a median no larger than the 90th percentile (property)', () => {
    const arb = fc.array(fc.record({ mql: fc.integer({ min: 0, max: 200 }), wait: fc.option(fc.integer({ min: 0, max: 300 })) }), { maxLength: 30 });
    fc.assert(fc.property(arb, (specs) => {
      const leads = specs.map((s, i) => lead(`l${i}`, 'mql', { mqlAt: at(s.mql), ...(s.wait === null ? {} : { sqlAt: at(s.mql + s.wait) }) }));
      const m = lifecycleMetrics(leads, { from: at(0), to: at(400) });
      expect(m.mqls).to.equal(specs.length);
      expect(m.sqls).to.equal(specs.filter((s) => s.wait !== null && s.mql + s.wait < 400).length);
      if (m.mqlToSqlRate !== null) expect(m.mqlToSqlRate).to.be.within(0, 1);
      if (m.medianHoursToSql !== null) expect(m.medianHoursToSql).to.be.at.most(m.p90HoursToSql!);
    }));
  });
});

describe('core/lifecycle: dueForRequalification', () => {
  it('brings back nurtured leads whose re-entry date has passed, earliest first', () => {
    const leads = [
      lead('later', 'nurturing', { reentryAt: at(30) }),
      lead('due2', 'nurturing', { reentryAt: at(20) }),
      lead('due1', 'nurturing', { reentryAt: at(10) }),
      lead('no-date', 'nurturing'),
      lead('mql', 'mql', { reentryAt: at(1) }),
      lead('spam', 'nurturing', { reentryAt: at(1), spam: true }),
    ];
    expect(dueForRequalification(leads, at(24)).map((l) => l.id)).to.deep.equal(['due1', 'due2']);
    expect(dueForRequalification(leads, at(30)).map((l) => l.id)).to.deep.equal(['due1', 'due2', 'later']);
    expect(leads.filter((l) => isParked(l, at(24))).map((l) => l.id)).to.deep.equal(['later']);
  });
});
