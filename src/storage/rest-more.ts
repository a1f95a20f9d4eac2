/**
 * The parts of the REST adapter a page needs only sometimes, loaded on first use: pulling server
 * changes into the cache, fetching the server's version of a conflicting record, and managing the
 * outbox (retry, discard or resolve a dead letter; wait until it drains). A page that only writes,
 * such as a lead form, never loads them unless it polls.
 */
import { COLLECTIONS, type AnyRecord, type CollectionName } from '../core/model.js';
import { newId } from '../core/id.js';
import { StorageError } from './errors.js';
import { commit, read, req, type Store } from './idb.js';
import { toStored } from './indexeddb.js';
import { etagKey, type RestRepository } from './rest.js';
import { stripMeta } from './rest-sender.js';
import type { DeadLetter, OutboxEntry } from './schema.js';

const SKEW_MS = 5000;
/** Where the last pull of a collection ended: the server's `syncToken` (or, from a server without one, a time). */
export const cursorKey = (c: CollectionName) => `since:${c}`;
const tokenKey = (c: CollectionName) => `sync:${c}`;

/** One record, or a deleted one's tombstone, as a list or the change stream gives it. */
export interface ServerItem {
  item: Record<string, unknown>;
  etag?: string | undefined;
}

/**
 * Applies records from the server to the cache in one transaction, except those with a local
 * write still waiting to be sent (that one wins in the cache; the server decides when it arrives);
 * `after` runs in the same transaction (to store where the sync got to). Tells listeners.
 */
export async function applyServerItems(
  repo: RestRepository,
  collection: CollectionName,
  items: readonly ServerItem[],
  after?: (meta: Store<'meta'>) => Promise<unknown>,
): Promise<void> {
  const db = await repo.local.db();
  const changed: string[] = [];
  const deleted: string[] = [];
  await commit(db, [collection, 'outbox', 'meta'], async (tx) => {
    const pending = tx.objectStore('outbox').index('record');
    const store = tx.objectStore(collection);
    const meta = tx.objectStore('meta');
    for (const { item, etag } of items) {
      const id = item['id'];
      if (typeof id !== 'string') continue;
      if (await req(pending.count([collection, id])) > 0) continue;
      if (item['deleted']) {
        await req(store.delete(id));
        await req(meta.delete(etagKey(collection, id)));
        deleted.push(id);
        continue;
      }
      await req(store.put(toStored(collection, stripMeta(item))));
      if (etag) await req(meta.put({ key: etagKey(collection, id), value: etag }));
      changed.push(id);
    }
    await after?.(meta);
  }, 'default');
  if (changed.length) repo.local.notify({ collection, type: 'put', ids: changed, origin: 'remote' });
  if (deleted.length) repo.local.notify({ collection, type: 'delete', ids: deleted, origin: 'remote' });
}

/**
 * Pulls what changed on the server in `collection` since the last pull into the cache. The server
 * numbers every write of a workspace; the last page of a list carries a `syncToken` (the position
 * it covers) and the next pull asks for everything after it (`since`, deletes included), so no
 * write is skipped, whatever the clocks. Returns that token (undefined from a server without one,
 * which is pulled by `updatedSince` with some overlap instead).
 */
export async function pull(repo: RestRepository, collection: CollectionName): Promise<string | undefined> {
  const db = await repo.local.db();
  const token = (await req(read(db, 'meta').get(tokenKey(collection))))?.value as string | undefined;
  const since = token ? undefined : (await req(read(db, 'meta').get(cursorKey(collection))))?.value as string | undefined;
  let cursor: string | null = null;
  let newest = since;
  let synced: string | undefined;
  do {
    const params = new URLSearchParams({ limit: '500' });
    if (token) params.set('since', token);
    // The first pull asks for deletes too: one made while it pages would otherwise be missed.
    else if (!since) params.set('deleted', 'true');
    // Overlap the last pull a little: a write committed late with an earlier time is not missed,
    // and reading a record twice is harmless.
    else if (since) params.set('updatedSince', new Date(Date.parse(since) - SKEW_MS).toISOString());
    if (cursor) params.set('cursor', cursor);
    const response = await repo.request('GET', `/${collection}?${params}`);
    if (!response.ok) throw new StorageError('failed', `GET /${collection}: HTTP ${response.status}`);
    const page = await response.json() as { items: Record<string, unknown>[]; nextCursor: string | null; etags?: Record<string, string>; syncToken?: string };
    for (const item of page.items) {
      const stamp = (item['deleted'] ? item['deletedAt'] : item['updatedAt']) as string | undefined;
      if (stamp && (!newest || stamp > newest)) newest = stamp;
    }
    synced = page.syncToken;
    const items = page.items.map((item) => ({ item, etag: page.etags?.[item['id'] as string] }));
    await applyServerItems(repo, collection, items, async (meta) => {
      if (synced) await req(meta.put({ key: tokenKey(collection), value: synced }));
      else if (newest) await req(meta.put({ key: cursorKey(collection), value: newest }));
    });
    cursor = page.nextCursor;
  } while (cursor);
  return synced;
}

