/**
 * Lead routing on the server (issue 17): a lead is routed in the transaction that stores it, with
 * no browser open (a lead from a public form is assigned at once): dedup first (the owner of the
 * same person's earlier lead, found by the `email_key` index), then the workspace's `routing`
 * settings record. The round-robin state and capacity counts live in `routing_state`, read and
 * written under the workspace's lock, so several instances on one database agree. A sweeper routes
 * again the leads whose re-entry date or SLA has passed. The decisions are the core's (handoff.ts),
 * as in the browser.
 */
import { assignLead, needsRouting, returningLead, routingDue } from '../src/core/handoff.js';
import type { Lead, Settings } from '../src/core/model.js';
import { emptyRoutingState, type RoutingConfig, type RoutingState } from '../src/core/routing.js';
import { routingConfigOf } from '../src/core/settings.js';
import { CHANGES_CHANNEL } from './changes.js';
import type { Database, Queryable } from './db.js';
import type { JsonObject } from './http.js';
import { inWorkspace } from './scope.js';
import { emailKeyOf, getRecord, lockWorkspace, replaceRecord } from './store.js';
import { audit } from './workspaces.js';

/** Fields a form key may not set on a lead: who owns it is for routing to say, not for a web page. */
export const OWNERSHIP_FIELDS = ['ownerId', 'teamId', 'routing', 'rejection', 'acceptedAt', 'acceptedBy'] as const;

/** Who the audit log names for the sweeper's writes. */
export const ROUTING_ACTOR = 'system:routing';

/** The workspace's routing configuration (the live `routing` settings record), if any. */
export async function routingConfig(tx: Queryable, ws: string): Promise<RoutingConfig | undefined> {
  const rec = await getRecord(tx, ws, 'settings', 'routing');
  return rec && rec.deletedAt === null ? routingConfigOf(rec.data as Settings) : undefined;
}

async function readState(tx: Queryable, ws: string): Promise<RoutingState> {
  const rows = await tx.query<{ state: RoutingState }>('SELECT state FROM routing_state WHERE workspace_id = $1', [ws]);
  return rows[0]?.state ?? emptyRoutingState();
}

async function writeState(tx: Queryable, ws: string, state: RoutingState): Promise<void> {
  await tx.query(
    `INSERT INTO routing_state (workspace_id, state, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (workspace_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [ws, JSON.stringify(state)],
  );
}

/** Earlier leads of the same person (same normalised e-mail), live and not spam. */
async function sameEmail(tx: Queryable, ws: string, lead: JsonObject): Promise<Lead[]> {
  const key = emailKeyOf('leads', lead);
  if (!key) return [];
  const rows = await tx.query<{ data: Lead }>(
    `SELECT data FROM records WHERE workspace_id = $1 AND collection = 'leads' AND email_key = $2 AND id <> $3
       AND deleted_at IS NULL AND spam = false ORDER BY seq LIMIT 50`,
    [ws, key, lead.id],
  );
  return rows.map((r) => r.data);
}

/**
 * Routes a lead about to be stored (a new one, or spam being released), in the write's transaction
 * under the workspace's lock: fills `ownerId`, `teamId` and `routing` in `data`. Nothing happens to
 * a lead routed before, to spam, or without a routing configuration (the lead waits in the pool).
 */
export async function routeArrival(tx: Queryable, ws: string, data: JsonObject, now: string): Promise<void> {
  const lead = data as unknown as Lead;
  if (!needsRouting(lead)) return;
  const config = await routingConfig(tx, ws);
  if (!config) return;
  const state = await readState(tx, ws);
  const returning = returningLead(lead, await sameEmail(tx, ws, data));
  const a = assignLead(lead, config, state, { now, returning });
  if (a.state !== state) await writeState(tx, ws, a.state);
  for (const key of Object.keys(data)) delete data[key];
  Object.assign(data, a.lead);
}

// Leads that may be due: pooled with a re-entry date, or routed and not accepted.
const CANDIDATES = `collection = 'leads' AND deleted_at IS NULL AND spam = false AND (
  (data->>'status' = 'nurturing' AND data ? 'reentryAt' AND NOT data ? 'ownerId')
  OR (data ? 'ownerId' AND data ? 'routing' AND NOT data ? 'acceptedAt' AND data->>'status' IN ('new', 'mql', 'nurturing')))`;

/**
 * Routes again, in one workspace, the leads whose re-entry date has passed or whose owner let the
 * SLA pass (when it says to re-route), at `nowMs`; returns how many it changed. Candidates are read
 * under the workspace's lock, so instances sweeping at once never route a lead twice.
 */
export async function sweepWorkspace(db: Database, ws: string, nowMs: number): Promise<number> {
  return inWorkspace(db, ws, async (tx) => {
    const at = await lockWorkspace(tx, ws);
    if (at === null) return 0;
    const config = await routingConfig(tx, ws);
    const rows = await tx.query<{ data: Lead }>(`SELECT data FROM records WHERE workspace_id = $1 AND ${CANDIDATES} ORDER BY seq LIMIT 1000`, [ws]);
    let state: RoutingState | undefined;
    let changed = 0;
    for (const { data } of rows) {
      const trigger = routingDue(data, config, nowMs);
      if (!trigger) continue;
      state ??= await readState(tx, ws);
      const a = assignLead(data, config, state, { now: nowMs, trigger });
      state = a.state;
      if (!a.changed) continue;
      const next = { ...a.lead, updatedAt: at, updatedBy: ROUTING_ACTOR };
      const rec = (await replaceRecord(tx, ws, 'leads', data.id, next as unknown as JsonObject, at))!;
      await audit(tx, ws, { seq: rec.seq, version: rec.version, at, actor: ROUTING_ACTOR, action: `route.${trigger}`, collection: 'leads', recordId: data.id }, CHANGES_CHANNEL);
      changed += 1;
    }
    if (state) await writeState(tx, ws, state);
    return changed;
  });
}

/** Every workspace with leads that may be due, read as the database owner (no workspace is set). */
async function workspacesToSweep(db: Database): Promise<string[]> {
  const rows = await db.query<{ workspace_id: string }>(`SELECT DISTINCT workspace_id FROM records WHERE ${CANDIDATES}`);
  return rows.map((r) => r.workspace_id);
}

/** Sweeps every workspace now; returns how many leads were routed again. */
export async function sweepRouting(db: Database, nowMs: number): Promise<number> {
  let changed = 0;
  for (const ws of await workspacesToSweep(db)) changed += await sweepWorkspace(db, ws, nowMs);
  return changed;
}
