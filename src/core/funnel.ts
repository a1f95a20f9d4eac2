/**
 * Funnel and pipeline math (DESIGN.md section 1, "Funnel facts"): step and cumulative conversion,
 * drop-off, any-stage vs strict funnels, win rate, time in stage, sales cycle, weighted pipeline,
 * velocity, forecast by month, the reverse plan and what-if.
 *
 * Shared rules: nothing throws on bad data; a ratio with a zero denominator is `null`, never NaN or
 * Infinity; deal values that are negative or not finite count as 0; dates that do not parse are
 * skipped; durations are in days (86,400,000 ms). Deals of other pipelines are ignored wherever a
 * pipeline is given.
 */
import type { Deal, Pipeline, Stage } from './model.js';
import { mean, summarize, type Summary } from './stats.js';
import { DAY_MS, toMs } from './time.js';

/** How `funnelFromDeals` decides that a deal reached a step. */
export const FUNNEL_MODES = ['any', 'strict'] as const;
export type FunnelMode = (typeof FUNNEL_MODES)[number];

/** One stage of a funnel given as a plain count (for `funnelFromCounts`). */
export interface StageCount {
  id: string;
  count: number;
  value?: number;
}

/** One step of a computed funnel. */
export interface FunnelStep {
  id: string;
  /** Deals or leads that reached this step. */
  count: number;
  /** Sum of the values that reached this step (0 when none were given). */
  value: number;
  /** count / previous count; `null` for the first step or when the previous count is 0. */
  stepConversion: number | null;
  /** count / first count; `null` when the first count is 0 (so 1 for the first step otherwise). */
  cumulativeConversion: number | null;
  /** previous count - count; `null` for the first step; negative when a step grew. */
  dropOff: number | null;
  /** dropOff / previous count; `null` for the first step or when the previous count is 0. */
  dropOffRate: number | null;
}

/** Options of `funnelFromDeals`. */
export interface FunnelOptions {
  /** `any` (default): a deal reached every stage it ever visited; `strict`: only stages visited in order. */
  mode?: FunnelMode;
}

/** A conversion rate from one step to the next (the last step's rate converts into wins). */
export interface RateStep {
  id: string;
  rate: number;
}

/** One step of a reverse plan; `needed` is `null` once a rate upstream of it made the plan infeasible. */
export interface PlanStep {
  id: string;
  needed: number | null;
}

/** A reverse plan: how many wins, and how many at each step, a revenue target needs. */
export interface Plan {
  /** ceil(target / averageDealValue); `null` when the average deal value is not positive. */
  wins: number | null;
  steps: PlanStep[];
  /** False when any figure is `null` (a zero or invalid rate, or no usable deal value). */
  feasible: boolean;
}

/** Input of `reversePlan`. */
export interface PlanInput {
  target: number;
  averageDealValue: number;
  /** Top of the funnel first; `rate` converts each step into the next, the last into wins. */
  steps: readonly RateStep[];
}

/** Input of `whatIf`: the volume entering the first step and the rates from there on. */
export interface WhatIfInput {
  top: number;
  averageDealValue: number;
  steps: readonly RateStep[];
}

/** The one rate a what-if changes. */
export interface RateChange {
  stepId: string;
  rate: number;
}

/** Expected wins and revenue before and after a what-if change. */
export interface WhatIfResult {
  baselineWins: number;
  wins: number;
  baselineRevenue: number;
  revenue: number;
  /** revenue - baselineRevenue. */
  delta: number;
  /** delta / baselineRevenue; `null` when the baseline revenue is 0. */
  deltaRate: number | null;
}

