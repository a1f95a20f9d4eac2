/**
 * The Repository every element reads and writes through (DESIGN.md section 4). Adapters: memory,
 * IndexedDB, and REST (IndexedDB cache + outbox + server sync).
 */
import type { Activity, CollectionName, Deal, Lead, Pipeline, Settings } from '../core/model.js';

/** The record type of each collection. */
export interface RecordTypes {
  leads: Lead;
  deals: Deal;
  pipelines: Pipeline;
  activities: Activity;
  settings: Settings;
}

/** A filter value: one value, or a list meaning "any of these". */
export type WhereValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * What to list. `where` is equality (or any-of for a list) on top-level fields; a field with an
 * index (see `INDEXED_FIELDS`) is served by the index. On leads, `email` matches by normalised email.
 */
export interface Query<T = unknown> {
  where?: Partial<Record<Extract<keyof T, string>, WhereValue>> & Record<string, WhereValue | undefined>;
  /** Records written at or after this ISO time (by `updatedAt`). */
  updatedSince?: string;
  /** Field to sort by; records missing it sort last. Default: `rank`, then `createdAt`, then `id`. */
  orderBy?: string;
  desc?: boolean;
  offset?: number;
  limit?: number;
}

/** Fields each collection indexes (IndexedDB indexes; the memory adapter filters the same way). */
export const INDEXED_FIELDS: { readonly [C in CollectionName]: readonly string[] } = {
  leads: ['status', 'email', 'ownerId', 'updatedAt'],
  deals: ['pipelineId', 'stageId', 'status', 'ownerId', 'leadId', 'updatedAt'],
  pipelines: ['updatedAt'],
  activities: ['dealId', 'leadId', 'dueAt', 'updatedAt'],
  settings: ['updatedAt'],
};

/** Where a change came from. */
export const CHANGE_ORIGINS = ['local', 'tab', 'remote'] as const;
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number];

/** A change to one collection: records written or deleted, here, in another tab, or by the server. */
export interface Change {
  collection: CollectionName;
  type: 'put' | 'delete';
  ids: string[];
  origin: ChangeOrigin;
}

/** Called with each change; return value ignored. */
export type ChangeListener = (change: Change) => void;

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** Extra data a write carries to the server but never stores (the form's spam checks). */
export interface PutOptions {
  meta?: Record<`_${string}`, unknown>;
}

/** One collection of records keyed by `id`. */
export interface Collection<T extends { id: string }> {
  readonly name: CollectionName;
  get(id: string): Promise<T | undefined>;
  list(query?: Query<T>): Promise<T[]>;
  count(query?: Query<T>): Promise<number>;
  put(record: T, options?: PutOptions): Promise<T>;
  putMany(records: readonly T[]): Promise<void>;
  delete(id: string): Promise<void>;
  subscribe(listener: ChangeListener): Unsubscribe;
}

/** Access to the collections, with change events across tabs. */
export interface Repository {
  readonly kind: 'memory' | 'indexeddb' | 'rest' | (string & {});
  readonly leads: Collection<Lead>;
  readonly deals: Collection<Deal>;
  readonly pipelines: Collection<Pipeline>;
  readonly activities: Collection<Activity>;
  /**
   * Configurations stored like records (`routing`, `campaigns`): a bad one is refused with an
   * `InvalidSettingsError` naming its fields (`problems`), and the stored one stays.
   */
  readonly settings: Collection<Settings>;
  /** Every change in every collection. */
  subscribe(listener: ChangeListener): Unsubscribe;
  /** Releases connections, channels and timers. */
  close(): void;
}
