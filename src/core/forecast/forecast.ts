/**
 * `forecastRevenue`: won revenue per coming period, calibrated on the pipeline's own history as it
 * was known at `asOf`.
 */
import type { Deal, Pipeline } from '../model.js';
import { DAY_MS, toMs } from '../time.js';
import { curveOf, learnRates, MAX_AGE_DAYS, type Curve, type ForecastRates } from './learn.js';
import { checkPeriod, cutoffOf, isoDate, nextPeriod, periodContaining, type ForecastPeriod, type Span } from './periods.js';
import { dealsAsOf, type KnownDeal } from './snapshot.js';

/** Options of `forecastRevenue`. */
export interface ForecastOptions {
  /** The moment the forecast is made (ISO 8601 date or date-time); a date means the end of that day. */
  asOf: string;
  period: ForecastPeriod;
  /** How many periods, starting with the one `asOf` is in; a whole number from 1 to 60, default 3. */
  periods?: number;
}

/** The forecast of one period. */
export interface PeriodForecast {
  /** First day of the period, `YYYY-MM-DD` (UTC). */
  start: string;
  /** First day of the next period (exclusive). */
  end: string;
  /** Expected won value: `closedWon` + `fromPipeline` + `fromNewDeals`. */
  expected: number;
  /** The 10th and 90th percentiles (an 80 % interval) of the won value; `low` never below `closedWon`. */
  low: number;
  high: number;
  /** Value of the deals already won inside the period before `asOf`. */
  closedWon: number;
  /** Expected value from the deals open at `asOf`. */
  fromPipeline: number;
  /** Expected value from deals created after `asOf` (at the recent rate) and won inside the period. */
  fromNewDeals: number;
}

/** What `forecastRevenue` returns. */
export interface RevenueForecast {
  asOf: string;
  period: ForecastPeriod;
  periods: PeriodForecast[];
  /** Deals open at `asOf` that the forecast weighed. */
  openDeals: number;
  rates: ForecastRates;
}

/** z of the 90th percentile of a normal distribution: the interval is expected ± Z x sd. */
const Z80 = 1.2816;

function checkCount(value: unknown): number {
  if (value === undefined) return 3;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60) return value;
  throw new RangeError(`options.periods must be a whole number from 1 to 60, got ${JSON.stringify(value) ?? String(value)}`);
}

// A curve's value at a fractional age, interpolated between whole days.
function at(values: Float64Array, days: number): number {
  const x = Math.min(values.length - 1, Math.max(0, days));
  const i = Math.floor(x);
  const a = values[i] ?? 0;
  const b = values[Math.min(values.length - 1, i + 1)] ?? a;
  return a + (b - a) * (x - i);
}

/** P(won between ages from and to | open at age `age`), by the hazard curve alone. */
function winBetween(curve: Curve, age: number, from: number, to: number): number {
  const alive = at(curve.survival, age);
  if (!(alive > 0) || to <= from) return 0;
  return Math.max(0, (at(curve.won, to) - at(curve.won, from)) / alive);
}

// The hand-set estimate: the deal's (else its stage's) probability in the period its expected close
// date falls in; an overdue date counts in the first period, no date in none.
function priorIn(k: KnownDeal, rates: ForecastRates, span: Span, first: boolean, cutoffMs: number): number {
  const close = toMs(k.deal.expectedClose);
  if (close === null) return 0;
  const due = (close >= span.startMs && close < span.endMs) || (first && close < cutoffMs);
  if (!due) return 0;
  const own = k.deal.probability;
  const p = typeof own === 'number' && Number.isFinite(own) ? own : (rates.stages.find((s) => s.stageId === k.stageId)?.prior ?? 0);
  return Math.min(1, Math.max(0, p));
}

interface Totals {
  fromPipeline: number;
  fromNewDeals: number;
  variance: number;
  learned: number;
}

function pipelinePart(open: readonly KnownDeal[], rates: ForecastRates, curve: Curve, window: Span, first: boolean, cutoffMs: number, t: Totals): void {
  const x0 = (window.startMs - cutoffMs) / DAY_MS;
  const x1 = (window.endMs - cutoffMs) / DAY_MS;
  const factors = new Map(rates.stages.map((s) => [s.stageId, rates.winRate > 0 ? s.rate / rates.winRate : 1]));
  for (const k of open) {
    const age = Math.min(MAX_AGE_DAYS, (cutoffMs - k.createdMs) / DAY_MS);
    const learned = Math.min(1, (factors.get(k.stageId ?? '') ?? 1) * winBetween(curve, age, age + x0, age + x1));
    const p = rates.weight * learned + (1 - rates.weight) * priorIn(k, rates, window, first, cutoffMs);
    t.fromPipeline += k.value * p;
    t.learned += k.value * rates.weight * learned;
    t.variance += k.value * k.value * p * (1 - p);
  }
}

// Deals created day by day after the cut-off at the recent rate, won inside the window.
function newDealPart(rates: ForecastRates, curve: Curve, window: Span, cutoffMs: number, t: Totals): void {
  const x0 = (window.startMs - cutoffMs) / DAY_MS;
  const x1 = (window.endMs - cutoffMs) / DAY_MS;
  let wins = 0;
  for (let u = 0; u < x1; u++) {
    const born = u + 0.5;
    if (born >= x1) break;
    wins += winBetween(curve, 0, Math.max(0, x0 - born), x1 - born);
  }
  const count = rates.newDealsPerDay * wins * rates.weight;
  t.fromNewDeals += count * rates.newDealValue;
  t.learned += count * rates.newDealValue;
  t.variance += count * rates.newDealValueSquared;
}

