/**
 * Benchmark of <funnel-chart>. DESIGN.md section 6 budgets only its lazy chart chunk (<= 60 KB
 * min+gzip, from dist/cdn when built); the timings are reported without a budget: the figures of a
 * pipeline's deals in Node (core funnel, validation, formatting: what the element computes before
 * drawing), then in headless Chromium with reduced motion (no animation timed) a redraw of new
 * stages, the first funnel of 10,000 deals from a memory repository, and a live update after one
 * more deal is written. Run alone: `npm run bench -- funnel-chart`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkSource, FunnelFormat, funnelFromPipeline, measuredSteps } from '../src/components/funnel-chart/funnel-data.js';
import { ROOT } from '../test/e2e/harness.js';
import { generateDataset } from '../test/generate.js';
import { browserMissing, inBrowser } from './browser.js';
import { RUNS, WARMUP, count, expect, formatMs, guarded, measure, skippedRow, timedRow, type Timing } from './measure.js';
import type { BenchRow } from './types.js';
import type { FunnelBench } from './funnel-chart-page.js';

type Page = Parameters<Parameters<typeof inBrowser>[1]>[0];
const call = (page: Page, kind: Parameters<FunnelBench>[0], n: number) =>
  page.evaluate(([k, m]) => (window as unknown as { bench: FunnelBench }).bench(k, m), [kind, n] as const);

const CHUNK_BUDGET = 60 * 1024;

function timing(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

function chunkRow(): BenchRow {
  const dir = join(ROOT, 'dist/cdn/chunks');
  const name = existsSync(dir) ? readdirSync(dir).find((f) => /^funnel-chart\.chart-.*\.js$/.test(f)) : undefined;
  if (!name) return skippedRow('lazy chart chunk (chart.js + funnel plugin), min+gzip', 'run `npm run build` first', '<= 60 KB');
  const size = gzipSync(readFileSync(join(dir, name)), { level: 9 }).length;
  return { name: `lazy chart chunk ${name}, min+gzip`, value: `${(size / 1024).toFixed(1)} KB`, budget: '<= 60 KB', ok: size <= CHUNK_BUDGET };
}

async function figures(deals: number): Promise<BenchRow> {
  const data = generateDataset({ deals, templates: ['l2c'], seed: 7 });
  const pipeline = data.pipelines[0]!;
  const fmt = new FunnelFormat('en', 'USD');
  const t = await measure(() => {
    const problems = checkSource(pipeline, data.deals);
    const funnel = funnelFromPipeline(data.deals, pipeline, false, 'en');
    const measured = measuredSteps(funnel.steps, 'value');
    const cells = funnel.steps.map((s, i) => [fmt.count(s.count), fmt.money(s.value), fmt.percent(measured[i]!.stepConversion), fmt.change(measured[i]!.dropOff, 'value')]);
    return { problems, funnel, cells };
  }, (r) => expect(r.funnel.steps[0]!.count === deals && r.problems.deals.count === 0, 'every generated deal is at the top and valid'));
  return timedRow(`figures of ${count(deals)} deals (validate, funnel, format)`, t);
}

async function browserRows(): Promise<BenchRow[]> {
  const missing = browserMissing();
  if (missing) return [skippedRow('funnel-chart in Chromium', missing)];
  return inBrowser(join(ROOT, 'bench/funnel-chart-page.ts'), async (page) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const rows: BenchRow[] = [];
    const first = await call(page, 'stages', 8);
    expect(first.shown === 8, `expected 8 segments, got ${first.shown}`);
    rows.push({ name: 'first chart of 8 stages (chart.js set up)', value: formatMs(first.ms) });
    for (const n of [8, 100]) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const r = await call(page, 'stages', n);
        expect(r.shown === n, `expected ${n} segments, got ${r.shown}`);
        if (i >= WARMUP) times.push(r.ms);
      }
      rows.push(timedRow(`redraw with ${n} new stages`, timing(times)));
    }
    const deals = 10_000;
    const load = await call(page, 'first-deals', deals);
    expect(load.shown === deals, `expected ${deals} deals at the top, got ${load.shown}`);
    rows.push({ name: `first funnel of ${count(deals)} deals from a memory repository`, value: formatMs(load.ms) });
    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const r = await call(page, 'live-deal', 0);
      expect(r.shown === deals + i + 1, `expected ${deals + i + 1} deals at the top, got ${r.shown}`);
      if (i >= WARMUP) times.push(r.ms);
    }
    rows.push(timedRow(`live update: 1 deal written, ${count(deals)} deals recounted and redrawn`, timing(times)));
    return rows;
  });
}

/** Rows for the funnel-chart bench. */
export async function bench(): Promise<BenchRow[]> {
  return [
    chunkRow(),
    ...await guarded('funnel-chart figures 10,000', async () => [await figures(10_000)]),
    ...await guarded('funnel-chart figures 100,000', async () => [await figures(100_000)]),
    ...await guarded('funnel-chart browser', browserRows),
  ];
}
