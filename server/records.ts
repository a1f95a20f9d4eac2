/**
 * The record routes (`/leads`, `/deals`, `/pipelines`, `/activities`),
 * scoped to the caller's workspace (the change stream, the audit log and the workspace itself are
 * in workspace-routes.ts).
 *
 * Every write runs in one transaction that locks the workspace's row, stores the response under its
 * Idempotency-Key, appends to the audit log and notifies the change streams; the response is sent
 * only after COMMIT: a client whose response was lost retries with the same key and gets the same
 * answer.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { SETTINGS_IDS } from '../src/core/model.js';
import { isIsoDate } from '../src/core/validate.js';
import { actorOf, type Authenticator, type Member } from './auth.js';
import { CHANGES_CHANNEL, type ChangeHub } from './changes.js';
import { checkFormEngagement, requireLead } from './engagement.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Database, Queryable } from './db.js';
import { allow, type Ctx, type Env, type Limits, type Need } from './guard.js';
import { etagOf, ifMatchPasses, ifNoneMatchMatches, isJsonObject, mergePatch, readJsonBody, requestHash, type Json, type JsonObject } from './http.js';
import { findKey, parseIdempotencyKey, replay, storeKey, type KeyScope, type StoredResponse } from './idempotency.js';
import { HttpProblem, invalidParameter, validationProblem, type FieldError } from './problem.js';
import { OWNERSHIP_FIELDS, routeArrival } from './routing.js';
import { freeFormFields, isCollection, validateRecord, type CollectionName } from './schemas.js';
import { inWorkspace } from './scope.js';
import { Turns } from './turns.js';
import {
  LIST_FILTERS, getRecord, insertRecord, listRecords, lockWorkspace, purgeRecord, replaceRecord, softDeleteRecord, type StoredRecord,
} from './store.js';
import { boolParam, checkQuery, checkStorable, dateParam, json, limitParam, requireObject } from './params.js';
import { isStorableText } from './text.js';
import { audit } from './workspaces.js';

const MAX_FILTER_LENGTH = 200;

/** Write transactions of form keys one workspace may have under way at once, per instance. */
export const FORM_WRITE_TURNS = 2;

