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
import { commit, req, type Tx } from './idb.js';
import { IndexedDbRepository, fromStored, toStored } from './indexeddb.js';
import { MemoryRepository } from './memory.js';
import type { Repository } from './types.js';
import { emailKeyOf, type StoreName } from './schema.js';

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

const copy = <T>(value: T): T => structuredClone(value);

/** What the memory repository gives routing: its maps of leads and settings. */
interface MemoryStore {
  readonly leads: { rows: Map<string, Lead> };
  readonly settings: { rows: Map<string, Settings> };
}

const memoryAccess = new WeakMap<MemoryStore, RoutingAccess>();

// Routing's view of the memory repository's maps, with its round-robin state beside them.
function accessOf(repo: MemoryStore): RoutingAccess {
  let access = memoryAccess.get(repo);
  if (access) return access;
  const leads = repo.leads.rows;
  let state: RoutingState | undefined;
  access = {
    settings: async () => repo.settings.rows.get('routing'),
    state: async () => state && copy(state),
    setState: async (next) => {
      state = copy(next);
    },
    stored: async (id) => leads.get(id),
    sameEmail: async (lead) => {
      const key = emailKeyOf(lead.email);
      return key ? [...leads.values()].filter((l) => emailKeyOf(l.email) === key) : [];
    },
    put: async (lead) => {
      leads.set(lead.id, copy(lead));
    },
  };
  memoryAccess.set(repo, access);
  return access;
}

/** Stores records of the memory repository: settings checked first, leads routed. */
export async function storeInMemory<T extends { id: string }>(repo: MemoryStore, collection: 'leads' | 'settings' | string, records: readonly T[]): Promise<T[]> {
  if (collection === 'leads') return await storeLeads(accessOf(repo), records as unknown as Lead[], Date.now()) as unknown as T[];
  records.forEach((r) => checkSettings(r as unknown as Settings));
  for (const r of records) repo.settings.rows.set(r.id, copy(r) as unknown as Settings);
  return [...records];
}

/**
 * Routes again the leads whose re-entry date or SLA has passed at `now` (core `routingDue`), in a
 * repository that routes leads itself (IndexedDB in one transaction, memory); gives their ids and
 * tells the repository's listeners. A REST repository's server does this itself: nothing happens
 * there. `<lead-inbox>` calls it as it opens and every minute.
 */
export async function sweepRouting(repo: Repository, now = Date.now()): Promise<string[]> {
  let ids: string[] = [];
  if (repo instanceof MemoryRepository) ids = await sweep(accessOf(repo), [...repo.leads.rows.values()], now);
  else if (repo instanceof IndexedDbRepository) ids = await sweepStored(await repo.db(), now);
  if (ids.length) (repo as MemoryRepository | IndexedDbRepository).notify({ collection: 'leads', type: 'put', ids, origin: 'local' });
  return ids;
}

/** A field of a refused record and what is wrong with it (a core problem: code, parameters, English message). */
export interface RecordProblem {
  path: string;
  code?: string;
  params?: Record<string, string>;
  message: string;
}

/** A settings record refused for its problems (nothing was stored; the stored one stays). */
export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';

  constructor(readonly problems: readonly RecordProblem[], id: string) {
    super(`settings "${id}" refused: ${problems.map((p) => `${p.path || 'record'} ${p.message}`).join('; ')}`);
  }
}

/** Refuses a settings record with problems (an `InvalidSettingsError` naming each field); nothing is stored. */
export function checkSettings(record: Settings): void {
  const problems = settingsProblems(record);
  if (problems.length) throw new InvalidSettingsError(problems, String(record?.id ?? ''));
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

// ---------------------------------------------------------------------------------------------
// IndexedDB: one transaction over leads, settings and meta

const STORES: StoreName[] = ['leads', 'settings', 'meta'];

/** Routing's view of a transaction over leads, settings and meta. */
function idbAccess(tx: Tx): RoutingAccess {
  const leads = tx.objectStore('leads');
  const meta = tx.objectStore('meta');
  return {
    settings: () => req(tx.objectStore('settings').get('routing')),
    state: async () => (await req(meta.get(ROUTING_STATE_KEY)))?.value as RoutingState | undefined,
    setState: async (state) => {
      await req(meta.put({ key: ROUTING_STATE_KEY, value: state }));
    },
    stored: async (id) => fromStored<Lead>(await req(leads.get(id))),
    sameEmail: async (lead) => {
      const key = emailKeyOf(lead.email);
      return key ? (await req(leads.index('emailKey').getAll(key))).map((l) => fromStored<Lead>(l)!) : [];
    },
    put: async (lead) => {
      await req(leads.put(toStored('leads', lead)));
    },
  };
}

/** Stores `leads` in one transaction, routing the new ones; gives them as stored. */
export function storeRouted(db: IDBDatabase, leads: readonly Lead[], durability: IDBTransactionDurability): Promise<Lead[]> {
  return commit(db, STORES, (tx) => storeLeads(idbAccess(tx), leads, Date.now()), durability);
}

/** Routes again, in one transaction, the open leads whose re-entry date or SLA has passed; gives their ids. */
export function sweepStored(db: IDBDatabase, now: number): Promise<string[]> {
  return commit(db, STORES, async (tx) => {
    const status = tx.objectStore('leads').index('status');
    const open = (await Promise.all(['new', 'mql', 'nurturing'].map((s) => req(status.getAll(s))))).flat();
    return sweep(idbAccess(tx), open.map((l) => fromStored<Lead>(l)!), now);
  });
}
