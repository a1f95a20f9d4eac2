/**
 * Every write the board makes, in one place: shown at once (the new versions are laid over the
 * stored ones until storage confirms them), then stored through the repository; a failed write puts
 * the stored versions back and rejects. In controlled use nothing is written: the events tell the
 * host what to apply.
 */
import type { Deal } from '../../core/model.js';
import type { MoveHost } from './board-host.js';

/** Writes deals for one board. */
export class BoardWrites {
  constructor(private readonly h: MoveHost) {}

  /** Controlled use: the host applies every change itself. */
  get controlled(): boolean {
    return this.h.data.controlled;
  }

  /** Stores new versions of `deals` (shown at once); rejects, showing the stored versions again, when storage refuses. */
  async save(deals: readonly Deal[]): Promise<void> {
    await this.#write(deals.map((d) => [d.id, d] as const), async (repo) => {
      if (deals.length === 1) await repo.deals.put(deals[0]!);
      else await repo.deals.putMany(deals);
    });
  }

  /** Deletes `deals` (gone at once); rejects, showing them again, when storage refuses. */
  async remove(deals: readonly Deal[]): Promise<void> {
    await this.#write(deals.map((d) => [d.id, null] as const), async (repo) => {
      for (const d of deals) await repo.deals.delete(d.id);
    });
  }

  async #write(entries: readonly (readonly [string, Deal | null])[], store: (repo: NonNullable<MoveHost['repository']>) => Promise<void>): Promise<void> {
    if (this.controlled) return;
    const repo = this.h.repository;
    if (!repo) throw new Error('no repository');
    const pending = this.h.data.pending;
    pending.add(entries);
    this.h.element.requestUpdate();
    try {
      await store(repo);
      pending.settle(entries);
    } catch (error) {
      pending.drop(entries);
      this.h.element.requestUpdate();
      throw error;
    }
  }
}
