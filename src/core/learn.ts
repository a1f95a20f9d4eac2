/**
 * Predictive lead scoring (issue 14): learns from the team's own history which leads convert.
 * `learnScoring` finds features in the leads (their fields, `custom` and `source` fields, and
 * engagement amounts from events), fits an L2-regularised logistic regression on a seeded,
 * stratified training split, measures it on the leads it held out, and returns a model that
 * predicts a probability, explains it in plain words, and becomes rules of the existing scoring
 * model (`toScoringModel`), so `scoreLead` and the form keep working. Deterministic for a seed.
 */
import { isFiniteNumber, isRecord } from './guards.js';
import type { ScorableLead, EngagementEvent, ScoringModel } from './scoring.js';
import { percentile } from './stats.js';
import { toMs } from './time.js';
import { discoverGroups, LEARN_DEFAULT_EXCLUDE } from './learn/features.js';
import type { FeatureSettings, LearnedGroup, Observation } from './learn/features.js';
import { encoderFor, logOdds, sigmoid } from './learn/encode.js';
import { validateLearnedScoring } from './learn/json.js';
import type { LearnedMetrics, LearnedScoringJSON, LearnedThreshold } from './learn/json.js';
import { bestThreshold, calibrationBins, liftCurve, rocAuc } from './learn/metrics.js';
import { featureText, featureValue, logit, POINTS_PER_LOG_ODDS, THRESHOLD_POINTS, toRules } from './learn/rules.js';
import { fitLogistic, stratifiedSplit } from './learn/solver.js';

export { LEARN_DEFAULT_EXCLUDE, validateLearnedScoring, rocAuc, liftCurve, calibrationBins, bestThreshold, POINTS_PER_LOG_ODDS, THRESHOLD_POINTS };
export type { CategoryValue, LearnedFeature, LearnedGroup } from './learn/features.js';
export type { LearnedMetrics, LearnedScoringJSON, LearnedThreshold } from './learn/json.js';
export type { CalibrationBin, LiftCurve, LiftDecile, ThresholdChoice } from './learn/metrics.js';

/** A lead whose outcome is known, and what it did (its engagement events). */
export interface LearnExample {
  lead: ScorableLead;
  converted: boolean;
  events?: readonly EngagementEvent[];
}

/** Options of `learnScoring`. */
export interface LearnOptions {
  /** Seed of the split (default 1): the same examples and seed give the same model. */
  seed?: number;
  /** Share of the leads held out to measure the model (default 0.3), of each outcome alike. */
  holdout?: number;
  /** ISO time the history is read at: later events are not counted, now or when scoring. */
  now?: string;
  /**
   * Fields not to learn from, as dot paths (`custom.tags`, `source.utm_term`, `custom` for all
   * custom fields) or event groups (`events.demo-booked`). Exclude every field that is filled in
   * after the first contact (a sales rep's tags, a lead quality, a last activity): it predicts
   * conversion only because the outcome is already known, and a new lead does not have it.
   * `LEARN_DEFAULT_EXCLUDE` (status, score, ids, times, contact details, free text) always applies.
   */
  exclude?: readonly string[];
  /** L2 penalty on the weights (default 1); larger is more cautious. */
  l2?: number;
  /** Penalty on the step between neighbouring ranges of a number (default 10); larger gives smoother curves. */
  smooth?: number;
  /** Ranges (quantiles) per numeric field or engagement amount (default 16). */
  bins?: number;
  /** Leads a value must have to be a feature of its own (default 10); rarer values share "another value". */
  minCount?: number;
  /** Most values kept per field (default 30). */
  maxCategories?: number;
  /** Plain names by field path or event group (`events.visit.value`): `{ 'events.visit.value': 'Time on site' }`. */
  labels?: Readonly<Record<string, string>>;
  /** Units by field path or event group: `{ 'events.visit.value': 's' }`. */
  units?: Readonly<Record<string, string>>;
}

/** One reason for a lead's probability: `weight` is its effect in log-odds against a typical training lead. */
export interface ExplainedFactor {
  /** Plain words: `Source is Google`, `Time on site 0-30 s`. */
  factor: string;
  weight: number;
  /** The field path or event group: `source.utm_source`, `events.visit.value`. */
  feature: string;
  /** The lead's value or range; absent when the field is not given. */
  value?: string;
}

