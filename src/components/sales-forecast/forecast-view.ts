/**
 * How `<sales-forecast>` shows the core's figures: the forecast table (the chart's accessible
 * alternative), the backtest's accuracy beside the naive baselines, what was learned per stage, and
 * the CSV. Everything here is text in table cells, never markup from data.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { backtestForecast, forecastRevenue, summarizeBacktest, type Backtest, type BacktestRow, type ForecastPeriod, type RevenueForecast } from '../../core/forecast/index.js';
import { toCsv } from '../../core/csv.js';
import type { Deal, Pipeline } from '../../core/model.js';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../internal/format.js';
import type { SalesForecastStrings } from './strings.js';

/** What the views need. */
export interface ViewContext {
  s: SalesForecastStrings;
  lang: string;
  currency: string;
  period: ForecastPeriod;
}

/** What the element shows: the forecast, and which periods before it the backtest replays. */
export interface ForecastView {
  pipeline: Pipeline;
  forecast: RevenueForecast;
  /** First days of the past periods to replay, oldest first (none: no accuracy to show). */
  backtestStarts: string[];
  /** The first period with history behind it, when that cut the backtest short. */
  backtestSince: string | null;
}

const clampCount = (n: unknown, min: number, fallback: number): number => Math.min(24, Math.max(min, Math.round(Number(n ?? fallback)) || fallback));

/**
 * The forecast of `periods` (1-24) periods from `asOf`, and the backtest of the `backtest` (0-24)
 * periods before its first one (none for 0). Throws the core's RangeError for a bad `asOf`.
 */
export function computeForecast(deals: Deal[], pipeline: Pipeline, o: { asOf: string; period: ForecastPeriod; periods: number; backtest: number }): ForecastView {
  const forecast = forecastRevenue(deals, pipeline, { asOf: o.asOf, period: o.period, periods: clampCount(o.periods, 1, 3) });
  const back = Number(o.backtest) > 0 ? clampCount(o.backtest, 0, 6) : 0;
  if (back === 0) return { pipeline, forecast, backtestStarts: [], backtestSince: null };
  const start = new Date(`${forecast.periods[0]?.start ?? ''}T00:00:00Z`);
  const step = o.period === 'month' ? 1 : 3;
  const at = (n: number): string => new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - n * step, 1)).toISOString().slice(0, 10);
  // A period made before anything had closed has nothing to learn from: replay from the one after the first close.
  const closes = deals.filter((d) => d?.pipelineId === pipeline.id && d.status !== 'open').map((d) => Date.parse(d.closedAt ?? '')).filter(Number.isFinite);
  const first = closes.length > 0 ? Math.min(...closes) : Infinity;
  let n = back;
  while (n >= 1 && Date.parse(`${at(n)}T00:00:00Z`) <= first) n--;
  const starts: string[] = [];
  for (let i = n; i >= 1; i--) starts.push(at(i));
  return { pipeline, forecast, backtestStarts: starts, backtestSince: n < back && n >= 1 ? at(n) : null };
}

/**
 * The backtest of `view`, one period per task (a period of 8,000 deals takes tens of ms, the whole
 * backtest several hundred), so that it never blocks input; `null` when nothing is replayed or when
 * `current()` turns false (the figures changed meanwhile).
 */
export async function replayBacktest(deals: Deal[], view: ForecastView, current: () => boolean): Promise<Backtest | null> {
  const rows: BacktestRow[] = [];
  for (const start of view.backtestStarts) {
    await new Promise((resolve) => setTimeout(resolve));
    if (!current()) return null;
    rows.push(...backtestForecast(deals, view.pipeline, { from: start, to: start, period: view.forecast.period }).rows);
  }
  return rows.length > 0 ? summarizeBacktest(view.forecast.period, rows) : null;
}

