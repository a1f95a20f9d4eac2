/**
 * The sending half of the REST adapter, a chunk of its own: the tab holding the outbox lock loads it
 * and sends the outbox with each entry's idempotency key. It sends the oldest entry that is due, so
 * an entry waiting to be retried never holds back the others; a later write to the same record waits
 * for the earlier one. Network errors, timeouts, 408, 425, 429, 502, 503 and 504 are retried for ever
 * with capped exponential backoff and jitter (and `Retry-After`); two in a row pause all sending, as
 * the server is then down for everyone. An answer that is not transient (a 500, a reply that is not
 * JSON) is retried too, but after `maxFailures` of the same the entry is a dead letter; other 4xx are
 * dead letters at once, 409/412 conflicts. 401 and 403 wait, with a long backoff, for credentials that
 * work. A page that only stores leads in IndexedDB never downloads this; another tab loads it on its
 * first request to the server (a pull).
 */
import type { AnyRecord } from '../core/model.js';
import { commit, read, req } from './idb.js';
import { toStored } from './indexeddb.js';
import type { CollectionName } from '../core/model.js';
import { newId } from '../core/id.js';
import { toStorageError } from './errors.js';
import { etagKey, type RestRepository, type RetryCause, type SenderOptions } from './rest.js';
import type { DeadLetter, OutboxEntry } from './schema.js';

// Answers that say nothing about the write itself: the server is busy, restarting or behind a proxy
// that lost it. Retried for ever.
const TRANSIENT = new Set([408, 425, 429, 502, 503, 504]);

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

/** Whether an entry waits for credentials that work (it was refused with 401 or 403). */
const waitsForCredentials = (e: OutboxEntry): boolean => e.lastStatus === 401 || e.lastStatus === 403;

/** How an attempt ended, for the loop: sent or buried, or to be retried (and whether transiently). */
type Attempt = { transient: boolean; delayMs: number } | undefined;

/** A failed attempt to be retried: why, and what the server said. */
interface Failure {
  cause: RetryCause;
  error: string;
  status?: number;
  problem?: unknown;
  retryAfterMs?: number;
}

/**
 * The first entry of the outbox that is due, skipping entries of a record whose earlier write is
 * still queued (per-record order); else the earliest time one will be due.
 */
function nextDue(db: IDBDatabase, now: number): Promise<{ entry?: OutboxEntry; wakeAt: number }> {
  return new Promise((resolve, reject) => {
    const heads = new Set<string>();
    let wakeAt = Infinity;
    const request = read(db, 'outbox').openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve({ wakeAt });
      const entry = cursor.value;
      const record = `${entry.collection}/${entry.id}`;
      if (!heads.has(record)) {
        heads.add(record);
        if (entry.nextAt <= now) return resolve({ entry, wakeAt: now });
        wakeAt = Math.min(wakeAt, entry.nextAt);
      }
      cursor.continue();
    };
  });
}

/** How often a repository whose change stream is up still pulls, to be safe. */
const LIVE_POLL_MS = 5 * 60_000;

/** @internal Sends the outbox of `repo` until `signal` aborts (the repository closed). */
export class Sender {
  readonly #fetcher: typeof fetch;
  readonly #random: () => number;
  #wakeUp: (() => void) | undefined;
  // Set by a wake-up that arrives while the sender is busy, so it is not lost.
  #kicked = false;
  // The change stream (rest-live.ts): running, up, and when it was last started.
  #live: AbortController | undefined;
  #liveUp = false;
  #liveStarted = 0;

