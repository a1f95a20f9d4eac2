/**
 * Token buckets kept in the database, so that every server instance on it applies one limit: a
 * bucket holds up to `burst` tokens (by default `perMinute`), refilled at `perMinute` a minute, and
 * a request takes one. One atomic
 * statement takes a token; no lock is held and no other table is touched.
 *
 * A bucket found empty is also remembered in this process until it refills, so a flood from one
 * client is refused in memory, without a query per request.
 *
 * A take may lease several tokens at once (`lease`): the ones not used now are kept in this process
 * and spent by the bucket's next requests without a query. A team key writing hundreds of records
 * then costs one query per lease instead of one per request. Leased tokens are gone from the shared
 * bucket, so every instance together never exceeds the limit; at most one unspent lease per
 * instance is taken early, and it is dropped after a minute (when the bucket would be full anyway).
 */
import type { Database } from './db.js';

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** How long a refilled bucket is kept before purging (it is full again after a minute anyway). */
const KEEP_MS = 5 * 60_000;
/** How long unspent leased tokens are kept in this process. */
const LEASE_MS = 60_000;

export class RateLimiter {
  readonly #db: Database;
  readonly #now: () => number;
  /** Buckets known to be empty here, until when (ms). */
  readonly #emptyUntil = new Map<string, number>();
  /** The last take of each bucket under way here. */
  readonly #queue = new Map<string, Promise<void>>();
  /** Tokens leased from each bucket and not spent yet, and until when they may be. */
  readonly #leased = new Map<string, { tokens: number; until: number }>();

  /** `now` gives milliseconds since the epoch (injectable for tests). */
  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * The seconds until `bucket` has a token again, when this process already knows it is empty (no
   * lease left, found empty by a take); otherwise undefined. Takes nothing, asks no database.
   */
  emptyFor(bucket: string): number | undefined {
    const now = this.#now();
    const until = this.#emptyUntil.get(bucket);
    const held = this.#leased.get(bucket);
    if (until === undefined || until <= now || (held && held.tokens >= 1 && held.until > now)) return undefined;
    return seconds(until - now);
  }

  /**
   * Takes a token from `bucket`, refilled at `perMinute` up to `burst`; `perMinute` <= 0 means no
   * limit. With `lease` > 1, takes that many when the bucket has them and keeps the rest here for
   * the bucket's next requests.
   */
  take(bucket: string, perMinute: number, burst = perMinute, lease = 1): Promise<TakeResult> {
    if (perMinute <= 0) return Promise.resolve({ ok: true });
    const held = this.#leased.get(bucket);
    if (held) {
      if (held.tokens >= 1 && held.until > this.#now()) {
        held.tokens -= 1;
        return Promise.resolve({ ok: true });
      }
      this.#leased.delete(bucket);
    }
    // One take of a bucket at a time in this process: requests of one client that arrive together
    // (a flood) wait here, in memory, rather than each holding a database connection while it waits
    // for the bucket's row lock; once one finds the bucket empty, the rest are answered from memory.
    const before = this.#queue.get(bucket) ?? Promise.resolve();
    const result = before.then(() => this.#take(bucket, perMinute, burst, lease));
    const tail = result.then(() => undefined, () => undefined);
    this.#queue.set(bucket, tail);
    void tail.then(() => {
      if (this.#queue.get(bucket) === tail) this.#queue.delete(bucket);
    });
    return result;
  }

  async #take(bucket: string, perMinute: number, burst: number, lease: number): Promise<TakeResult> {
    const capacity = Math.max(1, burst);
    const now = this.#now();
    // A take queued behind the one that leased may find tokens here now.
    const held = this.#leased.get(bucket);
    if (held && held.tokens >= 1 && held.until > now) {
      held.tokens -= 1;
      return { ok: true };
    }
    const until = this.#emptyUntil.get(bucket);
    if (until !== undefined) {
      if (until > now) return { ok: false, retryAfterSeconds: seconds(until - now) };
      this.#emptyUntil.delete(bucket);
    }
    const rate = perMinute / 60_000;
    const size = Math.max(1, Math.min(Math.floor(lease), capacity));
    // The whole lease when the bucket has it; otherwise a single token.
    if (size > 1 && (await this.#takeTokens(bucket, capacity, now, rate, size))) {
      if (this.#leased.size > 100_000) this.#leased.clear();
      this.#leased.set(bucket, { tokens: size - 1, until: now + LEASE_MS });
      return { ok: true };
    }
    if (await this.#takeTokens(bucket, capacity, now, rate, 1)) return { ok: true };
    const state = await this.#db.query<{ tokens: number; at_ms: number }>('SELECT tokens, at_ms FROM rate_buckets WHERE bucket = $1', [bucket]);
    const s = state[0];
    const have = s ? Math.min(capacity, Number(s.tokens) + Math.max(0, now - Number(s.at_ms)) * rate) : 0;
    const waitMs = Math.max(1, (1 - have) / rate);
    if (this.#emptyUntil.size > 100_000) this.#emptyUntil.clear();
    this.#emptyUntil.set(bucket, now + waitMs);
    return { ok: false, retryAfterSeconds: seconds(waitMs) };
  }

  /** Takes `n` tokens in one atomic statement when the bucket has them; false when it has fewer. */
  async #takeTokens(bucket: string, capacity: number, now: number, rate: number, n: number): Promise<boolean> {
    const rows = await this.#db.query<{ tokens: number }>(
      `INSERT INTO rate_buckets AS b (bucket, tokens, at_ms) VALUES ($1, $2::float8 - $5::float8, $3::float8)
       ON CONFLICT (bucket) DO UPDATE
         SET tokens = LEAST($2::float8, b.tokens + GREATEST(0, $3::float8 - b.at_ms) * $4::float8) - $5::float8,
             at_ms = GREATEST(b.at_ms, $3::float8)
         WHERE LEAST($2::float8, b.tokens + GREATEST(0, $3::float8 - b.at_ms) * $4::float8) >= $5::float8
       RETURNING tokens`,
      [bucket, capacity, now, rate, n],
    );
    return rows.length > 0;
  }

  /** Deletes buckets untouched for a while (they are full again); returns how many. */
  async purge(): Promise<number> {
    const rows = await this.#db.query('DELETE FROM rate_buckets WHERE at_ms < $1::float8 RETURNING bucket', [this.#now() - KEEP_MS]);
    return rows.length;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Token buckets in this process only, for what must be refused before any database work: failed
 * credentials per client address (an unknown key costs a look-up; a flood of them must not).
 */
export class LocalBuckets {
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perMinute: number, now: () => number = Date.now) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  #refill(key: string): { tokens: number; at: number } {
    const now = this.#now();
    const b = this.#buckets.get(key) ?? { tokens: this.#perMinute, at: now };
    b.tokens = Math.min(this.#perMinute, b.tokens + Math.max(0, now - b.at) * (this.#perMinute / 60_000));
    b.at = now;
    return b;
  }

  /** When `key` has no token left: the seconds until it has one; else undefined. Takes nothing. */
  emptyFor(key: string): number | undefined {
    if (this.#perMinute <= 0 || !this.#buckets.has(key)) return undefined;
    const b = this.#refill(key);
    return b.tokens >= 1 ? undefined : seconds((1 - b.tokens) / (this.#perMinute / 60_000));
  }

  /** Takes a token from `key`'s bucket (a failure to count). */
  take(key: string): void {
    if (this.#perMinute <= 0) return;
    if (this.#buckets.size > 100_000) this.#buckets.clear();
    const b = this.#refill(key);
    b.tokens = Math.max(0, b.tokens - 1);
    this.#buckets.set(key, b);
  }
}
