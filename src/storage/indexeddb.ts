/**
 * The default repository: IndexedDB (through the promises of ./idb.ts), with versioned migrations,
 * index-backed queries, chunked bulk writes and change events shared with other tabs.
 */
import type { AnyRecord, CollectionName, Lead, Settings } from '../core/model.js';
import type { RoutingState } from '../core/routing.js';
import { ChangeHub } from './changes.js';
import { StorageError, toStorageError } from './errors.js';
import { commit, read, req, type Tx } from './idb.js';
import { filterKey, matchesQuery, orderAndPage } from './query.js';
import { ROUTING_STATE_KEY, checkSettings, storeLeads, sweep, type RoutingAccess } from './routing-write.js';
import { DB_VERSION, INDEX_FOR_FIELD, emailKeyOf, migrate, type L2cSchema, type StoreName } from './schema.js';
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
  /**
   * Route new leads as they are stored, and every `routingSweepMs` (default 1 minute) route again
   * those whose re-entry date or SLA has passed (default true; the REST adapter's cache says false:
   * its server routes).
   */
  routing?: boolean;
  routingSweepMs?: number;
  /** The clock routing reads (ms); default `Date.now`. */
  now?: () => number;
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

function fromStored<T>(value: Stored | undefined): T | undefined {
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

/** Routing's view of a transaction over leads, settings and meta (see routing-write.ts). */
function routingAccess(tx: Tx): RoutingAccess {
  const leads = tx.objectStore('leads');
  const meta = tx.objectStore('meta');
  return {
    settings: () => req(tx.objectStore('settings').get('routing')),
    state: async () => (await req(meta.get(ROUTING_STATE_KEY)))?.value as RoutingState | undefined,
    setState: async (state) => {
      await req(meta.put({ key: ROUTING_STATE_KEY, value: state }));
    },
    stored: async (id) => fromStored<Lead>(await req(leads.get(id)) as Stored | undefined),
    sameEmail: async (lead) => {
      const key = emailKeyOf(lead.email);
      return key ? (await req(leads.index('emailKey').getAll(key))).map((l) => fromStored<Lead>(l as Stored)!) : [];
    },
    put: async (lead) => {
      await req(leads.put(toStored('leads', lead)));
    },
  };
}

const ROUTED_STORES: StoreName[] = ['leads', 'settings', 'meta'];

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
    if (this.name === 'settings') checkSettings(record as Settings);
    const db = await this.repo.db();
    let stored = record;
    try {
      // A single write is often a person's submission: wait until it is on disk.
      if (this.#routes()) {
        await commit(db, ROUTED_STORES, async (tx) => {
          stored = (await storeLeads(routingAccess(tx), [record as Lead], this.repo.now()))[0] as RecordTypes[C];
        });
      } else await commit(db, this.name, (tx) => req(tx.objectStore(this.name).put(toStored(this.name, record))));
    } catch (error) {
      throw toStorageError(error);
    }
    this.repo.changes.emit({ collection: this.name, type: 'put', ids: [record.id], origin: 'local' });
    return stored;
  }

  async putMany(records: readonly RecordTypes[C][]): Promise<void> {
    if (records.length === 0) return;
    if (this.name === 'settings') records.forEach((r) => checkSettings(r as Settings));
    const db = await this.repo.db();
    const size = this.repo.chunkSize;
    const routes = this.#routes();
    try {
      // Chunked: one huge transaction holds memory and blocks readers; a failed chunk leaves the
      // earlier ones committed and reports the error.
      for (let start = 0; start < records.length; start += size) {
        const end = Math.min(records.length, start + size);
        await commit(db, routes ? ROUTED_STORES : this.name, async (tx) => {
          if (routes) {
            await storeLeads(routingAccess(tx), records.slice(start, end) as Lead[], this.repo.now());
            return;
          }
          const store = tx.objectStore(this.name);
          for (let i = start; i < end; i++) store.put(toStored(this.name, records[i]!));
        }, 'relaxed');
      }
    } catch (error) {
      throw toStorageError(error);
    } finally {
      this.repo.changes.emit({ collection: this.name, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
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

  // Leads are routed as they are stored, unless the repository is a cache of a server that routes.
  #routes(): boolean {
    return this.name === 'leads' && this.repo.routes;
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
  readonly leads: IdbCollection<'leads'>;
  readonly deals: IdbCollection<'deals'>;
  readonly pipelines: IdbCollection<'pipelines'>;
  readonly activities: IdbCollection<'activities'>;
  readonly settings: IdbCollection<'settings'>;
  /** Whether new leads are routed here (not in a REST cache, whose server routes). */
  readonly routes: boolean;
  /** @internal The clock routing reads. */
  readonly now: () => number;
  readonly #sweepMs: number;
  #sweeper: ReturnType<typeof setInterval> | undefined;
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
    this.leads = new IdbCollection('leads', this);
    this.deals = new IdbCollection('deals', this);
    this.pipelines = new IdbCollection('pipelines', this);
    this.activities = new IdbCollection('activities', this);
    this.settings = new IdbCollection('settings', this);
    this.routes = options.routing ?? true;
    this.now = options.now ?? Date.now;
    this.#sweepMs = options.routingSweepMs ?? 60_000;
  }

  /**
   * Routes again the leads whose re-entry date or SLA has passed (see core `routingDue`), in one
   * transaction; gives their ids. Runs when the database opens and every `routingSweepMs`.
   */
  async sweepRouting(now = this.now()): Promise<string[]> {
    const db = await this.db();
    let ids: string[] = [];
    try {
      await commit(db, ROUTED_STORES, async (tx) => {
        const status = tx.objectStore('leads').index('status');
        const open = (await Promise.all(['new', 'mql', 'nurturing'].map((s) => req(status.getAll(s))))).flat();
        ids = await sweep(routingAccess(tx), open.map((l) => fromStored<Lead>(l as Stored)!), now);
      });
    } catch (error) {
      throw toStorageError(error);
    }
    if (ids.length) this.changes.emit({ collection: 'leads', type: 'put', ids, origin: 'local' });
    return ids;
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
        this.#startSweeping();
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
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.changes.close();
    void this.#connection?.then((db) => db.close(), () => undefined);
    this.#connection = undefined;
    this.#setStatus('closed');
  }

  // Leads due for routing again are routed soon after the database opens, then every minute.
  #startSweeping(): void {
    if (!this.routes || this.#sweepMs <= 0 || this.#sweeper) return;
    const run = () => void this.sweepRouting().catch(() => undefined);
    this.#sweeper = setInterval(run, this.#sweepMs);
    setTimeout(run);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#statusValue === status) return;
    this.#statusValue = status;
    for (const l of [...this.#statusListeners]) l(status);
  }
}

