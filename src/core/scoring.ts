/**
 * Lead scoring (DESIGN.md section 1, "score"): fit rules test lead fields against the ideal customer
 * profile, engagement rules count events (visits, opens, replies) with optional decay, and the two
 * add up to a score with an MQL flag, an A-C x 1-3 grade and an explanation of every rule.
 *
 * How the parts combine:
 * - fit starts at 0 and the fit rules that match change it in rule order (`+ - x /`), so a
 *   multiplier scales the fit gathered by the rules before it;
 * - engagement is the sum of the engagement rules' (decayed) points;
 * - score = fit + engagement. All three are rounded to 2 decimals at the end only; the grade and
 *   the MQL flag use the rounded values, so they agree with what a user sees.
 */
import { isFiniteNumber, isRecord, validateObject } from './guards.js';
import type { Push } from './guards.js';
import type { Lead, ValidationResult } from './model.js';
import { compileConditions, validateConditions } from './predicate.js';
import type { CompiledCondition, Condition } from './predicate.js';
import { DAY_MS, toMs } from './time.js';

/** How a fit rule changes the running fit score: add, subtract, multiply (`x`), divide. */
export const ADJUST_OPS = ['+', '-', 'x', '/'] as const;
export type AdjustOp = (typeof ADJUST_OPS)[number];

/** Fit grade letters, best first. */
export const FIT_GRADES = ['A', 'B', 'C'] as const;
export type FitGrade = (typeof FIT_GRADES)[number];

/** Engagement grade digits, best first. */
export const ENGAGEMENT_GRADES = ['1', '2', '3'] as const;
export type EngagementGrade = (typeof ENGAGEMENT_GRADES)[number];

/** A combined grade such as `A1` (best fit, most engaged) or `C3`. */
export type Grade = `${FitGrade}${EngagementGrade}`;

/**
 * Why a rule had no effect although it is in the model: dividing by 0, multiplying or dividing by a
 * negative factor (it would flip the sign of the fit) or points that are not a finite number.
 */
export const SCORE_IGNORE_REASONS = ['divide-by-zero', 'negative-factor', 'invalid-points'] as const;
export type ScoreIgnoreReason = (typeof SCORE_IGNORE_REASONS)[number];

/** A fit rule: when every condition holds on the lead, `points` are applied with `op` (default `+`). */
export interface FitRule {
  id: string;
  label?: string;
  when: Condition[];
  points: number;
  op?: AdjustOp;
}

/** What an engagement rule measures: how many events (`count`) or the sum of their `value` (`value`). */
export const ENGAGEMENT_MEASURES = ['count', 'value'] as const;
export type EngagementMeasure = (typeof ENGAGEMENT_MEASURES)[number];

/** Points for an amount in `min <= amount < max` (either side open when absent). */
export interface EngagementBand {
  min?: number;
  max?: number;
  points: number;
}

/**
 * An engagement rule: events of type `event` are worth `points` each (once unless `repeatable`).
 *
 * An amount rule (one that sets `measure`, `per` or `bands`) weighs how much happened instead: its
 * amount is the number of events (`measure: 'count'`, the default) or the sum of their `value`
 * (`measure: 'value'`, such as seconds on site), each event decayed like any other, over every event
 * in the active window (the most recent `maxCount` when set). The rule then gives `points` per `per`
 * units of the amount (`per` defaults to 1), or, with `bands`, the points of the first band the
 * amount falls in (a lead without events has amount 0); `cap` limits the result either way.
 */
export interface EngagementRule {
  id: string;
  label?: string;
  /** Matched exactly (case-sensitive) against `EngagementEvent.type`. */
  event: string;
  points: number;
  /** Count every event (default false: the rule counts once, for the most recent event). */
  repeatable?: boolean;
  /** Count at most this many events, the most recent ones (repeatable rules only). */
  maxCount?: number;
  /** ISO time; earlier events are ignored. */
  activeFrom?: string;
  /** ISO time; later events are ignored. A date-only value (`2024-03-31`) includes that whole UTC day. */
  activeTo?: string;
  /** Overrides the model's half-life for this rule. */
  halfLifeDays?: number;
  /** Amount rules: count events (default) or sum their `value`. */
  measure?: EngagementMeasure;
  /** Amount rules: `points` are given per this many units of the amount (default 1). */
  per?: number;
  /** Amount rules: the rule gives at most this many points (or this many below 0). */
  cap?: number;
  /** Amount rules: points by band of the amount; `points` is then not used (write 0). */
  bands?: EngagementBand[];
}

