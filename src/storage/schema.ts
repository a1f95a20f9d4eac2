/**
 * The IndexedDB schema and its versioned migrations. Each migration takes the database a previous
 * version left behind; tests open a database of every older version and upgrade it.
 */
import type { Activity, AnyRecord, CollectionName, Deal, Lead, Pipeline, Settings } from '../core/model.js';
import { normalizeEmail } from '../core/email.js';

/** A write waiting to be sent to the server. */
export interface OutboxEntry {
  seq?: number;
  collection: CollectionName;
  /** `create` is a POST of a record the server has never seen; `put` a PUT; `delete` a DELETE. */
  op: 'create' | 'put' | 'delete';
  id: string;
  record?: AnyRecord;
  /** Underscore fields sent with the record and never stored (the form's spam checks). */
  meta?: Record<string, unknown>;
  /** The Idempotency-Key: the same for every retry of this entry. */
  key: string;
  attempts: number;
  /** Not before this time (ms). */
  nextAt: number;
  createdAt: string;
  /** The server version this write was based on (sent as If-Match). */
  baseEtag?: string;
  lastError?: string;
  /** The HTTP status of the last failed attempt (401 and 403 wait for credentials that work). */
  lastStatus?: number;
  /** How many attempts in a row got the same answer that is not transient (a 500, a reply that is not JSON). */
  strikes?: number;
}

/** A write the server refused for good, or that conflicts with a newer server version. */
export interface DeadLetter extends OutboxEntry {
  deadAt: string;
  /**
   * `rejected`: the server refused it (a 4xx); `conflict`: a newer version is on the server; `failed`:
   * the same error that is not transient (a 500, a reply that is not JSON) `strikes` times in a row.
   */
  reason: 'rejected' | 'conflict' | 'failed';
  status?: number;
  /** The server's problem document. */
  problem?: unknown;
  /** For a conflict: the server's current version and its ETag. */
  server?: AnyRecord;
  serverEtag?: string;
}

/** A key-value row: sync cursors and ETags. */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** Internal fields kept beside a stored lead for its indexes; never returned to callers. */
export interface StoredLead extends Lead {
  __emailKey?: string;
}

/**
 * The typed schema of the database (what idb's `DBSchema` described, as types only): each object
 * store's key, stored value and index names. A collection's records by id (leads as `StoredLead`),
 * `outbox` entries and `deadLetters` by `seq`, `meta` rows by key. `idb.ts` types every store and
 * index by it, so a wrong store, index or value is a compile error. `settings` since version 3.
 */
export interface L2cSchema {
  leads: { key: string; value: StoredLead; indexes: 'status' | 'emailKey' | 'ownerId' | 'updatedAt' };
  deals: { key: string; value: Deal; indexes: 'pipelineId' | 'stageId' | 'status' | 'ownerId' | 'leadId' | 'updatedAt' };
  pipelines: { key: string; value: Pipeline; indexes: 'updatedAt' };
  activities: { key: string; value: Activity; indexes: 'dealId' | 'leadId' | 'dueAt' | 'updatedAt' };
  settings: { key: string; value: Settings; indexes: 'updatedAt' };
  outbox: { key: number; value: OutboxEntry; indexes: 'record' };
  deadLetters: { key: number; value: DeadLetter; indexes: never };
  meta: { key: string; value: MetaRow; indexes: never };
}

/** The object stores. */
export type StoreName = keyof L2cSchema;

/** The index a `where` field uses, per collection (the lead email index holds normalised emails). */
export const INDEX_FOR_FIELD: { readonly [C in CollectionName]: Readonly<Record<string, L2cSchema[C]['indexes']>> } = {
  leads: { status: 'status', email: 'emailKey', ownerId: 'ownerId', updatedAt: 'updatedAt' },
  deals: { pipelineId: 'pipelineId', stageId: 'stageId', status: 'status', ownerId: 'ownerId', leadId: 'leadId', updatedAt: 'updatedAt' },
  pipelines: { updatedAt: 'updatedAt' },
  activities: { dealId: 'dealId', leadId: 'leadId', dueAt: 'dueAt', updatedAt: 'updatedAt' },
  settings: { updatedAt: 'updatedAt' },
};

/** The normalised email a lead is indexed under. */
export function emailKeyOf(email: unknown): string | undefined {
  if (typeof email !== 'string' || email.trim() === '') return undefined;
  return normalizeEmail(email) ?? email.trim().toLowerCase();
}

type Migration = (db: IDBDatabase, tx: IDBTransaction) => Promise<void> | void;

// Version 1 indexed raw emails and had no dead-letter store.
const v1: Migration = (db) => {
  const leads = db.createObjectStore('leads', { keyPath: 'id' });
  for (const f of ['status', 'email', 'ownerId', 'updatedAt']) leads.createIndex(f, f);
  const deals = db.createObjectStore('deals', { keyPath: 'id' });
  for (const f of ['pipelineId', 'stageId', 'status', 'ownerId', 'leadId', 'updatedAt']) deals.createIndex(f, f);
  const pipelines = db.createObjectStore('pipelines', { keyPath: 'id' });
  pipelines.createIndex('updatedAt', 'updatedAt');
  const activities = db.createObjectStore('activities', { keyPath: 'id' });
  for (const f of ['dealId', 'leadId', 'dueAt', 'updatedAt']) activities.createIndex(f, f);
  db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
  db.createObjectStore('meta', { keyPath: 'key' });
};

// Version 2: leads indexed by normalised email (so Ana@X.com finds ana@x.com), every stored lead
// rewritten with its key; an index of outbox entries by record; the dead-letter store.
const v2: Migration = (db, tx) => {
  const leads = tx.objectStore('leads');
  leads.deleteIndex('email');
  leads.createIndex('emailKey', '__emailKey');
  tx.objectStore('outbox').createIndex('record', ['collection', 'id']);
  db.createObjectStore('deadLetters', { keyPath: 'seq' });
  // A cursor request succeeds once per lead, then once more with no cursor: not a single promise.
  return new Promise((resolve, reject) => {
    const fail = (event: Event) => reject((event.target as IDBRequest).error);
    const request = leads.openCursor();
    request.onerror = fail;
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve();
      try {
        const key = emailKeyOf((cursor.value as StoredLead).email);
        if (key) cursor.update({ ...cursor.value, __emailKey: key }).onerror = fail;
        cursor.continue();
      } catch (error) {
        // A lead that cannot be written back (a value the structured clone refuses): the upgrade fails with it.
        reject(error);
      }
    };
  });
};

// Version 3: the settings collection (routing, campaign costs; issue 17). The routing state of a
// repository that routes leads itself lives in `meta`.
const v3: Migration = (db) => {
  const settings = db.createObjectStore('settings', { keyPath: 'id' });
  settings.createIndex('updatedAt', 'updatedAt');
};

/** Migrations in order: `MIGRATIONS[n]` takes version n to n + 1. */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3];

/** The schema version this code opens. */
export const DB_VERSION = MIGRATIONS.length;

/** Runs the migrations from `oldVersion` up to `newVersion` inside the upgrade transaction. */
export async function migrate(db: IDBDatabase, tx: IDBTransaction, oldVersion: number, newVersion = DB_VERSION): Promise<void> {
  for (let v = oldVersion; v < newVersion; v++) await MIGRATIONS[v]!(db, tx);
}
