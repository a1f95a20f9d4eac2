import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { engagementByLead, engagementEvents, isEngagementActivity, scoreLead, validateActivity, type ScoringModel } from '../../src/core/index.js';

const view = (leadId: string, at: string, value?: number) => ({ id: `pv-${leadId}-${at}`, leadId, type: 'page-view', at, engagement: true as const, ...(value === undefined ? {} : { value }) });

describe('core/engagement', () => {
  it("gives one lead's page views and visits, oldest first, with their amounts; not calls, other leads or deleted ones", () => {
    const activities = [
      view('a', '2026-03-02T10:00:00Z', 30),
      { id: 'call', leadId: 'a', type: 'call', at: '2026-03-01T10:00:00Z' },
      { id: 'v', leadId: 'a', type: 'visit', at: '2026-03-01T09:00:00Z', engagement: true },
      view('b', '2026-03-01T08:00:00Z', 5),
      { ...view('a', '2026-03-03T10:00:00Z', 99), deleted: true },
      { id: 'no-flag', leadId: 'a', type: 'page-view', at: '2026-03-01T07:00:00Z' },
    ];
    expect(engagementEvents(activities, 'a')).to.deep.equal([
      { type: 'visit', at: '2026-03-01T09:00:00Z', leadId: 'a' },
      { type: 'page-view', at: '2026-03-02T10:00:00Z', leadId: 'a', value: 30 },
    ]);
    expect(engagementEvents(activities, 'nobody')).to.deep.equal([]);
    expect(isEngagementActivity(activities[1])).to.equal(false);
  });

  it('groups many leads in one pass, the same as asking lead by lead (property)', () => {
    const activity = fc.record({
      leadId: fc.constantFrom('a', 'b', 'c'),
      type: fc.constantFrom('page-view', 'visit', 'call'),
      at: fc.integer({ min: 0, max: 1e12 }).map((ms) => new Date(ms).toISOString()),
      engagement: fc.constantFrom(true, undefined),
      value: fc.option(fc.nat(86_400), { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(activity, { maxLength: 40 }), (list) => {
      const grouped = engagementByLead(list);
      for (const id of ['a', 'b', 'c']) {
        const one = engagementEvents(list, id);
        expect(grouped.get(id) ?? []).to.deep.equal(one);
        const times = one.map((e) => Date.parse(String(e.at)));
        expect(times).to.deep.equal([...times].sort((x, y) => x - y));
        expect(one.length).to.equal(list.filter((a) => a.leadId === id && a.engagement === true && a.type !== 'call').length);
      }
    }));
  });

  it('validates engagement activities, naming the field', () => {
    const ok = view('a', '2026-03-02T10:00:00Z', 30);
    expect(validateActivity({ ...ok, page: '/pricing' }).errors).to.deep.equal([]);
    const paths = (extra: Record<string, unknown>) => validateActivity({ ...ok, ...extra }).errors.map((e) => e.path);
    expect(paths({ value: -1 })).to.deep.equal(['value']);
    expect(paths({ value: 86_401 })).to.deep.equal(['value']);
    expect(paths({ value: 'long' })).to.deep.equal(['value']);
    expect(paths({ type: 'call' })).to.deep.equal(['type']);
    expect(paths({ leadId: undefined })).to.deep.equal(['leadId']);
    expect(paths({ engagement: 'yes' })).to.deep.equal(['engagement']);
    expect(paths({ page: '/pricing?email=a@b.c' })).to.deep.equal(['page']);
    // A call is not held to these rules.
    expect(validateActivity({ id: 'c', type: 'call', at: '2026-03-02T10:00:00Z', value: -5 }).errors).to.deep.equal([]);
  });

  it('feeds scoring: a new page view raises the engagement score', () => {
    const model: ScoringModel = { fit: [], engagement: [{ id: 'pv', event: 'page-view', points: 10, repeatable: true }], mqlThreshold: 50 };
    const before = [view('a', '2026-03-01T10:00:00Z', 20)];
    const after = [...before, view('a', '2026-03-02T10:00:00Z', 40)];
    const score = (list: unknown[]) => scoreLead({ id: 'a' }, engagementEvents(list, 'a'), model, '2026-03-03T00:00:00Z').score;
    expect(score(before)).to.equal(10);
    expect(score(after)).to.equal(20);
  });
});