export interface RecordsConfig {
  db: Database;
  auth: Authenticator;
  hub: ChangeHub;
  limits: Limits;
  minFillMs: number;
  bodyLimitBytes: number;
  /** Bytes of fields the schema does not know (and `custom`) a record may carry. */
  freeFormLimitBytes: number;
  /** Bytes of items a list response may carry (at least one item is always sent). */
  listLimitBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

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

function collectionOf(name: string): CollectionName {
  if (!isCollection(name)) {
    throw new HttpProblem('not-found', `There is no collection "${name}"; use leads, deals, pipelines, activities or settings.`);
  }
  return name;
}

function idParam(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (id.trim() === '' || id.length > 200 || !isStorableText(id)) {
    throw new HttpProblem('not-found', 'A record id is 1..200 characters of text.', { errors: [{ path: 'id', message: 'must be 1..200 characters of text', in: 'path' }] });
  }
  return id;
}

/** A settings id the server knows (routing, campaigns, scoring); any other is 404. */
function checkSettingsId(collection: CollectionName, id: string): void {
  if (collection === 'settings' && !(SETTINGS_IDS as readonly string[]).includes(id)) {
    throw new HttpProblem('not-found', `There is no setting "${id}"; the settings are ${SETTINGS_IDS.slice(0, -1).join(', ')} and ${SETTINGS_IDS.at(-1)}.`);
  }
}

/** What a write needs: a settings record by its id (routing is for admins, campaign costs for members). */
function writeNeed(c: Ctx): Need {
  const collection = c.req.param('collection') ?? '';
  return { write: collection === 'settings' && c.req.param('id') ? `settings/${c.req.param('id')}` : collection };
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

// ---------------------------------------------------------------------------------------------
// Routes

export function recordRoutes(app: Hono<Env>, config: RecordsConfig): void {
  const { db, limits } = config;
  const gate = (c: Ctx, need: Need): Promise<Member> => allow(c, need, limits);
  const formTurns = new Turns(FORM_WRITE_TURNS);

  /** Why a lead looks like spam: the honeypot, a fill faster than a person's, or a timing that is not a number. */
  function spamSignals(meta: JsonObject): string[] {
    const signals: string[] = [];
    const hp = meta._hp;
    if (hp !== undefined && hp !== null && hp !== '') signals.push('honeypot');
    const elapsed = meta._elapsedMs;
    if (elapsed !== undefined && elapsed !== null) {
      if (typeof elapsed !== 'number' || !Number.isFinite(elapsed)) signals.push('bad-timing');
      else {
        // The page's own minimum counts when it is lower (a one-field form is filled fast), and a
        // browser's autofill is a person being quick, not a bot.
        const page = meta._minFillMs;
        const pageMin = typeof page === 'number' && Number.isFinite(page) && page >= 0 ? page : Infinity;
        if (elapsed < Math.min(config.minFillMs, pageMin) && meta._autofill !== true) signals.push('fast-fill');
      }
    }
    return signals;
  }

  /** The stored record from a body: server fields set, validated (422 naming each field), free-form data capped. */
  function buildRecord(collection: CollectionName, fields: JsonObject, id: string, now: string, createdAt: string | undefined, p: Member): JsonObject {
    const candidate: JsonObject = { ...fields, id, createdAt: createdAt ?? now, updatedAt: now, updatedBy: actorOf(p) };
    const result = validateRecord(collection, candidate);
    if (!result.ok) throw validationProblem(result.errors);
    const free = freeFormFields(collection, result.value);
    let total = free.reduce((sum, f) => sum + f.bytes, 0);
    if (total > config.freeFormLimitBytes) {
      const errors: FieldError[] = [];
      for (const f of free) {
        if (total <= config.freeFormLimitBytes) break;
        errors.push({ path: f.path, message: `is ${f.bytes} bytes; fields the schema does not know (and custom) may hold ${config.freeFormLimitBytes} bytes per record in all`, in: 'body' });
        total -= f.bytes;
      }
      throw validationProblem(errors);
    }
    return result.value as JsonObject;
  }

  /** Sets the server's timestamps on a validated record (same ISO format, so it stays valid). */
  function stamp(data: JsonObject, now: string, createdAt: string): JsonObject {
    data.createdAt = createdAt;
    data.updatedAt = now;
    return data;
  }

  interface Written {
    response: StoredResponse;
    /** What the audit log records; absent when nothing changed. */
    audit?: { action: string; collection: string; rec?: StoredRecord; id: string };
  }

  /**
   * Runs a write in one transaction holding the workspace's lock. A used Idempotency-Key replays
   * its stored response (409 for a different request); otherwise `run` writes and its response is
   * stored under the key before COMMIT. Only committed responses are stored, so a 4xx leaves the
   * key unused. `now` is the database's clock read under the lock.
   */
  async function write(
    c: Ctx,
    p: Member,
    opts: { key: string | undefined; path: string; body: Json | undefined; run: (tx: Queryable, now: string) => Promise<Written> },
  ): Promise<Response> {
    const method = c.req.method;
    const hash = requestHash(method, opts.path, opts.body);
    const { key } = opts;
    const scope: KeyScope = { workspaceId: p.workspaceId, credential: actorOf(p) };
    const ws = p.workspaceId;
    const transaction = () => inWorkspace(db, ws, async (tx) => {
      const now = await lockWorkspace(tx, ws);
      if (now === null) throw new HttpProblem('unauthorized', 'The workspace of this credential no longer exists.');
      if (key !== undefined) {
        const held = await findKey(tx, scope, key);
        if (held) return { held, response: undefined };
      }
      const written = await opts.run(tx, now);
      if (written.audit) {
        const { action, collection, rec, id } = written.audit;
        await audit(tx, ws, {
          ...(rec ? { seq: rec.seq, version: rec.version } : {}), at: now, actor: scope.credential, action, collection, recordId: id,
        }, CHANGES_CHANNEL);
      }
      if (key !== undefined) await storeKey(tx, scope, key, { method, path: opts.path, requestHash: hash, response: written.response });
      return { held: undefined, response: written.response };
    });
    // Public forms take turns at the workspace's write lock (FORM_WRITE_TURNS per instance): a
    // burst of their leads waits here, in memory, not in the lock's queue ahead of the team.
    const outcome = p.role === 'form' ? await formTurns.run(ws, transaction) : await transaction();
    if (outcome.held) return replay(outcome.held, method, opts.path, hash);
    return toResponse(outcome.response);
  }

  // --- collection -----------------------------------------------------------------------------

  app.get('/:collection', async (c) => {
    const p = await gate(c, { read: c.req.param('collection') });
    const collection = collectionOf(c.req.param('collection'));
    const q = checkQuery(c);
    const limit = limitParam(q.limit);
    const updatedSince = q.updatedSince === undefined ? undefined : dateParam('updatedSince', q.updatedSince);
    // `cursor` continues a page; `since` (a syncToken) starts after a position, tombstones included.
    const start = q.cursor ?? q.since;
    const afterSeq = start === undefined ? '0' : decodeCursor(start, q.cursor !== undefined ? 'cursor' : 'since');
    const spam = boolParam('spam', q.spam);
    const filters: Partial<Record<(typeof LIST_FILTERS)[number], string>> = {};
    for (const name of LIST_FILTERS) {
      const value = q[name];
      if (value === undefined) continue;
      if (value.length > MAX_FILTER_LENGTH) throw invalidParameter(name, `must be at most ${MAX_FILTER_LENGTH} characters long`);
      filters[name] = value;
    }
    const withDeleted = q.since !== undefined || updatedSince !== undefined || q.deleted === 'true';
    const { rows, wsSeq } = await inWorkspace(db, p.workspaceId, async (tx) => {
      const found = await listRecords(tx, p.workspaceId, collection, { afterSeq, updatedSince, withDeleted, spam, filters, limit });
      const seq = await tx.query<{ seq: string | number }>('SELECT seq FROM workspaces WHERE id = $1', [p.workspaceId]);
      return { rows: found, wsSeq: String(seq[0]?.seq ?? '0') };
    }, { snapshot: true });
    // The page: at most `limit` items and, past the first, at most listLimitBytes of them.
    const items: Json[] = [];
    const etags: Record<string, string> = {};
    let bytes = 0;
    let more = rows.length > limit;
    let last: StoredRecord | undefined;
    for (const r of rows.slice(0, limit)) {
      const item: Json = r.deletedAt === null ? r.data : { id: r.id, deleted: true, deletedAt: r.deletedAt };
      const size = JSON.stringify(item).length;
      if (items.length > 0 && bytes + size > config.listLimitBytes) {
        more = true;
        break;
      }
      bytes += size;
      items.push(item);
      // The ETag of each listed record, so a syncing client can send If-Match without a GET each.
      if (r.deletedAt === null) etags[r.id] = etagOf(r.version);
      last = r;
    }
    const nextCursor = more && last ? encodeCursor(last.seq) : null;
    // On the last page: the position to pull from next time (`since`), which covers every write
    // committed before this page was read, whatever the filters.
    const body: Record<string, unknown> = { items, nextCursor, etags };
    if (!nextCursor) body.syncToken = encodeCursor(wsSeq);
    return json(body, 200, { 'cache-control': 'no-store' });
  });

  app.post('/:collection', async (c) => {
    const p = await gate(c, { write: c.req.param('collection') });
    const collection = collectionOf(c.req.param('collection'));
    if (collection === 'settings') {
      throw new HttpProblem('method-not-allowed', 'Settings are written by id: PUT /settings/routing or PUT /settings/campaigns.', { headers: { allow: 'GET' } });
    }
    const isLeads = collection === 'leads';
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), isLeads);
    const body = await readJsonBody(c.req.raw, config.bodyLimitBytes);
    checkStorable(body);
    const { fields, meta } = splitMeta(requireObject(body));
    // Who owns a lead is routing's to decide, not a web page's.
    if (isLeads && p.role === 'form') for (const field of OWNERSHIP_FIELDS) delete fields[field];
    // A form key's activity: only a page view or visit (403 for anything else), of one of its leads (below).
    const tracked = collection === 'activities' && p.role === 'form';
    if (tracked) checkFormEngagement(fields, Date.now());
    const id = bodyId(fields);
    const signals = isLeads ? spamSignals(meta) : [];
    // Suspected spam is stored, flagged and hidden from lists: never a success for nothing stored.
    if (signals.length) Object.assign(fields, { spam: true, spamSignals: signals });
    const given = clientCreatedAt(fields);
    const data = buildRecord(collection, fields, id, new Date().toISOString(), given, p);
    return write(c, p, {
      key,
      path: `/${collection}`,
      body,
      run: async (tx, now) => {
        if (isLeads) await routeArrival(tx, p.workspaceId, data, now);
        if (tracked) await requireLead(tx, p.workspaceId, data.leadId);
        const rec = await insertRecord(tx, p.workspaceId, collection, id, stamp(data, now, given ?? now), now, data.spam === true);
        if (!rec) {
          const existing = await getRecord(tx, p.workspaceId, collection, id);
          const deleted = existing?.deletedAt ? ' (it was deleted; PUT brings it back)' : '';
          throw new HttpProblem('conflict', `A record "${id}" already exists in ${collection}${deleted}. Use PUT to replace it or PATCH to change it.`, {
            errors: [{ path: 'id', message: 'is already taken', in: 'body' }],
          });
        }
        return { response: recordResponse(collection, rec, 201), audit: { action: rec.spam ? 'create.spam' : 'create', collection, rec, id } };
      },
    });
  });

