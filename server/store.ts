/**
 * Records in one `records` table: (workspace, collection, id) -> data jsonb, a version (the ETag),
 * the write sequence number clients sync by, the server time of the last write, a soft-delete time
 * and a spam flag.
 *
 * Every query here runs inside `inWorkspace` (scope.ts): as the application role, with row-level
 * security limiting it to one workspace's rows. Writers lock their workspace's row first
 * (`lockWorkspace`), which also numbers their writes: sequence numbers become visible in commit
 * order, so a reader paging by `seq > cursor` never skips a write that commits late.
 */
import { normalizeEmail } from '../src/core/email.js';
import type { Json, JsonObject } from './http.js';
import type { Database, Queryable } from './db.js';

export interface StoredRecord {
  id: string;
  data: JsonObject;
  version: number;
  seq: string;
  serverUpdatedAt: string;
  deletedAt: string | null;
  spam: boolean;
}

interface Row {
  id: string;
  data: JsonObject;
  version: number | string;
  seq: string | number;
  server_updated_at: Date | string;
  deleted_at: Date | string | null;
  spam: boolean;
}

const COLUMNS = 'id, data, version, seq, server_updated_at, deleted_at, spam';

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function fromRow(row: Row): StoredRecord {
  return {
    id: row.id,
    data: row.data,
    version: Number(row.version),
    seq: String(row.seq),
    serverUpdatedAt: iso(row.server_updated_at),
    deletedAt: row.deleted_at === null ? null : iso(row.deleted_at),
    spam: row.spam === true,
  };
}

