/**
 * The REST adapter: reads from an IndexedDB cache, writes to the cache and a durable outbox in one
 * transaction, and one tab (holding a Web Lock) sends the outbox to the server with idempotency keys,
 * retrying with capped exponential backoff and jitter. Refused writes go to a dead-letter list;
 * writes based on a stale version come back as conflicts with both versions. Nothing is lost.
 */
import type { AnyRecord, CollectionName } from '../core/model.js';
import { COLLECTIONS } from '../core/model.js';
import { newId } from '../core/id.js';
import { toStorageError } from './errors.js';
import { commit, read, req } from './idb.js';
import { IndexedDbRepository, toStored, type ConnectionStatus } from './indexeddb.js';
import type { DeadLetter, MetaRow, OutboxEntry } from './schema.js';
import type { ChangeListener, Collection, PutOptions, Query, RecordTypes, Repository, Unsubscribe } from './types.js';

/** Options of a REST repository. */
export interface RestOptions {
  /** Base URL of the API, e.g. `https://crm.example.com/api`. */
  endpoint: string;
  /** Headers sent with every request (e.g. an API key). */
  headers?: Record<string, string>;
  /** Headers computed per request (e.g. a fresh token); wins over `headers`. */
  getHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** The IndexedDB database for the cache and outbox (default `l2c`). */
  dbName?: string;
  /** How often the sending tab pulls server changes (default 30 s; 0 turns polling off). */
  pollIntervalMs?: number;
  /** First retry delay (default 1 s) and the cap (default 60 s). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** A request taking longer is abandoned and retried (default 20 s). */
  requestTimeoutMs?: number;
  /** Source of jitter, for tests (default Math.random). */
  random?: () => number;
  /** How long an IndexedDB upgrade may stay blocked (default 5 s). */
  blockedTimeoutMs?: number;
}

/** What the outbox reports. */
export type OutboxEvent =
  | { type: 'sent'; collection: CollectionName; id: string; record?: AnyRecord }
  | { type: 'retry'; collection: CollectionName; id: string; attempts: number; delayMs: number; error: string }
  | { type: 'dead-letter'; letter: DeadLetter }
  | { type: 'conflict'; letter: DeadLetter }
  | { type: 'queued'; collection: CollectionName; ids: string[] };

type OutboxListener = (event: OutboxEvent) => void;

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
/** @internal The meta row holding the ETag of a record. */
export const etagKey = (c: CollectionName, id: string) => `etag:${c}/${id}`;

// Pulling, conflict fetching and outbox management: a separate chunk, loaded on first use.
const more = () => import('./rest-more.js');

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** @internal A record without its underscore fields (what the form sends for the server's spam checks). */
export function stripMeta(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!k.startsWith('_')) out[k] = v;
  return out;
}

class RestCollection<C extends CollectionName> implements Collection<RecordTypes[C]> {
  constructor(readonly name: C, private readonly repo: RestRepository) {}

  get(id: string): Promise<RecordTypes[C] | undefined> {
    return this.repo.local.collection(this.name).get(id);
  }

  list(query?: Query<RecordTypes[C]>): Promise<RecordTypes[C][]> {
    return this.repo.local.collection(this.name).list(query);
  }

  count(query?: Query<RecordTypes[C]>): Promise<number> {
    return this.repo.local.collection(this.name).count(query);
  }

  async put(record: RecordTypes[C], options: PutOptions = {}): Promise<RecordTypes[C]> {
    await this.repo.write(this.name, [record], options.meta);
    return record;
  }

  async putMany(records: readonly RecordTypes[C][]): Promise<void> {
    const size = this.repo.local.chunkSize;
    for (let i = 0; i < records.length; i += size) await this.repo.write(this.name, records.slice(i, i + size));
  }

  delete(id: string): Promise<void> {
    return this.repo.remove(this.name, id);
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.repo.local.collection(this.name).subscribe(listener);
  }
}

/** Reads locally, writes through a durable outbox, and keeps the cache in step with the server. */
export class RestRepository implements Repository {
  readonly kind = 'rest';
  readonly endpoint: string;
  /** The IndexedDB cache and outbox. */
  readonly local: IndexedDbRepository;
  readonly leads: RestCollection<'leads'>;
  readonly deals: RestCollection<'deals'>;
  readonly pipelines: RestCollection<'pipelines'>;
  readonly activities: RestCollection<'activities'>;
  /** The outbox: pending writes, dead letters and conflicts. */
  readonly outbox: Outbox;

