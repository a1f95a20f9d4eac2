/**
 * The default repository: IndexedDB (through the promises of ./idb.ts), with versioned migrations,
 * index-backed queries, chunked bulk writes and change events shared with other tabs.
 */
import { COLLECTIONS, type AnyRecord, type CollectionName, type Lead, type Settings } from '../core/model.js';
import { ChangeHub } from './changes.js';
import { StorageError, toStorageError } from './errors.js';
import { commit, read, req } from './idb.js';
import { filterKey, matchesQuery, orderAndPage } from './query.js';
import { DB_VERSION, INDEX_FOR_FIELD, emailKeyOf, migrate, type L2cSchema } from './schema.js';
import type { Change, ChangeListener, Collection, Query, RecordTypes, Repository, Unsubscribe, WhereValue } from './types.js';

/** Options of an IndexedDB repository. */
export interface IndexedDbOptions {
  /** Database name (default `l2c`). */
  dbName?: string;
  /** How long an upgrade may wait for other tabs to close before failing (default 5 s). */
  blockedTimeoutMs?: number;
  /** Records per transaction in `putMany` (default 1,000). */
  chunkSize?: number;
  /** A database to use instead when IndexedDB is unavailable (the REST adapter's one in memory). */
  fallback?: (name: string) => Promise<Db>;
}

/** State of the connection. */
export type ConnectionStatus = 'opening' | 'open' | 'outdated' | 'closed' | 'failed';

type Db = IDBDatabase;
type Stored = Record<string, unknown>;

/** The stored form of a record: leads carry their normalised email for the index. */
export function toStored<C extends CollectionName>(collection: C, record: AnyRecord | Record<string, unknown>): L2cSchema[C]['value'] {
  if (collection !== 'leads') return record as L2cSchema[C]['value'];
  const key = emailKeyOf((record as { email?: unknown }).email);
  const stored: Stored = { ...record };
  if (key) stored['__emailKey'] = key;
  else delete stored['__emailKey'];
  return stored as L2cSchema[C]['value'];
}

/** A stored record without the fields kept for its indexes. */
export function fromStored<T>(value: Stored | undefined): T | undefined {
  if (!value) return undefined;
  if ('__emailKey' in value) {
    const { __emailKey: _, ...rest } = value;
    return rest as T;
  }
  return value as T;
}

/**
 * Opens the database, failing with a typed error when IndexedDB is unavailable or when an upgrade
 * stays blocked by another tab for longer than `blockedTimeoutMs`.
 */
export function openL2cDb(name: string, blockedTimeoutMs: number, onOutdated: () => void): Promise<Db> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    return Promise.reject(new StorageError('unavailable', 'indexedDB is not defined'));
  }
  return new Promise<Db>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name, DB_VERSION);
    } catch (error) {
      // Some private modes throw from indexedDB.open itself.
      reject(toStorageError(error));
      return;
    }
    request.onupgradeneeded = (event) => {
      const tx = request.transaction!;
      void migrate(request.result, tx, event.oldVersion, event.newVersion ?? DB_VERSION).catch((error) => {
        try {
          tx.abort();
        } catch {
          // Already aborted by the failed request.
        }
        reject(toStorageError(error));
      });
    };
    request.onblocked = () => {
      timer ??= setTimeout(() => {
        settled = true;
        reject(new StorageError('blocked', `database "${name}"`));
      }, blockedTimeoutMs);
    };
    request.onsuccess = () => {
      const db = request.result;
      clearTimeout(timer);
      if (settled) {
        // The caller already gave up on a blocked upgrade; do not keep a stray connection.
        db.close();
        return;
      }
      settled = true;
      // Another tab opens a newer version: let it, and tell this page it is out of date.
      db.onversionchange = () => {
        db.close();
        onOutdated();
      };
      // The browser closed the connection (storage cleared, disk gone).
      db.onclose = () => onOutdated();
      resolve(db);
    };
    request.onerror = () => {
      clearTimeout(timer);
      if (!settled) reject(toStorageError(request.error));
      settled = true;
    };
  });
}

