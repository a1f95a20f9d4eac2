/**
 * The IndexedDB schema and its versioned migrations. Each migration takes the database a previous
 * version left behind; tests open a database of every older version and upgrade it.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Activity, AnyRecord, CollectionName, Deal, Lead, Pipeline } from '../core/model.js';
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
}

/** A write the server refused for good, or that conflicts with a newer server version. */
export interface DeadLetter extends OutboxEntry {
  deadAt: string;
  reason: 'rejected' | 'conflict';
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

/** The typed schema (idb's DBSchema). */
export interface L2cDB extends DBSchema {
  leads: { key: string; value: StoredLead; indexes: { status: string; emailKey: string; ownerId: string; updatedAt: string } };
  deals: { key: string; value: Deal; indexes: { pipelineId: string; stageId: string; status: string; ownerId: string; leadId: string; updatedAt: string } };
  pipelines: { key: string; value: Pipeline; indexes: { updatedAt: string } };
  activities: { key: string; value: Activity; indexes: { dealId: string; leadId: string; dueAt: string; updatedAt: string } };
  outbox: { key: number; value: OutboxEntry; indexes: { record: [string, string] } };
  deadLetters: { key: number; value: DeadLetter };
  meta: { key: string; value: MetaRow };
}

/** The index a `where` field uses, per collection (the lead email index holds normalised emails). */
export const INDEX_FOR_FIELD: { readonly [C in CollectionName]: Readonly<Record<string, string>> } = {
  leads: { status: 'status', email: 'emailKey', ownerId: 'ownerId', updatedAt: 'updatedAt' },
  deals: { pipelineId: 'pipelineId', stageId: 'stageId', status: 'status', ownerId: 'ownerId', leadId: 'leadId', updatedAt: 'updatedAt' },
  pipelines: { updatedAt: 'updatedAt' },
  activities: { dealId: 'dealId', leadId: 'leadId', dueAt: 'dueAt', updatedAt: 'updatedAt' },
};

/** The normalised email a lead is indexed under. */
export function emailKeyOf(email: unknown): string | undefined {
  if (typeof email !== 'string' || email.trim() === '') return undefined;
  return normalizeEmail(email) ?? email.trim().toLowerCase();
}

type UpgradeDb = IDBPDatabase<L2cDB>;
type UpgradeTx = IDBPTransaction<L2cDB, StoreNames<L2cDB>[], 'versionchange'>;
type Migration = (db: UpgradeDb, tx: UpgradeTx) => Promise<void> | void;

// Version 1 indexed raw emails and had no dead-letter store.
const v1: Migration = (db) => {
  const leads = db.createObjectStore('leads', { keyPath: 'id' });
  leads.createIndex('status', 'status');
  // v1 indexed the raw email; v2 replaces it.
  (leads as unknown as IDBObjectStore).createIndex('email', 'email');
  leads.createIndex('ownerId', 'ownerId');
  leads.createIndex('updatedAt', 'updatedAt');
  const deals = db.createObjectStore('deals', { keyPath: 'id' });
  for (const f of ['pipelineId', 'stageId', 'status', 'ownerId', 'leadId', 'updatedAt'] as const) deals.createIndex(f, f);
  const pipelines = db.createObjectStore('pipelines', { keyPath: 'id' });
  pipelines.createIndex('updatedAt', 'updatedAt');
  const activities = db.createObjectStore('activities', { keyPath: 'id' });
  for (const f of ['dealId', 'leadId', 'dueAt', 'updatedAt'] as const) activities.createIndex(f, f);
  db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
  db.createObjectStore('meta', { keyPath: 'key' });
};

// Version 2: leads indexed by normalised email (so Ana@X.com finds ana@x.com), every stored lead
// rewritten with its key; an index of outbox entries by record; the dead-letter store.
const v2: Migration = async (_db, tx) => {
  const leads = tx.objectStore('leads');
  (leads as unknown as IDBObjectStore).deleteIndex('email');
  leads.createIndex('emailKey', '__emailKey');
  let cursor = await leads.openCursor();
  while (cursor) {
    const key = emailKeyOf(cursor.value.email);
    if (key) await cursor.update({ ...cursor.value, __emailKey: key });
    cursor = await cursor.continue();
  }
  tx.objectStore('outbox').createIndex('record', ['collection', 'id']);
  _db.createObjectStore('deadLetters', { keyPath: 'seq' });
};

/** Migrations in order: `MIGRATIONS[n]` takes version n to n + 1. */
export const MIGRATIONS: readonly Migration[] = [v1, v2];

/** The schema version this code opens. */
export const DB_VERSION = MIGRATIONS.length;

/** Runs the migrations from `oldVersion` up to `newVersion` inside the upgrade transaction. */
export async function migrate(db: UpgradeDb, tx: UpgradeTx, oldVersion: number, newVersion = DB_VERSION): Promise<void> {
  for (let v = oldVersion; v < newVersion; v++) await MIGRATIONS[v]!(db, tx);
}
