/**
 * The REST adapter: reads from an IndexedDB cache, writes to the cache and a durable outbox in one
 * transaction, and one tab (holding a Web Lock) sends the outbox to the server with idempotency keys,
 * retrying with capped exponential backoff and jitter. Refused writes go to a dead-letter list;
 * writes based on a stale version come back as conflicts with both versions. Nothing is lost.
 */
import type { AnyRecord, CollectionName, Settings } from '../core/model.js';
import { COLLECTIONS } from '../core/model.js';
import { newId } from '../core/id.js';
import { cleanStrings } from '../core/text.js';
import { deliver } from './changes.js';
import { toStorageError } from './errors.js';
import { commit, read, req } from './idb.js';
import { IndexedDbRepository, toStored, type ConnectionStatus } from './indexeddb.js';
import type { Sender } from './rest-sender.js';
import type { DeadLetter, OutboxEntry } from './schema.js';
import type { ChangeListener, Collection, PutOptions, Query, RecordTypes, Repository, Unsubscribe } from './types.js';

/** Options of a REST repository. */
export interface RestOptions {
  /** Base URL of the API, e.g. `https://crm.example.com/api`. */
  endpoint: string;
  /** An API key, sent as `Authorization: Bearer <key>` with every request. */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Headers computed per request (e.g. a fresh token); wins over `headers`. */
  getHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** The IndexedDB database for the cache and outbox (default `l2c`). */
  dbName?: string;
  /** How often the sending tab pulls server changes (default 30 s; 0 turns polling off). */
  pollIntervalMs?: number;
  /**
   * Follow the server's change stream (`GET /changes`), so changes made elsewhere arrive within a
   * second (default true for a repository that pulls). While the stream is down, it pulls every
   * `pollIntervalMs` as before; while it is up, only every five minutes.
   */
  live?: boolean;
  /**
   * Only send, never pull (the lead form on a public page). Such a repository holds the sending lock
   * only while it has something to send, so a reader of the same endpoint and database (a board in
   * this or another tab) can hold it, send for both and keep pulling.
   */
  writeOnly?: boolean;
  /**
   * First retry delay (default 1 s) and the cap (default 60 s); for a write refused for its
   * credentials (401, 403), the first delay (default 1 min) and the cap (default 15 min).
   */
  backoff?: { baseMs?: number; maxMs?: number; authBaseMs?: number; authMaxMs?: number };
  /** After this many attempts in a row with the same answer that is not transient (a 500), a write is a dead letter (default 5). */
  maxFailures?: number;
  /** A request taking longer is abandoned and retried (default 20 s). */
  requestTimeoutMs?: number;
  /** Source of jitter, for tests (default Math.random). */
  random?: () => number;
  /** How long an IndexedDB upgrade may stay blocked (default 5 s). */
  blockedTimeoutMs?: number;
}

/**
 * Why a write waits to be sent again: `offline` (the browser says so), `network` (no answer while
 * online: the server is down or unreachable, refused by CORS, a wrong endpoint), `timeout`, `server`
 * (408, 425, 429, 502, 503, 504), `failing` (an answer that is not transient, such as a 500, fewer
 * than `maxFailures` times so far), `unauthorized` (401) and `forbidden` (403): both wait for
 * credentials that work.
 */
export const RETRY_CAUSES = ['offline', 'network', 'timeout', 'server', 'failing', 'unauthorized', 'forbidden'] as const;
export type RetryCause = (typeof RETRY_CAUSES)[number];

/** What the outbox reports. */
export type OutboxEvent =
  | { type: 'sent'; collection: CollectionName; id: string; record?: AnyRecord }
  | {
    type: 'retry'; collection: CollectionName; id: string; attempts: number; delayMs: number; error: string;
    cause: RetryCause; status?: number; problem?: unknown;
  }
  | { type: 'dead-letter'; letter: DeadLetter }
  | { type: 'conflict'; letter: DeadLetter }
  | { type: 'queued'; collection: CollectionName; ids: string[] };

type OutboxListener = (event: OutboxEvent) => void;

/** @internal The meta row holding the ETag of a record. */
export const etagKey = (c: CollectionName, id: string) => `etag:${c}/${id}`;

// Pulling, conflict fetching and outbox management: a separate chunk, loaded on first use.
const more = () => import('./rest-more.js');

