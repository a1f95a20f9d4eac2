/**
 * What a forecast learns from the deals known at its cut-off: stage-to-won rates, time to win, an
 * age-aware hazard of winning and of losing, and the flow of new deals. Internal to the forecast
 * modules; the result is reported as `ForecastRates`.
 */
import type { Pipeline } from '../model.js';
import { mean, median } from '../stats.js';
import { DAY_MS } from '../time.js';
import type { KnownDeal } from './snapshot.js';

/** What history says about one open stage. */
export interface StageRate {
  stageId: string;
  /** Deals closed before `asOf` that had entered the stage. */
  closed: number;
  /** Of those, the won ones. */
  won: number;
  /** The stage's hand-set probability (the prior). */
  prior: number;
  /** (won + PRIOR_DEALS x prior) / (closed + PRIOR_DEALS): the smoothed stage-to-won rate. */
  rate: number;
}

/** Win and loss hazards (per day) of deals still open at an age, from `fromDay` up to `toDay`. */
export interface HazardBin {
  fromDay: number;
  /** Exclusive; `null` for the last bin, which also holds for every older age. */
  toDay: number | null;
  /** Deal-days observed open in this age range. */
  exposureDays: number;
  wins: number;
  losses: number;
  winPerDay: number;
  lossPerDay: number;
}

/** What `forecastRevenue` learned from the deals known at `asOf`. */
export interface ForecastRates {
  /** Deals closed (won or lost) before `asOf`. */
  closedDeals: number;
  wonDeals: number;
  /** Smoothed won share of the closed deals (the prior is the first open stage's probability). */
  winRate: number;
  stages: StageRate[];
  /** Days from creation to winning, over the deals won before `asOf`. */
  daysToWin: { mean: number | null; median: number | null };
  /** Piecewise-constant hazards by age (days since creation), estimated with censoring at `asOf`. */
  hazard: HazardBin[];
  /** Deals created per day over the `NEW_DEAL_DAYS` before `asOf`, and their mean value. */
  newDealsPerDay: number;
  newDealValue: number;
  /** Mean of the squared values of those deals (for the interval). */
  newDealValueSquared: number;
  /** Quarter-end seasonality of monthly wins, applied to monthly forecasts. */
  quarterPositions: QuarterPosition[];
  /**
   * Spread of past whole months' won value around their seasonal mean, as a coefficient of
   * variation: the error the deal-by-deal variance does not see, added to the interval. Blended
   * with `MONTHLY_CV_PRIOR` as if that had been seen over `PRIOR_MONTHS` months (a seasonal mean
   * fitted on few months understates the spread); the prior alone before any whole month.
   */
  monthlyCv: number;
  /** How much the learned model counts against the hand-set probabilities: closed / (closed + HISTORY_PRIOR). */
  weight: number;
}

/** Pseudo-deals at the stage's hand-set probability added to each stage's history. */
export const PRIOR_DEALS = 10;
/** Closed deals at which learned and hand-set probabilities weigh the same. */
export const HISTORY_PRIOR = 20;
/** Width of the hazard's age bins before merging, in days. */
export const BIN_DAYS = 7;
/** A bin is merged with the next until it holds this many closes or this much exposure. */
const BIN_EVENTS = 10;
const BIN_EXPOSURE_DAYS = 3650;
/** The month-to-month spread of won value assumed before history shows it (coefficient of variation). */
export const MONTHLY_CV_PRIOR = 0.25;
/** How many months of evidence the prior spread counts as. */
export const PRIOR_MONTHS = 3;
/**
 * Ages (days since creation) beyond which deals are counted as this old: 20 years. Keeps the work
 * bounded for a mistyped creation date; hazards are constant from the last bin on anyway.
 */
export const MAX_AGE_DAYS = 7300;
/** The window the flow of new deals is measured over, in days. */
export const NEW_DEAL_DAYS = 90;

