/**
 * What each role may do, and the limits by channel. Checked in this order for every request:
 * credentials (the app's middleware, 401), the role (403), the limit (429), then the route's
 * parameters and body. Nothing reaches the database before the limit is checked but the credential
 * look-up (cached) and the limit itself.
 *
 * | role   | may                                                                      |
 * | ------ | ------------------------------------------------------------------------ |
 * | form   | POST /leads, POST /activities of engagement only (a page view or visit of a lead of |
 * |        | the workspace, from l2c-elements/track), nothing else; optionally only from the key's origins |
 * | viewer | read every collection, the change stream and the workspace               |
 * | member | also write leads, deals, activities, campaign costs (spam: list, release, purge) |
 * | admin  | also write pipelines, routing and scoring, read the audit log, change the workspace, its keys |
 */
import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { actorOf, type Member, type Principal, type Role } from './auth.js';
import { HttpProblem } from './problem.js';
import { teamLease } from './limits.js';
import type { RateLimiter } from './rate-limit.js';

export type Env = { Bindings: HttpBindings; Variables: { principal: Principal } };
export type Ctx = Context<Env>;

/** What a route needs. */
export type Need =
  | { read: string } // a collection, 'changes' or 'workspace'
  | { write: string } // a collection, or `settings/<id>`
  | { admin: 'audit' | 'workspace' | 'keys' };

/** Why a form key was refused: what it may do. */
export const FORM_ONLY = 'A form key can only create leads (POST /leads) and record page views and visits of them (POST /activities with engagement: true): it cannot read, change or delete anything.';

const RANK: Record<Role, number> = { form: 0, viewer: 1, member: 2, admin: 3 };

function forbidden(detail: string): HttpProblem {
  return new HttpProblem('forbidden', detail);
}

/**
 * Whether a form key may do `need`: create leads, and activities (the route then admits only a page
 * view or visit of one of the workspace's leads: records.ts), nothing else.
 */
function formMay(method: string, need: Need): boolean {
  return method === 'POST' && 'write' in need && (need.write === 'leads' || need.write === 'activities');
}

/**
 * The least team role that may do `need`. The form role is not on this ladder: what it may do
 * (create leads) does not make a viewer, whose key is read-only, a writer.
 */
function leastRole(need: Need): Exclude<Role, 'form'> {
  if ('admin' in need) return 'admin';
  if ('read' in need) return 'viewer';
  // Pipelines, the routing and the scoring of leads shape everyone's work: admins; campaign costs are marketing's.
  return need.write === 'pipelines' || need.write === 'settings/routing' || need.write === 'settings/scoring' ? 'admin' : 'member';
}

export interface Limits {
  limiter: RateLimiter;
  /** Requests per minute per client address with a form key (POST /leads). */
  formPerMinute: number;
  /** How many of them may come at once. */
  formBurst: number;
  /** Requests per minute per team key or user. */
  teamPerMinute: number;
  /** Proxies in front of the server that append to X-Forwarded-For; 0 trusts none. */
  trustedProxyHops: number;
}

/**
 * The client's address: with N trusted proxies, the N-th X-Forwarded-For entry counted from the
 * right (what the first trusted proxy saw); entries further left are the client's own to write.
 */
export function clientAddress(c: Ctx, hops: number): string {
  return addressOf(c.env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), hops);
}

/** `clientAddress` from the socket's address and the X-Forwarded-For header. */
export function addressOf(socket: string | undefined, forwardedFor: string | undefined, hops: number): string {
  if (hops <= 0) return socket ?? 'unknown';
  const chain = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return socket ?? 'unknown';
  return chain[Math.max(0, chain.length - hops)]!;
}

/** The rate-limit bucket of a form key's requests from one client address. */
export function formBucket(p: Member, address: string): string {
  return `form:${actorOf(p)}:${address}`;
}

/** Whether a form key may be used from `origin` (a key without listed origins may be used from any). */
export function formOriginAllowed(p: Member, origin: string | undefined): boolean {
  return !(p.kind === 'key' && p.origins && !(origin && p.origins.includes(origin)));
}

/** The 429 of a spent limit. */
export function rateLimited(role: Role, retryAfterSeconds: number): HttpProblem {
  const who = role === 'form' ? 'this client' : 'this key';
  return new HttpProblem('rate-limited', `Too many requests from ${who}; retry in ${retryAfterSeconds} s.`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/**
 * The workspace member making this request, if their role may do `need` (403 otherwise), and
 * within their limit (429 otherwise).
 */
export async function allow(c: Ctx, need: Need, limits: Limits): Promise<Member> {
  const p = c.get('principal');
  if (p.kind === 'operator') {
    throw forbidden('The operator token manages workspaces and keys (/admin/…); use a key of the workspace for its data.');
  }
  const least = leastRole(need);
  if (p.role === 'form') {
    if (!formMay(c.req.method, need)) throw forbidden(FORM_ONLY);
    const origin = c.req.header('origin');
    if (!formOriginAllowed(p, origin)) {
      throw forbidden(`This form key may be used only from its listed origins, not from ${origin ?? 'a request without an Origin header'}.`);
    }
  } else if (RANK[p.role] < RANK[least]) {
    const what = 'admin' in need ? `the ${need.admin === 'keys' ? 'keys' : need.admin === 'audit' ? 'audit log' : 'workspace settings'}` : 'read' in need ? `read ${need.read}` : `write ${need.write}`;
    throw forbidden(`The ${p.role} role may not ${'admin' in need ? `manage ${what}` : what}; it needs the ${least} role.`);
  }
  const taken = p.role === 'form'
    ? await limits.limiter.take(formBucket(p, clientAddress(c, limits.trustedProxyHops)), limits.formPerMinute, limits.formBurst)
    : await limits.limiter.take(`team:${p.workspaceId}:${actorOf(p)}`, limits.teamPerMinute, limits.teamPerMinute, teamLease(limits.teamPerMinute));
  if (!taken.ok) throw rateLimited(p.role, taken.retryAfterSeconds);
  return p;
}