/** A period's name: "April 2017" or "Q2 2017" in the element's language. */
export function periodLabel(start: string, c: ViewContext): string {
  const ms = Date.parse(`${start}T00:00:00Z`);
  const d = new Date(ms);
  if (c.period === 'quarter') return c.s.quarterLabel(Math.floor(d.getUTCMonth() / 3) + 1, d.getUTCFullYear());
  return new Intl.DateTimeFormat(c.lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(ms);
}

const money = (v: number, c: ViewContext): string => formatMoney(Math.round(v), c.currency, c.lang);

/** The forecast as a table: one row per period. */
export function renderForecastTable(f: RevenueForecast, c: ViewContext): TemplateResult {
  const { s } = c;
  return html`
    <div class="table-wrap" role="region" aria-labelledby="forecast-caption" tabindex="0">
      <table part="table">
        <caption id="forecast-caption">${s.caption(formatDate(f.asOf, c.lang))}</caption>
        <thead><tr>
          <th scope="col">${s.columns.period}</th>
          <th scope="col" class="num">${s.columns.closedWon}</th>
          <th scope="col" class="num">${s.columns.expected}</th>
          <th scope="col" class="num">${s.columns.low}</th>
          <th scope="col" class="num">${s.columns.high}</th>
        </tr></thead>
        <tbody>
          ${f.periods.map((p) => html`<tr part="row" data-start=${p.start}>
            <th scope="row">${periodLabel(p.start, c)}</th>
            <td class="num">${money(p.closedWon, c)}</td>
            <td class="num strong">${money(p.expected, c)}</td>
            <td class="num">${money(p.low, c)}</td>
            <td class="num">${money(p.high, c)}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>`;
}

/** The backtest's error beside the baselines'. */
export function renderAccuracy(b: Backtest | null, since: string | null, c: ViewContext): TemplateResult {
  const { s } = c;
  const heading = html`<h3 id="accuracy-title">${s.accuracy}</h3>`;
  if (!b || b.mape === null) return html`<section part="accuracy" aria-labelledby="accuracy-title">${heading}<p class="muted">${s.noAccuracy}</p></section>`;
  const rows = [
    [s.methods.forecast, b] as const,
    [s.methods.weightedPipeline, b.baselines.weightedPipeline] as const,
    [s.methods.meanOfLastThree, b.baselines.meanOfLastThree] as const,
  ];
  const signed = (x: number | null): string => (x !== null && x > 0 ? `+${formatPercent(x, c.lang)}` : formatPercent(x, c.lang));
  return html`<section part="accuracy" aria-labelledby="accuracy-title">
    ${heading}
    <p class="muted">${s.accuracyIntro(b.rows.length, s.periods[c.period])}${since ? html` ${s.accuracySince(periodLabel(since, c))}` : nothing}</p>
    <div class="table-wrap" role="region" aria-labelledby="accuracy-caption" tabindex="0">
      <table part="accuracy-table">
        <caption id="accuracy-caption">${s.accuracyCaption}</caption>
        <thead><tr>
          <th scope="col">${s.accuracyColumns.method}</th>
          <th scope="col" class="num">${s.accuracyColumns.mape}</th>
          <th scope="col" class="num">${s.accuracyColumns.bias}</th>
        </tr></thead>
        <tbody>${rows.map(([name, e], i) => html`<tr part=${i === 0 ? 'accuracy-row own' : 'accuracy-row'}>
          <th scope="row">${name}</th>
          <td class="num">${formatPercent(e.mape, c.lang)}</td>
          <td class="num">${signed(e.bias)}</td>
        </tr>`)}</tbody>
      </table>
    </div>
    ${b.coverage !== null ? html`<p class="muted">${s.coverage(formatPercent(b.coverage, c.lang, 0), b.rows.length)}</p>` : nothing}
  </section>`;
}

/** What was learned per open stage, in a disclosure. */
export function renderLearned(f: RevenueForecast, pipeline: Pipeline, c: ViewContext): TemplateResult {
  const { s } = c;
  const { rates } = f;
  const label = (id: string): string => pipeline.stages.find((st) => st.id === id)?.label ?? id;
  return html`<details part="learned">
    <summary>${s.learned}</summary>
    <p class="muted">${s.learnedIntro(formatNumber(rates.closedDeals, c.lang), formatNumber(rates.wonDeals, c.lang))}
      ${rates.daysToWin.mean !== null ? s.daysToWin(formatNumber(rates.daysToWin.mean, c.lang)) : nothing}</p>
    <div class="table-wrap" role="region" aria-label=${s.learned} tabindex="0">
      <table part="learned-table">
        <thead><tr>
          <th scope="col">${s.learnedColumns.stage}</th>
          <th scope="col" class="num">${s.learnedColumns.closed}</th>
          <th scope="col" class="num">${s.learnedColumns.won}</th>
          <th scope="col" class="num">${s.learnedColumns.rate}</th>
          <th scope="col" class="num">${s.learnedColumns.prior}</th>
        </tr></thead>
        <tbody>${rates.stages.map((st) => html`<tr>
          <th scope="row">${label(st.stageId)}</th>
          <td class="num">${formatNumber(st.closed, c.lang)}</td>
          <td class="num">${formatNumber(st.won, c.lang)}</td>
          <td class="num">${formatPercent(st.rate, c.lang)}</td>
          <td class="num">${formatPercent(st.prior, c.lang)}</td>
        </tr>`)}</tbody>
      </table>
    </div>
  </details>`;
}

/** The forecast as CSV (formula-safe, core `toCsv`): raw numbers, one row per period. */
export function forecastCsv(f: RevenueForecast, c: ViewContext): string {
  const { s } = c;
  const rows = f.periods.map((p) => ({ ...p, label: periodLabel(p.start, c) }));
  return toCsv(rows, [
    { key: 'label', header: s.columns.period },
    { key: 'start', header: 'start' },
    { key: 'end', header: 'end' },
    { key: 'closedWon', header: s.columns.closedWon },
    { key: 'expected', header: s.columns.expected },
    { key: 'low', header: s.columns.low },
    { key: 'high', header: s.columns.high },
  ]);
}