/** Something a lead did, such as `email-open` or `page-view`. */
export interface EngagementEvent {
  type: string;
  /** ISO time (or ms since the epoch). */
  at: string | number;
  leadId?: string;
  /** How much: seconds on site, pages viewed. Weighed by rules with `measure: 'value'`; absent counts as 0. */
  value?: number;
}

/** Grade thresholds: fit >= fit[0] is A, >= fit[1] is B, else C; engagement likewise for 1, 2, 3. */
export interface GradeBands {
  fit: [number, number];
  engagement: [number, number];
}

/** A complete scoring model, plain JSON so it can be stored and edited. */
export interface ScoringModel {
  fit: FitRule[];
  engagement: EngagementRule[];
  /** A lead whose score reaches this is marketing-qualified. */
  mqlThreshold: number;
  gradeBands?: GradeBands;
  /** Default half-life of engagement points in days; no decay when absent. */
  halfLifeDays?: number;
}

/** What one rule contributed to a lead's score. */
export interface ScoreExplanation {
  ruleId: string;
  label?: string;
  kind: 'fit' | 'engagement';
  op: AdjustOp;
  /** The rule's effect on the score (0 when it did not match or was ignored), rounded to 2 decimals. */
  points: number;
  /** Whether the rule's conditions held (fit) or at least one event counted (engagement). */
  matched: boolean;
  /** Engagement rules: how many events counted. */
  count?: number;
  /** Set when the rule can never have an effect; see `SCORE_IGNORE_REASONS`. */
  ignored?: ScoreIgnoreReason;
}

/** The score of one lead. */
export interface ScoreResult {
  score: number;
  fit: number;
  engagement: number;
  grade: Grade;
  mql: boolean;
  /** Every rule of the model, fit rules first, in model order. Empty when `explain: false`. */
  explanation: ScoreExplanation[];
}

/** A lead as far as scoring cares: any record, read through the rules' field paths. */
export type ScorableLead = Partial<Lead>;

/** Options for compiled and bulk scoring. */
export interface ScoreOptions {
  /** Build the explanation (default true for `compileScoringModel`, false for `scoreLeads`). */
  explain?: boolean;
}

/** A scorer produced by `compileScoringModel`. */
export type LeadScorer = (lead: ScorableLead, events?: readonly EngagementEvent[], now?: number | string) => ScoreResult;

/** Grade bands used when a model has none (or invalid ones). */
export const DEFAULT_GRADE_BANDS: Readonly<GradeBands> = Object.freeze<GradeBands>({ fit: [50, 25], engagement: [50, 25] });

/** MQL threshold used when a model's is missing or not a finite number. */
export const DEFAULT_MQL_THRESHOLD = 50;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function positiveOrUndefined(value: unknown): number | undefined {
  return isFiniteNumber(value) && value > 0 ? value : undefined;
}

// Rounds half away from zero; the relative nudge makes 1.005 round to 1.01 as people expect.
function round2(value: number): number {
  if (Number.isNaN(value)) return 0;
  const clamped = Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, value));
  const abs = Math.abs(clamped);
  const rounded = Math.round(abs * (1 + Number.EPSILON) * 100) / 100;
  if (!Number.isFinite(rounded)) return clamped;
  return clamped < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * The share of an event's points left after `ageDays`: 0.5^(ageDays / halfLifeDays).
 * No decay (1) when the half-life is absent, not positive or not finite, and when the age is
 * negative (a future event), zero or NaN. Never above 1; non-increasing in age.
 */
export function decayFactor(ageDays: number, halfLifeDays?: number): number {
  const halfLife = positiveOrUndefined(halfLifeDays);
  if (halfLife === undefined || !(ageDays > 0)) return 1;
  return 0.5 ** (ageDays / halfLife);
}

