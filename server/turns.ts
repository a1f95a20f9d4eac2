/**
 * Turns at a shared resource, per key: at most `size` holders at once in this process, the rest wait
 * in memory in arrival order. The records routes give public forms a few turns per workspace at
 * its write lock, so a burst of form leads (ten at once from one address, or a little from many)
 * never queues a whole pool of connections ahead of the team's own writes.
 */
export class Turns {
  readonly #size: number;
  readonly #keys = new Map<string, { holders: number; waiting: (() => void)[] }>();

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Runs `fn` when a turn of `key` is free; the turn is given back however `fn` ends. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let entry = this.#keys.get(key);
    if (!entry) {
      entry = { holders: 0, waiting: [] };
      this.#keys.set(key, entry);
    }
    if (entry.holders >= this.#size) await new Promise<void>((resolve) => entry!.waiting.push(resolve));
    else entry.holders++;
    try {
      return await fn();
    } finally {
      const next = entry.waiting.shift();
      // The turn passes straight to the next in line; the last one out removes the key.
      if (next) next();
      else if (--entry.holders === 0) this.#keys.delete(key);
    }
  }

  /** Holders and waiters of `key` (for tests). */
  load(key: string): { holders: number; waiting: number } {
    const entry = this.#keys.get(key);
    return { holders: entry?.holders ?? 0, waiting: entry?.waiting.length ?? 0 };
  }
}
