/**
 * The workspace's own routes, beside its records: the change stream (`GET /changes`, Server-Sent
 * Events, changes.ts), the audit log (`GET /audit`, admins) and the workspace itself (`GET` for every
 * team role, `PATCH` name and settings for admins).
 */
import type { Hono } from 'hono';
import { actorOf } from './auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { allow, type Env } from './guard.js';
import { isJsonObject, readJsonBody, type Json } from './http.js';
import { checkQuery, checkStorable, dateParam, json, limitParam, requireObject } from './params.js';
import { validationProblem, type FieldError } from './problem.js';
import type { RecordsConfig } from './records.js';
import { inWorkspace } from './scope.js';
import { lockWorkspace } from './store.js';
import { audit } from './workspaces.js';

export function workspaceRoutes(app: Hono<Env>, config: RecordsConfig): void {
  const { db, limits } = config;
  app.get('/changes', async (c) => {
    const p = await allow(c, { read: 'changes' }, limits);
    const q = checkQuery(c);
    const lastId = c.req.header('last-event-id') ?? q.lastEventId;
    const after = lastId === undefined || lastId === '' ? null : decodeCursor(lastId, c.req.header('last-event-id') !== undefined ? 'Last-Event-ID' : 'lastEventId');
    const header = c.req.header('authorization');
    return config.hub.stream(p.workspaceId, after, {
      signal: c.req.raw.signal,
      keyId: p.kind === 'key' ? p.keyId : undefined,
      stillAllowed: async () => {
        const again = await config.auth.authenticate(header).catch(() => undefined);
        return again !== undefined && again.kind !== 'operator' && again.workspaceId === p.workspaceId;
      },
    });
  });

  app.get('/audit', async (c) => {
    const p = await allow(c, { admin: 'audit' }, limits);
    const q = checkQuery(c);
    const limit = limitParam(q.limit);
    const since = q.since === undefined ? undefined : dateParam('since', q.since);
    const after = q.cursor === undefined ? '0' : decodeCursor(q.cursor, 'cursor');
    const rows = await inWorkspace(db, p.workspaceId, (tx) =>
      tx.query<{ seq: string | number; at: Date | string; actor: string; action: string; collection: string | null; record_id: string | null; version: number | null; detail: unknown }>(
        `SELECT seq, at, actor, action, collection, record_id, version, detail FROM audit_log
         WHERE workspace_id = $1 AND seq > $2::bigint ${since ? 'AND at >= $4::timestamptz' : ''} ORDER BY seq LIMIT $3`,
        since ? [p.workspaceId, after, limit + 1, since] : [p.workspaceId, after, limit + 1],
      ),
    );
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({
      at: new Date(r.at).toISOString(), actor: r.actor, action: r.action,
      ...(r.collection ? { collection: r.collection } : {}), ...(r.record_id ? { id: r.record_id } : {}),
      ...(r.version !== null ? { version: Number(r.version) } : {}), ...(r.detail ? { detail: r.detail } : {}),
    }));
    const last = page[page.length - 1];
    return json({ items, nextCursor: rows.length > limit && last ? encodeCursor(String(last.seq)) : null }, 200, { 'cache-control': 'no-store' });
  });

  app.get('/workspace', async (c) => {
    const p = await allow(c, { read: 'workspace' }, limits);
    const rows = await inWorkspace(db, p.workspaceId, (tx) =>
      tx.query<{ id: string; name: string; settings: unknown; created_at: Date | string }>('SELECT id, name, settings, created_at FROM workspaces WHERE id = $1', [p.workspaceId]),
    );
    const w = rows[0]!;
    return json({ id: w.id, name: w.name, settings: w.settings, createdAt: new Date(w.created_at).toISOString(), role: p.role }, 200, { 'cache-control': 'no-store' });
  });

  app.patch('/workspace', async (c) => {
    const p = await allow(c, { admin: 'workspace' }, limits);
    const body = requireObject(await readJsonBody(c.req.raw, config.bodyLimitBytes, ['application/merge-patch+json']));
    checkStorable(body);
    const errors: FieldError[] = [];
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200)) {
      errors.push({ path: 'name', message: 'must be 1..200 characters', in: 'body' });
    }
    if (body.settings !== undefined && !isJsonObject(body.settings)) errors.push({ path: 'settings', message: 'must be an object', in: 'body' });
    for (const key of Object.keys(body)) if (key !== 'name' && key !== 'settings') errors.push({ path: key, message: 'is not a workspace field (name, settings)', in: 'body' });
    if (errors.length) throw validationProblem(errors);
    const row = await inWorkspace(db, p.workspaceId, async (tx) => {
      const now = (await lockWorkspace(tx, p.workspaceId))!;
      const rows = await tx.query<{ id: string; name: string; settings: Json }>(
        `UPDATE workspaces SET name = COALESCE($2, name), settings = CASE WHEN $3::jsonb IS NULL THEN settings ELSE settings || $3::jsonb END
         WHERE id = $1 RETURNING id, name, settings`,
        [p.workspaceId, body.name ?? null, body.settings === undefined ? null : JSON.stringify(body.settings)],
      );
      await audit(tx, p.workspaceId, { at: now, actor: actorOf(p), action: 'workspace.update', detail: { fields: Object.keys(body) } });
      return rows[0]!;
    });
    return json(row);
  });
}