function bandPair(value: unknown, fallback: readonly [number, number]): [number, number] {
  return Array.isArray(value) && value.length === 2 && isFiniteNumber(value[0]) && isFiniteNumber(value[1])
    ? [value[0], value[1]]
    : [fallback[0], fallback[1]];
}

function resolveBands(bands: unknown): GradeBands {
  const source = isRecord(bands) ? bands : {};
  return {
    fit: bandPair(source.fit, DEFAULT_GRADE_BANDS.fit),
    engagement: bandPair(source.engagement, DEFAULT_GRADE_BANDS.engagement),
  };
}

// Every grade, row = fit letter, column = engagement digit; a lookup builds no string per lead.
const GRADE_TABLE = FIT_GRADES.map((letter) => ENGAGEMENT_GRADES.map((digit): Grade => `${letter}${digit}`));

function bandIndex(value: number, [first, second]: [number, number]): number {
  return value >= first ? 0 : value >= second ? 1 : 2;
}

function gradeWith(fit: number, engagement: number, bands: GradeBands): Grade {
  return (GRADE_TABLE[bandIndex(fit, bands.fit)] as Grade[])[bandIndex(engagement, bands.engagement)] as Grade;
}

/**
 * The grade for a fit and an engagement value. Bands that are missing or not two finite numbers
 * fall back to `DEFAULT_GRADE_BANDS`; a NaN value gets the worst grade (C or 3).
 */
export function gradeOf(fit: number, engagement: number, bands?: Partial<GradeBands>): Grade {
  return gradeWith(fit, engagement, resolveBands(bands));
}

interface CompiledFitRule {
  id: string;
  label: string | undefined;
  /** The rule's `when`, compiled; never matches when `when` is not a list. */
  when: CompiledCondition;
  op: AdjustOp;
  points: number;
  ignored: ScoreIgnoreReason | undefined;
}

interface CompiledEngagementRule {
  id: string;
  label: string | undefined;
  /** undefined when the rule names no event type: such a rule never counts anything. */
  event: string | undefined;
  points: number;
  ignored: ScoreIgnoreReason | undefined;
  repeatable: boolean;
  maxCount: number;
  from: number;
  /** Exclusive when the rule gave a date-only `activeTo`, inclusive otherwise. */
  to: number;
  toExclusive: boolean;
  halfLifeDays: number | undefined;
  /** Whether the rule needs event times (an active window or decay). */
  needsTime: boolean;
  /** Amount rules only; see `EngagementRule`. */
  amount: { measure: EngagementMeasure; per: number; cap: number; bands: EngagementBand[] | undefined } | undefined;
}

function ruleId(rule: Record<string, unknown>, fallback: string): string {
  return typeof rule.id === 'string' && rule.id !== '' ? rule.id : fallback;
}

function ruleLabel(rule: Record<string, unknown>): string | undefined {
  return typeof rule.label === 'string' ? rule.label : undefined;
}

function fitIgnoreReason(op: AdjustOp, points: unknown): ScoreIgnoreReason | undefined {
  if (!isFiniteNumber(points)) return 'invalid-points';
  if (op === '/' && points === 0) return 'divide-by-zero';
  if ((op === 'x' || op === '/') && points < 0) return 'negative-factor';
  return undefined;
}

function compileFitRule(input: unknown, index: number): CompiledFitRule {
  const rule = isRecord(input) ? input : {};
  const op: AdjustOp = (ADJUST_OPS as readonly unknown[]).includes(rule.op) ? (rule.op as AdjustOp) : '+';
  const ignored = fitIgnoreReason(op, rule.points);
  return {
    id: ruleId(rule, `fit[${index}]`),
    label: ruleLabel(rule),
    when: compileConditions(rule.when as Condition[]),
    op,
    points: ignored ? 0 : (rule.points as number),
    ignored,
  };
}

