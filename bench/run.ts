/**
 * npm run bench: runs every bench module in BENCHES and prints one table of name, measured value,
 * budget (DESIGN.md section 6) and ok/OVER, then `N of M within budget`.
 *
 * Budgets are reported, not enforced: the exit code is non-zero only when a module crashes (throws,
 * fails to load, or returns a `CRASH:` row). A module that needs something missing (a browser, ../shared/data) returns a
 * `skipped: reason` row instead of failing.
 *
 *   npm run bench                 every module
 *   npm run bench -- core server  only modules whose name contains one of the words
 *   BENCH_RUNS=10 npm run bench   more timed runs per case (BENCH_WARMUP for warm-ups)
 *
 * To add a module: create bench/<name>.ts exporting an async function that returns BenchRow[]
 * (see bench/types.ts; bench/measure.ts has the timing helpers) and add one line to BENCHES. Mark
 * it `optional` while the file may not exist yet; it is then loaded only when present.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchFunction, BenchRow } from './types.js';

interface BenchModule {
  /** Shown as the prefix of every row of the module, and matched by the command-line filter. */
  name: string;
  /** Path relative to this file. */
  file: string;
  /** The exported function to call. */
  exportName: string;
  /** When the file may be absent: a missing file is a skipped row, not a crash. */
  optional?: boolean;
}

const BENCHES: readonly BenchModule[] = [
  { name: 'core', file: './core.ts', exportName: 'bench' },
  { name: 'server', file: './server.ts', exportName: 'benchServer', optional: true },
  { name: 'routing', file: './routing.ts', exportName: 'bench' },
  { name: 'live', file: './live.ts', exportName: 'bench' },
  { name: 'storage', file: './storage.ts', exportName: 'bench' },
  { name: 'pipeline-board', file: './pipeline-board.ts', exportName: 'bench' },
  { name: 'bant-qualifier', file: './bant-qualifier.ts', exportName: 'bench' },
  { name: 'lead-inbox', file: './lead-inbox.ts', exportName: 'bench' },
  { name: 'lead-capture-form', file: './lead-capture-form.ts', exportName: 'bench' },
  { name: 'sales-process-map', file: './sales-process-map.ts', exportName: 'bench' },
  { name: 'funnel-chart', file: './funnel-chart.ts', exportName: 'bench' },
  { name: 'import', file: './import.ts', exportName: 'bench' },
  { name: 'learn', file: './learn.ts', exportName: 'bench' },
  { name: 'forecast', file: './forecast.ts', exportName: 'bench' },
  // Browser benches (pipeline-board, sales-process-map, IndexedDB import) go here, e.g.
  // { name: 'browser', file: './browser.ts', exportName: 'bench', optional: true },
];

async function runModule(module: BenchModule): Promise<{ rows: BenchRow[]; crashed: boolean }> {
  const url = new URL(module.file, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    if (module.optional) return { rows: [{ name: module.name, value: `skipped: bench/${module.file.replace(/^\.\//, '')} is not there yet` }], crashed: false };
    return { rows: [{ name: module.name, value: `CRASH: bench/${module.file.replace(/^\.\//, '')} is missing` }], crashed: true };
  }
  try {
    const loaded = (await import(url.href)) as Record<string, unknown>;
    const fn = loaded[module.exportName];
    if (typeof fn !== 'function') throw new Error(`${module.file} does not export a function ${module.exportName}()`);
    const rows = await (fn as BenchFunction)();
    if (!Array.isArray(rows)) throw new Error(`${module.exportName}() did not return a list of rows`);
    // Rows are prefixed with the module name unless they already start with it.
    const named = rows.map((row) => (row.name.toLowerCase().startsWith(module.name.toLowerCase()) ? row : { ...row, name: `${module.name}: ${row.name}` }));
    return { rows: named, crashed: named.some(isCrash) };
  } catch (error) {
    console.error(`\n${module.name} crashed:`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { rows: [{ name: module.name, value: `CRASH: ${message}` }], crashed: true };
  }
}

function isCrash(row: BenchRow): boolean {
  return row.value.startsWith('CRASH');
}

function status(row: BenchRow): string {
  if (isCrash(row)) return 'CRASH';
  if (row.ok === undefined) return '-';
  return row.ok ? 'ok' : 'OVER';
}

function printTable(rows: readonly BenchRow[]): void {
  const header = ['bench', 'value (median, min-max)', 'budget', 'status'];
  const cells = rows.map((row) => [row.name, row.value, row.budget ?? '-', status(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((text, i) => text.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const selected = filters.length === 0 ? BENCHES : BENCHES.filter((m) => filters.some((f) => m.name.includes(f)));
  if (selected.length === 0) {
    console.error(`No bench module matches ${filters.join(', ')}; modules: ${BENCHES.map((m) => m.name).join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const rows: BenchRow[] = [];
  let crashed = false;
  for (const module of selected) {
    console.error(`running ${module.name} ...`);
    const result = await runModule(module);
    rows.push(...result.rows);
    crashed ||= result.crashed;
  }
  console.log('');
  printTable(rows);
  const budgeted = rows.filter((row) => row.ok !== undefined);
  console.log(`\n${budgeted.filter((row) => row.ok).length} of ${budgeted.length} within budget`);
  if (crashed) process.exitCode = 1;
}

await main();
