/** A repository in memory: for tests, previews and pages that must not persist anything. */
import { COLLECTIONS, type CollectionName } from '../core/model.js';
import { ChangeHub } from './changes.js';
import { matchesQuery, orderAndPage } from './query.js';
import type { Change, ChangeListener, Collection, Query, RecordTypes, Repository, Unsubscribe } from './types.js';

// Records are copied in and out, so a caller changing an object never changes what is stored.
const copy = <T>(value: T): T => structuredClone(value);

// Routing and the check of settings: loaded when settings are written or a configuration exists.
const routingPart = () => import('./routing-write.js');

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

  // Settings are checked, and leads routed when a routing configuration exists, by a part loaded then.
  async #store(records: readonly RecordTypes[C][]): Promise<RecordTypes[C][]> {
    const part = this.name === 'settings' || (this.name === 'leads' && this.repo.settings.rows.has('routing')) ? await routingPart() : undefined;
    const stored = part ? await part.storeInMemory(this.repo, this.name, copy(records)) : records;
    if (!part) for (const r of records) this.rows.set(r.id, copy(r));
    this.hub.emit({ collection: this.name, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
    return stored.map(copy);
  }
}

/** Keeps everything in this tab's memory; changes reach listeners in this tab only. Routes new leads as IndexedDB does. */
export class MemoryRepository implements Repository {
  readonly kind = 'memory';
  private readonly hub = new ChangeHub();
  declare readonly leads: MemoryCollection<'leads'>;
  declare readonly deals: MemoryCollection<'deals'>;
  declare readonly pipelines: MemoryCollection<'pipelines'>;
  declare readonly activities: MemoryCollection<'activities'>;
  declare readonly settings: MemoryCollection<'settings'>;

  constructor() {
    for (const name of COLLECTIONS) Object.defineProperty(this, name, { value: new MemoryCollection(name, this.hub, this), enumerable: true });
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

  /** Emits a change as if it happened here (routing's sweep uses it). */
  notify(change: Change): void {
    this.hub.emit(change);
  }
}
