/**
 * Idempotency keys (`Idempotency-Key` header): the first response to a write is stored with a hash
 * of the request (method, path, canonical body), in the same transaction as the write, so a client
 * whose response was lost can retry and get exactly that response back. Keys are kept at least 24 hours; `purgeIdempotencyKeys`
 * removes those older than 48 hours.
 */
import type { Queryable } from './db.js';
import { HttpProblem } from './problem.js';

/** A response as stored for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text ('' for none). */
  body: string;
}

export interface KeyRecord {
  method: string;
  path: string;
  requestHash: string;
  response: StoredResponse;
}

/** Hours a key is kept before it may be purged. */
export const KEY_RETENTION_HOURS = 48;

/** Visible ASCII, 1..255 characters; a structured-field string in quotes is unquoted first. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The key from the header value, or a 400 naming the header. */
export function parseIdempotencyKey(header: string | undefined, required: boolean): string | undefined {
  if (header === undefined || header.trim() === '') {
    if (!required) return undefined;
    throw new HttpProblem('idempotency-key-required', 'Send an Idempotency-Key header (a UUID is fine) so a retried request is not stored twice.', {
      errors: [{ path: 'Idempotency-Key', message: 'is required', in: 'header' }],
    });
  }
  let key = header.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (!KEY_PATTERN.test(key)) {
    throw new HttpProblem('bad-request', 'The Idempotency-Key header must be 1..255 visible ASCII characters.', {
      errors: [{ path: 'Idempotency-Key', message: 'must be 1..255 visible ASCII characters', in: 'header' }],
    });
  }
  return key;
}

interface KeyRow {
  method: string;
  path: string;
  request_hash: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

function fromRow(row: KeyRow): KeyRecord {
  return {
    method: row.method,
    path: row.path,
    requestHash: row.request_hash,
    response: { status: Number(row.status), headers: row.headers, body: row.body },
  };
}

/** Whose keys: a key is scoped to the workspace and the credential (key id or user) that sent it. */
export interface KeyScope {
  workspaceId: string;
  credential: string;
}

export async function findKey(db: Queryable, scope: KeyScope, key: string): Promise<KeyRecord | null> {
  const rows = await db.query<KeyRow>(
    'SELECT method, path, request_hash, status, headers, body FROM idempotency_keys WHERE workspace_id = $1 AND credential = $2 AND key = $3',
    [scope.workspaceId, scope.credential, key],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * Stores the response of a write under its key, in the write's transaction. Writers hold the write
 * workspace's lock (store.ts) and look the key up under it first, so two requests with one key take turns and
 * the second replays the first.
 */
export async function storeKey(tx: Queryable, scope: KeyScope, key: string, record: KeyRecord): Promise<void> {
  const { response } = record;
  await tx.query(
    `INSERT INTO idempotency_keys (workspace_id, credential, key, method, path, request_hash, status, headers, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [scope.workspaceId, scope.credential, key, record.method, record.path, record.requestHash, response.status, JSON.stringify(response.headers), response.body],
  );
}

/** Deletes keys older than `hours` (default 48); returns how many. */
export async function purgeIdempotencyKeys(db: Queryable, hours = KEY_RETENTION_HOURS): Promise<number> {
  const rows = await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1::int) RETURNING key`, [hours]);
  return rows.length;
}

/**
 * The answer for a request whose key is already held: the stored response when the request is the
 * same (same method, path and body), else 409.
 */
export function replay(held: KeyRecord, method: string, path: string, hash: string): Response {
  if (held.requestHash !== hash) {
    const what = held.method !== method || held.path !== path ? `${held.method} ${held.path}` : 'a different body';
    throw new HttpProblem('idempotency-key-reused', `This Idempotency-Key was already used for ${what}; use a new key for a new request.`, {
      errors: [{ path: 'Idempotency-Key', message: 'was already used for a different request', in: 'header' }],
    });
  }
  const { status, headers, body } = held.response;
  return new Response(status === 204 || body === '' ? null : body, {
    status,
    headers: { ...headers, 'idempotent-replayed': 'true' },
  });
}
