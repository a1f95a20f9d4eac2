/**
 * L2-regularised logistic regression over indicator features, by Newton's method (exact and
 * deterministic: no learning rate, no shuffling), and the seeded stratified split. A generator
 * that yields between slices of work, so a caller can train in chunks without blocking a page.
 * Internal to core.
 */

/** A seeded pseudo-random number generator (mulberry32): the same seed, the same numbers in 0..1. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
  return items;
}

/**
 * Splits example indexes into training and held-out sets with the same share of each class
 * (`holdout` of each, rounded, at least one), shuffled by a seeded generator. Both lists are sorted.
 */
export function stratifiedSplit(labels: readonly boolean[], holdout: number, seed: number): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [true, false]) {
    const members = shuffle(labels.flatMap((y, i) => (y === cls ? [i] : [])), random);
    const take = Math.min(members.length - 1, Math.max(1, Math.round(members.length * holdout)));
    test.push(...members.slice(0, take));
    train.push(...members.slice(take));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Rows handled between two yields of the solver. */
const CHUNK = 1500;

/** What the solver returns: weights per column and the intercept. */
export interface Fit {
  weights: Float64Array;
  intercept: number;
  iterations: number;
}

/** The penalty: `l2 / 2` times the squared weights, plus `smooth / 2` times the squared difference of each pair (neighbouring ranges). */
export interface Penalty {
  l2: number;
  smooth: number;
  pairs: readonly (readonly [number, number])[];
}

function loss(rows: readonly Int32Array[], y: Uint8Array, w: Float64Array, b: number, penalty: Penalty): number {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    let eta = b;
    for (const j of rows[i] as Int32Array) eta += w[j] as number;
    // log(1 + e^eta) - y eta, without overflow.
    total += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - (y[i] as number) * eta;
  }
  let squares = 0;
  for (const v of w) squares += v * v;
  let steps = 0;
  for (const [i, j] of penalty.pairs) steps += ((w[i] as number) - (w[j] as number)) ** 2;
  return total + (penalty.l2 / 2) * squares + (penalty.smooth / 2) * steps;
}

// Solves A x = b in place for a symmetric positive definite A (n x n, row-major) by Cholesky.
function choleskySolve(a: Float64Array, rhs: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2;
    const root = Math.sqrt(Math.max(d, 1e-12));
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = s / root;
    }
  }
  const x = Float64Array.from(rhs);
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * n + k] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < n; k++) s -= (a[k * n + i] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  return x;
}

/**
 * Fits weights for `columns` indicator columns (`rows[i]` lists the columns that hold for row i)
 * and an intercept, minimising the log loss plus the penalty (the intercept is not penalised).
 * Newton steps with step halving; stops when no weight moves more than 1e-7 or after 50 steps.
 * Yields between chunks of rows.
 */
export function* fitLogistic(rows: readonly Int32Array[], y: Uint8Array, columns: number, penalty: Penalty): Generator<void, Fit> {
  const { l2, smooth, pairs } = penalty;
  const n = columns + 1;
  let w: Float64Array = new Float64Array(columns);
  const positives = y.reduce((s, v) => s + v, 0);
  let b = Math.log((positives + 0.5) / (rows.length - positives + 0.5));
  let current = loss(rows, y, w, b, penalty);
  let iterations = 0;
  for (; iterations < 50; iterations++) {
    const hessian = new Float64Array(n * n);
    const gradient = new Float64Array(n);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Int32Array;
      let eta = b;
      for (const j of row) eta += w[j] as number;
      const p = 1 / (1 + Math.exp(-eta));
      const residual = p - (y[i] as number);
      const s = p * (1 - p);
      gradient[columns] = (gradient[columns] as number) + residual;
      hessian[columns * n + columns] = (hessian[columns * n + columns] as number) + s;
      for (const j of row) {
        gradient[j] = (gradient[j] as number) + residual;
        hessian[j * n + columns] = (hessian[j * n + columns] as number) + s;
        hessian[columns * n + j] = (hessian[columns * n + j] as number) + s;
        for (const k of row) hessian[j * n + k] = (hessian[j * n + k] as number) + s;
      }
      if (i % CHUNK === CHUNK - 1) yield;
    }
    for (let j = 0; j < columns; j++) {
      gradient[j] = (gradient[j] as number) + l2 * (w[j] as number);
      hessian[j * n + j] = (hessian[j * n + j] as number) + l2;
    }
    for (const [i, j] of pairs) {
      const d = smooth * ((w[i] as number) - (w[j] as number));
      gradient[i] = (gradient[i] as number) + d;
      gradient[j] = (gradient[j] as number) - d;
      hessian[i * n + i] = (hessian[i * n + i] as number) + smooth;
      hessian[j * n + j] = (hessian[j * n + j] as number) + smooth;
      hessian[i * n + j] = (hessian[i * n + j] as number) - smooth;
      hessian[j * n + i] = (hessian[j * n + i] as number) - smooth;
    }
    hessian[columns * n + columns] = (hessian[columns * n + columns] as number) + 1e-9;
    const step = choleskySolve(hessian, gradient, n);
    yield;
    let t = 1;
    let next = w;
    let nextB = b;
    let nextLoss = Infinity;
    for (let halving = 0; halving < 30; halving++, t /= 2) {
      next = w.map((v, j) => v - t * (step[j] as number));
      nextB = b - t * (step[columns] as number);
      nextLoss = loss(rows, y, next, nextB, penalty);
      if (nextLoss <= current + 1e-12 * Math.abs(current)) break;
    }
    let largest = Math.abs(nextB - b);
    for (let j = 0; j < columns; j++) largest = Math.max(largest, Math.abs((next[j] as number) - (w[j] as number)));
    w = next;
    b = nextB;
    current = nextLoss;
    yield;
    if (largest < 1e-7) break;
  }
  return { weights: w, intercept: b, iterations };
}
