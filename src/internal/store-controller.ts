/**
 * The one bridge from storage to rendering (TanStack's TableController pattern): loads a query,
 * re-renders the host when the data changes (here, in another tab or on the server) and
 * unsubscribes when the host disconnects.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CollectionName } from '../core/model.js';
import type { Change, Repository, Unsubscribe } from '../storage/types.js';

/** What the controller needs from its host. */
export interface StoreHost extends ReactiveControllerHost, HTMLElement {
  /** The repository to read, or undefined while there is none (controlled use). */
  readonly repository: Repository | undefined;
}

/** Options of a StoreController. */
export interface StoreOptions<T> {
  /** Collections whose changes make the query run again. */
  collections: readonly CollectionName[];
  /** Reads what the host shows. */
  load: (repository: Repository) => Promise<T>;
  /** A change this returns true for does not load again (the host's own write, already shown). */
  ignore?: (change: Change) => boolean;
}

/** Loads data for an element and keeps it current. */
export class StoreController<T> implements ReactiveController {
  /** The last loaded value. */
  value: T | undefined;
  /** The last load error (a StorageError to show the user), or undefined. */
  error: unknown;
  /** True while the first load of the current repository runs. */
  loading = false;

  private repo: Repository | undefined;
  private stop: Unsubscribe | undefined;
  private scheduled = false;
  private generation = 0;
  private connected = false;

  constructor(private readonly host: StoreHost, private readonly options: StoreOptions<T>) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.attach();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.detach();
  }

  // The repository may arrive after connecting (a provider upgraded later): follow it.
  hostUpdate(): void {
    if (this.connected && this.host.repository !== this.repo) this.attach();
  }

  /** Loads again now. */
  refresh(): Promise<void> {
    return this.run();
  }

  private attach(): void {
    this.detach();
    this.repo = this.host.repository;
    if (!this.repo) return;
    const watched = new Set(this.options.collections);
    this.stop = this.repo.subscribe((change) => {
      if (watched.has(change.collection) && !this.options.ignore?.(change)) this.schedule();
    });
    this.loading = this.value === undefined;
    void this.run();
  }

  private detach(): void {
    this.stop?.();
    this.stop = undefined;
    this.repo = undefined;
    this.generation++;
  }

  // Many changes in a burst (an import, a sync) load once.
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    const repo = this.repo;
    if (!repo) return;
    const generation = ++this.generation;
    try {
      const value = await this.options.load(repo);
      if (generation !== this.generation) return; // a newer load or another repository won
      this.value = value;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
    }
    this.loading = false;
    this.host.requestUpdate();
  }
}
