/**
 * Benchmark of <sales-process-map> in headless Chromium (DESIGN.md section 6: "200 nodes laid out
 * and drawn <= 200 ms"): a generated 200-node process with numbers on every node, as a flowchart
 * (dagre) and as a blueprint, timed inside the page from setting `.process` to the drawing laid
 * out by the browser. The first map also downloads and compiles the lazy layout module; it is
 * reported apart, without a budget. Run alone: `npm run bench -- sales-process-map`.
 */
import { join } from 'node:path';
import { ROOT } from '../test/e2e/harness.js';
import { browserMissing, inBrowser } from './browser.js';
import { RUNS, WARMUP, count, expect, formatMs, guarded, skippedRow, timedRow, type Timing } from './measure.js';
import type { ProcessMapBench } from './sales-process-map-page.js';
import type { BenchRow } from './types.js';

const NODES = 200;
const BUDGET_MS = 200;

function timing(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** Rows for the process map bench. */
export async function bench(): Promise<BenchRow[]> {
  const missing = browserMissing();
  if (missing) return [skippedRow(`${NODES} nodes laid out and drawn`, missing, `<= ${BUDGET_MS} ms`)];
  return guarded('sales-process-map', () => inBrowser(join(ROOT, 'bench/sales-process-map-page.ts'), async (page) => {
    const rows: BenchRow[] = [];
    const first = await page.evaluate((n) => (window as unknown as { bench: ProcessMapBench }).bench('flow', n), NODES);
    expect(first.nodes === NODES, `expected ${NODES} nodes drawn, got ${first.nodes}`);
    rows.push({ name: `first map of ${NODES} nodes, with the lazy layout module`, value: formatMs(first.ms) });
    for (const view of ['flow', 'blueprint'] as const) {
      const times: number[] = [];
      let edges = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const r = await page.evaluate(([v, n]) => (window as unknown as { bench: ProcessMapBench }).bench(v, n), [view, NODES] as const);
        expect(r.nodes === NODES, `expected ${NODES} nodes drawn in the ${view}, got ${r.nodes}`);
        edges = r.edges;
        if (i >= WARMUP) times.push(r.ms);
      }
      rows.push(timedRow(`${view}: ${count(NODES)} nodes, ${count(edges)} edges laid out and drawn`, timing(times), { budgetMs: BUDGET_MS }));
    }
    return rows;
  }));
}
