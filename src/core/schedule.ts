/**
 * Scheduling activities on deals: the kinds a person schedules, a new activity, and marking one
 * done (or open again). What a card shows of them is in activity.ts.
 */
import type { Activity } from './model.js';
import { toIso } from './time.js';

/** Kinds of activity a person schedules on a deal. */
export const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'email', 'deadline'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** What a new activity needs; the rest is filled in by `createActivity`. */
export type NewActivity = Partial<Activity> & { id: string; type: string; subject: string };

/** A new open activity created at `now` (`at`, `createdAt`, `updatedAt`). */
export function createActivity(fields: NewActivity, now: string | number): Activity {
  const at = toIso(now);
  return { done: false, ...fields, at: fields.at ?? at, createdAt: at, updatedAt: at };
}

/** The activity marked done at `now` (`doneAt`), or open again (`done` false, no `doneAt`). */
export function completeActivity(activity: Activity, done: boolean, now: string | number): Activity {
  const at = toIso(now);
  const next: Activity = { ...activity, done, updatedAt: at };
  if (done) next['doneAt'] = at;
  else delete next['doneAt'];
  return next;
}
