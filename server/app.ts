/**
 * The reference REST server (DESIGN.md section 5): `/leads`, `/deals`, `/pipelines`, `/activities`
 * on Hono, over PGlite or PostgreSQL. `startServer` is what `npm run server`, the tests, the
 * benchmarks and the end-to-end suites use.
 *
 * Every write runs in one transaction that also stores the response under its Idempotency-Key, and
 * the response is sent only after COMMIT: a client whose response was lost retries with the same
 * key and gets the same answer.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { isIsoDate, parseIsoDate } from '../src/core/validate.js';
import { cors, parseOrigins } from './cors.js';
import { openDatabase, type Database, type DbKind, type Queryable } from './db.js';
import {
  etagOf,
  ifMatchPasses,
  ifNoneMatchMatches,
  isJsonObject,
  mergePatch,
  readJsonBody,
  requestHash,
  type Json,
  type JsonObject,
} from './http.js';
import { findKey, parseIdempotencyKey, purgeIdempotencyKeys, replay, storeKey, type StoredResponse } from './idempotency.js';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_MIN_FILL_MS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_RATE_LIMIT_LEADS,
  MAX_PAGE_LIMIT,
} from './limits.js';
import { migrate } from './migrations.js';
import { openApiDocument } from './openapi.js';
import { HttpProblem, invalidParameter, validationProblem } from './problem.js';
import { TokenBuckets } from './rate-limit.js';
import { isCollection, validateRecord, type CollectionName } from './schemas.js';
import {
  LIST_FILTERS,
  getRecord,
  insertRecord,
  listRecords,
  lockWrites,
  ping,
  replaceRecord,
  softDeleteRecord,
  type StoredRecord,
} from './store.js';

/** Where PGlite keeps its files unless told otherwise: `.data/pglite` in the project. */
export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const MAX_FILTER_LENGTH = 200;

export interface AppConfig {
  db: Database;
  corsOrigins: readonly string[];
  /** POST /leads per client per minute; 0 or less disables the limit. */
  rateLimitLeads: number;
  minFillMs: number;
  bodyLimitBytes: number;
  /** Take the client address from the first X-Forwarded-For entry (behind a trusted proxy). */
  trustProxy: boolean;
}

export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_MIN_FILL_MS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_RATE_LIMIT_LEADS,
  MAX_PAGE_LIMIT,
};

type Env = { Bindings: HttpBindings };
type Ctx = Context<Env>;

// ---------------------------------------------------------------------------------------------
// Small helpers

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function toResponse(stored: StoredResponse): Response {
  return new Response(stored.body === '' ? null : stored.body, { status: stored.status, headers: stored.headers });
}

function recordPath(collection: string, id: string): string {
  return `/${collection}/${encodeURIComponent(id)}`;
}

function recordResponse(collection: string, rec: StoredRecord, status: number): StoredResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json', etag: etagOf(rec.version) };
  if (status === 201) headers.location = recordPath(collection, rec.id);
  return { status, headers, body: JSON.stringify(rec.data) };
}

function collectionParam(c: Ctx): CollectionName {
  const name = c.req.param('collection') ?? '';
  if (!isCollection(name)) {
    throw new HttpProblem('not-found', `There is no collection "${name}"; use leads, deals, pipelines or activities.`);
  }
  return name;
}

function idParam(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (id.trim() === '' || id.length > 200) {
    throw new HttpProblem('not-found', 'A record id is 1..200 characters.', { errors: [{ path: 'id', message: 'must be 1..200 characters', in: 'path' }] });
  }
  return id;
}

function notFound(collection: string, id: string): HttpProblem {
  return new HttpProblem('not-found', `There is no record "${id}" in ${collection}.`);
}

