/**
 * Promises over native IndexedDB: the little of the `idb` library the storage code needs, without
 * its proxies, which cost the lead form's bundle a kilobyte.
 *
 * A transaction stays active while the microtasks queued by its requests' events run, and commits
 * once it has nothing left to do. So every request of a transaction is issued synchronously or from
 * a promise continuation (`await`, `then`) of an earlier one, never after a timer, a fetch or any
 * other task, as with `idb`.
 */
import type { L2cSchema, StoreName } from './schema.js';

type Key<N extends StoreName> = L2cSchema[N]['key'];
type Value<N extends StoreName> = L2cSchema[N]['value'];
type Query<N extends StoreName> = Key<N> | IDBKeyRange | null;

/** A cursor over a store of the schema. */
export interface Cursor<N extends StoreName> extends IDBCursorWithValue {
  readonly value: Value<N>;
  update(value: Value<N>): IDBRequest<IDBValidKey>;
}

/** An index of a store of the schema (typed views of the native objects; no code of their own). */
export interface Index<N extends StoreName> {
  get(query: IDBValidKey | IDBKeyRange): IDBRequest<Value<N> | undefined>;
  getAll(query?: IDBValidKey | IDBKeyRange | null): IDBRequest<Value<N>[]>;
  count(query?: IDBValidKey | IDBKeyRange): IDBRequest<number>;
}

/** An object store of the schema: keys, values and index names checked by the compiler. */
export interface Store<N extends StoreName> {
  get(key: Key<N>): IDBRequest<Value<N> | undefined>;
  getAll(query?: Query<N>): IDBRequest<Value<N>[]>;
  count(query?: Query<N>): IDBRequest<number>;
  put(value: Value<N>): IDBRequest<IDBValidKey>;
  add(value: Value<N>): IDBRequest<IDBValidKey>;
  delete(key: Key<N> | IDBKeyRange): IDBRequest<undefined>;
  openCursor(query?: Query<N>): IDBRequest<Cursor<N> | null>;
  index(name: L2cSchema[N]['indexes']): Index<N>;
  createIndex(name: string, keyPath: string | string[]): IDBIndex;
  deleteIndex(name: string): void;
}

/** A transaction whose stores are typed by the schema. */
export interface Tx extends Omit<IDBTransaction, 'objectStore'> {
  objectStore<N extends StoreName>(name: N): Store<N>;
}

/** The result of a request, or its error as the rejection. */
export const req = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/**
 * Resolves when the transaction commits, rejects when it is aborted: by a failed request or at commit
 * (a full disk), with that error, which the transaction holds only once it aborts; one aborted by
 * code has none, hence the AbortError.
 */
export const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
  });

/** A store in a read-only transaction of its own: for one read, which needs no commit. */
export const read = <N extends StoreName>(db: IDBDatabase, name: N): Store<N> =>
  db.transaction(name).objectStore(name) as unknown as Store<N>;

/**
 * Runs `work` in a new read-write transaction and resolves with its result once the transaction has
 * committed. The commit is listened to before `work` issues a request, and both are awaited
 * together, so either failure is reported and neither goes unhandled. Strict durability by default:
 * most writes are a person's submission, which must be on disk before the page says it is saved.
 */
export async function commit<T>(
  db: IDBDatabase,
  names: StoreName | StoreName[],
  work: (tx: Tx) => Promise<T>,
  durability: IDBTransactionDurability = 'strict',
): Promise<T> {
  const tx = db.transaction(names, 'readwrite', { durability });
  const worked = work(tx as unknown as Tx).catch((error: unknown) => {
    // All or nothing: what `work` wrote before it failed must not commit (a lead without its outbox entry).
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw error;
  });
  return (await Promise.all([done(tx), worked]))[1];
}