  constructor(readonly repo: RestRepository, readonly options: SenderOptions, readonly signal: AbortSignal) {
    this.#fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#random = options.random ?? Math.random;
    signal.addEventListener('abort', () => this.#wakeUp?.());
  }

  /** Deletes a record from the cache and queues the delete, in one transaction. */
  async remove(collection: CollectionName, id: string): Promise<void> {
    const db = await this.repo.local.db();
    try {
      await commit(db, [collection, 'outbox'], async (tx) => {
        await req(tx.objectStore(collection).delete(id));
        const entry: OutboxEntry = { collection, op: 'delete', id, key: newId(), attempts: 0, nextAt: Date.now(), createdAt: new Date().toISOString() };
        await req(tx.objectStore('outbox').add(entry));
      });
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** Makes the queued entries that `match` (default all) due now; gives how many there were. */
  async makeDue(match: (entry: OutboxEntry) => boolean = () => true): Promise<number> {
    const db = await this.repo.local.db();
    const now = Date.now();
    const changed = await commit(db, 'outbox', async (tx) => {
      const store = tx.objectStore('outbox');
      const waiting = (await req(store.getAll())).filter((e) => e.nextAt > now && match(e));
      await Promise.all(waiting.map((e) => req(store.put({ ...e, nextAt: now }))));
      return waiting.length;
    }, 'default');
    if (changed) this.wake();
    return changed;
  }

  /** Whether this tab holds the sending lock and sends. */
  isSender = false;
  // Asking for the sending lock, or holding it; and whether something was written meanwhile.
  #sending = false;
  #written = false;

  /** Wakes the loop (another tab wrote). */
  wake(): void {
    this.#kicked = true;
    this.#wakeUp?.();
  }

  /** Something was written here (or `online`): wakes the loop, or asks for the lock again. */
  kick(): void {
    this.#written = true;
    this.wake();
    // A write-only repository that stepped aside.
    if (!this.#sending) void this.start();
  }

  /** Exactly one tab sends: the one holding the lock. When it closes, the next tab in line takes over. */
  async start(): Promise<void> {
    if (this.signal.aborted) return;
    this.#sending = true;
    this.#written = false;
    const { local, endpoint } = this.repo;
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    const run = async () => {
      this.isSender = true;
      try {
        await this.loop();
      } finally {
        this.isSender = false;
      }
    };
    try {
      // An outbox in memory is this page's alone: no other tab can send it.
      if (await local.db().then(() => local.inMemory, () => false)) await run();
      // Without Web Locks every tab sends; idempotency keys keep that safe, only less efficient.
      else if (locks) await locks.request(`l2c-outbox:${local.dbName}:${endpoint}`, { signal: this.signal }, run);
      else await run();
    } catch (error) {
      if (!this.signal.aborted) queueMicrotask(() => { throw error; });
    } finally {
      this.#sending = false;
    }
    // A write-only repository stepped aside just as something was written: ask again.
    if (this.#written && this.options.writeOnly) void this.start();
  }

  // Waits `ms`, or less when something wakes the sender (a new write, `online`, close).
  #sleep(ms: number): Promise<void> {
    // Closed while a pull or a send was under way (nothing was asleep to wake): do not sleep now,
    // holding the sending lock another repository or tab is waiting for.
    if (this.#kicked || this.signal.aborted) return Promise.resolve();
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

  /** Sends until the repository closes (or its database goes away). */
  async loop(): Promise<void> {
    try {
      await this.#sendLoop();
    } finally {
      // Another tab takes the lock, and the stream with it.
      this.#live?.abort();
      this.#live = undefined;
    }
  }

  /**
   * Follows the server's change stream while this tab sends, if the repository pulls. Started again
   * at the poll interval after it gave up (no stream on the server, credentials refused).
   */
  #followChanges(poll: number): void {
    if (this.#live || poll <= 0 || this.options.live === false || Date.now() - this.#liveStarted < poll) return;
    const live = (this.#live = new AbortController());
    this.#liveStarted = Date.now();
    const stop = () => live.abort();
    this.signal.addEventListener('abort', stop);
    const { baseMs = 1000, maxMs = 30_000 } = this.options.backoff ?? {};
    void import('./rest-live.js')
      .then((m) => m.streamChanges({
        repo: this.repo,
        fetcher: this.#fetcher,
        headers: (extra) => this.#headers(extra),
        signal: live.signal,
        delay: (failures) => {
          const exponential = Math.min(Math.max(maxMs, 30_000), baseMs * 2 ** (failures - 1));
          return exponential / 2 + (exponential / 2) * this.#random();
        },
        onState: (up) => {
          this.#liveUp = up;
          if (up) this.repo.lastPull = Date.now();
        },
        onRefused: () => undefined,
      }))
      .catch(() => undefined)
      .finally(() => {
        this.signal.removeEventListener('abort', stop);
        if (this.#live === live) this.#live = undefined;
        this.#liveUp = false;
      });
  }

  async #sendLoop(): Promise<void> {
    // Entries refused for their credentials wait for new ones: a new page or key tries them at once.
    await this.makeDue(waitsForCredentials).catch(() => undefined);
    // Transient failures in a row, whichever entries they were.
    let streak = 0;
    while (!this.signal.aborted) {
      this.#kicked = false;
      let next: { entry?: OutboxEntry; wakeAt: number };
      try {
        next = await nextDue(await this.repo.local.db(), Date.now());
      } catch {
        // The database is gone or outdated: nothing can be sent from this page any more.
        if (this.repo.local.status === 'outdated' || this.repo.local.status === 'closed') return;
        await this.#sleep(1000);
        continue;
      }
      // While the change stream is up, pulls are a rare safety net.
      const poll = this.#liveUp ? Math.max(this.options.pollIntervalMs, LIVE_POLL_MS) : this.options.pollIntervalMs;
      this.#followChanges(this.options.pollIntervalMs);
      const { entry, wakeAt } = next;
      if (!entry) {
        // A write-only repository steps aside when it has nothing to send (it asks again on its next
        // write), so that a reader of the same outbox can hold the lock, send and pull. One that
        // keeps its outbox in memory is the only one that can send it: it stays.
        if (this.options.writeOnly && wakeAt === Infinity && !this.repo.local.inMemory) return;
        if (poll > 0 && Date.now() - this.repo.lastPull >= poll) await this.#syncQuietly();
        await this.#sleep(Math.min(wakeAt - Date.now(), poll > 0 ? poll : 60_000));
        continue;
      }
      if (globalThis.navigator?.onLine === false) {
        // Offline: wait for the `online` event (or a periodic check).
        await this.#sleep(30_000);
        continue;
      }
      const attempt = await this.#send(entry);
      streak = attempt?.transient ? streak + 1 : 0;
      // Two transient failures in a row: the server is down or busy for every entry, so the whole
      // outbox waits (a new write or `online` wakes it) rather than trying each entry in turn.
      if (attempt && streak >= 2) await this.#sleep(attempt.delayMs);
    }
  }

  async #syncQuietly(): Promise<void> {
    try {
      await this.repo.sync();
    } catch {
      // A failed pull is retried at the next interval; the cache stays as it was.
      this.repo.lastPull = Date.now();
    }
  }

  async #headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const { apiKey, headers, getHeaders } = this.options;
    const dynamic = getHeaders ? await getHeaders() : {};
    return { accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers, ...dynamic, ...extra };
  }

  /** A request to the API with the configured headers, abandoned after the timeout or on close. */
  async request(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.requestTimeoutMs);
    const stop = () => controller.abort();
    this.signal.addEventListener('abort', stop);
    try {
      return await this.#fetcher(`${this.repo.endpoint}${path}`, {
        method,
        headers: await this.#headers({ ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers }),
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
      this.signal.removeEventListener('abort', stop);
    }
  }

  async #send(entry: OutboxEntry): Promise<Attempt> {
    const db = await this.repo.local.db();
    const { collection, id } = entry;
    const etag = (await req(read(db, 'meta').get(etagKey(collection, id))))?.value as string | undefined;
    const path = `/${collection}${entry.op === 'create' ? '' : `/${encodeURIComponent(id)}`}`;
    const headers: Record<string, string> = { 'idempotency-key': entry.key };
    if (etag && entry.op !== 'create') headers['if-match'] = etag;
    const body = entry.op === 'delete' ? undefined : { ...entry.record, ...entry.meta };
    let response: Response;
    try {
      response = await this.request(entry.op === 'create' ? 'POST' : entry.op === 'put' ? 'PUT' : 'DELETE', path, { headers, ...(body ? { body } : {}) });
    } catch (error) {
      if (this.signal.aborted) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      // Aborted by the request timeout; a TypeError is "no answer": offline, DNS, refused, CORS.
      const cause: RetryCause = (error as { name?: string } | null)?.name === 'AbortError' ? 'timeout'
        : globalThis.navigator?.onLine === false ? 'offline' : 'network';
      return this.#retryLater(entry, { cause, error: message });
    }
    const { status } = response;
    const problem = status >= 400 && status !== 401 && status !== 403 && !TRANSIENT.has(status)
      ? await response.json().catch(() => undefined) as Record<string, unknown> | undefined
      : undefined;
    if (response.ok || (entry.op === 'delete' && status === 404)) {
      // A success the contract does not describe (an HTML page from a wrong endpoint) is no success.
      const type = response.headers.get('content-type') ?? '';
      if (status === 204 || entry.op === 'delete' || /json/i.test(type) || response.headers.get('content-length') === '0') {
        await this.#accepted(entry, response);
        return undefined;
      }
      return this.#failing(entry, { cause: 'failing', error: `HTTP ${status}: a reply that is not JSON (${type || 'no content type'})`, status });
    }
    if (TRANSIENT.has(status)) {
      return this.#retryLater(entry, { cause: 'server', error: `HTTP ${status}`, status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()) });
    }
    if (status === 401 || status === 403) {
      const doc = await response.json().catch(() => undefined) as unknown;
      return this.#retryLater(entry, { cause: status === 401 ? 'unauthorized' : 'forbidden', error: `HTTP ${status}`, status, problem: doc });
    }
    if (status >= 500 || status < 400) return this.#failing(entry, { cause: 'failing', error: `HTTP ${status}`, status, problem });
    if (status === 412 || status === 409) {
      let server = problem?.['current'] as AnyRecord | undefined;
      let serverEtag = (problem?.['currentEtag'] as string | undefined) ?? response.headers.get('etag') ?? undefined;
      if (!server && entry.op !== 'delete') {
        // A 409 on create: the record exists on the server; fetch it to show both versions.
        const current = await (await import('./rest-more.js')).fetchCurrent(this.repo, collection, id).catch(() => ({}) as { server?: AnyRecord; serverEtag?: string });
        if (current.server) ({ server, serverEtag } = current);
      }
      await this.#bury(entry, { reason: 'conflict', status, problem, ...(server ? { server } : {}), ...(serverEtag ? { serverEtag } : {}) });
      return undefined;
    }
    await this.#bury(entry, { reason: 'rejected', status, problem });
    return undefined;
  }

  // An answer that is not transient: retried like any failure, but the same one `maxFailures` times
  // in a row makes the entry a dead letter, so it is not retried for ever.
  async #failing(entry: OutboxEntry, failure: Failure): Promise<Attempt> {
    const strikes = entry.lastError === failure.error ? (entry.strikes ?? 0) + 1 : 1;
    if (strikes >= (this.options.maxFailures ?? 5)) {
      await this.#bury({ ...entry, attempts: entry.attempts + 1, strikes, lastError: failure.error }, {
        reason: 'failed', ...(failure.status ? { status: failure.status } : {}), ...(failure.problem === undefined ? {} : { problem: failure.problem }),
      });
      return undefined;
    }
    return this.#retryLater({ ...entry, strikes }, failure);
  }

