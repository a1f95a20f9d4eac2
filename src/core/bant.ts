/**
 * BANT qualification (DESIGN.md section 3, bant-qualifier): Budget, Authority, Need and Timeline
 * are each answered on a level with a score 0..1; the answers give a weighted total and an
 * outcome, `sql`, `nurture` or `disqualified`, with the missing criteria named.
 */
import { isFiniteNumber, isRecord, validateObject } from './guards.js';
import type { Push } from './guards.js';
import type { ValidationResult } from './model.js';

/** The four BANT criteria, in the order they are asked. */
export const BANT_CRITERIA = ['budget', 'authority', 'need', 'timeline'] as const;
export type BantCriterion = (typeof BANT_CRITERIA)[number];

/** How the outcome is decided: every criterion met (`all`) or the weighted total against a threshold. */
export const BANT_MODELS = ['all', 'weighted'] as const;
export type BantModel = (typeof BANT_MODELS)[number];

/** Outcomes, worst first. */
export const BANT_OUTCOMES = ['disqualified', 'nurture', 'sql'] as const;
export type BantOutcome = (typeof BANT_OUTCOMES)[number];

/** One answer level of a criterion, such as `yes` (1) or `partial` (0.5). */
export interface BantLevel {
  id: string;
  /** 0..1; values outside are clamped, a non-finite score counts as 0. */
  score: number;
  /** Answering this level disqualifies the lead whatever the other answers are. */
  disqualifies?: boolean;
}

/** The answer given for one criterion. */
export interface BantAnswer {
  level: string;
  note?: string;
}

/** Answers by criterion; an absent criterion is unanswered. */
export type BantAnswers = Partial<Record<BantCriterion, BantAnswer>>;

/** How answers are judged. */
export interface BantConfig {
  /** Levels per criterion; a criterion without its own list uses `DEFAULT_BANT_LEVELS`. */
  levels?: Partial<Record<BantCriterion, BantLevel[]>>;
  /** Relative weights (default equal); only the weighted total and model use them. */
  weights?: Partial<Record<BantCriterion, number>>;
  model: BantModel;
  /** The total (0..1) a lead needs under the `weighted` model; default 0.75. */
  threshold?: number;
  /** A criterion is met when its score reaches this; default 1 for `all`, 0.5 for `weighted`. */
  passScore?: number;
}

/** The result of qualifying one lead. */
export interface BantResult {
  /** Each criterion's level score, null when unanswered. */
  scores: Record<BantCriterion, number | null>;
  /** Weighted mean of the scores, unanswered counting as 0; 0..1. */
  total: number;
  outcome: BantOutcome;
  /** Criteria unanswered or not met, in `BANT_CRITERIA` order. */
  missing: BantCriterion[];
  /** Criteria whose answered level disqualifies. */
  disqualifiedBy: BantCriterion[];
  /** Whether every criterion is answered. */
  complete: boolean;
}

const YES: BantLevel = Object.freeze({ id: 'yes', score: 1 });
const PARTIAL: BantLevel = Object.freeze({ id: 'partial', score: 0.5 });
const NO: BantLevel = Object.freeze({ id: 'no', score: 0 });
const NO_DISQUALIFIES: BantLevel = Object.freeze({ id: 'no', score: 0, disqualifies: true });

/**
 * Levels used for a criterion the config gives none for: `yes` (1), `partial` (0.5) and `no` (0).
 * A clear "no" on need or on budget disqualifies: without either there is no deal to work on,
 * whereas a missing decision maker or timeline can still be found while nurturing.
 */
export const DEFAULT_BANT_LEVELS: Readonly<Record<BantCriterion, readonly BantLevel[]>> = Object.freeze({
  budget: Object.freeze([YES, PARTIAL, NO_DISQUALIFIES]),
  authority: Object.freeze([YES, PARTIAL, NO]),
  need: Object.freeze([YES, PARTIAL, NO_DISQUALIFIES]),
  timeline: Object.freeze([YES, PARTIAL, NO]),
});

