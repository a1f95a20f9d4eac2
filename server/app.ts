/**
 * The reference REST server (README.md, "The REST contract"; issue 12): `/leads`, `/deals`, `/pipelines`,
 * `/activities` per workspace, the change stream, the audit log and the admin API, on Hono over
 * PGlite or PostgreSQL. `startServer` is what `npm run server`, the tests, the benchmarks and the
 * end-to-end suites use.
 *
 * Every route but `/`, `/health` and `/openapi.json` needs a credential (auth.ts); what each role
 * may do is in guard.ts; the record routes are in records.ts and the admin API in admin.ts.
 */
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { adminRoutes } from './admin.js';
import { Authenticator, type OidcConfig } from './auth.js';
import { ChangeHub } from './changes.js';
import { cors, parseOrigins } from './cors.js';
import { earlyRefusal } from './early.js';
import { openDatabase, type Database, type DbKind } from './db.js';
import { purgeIdempotencyKeys } from './idempotency.js';
import {
  DEFAULT_AUTH_FAILURES_PER_MINUTE,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_FREE_FORM_LIMIT_BYTES,
  DEFAULT_LIST_LIMIT_BYTES,
  DEFAULT_MIN_FILL_MS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_RATE_LIMIT_LEADS,
  DEFAULT_RATE_LIMIT_KEYS,
  MAX_PAGE_LIMIT,
  defaultLeadsBurst,
} from './limits.js';
import { migrate } from './migrations.js';
import { openApiDocument } from './openapi.js';
import { HttpProblem } from './problem.js';
import { LocalBuckets, RateLimiter } from './rate-limit.js';
import { clientAddress, type Env } from './guard.js';
import { recordRoutes } from './records.js';
import { sweepRouting } from './routing.js';
import { workspaceRoutes } from './workspace-routes.js';
import { checkAppRole } from './scope.js';
import { backfillEmailKeys, ping } from './store.js';

/** Where PGlite keeps its files unless told otherwise: `.data/pglite` in the project. */
export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** Routes anyone may call: what the server is, whether it is up, and its API description. */
const PUBLIC_PATHS = new Set(['/', '/health', '/openapi.json']);

export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_MIN_FILL_MS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_RATE_LIMIT_LEADS,
  MAX_PAGE_LIMIT,
};

export interface AppConfig {
  db: Database;
  auth: Authenticator;
  hub: ChangeHub;
  limiter: RateLimiter;
  corsOrigins: readonly string[];
  /** POST /leads per client address per form key per minute; 0 or less disables the limit. */
  rateLimitLeads: number;
  /** How many POST /leads of one client address may come at once (the bucket's size; at most rateLimitLeads). */
  rateLimitLeadsBurst: number;
  /** Requests per team key (or signed-in user) per minute; 0 or less disables the limit. */
  rateLimitKeys: number;
  minFillMs: number;
  bodyLimitBytes: number;
  freeFormLimitBytes: number;
  listLimitBytes: number;
  /** Proxies in front of the server that append to X-Forwarded-For (0: none is trusted). */
  trustedProxyHops: number;
  /** Refused credentials per client address (`authFailuresPerMinute` of the options): a 429 before any look-up once spent. */
  failures: LocalBuckets;
  /** The clock (ms since the epoch). */
  now?: () => number;
}