  readonly #options: Required<Pick<RestOptions, 'pollIntervalMs' | 'requestTimeoutMs'>> & RestOptions;
  readonly #fetcher: typeof fetch;
  readonly #random: () => number;
  readonly #channel: BroadcastChannel | undefined;
  readonly #listeners = new Set<OutboxListener>();
  readonly #abort = new AbortController();
  #wakeUp: (() => void) | undefined;
  // Set by a wake-up that arrives while the sender is busy, so it is not lost.
  #kicked = false;
  #closed = false;
  #senderValue = false;
  #lastPull = 0;
  readonly #onlineHandler = () => this.kick();

  constructor(options: RestOptions) {
    if (!options.endpoint) throw new TypeError('RestRepository needs an endpoint');
    this.#options = { pollIntervalMs: 30_000, requestTimeoutMs: 20_000, ...options };
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#random = options.random ?? Math.random;
    const dbName = options.dbName ?? 'l2c';
    this.local = new IndexedDbRepository({ dbName, ...(options.blockedTimeoutMs ? { blockedTimeoutMs: options.blockedTimeoutMs } : {}) });
    this.leads = new RestCollection('leads', this);
    this.deals = new RestCollection('deals', this);
    this.pipelines = new RestCollection('pipelines', this);
    this.activities = new RestCollection('activities', this);
    this.outbox = new Outbox(this);
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`l2c-outbox:${dbName}`);
      this.#channel.onmessage = (event: MessageEvent<OutboxEvent | { type: 'kick' }>) => {
        if (event.data.type === 'kick') this.kick();
        else this.#deliver(event.data);
      };
    }
    if (typeof addEventListener === 'function') addEventListener('online', this.#onlineHandler);
    void this.#becomeSender(dbName);
  }

  /** Whether this tab is the one sending the outbox. */
  get isSender(): boolean {
    return this.#senderValue;
  }

  /** The state of the IndexedDB connection. */
  get status(): ConnectionStatus {
    return this.local.status;
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.local.subscribe(listener);
  }

  /** @internal Listens to outbox events from any tab. */
  onOutbox(listener: OutboxListener): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Pulls what changed on the server since the last pull into the cache. */
  async sync(collections: readonly CollectionName[] = COLLECTIONS): Promise<void> {
    const { pull } = await more();
    for (const c of collections) await pull(this, c);
    this.#lastPull = Date.now();
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
    this.#wakeUp?.();
    this.#channel?.close();
    if (typeof removeEventListener === 'function') removeEventListener('online', this.#onlineHandler);
    this.local.close();
  }

  /** Wakes the sender (here or, through the channel, in the tab that holds the lock). */
  kick(): void {
    this.#kicked = true;
    this.#wakeUp?.();
    if (!this.#senderValue) this.#channel?.postMessage({ type: 'kick' });
  }

  /** @internal Writes records to the cache and the outbox in one durable transaction. */
  async write(collection: CollectionName, records: readonly AnyRecord[], meta?: Record<string, unknown>): Promise<void> {
    if (records.length === 0) return;
    const db = await this.local.db();
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    try {
      await commit(db, [collection, 'outbox', 'meta'], (tx) => {
        const store = tx.objectStore(collection);
        const outbox = tx.objectStore('outbox');
        const metaStore = tx.objectStore('meta');
        return Promise.all(records.map(async (record) => {
          // A lead the server has never seen is created with POST, so the server's spam checks and
          // rate limit apply; everything else is an idempotent PUT.
          const known = collection === 'leads'
            && ((await req(store.get(record.id))) !== undefined || (await req(metaStore.get(etagKey(collection, record.id)))) !== undefined);
          await req(store.put(toStored(collection, record)));
          const entry: OutboxEntry = {
            collection, op: collection === 'leads' && !known ? 'create' : 'put', id: record.id, record,
            key: newId(), attempts: 0, nextAt: now, createdAt,
            ...(meta ? { meta } : {}),
          };
          await req(outbox.add(entry));
        }));
      });
    } catch (error) {
      throw toStorageError(error);
    }
    this.local.notify({ collection, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
    this.announce({ type: 'queued', collection, ids: records.map((r) => r.id) });
    this.kick();
  }

  /** @internal Deletes from the cache and queues the delete. */
  async remove(collection: CollectionName, id: string): Promise<void> {
    const db = await this.local.db();
    try {
      await commit(db, [collection, 'outbox'], async (tx) => {
        await req(tx.objectStore(collection).delete(id));
        const entry: OutboxEntry = { collection, op: 'delete', id, key: newId(), attempts: 0, nextAt: Date.now(), createdAt: new Date().toISOString() };
        await req(tx.objectStore('outbox').add(entry));
      });
    } catch (error) {
      throw toStorageError(error);
    }
    this.local.notify({ collection, type: 'delete', ids: [id], origin: 'local' });
    this.kick();
  }

  /** @internal Tells listeners here and in other tabs. */
  announce(event: OutboxEvent): void {
    this.#deliver(event);
    this.#channel?.postMessage(event);
  }

  #deliver(event: OutboxEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }

  // Exactly one tab sends: the one holding the lock. When it closes, the next tab in line takes over.
  async #becomeSender(dbName: string): Promise<void> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    const run = async () => {
      this.#senderValue = true;
      try {
        await this.#sendLoop();
      } finally {
        this.#senderValue = false;
      }
    };
    if (!locks) {
      // Without Web Locks every tab sends; idempotency keys keep that safe, only less efficient.
      await run();
      return;
    }
    try {
      await locks.request(`l2c-outbox:${dbName}:${this.endpoint}`, { signal: this.#abort.signal }, run);
    } catch (error) {
      if (!this.#closed) queueMicrotask(() => { throw error; });
    }
  }

  // Waits `ms`, or less when something wakes the sender (a new write, `online`, close).
  #sleep(ms: number): Promise<void> {
    if (this.#kicked) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.#wakeUp === done) this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.#wakeUp = done;
    });
  }

  async #sendLoop(): Promise<void> {
    while (!this.#closed) {
      this.#kicked = false;
      let entry: OutboxEntry | undefined;
      try {
        const db = await this.local.db();
        const cursor = await req(read(db, 'outbox').openCursor());
        entry = cursor?.value as OutboxEntry | undefined;
      } catch {
        // The database is gone or outdated: nothing can be sent from this page any more.
        if (this.local.status === 'outdated' || this.local.status === 'closed') return;
        await this.#sleep(1000);
        continue;
      }
      const poll = this.#options.pollIntervalMs;
      if (!entry) {
        if (poll > 0 && Date.now() - this.#lastPull >= poll) await this.#syncQuietly();
        await this.#sleep(poll > 0 ? poll : 60_000);
        continue;
      }
      const wait = entry.nextAt - Date.now();
      if (wait > 0) {
        await this.#sleep(wait);
        continue;
      }
      if (globalThis.navigator?.onLine === false) {
        // Offline: wait for the `online` event (or a periodic check).
        await this.#sleep(30_000);
        continue;
      }
      await this.#send(entry);
    }
  }

  async #syncQuietly(): Promise<void> {
    try {
      await this.sync();
    } catch {
      // A failed pull is retried at the next interval; the cache stays as it was.
      this.#lastPull = Date.now();
    }
  }

  async #headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const dynamic = this.#options.getHeaders ? await this.#options.getHeaders() : {};
    return { accept: 'application/json', ...this.#options.headers, ...dynamic, ...extra };
  }

  /** @internal A request to the API with the configured headers, abandoned after the timeout or on close. */
  async request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.requestTimeoutMs);
    const stop = () => controller.abort();
    this.#abort.signal.addEventListener('abort', stop);
    try {
      return await this.#fetcher(`${this.endpoint}${path}`, {
        method,
        headers: await this.#headers({ ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers }),
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
      this.#abort.signal.removeEventListener('abort', stop);
    }
  }

  async #send(entry: OutboxEntry): Promise<void> {
    const db = await this.local.db();
    const { collection, id } = entry;
    const etag = (await req(read(db, 'meta').get(etagKey(collection, id))) as MetaRow | undefined)?.value as string | undefined;
    const path = `/${collection}${entry.op === 'create' ? '' : `/${encodeURIComponent(id)}`}`;
    const headers: Record<string, string> = { 'idempotency-key': entry.key };
    if (etag && entry.op !== 'create') headers['if-match'] = etag;
    const body = entry.op === 'delete' ? undefined : { ...entry.record, ...entry.meta };
    let response: Response;
    try {
      response = await this.request(entry.op === 'create' ? 'POST' : entry.op === 'put' ? 'PUT' : 'DELETE', path, { headers, ...(body ? { body } : {}) });
    } catch (error) {
      if (this.#closed) return;
      await this.#retryLater(entry, error instanceof Error ? error.message : String(error));
      return;
    }
    if (response.ok || (entry.op === 'delete' && response.status === 404)) {
      await this.#accepted(entry, response);
      return;
    }
    if (RETRYABLE.has(response.status)) {
      await this.#retryLater(entry, `HTTP ${response.status}`, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
      return;
    }
    const problem = await response.json().catch(() => undefined) as Record<string, unknown> | undefined;
    if (response.status === 412 || response.status === 409) {
      let server = problem?.['current'] as AnyRecord | undefined;
      let serverEtag = (problem?.['currentEtag'] as string | undefined) ?? response.headers.get('etag') ?? undefined;
      if (!server && entry.op !== 'delete') {
        // A 409 on create: the record exists on the server; fetch it to show both versions.
        const current = await (await more()).fetchCurrent(this, collection, id).catch(() => ({}) as { server?: AnyRecord; serverEtag?: string });
        if (current.server) ({ server, serverEtag } = current);
      }
      await this.#bury(entry, { reason: 'conflict', status: response.status, problem, ...(server ? { server } : {}), ...(serverEtag ? { serverEtag } : {}) });
      return;
    }
    await this.#bury(entry, { reason: 'rejected', status: response.status, problem });
  }

  async #accepted(entry: OutboxEntry, response: Response): Promise<void> {
    const db = await this.local.db();
    const etag = response.headers.get('etag');
    const record = response.status === 204 || entry.op === 'delete' ? undefined
      : await response.json().catch(() => undefined) as AnyRecord | undefined;
    const refreshed = await commit(db, [entry.collection, 'outbox', 'meta'], async (tx) => {
      const outbox = tx.objectStore('outbox');
      const metaStore = tx.objectStore('meta');
      await req(outbox.delete(entry.seq!));
      // Later writes to the same record are still queued: the cache keeps those, not the server echo.
      const later = await req(outbox.index('record').count([entry.collection, entry.id]));
      if (etag) await req(metaStore.put({ key: etagKey(entry.collection, entry.id), value: etag } satisfies MetaRow));
      else if (entry.op === 'delete') await req(metaStore.delete(etagKey(entry.collection, entry.id)));
      if (record && later === 0 && typeof record === 'object' && record.id === entry.id) {
        await req(tx.objectStore(entry.collection).put(toStored(entry.collection, stripMeta(record as Record<string, unknown>))));
        return true;
      }
      return false;
    });
    if (refreshed) this.local.notify({ collection: entry.collection, type: 'put', ids: [entry.id], origin: 'remote' });
    this.announce({ type: 'sent', collection: entry.collection, id: entry.id, ...(record ? { record } : {}) });
  }

  async #retryLater(entry: OutboxEntry, error: string, retryAfterMs?: number): Promise<void> {
    const { baseMs = 1000, maxMs = 60_000 } = this.#options.backoff ?? {};
    const attempts = entry.attempts + 1;
    const exponential = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
    // "Equal jitter": half fixed, half random, so many clients do not retry in lockstep.
    const jittered = exponential / 2 + (exponential / 2) * this.#random();
    const delayMs = Math.round(retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered);
    const db = await this.local.db();
    const next: OutboxEntry = { ...entry, attempts, nextAt: Date.now() + delayMs, lastError: error };
    await commit(db, 'outbox', (tx) => req(tx.objectStore('outbox').put(next)), 'default');
    this.announce({ type: 'retry', collection: entry.collection, id: entry.id, attempts, delayMs, error });
  }

  async #bury(entry: OutboxEntry, detail: Pick<DeadLetter, 'reason'> & Partial<DeadLetter>): Promise<void> {
    const db = await this.local.db();
    const letter: DeadLetter = { ...entry, ...detail, deadAt: new Date().toISOString() };
    await commit(db, ['outbox', 'deadLetters'], (tx) => Promise.all([req(tx.objectStore('outbox').delete(entry.seq!)), req(tx.objectStore('deadLetters').put(letter))]));
    this.announce(letter.reason === 'conflict' ? { type: 'conflict', letter } : { type: 'dead-letter', letter });
  }
}

