/**
 * Reading a request: JSON responses, query parameters checked before they reach the database
 * (storable text, dates in range, limits, booleans), and body checks shared by the routes. Each
 * problem is a 400 or 422 naming the parameter or field.
 */
import type { Context } from 'hono';
import { parseIsoDate } from '../src/core/validate.js';
import { isJsonObject, type Json, type JsonObject } from './http.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './limits.js';
import { invalidParameter, validationProblem } from './problem.js';
import { UNSTORABLE_MESSAGE, isStorableText, unstorableTextPaths } from './text.js';

const MIN_DATE_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_DATE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** The body as an object, or a 422. */
export function requireObject(body: Json): JsonObject {
  if (!isJsonObject(body)) throw validationProblem([{ path: '', message: 'must be an object', in: 'body' }]);
  return body;
}

/** A 422 naming every string of the body the database could not store. */
export function checkStorable(body: Json): void {
  const paths = unstorableTextPaths(body);
  if (paths.length) throw validationProblem(paths.map((path) => ({ path, message: UNSTORABLE_MESSAGE, in: 'body' as const })));
}

/** Every query parameter must be storable text (a NUL in a filter would reach the database). */
export function checkQuery(c: Context): Record<string, string> {
  const q = c.req.query();
  for (const [name, value] of Object.entries(q)) {
    if (!isStorableText(name) || !isStorableText(value)) throw invalidParameter(isStorableText(name) ? name : 'query', UNSTORABLE_MESSAGE);
  }
  return q;
}

/** An ISO 8601 date query parameter from the year 0001 to 9999, as a full ISO string. */
export function dateParam(name: string, value: string): string {
  const ms = parseIsoDate(value);
  if (ms === null) throw invalidParameter(name, 'must be an ISO 8601 date or date-time with a time zone');
  if (ms < MIN_DATE_MS || ms > MAX_DATE_MS) throw invalidParameter(name, 'must be a date from the year 0001 to 9999');
  return new Date(ms).toISOString();
}

/** `limit`: 1 to MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT when absent. */
export function limitParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE_LIMIT;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PAGE_LIMIT) {
    throw invalidParameter('limit', `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
  }
  return Number(value);
}

/** A `true`/`false` query parameter (absent: false). */
export function boolParam(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidParameter(name, 'must be true or false');
}
