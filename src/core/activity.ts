/**
 * The activity indicator of a deal (Pipedrive's coloured dot): whether its next open activity is
 * overdue, due today, planned later, or whether nothing is planned at all. Pure: "today" is given by
 * the caller, who knows the user's time zone.
 */
import type { Activity } from './model.js';
import { DAY_MS, toMs } from './time.js';

/** States of a deal's activity indicator, most urgent first. */
export const ACTIVITY_STATES = ['overdue', 'today', 'planned', 'none'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

/** The present and the user's calendar day, for `activityState`. */
export interface ActivityClock {
  /** The present (ISO string or ms). */
  now: string | number;
  /** The user's calendar date today, `YYYY-MM-DD` (default: the UTC date of `now`). */
  today?: string;
  /** When the user's today ends (ISO string or ms; default: the end of the UTC day of `now`). */
  dayEnd?: string | number;
}

/** An activity as the indicator reads it: when it is due and whether it is done. */
export type DueActivity = Pick<Activity, 'dueAt' | 'done'>;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function rank(state: ActivityState): number {
  return ACTIVITY_STATES.indexOf(state);
}

/** The state of one open activity, or undefined when its due date cannot be read. */
function stateOf(due: unknown, now: number, today: string, dayEnd: number): ActivityState | undefined {
  if (due === undefined || due === null || due === '') return 'planned';
  // A bare date is a calendar day: due all of that day in the user's zone, overdue only after it.
  if (typeof due === 'string' && DATE_ONLY.test(due)) {
    if (due < today) return 'overdue';
    return due === today ? 'today' : 'planned';
  }
  const ms = toMs(due);
  if (ms === null) return undefined;
  if (ms < now) return 'overdue';
  return ms < dayEnd ? 'today' : 'planned';
}

/**
 * The indicator for a deal with these activities: `overdue` when an open (not done) activity is due
 * before now (a date-only due day before today), else `today` when one is due later today, else
 * `planned` when any open activity remains (one without a due date counts as planned), else `none`.
 * Done activities and unreadable due dates are ignored; never throws.
 */
export function activityState(activities: readonly (DueActivity | null | undefined)[] | null | undefined, clock: ActivityClock): ActivityState {
  const now = toMs(clock.now) ?? 0;
  const today = typeof clock.today === 'string' && DATE_ONLY.test(clock.today)
    ? clock.today
    : new Date(Number.isFinite(now) && Math.abs(now) <= 8.64e15 ? now : 0).toISOString().slice(0, 10);
  const dayEnd = toMs(clock.dayEnd) ?? (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  let best: ActivityState = 'none';
  for (const a of Array.isArray(activities) ? activities : []) {
    if (typeof a !== 'object' || a === null || a.done === true) continue;
    const state = stateOf(a.dueAt, now, today, dayEnd);
    if (state !== undefined && rank(state) < rank(best)) best = state;
    if (best === 'overdue') break;
  }
  return best;
}

// When an activity is due, for ordering: a bare date is the start of that day (UTC); none is last.
function dueKey(a: Pick<Activity, 'dueAt'>): number {
  const ms = toMs(a.dueAt);
  return ms === null ? Number.POSITIVE_INFINITY : ms;
}

/** The open activity due first (ties: the earlier id); an open one without a due date comes last. */
export function nextActivity<A extends Pick<Activity, 'id' | 'dueAt' | 'done'>>(activities: readonly (A | null | undefined)[] | null | undefined): A | undefined {
  let best: A | undefined;
  for (const a of Array.isArray(activities) ? activities : []) {
    if (typeof a !== 'object' || a === null || a.done === true) continue;
    if (!best || dueKey(a) < dueKey(best) || (dueKey(a) === dueKey(best) && String(a.id) < String(best.id))) best = a;
  }
  return best;
}

/** When the last done activity was done (its `doneAt`, else its due time, else `at`), as ms; undefined when none is done. */
export function lastDoneAt(activities: readonly (Pick<Activity, 'done' | 'dueAt' | 'at'> & { doneAt?: unknown } | null | undefined)[] | null | undefined): number | undefined {
  let last: number | undefined;
  for (const a of Array.isArray(activities) ? activities : []) {
    if (typeof a !== 'object' || a === null || a.done !== true) continue;
    const ms = toMs(a.doneAt) ?? toMs(a.dueAt) ?? toMs(a.at);
    if (ms !== null && (last === undefined || ms > last)) last = ms;
  }
  return last;
}