function clamp01(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function hazardBins(known: readonly KnownDeal[], cutoffMs: number): HazardBin[] {
  const exposure: number[] = [];
  const wins: number[] = [];
  const losses: number[] = [];
  for (const k of known) {
    const endMs = k.closedMs ?? cutoffMs;
    const days = Math.min(MAX_AGE_DAYS, Math.max(0, (endMs - k.createdMs) / DAY_MS));
    const last = Math.floor(days / BIN_DAYS);
    for (let b = 0; b <= last; b++) {
      const span = Math.min(days, (b + 1) * BIN_DAYS) - b * BIN_DAYS;
      exposure[b] = (exposure[b] ?? 0) + Math.max(0, span);
    }
    if (k.status === 'won') wins[last] = (wins[last] ?? 0) + 1;
    if (k.status === 'lost') losses[last] = (losses[last] ?? 0) + 1;
  }
  const bins: HazardBin[] = [];
  let open: HazardBin | null = null;
  for (let b = 0; b < exposure.length; b++) {
    open ??= { fromDay: b * BIN_DAYS, toDay: null, exposureDays: 0, wins: 0, losses: 0, winPerDay: 0, lossPerDay: 0 };
    open.exposureDays += exposure[b] ?? 0;
    open.wins += wins[b] ?? 0;
    open.losses += losses[b] ?? 0;
    if (open.wins + open.losses >= BIN_EVENTS || open.exposureDays >= BIN_EXPOSURE_DAYS) {
      open.toDay = (b + 1) * BIN_DAYS;
      bins.push(open);
      open = null;
    }
  }
  // A thin last bin joins the one before it; the last bin holds for every older age.
  const tail = bins.at(-1);
  if (open && tail) {
    tail.exposureDays += open.exposureDays;
    tail.wins += open.wins;
    tail.losses += open.losses;
  } else if (open) bins.push(open);
  const last = bins.at(-1);
  if (last) last.toDay = null;
  for (const bin of bins) {
    bin.winPerDay = bin.exposureDays > 0 ? bin.wins / bin.exposureDays : 0;
    bin.lossPerDay = bin.exposureDays > 0 ? bin.losses / bin.exposureDays : 0;
  }
  return bins;
}

/** Learns the rates from the deals known at the cut-off (see `ForecastRates`). */
export function learnRates(known: readonly KnownDeal[], pipeline: Pipeline, cutoffMs: number): ForecastRates {
  const open = pipeline.stages.filter((s) => s?.kind === 'open');
  const counts = new Map(open.map((s) => [s.id, { closed: 0, won: 0 }]));
  let closedDeals = 0;
  let wonDeals = 0;
  const daysToWin: number[] = [];
  const recent: number[] = [];
  let firstCreated = cutoffMs;
  for (const k of known) {
    firstCreated = Math.min(firstCreated, k.createdMs);
    if (k.createdMs >= cutoffMs - NEW_DEAL_DAYS * DAY_MS) recent.push(k.value);
    if (k.status === 'open') continue;
    closedDeals++;
    if (k.status === 'won') {
      wonDeals++;
      if (k.closedMs !== null) daysToWin.push(Math.max(0, (k.closedMs - k.createdMs) / DAY_MS));
    }
    for (const id of k.visited) {
      const c = counts.get(id);
      if (!c) continue;
      c.closed++;
      if (k.status === 'won') c.won++;
    }
  }
  const stages = open.map((s) => {
    const c = counts.get(s.id) ?? { closed: 0, won: 0 };
    const prior = clamp01(s.probability);
    return { stageId: s.id, ...c, prior, rate: (c.won + PRIOR_DEALS * prior) / (c.closed + PRIOR_DEALS) };
  });
  const basePrior = stages[0]?.prior ?? 0;
  const seasons = quarterPositions(known, cutoffMs);
  const flowDays = Math.min(NEW_DEAL_DAYS, Math.max(1, (cutoffMs - firstCreated) / DAY_MS));
  return {
    closedDeals,
    wonDeals,
    winRate: (wonDeals + PRIOR_DEALS * basePrior) / (closedDeals + PRIOR_DEALS),
    stages,
    daysToWin: { mean: mean(daysToWin), median: median(daysToWin) },
    hazard: hazardBins(known, cutoffMs),
    newDealsPerDay: recent.length / flowDays,
    newDealValue: mean(recent) ?? 0,
    newDealValueSquared: mean(recent.map((v) => v * v)) ?? 0,
    quarterPositions: seasons.positions,
    monthlyCv: seasons.monthlyCv,
    weight: closedDeals / (closedDeals + HISTORY_PRIOR),
  };
}

/** Survival and cumulative win incidence by whole days of age, from the hazard bins. */
export interface Curve {
  /** survival[t]: share of deals still open at age t days. */
  survival: Float64Array;
  /** won[t]: share of deals won before age t days. */
  won: Float64Array;
}

/** The curve up to `days` of age (the last bin's hazards hold beyond it). */
export function curveOf(hazard: readonly HazardBin[], days: number): Curve {
  const n = Math.max(1, Math.ceil(days)) + 1;
  const survival = new Float64Array(n);
  const won = new Float64Array(n);
  survival[0] = 1;
  let b = 0;
  for (let t = 0; t < n - 1; t++) {
    while (hazard[b + 1] !== undefined && (hazard[b]?.toDay ?? Infinity) <= t) b++;
    const bin = hazard[b];
    const total = (bin?.winPerDay ?? 0) + (bin?.lossPerDay ?? 0);
    const s = survival[t] ?? 0;
    const closing = s * (1 - Math.exp(-total));
    survival[t + 1] = s - closing;
    won[t + 1] = (won[t] ?? 0) + (total > 0 ? (closing * (bin?.winPerDay ?? 0)) / total : 0);
  }
  return { survival, won };
}

/** How much more (or less) is won in months at one position in their quarter than in the average month. */
export interface QuarterPosition {
  /** 1, 2 or 3: first, second or last month of a quarter. */
  position: number;
  /** Whole months before `asOf` (since the first close) at this position. */
  months: number;
  /** Their mean won value over the mean of all those months. */
  ratio: number | null;
  /** The multiplier used: 1 + (ratio - 1) x months / (months + 1), so one month moves it only halfway. */
  factor: number;
}

/**
 * Quarter-end seasonality of monthly wins, from the whole months between the first close and the
 * cut-off (see `QuarterPosition`). Many teams win more in a quarter's last month.
 */
export function quarterPositions(known: readonly KnownDeal[], cutoffMs: number): { positions: QuarterPosition[]; monthlyCv: number } {
  const won = new Map<number, number>();
  let first = Infinity;
  for (const k of known) {
    if (k.closedMs === null) continue;
    first = Math.min(first, k.closedMs);
    if (k.status !== 'won') continue;
    const d = new Date(k.closedMs);
    const key = d.getUTCFullYear() * 12 + d.getUTCMonth();
    won.set(key, (won.get(key) ?? 0) + k.value);
  }
  const months: { position: number; value: number }[] = [];
  if (Number.isFinite(first)) {
    const start = new Date(first);
    // Whole months only: a month counts once it has ended before the cut-off.
    for (let key = start.getUTCFullYear() * 12 + start.getUTCMonth(); Date.UTC(Math.floor(key / 12), (key % 12) + 1, 1) <= cutoffMs; key++) {
      months.push({ position: ((key % 12) % 3) + 1, value: won.get(key) ?? 0 });
    }
  }
  const overall = months.length > 0 ? months.reduce((s, m) => s + m.value, 0) / months.length : 0;
  const positions = [1, 2, 3].map((position) => {
    const at = months.filter((m) => m.position === position);
    const ratio = at.length > 0 && overall > 0 ? at.reduce((s, m) => s + m.value, 0) / at.length / overall : null;
    return { position, months: at.length, ratio, factor: ratio === null ? 1 : 1 + ((ratio - 1) * at.length) / (at.length + 1) };
  });
  // What seasonality leaves unexplained: the spread of each month around overall mean x its factor.
  const residuals = months.map((m) => m.value / (overall * (positions[m.position - 1]?.factor ?? 1)) - 1);
  const squares = overall > 0 ? residuals.reduce((s, r) => s + r * r, 0) : 0;
  const seen = overall > 0 ? residuals.length : 0;
  const monthlyCv = Math.sqrt((squares + PRIOR_MONTHS * MONTHLY_CV_PRIOR ** 2) / (seen + PRIOR_MONTHS));
  return { positions, monthlyCv };
}