/** A learned scoring model. */
export interface LearnedScoring {
  /** The probability (0..1) that the lead converts. */
  predict(lead: ScorableLead, events?: readonly EngagementEvent[]): number;
  /** The top factors for (highest weight first) and then against (lowest first), at most 5 each. */
  explain(lead: ScorableLead, events?: readonly EngagementEvent[]): ExplainedFactor[];
  metrics: LearnedMetrics;
  threshold: LearnedThreshold;
  /** Indexes of the held-out examples, to compare other rules on the same leads. */
  heldOut: number[];
  /** The model as rules of the scoring model (see `THRESHOLD_POINTS`, `POINTS_PER_LOG_ODDS`). */
  toScoringModel(): ScoringModel;
  toJSON(): LearnedScoringJSON;
}

/** Bad input to `learnScoring` or `loadLearnedScoring`; `path` names the field (`examples[3].converted`). */
export class LearnInputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path} ${message}`);
    this.name = 'LearnInputError';
    this.path = path;
  }
}

const TOP_FACTORS = 5;
const DEFAULT_SMOOTH = 10;

function checkExamples(examples: unknown): asserts examples is LearnExample[] {
  if (!Array.isArray(examples)) throw new LearnInputError('examples', 'must be a list of { lead, converted } examples');
  if (examples.length === 0) throw new LearnInputError('examples', 'must not be empty');
  examples.forEach((example: unknown, i) => {
    if (!isRecord(example)) throw new LearnInputError(`examples[${i}]`, 'must be an object');
    if (!isRecord(example.lead)) throw new LearnInputError(`examples[${i}].lead`, 'must be an object');
    if (typeof example.converted !== 'boolean') throw new LearnInputError(`examples[${i}].converted`, 'must be true or false');
    if (example.events !== undefined && !Array.isArray(example.events)) throw new LearnInputError(`examples[${i}].events`, 'must be a list of events');
  });
  const converted = examples.filter((e: LearnExample) => e.converted).length;
  const other = examples.length - converted;
  if (converted < 2 || other < 2) {
    throw new LearnInputError('examples', `need at least 2 converted and 2 not converted leads (found ${converted} converted, ${other} not converted)`);
  }
}

function wholeNumber(value: unknown, path: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min) throw new LearnInputError(path, `must be a whole number of at least ${min}`);
  return value as number;
}

function stringRecord(value: unknown, path: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) throw new LearnInputError(path, 'must map names to text');
  return value as Record<string, string>;
}

function readOptions(options: LearnOptions): { seed: number; holdout: number; l2: number; smooth: number; now: string | undefined; settings: FeatureSettings } {
  if (!isRecord(options)) throw new LearnInputError('options', 'must be an object');
  const seed: number = (options as LearnOptions).seed ?? 1;
  if (!Number.isInteger(seed)) throw new LearnInputError('options.seed', 'must be a whole number');
  const holdout = options.holdout ?? 0.3;
  if (!isFiniteNumber(holdout) || holdout <= 0 || holdout >= 1) throw new LearnInputError('options.holdout', 'must be above 0 and below 1');
  const l2 = options.l2 ?? 1;
  if (!isFiniteNumber(l2) || l2 <= 0) throw new LearnInputError('options.l2', 'must be a positive number');
  const smooth = options.smooth ?? DEFAULT_SMOOTH;
  if (!isFiniteNumber(smooth) || smooth < 0) throw new LearnInputError('options.smooth', 'must be a number of at least 0');
  const now = options.now === undefined ? null : toMs(options.now);
  if (options.now !== undefined && (typeof options.now !== 'string' || now === null)) throw new LearnInputError('options.now', 'must be an ISO date-time');
  if (options.exclude !== undefined && !(Array.isArray(options.exclude) && options.exclude.every((e) => typeof e === 'string'))) {
    throw new LearnInputError('options.exclude', 'must be a list of field paths');
  }
  const settings: FeatureSettings = {
    exclude: [...LEARN_DEFAULT_EXCLUDE, ...(options.exclude ?? [])],
    bins: wholeNumber(options.bins, 'options.bins', 2, 16),
    minCount: wholeNumber(options.minCount, 'options.minCount', 1, 10),
    maxCategories: wholeNumber(options.maxCategories, 'options.maxCategories', 1, 30),
    labels: stringRecord(options.labels, 'options.labels'),
    units: stringRecord(options.units, 'options.units'),
    now,
  };
  return { seed, holdout, l2, smooth, now: options.now, settings };
}

function observe(example: LearnExample): Observation {
  return { lead: example.lead, events: example.events ?? [] };
}

// Column of each group's first feature in the design matrix.
function offsets(groups: readonly LearnedGroup[]): number[] {
  let next = 0;
  return groups.map((g) => {
    const at = next;
    next += g.features.length;
    return at;
  });
}

function measure(model: LearnedScoring, examples: readonly LearnExample[], heldOut: readonly number[], nTrain: number): LearnedMetrics {
  const p = heldOut.map((i) => model.predict(examples[i]!.lead, examples[i]!.events));
  const y = heldOut.map((i) => examples[i]!.converted);
  const baseRate = y.filter(Boolean).length / y.length;
  const brier = p.reduce((sum, v, k) => sum + (v - (y[k] ? 1 : 0)) ** 2, 0) / p.length;
  return { auc: rocAuc(p, y) ?? 0.5, lift: liftCurve(p, y), calibration: calibrationBins(p, y), n: y.length, nTrain, baseRate, brier };
}

function bandsOf(values: number[]): [number, number] {
  const round = (n: number | null): number => Math.round((n ?? 0) * 100) / 100;
  return [round(percentile(values, 2 / 3)), round(percentile(values, 1 / 3))];
}

/**
 * `learnScoring` in slices: a generator that yields between chunks of work and returns the model.
 * For running the training in pieces on a page's main thread (`learnScoring` runs it at once).
 */
export function* learnScoringSteps(examples: readonly LearnExample[], options: LearnOptions = {}): Generator<void, LearnedScoring> {
  checkExamples(examples);
  const { seed, holdout, l2, smooth, now, settings } = readOptions(options);
  const labels = examples.map((e) => e.converted);
  const split = stratifiedSplit(labels, holdout, seed);
  const observations = split.train.map((i) => observe(examples[i]!));
  const groups = discoverGroups(observations, settings);
  yield;
  const encode = encoderFor(groups, settings.now);
  const starts = offsets(groups);
  const encoded = observations.map(encode);
  const rows = encoded.map((active) => Int32Array.from(groups.flatMap((_, g) => (active[g]! >= 0 ? [starts[g]! + active[g]!] : []))));
  const y = Uint8Array.from(split.train, (i) => (labels[i] ? 1 : 0));
  yield;
  const columns = groups.reduce((sum, g) => sum + g.features.length, 0);
  // Neighbouring ranges of a number are pulled together, so many narrow ranges stay smooth.
  const pairs = groups.flatMap((g, k) =>
    g.features.flatMap((f, i) => (i > 0 && f.type === 'range' && g.features[i - 1]!.type === 'range' ? [[starts[k]! + i - 1, starts[k]! + i] as const] : [])),
  );
  const fit = yield* fitLogistic(rows, y, columns, { l2, smooth, pairs });
  groups.forEach((group, g) => {
    group.features.forEach((feature, k) => {
      feature.weight = fit.weights[starts[g]! + k]!;
    });
    group.mean = encoded.reduce((sum, active) => sum + (active[g]! >= 0 ? group.features[active[g]!]!.weight : 0), 0) / encoded.length;
  });
  const json: LearnedScoringJSON = {
    kind: 'l2c-learned-scoring', version: 1, seed, holdout, ...(now !== undefined ? { now } : {}), intercept: fit.intercept, groups,
    metrics: { auc: 0.5, lift: { top: 0, deciles: [] }, calibration: [], n: 0, nTrain: split.train.length, baseRate: 0, brier: 0 },
    threshold: { score: 0.5, precision: 0, recall: 0, share: 0, points: THRESHOLD_POINTS },
    gradeBands: { fit: [0, 0], engagement: [0, 0] },
    heldOut: split.test,
  };
  json.metrics = measure(fromJson(json), examples, split.test, split.train.length);
  const p = split.test.map((i) => fromJson(json).predict(examples[i]!.lead, examples[i]!.events));
  const best = bestThreshold(p, split.test.map((i) => labels[i]!));
  if (best) json.threshold = { ...best, score: Math.min(1 - 1e-9, Math.max(1e-9, best.score)), points: THRESHOLD_POINTS };
  // Grade bands: thirds of the training leads' fit and engagement points.
  const base = THRESHOLD_POINTS + POINTS_PER_LOG_ODDS * (fit.intercept - logit(json.threshold.score));
  const part = (active: Int16Array, events: boolean): number =>
    groups.reduce((sum, g, k) => sum + ((g.kind === 'events') === events && active[k]! >= 0 ? POINTS_PER_LOG_ODDS * g.features[active[k]!]!.weight : 0), 0);
  json.gradeBands = { fit: bandsOf(encoded.map((a) => base + part(a, false))), engagement: bandsOf(encoded.map((a) => part(a, true))) };
  return fromJson(json);
}

/**
 * Learns a scoring model from leads whose outcome is known. Holds out `holdout` of the leads
 * (stratified, seeded), trains an L2-regularised logistic regression on the rest over the leads'
 * fields, `custom` and `source` fields, and engagement (per event type: how many, and the sum of
 * their `value`), and measures it on the held-out leads. Categorical fields become their common
 * values (at least `minCount` leads), "another value" and "not given"; numeric ones quantile
 * ranges and "not given". Leaky fields must be excluded (see `LearnOptions.exclude`).
 * Throws a `LearnInputError` naming the field for bad input: no examples, one outcome only, a
 * `converted` that is not true or false, a bad option.
 */
export function learnScoring(examples: readonly LearnExample[], options: LearnOptions = {}): LearnedScoring {
  const steps = learnScoringSteps(examples, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function fromJson(json: LearnedScoringJSON): LearnedScoring {
  const now = json.now === undefined ? null : toMs(json.now);
  const encode = encoderFor(json.groups, now);
  const active = (lead: ScorableLead, events: readonly EngagementEvent[] | undefined): Int16Array =>
    encode({ lead, events: Array.isArray(events) ? events : [] });
  return {
    predict: (lead, events) => sigmoid(logOdds(json.groups, json.intercept, active(lead, events))),
    explain(lead, events) {
      const on = active(lead, events);
      const factors: ExplainedFactor[] = [];
      json.groups.forEach((group, g) => {
        const feature = group.features[on[g]!];
        if (feature === undefined) return;
        const weight = Math.round((feature.weight - group.mean) * 1000) / 1000;
        if (weight === 0) return;
        const value = featureValue(feature);
        factors.push({ factor: featureText(group, feature), weight, feature: group.key, ...(value !== undefined ? { value } : {}) });
      });
      const pros = factors.filter((f) => f.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, TOP_FACTORS);
      const cons = factors.filter((f) => f.weight < 0).sort((a, b) => a.weight - b.weight).slice(0, TOP_FACTORS);
      return [...pros, ...cons];
    },
    metrics: json.metrics,
    threshold: json.threshold,
    heldOut: json.heldOut,
    toScoringModel: () => toRules(json),
    toJSON: () => JSON.parse(JSON.stringify(json)) as LearnedScoringJSON,
  };
}

/**
 * A learned model from its saved JSON (an object or JSON text), checked first: throws a
 * `LearnInputError` naming the first bad field (`groups[2].features[0].weight must be a finite number`).
 */
export function loadLearnedScoring(json: unknown): LearnedScoring {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch {
      throw new LearnInputError('json', 'is not valid JSON');
    }
  }
  const result = validateLearnedScoring(input);
  const first = result.errors[0];
  if (first) throw new LearnInputError(first.path || 'json', first.message);
  return fromJson(JSON.parse(JSON.stringify(input)) as LearnedScoringJSON);
}