/** Filters on top-level string fields of the record that list queries support. */
export const LIST_FILTERS = ['pipelineId', 'stageId', 'status', 'leadId', 'dealId'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface ListQuery {
  /** Only records written after this sequence number (a cursor or sync token). */
  afterSeq: string;
  /** Only records written at or after this instant. */
  updatedSince?: string | undefined;
  /** Include deleted records (as tombstones): for sync (`since`, `updatedSince`). */
  withDeleted: boolean;
  /** Suspected spam only (true), or none of it (false, the default of lists). */
  spam: boolean;
  filters: Partial<Record<ListFilter, string>>;
  limit: number;
}

/** One record, including a soft-deleted one (check `deletedAt`), or null. */
export async function getRecord(tx: Queryable, ws: string, collection: string, id: string): Promise<StoredRecord | null> {
  const rows = await tx.query<Row>(`SELECT ${COLUMNS} FROM records WHERE workspace_id = $1 AND collection = $2 AND id = $3`, [ws, collection, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records in write order; one more than `limit` is fetched so the caller knows whether more follow. */
export async function listRecords(tx: Queryable, ws: string, collection: string, q: ListQuery): Promise<StoredRecord[]> {
  const params: unknown[] = [ws, collection, q.afterSeq, q.spam];
  const where = ['workspace_id = $1', 'collection = $2', 'seq > $3::bigint', 'spam = $4'];
  if (!q.withDeleted) where.push('deleted_at IS NULL');
  if (q.updatedSince !== undefined) {
    params.push(q.updatedSince);
    where.push(`server_updated_at >= $${params.length}::timestamptz`);
  }
  for (const name of LIST_FILTERS) {
    const value = q.filters[name];
    if (value === undefined) continue;
    params.push(value);
    // `name` comes from the LIST_FILTERS constant, never from the request, so it may be inlined
    // (which also lets PostgreSQL use the expression index on pipelineId).
    where.push(`data->>'${name}' = $${params.length}`);
  }
  params.push(q.limit + 1);
  // Ordered by the bigint column itself (records.seq): ordering by a text copy of it sorted 10
  // before 9 and made pages skip records.
  const sql = `SELECT ${COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY records.seq LIMIT $${params.length}`;
  return (await tx.query<Row>(sql, params)).map(fromRow);
}

/**
 * Serialises this workspace's writers until the transaction ends and returns the database's clock
 * read under the lock (so `updatedAt` never goes backwards in write order, whichever server
 * instance writes). Call first in every write transaction. Null when the workspace is gone.
 */
export async function lockWorkspace(tx: Queryable, ws: string): Promise<string | null> {
  const rows = await tx.query<{ now: Date | string }>('SELECT clock_timestamp() AS now FROM workspaces WHERE id = $1 FOR UPDATE', [ws]);
  return rows[0] ? iso(rows[0].now) : null;
}

/** The next sequence number of the workspace (under its lock). */
export async function nextSeq(tx: Queryable, ws: string): Promise<string> {
  const rows = await tx.query<{ seq: string | number }>('UPDATE workspaces SET seq = seq + 1 WHERE id = $1 RETURNING seq', [ws]);
  return String(rows[0]!.seq);
}

/**
 * The dedup key of a lead, stored in `email_key`: its normalised e-mail, `''` for an address that
 * gives none, null for a lead without an e-mail and for other records.
 */
export function emailKeyOf(collection: string, data: Json): string | null {
  if (collection !== 'leads' || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const email = (data as JsonObject).email;
  return typeof email === 'string' ? normalizeEmail(email) ?? '' : null;
}

/** Inserts a new record at version 1; null when the id is taken (live or deleted). */
export async function insertRecord(
  tx: Queryable, ws: string, collection: string, id: string, data: Json, now: string, spam = false,
): Promise<StoredRecord | null> {
  // A taken id leaves a gap in the sequence, which readers do not mind.
  const rows = await tx.query<Row>(
    `WITH s AS (UPDATE workspaces SET seq = seq + 1 WHERE id = $1 RETURNING seq)
     INSERT INTO records (workspace_id, collection, id, data, version, seq, server_updated_at, spam, email_key)
     SELECT $1, $2, $3, $4::jsonb, 1, s.seq, $5::timestamptz, $6, $7 FROM s
     ON CONFLICT (workspace_id, collection, id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [ws, collection, id, JSON.stringify(data), now, spam, emailKeyOf(collection, data)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Replaces the data of an existing row (live or deleted, which it brings back) with a new version. */
export async function replaceRecord(
  tx: Queryable, ws: string, collection: string, id: string, data: Json, now: string, spam = false,
): Promise<StoredRecord | null> {
  const seq = await nextSeq(tx, ws);
  const rows = await tx.query<Row>(
    `UPDATE records SET data = $4::jsonb, version = version + 1, seq = $5::bigint,
       server_updated_at = $6::timestamptz, deleted_at = NULL, spam = $7, email_key = $8
     WHERE workspace_id = $1 AND collection = $2 AND id = $3
     RETURNING ${COLUMNS}`,
    [ws, collection, id, JSON.stringify(data), seq, now, spam, emailKeyOf(collection, data)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Marks a record deleted (kept as a tombstone for sync) with a new version and sequence number. */
export async function softDeleteRecord(tx: Queryable, ws: string, collection: string, id: string, now: string): Promise<StoredRecord> {
  const seq = await nextSeq(tx, ws);
  const rows = await tx.query<Row>(
    `UPDATE records SET deleted_at = $4::timestamptz, server_updated_at = $4::timestamptz,
       version = version + 1, seq = $5::bigint
     WHERE workspace_id = $1 AND collection = $2 AND id = $3
     RETURNING ${COLUMNS}`,
    [ws, collection, id, now, seq],
  );
  return fromRow(rows[0]!);
}

/** Removes a record for good (purging spam no client has seen); true when there was one. */
export async function purgeRecord(tx: Queryable, ws: string, collection: string, id: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM records WHERE workspace_id = $1 AND collection = $2 AND id = $3 RETURNING id', [ws, collection, id]);
  return rows.length > 0;
}

/** Gives leads stored before e-mail keys existed theirs (run at start, as the database owner, 500 at a time). */
export async function backfillEmailKeys(db: Database): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.query<{ workspace_id: string; id: string; email: string }>(
      `SELECT workspace_id, id, data->>'email' AS email FROM records
       WHERE collection = 'leads' AND email_key IS NULL AND jsonb_typeof(data->'email') = 'string' LIMIT 500`,
    );
    if (!rows.length) return done;
    for (const r of rows) {
      await db.query(`UPDATE records SET email_key = $3 WHERE workspace_id = $1 AND collection = 'leads' AND id = $2`, [r.workspace_id, r.id, normalizeEmail(r.email) ?? '']);
    }
    done += rows.length;
  }
}

/** Whether the database answers. */
export async function ping(db: Database): Promise<boolean> {
  const rows = await db.query<{ ok: number }>('SELECT 1 AS ok');
  return Number(rows[0]?.ok) === 1;
}