export function createApp(config: AppConfig): Hono<Env> {
  const { db, auth } = config;
  const app = new Hono<Env>();

  app.use('*', cors(config.corsOrigins));

  // Credentials first, before the route, the record or the body is looked at. A client whose
  // credentials keep failing is refused for a while before any look-up.
  const { failures } = config;
  app.use('*', async (c, next) => {
    if (!PUBLIC_PATHS.has(c.req.path)) {
      const client = clientAddress(c, config.trustedProxyHops);
      const wait = failures.emptyFor(client);
      if (wait !== undefined) {
        throw new HttpProblem('rate-limited', `Too many requests with credentials this server does not accept; retry in ${wait} s.`, {
          headers: { 'retry-after': String(wait) },
        });
      }
      try {
        c.set('principal', await auth.authenticate(c.req.header('authorization')));
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 401) failures.take(client);
        throw error;
      }
    }
    await next();
  });

  app.onError((err, c) => {
    const instance = new URL(c.req.url).pathname;
    if (err instanceof HttpProblem) return err.toResponse(instance);
    console.error(`${c.req.method} ${instance} failed:`, err);
    return new HttpProblem('internal-error', 'The server failed to handle this request; it was logged.').toResponse(instance);
  });

  app.notFound((c) => new HttpProblem('not-found', `Nothing is at ${new URL(c.req.url).pathname}.`).toResponse(new URL(c.req.url).pathname));

  app.get('/', (c) =>
    c.json({
      name: 'l2c-elements reference server', openapi: '/openapi.json', health: '/health',
      collections: ['leads', 'deals', 'pipelines', 'activities', 'settings'], authentication: 'Authorization: Bearer <API key or access token>',
    }),
  );

  app.get('/health', async () => {
    await ping(db);
    return new Response(JSON.stringify({ ok: true, db: db.kind }), { headers: { 'content-type': 'application/json' } });
  });

  app.get('/openapi.json', () =>
    new Response(JSON.stringify(openApiDocument()), { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } }),
  );

  adminRoutes(app, db, auth, config.bodyLimitBytes);
  const records = {
    db,
    auth,
    hub: config.hub,
    limits: {
      limiter: config.limiter,
      formPerMinute: config.rateLimitLeads,
      formBurst: Math.min(config.rateLimitLeadsBurst, config.rateLimitLeads),
      teamPerMinute: config.rateLimitKeys,
      trustedProxyHops: config.trustedProxyHops,
    },
    minFillMs: config.minFillMs,
    bodyLimitBytes: config.bodyLimitBytes,
    freeFormLimitBytes: config.freeFormLimitBytes,
    listLimitBytes: config.listLimitBytes,
  };
  // Before the record routes: `/changes` and the others are not collections.
  workspaceRoutes(app, records);
  recordRoutes(app, records);
  return app;
}