/** The total a lead needs under the `weighted` model when the config gives no valid threshold. */
export const DEFAULT_BANT_THRESHOLD = 0.75;

/** The configuration used when none is given: weighted model, threshold 0.75, default levels. */
export const DEFAULT_BANT_CONFIG: Readonly<BantConfig> = Object.freeze({ model: 'weighted', threshold: DEFAULT_BANT_THRESHOLD });

// Float sums such as 0.1 + 0.2 must not miss a threshold they reach on paper.
const EPSILON = 1e-9;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function unitOr(value: unknown, fallback: number): number {
  return isFiniteNumber(value) ? clamp01(value) : fallback;
}

/**
 * Weights by criterion after the fallbacks: a negative, non-finite or missing weight is 0, except
 * that when no weight is given at all, or all of them are 0, every criterion weighs the same.
 */
export function bantWeights(weights?: Partial<Record<BantCriterion, number>>): Record<BantCriterion, number> {
  const source: Record<string, unknown> = isRecord(weights) ? weights : {};
  const read = (c: BantCriterion): number => {
    const w = source[c];
    return isFiniteNumber(w) && w > 0 ? w : 0;
  };
  const result = { budget: read('budget'), authority: read('authority'), need: read('need'), timeline: read('timeline') };
  const sum = BANT_CRITERIA.reduce((acc, c) => acc + result[c], 0);
  // A sum that overflows cannot normalise either, so it falls back to equal weights as well.
  if (sum > 0 && Number.isFinite(sum)) return result;
  return { budget: 1, authority: 1, need: 1, timeline: 1 };
}

function levelsFor(config: Record<string, unknown>, criterion: BantCriterion): readonly BantLevel[] {
  const custom = isRecord(config.levels) ? config.levels[criterion] : undefined;
  return Array.isArray(custom) ? (custom as BantLevel[]) : DEFAULT_BANT_LEVELS[criterion];
}

function findLevel(levels: readonly BantLevel[], answer: unknown): BantLevel | undefined {
  if (!isRecord(answer) || typeof answer.level !== 'string') return undefined;
  const id = answer.level;
  return levels.find((level) => isRecord(level) && level.id === id);
}

/**
 * Qualifies a lead from its BANT answers.
 * - A criterion is unanswered when its answer is absent or names a level the criterion does not
 *   have; its score is null and it counts as 0 in the total.
 * - A criterion is met when its score is at least `passScore`.
 * - `disqualified` when any answered level disqualifies; otherwise `sql` when every criterion is
 *   met (`all`) or the total reaches the threshold (`weighted`, with 1e-9 tolerance for float
 *   sums); otherwise `nurture`.
 * - `missing` lists the criteria unanswered or not met, whatever their weight.
 * - A config that is not an object is `DEFAULT_BANT_CONFIG`; an unknown model is `weighted`;
 *   a threshold or passScore that is not a finite number takes the default, others are clamped
 *   to 0..1; see `bantWeights` for the weights.
 */