// Routing and the check of settings records: a chunk of its own, loaded only where a routing
// configuration exists or settings are written (the lead form's bundle never carries it).
const routingPart = () => import('./routing-write.js');

class IdbCollection<C extends CollectionName> implements Collection<RecordTypes[C]> {
  constructor(readonly name: C, private readonly repo: IndexedDbRepository) {}

  async get(id: string): Promise<RecordTypes[C] | undefined> {
    const db = await this.repo.db();
    try {
      return fromStored<RecordTypes[C]>(await req(read(db, this.name).get(id)) as Stored | undefined);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async list(query: Query<RecordTypes[C]> = {}): Promise<RecordTypes[C][]> {
    const rows = await this.#candidates(query as Query);
    const hits = rows.filter((r) => matchesQuery(this.name, r, query as Query));
    return orderAndPage(hits, query as Query).map((r) => fromStored<RecordTypes[C]>(r)!);
  }

  async count(query: Query<RecordTypes[C]> = {}): Promise<number> {
    if (!query.where && query.updatedSince === undefined) {
      const db = await this.repo.db();
      return req(read(db, this.name).count());
    }
    const rows = await this.#candidates(query as Query);
    return rows.filter((r) => matchesQuery(this.name, r, query as Query)).length;
  }

  async put(record: RecordTypes[C]): Promise<RecordTypes[C]> {
    // A single write is often a person's submission: wait until it is on disk.
    const stored = (await this.#write([record], 'strict'))[0]!;
    this.repo.changes.emit({ collection: this.name, type: 'put', ids: [record.id], origin: 'local' });
    return stored;
  }

  async putMany(records: readonly RecordTypes[C][]): Promise<void> {
    if (records.length === 0) return;
    const size = this.repo.chunkSize;
    try {
      // Chunked: one huge transaction holds memory and blocks readers; a failed chunk leaves the
      // earlier ones committed and reports the error.
      for (let start = 0; start < records.length; start += size) await this.#write(records.slice(start, start + size), 'relaxed');
    } finally {
      this.repo.changes.emit({ collection: this.name, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
    }
  }

  // Writes records in one transaction; gives them as stored. Settings are checked first, and leads
  // routed when a routing configuration exists, both by a part loaded then; the routed write reads
  // the configuration again in its transaction. (A REST repository's cache of this class never
  // routes: it writes to the stores directly, and its server routes.)
  async #write(records: readonly RecordTypes[C][], durability: IDBTransactionDurability): Promise<RecordTypes[C][]> {
    const db = await this.repo.db();
    try {
      const routing = this.name === 'settings' || (this.name === 'leads' && await req(read(db, 'settings').count('routing')))
        ? await routingPart() : undefined;
      if (this.name === 'settings') records.forEach((r) => routing!.checkSettings(r as Settings));
      else if (routing) return await routing.storeRouted(db, records as readonly Lead[], durability) as RecordTypes[C][];
      await commit(db, this.name, async (tx) => {
        const store = tx.objectStore(this.name);
        for (const r of records) store.put(toStored(this.name, r));
      }, durability);
      return records as RecordTypes[C][];
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async delete(id: string): Promise<void> {
    const db = await this.repo.db();
    try {
      await commit(db, this.name, (tx) => req(tx.objectStore(this.name).delete(id)));
    } catch (error) {
      throw toStorageError(error);
    }
    this.repo.changes.emit({ collection: this.name, type: 'delete', ids: [id], origin: 'local' });
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.repo.changes.subscribe(listener, this.name);
  }

  // The rows worth filtering: from the first indexed `where` field, else everything changed since
  // `updatedSince` (by the updatedAt index), else the whole store.
  async #candidates(query: Query): Promise<Stored[]> {
    const db = await this.repo.db();
    const indexes = INDEX_FOR_FIELD[this.name];
    try {
      for (const [field, wanted] of Object.entries(query.where ?? {}) as [string, WhereValue | undefined][]) {
        const index = indexes[field];
        if (index === undefined || wanted === undefined) continue;
        const values = Array.isArray(wanted) ? wanted : [wanted];
        const idx = read(db, this.name).index(index);
        const parts = await Promise.all(values.map((v): Stored[] | Promise<Stored[]> => {
          const key = filterKey(this.name, field, v);
          return typeof key === 'string' || typeof key === 'number' ? req(idx.getAll(key)) : [];
        }));
        return parts.flat();
      }
      if (query.updatedSince !== undefined) {
        return await req(read(db, this.name).index('updatedAt').getAll(IDBKeyRange.lowerBound(query.updatedSince)));
      }
      return await req(read(db, this.name).getAll());
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

/** Stores everything in IndexedDB (database `l2c` by default). */
export class IndexedDbRepository implements Repository {
  readonly kind: string = 'indexeddb';
  readonly dbName: string;
  readonly chunkSize: number;
  /** @internal */
  readonly changes: ChangeHub;
  declare readonly leads: IdbCollection<'leads'>;
  declare readonly deals: IdbCollection<'deals'>;
  declare readonly pipelines: IdbCollection<'pipelines'>;
  declare readonly activities: IdbCollection<'activities'>;
  declare readonly settings: IdbCollection<'settings'>;
  #connection: Promise<Db> | undefined;
  readonly #blockedTimeoutMs: number;
  readonly #fallback: IndexedDbOptions['fallback'];
  #memory = false;
  #statusValue: ConnectionStatus = 'opening';
  readonly #statusListeners = new Set<(status: ConnectionStatus) => void>();

  constructor(options: IndexedDbOptions = {}) {
    this.dbName = options.dbName ?? 'l2c';
    this.#blockedTimeoutMs = options.blockedTimeoutMs ?? 5000;
    this.chunkSize = Math.max(1, options.chunkSize ?? 1000);
    this.#fallback = options.fallback;
    this.changes = new ChangeHub(`l2c:${this.dbName}`);
    for (const name of COLLECTIONS) Object.defineProperty(this, name, { value: new IdbCollection(name, this), enumerable: true });
  }

  /** Whether the data lives in this page's memory only (IndexedDB was unavailable; see `fallback`). */
  get inMemory(): boolean {
    return this.#memory;
  }

  /** The state of the connection: `outdated` after another tab upgraded the database. */
  get status(): ConnectionStatus {
    return this.#statusValue;
  }

  /** Calls `listener` when the connection state changes. */
  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The open database, opening it on first use. */
  db(): Promise<Db> {
    if (this.#statusValue === 'outdated') return Promise.reject(new StorageError('outdated'));
    if (this.#statusValue === 'closed') return Promise.reject(new StorageError('closed'));
    this.#connection ??= openL2cDb(this.dbName, this.#blockedTimeoutMs, () => this.#setStatus('outdated')).catch((error: unknown) => {
      if (!this.#fallback || (error as StorageError).code !== 'unavailable') throw error;
      this.#memory = true;
      return this.#fallback(this.dbName);
    }).then(
      (db) => {
        this.#setStatus('open');
        return db;
      },
      (error: unknown) => {
        this.#setStatus('failed');
        // The next call tries again (the other tab may have been closed meanwhile).
        this.#connection = undefined;
        throw error;
      },
    );
    return this.#connection;
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.changes.subscribe(listener);
  }

  /** The collection called `name`. */
  collection<C extends CollectionName>(name: C): Collection<RecordTypes[C]> {
    return this[name] as unknown as Collection<RecordTypes[C]>;
  }

  /** Emits a change as if it happened here (adapters layered on top use it). */
  notify(change: Change): void {
    this.changes.emit(change);
  }

  close(): void {
    this.changes.close();
    void this.#connection?.then((db) => db.close(), () => undefined);
    this.#connection = undefined;
    this.#setStatus('closed');
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#statusValue === status) return;
    this.#statusValue = status;
    for (const l of [...this.#statusListeners]) l(status);
  }
}

