/**
 * Workspaces, their API keys and their audit log. The operator (ADMIN_TOKEN) creates workspaces and
 * keys through the admin API; a workspace's admin key manages its own keys. `createWorkspace` and
 * `createApiKey` are also what `npm start`'s first run and the tests use.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from './db.js';
import { KEYS_CHANNEL, newKey, type Role } from './auth.js';
import { inWorkspace } from './scope.js';
import { lockWorkspace, nextSeq } from './store.js';

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key as listed (never its secret). */
export interface ApiKeyInfo {
  id: string;
  role: Role;
  label: string;
  origins: string[] | null;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A key as created: the full key appears only here. */
export interface CreatedKey extends ApiKeyInfo {
  key: string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

export async function createWorkspace(db: Database, name: string, id: string = randomUUID()): Promise<Workspace> {
  const rows = await db.query<{ id: string; name: string; created_at: Date | string }>(
    'INSERT INTO workspaces (id, name) VALUES ($1, $2) RETURNING id, name, created_at',
    [id, name],
  );
  const row = rows[0]!;
  return { id: row.id, name: row.name, createdAt: iso(row.created_at)! };
}

export async function listWorkspaces(db: Database): Promise<Workspace[]> {
  const rows = await db.query<{ id: string; name: string; created_at: Date | string }>('SELECT id, name, created_at FROM workspaces ORDER BY created_at, id');
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: iso(r.created_at)! }));
}

export async function workspaceExists(db: Database, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM workspaces WHERE id = $1', [id])).length > 0;
}

/**
 * Appends one entry to the workspace's audit log (in the write's transaction, under its lock) and,
 * with `notify`, sends a NOTIFY on that channel with the workspace id in the same statement.
 */
export async function audit(
  tx: Queryable,
  ws: string,
  entry: { seq?: string; at: string; actor: string; action: string; collection?: string; recordId?: string; version?: number; detail?: unknown },
  notify?: string,
): Promise<void> {
  const seq = entry.seq ?? (await nextSeq(tx, ws));
  await tx.query(
    `WITH a AS (INSERT INTO audit_log (workspace_id, seq, at, actor, action, collection, record_id, version, detail)
       VALUES ($1, $2::bigint, $3::timestamptz, $4, $5, $6, $7, $8, $9::jsonb) RETURNING 1)
     SELECT ${notify ? 'pg_notify($10, $1)' : 'NULL'} FROM a`,
    [ws, seq, entry.at, entry.actor, entry.action, entry.collection ?? null, entry.recordId ?? null, entry.version ?? null,
      entry.detail === undefined ? null : JSON.stringify(entry.detail), ...(notify ? [notify] : [])],
  );
}

export async function createApiKey(
  db: Database,
  ws: string,
  spec: { role: Role; label: string; origins?: string[] | null | undefined },
  createdBy = 'operator',
): Promise<CreatedKey> {
  const { id, key, hash } = newKey(spec.role);
  const origins = spec.origins && spec.origins.length ? spec.origins : null;
  const rows = await db.query<{ created_at: Date | string }>(
    `INSERT INTO api_keys (id, workspace_id, role, label, secret_hash, origins, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING created_at`,
    [id, ws, spec.role, spec.label, hash, origins === null ? null : JSON.stringify(origins), createdBy],
  );
  const createdAt = iso(rows[0]!.created_at)!;
  await inWorkspace(db, ws, async (tx) => {
    const at = (await lockWorkspace(tx, ws)) ?? createdAt;
    await audit(tx, ws, { at, actor: createdBy, action: 'key.create', detail: { keyId: id, role: spec.role, label: spec.label } });
  });
  return { id, key, role: spec.role, label: spec.label, origins, createdAt, createdBy, lastUsedAt: null, revokedAt: null };
}

export async function listApiKeys(db: Database, ws: string): Promise<ApiKeyInfo[]> {
  const rows = await db.query<{
    id: string; role: Role; label: string; origins: string[] | null; created_at: Date | string; created_by: string;
    last_used_at: Date | string | null; revoked_at: Date | string | null;
  }>('SELECT id, role, label, origins, created_at, created_by, last_used_at, revoked_at FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id', [ws]);
  return rows.map((r) => ({
    id: r.id, role: r.role, label: r.label, origins: r.origins, createdAt: iso(r.created_at)!, createdBy: r.created_by,
    lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at),
  }));
}

/**
 * Revokes a key of workspace `ws` (false when it has no such live key) and tells every server
 * instance to forget it at once.
 */
export async function revokeApiKey(db: Database, ws: string, keyId: string, by: string): Promise<boolean> {
  const rows = await db.query<{ revoked_at: Date | string }>(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING revoked_at',
    [keyId, ws],
  );
  if (!rows.length) return false;
  await db.query('SELECT pg_notify($1, $2)', [KEYS_CHANNEL, keyId]);
  await inWorkspace(db, ws, async (tx) => {
    const at = (await lockWorkspace(tx, ws)) ?? iso(rows[0]!.revoked_at)!;
    await audit(tx, ws, { at, actor: by, action: 'key.revoke', detail: { keyId } });
  });
  return true;
}