/** @internal What the sending code (rest-sender.ts, loaded by the tab that sends) needs of its repository. */
export type SenderOptions = Required<Pick<RestOptions, 'pollIntervalMs' | 'requestTimeoutMs'>> & RestOptions;

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
    return (await this.repo.write(this.name, [record], options.meta))[0] as RecordTypes[C];
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
  declare readonly leads: RestCollection<'leads'>;
  declare readonly deals: RestCollection<'deals'>;
  declare readonly pipelines: RestCollection<'pipelines'>;
  declare readonly activities: RestCollection<'activities'>;
  declare readonly settings: RestCollection<'settings'>;
  /** The outbox: pending writes, dead letters and conflicts. */
  readonly outbox: Outbox;

  /** @internal When the server's changes were last pulled (ms). */
  lastPull = 0;

  readonly #options: SenderOptions;
  readonly #channel: BroadcastChannel | undefined;
  readonly #listeners = new Set<OutboxListener>();
  readonly #abort = new AbortController();
  #sender: Promise<Sender> | undefined;
  #loaded: Sender | undefined;
  #closed = false;
  // Loads the sending code again a while after it failed to load.
  #again: ReturnType<typeof setTimeout> | undefined;
  readonly #onlineHandler = () => this.kick();

  constructor(options: RestOptions) {
    if (!options.endpoint) throw new TypeError('RestRepository needs an endpoint');
    this.#options = { pollIntervalMs: 30_000, requestTimeoutMs: 20_000, ...options };
    if (options.writeOnly) this.#options.pollIntervalMs = 0;
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    const dbName = options.dbName ?? 'l2c';
    this.local = new IndexedDbRepository({
      dbName, ...(options.blockedTimeoutMs ? { blockedTimeoutMs: options.blockedTimeoutMs } : {}),
      // Without IndexedDB (private modes, storage turned off) the cache and the outbox live in memory.
      fallback: (name) => import('./memory-idb.js').then((m) => m.openMemoryDb(name)),
    });
    for (const name of COLLECTIONS) Object.defineProperty(this, name, { value: new RestCollection(name, this), enumerable: true });
    this.outbox = new Outbox(this);
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`l2c-outbox:${dbName}`);
      this.#channel.onmessage = (event: MessageEvent<OutboxEvent | { type: 'kick' }>) => {
        // Another tab wrote: wake the sender here, if this is the tab that sends (only wake: passing
        // the kick on would bounce it between the tabs that do not send, for ever).
        if (event.data.type === 'kick') this.#loaded?.wake();
        else this.#deliver(event.data);
      };
    }
    if (typeof addEventListener === 'function') addEventListener('online', this.#onlineHandler);
    this.#start();
  }

  /** Whether this tab is the one sending the outbox. */
  get isSender(): boolean {
    return !!this.#loaded?.isSender;
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
    this.lastPull = Date.now();
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
    clearTimeout(this.#again);
    this.#channel?.close();
    if (typeof removeEventListener === 'function') removeEventListener('online', this.#onlineHandler);
    this.local.close();
  }

  /** Wakes the sender (here or, through the channel, in the tab that holds the lock). */
  kick(): void {
    this.#loaded?.kick();
    if (!this.isSender) this.#channel?.postMessage({ type: 'kick' });
    // The sending code did not load before (offline then): try again.
    this.#start();
  }

  /** @internal Writes records to the cache and the outbox in one durable transaction. */
  async write(collection: CollectionName, dirty: readonly AnyRecord[], dirtyMeta?: Record<string, unknown>): Promise<AnyRecord[]> {
    // Nothing that a database or the server cannot take enters the outbox (a NUL, a lone surrogate),
    // where it would be refused for ever.
    const records = cleanStrings(dirty);
    const meta = cleanStrings(dirtyMeta);
    if (records.length === 0) return [];
    // A configuration the server would refuse never enters the outbox: refused here, field by field.
    if (collection === 'settings') {
      const { checkSettings } = await import('./routing-write.js');
      records.forEach((r) => checkSettings(r as Settings));
    }
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
    return records as AnyRecord[];
  }

  /** @internal Deletes from the cache and queues the delete (in the sending code: no element deletes). */
  async remove(collection: CollectionName, id: string): Promise<void> {
    await (await this.sender()).remove(collection, id);
    this.local.notify({ collection, type: 'delete', ids: [id], origin: 'local' });
    this.kick();
  }

  /** @internal Tells listeners here and in other tabs. */
  announce(event: OutboxEvent): void {
    this.#deliver(event);
    this.#channel?.postMessage(event);
  }

  #deliver(event: OutboxEvent): void {
    deliver(this.#listeners, event);
  }

  // The sending code (rest-sender.ts), which then asks for the sending lock. When it does not arrive
  // (offline at that moment) the outbox keeps every write; it is asked for again on the next write,
  // on `online`, or 10 s later.
  #start(): void {
    if (this.#sender || this.#closed) return;
    clearTimeout(this.#again);
    this.sender().then((sender) => sender.start(), () => {
      this.#again = setTimeout(() => this.#start(), 10_000);
    });
  }

  /**
   * @internal The code that sends the outbox and talks to the server: a separate chunk, loaded as the
   * repository starts, so a page that only stores leads in IndexedDB never downloads it.
   */
  sender(): Promise<Sender> {
    this.#sender ??= import('./rest-sender.js').then(
      (m) => (this.#loaded = new m.Sender(this, this.#options, this.#abort.signal)),
      (error: unknown) => {
        this.#sender = undefined;
        throw error;
      },
    );
    return this.#sender;
  }


  /** @internal Makes queued writes (those that `match`) due now, in whichever tab sends. */
  async retryNow(match?: (entry: OutboxEntry) => boolean): Promise<void> {
    if (await (await this.sender()).makeDue(match)) this.kick();
  }

  /**
   * Changes the credentials of every later request (none given: the same, for a token that
   * `getHeaders` can now give); writes refused for their credentials (401, 403) are sent again at once.
   */
  setCredentials(credentials: Pick<RestOptions, 'apiKey' | 'headers' | 'getHeaders'> = {}): Promise<void> {
    Object.assign(this.#options, credentials);
    return this.retryNow((e) => e.lastStatus === 401 || e.lastStatus === 403);
  }

  /** @internal A request to the API with the configured headers, abandoned after the timeout or on close. */
  async request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    return (await this.sender()).request(method, path, init);
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

  /** Sends every pending write now instead of at its next retry time (a "Retry now" button). */
  retryNow(): Promise<void> {
    return this.repo.retryNow();
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
