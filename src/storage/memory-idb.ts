/**
 * A database in this page's memory with the part of the IndexedDB API the storage code uses, for a
 * REST repository in a browser where IndexedDB cannot be opened (private modes, storage turned off):
 * the cache and the outbox then live as long as the page, and the same code sends them. A chunk of
 * its own, loaded only then. The schema comes from the real migrations.
 *
 * As in IndexedDB, values are structured clones, a request's result arrives in a later task,
 * transactions run one at a time in the order they were made, commit when they have nothing left to
 * do and roll back when aborted or when a request fails.
 */
import { DB_VERSION, migrate } from './schema.js';

type Key = string | number | Key[];
type Range = { lower?: Key; upper?: Key; lowerOpen?: boolean; upperOpen?: boolean };
type Query = Key | Range | null | undefined;

interface StoreData {
  keyPath: string;
  autoIncrement: boolean;
  counter: number;
  rows: Map<string, { key: Key; value: unknown }>;
  indexes: Map<string, string | string[]>;
}

function cmp(a: Key, b: Key): number {
  const rank = (k: Key) => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmp(a[i]!, b[i]!);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const isKey = (k: unknown): k is Key => (typeof k === 'number' && !Number.isNaN(k)) || typeof k === 'string' || (Array.isArray(k) && k.every(isKey));

function inQuery(key: Key, query: Query): boolean {
  if (query === null || query === undefined) return true;
  if (isKey(query)) return cmp(key, query) === 0;
  const { lower, upper, lowerOpen, upperOpen } = query;
  if (lower !== undefined && (lowerOpen ? cmp(key, lower) <= 0 : cmp(key, lower) < 0)) return false;
  return !(upper !== undefined && (upperOpen ? cmp(key, upper) >= 0 : cmp(key, upper) > 0));
}

function keyOf(value: unknown, path: string | string[]): Key | undefined {
  const key = Array.isArray(path) ? path.map((p) => (value as Record<string, unknown>)[p]) : (value as Record<string, unknown>)[path];
  return isKey(key) ? key : undefined;
}

const ref = (k: Key) => JSON.stringify(k);
const fail = (name: string, message: string) => new DOMException(message, name);

// One task later, without the throttling timers get in a background tab.
const channel = new MessageChannel();
const tasks: (() => void)[] = [];
channel.port1.onmessage = () => tasks.shift()?.();
const later = (task: () => void): void => {
  tasks.push(task);
  channel.port2.postMessage(0);
};

class Request {
  result: unknown;
  error: DOMException | null = null;
  onsuccess: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  transaction: Tx | null = null;
}

class Tx {
  oncomplete: (() => void) | null = null;
  onabort: (() => void) | null = null;
  error: DOMException | null = null;
  #queue: { request: Request; run: () => unknown }[] = [];
  #undo: (() => void)[] = [];
  #active = false;
  #finished = false;
  #busy = false;

  constructor(readonly db: MemoryDb, readonly mode: string) {}

  objectStore(name: string): Store {
    const data = this.db.stores.get(name);
    if (!data) throw fail('NotFoundError', `No object store "${name}"`);
    return new Store(this, name, data);
  }

  abort(): void {
    if (this.#finished) throw fail('InvalidStateError', 'The transaction has finished.');
    this.#finished = true;
    for (const undo of this.#undo.reverse()) undo();
    this.#queue = [];
    later(() => {
      this.onabort?.();
      this.db.next();
    });
  }

  /** @internal Queues a request; `run` applies it (a write registers its undo) and gives its result, or throws its error. */
  request(run: () => unknown, write = false): Request {
    if (this.#finished) throw fail('TransactionInactiveError', 'The transaction has finished.');
    if (write && this.mode === 'readonly') throw fail('ReadOnlyError', 'The transaction is read-only.');
    const request = new Request();
    request.transaction = this;
    this.#queue.push({ request, run });
    this.#pump();
    return request;
  }

  /** @internal Undo step of the last request (set by the store while it runs). */
  undoLast(undo: () => void): void {
    this.#undo.push(undo);
  }

  /** @internal Called by the database when it is this transaction's turn. */
  start(): void {
    this.#active = true;
    this.#pump();
    this.#check();
  }

  #pump(): void {
    if (!this.#active || this.#busy || this.#finished) return;
    const item = this.#queue.shift();
    if (!item) return;
    this.#busy = true;
    later(() => {
      this.#busy = false;
      if (this.#finished) return;
      const { request, run } = item;
      try {
        request.result = run();
        request.onsuccess?.(new Event('success'));
      } catch (error) {
        request.error = error instanceof DOMException ? error : fail('UnknownError', String(error));
        request.onerror?.(new Event('error'));
        // As in IndexedDB, a failed request aborts its transaction.
        if (!this.#finished) {
          this.abort();
          this.error = request.error;
        }
        return;
      }
      this.#pump();
      this.#check();
    });
  }

  // Commits once nothing more was asked in the task that handled the last result (nor its microtasks).
  #check(): void {
    later(() => {
      if (this.#finished || this.#busy || this.#queue.length) return;
      this.#finished = true;
      this.oncomplete?.();
      this.db.next();
    });
  }
}

class Store {
  constructor(readonly tx: Tx, readonly name: string, readonly data: StoreData) {}

  #sorted(query: Query): { key: Key; value: unknown }[] {
    return [...this.data.rows.values()].filter((r) => inQuery(r.key, query)).sort((a, b) => cmp(a.key, b.key));
  }

  get(query: Query): Request {
    return this.tx.request(() => structuredClone(this.#sorted(query)[0]?.value));
  }

  getAll(query?: Query): Request {
    return this.tx.request(() => this.#sorted(query).map((r) => structuredClone(r.value)));
  }

  count(query?: Query): Request {
    return this.tx.request(() => this.#sorted(query).length);
  }

  put(value: unknown, add = false): Request {
    const copy = structuredClone(value) as Record<string, unknown>;
    const { keyPath, autoIncrement } = this.data;
    return this.tx.request(() => {
      if (autoIncrement && copy[keyPath] === undefined) copy[keyPath] = this.data.counter + 1;
      const key = keyOf(copy, keyPath);
      if (key === undefined) throw fail('DataError', `No valid key at ${keyPath}`);
      const before = this.data.rows.get(ref(key));
      if (add && before) throw fail('ConstraintError', 'A record with this key exists.');
      const counter = this.data.counter;
      if (typeof key === 'number') this.data.counter = Math.max(counter, Math.floor(key));
      this.data.rows.set(ref(key), { key, value: copy });
      this.tx.undoLast(() => {
        this.data.counter = counter;
        if (before) this.data.rows.set(ref(key), before);
        else this.data.rows.delete(ref(key));
      });
      return key;
    }, true);
  }

  add(value: unknown): Request {
    return this.put(value, true);
  }

  delete(query: Query): Request {
    return this.tx.request(() => {
      const gone = this.#sorted(query);
      for (const r of gone) this.data.rows.delete(ref(r.key));
      this.tx.undoLast(() => { for (const r of gone) this.data.rows.set(ref(r.key), r); });
      return undefined;
    }, true);
  }

  openCursor(query?: Query): Request {
    let rows: { key: Key; value: unknown }[] | undefined;
    let at = -1;
    // IndexedDB reuses the cursor's request: it succeeds again for each row, then with null.
    const step = (): unknown => {
      rows ??= this.#sorted(query);
      const row = rows[++at];
      return row ? {
        key: row.key, primaryKey: row.key, value: structuredClone(row.value),
        continue: () => {
          const again = this.tx.request(step);
          again.onsuccess = (e) => { request.result = again.result; request.onsuccess?.(e); };
          again.onerror = (e) => { request.error = again.error; request.onerror?.(e); };
        },
        update: (next: unknown) => this.put(next),
      } : null;
    };
    const request = this.tx.request(step);
    return request;
  }

  index(name: string): Index {
    const path = this.data.indexes.get(name);
    if (path === undefined) throw fail('NotFoundError', `No index "${name}"`);
    return new Index(this, path);
  }

  createIndex(name: string, keyPath: string | string[]): void {
    this.data.indexes.set(name, keyPath);
  }

  deleteIndex(name: string): void {
    this.data.indexes.delete(name);
  }
}

class Index {
  constructor(readonly store: Store, readonly path: string | string[]) {}

  #hits(query: Query): unknown[] {
    return [...this.store.data.rows.values()]
      .map((r) => ({ key: keyOf(r.value, this.path), r }))
      .filter((x): x is { key: Key; r: { key: Key; value: unknown } } => x.key !== undefined && inQuery(x.key, query))
      .sort((a, b) => cmp(a.key, b.key) || cmp(a.r.key, b.r.key))
      .map((x) => x.r.value);
  }

  get(query: Query): Request {
    return this.store.tx.request(() => structuredClone(this.#hits(query)[0]));
  }

  getAll(query?: Query): Request {
    return this.store.tx.request(() => this.#hits(query).map((v) => structuredClone(v)));
  }

  count(query?: Query): Request {
    return this.store.tx.request(() => this.#hits(query).length);
  }
}

/** The database: its stores and the line of transactions waiting for their turn. */
class MemoryDb {
  readonly stores = new Map<string, StoreData>();
  readonly #line: Tx[] = [];
  #current: Tx | undefined;
  onversionchange: (() => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly name: string, readonly version: number) {}

  get objectStoreNames(): string[] {
    return [...this.stores.keys()];
  }

  transaction(_names: string | string[], mode = 'readonly'): Tx {
    const tx = new Tx(this, mode);
    this.#line.push(tx);
    if (!this.#current) this.next();
    return tx;
  }

  createObjectStore(name: string, options: { keyPath: string; autoIncrement?: boolean }): Store {
    const data: StoreData = { keyPath: options.keyPath, autoIncrement: !!options.autoIncrement, counter: 0, rows: new Map(), indexes: new Map() };
    this.stores.set(name, data);
    return new Store(this.#current!, name, data);
  }

  close(): void {
    // Nothing to release: the data lives as long as the page.
  }

  /** @internal Starts the next transaction in line. */
  next(): void {
    this.#current = this.#line.shift();
    this.#current?.start();
  }
}

/** A database in memory with the schema's stores and indexes, made by the real migrations. */
export async function openMemoryDb(name: string): Promise<IDBDatabase> {
  const db = new MemoryDb(name, DB_VERSION);
  const tx = db.transaction([], 'versionchange');
  await migrate(db as unknown as IDBDatabase, tx as unknown as IDBTransaction, 0);
  await new Promise<void>((resolve) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => resolve();
  });
  return db as unknown as IDBDatabase;
}