  async #accepted(entry: OutboxEntry, response: Response): Promise<void> {
    const db = await this.repo.local.db();
    const etag = response.headers.get('etag');
    const record = response.status === 204 || entry.op === 'delete' ? undefined
      : await response.json().catch(() => undefined) as AnyRecord | undefined;
    const refreshed = await commit(db, [entry.collection, 'outbox', 'meta'], async (tx) => {
      const outbox = tx.objectStore('outbox');
      const metaStore = tx.objectStore('meta');
      await req(outbox.delete(entry.seq!));
      // Later writes to the same record are still queued: the cache keeps those, not the server echo.
      const later = await req(outbox.index('record').count([entry.collection, entry.id]));
      if (etag) await req(metaStore.put({ key: etagKey(entry.collection, entry.id), value: etag }));
      else if (entry.op === 'delete') await req(metaStore.delete(etagKey(entry.collection, entry.id)));
      if (record && later === 0 && typeof record === 'object' && record.id === entry.id) {
        await req(tx.objectStore(entry.collection).put(toStored(entry.collection, stripMeta(record as Record<string, unknown>))));
        return true;
      }
      return false;
    });
    if (refreshed) this.repo.local.notify({ collection: entry.collection, type: 'put', ids: [entry.id], origin: 'remote' });
    this.repo.announce({ type: 'sent', collection: entry.collection, id: entry.id, ...(record ? { record } : {}) });
  }

  async #retryLater(entry: OutboxEntry, failure: Failure): Promise<Attempt> {
    const { baseMs = 1000, maxMs = 60_000, authBaseMs = 60_000, authMaxMs = 900_000 } = this.options.backoff ?? {};
    const { cause, error, status, problem, retryAfterMs } = failure;
    const auth = cause === 'unauthorized' || cause === 'forbidden';
    const attempts = entry.attempts + 1;
    // Credentials do not mend by themselves: wait long (a new key or page tries again at once).
    const [base, max] = auth ? [authBaseMs, authMaxMs] : [baseMs, maxMs];
    const exponential = Math.min(max, base * 2 ** Math.min(attempts - 1, 40));
    // "Equal jitter": half fixed, half random, so many clients do not retry in lockstep.
    const jittered = exponential / 2 + (exponential / 2) * this.#random();
    const delayMs = Math.round(retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered);
    const db = await this.repo.local.db();
    const { lastStatus: _, ...rest } = entry;
    const next: OutboxEntry = { ...rest, attempts, nextAt: Date.now() + delayMs, lastError: error, ...(status ? { lastStatus: status } : {}) };
    // Still queued? It may have been sent or discarded meanwhile (another tab's retry of a dead letter).
    await commit(db, 'outbox', async (tx) => {
      const store = tx.objectStore('outbox');
      if (await req(store.get(entry.seq!))) await req(store.put(next));
    }, 'default');
    this.repo.announce({
      type: 'retry', collection: entry.collection, id: entry.id, attempts, delayMs, error, cause,
      ...(status ? { status } : {}), ...(problem === undefined ? {} : { problem }),
    });
    return { transient: cause !== 'failing' && !auth, delayMs };
  }

  async #bury(entry: OutboxEntry, detail: Pick<DeadLetter, 'reason'> & Partial<DeadLetter>): Promise<void> {
    const db = await this.repo.local.db();
    const letter: DeadLetter = { ...entry, ...detail, deadAt: new Date().toISOString() };
    await commit(db, ['outbox', 'deadLetters'], (tx) => Promise.all([req(tx.objectStore('outbox').delete(entry.seq!)), req(tx.objectStore('deadLetters').put(letter))]));
    this.repo.announce(letter.reason === 'conflict' ? { type: 'conflict', letter } : { type: 'dead-letter', letter });
  }
}