  app.on(['PUT', 'PATCH', 'DELETE'], '/:collection', async (c) => {
    await gate(c, { write: c.req.param('collection') });
    collectionOf(c.req.param('collection'));
    throw new HttpProblem('method-not-allowed', `${c.req.method} needs a record id: /{collection}/{id}.`, { headers: { allow: 'GET, POST' } });
  });

  // --- record ---------------------------------------------------------------------------------

  app.get('/:collection/:id', async (c) => {
    const p = await gate(c, { read: c.req.param('collection') });
    const collection = collectionOf(c.req.param('collection'));
    const id = idParam(c);
    checkSettingsId(collection, id);
    const rec = live(await inWorkspace(db, p.workspaceId, (tx) => getRecord(tx, p.workspaceId, collection, id)));
    if (!rec) throw notFound(collection, id);
    const etag = etagOf(rec.version);
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatchMatches(ifNoneMatch, etag)) {
      return new Response(null, { status: 304, headers: { etag, 'cache-control': 'no-cache' } });
    }
    return json(rec.data, 200, { etag, 'cache-control': 'no-cache' });
  });

  app.put('/:collection/:id', async (c) => {
    const p = await gate(c, writeNeed(c));
    const collection = collectionOf(c.req.param('collection'));
    const id = idParam(c);
    checkSettingsId(collection, id);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    const body = await readJsonBody(c.req.raw, config.bodyLimitBytes);
    checkStorable(body);
    const { fields } = splitMeta(requireObject(body));
    bodyId(fields, id);
    const given = clientCreatedAt(fields);
    const data = buildRecord(collection, fields, id, new Date().toISOString(), given, p);
    return write(c, p, {
      key,
      path: recordPath(collection, id),
      body,
      run: async (tx, now) => {
        const stored = await getRecord(tx, p.workspaceId, collection, id);
        const current = live(stored);
        checkWritePreconditions(c, current);
        // Without a valid createdAt from the client, a replaced record keeps its own.
        const kept = current && typeof current.data.createdAt === 'string' ? current.data.createdAt : now;
        stamp(data, now, given ?? kept);
        const spam = data.spam === true;
        // A lead stored for the first time (or released from spam) is routed now.
        if (collection === 'leads' && (!current || stored?.spam)) await routeArrival(tx, p.workspaceId, data, now);
        const rec = stored
          ? await replaceRecord(tx, p.workspaceId, collection, id, data, now, spam)
          : await insertRecord(tx, p.workspaceId, collection, id, data, now, spam);
        const action = stored?.spam && !spam ? 'release' : current ? 'replace' : 'create';
        return { response: recordResponse(collection, rec!, current ? 200 : 201), audit: { action, collection, rec: rec!, id } };
      },
    });
  });

  app.patch('/:collection/:id', async (c) => {
    const p = await gate(c, writeNeed(c));
    const collection = collectionOf(c.req.param('collection'));
    const id = idParam(c);
    checkSettingsId(collection, id);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    const patch = await readJsonBody(c.req.raw, config.bodyLimitBytes, ['application/merge-patch+json']);
    checkStorable(patch);
    return write(c, p, {
      key,
      path: recordPath(collection, id),
      body: patch,
      run: async (tx, now) => {
        const current = live(await getRecord(tx, p.workspaceId, collection, id));
        if (!current) throw notFound(collection, id);
        checkWritePreconditions(c, current);
        const merged = mergePatch(current.data, isJsonObject(patch) ? splitMeta(patch).fields : patch);
        const fields = requireObject(merged);
        bodyId(fields, id);
        const createdAt = clientCreatedAt(fields) ?? (typeof current.data.createdAt === 'string' ? current.data.createdAt : undefined);
        const data = buildRecord(collection, fields, id, now, createdAt, p);
        const spam = data.spam === true;
        if (collection === 'leads' && current.spam && !spam) await routeArrival(tx, p.workspaceId, data, now);
        const rec = (await replaceRecord(tx, p.workspaceId, collection, id, data, now, spam))!;
        return { response: recordResponse(collection, rec, 200), audit: { action: current.spam && !spam ? 'release' : 'update', collection, rec, id } };
      },
    });
  });

  app.delete('/:collection/:id', async (c) => {
    const p = await gate(c, writeNeed(c));
    const collection = collectionOf(c.req.param('collection'));
    const id = idParam(c);
    checkSettingsId(collection, id);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'), false);
    return write(c, p, {
      key,
      path: recordPath(collection, id),
      body: undefined,
      run: async (tx, now) => {
        const current = live(await getRecord(tx, p.workspaceId, collection, id));
        if (!current) throw notFound(collection, id);
        checkWritePreconditions(c, current);
        // Spam no client has seen is purged for good; anything else leaves a tombstone for sync.
        if (current.spam) {
          await purgeRecord(tx, p.workspaceId, collection, id);
          return { response: { status: 204, headers: {}, body: '' }, audit: { action: 'purge', collection, id } };
        }
        const rec = await softDeleteRecord(tx, p.workspaceId, collection, id, now);
        return { response: { status: 204, headers: {}, body: '' }, audit: { action: 'delete', collection, rec, id } };
      },
    });
  });

  app.post('/:collection/:id', async (c) => {
    await gate(c, { write: c.req.param('collection') });
    collectionOf(c.req.param('collection'));
    throw new HttpProblem('method-not-allowed', 'POST creates in a collection: POST /{collection}. Use PUT to write a record by id.', {
      headers: { allow: 'GET, HEAD, PUT, PATCH, DELETE' },
    });
  });
}
