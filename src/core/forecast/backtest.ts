/**
 * `backtestForecast`: replays `forecastRevenue` at the start of each past period and compares it
 * with what was won, next to two naive baselines.
 */
import { weightedPipeline } from '../funnel.js';
import type { Deal, Pipeline } from '../model.js';
import { forecastRevenue } from './forecast.js';
import { checkPeriod, cutoffOf, isoDate, nextPeriod, periodContaining, previousPeriod, type ForecastPeriod, type Span } from './periods.js';
import { dealsAsOf } from './snapshot.js';

/** Options of `backtestForecast`. */
export interface BacktestOptions {
  /** First and last period to replay: any date inside them (ISO 8601). */
  from: string;
  to: string;
  period: ForecastPeriod;
}

/** One replayed period. */
export interface BacktestRow {
  start: string;
  /** The forecast made at the period's start, for that period. */
  expected: number;
  /** Value of the deals won inside the period. */
  actual: number;
  low: number;
  high: number;
  /** The baselines' forecasts for the period. */
  weightedPipeline: number;
  meanOfLastThree: number;
}

/** Error of a forecast over the replayed periods. */
export interface ForecastError {
  /** Mean absolute percentage error (0.2 = 20 %) over the periods with something won; `null` if none. */
  mape: number | null;
  /** Σ(expected − actual) / Σ actual: above 0 forecasts too much; `null` when nothing was won. */
  bias: number | null;
}

/** What `backtestForecast` reports. */
export interface Backtest extends ForecastError {
  period: ForecastPeriod;
  rows: BacktestRow[];
  /** Share of periods whose actual fell inside [low, high]; `null` without rows. */
  coverage: number | null;
  baselines: {
    /** The open pipeline's weighted value (stage probabilities) at the period's start. */
    weightedPipeline: ForecastError;
    /** The mean won value of the (up to) three periods before, leaving out periods that ended before the first close (0 without any). */
    meanOfLastThree: ForecastError;
  };
}

/** MAPE and bias of forecasts against actuals. */
export function forecastError(pairs: readonly { forecast: number; actual: number }[]): ForecastError {
  const scored = pairs.filter((p) => p.actual > 0);
  const mape = scored.length > 0 ? scored.reduce((s, p) => s + Math.abs(p.forecast - p.actual) / p.actual, 0) / scored.length : null;
  const actual = pairs.reduce((s, p) => s + p.actual, 0);
  const bias = actual > 0 ? pairs.reduce((s, p) => s + p.forecast - p.actual, 0) / actual : null;
  return { mape, bias };
}

// Value won inside a span, from the won deals' close times and values (read once per backtest).
function wonIn(won: readonly { at: number; value: number }[], span: Span): number {
  return won.reduce((sum, w) => (w.at >= span.startMs && w.at < span.endMs ? sum + w.value : sum), 0);
}

/**
 * Replays each period from the one containing `from` to the one containing `to`: the forecast made
 * at the period's first instant (`forecastRevenue` with `asOf` = that instant, so nothing of the
 * period is known) against the value won inside the period, with MAPE, bias and interval coverage,
 * next to two baselines made at the same instant: the weighted pipeline (`weightedPipeline` of the
 * deals as they stood) and the mean of the last three periods' won value (periods that ended
 * before the first close left out: they say nothing of the team's rate). Throws a RangeError
 * naming the option for an unreadable `from`/`to`, `from` after `to`, or an unknown `period`.
 */
export function backtestForecast(deals: readonly Deal[], pipeline: Pipeline, options: BacktestOptions): Backtest {
  const period = checkPeriod(options?.period, 'options.period');
  const fromMs = cutoffOf(options?.from, 'options.from');
  const toMs = cutoffOf(options?.to, 'options.to');
  if (fromMs > toMs) throw new RangeError(`options.from (${options.from}) must not be after options.to (${options.to})`);
  const rows: BacktestRow[] = [];
  const won = dealsAsOf(deals, pipeline, Infinity).flatMap((k) => (k.status === 'won' && k.closedMs !== null ? [{ at: k.closedMs, value: k.value }] : []));
  const last = periodContaining(Date.parse(options.to), period);
  for (let span = periodContaining(Date.parse(options.from), period); span.startMs <= last.startMs; span = nextPeriod(span, period)) {
    if (rows.length >= 600) throw new RangeError('options.from and options.to span more than 600 periods');
    const asOf = new Date(span.startMs).toISOString();
    const forecast = forecastRevenue(deals, pipeline, { asOf, period, periods: 1 }).periods[0];
    const known = dealsAsOf(deals, pipeline, span.startMs);
    // Periods that ended before anything had closed say nothing about the team's rate: left out.
    const firstClose = known.reduce((m, k) => (k.closedMs !== null ? Math.min(m, k.closedMs) : m), Infinity);
    const before: number[] = [];
    for (let p = previousPeriod(span, period); before.length < 3 && p.endMs > firstClose; p = previousPeriod(p, period)) before.push(wonIn(won, p));
    rows.push({
      start: isoDate(span.startMs),
      expected: forecast?.expected ?? 0,
      actual: wonIn(won, span),
      low: forecast?.low ?? 0,
      high: forecast?.high ?? 0,
      weightedPipeline: weightedPipeline(known.map((k) => k.deal), pipeline).weighted,
      meanOfLastThree: before.length > 0 ? before.reduce((s, v) => s + v, 0) / before.length : 0,
    });
  }
  return summarizeBacktest(period, rows);
}

/**
 * The errors of replayed rows (MAPE, bias, coverage, and the baselines'), for rows replayed in
 * pieces, e.g. one `backtestForecast` per period spread over several tasks.
 */
export function summarizeBacktest(period: ForecastPeriod, rows: BacktestRow[]): Backtest {
  const error = forecastError(rows.map((r) => ({ forecast: r.expected, actual: r.actual })));
  return {
    period,
    rows,
    ...error,
    coverage: rows.length > 0 ? rows.filter((r) => r.actual >= r.low && r.actual <= r.high).length / rows.length : null,
    baselines: {
      weightedPipeline: forecastError(rows.map((r) => ({ forecast: r.weightedPipeline, actual: r.actual }))),
      meanOfLastThree: forecastError(rows.map((r) => ({ forecast: r.meanOfLastThree, actual: r.actual }))),
    },
  };
}