function compileEngagementRule(input: unknown, index: number, modelHalfLife: number | undefined): CompiledEngagementRule {
  const rule = isRecord(input) ? input : {};
  const ignored = isFiniteNumber(rule.points) ? undefined : 'invalid-points';
  const from = toMs(rule.activeFrom);
  const toExclusive = typeof rule.activeTo === 'string' && DATE_ONLY.test(rule.activeTo);
  const toRaw = toMs(rule.activeTo);
  const to = toRaw !== null && toExclusive ? toRaw + DAY_MS : toRaw;
  const halfLifeDays = positiveOrUndefined(rule.halfLifeDays) ?? modelHalfLife;
  const amount = compileAmount(rule);
  const repeatable = rule.repeatable === true || amount !== undefined;
  const cap = positiveOrUndefined(rule.maxCount);
  const maxCount = repeatable ? (cap === undefined ? Infinity : Math.max(1, Math.floor(cap))) : 1;
  return {
    id: ruleId(rule, `engagement[${index}]`),
    label: ruleLabel(rule),
    event: typeof rule.event === 'string' ? rule.event : undefined,
    points: ignored ? 0 : (rule.points as number),
    ignored,
    repeatable,
    maxCount,
    from: from ?? -Infinity,
    to: to ?? Infinity,
    toExclusive,
    halfLifeDays,
    needsTime: from !== null || to !== null || halfLifeDays !== undefined,
    amount,
  };
}

function readBand(input: unknown): EngagementBand | undefined {
  if (!isRecord(input) || !isFiniteNumber(input.points)) return undefined;
  const band: EngagementBand = { points: input.points };
  if (isFiniteNumber(input.min)) band.min = input.min;
  if (isFiniteNumber(input.max)) band.max = input.max;
  return band;
}

// Unreadable bands are skipped; `per` and `cap` that are not positive numbers are absent.
function compileAmount(rule: Record<string, unknown>): CompiledEngagementRule['amount'] {
  if (rule.measure === undefined && rule.per === undefined && rule.bands === undefined) return undefined;
  const bands = Array.isArray(rule.bands) ? rule.bands.map(readBand).filter((b) => b !== undefined) : undefined;
  return {
    measure: rule.measure === 'value' ? 'value' : 'count',
    per: positiveOrUndefined(rule.per) ?? 1,
    cap: positiveOrUndefined(rule.cap) ?? Infinity,
    bands,
  };
}

function inBand(band: EngagementBand, amount: number): boolean {
  return (band.min === undefined || amount >= band.min) && (band.max === undefined || amount < band.max);
}

// What an amount rule gives for its amount; `matched` is false when no band holds it.
function amountPoints(rule: CompiledEngagementRule, amount: number): { points: number; matched: boolean } {
  const spec = rule.amount;
  if (spec === undefined) return { points: rule.points * amount, matched: amount > 0 };
  let points: number;
  let matched = amount > 0;
  if (spec.bands !== undefined) {
    const band = spec.bands.find((b) => inBand(b, amount));
    points = band?.points ?? 0;
    matched = band !== undefined;
  } else {
    points = (rule.points * amount) / spec.per;
  }
  return { points: Math.max(-spec.cap, Math.min(spec.cap, points)), matched };
}

function applyOp(running: number, op: AdjustOp, points: number): number {
  if (op === '+') return running + points;
  if (op === '-') return running - points;
  if (op === 'x') return running * points;
  return running / points;
}

function explanationEntry(
  rule: { id: string; label: string | undefined; ignored: ScoreIgnoreReason | undefined },
  kind: 'fit' | 'engagement',
  op: AdjustOp,
  points: number,
  matched: boolean,
): ScoreExplanation {
  const entry: ScoreExplanation = { ruleId: rule.id, kind, op, points: round2(points), matched };
  if (rule.label !== undefined) entry.label = rule.label;
  if (rule.ignored !== undefined) entry.ignored = rule.ignored;
  return entry;
}

/**
 * Per-(lead, rule) tallies in flat arrays, slot = leadSlot * ruleCount + ruleIndex, so bulk
 * scoring tallies every event in one pass without an array per lead.
 */
