/**
 * A learned model in the scoring model's own rule format (src/core/scoring.ts), and the plain
 * words of each feature. Points are scaled log-odds: 10 points double the odds of converting, and
 * a lead at the suggested threshold scores `THRESHOLD_POINTS`. Internal to core.
 */
import type { Condition } from '../predicate.js';
import type { EngagementRule, FitRule, ScoringModel } from '../scoring.js';
import { formatAmount } from './features.js';
import type { LearnedFeature, LearnedGroup } from './features.js';
import type { LearnedScoringJSON } from './json.js';

/** Points of a lead exactly at the suggested threshold: the scoring model's `mqlThreshold`. */
export const THRESHOLD_POINTS = 50;
/** Points that double the odds of converting. */
export const POINTS_TO_DOUBLE_ODDS = 10;
/** Points per unit of log-odds. */
export const POINTS_PER_LOG_ODDS = POINTS_TO_DOUBLE_ODDS / Math.LN2;

/** The log-odds of a probability, kept finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Plain words for a feature of a group: `Industry is SaaS`, `Time on site 0-30 s`, `Country is not given`. */
export function featureText(group: LearnedGroup, feature: LearnedFeature): string {
  if (feature.type === 'value') return `${group.label} is ${feature.text}`;
  if (feature.type === 'other') return `${group.label} is another value`;
  if (feature.type === 'missing') return `${group.label} is not given`;
  return `${group.label} ${feature.text}${group.unit ? ` ${group.unit}` : ''}`;
}

/** What a feature says about the lead's value, for `explain` (the value or range), or undefined for "not given". */
export function featureValue(feature: LearnedFeature): string | undefined {
  if (feature.type === 'value' || feature.type === 'range') return feature.text;
  return feature.type === 'other' ? 'other' : undefined;
}

function conditions(field: string, feature: LearnedFeature): Condition[] {
  switch (feature.type) {
    case 'value':
      return [{ field, op: 'eq', value: feature.value }];
    case 'other':
      return [{ field, op: 'exists' }, { field, op: 'nin', value: feature.values }];
    case 'missing':
      return [{ field, op: 'missing' }];
    default: {
      const when: Condition[] = [];
      if (feature.min !== undefined) when.push({ field, op: 'gte', value: feature.min });
      if (feature.max !== undefined) when.push({ field, op: 'lt', value: feature.max });
      // An open range on both sides holds for any number.
      if (when.length === 0) when.push({ field, op: 'gte', value: -Number.MAX_VALUE });
      return when;
    }
  }
}

/** The scoring model of a learned model: one fit rule per field feature, one engagement rule with bands per event group. */
export function toRules(json: LearnedScoringJSON): ScoringModel {
  const base = THRESHOLD_POINTS + POINTS_PER_LOG_ODDS * (json.intercept - logit(json.threshold.score));
  const fit: FitRule[] = [{ id: 'learned:base', label: `Every lead (${formatAmount(json.threshold.score * 100)} % is the MQL threshold)`, when: [], points: round2(base) }];
  const engagement: EngagementRule[] = [];
  for (const group of json.groups) {
    if (group.kind === 'events') {
      const rule: EngagementRule = {
        id: `learned:${group.key}`,
        label: group.label,
        event: group.event as string,
        points: 0,
        measure: group.measure ?? 'count',
        bands: group.features.map((f) => ({
          ...(f.type === 'range' && f.min !== undefined ? { min: f.min } : {}),
          ...(f.type === 'range' && f.max !== undefined ? { max: f.max } : {}),
          points: round2(POINTS_PER_LOG_ODDS * f.weight),
        })),
      };
      if (json.now !== undefined) rule.activeTo = json.now;
      engagement.push(rule);
      continue;
    }
    group.features.forEach((feature, i) => {
      const points = round2(POINTS_PER_LOG_ODDS * feature.weight);
      if (points === 0) return;
      fit.push({ id: `learned:${group.key}:${i}`, label: featureText(group, feature), when: conditions(group.key, feature), points });
    });
  }
  return { fit, engagement, mqlThreshold: THRESHOLD_POINTS, gradeBands: { fit: [...json.gradeBands.fit], engagement: [...json.gradeBands.engagement] } };
}
