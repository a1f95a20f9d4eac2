/**
 * The sending half of the REST adapter, a chunk of its own: the tab holding the outbox lock loads it
 * and sends the outbox oldest first with each entry's idempotency key, retrying network errors, 408,
 * 425, 429 and 5xx with capped exponential backoff and jitter (and `Retry-After`), burying other
 * refusals as dead letters and 409/412 as conflicts. A page that only stores leads in IndexedDB never
 * downloads it; another tab loads it on its first request to the server (a pull).
 */
import type { AnyRecord } from '../core/model.js';
import { commit, read, req } from './idb.js';
import { toStored } from './indexeddb.js';
import { etagKey, stripMeta, type RestRepository, type SenderOptions } from './rest.js';
import type { DeadLetter, OutboxEntry } from './schema.js';

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** @internal Sends the outbox of `repo` until `signal` aborts (the repository closed). */
export class Sender {
  readonly #fetcher: typeof fetch;
  readonly #random: () => number;
  #wakeUp: (() => void) | undefined;
  // Set by a wake-up that arrives while the sender is busy, so it is not lost.
  #kicked = false;

  constructor(readonly repo: RestRepository, readonly options: SenderOptions, readonly signal: AbortSignal) {
    this.#fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#random = options.random ?? Math.random;
    signal.addEventListener('abort', () => this.#wakeUp?.());
  }

  /** Wakes the loop: a new write, `online`. */
  kick(): void {
    this.#kicked = true;
    this.#wakeUp?.();
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

  /** Sends until the repository closes (or its database goes away). */
  async loop(): Promise<void> {
    while (!this.signal.aborted) {
      this.#kicked = false;
      let entry: OutboxEntry | undefined;
      try {
        const db = await this.repo.local.db();
        const cursor = await req(read(db, 'outbox').openCursor());
        entry = cursor?.value;
      } catch {
        // The database is gone or outdated: nothing can be sent from this page any more.
        if (this.repo.local.status === 'outdated' || this.repo.local.status === 'closed') return;
        await this.#sleep(1000);
        continue;
      }
      const poll = this.options.pollIntervalMs;
      if (!entry) {
        // A write-only repository steps aside when it has nothing to send (it asks again on its next
        // write), so that a reader of the same outbox can hold the lock, send and pull.
        if (this.options.writeOnly) return;
        if (poll > 0 && Date.now() - this.repo.lastPull >= poll) await this.#syncQuietly();
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
      await this.repo.sync();
    } catch {
      // A failed pull is retried at the next interval; the cache stays as it was.
      this.repo.lastPull = Date.now();
    }
  }

  async #headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const dynamic = this.options.getHeaders ? await this.options.getHeaders() : {};
    return { accept: 'application/json', ...this.options.headers, ...dynamic, ...extra };
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

  async #send(entry: OutboxEntry): Promise<void> {
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
      if (this.signal.aborted) return;
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
        const current = await (await import('./rest-more.js')).fetchCurrent(this.repo, collection, id).catch(() => ({}) as { server?: AnyRecord; serverEtag?: string });
        if (current.server) ({ server, serverEtag } = current);
      }
      await this.#bury(entry, { reason: 'conflict', status: response.status, problem, ...(server ? { server } : {}), ...(serverEtag ? { serverEtag } : {}) });
      return;
    }
    await this.#bury(entry, { reason: 'rejected', status: response.status, problem });
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

  async #retryLater(entry: OutboxEntry, error: string, retryAfterMs?: number): Promise<void> {
    const { baseMs = 1000, maxMs = 60_000 } = this.options.backoff ?? {};
    const attempts = entry.attempts + 1;
    const exponential = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
    // "Equal jitter": half fixed, half random, so many clients do not retry in lockstep.
    const jittered = exponential / 2 + (exponential / 2) * this.#random();
    const delayMs = Math.round(retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered);
    const db = await this.repo.local.db();
    const next: OutboxEntry = { ...entry, attempts, nextAt: Date.now() + delayMs, lastError: error };
    await commit(db, 'outbox', (tx) => req(tx.objectStore('outbox').put(next)), 'default');
    this.repo.announce({ type: 'retry', collection: entry.collection, id: entry.id, attempts, delayMs, error });
  }

  async #bury(entry: OutboxEntry, detail: Pick<DeadLetter, 'reason'> & Partial<DeadLetter>): Promise<void> {
    const db = await this.repo.local.db();
    const letter: DeadLetter = { ...entry, ...detail, deadAt: new Date().toISOString() };
    await commit(db, ['outbox', 'deadLetters'], (tx) => Promise.all([req(tx.objectStore('outbox').delete(entry.seq!)), req(tx.objectStore('deadLetters').put(letter))]));
    this.repo.announce(letter.reason === 'conflict' ? { type: 'conflict', letter } : { type: 'dead-letter', letter });
  }
}
