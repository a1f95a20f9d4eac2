/**
 * The page of the funnel-chart bench (bundled by bench/browser.ts; the bundle inlines the lazy
 * chart module). `window.bench(kind, n)`:
 * - `stages`: sets `.stages` to `n` new stages and returns the milliseconds until the chart shows
 *   them (update, chart.js update and draw, overlay placed); reduced motion is emulated by the
 *   caller, so no animation is timed.
 * - `first-deals`: a funnel of a pipeline with `n` deals in a memory repository, from connecting
 *   the element to the chart drawn.
 * - `live-deal`: one more deal written to that repository, until the table and chart show it.
 */
import { FunnelChart } from '../src/components/funnel-chart/funnel-chart.js';
import { L2cProvider } from '../src/components/l2c-provider/l2c-provider.js';
import { MemoryRepository } from '../src/storage/memory.js';
import { generateDataset } from '../test/generate.js';

L2cProvider.define();
FunnelChart.define();

export interface Result {
  ms: number;
  /** What the element shows afterwards, as a sanity check. */
  shown: number;
}

/** What bench/funnel-chart.ts calls as `window.bench`. */
export type FunnelBench = (kind: 'stages' | 'first-deals' | 'live-deal', n: number) => Promise<Result>;

let stagesChart: FunnelChart | undefined;
let round = 0;
let repo: MemoryRepository | undefined;
let dealsChart: FunnelChart | undefined;

const rows = (el: FunnelChart) => el.shadowRoot!.querySelectorAll('[part="table"] tbody tr');
const topCount = (el: FunnelChart) => Number(rows(el)[0]?.querySelector('td')?.textContent?.replace(/,/g, '') ?? Number.NaN);
const tick = () => new Promise((r) => setTimeout(r, 0));

async function stages(n: number): Promise<Result> {
  if (!stagesChart) {
    stagesChart = document.createElement('funnel-chart');
    document.body.append(stagesChart);
  }
  round++;
  const data = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, label: `Stage ${i + 1}`, count: Math.round(10_000 * 0.8 ** i) + round, value: 1000 * (n - i) }));
  const start = performance.now();
  stagesChart.stages = data;
  await stagesChart.whenChartDrawn();
  await stagesChart.updateComplete;
  const ms = performance.now() - start;
  return { ms, shown: stagesChart.shadowRoot!.querySelectorAll('[part~="segment"]').length };
}

async function firstDeals(n: number): Promise<Result> {
  const data = generateDataset({ deals: n, templates: ['l2c'] });
  repo = new MemoryRepository();
  await repo.pipelines.putMany(data.pipelines);
  await repo.deals.putMany(data.deals);
  const provider = document.createElement('l2c-provider');
  provider.repository = repo;
  dealsChart = document.createElement('funnel-chart');
  dealsChart.pipelineId = data.pipelines[0]!.id;
  dealsChart.showTable = true;
  const start = performance.now();
  provider.append(dealsChart);
  document.body.prepend(provider);
  while (rows(dealsChart).length === 0) await tick();
  await dealsChart.whenChartDrawn();
  return { ms: performance.now() - start, shown: topCount(dealsChart) };
}

async function liveDeal(): Promise<Result> {
  const el = dealsChart!;
  const before = topCount(el);
  const now = new Date().toISOString();
  const stageId = 'lead';
  const start = performance.now();
  await repo!.deals.put({
    id: `live-${before}`, title: 'Live', value: 1000, currency: 'USD', pipelineId: el.pipelineId!, stageId, status: 'open',
    createdAt: now, updatedAt: now, history: [{ stageId, enteredAt: now }],
  });
  while (topCount(el) === before) await tick();
  await el.whenChartDrawn();
  return { ms: performance.now() - start, shown: topCount(el) };
}

const run: FunnelBench = (kind, n) => (kind === 'stages' ? stages(n) : kind === 'first-deals' ? firstDeals(n) : liveDeal());
(window as unknown as { bench: FunnelBench }).bench = run;