/** Time deals spend in one open stage, in days. */
export interface StageTime {
  stageId: string;
  /** Deals with at least one measured visit to the stage. */
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** Options of `timeInStage`. */
export interface TimeInStageOptions {
  /** Reference time (ms or ISO string) for visits still open; defaults to `Date.now()`. */
  now?: number | string;
  /** Also measure the unfinished visits of open deals, up to `now`. */
  includeOpen?: boolean;
}

/** Options of `salesCycle`. */
export interface SalesCycleOptions {
  /** `closed` (default): won and lost deals; `won`: won deals only. */
  status?: 'won' | 'closed';
}

/** Open deals, value and weighted value in one open stage. */
export interface StageWeight {
  stageId: string;
  count: number;
  value: number;
  weighted: number;
}

/** Open pipeline value and its probability-weighted value, in total and per open stage. */
export interface WeightedPipeline {
  total: number;
  weighted: number;
  byStage: StageWeight[];
}

/** Sales velocity and its parts; `null` parts are undefined for the data given. */
export interface Velocity {
  openDeals: number;
  winRate: number | null;
  averageWonValue: number | null;
  averageCycleDays: number | null;
  /** openDeals x winRate x averageWonValue / averageCycleDays: expected revenue per day. */
  perDay: number | null;
}

/** Open deals expected to close in one month (`null` = no usable expected close date). */
export interface MonthForecast {
  month: string | null;
  count: number;
  value: number;
  weighted: number;
}

function list<T>(items: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(items) ? items : [];
}

function nonNegative(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0;
}

// Also `null` when a tiny denominator would overflow, so no caller ever sees Infinity.
function ratio(numerator: number, denominator: number): number | null {
  const r = denominator !== 0 ? numerator / denominator : Number.NaN;
  return Number.isFinite(r) ? r : null;
}

// The pipeline's well-formed stages; a repeated stage id keeps only its first stage.
function stagesOf(pipeline: Pipeline | null | undefined): readonly Stage[] {
  const ids = new Set<string>();
  return list(pipeline?.stages).filter((s): s is Stage => {
    if (typeof s !== 'object' || s === null || typeof s.id !== 'string' || ids.has(s.id)) return false;
    ids.add(s.id);
    return true;
  });
}

function belongsTo(deal: Deal | null | undefined, pipeline: Pipeline | null | undefined): deal is Deal {
  return typeof deal === 'object' && deal !== null && deal.pipelineId === pipeline?.id;
}

/**
 * Funnel steps from plain counts, in the order given. Negative or non-finite counts and values are
 * treated as 0. Non-monotone data (a later step larger than an earlier one) is reported as is:
 * step conversion above 1 and a negative drop-off.
 */
export function funnelFromCounts(stages: readonly StageCount[]): FunnelStep[] {
  const items = list(stages);
  const first = nonNegative(items[0]?.count);
  let previous = 0;
  return items.map((stage, i) => {
    const count = nonNegative(stage?.count);
    const head = i === 0;
    const step: FunnelStep = {
      id: String(stage?.id ?? ''),
      count,
      value: nonNegative(stage?.value),
      stepConversion: head ? null : ratio(count, previous),
      cumulativeConversion: ratio(count, first),
      dropOff: head ? null : previous - count,
      dropOffRate: head ? null : ratio(previous - count, previous),
    };
    previous = count;
    return step;
  });
}

interface StepIndex {
  /** Step ids: the open stages in order, then the first won stage. */
  ids: string[];
  /** Stage id to step index; every won stage maps to the single won step. */
  byStage: Map<string, number>;
  /** Index of the won step, -1 when the pipeline has no won stage. */
  won: number;
}

// Won stages are parallel outcomes, not a sequence, so several of them merge into one step.
function stepIndex(pipeline: Pipeline): StepIndex {
  const ids: string[] = [];
  const byStage = new Map<string, number>();
  const stages = stagesOf(pipeline);
  for (const s of stages) {
    if (s.kind !== 'open') continue;
    byStage.set(s.id, ids.length);
    ids.push(s.id);
  }
  const wonStages = stages.filter((s) => s.kind === 'won');
  const firstWon = wonStages[0];
  if (!firstWon) return { ids, byStage, won: -1 };
  const won = ids.length;
  ids.push(firstWon.id);
  for (const s of wonStages) byStage.set(s.id, won);
  return { ids, byStage, won };
}

/**
 * A pipeline's funnel from its deals: one step per open stage in pipeline order, then one won step
 * (id of the first won stage; all won stages merge into it). Lost stages are not steps.
 *
 * A deal's path is its history in array order (oldest first), then its current `stageId`, then the
 * won step when its status is `won`; unknown and lost stage ids are skipped.
 * - `any` mode: a deal counts at every step on its path. Deals that skipped stages make this
 *   non-monotone, which is reported as is (see `funnelFromCounts`).
 * - `strict` mode: a deal counts at step n only if the first visits of steps 1..n occur in that
 *   order, so counts never increase down the funnel and never exceed the `any` counts.
 * Step value = sum of the values of the deals counted there. Runs in one pass over all history
 * entries with a precomputed stage-index map.
 */
export function funnelFromDeals(
  deals: readonly Deal[],
  pipeline: Pipeline,
  options: FunnelOptions = {},
): FunnelStep[] {
  const { ids, byStage, won } = stepIndex(pipeline);
  const m = ids.length;
  const anyCounts = new Float64Array(m);
  const anyValues = new Float64Array(m);
  // Deals whose strict depth is d reached steps 0..d-1; suffix sums turn depths into step counts.
  const depthCounts = new Float64Array(m + 1);
  const depthValues = new Float64Array(m + 1);
  const seen = new Int32Array(m);
  let stamp = 0;
  let value = 0;
  let depth = 0;

  const visit = (step: number | undefined): void => {
    if (step === undefined || seen[step] === stamp) return;
    seen[step] = stamp;
    anyCounts[step] = (anyCounts[step] ?? 0) + 1;
    anyValues[step] = (anyValues[step] ?? 0) + value;
    // Only first visits are seen here, so depth reaches n exactly when steps 0..n-1 came in order.
    if (step === depth) depth++;
  };

  for (const deal of list(deals)) {
    if (!belongsTo(deal, pipeline)) continue;
    stamp++;
    value = nonNegative(deal.value);
    depth = 0;
    for (const entry of list(deal.history)) visit(byStage.get(entry?.stageId));
    visit(byStage.get(deal.stageId));
    if (deal.status === 'won' && won >= 0) visit(won);
    depthCounts[depth] = (depthCounts[depth] ?? 0) + 1;
    depthValues[depth] = (depthValues[depth] ?? 0) + value;
  }

  const strict = options.mode === 'strict';
  let reachedCount = 0;
  let reachedValue = 0;
  const counts: StageCount[] = new Array<StageCount>(m);
  for (let i = m - 1; i >= 0; i--) {
    reachedCount += depthCounts[i + 1] ?? 0;
    reachedValue += depthValues[i + 1] ?? 0;
    counts[i] = {
      id: ids[i] ?? '',
      count: strict ? reachedCount : (anyCounts[i] ?? 0),
      value: strict ? reachedValue : (anyValues[i] ?? 0),
    };
  }
  return funnelFromCounts(counts);
}

/** won / (won + lost) by deal status, open deals excluded; `null` when no deal is closed. */
export function winRate(deals: readonly Deal[]): number | null {
  let won = 0;
  let lost = 0;
  for (const deal of list(deals)) {
    if (deal?.status === 'won') won++;
    else if (deal?.status === 'lost') lost++;
  }
  return ratio(won, won + lost);
}

interface OpenStages {
  stages: readonly Stage[];
  /** Stage id to its position in `stages`. */
  index: Map<string, number>;
}

function openStagesOf(pipeline: Pipeline): OpenStages {
  const stages = stagesOf(pipeline).filter((s) => s.kind === 'open');
  return { stages, index: new Map(stages.map((s, i) => [s.id, i])) };
}

/**
 * Days deals of the pipeline spend in each open stage (pipeline order), as count, mean, median and
 * p90. A deal's repeated visits to a stage add up to one sample. Only finished visits (`leftAt`
 * set) are measured, unless `includeOpen`, which also measures the unfinished visits of open deals
 * up to `now` (a closed deal's unfinished visit has no defined end and is skipped). Visits with
 * unparseable dates or that end before they start are skipped.
 */
export function timeInStage(
  deals: readonly Deal[],
  pipeline: Pipeline,
  options: TimeInStageOptions = {},
): StageTime[] {
  const { stages: open, index } = openStagesOf(pipeline);
  const samples: number[][] = open.map(() => []);
  const totals = new Float64Array(open.length);
  const seen = new Int32Array(open.length);
  const touched: number[] = [];
  const now = options.includeOpen ? toMs(options.now ?? Date.now()) : null;
  let stamp = 0;

  for (const deal of list(deals)) {
    if (!belongsTo(deal, pipeline)) continue;
    stamp++;
    touched.length = 0;
    const openEnd = deal.status === 'open' ? now : null;
    for (const entry of list(deal.history)) {
      const i = index.get(entry?.stageId);
      if (i === undefined) continue;
      const start = toMs(entry.enteredAt);
      const end = entry.leftAt === undefined || entry.leftAt === null ? openEnd : toMs(entry.leftAt);
      if (start === null || end === null || end < start) continue;
      if (seen[i] !== stamp) {
        seen[i] = stamp;
        totals[i] = 0;
        touched.push(i);
      }
      totals[i] = (totals[i] ?? 0) + (end - start) / DAY_MS;
    }
    for (const i of touched) samples[i]?.push(totals[i] ?? 0);
  }

  return open.map((stage, i) => {
    const s = summarize(samples[i] ?? []);
    return { stageId: stage.id, count: s.count, mean: s.mean, median: s.median, p90: s.p90 };
  });
}

// First contact: the earliest history entry, else creation. Close: closedAt, else entry into the
// deal's current (closing) stage, else the last update.
function cycleDays(deal: Deal): number | null {
  let start: number | null = null;
  let closingEntry: number | null = null;
  for (const entry of list(deal.history)) {
    const entered = toMs(entry?.enteredAt);
    if (entered === null) continue;
    if (start === null || entered < start) start = entered;
    if (entry.stageId === deal.stageId) closingEntry = entered;
  }
  start ??= toMs(deal.createdAt);
  const end = toMs(deal.closedAt) ?? closingEntry ?? toMs(deal.updatedAt);
  if (start === null || end === null || end < start) return null;
  return (end - start) / DAY_MS;
}

function isClosed(deal: Deal | null | undefined, status: 'won' | 'closed'): deal is Deal {
  return deal?.status === 'won' || (status === 'closed' && deal?.status === 'lost');
}

/**
 * Sales cycle in days of closed deals (won and lost, or won only), from first contact (earliest
 * history `enteredAt`, else `createdAt`) to close (`closedAt`, else when the deal entered its
 * current stage, else `updatedAt`). Open deals, unparseable dates and negative spans are skipped.
 */
export function salesCycle(deals: readonly Deal[], options: SalesCycleOptions = {}): Summary {
  const status = options.status === 'won' ? 'won' : 'closed';
  const days: number[] = [];
  for (const deal of list(deals)) {
    if (!isClosed(deal, status)) continue;
    const d = cycleDays(deal);
    if (d !== null) days.push(d);
  }
  return summarize(days);
}

function probabilityOf(own: unknown, fallback: unknown): number {
  const p = typeof own === 'number' && Number.isFinite(own) ? own : fallback;
  return typeof p === 'number' && Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
}

// Calls `fn` for each open deal of the pipeline sitting in one of its open stages, with the index of
// that stage and the deal's probability: its own, else the stage's, else 0, clamped to 0..1.
function forEachOpenDeal(
  deals: readonly Deal[],
  pipeline: Pipeline,
  { stages, index }: OpenStages,
  fn: (deal: Deal, stage: number, value: number, probability: number) => void,
): void {
  for (const deal of list(deals)) {
    if (!belongsTo(deal, pipeline) || deal.status !== 'open') continue;
    const i = index.get(deal.stageId);
    if (i === undefined) continue;
    fn(deal, i, nonNegative(deal.value), probabilityOf(deal.probability, stages[i]?.probability));
  }
}

/**
 * Open pipeline value and weighted value (value x probability), in total and per open stage in
 * pipeline order. Only deals with status `open` sitting in an open stage of the pipeline count.
 * Probability is the deal's own, else its stage's (else 0), clamped to 0..1, so weighted <= total.
 */
export function weightedPipeline(deals: readonly Deal[], pipeline: Pipeline): WeightedPipeline {
  const open = openStagesOf(pipeline);
  const byStage: StageWeight[] = open.stages.map((s) => ({ stageId: s.id, count: 0, value: 0, weighted: 0 }));
  let total = 0;
  let weighted = 0;
  forEachOpenDeal(deals, pipeline, open, (_deal, i, value, p) => {
    const row = byStage[i];
    if (!row) return;
    row.count++;
    row.value += value;
    row.weighted += value * p;
    total += value;
    weighted += value * p;
  });
  return { total, weighted, byStage };
}

/**
 * Sales velocity: openDeals x winRate x averageWonValue / averageCycleDays, the revenue the pipeline
 * is expected to produce per day. With a pipeline, only its deals count. The win rate is as in
 * `winRate`; the average won value and cycle come from won deals (cycle as in `salesCycle`).
 * Undefined parts are `null` (no closed deals, no won deals, no measurable cycle), and `perDay` is
 * `null` when any part is, or when the average cycle is 0 days.
 */
export function velocity(deals: readonly Deal[], pipeline?: Pipeline): Velocity {
  const scoped = pipeline ? list(deals).filter((d) => belongsTo(d, pipeline)) : list(deals);
  let openDeals = 0;
  const wonValues: number[] = [];
  const wonCycles: number[] = [];
  for (const deal of scoped) {
    if (deal?.status === 'open') openDeals++;
    if (deal?.status !== 'won') continue;
    wonValues.push(nonNegative(deal.value));
    const d = cycleDays(deal);
    if (d !== null) wonCycles.push(d);
  }
  const rate = winRate(scoped);
  const averageWonValue = mean(wonValues);
  const averageCycleDays = mean(wonCycles);
  const perDay =
    rate === null || averageWonValue === null || averageCycleDays === null
      ? null
      : ratio(openDeals * rate * averageWonValue, averageCycleDays);
  return { openDeals, winRate: rate, averageWonValue, averageCycleDays, perDay };
}

// The month as written in the record ("2025-03-31T23:00:00-05:00" is March), not shifted to UTC.
function monthOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:$|-|T)/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}` : null;
}

/**
 * Open deals of the pipeline grouped by the month of `expectedClose` ('YYYY-MM'), sorted by month,
 * with unscheduled deals (no or unreadable date) last under `null`. Which deals count, and their
 * weighted value, follow `weightedPipeline`. Months without deals are not listed.
 */
export function forecastByMonth(deals: readonly Deal[], pipeline: Pipeline): MonthForecast[] {
  const byMonth = new Map<string | null, MonthForecast>();
  forEachOpenDeal(deals, pipeline, openStagesOf(pipeline), (deal, _i, value, p) => {
    const month = monthOf(deal.expectedClose);
    let row = byMonth.get(month);
    if (!row) {
      row = { month, count: 0, value: 0, weighted: 0 };
      byMonth.set(month, row);
    }
    row.count++;
    row.value += value;
    row.weighted += value * p;
  });
  // Months are unique map keys, so two rows never compare equal.
  return [...byMonth.values()].sort((a, b) => {
    if (a.month === null) return 1;
    if (b.month === null) return -1;
    return a.month < b.month ? -1 : 1;
  });
}

function validRate(rate: unknown): number | null {
  return typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : null;
}

// ceil that forgives floating-point noise: 3 / 0.3 is 10.000000000000002 and must need 10, not 11.
// Noise of one division is about 1e-16 of the value; anything above 1e-12 is a real shortfall (at
// 1e-9, a step of 10^8 leads could round 0.1 lead down, and a plan followed forward fell short).
function ceilNeeded(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-12 * nearest ? nearest : Math.ceil(x);
}

/**
 * Reverse plan: wins = ceil(target / averageDealValue), then walking back from the last step,
 * needed = ceil(next step's needed / rate) (the last step's next is wins). A missing, zero,
 * negative or non-finite rate makes the plan infeasible: that step and every step above it get
 * `null`, never Infinity. A non-positive or invalid average deal value gives `wins: null` and an
 * infeasible plan. A target that is not positive needs 0 wins, any positive target at least 1.
 * Rates above 1 (measured on non-monotone data) are used as given.
 */
export function reversePlan(input: PlanInput): Plan {
  const target = nonNegative(input?.target);
  const average = validRate(input?.averageDealValue);
  // Any positive target needs a win, even one so small that the division underflows to 0.
  const wins = average === null ? null : target > 0 ? Math.max(1, ceilNeeded(target / average)) : 0;
  const rates = list(input?.steps);
  const steps: PlanStep[] = new Array<PlanStep>(rates.length);
  let next: number | null = wins;
  for (let i = rates.length - 1; i >= 0; i--) {
    const rate = validRate(rates[i]?.rate);
    const needed: number | null = next === null || rate === null ? null : ceilNeeded(next / rate);
    next = needed !== null && Number.isFinite(needed) ? needed : null;
    steps[i] = { id: String(rates[i]?.id ?? ''), needed: next };
  }
  return { wins, steps, feasible: wins !== null && steps.every((s) => s.needed !== null) };
}

/**
 * The measured rates of a funnel for `reversePlan` and `whatIf`: each step but the last gets the
 * next step's step conversion (0 when undefined); the last step is the outcome and gets no rate.
 */
export function ratesFromFunnel(steps: readonly FunnelStep[]): RateStep[] {
  const items = list(steps);
  return items.slice(0, -1).map((step, i) => ({ id: step.id, rate: items[i + 1]?.stepConversion ?? 0 }));
}

/**
 * Reverse plan from measured funnel conversions: the last funnel step is the outcome (usually won)
 * and needs `wins`; every earlier step needs what its measured conversion implies. An empty funnel
 * gives an empty plan with just the wins.
 */
export function planFromFunnel(steps: readonly FunnelStep[], target: number, averageDealValue: number): Plan {
  const plan = reversePlan({ target, averageDealValue, steps: ratesFromFunnel(steps) });
  const outcome = list(steps).at(-1);
  if (outcome) plan.steps.push({ id: outcome.id, needed: plan.wins });
  return plan;
}

// A product of non-negative factors, capped at Number.MAX_VALUE instead of overflowing to Infinity.
function cappedProduct(first: number, factors: readonly number[]): number {
  let product = first;
  for (const f of factors) product *= f;
  return Number.isFinite(product) ? product : Number.isNaN(product) ? 0 : Number.MAX_VALUE;
}

/**
 * Expected wins and revenue for the same top-of-funnel volume when one step's rate changes, with
 * no rounding so small changes show. wins = top x product of rates; revenue = wins x average deal
 * value. Negative or invalid top, values and rates count as 0; a change to an unknown step id
 * changes nothing. deltaRate is `null` when the baseline revenue is 0.
 */
export function whatIf(input: WhatIfInput, change: RateChange): WhatIfResult {
  const top = nonNegative(input?.top);
  const average = nonNegative(input?.averageDealValue);
  const steps = list(input?.steps);
  const baselineRates = steps.map((s) => nonNegative(s?.rate));
  const changedRates = steps.map((s, i) => (s?.id === change?.stepId ? nonNegative(change.rate) : (baselineRates[i] ?? 0)));
  const baselineWins = cappedProduct(top, baselineRates);
  const wins = cappedProduct(top, changedRates);
  const baselineRevenue = cappedProduct(baselineWins, [average]);
  const revenue = cappedProduct(wins, [average]);
  const delta = revenue - baselineRevenue;
  return { baselineWins, wins, baselineRevenue, revenue, delta, deltaRate: ratio(delta, baselineRevenue) };
}
