/**
 * The saved form of a learned scoring model (plain JSON, stored like any configuration) and its
 * validation, which names every problem by path. Internal to core; `learn.ts` exports the API.
 */
import { isFiniteNumber, isRecord, validateObject } from '../guards.js';
import type { Push } from '../guards.js';
import type { ValidationResult } from '../model.js';
import type { GradeBands } from '../scoring.js';
import type { LearnedGroup } from './features.js';
import type { CalibrationBin, LiftCurve, ThresholdChoice } from './metrics.js';

/** Quality of a learned model, measured on the leads it held out. */
export interface LearnedMetrics {
  /** ROC AUC on the held-out leads (0.5 a coin toss, 1 perfect). */
  auc: number;
  lift: LiftCurve;
  calibration: CalibrationBin[];
  /** Held-out leads the figures are measured on. */
  n: number;
  /** Leads the model was trained on. */
  nTrain: number;
  /** Share of the held-out leads that converted. */
  baseRate: number;
  /** Mean squared error of the predicted probabilities on the held-out leads (lower is better). */
  brier: number;
}

/** The suggested MQL threshold: `score` is a probability, `points` the same threshold in the scoring model's points. */
export interface LearnedThreshold extends ThresholdChoice {
  points: number;
}

/** A learned scoring model as saved. */
export interface LearnedScoringJSON {
  kind: 'l2c-learned-scoring';
  version: 1;
  seed: number;
  holdout: number;
  /** Events later than this were not counted, and are not counted when scoring. */
  now?: string;
  /** Log-odds of a lead with no feature holding. */
  intercept: number;
  groups: LearnedGroup[];
  metrics: LearnedMetrics;
  threshold: LearnedThreshold;
  /** Grade bands of the scoring model: the thirds of the training leads' fit and engagement points. */
  gradeBands: GradeBands;
  /** Indexes (in the examples given to `learnScoring`) of the held-out leads. */
  heldOut: number[];
}

const PRIMITIVE = (v: unknown): boolean => typeof v === 'string' || isFiniteNumber(v) || typeof v === 'boolean';

function finite(record: Record<string, unknown>, key: string, path: string, push: Push, optional = false): void {
  if (optional && record[key] === undefined) return;
  if (!isFiniteNumber(record[key])) push(`${path}${key}`, 'must be a finite number');
}

function text(record: Record<string, unknown>, key: string, path: string, push: Push, optional = false): void {
  if (optional && record[key] === undefined) return;
  if (typeof record[key] !== 'string') push(`${path}${key}`, 'must be a string');
}

function checkFeature(input: unknown, path: string, kind: unknown, push: Push): void {
  if (!isRecord(input)) return push(path, 'must be an object');
  finite(input, 'weight', `${path}.`, push);
  const allowed = kind === 'category' ? ['value', 'other', 'missing'] : kind === 'number' ? ['range', 'missing'] : ['range'];
  if (!allowed.includes(input.type as string)) return push(`${path}.type`, `must be one of ${allowed.join(', ')}`);
  if (input.type === 'value') {
    if (!PRIMITIVE(input.value)) push(`${path}.value`, 'must be text, a number or true/false');
    text(input, 'text', `${path}.`, push);
  } else if (input.type === 'other') {
    if (!Array.isArray(input.values) || !input.values.every(PRIMITIVE)) push(`${path}.values`, 'must be a list of values');
  } else if (input.type === 'range') {
    finite(input, 'min', `${path}.`, push, true);
    finite(input, 'max', `${path}.`, push, true);
    text(input, 'text', `${path}.`, push);
  }
}

function checkGroup(input: unknown, path: string, push: Push): void {
  if (!isRecord(input)) return push(path, 'must be an object');
  for (const key of ['key', 'label']) text(input, key, `${path}.`, push);
  text(input, 'unit', `${path}.`, push, true);
  if (!['category', 'number', 'events'].includes(input.kind as string)) push(`${path}.kind`, 'must be one of category, number, events');
  if (input.kind === 'events') {
    text(input, 'event', `${path}.`, push);
    if (input.measure !== 'count' && input.measure !== 'value') push(`${path}.measure`, 'must be count or value');
  }
  finite(input, 'mean', `${path}.`, push);
  if (!Array.isArray(input.features) || input.features.length === 0) push(`${path}.features`, 'must be a non-empty list');
  else input.features.forEach((f: unknown, i) => checkFeature(f, `${path}.features[${i}]`, input.kind, push));
}

function checkMetrics(input: unknown, push: Push): void {
  if (!isRecord(input)) return push('metrics', 'must be an object');
  for (const key of ['auc', 'n', 'nTrain', 'baseRate', 'brier']) finite(input, key, 'metrics.', push);
  if (!isRecord(input.lift) || !isFiniteNumber(input.lift.top) || !Array.isArray(input.lift.deciles)) push('metrics.lift', 'must be { top, deciles }');
  if (!Array.isArray(input.calibration)) push('metrics.calibration', 'must be a list');
}

function checkThreshold(input: unknown, push: Push): void {
  if (!isRecord(input)) return push('threshold', 'must be an object');
  for (const key of ['score', 'precision', 'recall', 'share', 'points']) finite(input, key, 'threshold.', push);
  if (isFiniteNumber(input.score) && !(input.score > 0 && input.score < 1)) push('threshold.score', 'must be above 0 and below 1');
}

function checkBands(input: unknown, push: Push): void {
  if (!isRecord(input)) return push('gradeBands', 'must be an object');
  for (const key of ['fit', 'engagement']) {
    const pair = input[key];
    if (!(Array.isArray(pair) && pair.length === 2 && pair.every(isFiniteNumber))) push(`gradeBands.${key}`, 'must be two finite numbers');
  }
}

/** Checks a saved learned model and names every problem by path, such as `groups[2].features[0].weight`. */
export function validateLearnedScoring(input: unknown): ValidationResult {
  return validateObject(input, (json, push) => {
    if (json.kind !== 'l2c-learned-scoring') push('kind', 'must be "l2c-learned-scoring"');
    if (json.version !== 1) push('version', 'must be 1');
    for (const key of ['seed', 'holdout', 'intercept']) finite(json, key, '', push);
    if (json.now !== undefined && (typeof json.now !== 'string' || Number.isNaN(Date.parse(json.now)))) push('now', 'must be an ISO date-time');
    if (!Array.isArray(json.groups)) push('groups', 'must be a list');
    else json.groups.forEach((g: unknown, i) => checkGroup(g, `groups[${i}]`, push));
    checkMetrics(json.metrics, push);
    checkThreshold(json.threshold, push);
    checkBands(json.gradeBands, push);
    if (!Array.isArray(json.heldOut) || !json.heldOut.every((i) => Number.isInteger(i) && (i as number) >= 0)) {
      push('heldOut', 'must be a list of example indexes');
    }
  });
}