/** 412 with the server's version of the record, so the client can show both. */
function preconditionFailed(current: StoredRecord | null, detail: string): HttpProblem {
  if (!current) return new HttpProblem('precondition-failed', detail);
  const etag = etagOf(current.version);
  return new HttpProblem('precondition-failed', detail, { headers: { etag }, extra: { current: current.data, currentEtag: etag } });
}

/** The live record (null when missing or deleted). */
function live(rec: StoredRecord | null): StoredRecord | null {
  return rec && rec.deletedAt === null ? rec : null;
}

/** Checks If-Match and If-None-Match of a write against the live record. */
function checkWritePreconditions(c: Ctx, current: StoredRecord | null): void {
  const tag = current ? etagOf(current.version) : null;
  const ifMatch = c.req.header('if-match');
  if (ifMatch !== undefined && !ifMatchPasses(ifMatch, tag)) {
    throw preconditionFailed(
      current,
      current
        ? `The record changed since you read it (If-Match ${ifMatch}, current ${tag}). Merge your change into "current" and retry with its ETag.`
        : 'The record does not exist, so If-Match cannot match.',
    );
  }
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatchMatches(ifNoneMatch, tag)) {
    throw preconditionFailed(current, 'The record already exists (If-None-Match).');
  }
}

/** Splits `_`-prefixed meta fields (never stored) from the record fields. */
function splitMeta(body: JsonObject): { fields: JsonObject; meta: JsonObject } {
  const fields: JsonObject = {};
  const meta: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('_')) meta[key] = value;
    else fields[key] = value;
  }
  return { fields, meta };
}

function requireObject(body: Json): JsonObject {
  if (!isJsonObject(body)) throw validationProblem([{ path: '', message: 'must be an object', in: 'body' }]);
  return body;
}

/** The stored record from a body: server fields set, validated (422 naming each field). */
function buildRecord(collection: CollectionName, fields: JsonObject, id: string, now: string, createdAt: string | undefined): JsonObject {
  const candidate: JsonObject = { ...fields, id, createdAt: createdAt ?? now, updatedAt: now };
  const result = validateRecord(collection, candidate);
  if (!result.ok) throw validationProblem(result.errors);
  return result.value as JsonObject;
}

/** Sets the server's timestamps on a validated record (same ISO format, so it stays valid). */
function stamp(data: JsonObject, now: string, createdAt: string): JsonObject {
  data.createdAt = createdAt;
  data.updatedAt = now;
  return data;
}

/** The client's createdAt when it is a valid ISO date, else undefined (the server then decides). */
function clientCreatedAt(fields: JsonObject): string | undefined {
  return isIsoDate(fields.createdAt) ? fields.createdAt : undefined;
}

function bodyId(fields: JsonObject, urlId?: string): string {
  const given = fields.id;
  if (urlId !== undefined) {
    if (given !== undefined && given !== urlId) {
      throw validationProblem([{ path: 'id', message: `must be "${urlId}", the id in the URL`, in: 'body' }]);
    }
    return urlId;
  }
  if (given === undefined) return randomUUID();
  // A present but invalid id is reported by validation; keep it so the error names it.
  return given as string;
}

function encodeCursor(seq: string): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isJsonObject(parsed) && typeof parsed.s === 'string' && /^\d{1,19}$/.test(parsed.s)) return parsed.s;
  } catch {
    // fall through
  }
  throw invalidParameter('cursor', 'is not a cursor this server issued; use nextCursor from a previous page');
}

// ---------------------------------------------------------------------------------------------
// The app