// Monthly forecasts follow the learned quarter-end seasonality.
function seasonal(t: Totals, rates: ForecastRates, span: Span): void {
  const position = (new Date(span.startMs).getUTCMonth() % 3) + 1;
  const f = rates.quarterPositions.find((q) => q.position === position)?.factor ?? 1;
  t.fromPipeline *= f;
  t.fromNewDeals *= f;
  t.learned *= f;
  t.variance *= f * f;
}

/**
 * Expected won revenue for `options.periods` (default 3) calendar periods (UTC months or quarters),
 * starting with the one `asOf` falls in, with an 80 % interval, using only what was known at `asOf`:
 * deals created later do not exist, a deal won or lost later counts as open, and history entered
 * later is ignored.
 *
 * - It learns from the deals of the pipeline closed before `asOf`: each open stage's stage-to-won
 *   rate, smoothed towards the stage's hand-set probability with `PRIOR_DEALS` pseudo-deals, and
 *   age-aware hazards of winning and losing (piecewise constant by days since creation, open deals
 *   censored at `asOf`), so a deal far older than deals usually win at is discounted.
 * - An open deal adds value x P(wins inside the period | still open at its age), scaled by its
 *   stage's rate over the overall win rate. Deals won inside the first period before `asOf` add
 *   their value (`closedWon`); deals not yet created add the recent creation rate x mean value x
 *   P(won inside the period). With thin history (`rates.weight` = closed / (closed + 20)) this
 *   leans on the hand-set estimate: probability in the period of the deal's `expectedClose`.
 * - Monthly forecasts are multiplied by the learned quarter-end seasonality (`rates.quarterPositions`:
 *   the mean won value of past months at the same position in their quarter over all past months,
 *   shrunk towards 1 by months / (months + 1)).
 * - `low`/`high` come from the variance of a sum of independent Bernoulli deal outcomes (value² x
 *   p x (1 - p)), a compound-Poisson term for new deals, the learned rates' own uncertainty
 *   (relative sd 1/√wins) and the past months' unexplained spread (`rates.monthlyCv`, with a prior
 *   of 25 % worth 3 months; over √3 for quarters), as expected ± 1.2816 sd (normal approximation), `low` at least `closedWon`.
 *
 * Throws a RangeError naming the option for an unknown `period`, an unreadable `asOf` or a bad
 * `periods`.
 */
export function forecastRevenue(deals: readonly Deal[], pipeline: Pipeline, options: ForecastOptions): RevenueForecast {
  const period = checkPeriod(options?.period, 'options.period');
  const cutoffMs = cutoffOf(options?.asOf, 'options.asOf');
  const count = checkCount(options?.periods);
  if (typeof pipeline !== 'object' || pipeline === null || !Array.isArray(pipeline.stages)) {
    throw new TypeError('pipeline must be a pipeline with stages');
  }
  const spans: Span[] = [periodContaining(Date.parse(options.asOf), period)];
  while (spans.length < count) spans.push(nextPeriod(spans[spans.length - 1] as Span, period));
  const known = dealsAsOf(deals, pipeline, cutoffMs);
  const rates = learnRates(known, pipeline, cutoffMs);
  const open = known.filter((k) => k.status === 'open');
  const horizon = ((spans.at(-1) as Span).endMs - cutoffMs) / DAY_MS;
  const oldest = open.reduce((m, k) => Math.max(m, Math.min(MAX_AGE_DAYS, (cutoffMs - k.createdMs) / DAY_MS)), 0);
  const curve = curveOf(rates.hazard, oldest + Math.max(0, horizon) + 2);
  const periods = spans.map((span, i): PeriodForecast => {
    const closedWon = known
      .filter((k) => k.status === 'won' && k.closedMs !== null && k.closedMs >= span.startMs && k.closedMs < span.endMs)
      .reduce((sum, k) => sum + k.value, 0);
    const t: Totals = { fromPipeline: 0, fromNewDeals: 0, variance: 0, learned: 0 };
    const window = { startMs: Math.max(span.startMs, cutoffMs), endMs: span.endMs };
    if (window.endMs > window.startMs) {
      pipelinePart(open, rates, curve, window, i === 0, cutoffMs, t);
      newDealPart(rates, curve, window, cutoffMs, t);
      if (period === 'month') seasonal(t, rates, span);
    }
    const expected = closedWon + t.fromPipeline + t.fromNewDeals;
    // Month-to-month spread the deal outcomes do not explain; a quarter averages three months.
    const cv = rates.monthlyCv / (period === 'quarter' ? Math.sqrt(3) : 1);
    const sd = Math.sqrt(t.variance + (t.learned * t.learned) * (1 / Math.max(1, rates.wonDeals) + cv * cv));
    return {
      start: isoDate(span.startMs),
      end: isoDate(span.endMs),
      expected,
      low: Math.max(closedWon, expected - Z80 * sd),
      high: expected + Z80 * sd,
      closedWon,
      fromPipeline: t.fromPipeline,
      fromNewDeals: t.fromNewDeals,
    };
  });
  return { asOf: options.asOf, period, periods, openDeals: open.length, rates };
}
