/**
 * What a form key may write to /activities: a page view or visit of one of the workspace's leads,
 * as `l2c-elements/track` records it (src/core/engagement.ts), and nothing else.
 */
import { ENGAGEMENT_TYPES } from '../src/core/engagement.js';
import type { Queryable } from './db.js';
import { HttpProblem, validationProblem, type FieldError } from './problem.js';
import type { JsonObject } from './http.js';
import { getRecord } from './store.js';

const FIELDS = ['id', 'leadId', 'type', 'at', 'value', 'page', 'engagement'];
/** How far ahead of the server's clock a page's clock may be. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Refuses what a form key may not create: any activity but an engagement one (403), a field beyond
 * those of a page view or visit, or a time in the future (422 naming the field). The values are
 * checked by the activity schema after this.
 */
export function checkFormEngagement(fields: JsonObject, now: number): void {
  if (fields.engagement !== true || !(ENGAGEMENT_TYPES as readonly unknown[]).includes(fields.type)) {
    throw new HttpProblem('forbidden', `A form key may create only page views and visits of a lead: { leadId, type: ${ENGAGEMENT_TYPES.map((t) => `"${t}"`).join(' | ')}, at, value?, page?, engagement: true }.`);
  }
  const errors: FieldError[] = Object.keys(fields)
    .filter((key) => !FIELDS.includes(key))
    .map((key) => ({ path: key, message: `may not be sent with a form key (a page view or visit has ${FIELDS.join(', ')})`, in: 'body' as const }));
  const at = typeof fields.at === 'string' ? Date.parse(fields.at) : NaN;
  if (at > now + CLOCK_SKEW_MS) errors.push({ path: 'at', message: 'must not be in the future', in: 'body' });
  if (errors.length) throw validationProblem(errors);
}

/**
 * 422 `leadId` unless the lead is one of this workspace's (live) leads. The same answer for a lead
 * that never existed, was deleted or belongs to another workspace: it reveals nothing.
 */
export async function requireLead(tx: Queryable, workspaceId: string, leadId: unknown): Promise<void> {
  const lead = typeof leadId === 'string' ? await getRecord(tx, workspaceId, 'leads', leadId) : null;
  if (!lead || lead.deletedAt !== null) throw validationProblem([{ path: 'leadId', message: 'must be the id of a lead', in: 'body' }]);
}