/** Records that every collection is in sync up to `token` (a change-stream event id: the stream is ordered across collections). */
export async function syncedTo(repo: RestRepository, token: string): Promise<void> {
  const db = await repo.local.db();
  await commit(db, 'meta', (tx) => Promise.all(COLLECTIONS.map((c) => req(tx.objectStore('meta').put({ key: tokenKey(c), value: token })))), 'default');
}

/** The server's current version of a record and its ETag (after a 409 on create), if it can be read. */
export async function fetchCurrent(repo: RestRepository, collection: CollectionName, id: string): Promise<{ server?: AnyRecord; serverEtag?: string }> {
  const current = await repo.request('GET', `/${collection}/${encodeURIComponent(id)}`).catch(() => undefined);
  if (!current?.ok) return {};
  const server = await current.json() as AnyRecord;
  const serverEtag = current.headers.get('etag') ?? undefined;
  return { server, ...(serverEtag ? { serverEtag } : {}) };
}

/** Drops a dead letter; for a conflict this keeps the server's version and refreshes the cache. */
export async function discard(repo: RestRepository, seq: number): Promise<void> {
  const db = await repo.local.db();
  const letter = await req(read(db, 'deadLetters').get(seq));
  if (!letter) return;
  await commit(db, ['deadLetters', letter.collection, 'meta'], async (tx) => {
    await req(tx.objectStore('deadLetters').delete(seq));
    if (letter.reason === 'conflict' && letter.server) {
      await req(tx.objectStore(letter.collection).put(toStored(letter.collection, letter.server)));
      if (letter.serverEtag) await req(tx.objectStore('meta').put({ key: etagKey(letter.collection, letter.id), value: letter.serverEtag }));
    }
  });
  if (letter.reason === 'conflict' && letter.server) {
    repo.local.notify({ collection: letter.collection, type: 'put', ids: [letter.id], origin: 'remote' });
  }
}

/** Sends a dead letter again (with a new idempotency key, since the old one holds the refusal). */
export function retry(repo: RestRepository, seq: number): Promise<void> {
  return revive(repo, seq, (letter) => ({ ...letter, key: newId() }));
}

/** Resolves a conflict by sending `record` (yours, or a merge) over the server's current version. */
export function resolve(repo: RestRepository, seq: number, record: AnyRecord): Promise<void> {
  return revive(repo, seq, (letter) => {
    const { server: _s, serverEtag: _e, ...rest } = letter;
    return { ...rest, record, op: letter.op === 'create' ? 'put' : letter.op, key: newId() };
  }, true);
}

/** Resolves once nothing is pending (or rejects after `timeoutMs`). */
export async function drained(repo: RestRepository, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await repo.outbox.pending()).length === 0) return;
    if (Date.now() > end) throw new Error('The outbox did not drain in time.');
    repo.kick();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function revive(repo: RestRepository, seq: number, change: (letter: DeadLetter) => OutboxEntry, adoptServerEtag = false): Promise<void> {
  const db = await repo.local.db();
  const letter = await req(read(db, 'deadLetters').get(seq));
  if (!letter) return;
  const next = change(letter);
  const { deadAt: _d, reason: _r, status: _s, problem: _p, seq: _q, ...entry } = next as DeadLetter;
  await commit(db, ['deadLetters', 'outbox', 'meta', letter.collection], async (tx) => {
    await req(tx.objectStore('deadLetters').delete(seq));
    await req(tx.objectStore('outbox').add({ ...entry, attempts: 0, nextAt: Date.now() }));
    // Resolving a conflict means "this over the server's current version": base it on that ETag.
    if (adoptServerEtag && letter.serverEtag) await req(tx.objectStore('meta').put({ key: etagKey(letter.collection, letter.id), value: letter.serverEtag }));
    if (entry.record) await req(tx.objectStore(letter.collection).put(toStored(letter.collection, entry.record)));
  });
  repo.kick();
}
