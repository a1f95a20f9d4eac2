/**
 * Timing helpers shared by the bench modules: run a case a few times after a warm-up, report the
 * median with min and max, and turn that into a BenchRow against a budget.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../test/e2e/harness.js';
import type { BenchRow } from './types.js';

/** Timed runs per case after the warm-up (BENCH_RUNS overrides; default 5). */
export const RUNS = positiveInt(process.env.BENCH_RUNS, 5);
/** Untimed warm-up runs per case (BENCH_WARMUP overrides; default 1). */
export const WARMUP = positiveInt(process.env.BENCH_WARMUP, 1, true);

function positiveInt(text: string | undefined, fallback: number, zeroOk = false): number {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && (n > 0 || (zeroOk && n === 0)) ? n : fallback;
}

/** Milliseconds of the timed runs of one case. */
export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Options of `measure`. */
export interface MeasureOptions {
  warmup?: number;
  runs?: number;
}

function medianOf(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed, and returns the median, min and max
 * in ms. `check` sees every result, so a result is always used (and can be sanity-checked).
 */
export async function measure<T>(
  fn: () => T | Promise<T>,
  check: (result: T) => void = () => {},
  { warmup = WARMUP, runs = RUNS }: MeasureOptions = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) check(await fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = await fn();
    times.push(performance.now() - start);
    check(result);
  }
  times.sort((a, b) => a - b);
  return { median: medianOf(times), min: times[0]!, max: times.at(-1)!, runs };
}

/** The median, min and max of times taken elsewhere (inside a page), in ms. */
export function summarize(times: readonly number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: medianOf(sorted), min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** `212 ms`, `1.24 s`, `0.85 ms`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** `<= 1 s`, `<= 500 ms`. */
export function formatBudget(ms: number): string {
  return `<= ${ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : formatMs(ms)}`;
}

/** `1,000,000`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Options of `timedRow`. */
export interface RowOptions {
  /** The budget in ms; the row is ok when the median is within it. */
  budgetMs?: number;
  /** Appended to the budget column, e.g. `(target; DESIGN.md states none)`. */
  budgetNote?: string;
  /** Appended to the value, e.g. what the run found. */
  detail?: string;
}

/** A row for a timed case: `median (min-max, n runs)` and, with a budget, whether the median is within it. */
export function timedRow(name: string, timing: Timing, options: RowOptions = {}): BenchRow {
  const spread = `${formatMs(timing.min)}-${formatMs(timing.max)}, ${timing.runs} runs`;
  const row: BenchRow = {
    name,
    value: `${formatMs(timing.median)} (${spread})${options.detail ? `; ${options.detail}` : ''}`,
  };
  if (options.budgetMs !== undefined) {
    row.budget = `${formatBudget(options.budgetMs)}${options.budgetNote ? ` ${options.budgetNote}` : ''}`;
    row.ok = timing.median <= options.budgetMs;
  }
  return row;
}

/** A row saying why a case did not run. */
export function skippedRow(name: string, reason: string, budget?: string): BenchRow {
  return { name, value: `skipped: ${reason}`, ...(budget !== undefined ? { budget } : {}) };
}

/** Throws when a bench produced a figure that cannot be right, so a broken case never looks fast. */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

/**
 * Runs one bench case; when it throws, logs the error and returns a single `CRASH: message` row
 * (which the harness counts as a crash), so the module's other cases still run and report.
 */
export async function guarded(name: string, run: () => Promise<BenchRow[]>): Promise<BenchRow[]> {
  try {
    return await run();
  } catch (error) {
    console.error(`\n${name} crashed:`, error);
    return [{ name, value: `CRASH: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

/**
 * A throwaway folder with `index.html` loading `source` (TypeScript, bundled by esbuild) as
 * `<name>.js` under a `#host` div: the page a browser bench times its element in.
 */
export async function buildBenchPage(name: string, source: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `l2c-${name}-bench-`));
  await build({
    stdin: { contents: source, resolveDir: ROOT, sourcefile: `${name}-bench-page.ts`, loader: 'ts' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, `${name}.js`),
    logLevel: 'error',
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name} bench</title></head>
<body><div id="host"></div><script type="module" src="./${name}.js"></script></body></html>`);
  return dir;
}