interface Tallies {
  /** Events counted. */
  count: Float64Array;
  /** Sum of the counted events' decay factors (the count itself when nothing decays). */
  weight: Float64Array;
  /** Sum of the counted events' values times their decay factors (amount rules measuring `value`). */
  value: Float64Array;
  /** [decay factor, value] of capped, decaying rules' events, whose most recent `maxCount` win at the end. */
  capped: Map<number, [number, number][]>;
}

function newTallies(slots: number): Tallies {
  return { count: new Float64Array(slots), weight: new Float64Array(slots), value: new Float64Array(slots), capped: new Map() };
}

function resetTallies(tallies: Tallies): void {
  tallies.count.fill(0);
  tallies.weight.fill(0);
  tallies.value.fill(0);
  tallies.capped.clear();
}

function addToTally(rule: CompiledEngagementRule, tallies: Tallies, slot: number, factor: number, value: number): void {
  const { count, weight } = tallies;
  if (!rule.repeatable) {
    // A once-only rule keeps its most recent event, which has the largest decay factor.
    count[slot] = 1;
    weight[slot] = Math.max(weight[slot] as number, factor);
  } else if (rule.maxCount === Infinity || rule.halfLifeDays === undefined) {
    if ((count[slot] as number) < rule.maxCount) {
      count[slot] = (count[slot] as number) + 1;
      weight[slot] = (weight[slot] as number) + factor;
      tallies.value[slot] = (tallies.value[slot] as number) + factor * value;
    }
  } else {
    const factors = tallies.capped.get(slot);
    if (factors) factors.push([factor, value]);
    else tallies.capped.set(slot, [[factor, value]]);
  }
}

// The most recent `maxCount` events are those with the largest decay factors.
function settleCapped(tallies: Tallies, rules: readonly CompiledEngagementRule[]): void {
  for (const [slot, factors] of tallies.capped) {
    const rule = rules[slot % rules.length] as CompiledEngagementRule;
    const kept = factors.sort((x, y) => y[0] - x[0]).slice(0, rule.maxCount);
    tallies.count[slot] = kept.length;
    tallies.weight[slot] = kept.reduce((sum, [f]) => sum + f, 0);
    tallies.value[slot] = kept.reduce((sum, [f, v]) => sum + f * v, 0);
  }
}

function inWindow(rule: CompiledEngagementRule, at: number): boolean {
  return at >= rule.from && (rule.toExclusive ? at < rule.to : at <= rule.to);
}

// An unreadable `now` is NaN, which makes every age NaN and so disables decay.
function nowMs(now: number | string | undefined): number {
  return now === undefined ? Date.now() : (toMs(now) ?? Number.NaN);
}

/** A model read and checked once; the engine behind `compileScoringModel` and `scoreLeads`. */
interface CompiledModel {
  fit: CompiledFitRule[];
  engagement: CompiledEngagementRule[];
  /** Engagement rule indexes by event type, so each event costs one map lookup. */
  rulesByEvent: Map<unknown, number[]>;
  threshold: number;
  bands: GradeBands;
}

function compileModel(model: unknown): CompiledModel {
  const source = isRecord(model) ? model : {};
  const modelHalfLife = positiveOrUndefined(source.halfLifeDays);
  const engagement = (Array.isArray(source.engagement) ? source.engagement : []).map((rule: unknown, i) =>
    compileEngagementRule(rule, i, modelHalfLife),
  );
  const rulesByEvent = new Map<unknown, number[]>();
  engagement.forEach((rule, i) => {
    if (rule.event === undefined) return;
    const list = rulesByEvent.get(rule.event);
    if (list) list.push(i);
    else rulesByEvent.set(rule.event, [i]);
  });
  return {
    fit: (Array.isArray(source.fit) ? source.fit : []).map(compileFitRule),
    engagement,
    rulesByEvent,
    threshold: isFiniteNumber(source.mqlThreshold) ? source.mqlThreshold : DEFAULT_MQL_THRESHOLD,
    bands: resolveBands(source.gradeBands),
  };
}

