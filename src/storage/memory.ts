/** A repository in memory: for tests, previews and pages that must not persist anything. */
import type { CollectionName } from '../core/model.js';
import { ChangeHub } from './changes.js';
import { matchesQuery, orderAndPage } from './query.js';
import type { ChangeListener, Collection, Query, RecordTypes, Repository, Unsubscribe } from './types.js';

// Records are copied in and out, so a caller changing an object never changes what is stored.
const copy = <T>(value: T): T => structuredClone(value);

class MemoryCollection<C extends CollectionName> implements Collection<RecordTypes[C]> {
  private readonly rows = new Map<string, RecordTypes[C]>();

  constructor(readonly name: C, private readonly hub: ChangeHub) {}

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
    this.rows.set(record.id, copy(record));
    this.hub.emit({ collection: this.name, type: 'put', ids: [record.id], origin: 'local' });
    return copy(record);
  }

  async putMany(records: readonly RecordTypes[C][]): Promise<void> {
    for (const r of records) this.rows.set(r.id, copy(r));
    this.hub.emit({ collection: this.name, type: 'put', ids: records.map((r) => r.id), origin: 'local' });
  }

  async delete(id: string): Promise<void> {
    if (this.rows.delete(id)) this.hub.emit({ collection: this.name, type: 'delete', ids: [id], origin: 'local' });
  }

  subscribe(listener: ChangeListener): Unsubscribe {
    return this.hub.subscribe(listener, this.name);
  }
}

/** Keeps everything in this tab's memory; changes reach listeners in this tab only. */
export class MemoryRepository implements Repository {
  readonly kind = 'memory';
  private readonly hub = new ChangeHub();
  readonly leads = new MemoryCollection('leads', this.hub);
  readonly deals = new MemoryCollection('deals', this.hub);
  readonly pipelines = new MemoryCollection('pipelines', this.hub);
  readonly activities = new MemoryCollection('activities', this.hub);

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
}
