/**
 * The revenue forecast on real history: Maven CRM opportunities (../shared/data, Maven Analytics'
 * fictitious B2B hardware seller, Oct 2016 - Dec 2017), replayed at the start of each month from
 * April to December 2017 by `backtestForecast`, next to the weighted pipeline and the mean of the
 * last three months. Skipped (a `skipped:` row) when the data folder is not there.
 *
 * How the CSV becomes deals (decided here, see SOURCE.txt and data_dictionary.csv):
 * - `engage_date` is `createdAt`; `close_date` is `closedAt`; `deal_stage` Engaging is open, Won and
 *   Lost closed. The 500 Prospecting rows have no date at all, so no forecast could have seen them
 *   at any moment: left out.
 * - Value: a won deal's `close_value` (what was actually won). Lost deals have close_value 0 and open
 *   ones none, so their value is the product's list price (`products.csv` sales_price; "GTXPro" in
 *   the pipeline is "GTX Pro" there). Won close values average within 1 % of the list price per
 *   product, so a deal open at `asOf` and won later is valued about as it would have been then.
 * - Stage probabilities (the hand-set prior and the weighted-pipeline baseline): Engaging 0.5.
 *
 *   npm run bench -- forecast
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvParse } from 'd3-dsv';
import { backtestForecast, forecastRevenue, type Deal, type ForecastError, type Pipeline } from '../src/core/index.js';
import { measure, skippedRow, timedRow } from './measure.js';
import type { BenchRow } from './types.js';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'maven_crm_sales_opportunities');

/** The pipeline the Maven deals are placed in. */
export const MAVEN_PIPELINE: Pipeline = {
  id: 'maven',
  name: 'Maven CRM',
  currency: 'USD',
  stages: [
    { id: 'engaging', label: 'Engaging', kind: 'open', probability: 0.5 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

/** The Maven opportunities as deals (see the module comment), or `null` when the data is not there. */
export function mavenDeals(dir = DATA): Deal[] | null {
  const pipelineFile = join(dir, 'sales_pipeline.csv');
  const productFile = join(dir, 'products.csv');
  if (!existsSync(pipelineFile) || !existsSync(productFile)) return null;
  const prices = new Map(csvParse(readFileSync(productFile, 'utf8')).map((r) => [(r.product ?? '').replace(/\s+/g, ''), Number(r.sales_price)]));
  const deals: Deal[] = [];
  for (const row of csvParse(readFileSync(pipelineFile, 'utf8'))) {
    const created = row.engage_date?.trim();
    if (!created) continue;
    const stage = row.deal_stage?.trim();
    const status = stage === 'Won' ? 'won' : stage === 'Lost' ? 'lost' : 'open';
    const closed = status === 'open' ? undefined : row.close_date?.trim();
    const listPrice = prices.get((row.product ?? '').replace(/\s+/g, '')) ?? 0;
    const value = status === 'won' ? Number(row.close_value) : listPrice;
    const stageId = status === 'open' ? 'engaging' : status;
    const history = [{ stageId: 'engaging', enteredAt: created, ...(closed ? { leftAt: closed } : {}) }];
    if (closed) history.push({ stageId, enteredAt: closed });
    deals.push({
      id: row.opportunity_id ?? `row-${deals.length}`,
      title: `${row.product ?? ''} ${row.account ?? ''}`.trim(),
      value: Number.isFinite(value) ? value : 0,
      currency: 'USD',
      pipelineId: MAVEN_PIPELINE.id,
      stageId,
      status,
      createdAt: created,
      updatedAt: closed ?? created,
      ...(closed ? { closedAt: closed } : {}),
      history,
    });
  }
  return deals;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const both = (e: ForecastError): string => `MAPE ${pct(e.mape)}, bias ${pct(e.bias)}`;

export async function bench(): Promise<BenchRow[]> {
  const name = 'Maven CRM monthly backtest Apr-Dec 2017';
  const deals = mavenDeals();
  if (!deals) return [skippedRow(name, `${DATA} not found (real data is optional)`)];
  const result = backtestForecast(deals, MAVEN_PIPELINE, { from: '2017-04-01', to: '2017-12-01', period: 'month' });
  const naive = result.baselines.meanOfLastThree;
  const ok = result.mape !== null && result.mape <= 0.25 && naive.mape !== null && result.mape <= naive.mape && result.bias !== null && Math.abs(result.bias) <= 0.1;
  const k = (x: number): string => `${Math.round(x / 1000)}k`;
  // What <sales-forecast> computes on the main thread: one forecast, and the 6-period backtest it shows.
  const one = await measure(() => forecastRevenue(deals, MAVEN_PIPELINE, { asOf: '2017-10-01', period: 'month' }), (f) => {
    if (f.periods.length !== 3) throw new Error('three periods expected');
  });
  const six = await measure(() => backtestForecast(deals, MAVEN_PIPELINE, { from: '2017-04-01', to: '2017-09-01', period: 'month' }), (b) => {
    if (b.rows.length !== 6) throw new Error('six rows expected');
  }, { runs: 3 });
  return [
    timedRow(`Maven: forecastRevenue, ${deals.length.toLocaleString('en')} Maven deals, 3 months`, one),
    timedRow('Maven: backtestForecast, the same deals, 6 months (what <sales-forecast> shows)', six),
    { name: `${name}: forecastRevenue`, value: both(result), budget: 'MAPE <= 25 % and <= mean of last 3, |bias| <= 10 %', ok },
    { name: `${name}: weighted pipeline`, value: both(result.baselines.weightedPipeline) },
    { name: `${name}: mean of last three months`, value: both(naive) },
    { name: `${name}: actual inside the 80 % interval`, value: `${pct(result.coverage)} of ${result.rows.length} months` },
    ...result.rows.map((r) => ({
      name: `${name}: ${r.start.slice(0, 7)}`,
      value: `expected ${k(r.expected)} [${k(r.low)}-${k(r.high)}], actual ${k(r.actual)}, weighted ${k(r.weightedPipeline)}, last-3 ${k(r.meanOfLastThree)}`,
    })),
  ];
}
