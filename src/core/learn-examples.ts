/**
 * The stored history as examples to learn from (issue 14): which stored leads count as converted,
 * which as not converted, and which are left out because their outcome is not known yet.
 */
import { isFiniteNumber, isRecord } from './guards.js';
import type { LearnExample } from './learn.js';
import type { Deal, Lead } from './model.js';
import { toMs } from './time.js';

/** Days after which an open lead that has not converted counts as not converted (see `historyExamples`). */
export const DEFAULT_STALE_DAYS = 90;

const DAY_MS = 86_400_000;

/** Options of `historyExamples`. */
export interface HistoryOptions {
  /** The time the history is read at (ISO or ms). */
  now: string | number;
  /** An open lead created more than this many days before `now` without converting counts as not converted (default 90). */
  staleDays?: number;
}

/** The examples found in the stored leads, and how many of each kind. */
export interface HistoryExamples {
  /** One example per lead whose outcome is known, in the order of the leads. */
  examples: LearnExample[];
  converted: number;
  notConverted: number;
  /** Open leads younger than `staleDays`, and spam: their outcome is not known. */
  leftOut: number;
  /** Share of the examples that converted (0 when there are none). */
  baseRate: number;
}

/**
 * The stored leads as examples for `learnScoring`: a lead converted when its status is
 * `converted` or a won deal came from it (`deal.leadId`); it did not when it was disqualified, or
 * when it is older than `staleDays` (default 90) at `now` and still open. Open recent leads and
 * spam are left out, their outcome is not known yet. Throws a `RangeError` for an unreadable
 * `now` or a `staleDays` that is not a positive number.
 */
export function historyExamples(leads: readonly Lead[], deals: readonly Deal[], options: HistoryOptions): HistoryExamples {
  const now = toMs(options.now);
  if (now === null) throw new RangeError('now must be an ISO date-time or ms');
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  if (!isFiniteNumber(staleDays) || staleDays <= 0) throw new RangeError('staleDays must be a positive number of days');
  const won = new Set(deals.filter((d) => isRecord(d) && d.status === 'won' && typeof d.leadId === 'string').map((d) => d.leadId));
  const examples: LearnExample[] = [];
  let leftOut = 0;
  for (const lead of leads) {
    if (!isRecord(lead) || lead.spam === true) {
      leftOut++;
      continue;
    }
    const created = toMs(lead.createdAt);
    if (lead.status === 'converted' || won.has(lead.id)) examples.push({ lead, converted: true });
    else if (lead.status === 'disqualified' || (created !== null && now - created > staleDays * DAY_MS)) examples.push({ lead, converted: false });
    else leftOut++;
  }
  const converted = examples.filter((e) => e.converted).length;
  return { examples, converted, notConverted: examples.length - converted, leftOut, baseRate: examples.length ? converted / examples.length : 0 };
}
