/**
 * Engagement tracked on a page (issue 14): page views and visits of a known lead, stored as records
 * of the `activities` collection with `engagement: true`, and read back as scoring events.
 */
import type { Activity } from './model.js';
import type { EngagementEvent } from './scoring.js';

/** The activity types the tracker records: one `page-view` per page load, one `visit` per session. */
export const ENGAGEMENT_TYPES = ['page-view', 'visit'] as const;
/** An engagement activity's type. */
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** The largest `value` of an engagement activity: a day, in seconds (a page view) or pages (a visit). */
export const MAX_ENGAGEMENT_VALUE = 86_400;

/** A page view or a visit of a lead, as stored in `activities`. */
export interface EngagementActivity extends Activity {
  leadId: string;
  type: EngagementType;
  /** Seconds the page was visible (page-view); pages seen (visit). */
  value?: number;
  /** The page's path, without its query string or fragment. */
  page?: string;
  engagement: true;
}

/** Whether `activity` is a page view or visit recorded by the tracker (`engagement: true`). */
export function isEngagementActivity(activity: unknown): activity is EngagementActivity {
  if (typeof activity !== 'object' || activity === null) return false;
  const a = activity as Partial<EngagementActivity>;
  return a.engagement === true && typeof a.leadId === 'string' && (ENGAGEMENT_TYPES as readonly string[]).includes(a.type as string);
}

const byTime = (x: EngagementEvent, y: EngagementEvent): number => Date.parse(String(x.at)) - Date.parse(String(y.at));

/** Every lead's engagement events from stored activities, by lead id, each list oldest first (one pass). */
export function engagementByLead(activities: readonly unknown[]): Map<string, EngagementEvent[]> {
  const out = new Map<string, EngagementEvent[]>();
  for (const a of activities) {
    if (!isEngagementActivity(a) || (a as { deleted?: unknown }).deleted === true) continue;
    const event: EngagementEvent = { type: a.type, at: a.at, leadId: a.leadId };
    if (typeof a.value === 'number' && Number.isFinite(a.value)) event.value = a.value;
    const list = out.get(a.leadId);
    if (list) list.push(event);
    else out.set(a.leadId, [event]);
  }
  for (const list of out.values()) list.sort(byTime);
  return out;
}

/**
 * The scoring events of one lead from stored activities: its engagement activities (page views,
 * visits, with their `value`), oldest first. Activities of other leads, deleted ones, and calls or
 * meetings are left out. Pass the result to `scoreLead` with rules on `page-view` or `visit`.
 */
export function engagementEvents(activities: readonly unknown[], leadId: string): EngagementEvent[] {
  return engagementByLead(activities.filter((a) => isEngagementActivity(a) && a.leadId === leadId)).get(leadId) ?? [];
}
