/**
 * Routing where a lead is stored, for the repositories that store leads themselves (IndexedDB and
 * memory; with REST storage the server routes): a new lead is routed in the transaction that stores
 * it (dedup first, then the `routing` settings record), the round-robin state kept beside it, and
 * leads whose re-entry date or SLA has passed are routed again by `sweep`. Settings records are
 * checked before they are stored.
 */
import { assignLead, needsRouting, returningLead, routingDue } from '../core/handoff.js';
import type { Lead, Settings } from '../core/model.js';
import { emptyRoutingState, type RoutingState } from '../core/routing.js';
import { routingConfigOf, settingsProblems } from '../core/settings.js';
import { StorageError } from './errors.js';

/** The `meta` row (IndexedDB) that holds the round-robin state and capacity counts. */
export const ROUTING_STATE_KEY = 'routing:state';

/** What routing needs of a store, inside one transaction. */
export interface RoutingAccess {
  /** The stored `routing` settings record. */
  settings(): Promise<Settings | undefined>;
  state(): Promise<RoutingState | undefined>;
  setState(state: RoutingState): Promise<void>;
  /** The stored lead with this id. */
  stored(id: string): Promise<Lead | undefined>;
  /** Stored leads with the same normalised e-mail as `lead`. */
  sameEmail(lead: Lead): Promise<Lead[]>;
  /** Stores a lead (later calls in the transaction see it). */
  put(lead: Lead): Promise<void>;
}

/** Refuses a settings record with problems (a `StorageError` of code `invalid` naming each field); nothing is stored. */
export function checkSettings(record: Settings): void {
  const problems = settingsProblems(record);
  if (problems.length) {
    const first = problems[0]!;
    throw new StorageError('invalid', `${record?.id ?? 'settings'}: ${first.path || 'record'} ${first.message}`, { problems });
  }
}

/**
 * Stores `leads`, routing each one that is new (not stored yet, not spam, never routed) under the
 * stored routing configuration; returns them as stored. Without a configuration they are stored
 * as they are (unassigned, in the pool).
 */
export async function storeLeads(access: RoutingAccess, leads: readonly Lead[], now: number): Promise<Lead[]> {
  const config = routingConfigOf(await access.settings());
  let state: RoutingState | undefined;
  const stored: Lead[] = [];
  for (const lead of leads) {
    let next = lead;
    if (config && needsRouting(lead) && !(await access.stored(lead.id))) {
      state ??= (await access.state()) ?? emptyRoutingState();
      const a = assignLead(lead, config, state, { now, returning: returningLead(lead, await access.sameEmail(lead)) });
      state = a.state;
      next = a.lead;
    }
    await access.put(next);
    stored.push(next);
  }
  if (state) await access.setState(state);
  return stored;
}

/**
 * Routes again the `candidates` whose re-entry date or SLA has passed at `now` (see `routingDue`),
 * storing them; returns the ids it changed.
 */
export async function sweep(access: RoutingAccess, candidates: readonly Lead[], now: number): Promise<string[]> {
  const config = routingConfigOf(await access.settings());
  let state: RoutingState | undefined;
  const changed: string[] = [];
  for (const lead of candidates) {
    const trigger = routingDue(lead, config, now);
    if (!trigger) continue;
    state ??= (await access.state()) ?? emptyRoutingState();
    const a = assignLead(lead, config, state, { now, trigger });
    state = a.state;
    if (!a.changed) continue;
    await access.put(a.lead);
    changed.push(lead.id);
  }
  if (state) await access.setState(state);
  return changed;
}