function tallyEvent(model: CompiledModel, tallies: Tallies, base: number, event: Record<string, unknown>, now: number): void {
  const indexes = model.rulesByEvent.get(event.type);
  if (indexes === undefined) return;
  // Read once, when the first rule needs it; null when unreadable.
  let at: number | null | undefined;
  for (const index of indexes) {
    const rule = model.engagement[index] as CompiledEngagementRule;
    let factor = 1;
    if (rule.needsTime) {
      if (at === undefined) at = toMs(event.at);
      if (at === null || !inWindow(rule, at)) continue;
      factor = decayFactor((now - at) / DAY_MS, rule.halfLifeDays);
    }
    const value = rule.amount?.measure === 'value' && isFiniteNumber(event.value) ? event.value : 0;
    addToTally(rule, tallies, base + index, factor, value);
  }
}

function scoreFit(model: CompiledModel, lead: ScorableLead, explanation: ScoreExplanation[] | null): number {
  let running = 0;
  for (const rule of model.fit) {
    const matched = rule.when(lead);
    const before = running;
    if (matched && rule.ignored === undefined) running = applyOp(running, rule.op, rule.points);
    explanation?.push(explanationEntry(rule, 'fit', rule.op, running - before, matched));
  }
  return running;
}

function scoreEngagement(model: CompiledModel, tallies: Tallies, base: number, explanation: ScoreExplanation[] | null): number {
  let total = 0;
  for (let index = 0; index < model.engagement.length; index++) {
    const rule = model.engagement[index] as CompiledEngagementRule;
    const count = tallies.count[base + index] as number;
    const amount = rule.amount?.measure === 'value' ? (tallies.value[base + index] as number) : (tallies.weight[base + index] as number);
    const { points, matched } = amountPoints(rule, amount);
    total += points;
    if (explanation) {
      const entry = explanationEntry(rule, 'engagement', '+', points, rule.amount === undefined ? count > 0 : matched);
      entry.count = count;
      explanation.push(entry);
    }
  }
  return total;
}

function scoreOne(model: CompiledModel, lead: ScorableLead, tallies: Tallies, base: number, explain: boolean): ScoreResult {
  const explanation: ScoreExplanation[] = [];
  const fitRaw = scoreFit(model, lead, explain ? explanation : null);
  const engagementRaw = scoreEngagement(model, tallies, base, explain ? explanation : null);
  const fit = round2(fitRaw);
  const engagement = round2(engagementRaw);
  const score = round2(fitRaw + engagementRaw);
  return { score, fit, engagement, grade: gradeWith(fit, engagement, model.bands), mql: score >= model.threshold, explanation };
}

/**
 * Prepares a model once for scoring many leads: rule options are read and checked once and
 * engagement rules are indexed by event type, so each event costs one map lookup.
 *
 * Rules for bad data (nothing throws):
 * - a model that is not an object, or a missing `fit`/`engagement` list, counts as no rules;
 * - a fit rule whose `when` is not a list never matches; an empty `when` always matches; a
 *   condition that is not an object or has no string `field` never matches (see `compileCondition`);
 * - an unknown `op` is `+`; `/ 0`, `x`/`/` by a negative factor and non-finite points are
 *   ignored (no effect) and marked with `ignored` in the explanation;
 * - a missing or non-finite `mqlThreshold` is `DEFAULT_MQL_THRESHOLD`;
 * - a half-life or `maxCount` that is not a positive number is treated as absent (no decay,
 *   no cap); an unreadable `activeFrom`/`activeTo` leaves that side of the window open;
 * - an event whose `leadId` is set and differs from the lead's `id` is ignored;
 * - an event whose time cannot be read is ignored by rules that need it (active window or decay);
 * - a future event does not decay; an unreadable `now` disables decay;
 * - a sum beyond the largest finite number is clamped to it, so no result is NaN or Infinity.
 */
export function compileScoringModel(model: ScoringModel, options: ScoreOptions = {}): LeadScorer {
  const compiled = compileModel(model);
  const explain = options.explain !== false;
  const tallies = newTallies(compiled.engagement.length);
  return (lead, events = [], now) => {
    const subject: ScorableLead = isRecord(lead) ? lead : {};
    resetTallies(tallies);
    const at = nowMs(now);
    for (const event of Array.isArray(events) ? (events as unknown[]) : []) {
      if (!isRecord(event)) continue;
      if (event.leadId !== undefined && subject.id !== undefined && event.leadId !== subject.id) continue;
      tallyEvent(compiled, tallies, 0, event, at);
    }
    settleCapped(tallies, compiled.engagement);
    return scoreOne(compiled, subject, tallies, 0, explain);
  };
}