// ---------------------------------------------------------------------------------------------
// Starting and stopping

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A PostgreSQL URL; without it PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite's folder (default `.data/pglite` in the project) or `memory://`. */
  pgliteDir?: string | undefined;
  /** An already open database to use instead (left open by `close()`); for tests that share one. */
  db?: Database;
  /** Allowed origins: an array or a comma-separated list; `*` allows any. */
  corsOrigins?: readonly string[] | string;
  rateLimitLeads?: number;
  /** The form limit's bucket size (default: ten seconds' worth of rateLimitLeads, at least 10; never above it). */
  rateLimitLeadsBurst?: number;
  rateLimitKeys?: number;
  minFillMs?: number;
  bodyLimitBytes?: number;
  freeFormLimitBytes?: number;
  listLimitBytes?: number;
  trustedProxyHops?: number;
  /** Requests with refused credentials per client address per minute before 429 (default 60; 0: no limit). */
  authFailuresPerMinute?: number;
  /** The operator's token for the admin API (ADMIN_TOKEN). */
  adminToken?: string | undefined;
  /** OpenID Connect access tokens accepted besides API keys. */
  oidc?: OidcConfig | undefined;
  /** The clock (ms since the epoch) of rate limits and token expiry; for tests. */
  now?: () => number;
  /**
   * How often leads due for routing again (a re-entry date or an SLA passed) are routed, in ms
   * (default 60,000; 0 turns the timer off, `sweepRouting()` still works).
   */
  routingSweepMs?: number;
  /**
   * Refuse to start when nobody could sign in: no ADMIN_TOKEN, no OpenID Connect issuer and no live
   * key (`npm run server` sets it on a non-loopback HOST).
   */
  requireCredentials?: boolean;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  db: DbKind;
  /** The database, for tools that create workspaces and keys (workspaces.ts) beside the server. */
  database: Database;
  /** Routes again now the leads whose re-entry date or SLA has passed (at the server's clock); gives how many. */
  sweepRouting(): Promise<number>;
  /** Stops accepting connections, waits for requests in flight (at most 5 s), closes the database. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openDatabase({ databaseUrl: options.databaseUrl, pgliteDir: options.pgliteDir ?? DEFAULT_PGLITE_DIR }));
  const now = options.now ?? Date.now;
  const auth = new Authenticator(db, { adminToken: options.adminToken, oidc: options.oidc, now });
  const hub = new ChangeHub(db);
  // A revoked key's open change streams end at once, on every instance.
  auth.onRevoked((keyId) => hub.closeKey(keyId));
  const limiter = new RateLimiter(db, now);
  const stopListening = async (): Promise<void> => {
    await Promise.allSettled([auth.stop(), hub.stop()]);
  };
  try {
    await migrate(db);
    await checkAppRole(db);
    if (options.requireCredentials && !options.adminToken && !options.oidc) {
      const keys = await db.query('SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1');
      if (!keys.length) {
        throw new Error(
          `nobody could sign in to a server on ${host}: set ADMIN_TOKEN (at least 24 random characters) to create workspaces and keys ` +
            'through /admin/workspaces, or OIDC_ISSUER for single sign-on, or listen on 127.0.0.1 (HOST) for local use.',
        );
      }
    }
    await purgeIdempotencyKeys(db);
    await backfillEmailKeys(db);
    await auth.start();
    await hub.start();
  } catch (err) {
    await stopListening();
    if (ownsDb) await db.close();
    throw err;
  }
  const corsOrigins = parseOrigins(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const failures = new LocalBuckets(options.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE, now);
  const app = createApp({
    db,
    auth,
    hub,
    limiter,
    corsOrigins,
    rateLimitLeads: options.rateLimitLeads ?? DEFAULT_RATE_LIMIT_LEADS,
    rateLimitLeadsBurst: options.rateLimitLeadsBurst ?? defaultLeadsBurst(options.rateLimitLeads ?? DEFAULT_RATE_LIMIT_LEADS),
    rateLimitKeys: options.rateLimitKeys ?? DEFAULT_RATE_LIMIT_KEYS,
    minFillMs: options.minFillMs ?? DEFAULT_MIN_FILL_MS,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    freeFormLimitBytes: options.freeFormLimitBytes ?? DEFAULT_FREE_FORM_LIMIT_BYTES,
    listLimitBytes: options.listLimitBytes ?? DEFAULT_LIST_LIMIT_BYTES,
    trustedProxyHops: options.trustedProxyHops ?? 0,
    failures,
    now,
  });
  // A flood's 429s are answered before the framework (early.ts); everything else goes to the app.
  const refuse = earlyRefusal({ auth, limiter, failures, corsOrigins, trustedProxyHops: options.trustedProxyHops ?? 0 });
  const listener = getRequestListener(app.fetch, { hostname: host });
  const server = createServer((req, res) => {
    if (!refuse(req, res)) void listener(req, res);
  });
  // Slow clients may not hold a connection forever (the change stream is a response, not a request).
  if ('requestTimeout' in server) server.requestTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await stopListening();
    if (ownsDb) await db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const purge = setInterval(() => {
    purgeIdempotencyKeys(db).catch((err: unknown) => console.error('purging idempotency keys failed:', err));
    limiter.purge().catch((err: unknown) => console.error('purging rate-limit buckets failed:', err));
  }, PURGE_INTERVAL_MS);
  purge.unref();
  const sweepMs = options.routingSweepMs ?? 60_000;
  const sweep = () => sweepRouting(db, now());
  const sweeper = sweepMs > 0
    ? setInterval(() => void sweep().catch((err: unknown) => console.error('routing leads again failed:', err)), sweepMs)
    : undefined;
  sweeper?.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl(host)}:${port}`,
    port,
    db: db.kind,
    database: db,
    sweepRouting: sweep,
    close() {
      closing ??= (async () => {
        clearInterval(purge);
        clearInterval(sweeper);
        // Ends the change streams too, which would otherwise hold the server open.
        await stopListening();
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, 5000);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        if (ownsDb) await db.close();
      })();
      return closing;
    },
  };
}
