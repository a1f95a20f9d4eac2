/**
 * `npm run server`: the reference REST server on PORT (default 8787). Configuration from the
 * environment (server/README.md has the whole table):
 *   PORT, HOST (default 127.0.0.1), DATABASE_URL (PostgreSQL; else PGlite), PGLITE_DIR,
 *   ADMIN_TOKEN (the operator's token for /admin), CORS_ORIGINS, RATE_LIMIT_LEADS, RATE_LIMIT_LEADS_BURST, RATE_LIMIT_KEYS,
 *   MIN_FILL_MS, BODY_LIMIT_BYTES, FREE_FORM_LIMIT_BYTES, LIST_LIMIT_BYTES, TRUSTED_PROXY_HOPS, AUTH_FAILURES_PER_MINUTE,
 *   OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_FILE, OIDC_WORKSPACE_CLAIM, OIDC_ROLE_CLAIM, OIDC_ROLE_MAP,
 *   ROUTING_SWEEP_MS.
 */
import { resolve } from 'node:path';
import { isRole, type OidcConfig, type Role } from './auth.js';
import { DEFAULT_PGLITE_DIR, startServer, type ServerOptions } from './app.js';
import {
  DEFAULT_AUTH_FAILURES_PER_MINUTE, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_FREE_FORM_LIMIT_BYTES, DEFAULT_LIST_LIMIT_BYTES, DEFAULT_MIN_FILL_MS, DEFAULT_RATE_LIMIT_KEYS,
  DEFAULT_RATE_LIMIT_LEADS,
} from './limits.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) fail(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  return Number(raw);
}

/** OIDC_ROLE_MAP: `claim value=role` pairs, comma-separated (`sales=member,sales-leads=admin`). */
function roleMap(raw: string | undefined): Record<string, Role> | undefined {
  if (!raw?.trim()) return undefined;
  const map: Record<string, Role> = {};
  for (const pair of raw.split(',')) {
    const [value, role] = pair.split('=').map((s) => s.trim());
    if (!value || !isRole(role)) fail(`OIDC_ROLE_MAP must be "claim value=role" pairs with roles form, viewer, member or admin (got "${pair}")`);
    map[value] = role;
  }
  return map;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

const env = process.env;
const pgliteDir = env.PGLITE_DIR && !env.PGLITE_DIR.startsWith('memory://') ? resolve(env.PGLITE_DIR) : env.PGLITE_DIR || undefined;
const host = env.HOST || '127.0.0.1';
// TRUST_PROXY=1 (before TRUSTED_PROXY_HOPS existed) means one proxy.
const hops = env.TRUSTED_PROXY_HOPS !== undefined ? intFromEnv('TRUSTED_PROXY_HOPS', 0, 0) : env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true' ? 1 : 0;
const oidc: OidcConfig | undefined = env.OIDC_ISSUER
  ? {
      issuer: env.OIDC_ISSUER,
      audience: env.OIDC_AUDIENCE || undefined,
      jwksFile: env.OIDC_JWKS_FILE ? resolve(env.OIDC_JWKS_FILE) : undefined,
      workspaceClaim: env.OIDC_WORKSPACE_CLAIM || undefined,
      roleClaim: env.OIDC_ROLE_CLAIM || undefined,
      roleMap: roleMap(env.OIDC_ROLE_MAP),
    }
  : undefined;
if (env.ADMIN_TOKEN !== undefined && env.ADMIN_TOKEN.length < 24) fail('ADMIN_TOKEN must be at least 24 characters long (e.g. openssl rand -base64 32)');

const options: ServerOptions = {
  port: intFromEnv('PORT', 8787, 0),
  host,
  databaseUrl: env.DATABASE_URL || undefined,
  pgliteDir,
  adminToken: env.ADMIN_TOKEN || undefined,
  oidc,
  rateLimitLeads: intFromEnv('RATE_LIMIT_LEADS', DEFAULT_RATE_LIMIT_LEADS, 0),
  // Unset: ten seconds' worth of RATE_LIMIT_LEADS, at least 10 (server/limits.ts).
  rateLimitLeadsBurst: process.env.RATE_LIMIT_LEADS_BURST?.trim() ? intFromEnv('RATE_LIMIT_LEADS_BURST', 0, 1) : undefined,
  rateLimitKeys: intFromEnv('RATE_LIMIT_KEYS', DEFAULT_RATE_LIMIT_KEYS, 0),
  minFillMs: intFromEnv('MIN_FILL_MS', DEFAULT_MIN_FILL_MS, 0),
  bodyLimitBytes: intFromEnv('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, 1),
  freeFormLimitBytes: intFromEnv('FREE_FORM_LIMIT_BYTES', DEFAULT_FREE_FORM_LIMIT_BYTES, 0),
  listLimitBytes: intFromEnv('LIST_LIMIT_BYTES', DEFAULT_LIST_LIMIT_BYTES, 1024),
  trustedProxyHops: hops,
  authFailuresPerMinute: intFromEnv('AUTH_FAILURES_PER_MINUTE', DEFAULT_AUTH_FAILURES_PER_MINUTE, 0),
  routingSweepMs: intFromEnv('ROUTING_SWEEP_MS', 60_000, 0),
  // On an address others can reach, a server nobody can sign in to is a mistake: refuse to start.
  requireCredentials: !isLoopback(host),
  ...(env.CORS_ORIGINS !== undefined ? { corsOrigins: env.CORS_ORIGINS } : {}),
};

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(options);
} catch (err) {
  console.error(`l2c server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const where = server.db === 'postgres' ? 'postgres' : `PGlite in ${pgliteDir ?? DEFAULT_PGLITE_DIR}`;
console.log(`l2c reference server listening on ${server.url} (${where}); API description at ${server.url}/openapi.json`);
if (!options.adminToken) console.log('ADMIN_TOKEN is not set: the admin API (/admin/…) is closed; workspace admin keys can still manage their keys.');

let stopping = false;
function stop(signal: string): void {
  if (stopping) {
    console.error(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('shutdown failed:', err);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