/**
 * Scores one lead against a model at time `now` (ms or ISO; default the current time).
 * `events` are this lead's events; see `compileScoringModel` for the rules on bad data.
 * To score many leads, compile the model once or use `scoreLeads`.
 */
export function scoreLead(
  lead: ScorableLead,
  events: readonly EngagementEvent[],
  model: ScoringModel,
  now?: number | string,
): ScoreResult {
  return compileScoringModel(model)(lead, events, now);
}

/**
 * Scores many leads, returning results in the order of `leads`. All events are tallied in one
 * pass, each credited to the lead whose `id` equals its `leadId`; events without a known
 * `leadId` are ignored, and leads sharing an id share its events.
 * Unlike `scoreLead`, explanations are off by default (a list shows scores and grades; one
 * lead's detail view explains): pass `{ explain: true }` to get them.
 */
export function scoreLeads(
  leads: readonly ScorableLead[],
  events: readonly EngagementEvent[],
  model: ScoringModel,
  now?: number | string,
  options: ScoreOptions = {},
): ScoreResult[] {
  const compiled = compileModel(model);
  const explain = options.explain === true;
  const list: unknown[] = Array.isArray(leads) ? leads : [];
  const ruleCount = compiled.engagement.length;
  const slotById = new Map<unknown, number>();
  const slots = list.map((lead, i) => {
    const id = isRecord(lead) ? lead.id : undefined;
    if (id === undefined) return i;
    const first = slotById.get(id);
    if (first !== undefined) return first;
    slotById.set(id, i);
    return i;
  });
  const tallies = newTallies(list.length * ruleCount);
  const at = nowMs(now);
  if (ruleCount > 0) {
    for (const event of Array.isArray(events) ? (events as unknown[]) : []) {
      if (!isRecord(event) || event.leadId === undefined) continue;
      const slot = slotById.get(event.leadId);
      if (slot !== undefined) tallyEvent(compiled, tallies, slot * ruleCount, event, at);
    }
    settleCapped(tallies, compiled.engagement);
  }
  return list.map((lead, i) =>
    scoreOne(compiled, isRecord(lead) ? lead : {}, tallies, (slots[i] as number) * ruleCount, explain),
  );
}

// ---------------------------------------------------------------------------------------------
// Validation

function checkRuleBasics(rule: Record<string, unknown>, path: string, ids: Set<string>, push: Push): void {
  if (typeof rule.id !== 'string' || rule.id === '') push(`${path}.id`, 'must be a non-empty string');
  else if (ids.has(rule.id)) push(`${path}.id`, `duplicate rule id "${rule.id}"`);
  else ids.add(rule.id);
  if (rule.label !== undefined && typeof rule.label !== 'string') push(`${path}.label`, 'must be a string');
  if (!isFiniteNumber(rule.points)) push(`${path}.points`, 'must be a finite number');
}

function checkFitRule(input: unknown, path: string, ids: Set<string>, push: Push): void {
  if (!isRecord(input)) return push(path, 'must be an object');
  checkRuleBasics(input, path, ids, push);
  for (const error of validateConditions(input.when, `${path}.when`)) push(error.path, error.message);
  if (input.op !== undefined && !(ADJUST_OPS as readonly unknown[]).includes(input.op)) {
    push(`${path}.op`, `must be one of ${ADJUST_OPS.join(' ')}`);
  } else if (isFiniteNumber(input.points)) {
    const reason = fitIgnoreReason((input.op as AdjustOp | undefined) ?? '+', input.points);
    if (reason === 'divide-by-zero') push(`${path}.points`, 'cannot divide by 0');
    if (reason === 'negative-factor') push(`${path}.points`, 'a factor must not be negative');
  }
}

