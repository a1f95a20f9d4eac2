/**
 * Repositories made from attributes (`store`, `endpoint`, `db-name`), shared by every element that
 * asks for the same one: two standalone elements on a page use one connection, and one outbox sender.
 */
import { IndexedDbRepository } from '../storage/indexeddb.js';
import { RestRepository } from '../storage/rest.js';
import type { Repository } from '../storage/types.js';

/** Which adapter to use. */
export const STORE_KINDS = ['indexeddb', 'memory', 'rest'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** How to reach the data. */
export interface RepositorySpec {
  store?: StoreKind | undefined;
  endpoint?: string | undefined;
  dbName?: string | undefined;
  /**
   * Only write (REST): never pull the server's records into this browser. The lead form asks for
   * this: a visitor on a public page may send a lead but must not download the CRM.
   */
  writeOnly?: boolean | undefined;
}

const shared = new Map<string, { repo: Repository; users: number }>();

function keyOf(spec: RepositorySpec): string {
  const store = spec.store ?? (spec.endpoint ? 'rest' : 'indexeddb');
  return `${store}|${store === 'rest' ? spec.endpoint ?? '' : ''}|${spec.dbName ?? 'l2c'}|${store === 'rest' && spec.writeOnly ? 'w' : ''}`;
}

/**
 * A shared repository for `spec`; call `release` with the same spec when done. Memory stores are
 * never shared: `memory` makes one (the caller passes it, so that a bundle whose elements never ask
 * for `store="memory"`, such as the lead form's, carries no memory adapter).
 */
export function acquireRepository(spec: RepositorySpec, memory?: () => Repository): Repository {
  const store = spec.store ?? (spec.endpoint ? 'rest' : 'indexeddb');
  if (store === 'memory') {
    if (!memory) throw new TypeError('store="memory" is not available here');
    return memory();
  }
  const key = keyOf(spec);
  let entry = shared.get(key);
  if (!entry) {
    const dbName = spec.dbName ?? 'l2c';
    if (store === 'rest' && !spec.endpoint) throw new TypeError('store="rest" needs an endpoint attribute');
    const repo = store === 'rest'
      ? new RestRepository({ endpoint: spec.endpoint!, dbName, ...(spec.writeOnly ? { writeOnly: true } : {}) })
      : new IndexedDbRepository({ dbName });
    entry = { repo, users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  return entry.repo;
}

/** Gives back a repository from `acquireRepository`; the last user closes it. */
export function releaseRepository(spec: RepositorySpec, repo: Repository): void {
  if (repo.kind === 'memory') {
    repo.close();
    return;
  }
  const key = keyOf(spec);
  const entry = shared.get(key);
  if (!entry || entry.repo !== repo) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  // An element moved in the page disconnects and reconnects at once: keep the connection a moment.
  setTimeout(() => {
    if (entry.users > 0 || shared.get(key) !== entry) return;
    shared.delete(key);
    repo.close();
  }, 1000);
}
