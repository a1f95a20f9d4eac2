/**
 * CORS with an allowlist of exact origins (`*` allows any, for development). An allowed origin gets
 * the CORS headers; a disallowed one gets none (and a 403 problem on preflight), so the browser
 * blocks the call.
 */
import type { MiddlewareHandler } from 'hono';
import { HttpProblem } from './problem.js';

export const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
export const ALLOW_HEADERS = 'Content-Type, Idempotency-Key, If-Match, If-None-Match, Authorization, Last-Event-ID';
export const EXPOSE_HEADERS = 'ETag, Location, Retry-After, Idempotent-Replayed, WWW-Authenticate';

/** Origins from a comma-separated list; blanks dropped, trailing slashes removed. */
export function parseOrigins(value: string | readonly string[]): string[] {
  const list = typeof value === 'string' ? value.split(',') : value;
  return list.map((o) => o.trim().replace(/\/+$/, '')).filter((o) => o !== '');
}

function appendVary(headers: Headers, value: string): void {
  const current = headers.get('vary');
  if (!current) headers.set('vary', value);
  else if (!current.toLowerCase().split(/\s*,\s*/).includes(value.toLowerCase())) headers.set('vary', `${current}, ${value}`);
}

/** The CORS headers of an answer (not a preflight) to a request from `origin`. */
export function corsHeaders(origins: readonly string[], origin: string | undefined): Record<string, string> {
  const any = origins.includes('*');
  const headers: Record<string, string> = any ? {} : { vary: 'Origin' };
  if (origin !== undefined && (any || origins.includes(origin))) {
    headers['access-control-allow-origin'] = any ? '*' : origin;
    headers['access-control-expose-headers'] = EXPOSE_HEADERS;
  }
  return headers;
}

export function cors(origins: readonly string[]): MiddlewareHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const ok = origin !== undefined && (any || allowed.has(origin));
    const allowOrigin = any ? '*' : (origin ?? '');
    if (c.req.method === 'OPTIONS') {
      const preflight = c.req.header('access-control-request-method') !== undefined;
      if (preflight && !ok) {
        throw new HttpProblem('forbidden', `Origin ${origin ?? '(none)'} is not allowed; add it to CORS_ORIGINS.`);
      }
      const headers = new Headers({ allow: ALLOW_METHODS });
      if (preflight) {
        headers.set('access-control-allow-origin', allowOrigin);
        headers.set('access-control-allow-methods', ALLOW_METHODS);
        headers.set('access-control-allow-headers', ALLOW_HEADERS);
        headers.set('access-control-max-age', '600');
      }
      if (!any) appendVary(headers, 'Origin');
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (!any) appendVary(c.res.headers, 'Origin');
    if (ok) {
      c.res.headers.set('access-control-allow-origin', allowOrigin);
      c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
    }
    return undefined;
  };
}
