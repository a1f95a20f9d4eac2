/** Defaults of the server's limits, shared by the app and the OpenAPI document. */
export const DEFAULT_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];
/** POST /leads per client address per form key per minute. */
export const DEFAULT_RATE_LIMIT_LEADS = 60;
/**
 * How many of them may come at once (the bucket's size), unless configured: ten seconds' worth of
 * the rate and at least 10, so 10 at the default 60 a minute. People behind one office address do
 * not submit 60 forms in a second, and a burst of accepted leads is real database work that other
 * clients wait behind; a kiosk's outbox sending what it collected offline gets 10, then one a second.
 */
export function defaultLeadsBurst(perMinute: number): number {
  return Math.max(10, Math.ceil(perMinute / 6));
}
/** Requests with credentials the server refuses (401), per client address per minute, before it answers 429. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 60;
/** Requests per team key (viewer, member, admin) or signed-in user per minute: an import is not a bot. */
export const DEFAULT_RATE_LIMIT_KEYS = 10_000;
/**
 * Tokens a team key's request takes from its bucket at once, the rest spent by its next requests
 * in this process without a query (rate-limit.ts): 1 per 200 a minute, at most 50 (50 at the
 * default). A low limit (as in tests, or a viewer key held to a few requests) leases nothing.
 */
export function teamLease(perMinute: number): number {
  return Math.max(1, Math.min(50, Math.floor(perMinute / 200)));
}
/** A form submitted faster than this after it was shown is suspected spam (unless autofilled). */
export { DEFAULT_MIN_FILL_MS } from '../src/core/text.js';
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/** Bytes of fields the schema does not know, and `custom`, per record. */
export const DEFAULT_FREE_FORM_LIMIT_BYTES = 16 * 1024;
/** Bytes of records in one list response (a page always holds at least one). */
export const DEFAULT_LIST_LIMIT_BYTES = 2 * 1024 * 1024;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
