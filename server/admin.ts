/**
 * The admin API: the operator (`Authorization: Bearer $ADMIN_TOKEN`) creates workspaces and their
 * keys; a workspace's admin key manages its own workspace's keys through the same routes, and gets
 * 404 for any other workspace (it never learns whether that one exists).
 *
 *   POST   /admin/workspaces                     {"name"}                 -> 201 {"id", "name", "createdAt"}
 *   GET    /admin/workspaces                                              -> 200 {"items": [...]}   (operator)
 *   POST   /admin/workspaces/{id}/keys           {"role", "label", "origins"?} -> 201 {"id", "key", "role", ...}
 *   GET    /admin/workspaces/{id}/keys                                    -> 200 {"items": [...]}   (no secrets)
 *   DELETE /admin/workspaces/{id}/keys/{keyId}                            -> 204
 */
import type { Hono } from 'hono';
import { actorOf, isRole, ROLES, type Authenticator, type Principal } from './auth.js';
import type { Database } from './db.js';
import type { Ctx, Env } from './guard.js';
import { isJsonObject, readJsonBody } from './http.js';
import { HttpProblem, validationProblem, type FieldError } from './problem.js';
import { isStorableText } from './text.js';
import { createApiKey, createWorkspace, listApiKeys, listWorkspaces, revokeApiKey, workspaceExists } from './workspaces.js';

const MAX_ORIGINS = 20;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

function text(value: unknown, path: string, errors: FieldError[], max = 200): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || !isStorableText(value)) {
    errors.push({ path, message: `must be 1..${max} characters of text`, in: 'body' });
    return '';
  }
  return value.trim();
}

/** A web origin as browsers send it: scheme, host and port, nothing else. */
function isOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 300) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}

export function adminRoutes(app: Hono<Env>, db: Database, auth: Authenticator, bodyLimitBytes: number): void {
  const operatorOnly = (p: Principal): void => {
    if (p.kind !== 'operator') throw new HttpProblem('forbidden', 'Only the operator (ADMIN_TOKEN) may create or list workspaces.');
  };

  /** The workspace of the URL, if this principal may manage its keys (404 for another workspace). */
  const keysOf = async (c: Ctx): Promise<{ ws: string; by: string }> => {
    const p = c.get('principal');
    const ws = c.req.param('ws') ?? '';
    // An id the database could not even compare (a NUL) names no workspace.
    if (!isStorableText(ws)) throw new HttpProblem('not-found', 'There is no such workspace.');
    if (p.kind === 'operator') {
      if (!(await workspaceExists(db, ws))) throw new HttpProblem('not-found', `There is no workspace "${ws}".`);
      return { ws, by: 'operator' };
    }
    if (p.workspaceId !== ws) throw new HttpProblem('not-found', `There is no workspace "${ws}".`);
    if (p.role !== 'admin') throw new HttpProblem('forbidden', `The ${p.role} role may not manage keys; it needs the admin role.`);
    return { ws, by: actorOf(p) };
  };

  app.post('/admin/workspaces', async (c) => {
    operatorOnly(c.get('principal'));
    const body = await readJsonBody(c.req.raw, bodyLimitBytes);
    const errors: FieldError[] = [];
    const name = text(isJsonObject(body) ? body.name : undefined, 'name', errors);
    if (errors.length) throw validationProblem(errors);
    const w = await createWorkspace(db, name);
    return json(w, 201);
  });

  app.get('/admin/workspaces', async (c) => {
    operatorOnly(c.get('principal'));
    return json({ items: await listWorkspaces(db) });
  });

  app.post('/admin/workspaces/:ws/keys', async (c) => {
    const { ws, by } = await keysOf(c);
    const body = await readJsonBody(c.req.raw, bodyLimitBytes);
    const o = isJsonObject(body) ? body : {};
    const errors: FieldError[] = [];
    if (!isRole(o.role)) errors.push({ path: 'role', message: `must be one of: ${ROLES.join(', ')}`, in: 'body' });
    const label = text(o.label, 'label', errors);
    let origins: string[] | null = null;
    if (o.origins !== undefined && o.origins !== null) {
      if (!Array.isArray(o.origins) || o.origins.length > MAX_ORIGINS) errors.push({ path: 'origins', message: `must be a list of at most ${MAX_ORIGINS} origins`, in: 'body' });
      else {
        o.origins.forEach((v, i) => {
          if (!isOrigin(v)) errors.push({ path: `origins[${i}]`, message: 'must be an origin such as https://www.example.com (no path)', in: 'body' });
        });
        origins = o.origins as string[];
      }
      if (o.role !== 'form') errors.push({ path: 'origins', message: 'applies to form keys only', in: 'body' });
    }
    if (errors.length) throw validationProblem(errors);
    const created = await createApiKey(db, ws, { role: o.role as (typeof ROLES)[number], label, origins }, by);
    return json(created, 201);
  });

  app.get('/admin/workspaces/:ws/keys', async (c) => {
    const { ws } = await keysOf(c);
    return json({ items: await listApiKeys(db, ws) });
  });

  app.delete('/admin/workspaces/:ws/keys/:keyId', async (c) => {
    const { ws, by } = await keysOf(c);
    const keyId = c.req.param('keyId');
    if (!isStorableText(keyId) || !(await revokeApiKey(db, ws, keyId, by))) throw new HttpProblem('not-found', `There is no live key "${keyId}" in this workspace.`);
    // Other instances hear of it through NOTIFY; this one forgets it before answering.
    auth.forget(keyId);
    return new Response(null, { status: 204 });
  });
}