export function evaluateBant(answers: BantAnswers, config: BantConfig = DEFAULT_BANT_CONFIG): BantResult {
  const cfg: Record<string, unknown> = isRecord(config) ? config : { ...DEFAULT_BANT_CONFIG };
  const given: Record<string, unknown> = isRecord(answers) ? answers : {};
  const model: BantModel = cfg.model === 'all' ? 'all' : 'weighted';
  const threshold = unitOr(cfg.threshold, DEFAULT_BANT_THRESHOLD);
  const passScore = unitOr(cfg.passScore, model === 'all' ? 1 : 0.5);
  const weights = bantWeights(cfg.weights as BantConfig['weights']);
  const weightSum = BANT_CRITERIA.reduce((acc, c) => acc + weights[c], 0);

  const scores = { budget: null, authority: null, need: null, timeline: null } as Record<BantCriterion, number | null>;
  const missing: BantCriterion[] = [];
  const disqualifiedBy: BantCriterion[] = [];
  let weighted = 0;
  for (const criterion of BANT_CRITERIA) {
    const level = findLevel(levelsFor(cfg, criterion), given[criterion]);
    const score = level ? unitOr(level.score, 0) : null;
    scores[criterion] = score;
    if (level?.disqualifies === true) disqualifiedBy.push(criterion);
    if (score === null || score < passScore) missing.push(criterion);
    weighted += weights[criterion] * (score ?? 0);
  }
  const total = clamp01(weighted / weightSum);
  const passes = model === 'all' ? missing.length === 0 : total >= threshold - EPSILON;
  const outcome: BantOutcome = disqualifiedBy.length > 0 ? 'disqualified' : passes ? 'sql' : 'nurture';
  const complete = BANT_CRITERIA.every((c) => scores[c] !== null);
  return { scores, total, outcome, missing, disqualifiedBy, complete };
}

function checkUnit(value: unknown, path: string, push: Push): void {
  if (value !== undefined && !(isFiniteNumber(value) && value >= 0 && value <= 1)) push(path, 'must be a number from 0 to 1');
}

function checkKeys(value: Record<string, unknown>, path: string, push: Push): void {
  for (const key of Object.keys(value)) {
    if (!(BANT_CRITERIA as readonly string[]).includes(key)) push(`${path}.${key}`, `unknown criterion (expected ${BANT_CRITERIA.join(', ')})`);
  }
}

function checkLevels(levels: unknown, path: string, push: Push): void {
  if (!Array.isArray(levels) || levels.length === 0) return push(path, 'must be a non-empty list of levels');
  const ids = new Set<string>();
  levels.forEach((level: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(level)) return push(at, 'must be an object');
    if (typeof level.id !== 'string' || level.id === '') push(`${at}.id`, 'must be a non-empty string');
    else if (ids.has(level.id)) push(`${at}.id`, `duplicate level id "${level.id}"`);
    else ids.add(level.id);
    if (!(isFiniteNumber(level.score) && level.score >= 0 && level.score <= 1)) push(`${at}.score`, 'must be a number from 0 to 1');
    if (level.disqualifies !== undefined && typeof level.disqualifies !== 'boolean') push(`${at}.disqualifies`, 'must be true or false');
  });
}

function checkWeights(weights: unknown, push: Push): void {
  if (weights === undefined) return;
  if (!isRecord(weights)) return push('weights', 'must be an object');
  checkKeys(weights, 'weights', push);
  let positive = false;
  for (const c of BANT_CRITERIA) {
    const w = weights[c];
    if (w === undefined) continue;
    if (!isFiniteNumber(w) || w < 0) push(`weights.${c}`, 'must be a number of at least 0');
    else if (w > 0) positive = true;
  }
  if (!positive) push('weights', 'at least one weight must be above 0');
}

function checkLevelsByCriterion(levels: unknown, push: Push): void {
  if (levels === undefined) return;
  if (!isRecord(levels)) return push('levels', 'must be an object');
  checkKeys(levels, 'levels', push);
  for (const c of BANT_CRITERIA) {
    if (levels[c] !== undefined) checkLevels(levels[c], `levels.${c}`, push);
  }
}

/** Checks a BANT config (for example from attributes or JSON) and names every problem by path. */
export function validateBantConfig(input: unknown): ValidationResult {
  return validateObject(input, (config, push) => {
    if (!(BANT_MODELS as readonly unknown[]).includes(config.model)) push('model', `must be one of ${BANT_MODELS.join(', ')}`);
    checkUnit(config.threshold, 'threshold', push);
    checkUnit(config.passScore, 'passScore', push);
    checkWeights(config.weights, push);
    checkLevelsByCriterion(config.levels, push);
  });
}
