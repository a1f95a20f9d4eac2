import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ACTIVITY_STATES, activityState, lastDoneAt, nextActivity, type DueActivity } from '../../src/core/activity.js';
import { ACTIVITY_TYPES, completeActivity, createActivity } from '../../src/core/schedule.js';

const NOW = '2026-11-01T09:00:00.000Z';
const clock = { now: NOW };

describe('core/activity: activityState', () => {
  it('is none without open activities', () => {
    expect(activityState([], clock)).to.equal('none');
    expect(activityState(undefined, clock)).to.equal('none');
    expect(activityState([{ dueAt: '2026-10-01T00:00:00.000Z', done: true }], clock)).to.equal('none');
  });

  it('is overdue when an open activity was due before now', () => {
    expect(activityState([{ dueAt: '2026-11-01T08:59:00.000Z' }], clock)).to.equal('overdue');
    expect(activityState([{ dueAt: '2026-10-30' }], clock)).to.equal('overdue');
  });

  it('is today when the earliest open activity is due later today', () => {
    expect(activityState([{ dueAt: '2026-11-01T17:00:00.000Z' }], clock)).to.equal('today');
    // A bare date is the whole day: due today all day long, not overdue at 09:00.
    expect(activityState([{ dueAt: '2026-11-01' }], clock)).to.equal('today');
  });

  it('is planned for later days and for open activities without a due date', () => {
    expect(activityState([{ dueAt: '2026-11-02T08:00:00.000Z' }], clock)).to.equal('planned');
    expect(activityState([{ dueAt: '2026-11-05' }], clock)).to.equal('planned');
    expect(activityState([{}], clock)).to.equal('planned');
  });

  it('takes the most urgent open activity', () => {
    const items: DueActivity[] = [{ dueAt: '2026-11-09' }, { dueAt: '2026-11-01T10:00:00.000Z' }, { dueAt: '2026-10-01', done: true }];
    expect(activityState(items, clock)).to.equal('today');
    expect(activityState([...items, { dueAt: '2026-10-31T23:00:00.000Z' }], clock)).to.equal('overdue');
  });

  it('uses the caller\'s calendar day when given (a user east of UTC is already on the next day)', () => {
    // 23:30 UTC on Nov 1 is Nov 2 in Shanghai; the Shanghai day ends at 16:00 UTC on Nov 2.
    const shanghai = { now: '2026-11-01T23:30:00.000Z', today: '2026-11-02', dayEnd: '2026-11-02T16:00:00.000Z' };
    expect(activityState([{ dueAt: '2026-11-01' }], shanghai)).to.equal('overdue');
    expect(activityState([{ dueAt: '2026-11-02' }], shanghai)).to.equal('today');
    expect(activityState([{ dueAt: '2026-11-02T12:00:00.000Z' }], shanghai)).to.equal('today');
    expect(activityState([{ dueAt: '2026-11-02T17:00:00.000Z' }], shanghai)).to.equal('planned');
  });

  it('ignores unreadable due dates and junk items instead of throwing', () => {
    const junk = [null, 7, 'x', { dueAt: 'soon' }, { dueAt: 12 as unknown as string }] as unknown as DueActivity[];
    expect(activityState(junk, clock)).to.equal('overdue'); // 12 ms after the epoch is long past
    expect(activityState([{ dueAt: 'soon' }], { now: Number.NaN })).to.equal('none');
  });

  it('always answers one of the states, for any input', () => {
    fc.assert(fc.property(fc.array(fc.record({ dueAt: fc.option(fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))), done: fc.boolean() })),
      fc.integer({ min: -1e13, max: 1e13 }), (items, now) => {
        const cleaned = items.map((i) => (i.dueAt === null ? { done: i.done } : { dueAt: i.dueAt, done: i.done }));
        expect(ACTIVITY_STATES).to.include(activityState(cleaned, { now }));
      }));
  });
});

describe('core/activity: next, last done, create and complete', () => {
  it('finds the open activity due first, date-only and undated ones included', () => {
    const list = [
      { id: 'c', dueAt: '2026-11-05T10:00:00.000Z' },
      { id: 'b', dueAt: '2026-11-03' },
      { id: 'a', dueAt: '2026-11-02T10:00:00.000Z', done: true },
      { id: 'z' },
      null,
    ];
    expect(nextActivity(list)?.id).to.equal('b');
    expect(nextActivity([{ id: 'z' }, { id: 'y' }])?.id).to.equal('y');
    expect(nextActivity([])).to.equal(undefined);
    expect(nextActivity(undefined)).to.equal(undefined);
  });

  it('knows when the last activity was done', () => {
    expect(lastDoneAt([
      { at: '2026-10-01T00:00:00.000Z', done: true, doneAt: '2026-10-20T00:00:00.000Z' },
      { at: '2026-10-01T00:00:00.000Z', done: true, dueAt: '2026-10-10T00:00:00.000Z' },
      { at: '2026-10-01T00:00:00.000Z', dueAt: '2026-10-30T00:00:00.000Z' },
    ])).to.equal(Date.parse('2026-10-20T00:00:00.000Z'));
    expect(lastDoneAt([{ at: '2026-10-01T00:00:00.000Z' }])).to.equal(undefined);
  });

  it('creates an open activity and marks it done and open again', () => {
    const a = createActivity({ id: 'a1', type: 'call', subject: 'Intro', dealId: 'd1', dueAt: '2026-11-03T10:00:00.000Z' }, '2026-11-01T09:00:00.000Z');
    expect(a).to.include({ done: false, at: '2026-11-01T09:00:00.000Z', createdAt: '2026-11-01T09:00:00.000Z', subject: 'Intro' });
    expect(ACTIVITY_TYPES).to.include(a.type);
    const done = completeActivity(a, true, '2026-11-03T11:00:00.000Z');
    expect(done).to.include({ done: true, doneAt: '2026-11-03T11:00:00.000Z', updatedAt: '2026-11-03T11:00:00.000Z' });
    const again = completeActivity(done, false, '2026-11-03T12:00:00.000Z');
    expect(again.done).to.equal(false);
    expect('doneAt' in again).to.equal(false);
  });
});
