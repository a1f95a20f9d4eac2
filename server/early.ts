/**
 * A flood's answers without the framework: a `POST /leads` with a form key this process verified
 * recently, from a client address whose bucket it already knows is empty, gets the same 429 the
 * app would send (same status, headers and problem body), written straight to the socket. A flood
 * of one form key then costs the event loop a fraction of a normal request, so the team's requests
 * waiting behind it in the same loop are not slowed (issue 12: a member's p99 within 2x during a
 * flood). Anything else (another route or role, an unknown or uncached credential, a refused origin,
 * a client whose credentials keep failing, a bucket not known empty) goes to the app as before, so
 * the order 401, 403, 429 holds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth.js';
import { corsHeaders } from './cors.js';
import { addressOf, formBucket, formOriginAllowed, rateLimited } from './guard.js';
import type { LocalBuckets, RateLimiter } from './rate-limit.js';

export interface EarlyRefusalConfig {
  auth: Authenticator;
  limiter: RateLimiter;
  /** Refused credentials per client address: such a client is left to the app's own answer. */
  failures: LocalBuckets;
  corsOrigins: readonly string[];
  trustedProxyHops: number;
}

/** Returns a function that answers `req` with a 429 and returns true, or returns false and leaves it. */
export function earlyRefusal(config: EarlyRefusalConfig): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path !== '/leads') return false;
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const address = addressOf(req.socket.remoteAddress, header('x-forwarded-for'), config.trustedProxyHops);
    if (config.failures.emptyFor(address) !== undefined) return false;
    const p = config.auth.cachedPrincipal(header('authorization'));
    if (!p || p.role !== 'form' || !formOriginAllowed(p, header('origin'))) return false;
    const wait = config.limiter.emptyFor(formBucket(p, address));
    if (wait === undefined) return false;
    const problem = rateLimited('form', wait);
    const body = JSON.stringify(problem.body(path));
    res.writeHead(problem.status, {
      'content-type': 'application/problem+json',
      ...problem.options.headers,
      ...corsHeaders(config.corsOrigins, header('origin')),
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
    return true;
  };
}
