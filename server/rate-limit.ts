/**
 * A token bucket per client: `perMinute` tokens, refilled continuously. Buckets that have refilled
 * completely are forgotten, so memory stays bounded by the clients active in the last minute.
 */
export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  readonly #capacity: number;
  /** Tokens per millisecond. */
  readonly #rate: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #takes = 0;

  /** `perMinute` <= 0 disables the limit. `now` gives milliseconds (injectable for tests). */
  constructor(perMinute: number, now: () => number = () => performance.now()) {
    this.#capacity = perMinute;
    this.#rate = perMinute / 60_000;
    this.#now = now;
  }

  get size(): number {
    return this.#buckets.size;
  }

  take(client: string): TakeResult {
    if (this.#capacity <= 0) return { ok: true, remaining: Infinity };
    const now = this.#now();
    if (++this.#takes % 1000 === 0) this.#sweep(now);
    const bucket = this.#buckets.get(client) ?? { tokens: this.#capacity, at: now };
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#rate);
    bucket.at = now;
    this.#buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#rate / 1000)) };
  }

  #sweep(now: number): void {
    for (const [client, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#rate >= this.#capacity) this.#buckets.delete(client);
    }
  }
}
