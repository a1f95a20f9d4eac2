/**
 * Descriptive statistics over plain number arrays, shared by the funnel math and other modules.
 * Every function ignores entries that are not finite numbers (NaN, ±Infinity, non-numbers), so one
 * bad record never poisons a whole report, and returns `null` where the answer is undefined
 * (no finite values) rather than NaN.
 */

/** What `summarize` reports; every field but `count` is `null` when there are no finite values. */
export interface Summary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

// A typed array sorts numerically by default and far faster than Array#sort with a comparator.
function finiteSorted(values: readonly number[]): Float64Array {
  if (!Array.isArray(values)) return new Float64Array(0);
  const out = new Float64Array(values.length);
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) out[n++] = v;
  return out.subarray(0, n).sort();
}

// Sums that overflow are recomputed as a sum of quotients, so huge values never give Infinity.
function meanOf(values: ArrayLike<number>): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || !Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  if (n === 0) return null;
  if (Number.isFinite(sum)) return sum / n;
  let scaled = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== undefined && Number.isFinite(v)) scaled += v / n;
  }
  return scaled;
}

/** Arithmetic mean of the finite values; `null` when there are none. */
export function mean(values: readonly number[]): number | null {
  return Array.isArray(values) ? meanOf(values) : null;
}

// Linear interpolation between the closest ranks on a 0-based rank scale: rank h = (n - 1) p,
// result = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). This is the "R-7" definition
// used by Excel PERCENTILE.INC, NumPy and Google Sheets, so figures match what users check by hand.
function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0 || !Number.isFinite(p)) return null;
  const rank = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(rank);
  const a = sorted[lo] ?? 0;
  const t = rank - lo;
  if (t === 0 || lo + 1 >= n) return a;
  const b = sorted[lo + 1] ?? a;
  const span = b - a;
  // An overflowing span (values near ±Number.MAX_VALUE) falls back to the weighted form.
  const r = Number.isFinite(span) ? a + span * t : a * (1 - t) + b * t;
  // Rounding may step one ulp outside [a, b]; clamping keeps the result monotone in p.
  return Math.min(b, Math.max(a, r));
}

/**
 * The p-th percentile (p in 0..1, clamped) of the finite values, by linear interpolation between
 * the closest ranks (Excel PERCENTILE.INC): `percentile([1, 2, 3, 4], 0.5)` is 2.5.
 * `null` when there are no finite values or p is not a finite number.
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(finiteSorted(values), p);
}

/** Median (the 0.5 percentile, interpolated) of the finite values; `null` when there are none. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

/** Count, mean, median, 90th percentile, min and max of the finite values, sorting only once. */
export function summarize(values: readonly number[]): Summary {
  const sorted = finiteSorted(values);
  const n = sorted.length;
  return {
    count: n,
    mean: meanOf(sorted),
    median: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    min: n > 0 ? (sorted[0] ?? null) : null,
    max: n > 0 ? (sorted[n - 1] ?? null) : null,
  };
}