export function createApp(config: AppConfig): Hono<Env> {
  const { db } = config;
  const buckets = new TokenBuckets(config.rateLimitLeads);
  const app = new Hono<Env>();

  function clientKey(c: Ctx): string {
    if (config.trustProxy) {
      const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (first) return first;
    }
    return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  }

  function takeToken(c: Ctx): void {
    const taken = buckets.take(clientKey(c));
    if (!taken.ok) {
      throw new HttpProblem('rate-limited', `Too many leads from this client; retry in ${taken.retryAfterSeconds} s.`, {
        headers: { 'retry-after': String(taken.retryAfterSeconds) },
      });
    }
  }

  /** A bot: the honeypot is filled or the form was submitted faster than a person can. */
  function isBot(meta: JsonObject): boolean {
    const hp = meta._hp;
    if (hp !== undefined && hp !== null && hp !== '') return true;
    const elapsed = meta._elapsedMs;
    if (elapsed === undefined || elapsed === null) return false;
    return !(typeof elapsed === 'number' && Number.isFinite(elapsed) && elapsed >= config.minFillMs);
  }

  /** What a stored lead would look like, for a bot: same shape, same status, nothing stored. */
  function decoy(collection: CollectionName, fields: JsonObject, id: string, now: string): StoredResponse {
    const candidate: JsonObject = { ...fields, id, createdAt: clientCreatedAt(fields) ?? now, updatedAt: now };
    const result = validateRecord(collection, candidate);
    const data = result.ok ? (result.value as JsonObject) : { status: 'new', ...candidate };
    return recordResponse(collection, { id, data, version: 1, seq: '0', serverUpdatedAt: now, deletedAt: null }, 201);
  }

  /**
   * Runs a write in one transaction holding the write lock. A used Idempotency-Key replays its
   * stored response (no rate-limit token spent; 409 for a different request); otherwise `run`
   * writes and its response is stored under the key before COMMIT. Only committed responses are
   * stored, so a 4xx leaves the key unused. `now` is read under the lock, so `updatedAt` never goes
   * backwards in write order (what `updatedSince` relies on).
   */
  async function write(
    c: Ctx,
    opts: {
      key: string | undefined;
      path: string;
      body: Json | undefined;
      /** Spend a rate-limit token (POST /leads). */
      limited?: boolean;
      run: (tx: Queryable, now: string) => Promise<StoredResponse>;
    },
  ): Promise<Response> {
    const method = c.req.method;
    const hash = requestHash(method, opts.path, opts.body);
    const { key } = opts;
    const outcome = await db.transaction(async (tx) => {
      await lockWrites(tx);
      if (key !== undefined) {
        const held = await findKey(tx, key);
        if (held) return { held, response: undefined };
      }
      if (opts.limited) takeToken(c);
      const response = await opts.run(tx, new Date().toISOString());
      if (key !== undefined) await storeKey(tx, key, { method, path: opts.path, requestHash: hash, response });
      return { held: undefined, response };
    });
    if (outcome.held) return replay(outcome.held, method, opts.path, hash);
    return toResponse(outcome.response);
  }

  app.use('*', cors(config.corsOrigins));

  app.onError((err, c) => {
    const instance = new URL(c.req.url).pathname;
    if (err instanceof HttpProblem) return err.toResponse(instance);
    console.error(`${c.req.method} ${instance} failed:`, err);
    return new HttpProblem('internal-error', 'The server failed to handle this request; it was logged.').toResponse(instance);
  });

  app.notFound((c) => new HttpProblem('not-found', `Nothing is at ${new URL(c.req.url).pathname}.`).toResponse(new URL(c.req.url).pathname));

  app.get('/', (c) =>
    c.json({ name: 'l2c-elements reference server', openapi: '/openapi.json', health: '/health', collections: ['leads', 'deals', 'pipelines', 'activities'] }),
  );

  app.get('/health', async () => {
    await ping(db);
    return json({ ok: true, db: db.kind });
  });

  app.get('/openapi.json', () => json(openApiDocument(), 200, { 'cache-control': 'public, max-age=300' }));

  // --- collection -----------------------------------------------------------------------------

  app.get('/:collection', async (c) => {
    const collection = collectionParam(c);
    const q = c.req.query();
    let limit = DEFAULT_PAGE_LIMIT;
    if (q.limit !== undefined) {
      if (!/^\d{1,4}$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > MAX_PAGE_LIMIT) {
        throw invalidParameter('limit', `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
      }
      limit = Number(q.limit);
    }
    let updatedSince: string | undefined;
    if (q.updatedSince !== undefined) {
      const ms = parseIsoDate(q.updatedSince);
      if (ms === null) throw invalidParameter('updatedSince', 'must be an ISO 8601 date or date-time with a time zone');
      updatedSince = new Date(ms).toISOString();
    }
    const afterSeq = q.cursor === undefined ? '0' : decodeCursor(q.cursor);
    const filters: Partial<Record<(typeof LIST_FILTERS)[number], string>> = {};
    for (const name of LIST_FILTERS) {
      const value = q[name];
      if (value === undefined) continue;
      if (value.length > MAX_FILTER_LENGTH) throw invalidParameter(name, `must be at most ${MAX_FILTER_LENGTH} characters long`);
      filters[name] = value;
    }
    const rows = await listRecords(db, collection, { afterSeq, updatedSince, filters, limit });
    const page = rows.slice(0, limit);
    const items = page.map((r) => (r.deletedAt === null ? r.data : { id: r.id, deleted: true, deletedAt: r.deletedAt }));
    // The ETag of each listed record, so a syncing client can send If-Match without a GET each.
    const etags: Record<string, string> = {};
    for (const r of page) if (r.deletedAt === null) etags[r.id] = etagOf(r.version);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(last.seq) : null;
    return json({ items, nextCursor, etags }, 200, { 'cache-control': 'no-store' });
  });

  app.post('/:collection', async (c) => {
    const collection = collectionParam(c);
    const isLeads = collection === 'leads';
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), isLeads);
    const body = await readJsonBody(c.req.raw, config.bodyLimitBytes);
    // Validate before the transaction; a bot's submission is not validated (it gets a decoy).
    const { fields, meta } = splitMeta(requireObject(body));
    const id = bodyId(fields);
    const bot = isLeads && isBot(meta);
    const given = clientCreatedAt(fields);
    const data = bot ? {} : buildRecord(collection, fields, id, new Date().toISOString(), given);
    return write(c, {
      key,
      path: `/${collection}`,
      body,
      limited: isLeads,
      run: async (tx, now) => {
        if (bot) return decoy(collection, fields, id, now);
        const rec = await insertRecord(tx, collection, id, stamp(data, now, given ?? now), now);
        if (!rec) {
          const existing = await getRecord(tx, collection, id);
          const deleted = existing?.deletedAt ? ' (it was deleted; PUT brings it back)' : '';
          throw new HttpProblem('conflict', `A record "${id}" already exists in ${collection}${deleted}. Use PUT to replace it or PATCH to change it.`, {
            errors: [{ path: 'id', message: 'is already taken', in: 'body' }],
          });
        }
        return recordResponse(collection, rec, 201);
      },
    });
  });

  app.on(['PUT', 'PATCH', 'DELETE'], '/:collection', (c) => {
    collectionParam(c);
    throw new HttpProblem('method-not-allowed', `${c.req.method} needs a record id: /{collection}/{id}.`, { headers: { allow: 'GET, POST' } });
  });

  // --- record ---------------------------------------------------------------------------------

  app.get('/:collection/:id', async (c) => {
    const collection = collectionParam(c);
    const id = idParam(c);
    const rec = live(await getRecord(db, collection, id));
    if (!rec) throw notFound(collection, id);
    const etag = etagOf(rec.version);
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatchMatches(ifNoneMatch, etag)) {
      return new Response(null, { status: 304, headers: { etag, 'cache-control': 'no-cache' } });
    }
    return json(rec.data, 200, { etag, 'cache-control': 'no-cache' });
  });

  app.put('/:collection/:id', async (c) => {
    const collection = collectionParam(c);
    const id = idParam(c);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    const body = await readJsonBody(c.req.raw, config.bodyLimitBytes);
    const { fields, meta } = splitMeta(requireObject(body));
    bodyId(fields, id);
    const bot = collection === 'leads' && isBot(meta);
    const given = clientCreatedAt(fields);
    const data = bot ? {} : buildRecord(collection, fields, id, new Date().toISOString(), given);
    return write(c, {
      key,
      path: recordPath(collection, id),
      body,
      run: async (tx, now) => {
        if (bot) return decoy(collection, fields, id, now);
        const stored = await getRecord(tx, collection, id);
        const current = live(stored);
        checkWritePreconditions(c, current);
        // Without a valid createdAt from the client, a replaced record keeps its own.
        const kept = current && typeof current.data.createdAt === 'string' ? current.data.createdAt : now;
        stamp(data, now, given ?? kept);
        const rec = stored ? await replaceRecord(tx, collection, id, data, now) : await insertRecord(tx, collection, id, data, now);
        return recordResponse(collection, rec!, current ? 200 : 201);
      },
    });
  });

  app.patch('/:collection/:id', async (c) => {
    const collection = collectionParam(c);
    const id = idParam(c);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    const patch = await readJsonBody(c.req.raw, config.bodyLimitBytes, ['application/merge-patch+json']);
    return write(c, {
      key,
      path: recordPath(collection, id),
      body: patch,
      run: async (tx, now) => {
        const current = live(await getRecord(tx, collection, id));
        if (!current) throw notFound(collection, id);
        checkWritePreconditions(c, current);
        const merged = mergePatch(current.data, isJsonObject(patch) ? splitMeta(patch).fields : patch);
        const fields = requireObject(merged);
        bodyId(fields, id);
        const createdAt = clientCreatedAt(fields) ?? (typeof current.data.createdAt === 'string' ? current.data.createdAt : undefined);
        const data = buildRecord(collection, fields, id, now, createdAt);
        return recordResponse(collection, (await replaceRecord(tx, collection, id, data, now))!, 200);
      },
    });
  });

  app.delete('/:collection/:id', async (c) => {
    const collection = collectionParam(c);
    const id = idParam(c);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    return write(c, {
      key,
      path: recordPath(collection, id),
      body: undefined,
      run: async (tx, now) => {
        const current = live(await getRecord(tx, collection, id));
        if (!current) throw notFound(collection, id);
        checkWritePreconditions(c, current);
        await softDeleteRecord(tx, collection, id, now);
        return { status: 204, headers: {}, body: '' };
      },
    });
  });

  app.post('/:collection/:id', (c) => {
    collectionParam(c);
    throw new HttpProblem('method-not-allowed', 'POST creates in a collection: POST /{collection}. Use PUT to write a record by id.', {
      headers: { allow: 'GET, HEAD, PUT, PATCH, DELETE' },
    });
  });

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
  minFillMs?: number;
  bodyLimitBytes?: number;
  trustProxy?: boolean;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  db: DbKind;
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
  try {
    await migrate(db);
    await purgeIdempotencyKeys(db);
  } catch (err) {
    if (ownsDb) await db.close();
    throw err;
  }
  const corsOrigins = parseOrigins(options.corsOrigins ?? DEFAULT_CORS_ORIGINS);
  const app = createApp({
    db,
    corsOrigins,
    rateLimitLeads: options.rateLimitLeads ?? DEFAULT_RATE_LIMIT_LEADS,
    minFillMs: options.minFillMs ?? DEFAULT_MIN_FILL_MS,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
  // Slow clients may not hold a connection forever.
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
    if (ownsDb) await db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const purge = setInterval(() => {
    purgeIdempotencyKeys(db).catch((err: unknown) => console.error('purging idempotency keys failed:', err));
  }, PURGE_INTERVAL_MS);
  purge.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl(host)}:${port}`,
    port,
    db: db.kind,
    close() {
      closing ??= (async () => {
        clearInterval(purge);
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
