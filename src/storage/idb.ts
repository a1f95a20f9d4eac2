/**
 * Promises over native IndexedDB: the little of the `idb` library the storage code needs, without
 * its proxies, which cost the lead form's bundle a kilobyte.
 *
 * A transaction stays active while the microtasks queued by its requests' events run, and commits
 * once it has nothing left to do. So every request of a transaction is issued synchronously or from
 * a promise continuation (`await`, `then`) of an earlier one, never after a timer, a fetch or any
 * other task, as with `idb`.
 */
import type { StoreName } from './schema.js';

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
export const read = (db: IDBDatabase, name: StoreName): IDBObjectStore => db.transaction(name).objectStore(name);

/**
 * Runs `work` in a new read-write transaction and resolves with its result once the transaction has
 * committed. The commit is listened to before `work` issues a request, and both are awaited
 * together, so either failure is reported and neither goes unhandled. Strict durability by default:
 * most writes are a person's submission, which must be on disk before the page says it is saved.
 */
export async function commit<T>(
  db: IDBDatabase,
  names: StoreName | StoreName[],
  work: (tx: IDBTransaction) => Promise<T>,
  durability: IDBTransactionDurability = 'strict',
): Promise<T> {
  const tx = db.transaction(names, 'readwrite', { durability });
  const worked = work(tx).catch((error: unknown) => {
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
