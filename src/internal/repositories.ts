/**
 * Repositories made from attributes (`store`, `endpoint`, `db-name`), shared by every element that
 * asks for the same one: two standalone elements on a page use one connection, and one outbox sender.
 */
import { IndexedDbRepository } from '../storage/indexeddb.js';
import type { RestOptions, RestRepository } from '../storage/rest.js';
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
  /** REST: the key sent as `Authorization: Bearer`. */
  apiKey?: string | undefined;
  /** REST: headers computed per request (a token that changes). */
  getHeaders?: RestOptions['getHeaders'];
}

const shared = new Map<string, { repo: Repository; users: number }>();
const headerIds = new WeakMap<object, number>();
let headerCount = 0;

// Elements with different credentials never share a repository (each sends with its own).
function keyOf(spec: RepositorySpec): string {
  const store = spec.store ?? (spec.endpoint ? 'rest' : 'indexeddb');
  const h = spec.getHeaders;
  if (h && !headerIds.has(h)) headerIds.set(h, ++headerCount);
  return `${store}|${store === 'rest' ? `${spec.endpoint ?? ''}|${spec.apiKey ?? ''}|${h ? headerIds.get(h) : ''}` : ''}|${spec.dbName ?? 'l2c'}|${store === 'rest' && spec.writeOnly ? 'w' : ''}`;
}

// The REST adapter's class: given by a caller that has it (the provider), else loaded on first use,
// so that an element on IndexedDB (the lead form's bundle) never carries it.
let Rest: typeof RestRepository | undefined;
let restLoad: Promise<unknown> | undefined;

/** Resolves once the REST adapter's code is here (loading it if need be). */
export function restLoaded(): Promise<unknown> {
  restLoad ??= import('../storage/rest.js').then((m) => {
    Rest ??= m.RestRepository;
  }, (error: unknown) => {
    restLoad = undefined;
    throw error;
  });
  return restLoad;
}

/** Ways to make adapters a bundle carries itself: the memory one, the REST one. */
export interface Makers {
  memory?: () => Repository;
  rest?: typeof RestRepository;
}

/**
 * A shared repository for `spec`; call `release` with the same spec when done. Memory stores are
 * never shared: `makers.memory` makes one (the caller passes it, so that a bundle whose elements
 * never ask for `store="memory"`, such as the lead form's, carries no memory adapter). REST: with
 * no `makers.rest`, undefined until the adapter's code has loaded (`restLoaded()`), then `onReady`.
 */
export function acquireRepository(spec: RepositorySpec, makers: Makers = {}, onReady?: () => void): Repository | undefined {
  const store = spec.store ?? (spec.endpoint ? 'rest' : 'indexeddb');
  if (store === 'memory') {
    if (!makers.memory) throw new TypeError('store="memory" is not available here');
    return makers.memory();
  }
  Rest ??= makers.rest;
  if (store === 'rest' && !Rest) {
    void restLoaded().then(onReady, () => undefined);
    return undefined;
  }
  const key = keyOf(spec);
  let entry = shared.get(key);
  if (!entry) {
    const dbName = spec.dbName ?? 'l2c';
    if (store === 'rest' && !spec.endpoint) throw new TypeError('store="rest" needs an endpoint attribute');
    const repo = store === 'rest'
      ? new Rest!({ endpoint: spec.endpoint!, dbName, writeOnly: !!spec.writeOnly, apiKey: spec.apiKey, getHeaders: spec.getHeaders })
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