// Only text is a time in a stored model; null when absent or unreadable.
function checkTime(value: unknown, path: string, push: Push): number | null {
  if (value === undefined) return null;
  const ms = typeof value === 'string' ? toMs(value) : null;
  if (ms === null) push(path, 'must be an ISO date or date-time');
  return ms;
}

function checkPositive(value: unknown, path: string, push: Push, integer = false): void {
  if (value === undefined) return;
  if (!isFiniteNumber(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    push(path, integer ? 'must be a positive integer' : 'must be a positive number');
  }
}

function checkEngagementRule(input: unknown, path: string, ids: Set<string>, push: Push): void {
  if (!isRecord(input)) return push(path, 'must be an object');
  checkRuleBasics(input, path, ids, push);
  if (typeof input.event !== 'string' || input.event === '') push(`${path}.event`, 'must be a non-empty string');
  if (input.repeatable !== undefined && typeof input.repeatable !== 'boolean') push(`${path}.repeatable`, 'must be true or false');
  checkPositive(input.maxCount, `${path}.maxCount`, push, true);
  checkPositive(input.halfLifeDays, `${path}.halfLifeDays`, push);
  const from = checkTime(input.activeFrom, `${path}.activeFrom`, push);
  const to = checkTime(input.activeTo, `${path}.activeTo`, push);
  if (from !== null && to !== null && from > to) push(`${path}.activeTo`, 'must not be before activeFrom');
  if (input.measure !== undefined && !(ENGAGEMENT_MEASURES as readonly unknown[]).includes(input.measure)) {
    push(`${path}.measure`, `must be one of ${ENGAGEMENT_MEASURES.join(', ')}`);
  }
  checkPositive(input.per, `${path}.per`, push);
  checkPositive(input.cap, `${path}.cap`, push);
  if (input.bands !== undefined) checkBandList(input.bands, `${path}.bands`, push);
}

function checkBandList(input: unknown, path: string, push: Push): void {
  if (!Array.isArray(input) || input.length === 0) return push(path, 'must be a non-empty list of bands');
  input.forEach((band: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(band)) return push(at, 'must be an object');
    if (!isFiniteNumber(band.points)) push(`${at}.points`, 'must be a finite number');
    for (const key of ['min', 'max'] as const) {
      if (band[key] !== undefined && !isFiniteNumber(band[key])) push(`${at}.${key}`, 'must be a finite number');
    }
    if (isFiniteNumber(band.min) && isFiniteNumber(band.max) && band.min >= band.max) push(`${at}.max`, 'must be above min');
  });
}

function checkBands(input: unknown, push: Push): void {
  if (input === undefined) return;
  if (!isRecord(input)) return push('gradeBands', 'must be an object');
  for (const key of ['fit', 'engagement'] as const) {
    const pair = input[key];
    if (!(Array.isArray(pair) && pair.length === 2 && isFiniteNumber(pair[0]) && isFiniteNumber(pair[1]))) {
      push(`gradeBands.${key}`, 'must be two finite numbers');
    } else if (pair[0] < pair[1]) {
      push(`gradeBands.${key}`, 'the first threshold must not be below the second');
    }
  }
}

/**
 * Checks a scoring model (for example one loaded from JSON) and names every problem by path,
 * such as `fit[2].when[0].op`. Rule ids must be unique across fit and engagement rules.
 */
export function validateScoringModel(input: unknown): ValidationResult {
  return validateObject(input, (model, push) => {
    const ids = new Set<string>();
    if (!Array.isArray(model.fit)) push('fit', 'must be a list of rules');
    else model.fit.forEach((rule, i) => checkFitRule(rule, `fit[${i}]`, ids, push));
    if (!Array.isArray(model.engagement)) push('engagement', 'must be a list of rules');
    else model.engagement.forEach((rule, i) => checkEngagementRule(rule, `engagement[${i}]`, ids, push));
    if (!isFiniteNumber(model.mqlThreshold)) push('mqlThreshold', 'must be a finite number');
    checkPositive(model.halfLifeDays, 'halfLifeDays', push);
    checkBands(model.gradeBands, push);
  });
}
