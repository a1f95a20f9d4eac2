/**
 * Who is asking: every request but `/`, `/health` and `/openapi.json` carries
 * `Authorization: Bearer <credential>`, one of
 * - an API key of a workspace (`l2c_pk_…` for the publishable form role, `l2c_sk_…` for the others):
 *   random secrets stored as SHA-256 hashes, revocable, with a label and a last-used time;
 * - an OpenID Connect access token (a JWT) from the configured issuer, whose claims name the
 *   workspace and the role;
 * - the operator's `ADMIN_TOKEN`, for the admin API only.
 *
 * Verified credentials are cached for a minute; revoking a key drops it from the cache of every
 * server instance at once (NOTIFY on the keys channel).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Database } from './db.js';
import { HttpProblem } from './problem.js';
import { isStorableText } from './text.js';

export const ROLES = ['form', 'viewer', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A verified credential. */
export type Principal =
  | { kind: 'key'; workspaceId: string; role: Role; keyId: string; origins: readonly string[] | null }
  | { kind: 'user'; workspaceId: string; role: Role; subject: string }
  | { kind: 'operator' };

/** A workspace member (a key or a signed-in user), as opposed to the operator. */
export type Member = Exclude<Principal, { kind: 'operator' }>;

/** What a write records as its author: `key:<id>`, `user:<subject>` or `operator`. */
export function actorOf(p: Principal): string {
  if (p.kind === 'key') return `key:${p.keyId}`;
  if (p.kind === 'user') return `user:${p.subject}`;
  return 'operator';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** How OpenID Connect access tokens are accepted. */
export interface OidcConfig {
  /** The issuer (`iss`); its discovery document names the JWKS unless `jwksFile` is given. */
  issuer: string;
  /** The expected audience (`aud`), if any. */
  audience?: string | undefined;
  /** A JWKS file to use instead of the issuer's (offline set-ups, tests). */
  jwksFile?: string | undefined;
  /** The claim naming the workspace (default `l2c_workspace`). */
  workspaceClaim?: string | undefined;
  /** The claim naming the role: a string or a list, e.g. groups (default `l2c_role`). */
  roleClaim?: string | undefined;
  /** Claim values mapped to roles (default: the role names themselves). The highest role wins. */
  roleMap?: Readonly<Record<string, Role>> | undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys

const KEY_PATTERN = /^l2c_(pk|sk)_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new key for `role`: its id, the full key (shown once) and the hash that is stored. */
export function newKey(role: Role): { id: string; key: string; hash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { id, key: `l2c_${role === 'form' ? 'pk' : 'sk'}_${id}_${secret}`, hash: hashSecret(secret) };
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface KeyRow {
  id: string;
  workspace_id: string;
  role: string;
  secret_hash: string;
  origins: string[] | null;
  revoked_at: Date | string | null;
}

/** The channel on which instances tell each other that a key was revoked. */
export const KEYS_CHANNEL = 'l2c_keys';

const CACHE_MS = 60_000;
const LAST_USED_EVERY_MS = 60_000;
const ROLE_RANK: Record<Role, number> = { form: 0, viewer: 1, member: 2, admin: 3 };

export interface AuthOptions {
  adminToken?: string | undefined;
  oidc?: OidcConfig | undefined;
  /** Milliseconds since the epoch (injectable for tests). */
  now?: () => number;
}

/** Verifies credentials (see the module comment). */
export class Authenticator {
  readonly #db: Database;
  readonly #options: AuthOptions;
  readonly #now: () => number;
  /** Verified credentials by the SHA-256 of the whole credential. */
  readonly #cache = new Map<string, { principal: Member; until: number }>();
  /** Look-ups under way, by the credential's hash. */
  readonly #verifying = new Map<string, Promise<Member>>();
  readonly #lastUsed = new Map<string, number>();
  readonly #workspaces = new Map<string, number>();
  #jwks: Promise<JWTVerifyGetKey> | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  readonly #revoked = new Set<(keyId: string) => void>();
  /**
   * Bumped by every revocation heard of: a credential verified while one landed is not cached, as
   * its database row may have been read just before the revocation committed.
   */
  #revocations = 0;

  constructor(db: Database, options: AuthOptions = {}) {
    this.#db = db;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Whether an operator token is configured. */
  get hasAdminToken(): boolean {
    return !!this.#options.adminToken;
  }

  /** Starts listening for revocations made by other instances. */
  async start(): Promise<void> {
    this.#unlisten = await this.#db.listen(KEYS_CHANNEL, (keyId) => this.forget(keyId), () => {
      // Revocations may have been missed while the listening connection was down.
      this.#revocations++;
      this.#cache.clear();
    });
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
  }

  /** Drops a revoked key from this instance's cache and tells who asked (open change streams end). */
  forget(keyId: string): void {
    this.#revocations++;
    for (const [token, entry] of this.#cache) {
      if (entry.principal.kind === 'key' && entry.principal.keyId === keyId) this.#cache.delete(token);
    }
    for (const listener of this.#revoked) listener(keyId);
  }

  /** Calls `listener` with the id of each key revoked (here or on another instance). */
  onRevoked(listener: (keyId: string) => void): void {
    this.#revoked.add(listener);
  }

  /**
   * The principal of an `Authorization` header when this process verified it recently (and no
   * revocation dropped it since); undefined otherwise, without a look-up. The operator token is
   * not answered here.
   */
  cachedPrincipal(header: string | undefined): Member | undefined {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!match) return undefined;
    const cached = this.#cache.get(hashSecret(match[1]!));
    if (!cached || cached.until <= this.#now()) return undefined;
    this.#touch(cached.principal);
    return cached.principal;
  }

  /** The principal of an `Authorization` header, or a 401 that says what is wrong. */
  async authenticate(header: string | undefined): Promise<Principal> {
    if (header === undefined || header.trim() === '') {
      throw unauthorized('Send a credential: Authorization: Bearer <API key or access token>.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!match) throw unauthorized('The Authorization header must be "Bearer <API key or access token>".');
    const credential = match[1]!;
    const admin = this.#options.adminToken;
    if (admin && safeEqual(credential, admin)) return { kind: 'operator' };
    const cacheKey = hashSecret(credential);
    const cached = this.#cache.get(cacheKey);
    const now = this.#now();
    if (cached && cached.until > now) {
      this.#touch(cached.principal);
      return cached.principal;
    }
    // Requests with the same credential that arrive together (a page's first requests, a flood of
    // one form key) share one look-up instead of taking a database connection each.
    let pending = this.#verifying.get(cacheKey);
    if (!pending) {
      pending = this.#verify(credential, cacheKey, now).finally(() => this.#verifying.delete(cacheKey));
      this.#verifying.set(cacheKey, pending);
    }
    const principal = await pending;
    this.#touch(principal);
    return principal;
  }

  async #verify(credential: string, cacheKey: string, now: number): Promise<Member> {
    let principal: Member;
    let until = now + CACHE_MS;
    const revocations = this.#revocations;
    if (credential.startsWith('l2c_')) principal = await this.#verifyKey(credential);
    else if (credential.split('.').length === 3) {
      const verified = await this.#verifyToken(credential);
      principal = verified.principal;
      if (verified.exp !== undefined) until = Math.min(until, verified.exp * 1000);
    } else {
      throw unauthorized(this.#options.adminToken
        ? 'The credential is neither an API key (l2c_…), a JWT access token nor this server\'s operator token (ADMIN_TOKEN).'
        : 'The credential is neither an API key (l2c_…) nor a JWT access token; this server instance has no operator token (ADMIN_TOKEN is not set on it).');
    }
    if (this.#cache.size > 10_000) this.#cache.clear();
    if (this.#revocations === revocations) this.#cache.set(cacheKey, { principal, until });
    return principal;
  }

  async #verifyKey(credential: string): Promise<Member> {
    const parts = KEY_PATTERN.exec(credential);
    if (!parts) throw unauthorized('The API key is malformed: copy it again in full (it starts l2c_pk_ or l2c_sk_).');
    const [, kind, id, secret] = parts as unknown as [string, string, string, string];
    const rows = await this.#db.query<KeyRow>('SELECT id, workspace_id, role, secret_hash, origins, revoked_at FROM api_keys WHERE id = $1', [id]);
    const row = rows[0];
    if (!row || !safeEqual(row.secret_hash, hashSecret(secret)) || (kind === 'pk') !== (row.role === 'form')) {
      throw unauthorized('The API key is not known to this server.');
    }
    if (row.revoked_at !== null) throw unauthorized('The API key was revoked; ask an administrator of the workspace for a new one.');
    return { kind: 'key', workspaceId: row.workspace_id, role: row.role as Role, keyId: row.id, origins: row.origins };
  }

  #keys(oidc: OidcConfig): Promise<JWTVerifyGetKey> {
    this.#jwks ??= (async () => {
      if (oidc.jwksFile) return createLocalJWKSet(JSON.parse(readFileSync(oidc.jwksFile, 'utf8')));
      const discovery = `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(discovery, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`${discovery} answered ${res.status}`);
      const doc = (await res.json()) as { jwks_uri?: unknown };
      if (typeof doc.jwks_uri !== 'string') throw new Error(`${discovery} names no jwks_uri`);
      return createRemoteJWKSet(new URL(doc.jwks_uri));
    })().catch((err: unknown) => {
      this.#jwks = undefined;
      throw err;
    });
    return this.#jwks;
  }

  async #verifyToken(token: string): Promise<{ principal: Member; exp?: number }> {
    const oidc = this.#options.oidc;
    if (!oidc) throw unauthorized('This server accepts API keys only (no OpenID Connect issuer is configured).');
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.#keys(oidc);
    } catch (err) {
      console.error(`OpenID Connect keys of ${oidc.issuer} could not be loaded:`, err);
      throw new HttpProblem('service-unavailable', 'The identity provider\'s keys could not be loaded; try again shortly.', {
        headers: { 'retry-after': '30' },
      });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: oidc.issuer,
        ...(oidc.audience ? { audience: oidc.audience } : {}),
        currentDate: new Date(this.#now()),
      }));
    } catch (err) {
      throw unauthorized(tokenProblem(err));
    }
    const workspaceClaim = oidc.workspaceClaim ?? 'l2c_workspace';
    const roleClaim = oidc.roleClaim ?? 'l2c_role';
    const workspaceId = payload[workspaceClaim];
    // Claims the database cannot store (a NUL) are refused here, not failed on in a query.
    if (typeof workspaceId !== 'string' || workspaceId === '' || !isStorableText(workspaceId)) {
      throw unauthorized(`The access token has no "${workspaceClaim}" claim naming a workspace.`);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '' || !isStorableText(payload.sub)) throw unauthorized('The access token has no "sub" claim.');
    const role = this.#roleOf(payload[roleClaim], oidc.roleMap);
    if (!role) throw unauthorized(`The access token's "${roleClaim}" claim names no role of this server (form, viewer, member, admin).`);
    if (!(await this.#workspaceExists(workspaceId))) throw unauthorized('The access token names a workspace this server does not have.');
    return { principal: { kind: 'user', workspaceId, role, subject: payload.sub }, ...(payload.exp !== undefined ? { exp: payload.exp } : {}) };
  }

  #roleOf(claim: unknown, map: Readonly<Record<string, Role>> | undefined): Role | undefined {
    const values = Array.isArray(claim) ? claim : [claim];
    let best: Role | undefined;
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const role = map ? map[v] : isRole(v) ? v : undefined;
      if (role && (!best || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
    }
    return best;
  }

  async #workspaceExists(id: string): Promise<boolean> {
    const seen = this.#workspaces.get(id);
    if (seen !== undefined && seen > this.#now()) return true;
    const rows = await this.#db.query('SELECT 1 FROM workspaces WHERE id = $1', [id]);
    if (rows.length) this.#workspaces.set(id, this.#now() + CACHE_MS);
    return rows.length > 0;
  }

  // Records when a key was last used, at most once a minute per key, off the request's path.
  #touch(p: Member): void {
    if (p.kind !== 'key') return;
    const now = this.#now();
    if ((this.#lastUsed.get(p.keyId) ?? 0) > now - LAST_USED_EVERY_MS) return;
    this.#lastUsed.set(p.keyId, now);
    this.#db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [p.keyId, new Date(now).toISOString()]).catch((err: unknown) => {
      console.error('recording when a key was last used failed:', err);
    });
  }
}

/** What is wrong with a token, in words that leak nothing but the token's own claims. */
function tokenProblem(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The access token has expired; sign in again.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'The access token was issued by another identity provider than the one this server trusts.';
    if (err.claim === 'aud') return 'The access token is meant for another audience.';
    if (err.claim === 'nbf') return 'The access token is not valid yet.';
    return `The access token's "${err.claim}" claim is not acceptable.`;
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The access token\'s signature does not verify.';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The access token is signed with a key the identity provider does not list.';
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) return 'The access token uses a signing algorithm this server does not accept.';
  return 'The access token is malformed.';
}
