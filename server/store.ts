/**
 * Records in one `records` table: (collection, id) -> data jsonb, a version (the ETag), the write
 * sequence number clients sync by, the server time of the last write and a soft-delete time.
 *
 * Writes take one transaction-scoped advisory lock before touching `records`, so sequence numbers
 * become visible in commit order: a reader paging by `seq > cursor` never skips a write that
 * commits late with a smaller number.
 */
import type { Json, JsonObject } from './http.js';
import type { Database, Queryable } from './db.js';

/** Any constant shared by every writer. */
const WRITE_LOCK = 7_203_102;

export interface StoredRecord {
  id: string;
  data: JsonObject;
  version: number;
  seq: string;
  serverUpdatedAt: string;
  deletedAt: string | null;
}

interface Row {
  id: string;
  data: JsonObject;
  version: number | string;
  seq: string;
  server_updated_at: Date | string;
  deleted_at: Date | string | null;
}

const COLUMNS = 'id, data, version, seq::text AS seq, server_updated_at, deleted_at';

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
  };
}

/** Filters on top-level string fields of the record that list queries support. */
export const LIST_FILTERS = ['pipelineId', 'stageId', 'status', 'leadId', 'dealId'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface ListQuery {
  /** Only records written after this sequence number (the cursor). */
  afterSeq: string;
  /** Only records written at or after this instant; deleted ones are then included as tombstones. */
  updatedSince?: string | undefined;
  filters: Partial<Record<ListFilter, string>>;
  limit: number;
}

/** One record, including a soft-deleted one (check `deletedAt`), or null. */
export async function getRecord(db: Queryable, collection: string, id: string): Promise<StoredRecord | null> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM records WHERE collection = $1 AND id = $2`, [collection, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records in write order; one more than `limit` is fetched so the caller knows whether more follow. */
export async function listRecords(db: Queryable, collection: string, q: ListQuery): Promise<StoredRecord[]> {
  const params: unknown[] = [collection, q.afterSeq];
  const where = ['collection = $1', 'seq > $2::bigint'];
  if (q.updatedSince === undefined) where.push('deleted_at IS NULL');
  else {
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
  const sql = `SELECT ${COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`;
  return (await db.query<Row>(sql, params)).map(fromRow);
}

/** Serialises writers until the transaction ends; call first in every write transaction. */
export async function lockWrites(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
}

/** Inserts a new record at version 1; null when the id is taken (live or deleted). */
export async function insertRecord(tx: Queryable, collection: string, id: string, data: Json, now: string): Promise<StoredRecord | null> {
  const rows = await tx.query<Row>(
    `INSERT INTO records (collection, id, data, version, seq, server_updated_at)
     VALUES ($1, $2, $3::jsonb, 1, nextval('records_seq'), $4::timestamptz)
     ON CONFLICT (collection, id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [collection, id, JSON.stringify(data), now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Replaces the data of an existing row (live or deleted, which it brings back) with a new version. */
export async function replaceRecord(tx: Queryable, collection: string, id: string, data: Json, now: string): Promise<StoredRecord | null> {
  const rows = await tx.query<Row>(
    `UPDATE records SET data = $3::jsonb, version = version + 1, seq = nextval('records_seq'),
       server_updated_at = $4::timestamptz, deleted_at = NULL
     WHERE collection = $1 AND id = $2
     RETURNING ${COLUMNS}`,
    [collection, id, JSON.stringify(data), now],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Marks a record deleted (kept as a tombstone for sync) with a new version and sequence number. */
export async function softDeleteRecord(tx: Queryable, collection: string, id: string, now: string): Promise<StoredRecord> {
  const rows = await tx.query<Row>(
    `UPDATE records SET deleted_at = $3::timestamptz, server_updated_at = $3::timestamptz,
       version = version + 1, seq = nextval('records_seq')
     WHERE collection = $1 AND id = $2
     RETURNING ${COLUMNS}`,
    [collection, id, now],
  );
  return fromRow(rows[0]!);
}

/** Whether the database answers. */
export async function ping(db: Database): Promise<boolean> {
  const rows = await db.query<{ ok: number }>('SELECT 1 AS ok');
  return Number(rows[0]?.ok) === 1;
}
