/** A repository in memory: for tests, previews and pages that must not persist anything. */
import type { CollectionName, Lead, Settings } from '../core/model.js';
import type { RoutingState } from '../core/routing.js';
import { ChangeHub } from './changes.js';
import { matchesQuery, orderAndPage } from './query.js';
import { checkSettings, storeLeads, sweep, type RoutingAccess } from './routing-write.js';
import { emailKeyOf } from './schema.js';
import type { ChangeListener, Collection, Query, RecordTypes, Repository, Unsubscribe } from './types.js';

// Records are copied in and out, so a caller changing an object never changes what is stored.
const copy = <T>(value: T): T => structuredClone(value);

/** Options of a memory repository. */
export interface MemoryOptions {
  /** The clock routing reads (ms); default `Date.now`. */
  now?: () => number;
}

class MemoryCollection<C extends CollectionName> implements Collection<RecordTypes[C]> {
  /** @internal */
  readonly rows = new Map<string, RecordTypes[C]>();

  constructor(readonly name: C, private readonly hub: ChangeHub, private readonly repo: MemoryRepository) {}

  async get(id: string): Promise<RecordTypes[C] | undefined> {
    const row = this.rows.get(id);
    return row ? copy(row) : undefined;
  }

  async list(query: Query<RecordTypes[C]> = {}): Promise<RecordTypes[C][]> {
    const hits = [...this.rows.values()].filter((r) => matchesQuery(this.name, r as Record<string, unknown>, query as Query));
    return orderAndPage(hits as Record<string, unknown>[], query as Query).map((r) => copy(r)) as RecordTypes[C][];
  }

  async count(query: Query<RecordTypes[C]> = {}): Promise<number> {
    let n = 0;
    for (const r of this.rows.values()) if (matchesQuery(this.name, r as Record<string, unknown>, query as Query)) n++;
    return n;
  }

  async put(record: RecordTypes[C]): Promise<RecordTypes[C]> {
    return (await this.#store([record]))[0]!;
  }

  async putMany(records: readonly RecordTypes[C][]): Promise<void> {
    await this.#store(records);
  }

  async delete(id: string): Promise<void> {
    if (this.rows.delete(id)) this.hub.emit({ collection: this.name, type: 'delete', ids: [id], origin: 'local' });
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.hub.subscribe(listener, this.name);
  }

  async #store(records: readonly RecordTypes[C][]): Promise<RecordTypes[C][]> {
    if (this.name === 'settings') records.forEach((r) => checkSettings(r as Settings));
    const stored = this.name === 'leads'
      ? await storeLeads(this.repo.routing(), copy(records) as readonly Lead[], this.repo.now()) as RecordTypes[C][]
      : records.map((r) => {
        this.rows.set(r.id, copy(r));
        return r;
      });
    this.hub.emit({ collection: this.name, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
    return stored.map(copy);
  }
}

/** Keeps everything in this tab's memory; changes reach listeners in this tab only. Routes new leads as IndexedDB does. */
export class MemoryRepository implements Repository {
  readonly kind = 'memory';
  private readonly hub = new ChangeHub();
  readonly leads = new MemoryCollection('leads', this.hub, this);
  readonly deals = new MemoryCollection('deals', this.hub, this);
  readonly pipelines = new MemoryCollection('pipelines', this.hub, this);
  readonly activities = new MemoryCollection('activities', this.hub, this);
  readonly settings = new MemoryCollection('settings', this.hub, this);
  /** @internal The clock routing reads. */
  readonly now: () => number;
  #routingState: RoutingState | undefined;

  constructor(options: MemoryOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.hub.subscribe(listener);
  }

  close(): void {
    this.hub.close();
  }

  /** The collection called `name`. */
  collection<C extends CollectionName>(name: C): Collection<RecordTypes[C]> {
    return this[name] as unknown as Collection<RecordTypes[C]>;
  }

  /** Routes again the leads whose re-entry date or SLA has passed (as the IndexedDB repository does every minute); gives their ids. */
  async sweepRouting(now = this.now()): Promise<string[]> {
    const ids = await sweep(this.routing(), [...this.leads.rows.values()], now);
    if (ids.length) this.hub.emit({ collection: 'leads', type: 'put', ids, origin: 'local' });
    return ids;
  }

  /** @internal Routing's view of the maps. */
  routing(): RoutingAccess {
    const leads = this.leads.rows;
    return {
      settings: async () => this.settings.rows.get('routing'),
      state: async () => this.#routingState && copy(this.#routingState),
      setState: async (state) => {
        this.#routingState = copy(state);
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
  }
}