/** Pending writes, dead letters and conflicts of a REST repository, and their events. */
export class Outbox {
  constructor(private readonly repo: RestRepository) {}

  /** Writes not yet accepted by the server, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    return req(read(await this.repo.local.db(), 'outbox').getAll());
  }

  /** Writes the server refused for good, and conflicts, oldest first. */
  async deadLetters(): Promise<DeadLetter[]> {
    return req(read(await this.repo.local.db(), 'deadLetters').getAll());
  }

  /** Sends a dead letter again (with a new idempotency key, since the old one holds the refusal). */
  async retry(seq: number): Promise<void> {
    return (await more()).retry(this.repo, seq);
  }

  /** Drops a dead letter; for a conflict this keeps the server's version and refreshes the cache. */
  async discard(seq: number): Promise<void> {
    return (await more()).discard(this.repo, seq);
  }

  /** Resolves a conflict by sending `record` (yours, or a merge) over the server's current version. */
  async resolve(seq: number, record: AnyRecord): Promise<void> {
    return (await more()).resolve(this.repo, seq, record);
  }

  /** Listens to events from whichever tab sends. */
  subscribe(listener: OutboxListener): Unsubscribe {
    return this.repo.onOutbox(listener);
  }

  /** Resolves once nothing is pending (or rejects after `timeoutMs`). */
  async drained(timeoutMs = 30_000): Promise<void> {
    return (await more()).drained(this.repo, timeoutMs);
  }
}
