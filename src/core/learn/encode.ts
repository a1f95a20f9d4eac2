/**
 * Reads a lead (and its events) into the indicator features of learned groups: at most one
 * feature per group holds. The single reader behind training, `predict` and `explain`. Internal to core.
 */
import { getPath, toNumber } from '../predicate.js';
import { categoryKey, eventAggregates, isBlank } from './features.js';
import type { LearnedFeature, LearnedGroup, Observation } from './features.js';

/** For each group, the index (within the group) of the feature that holds, or -1. */
export type Encoder = (observation: Observation) => Int16Array;

function rangeIndex(features: readonly LearnedFeature[], value: number): number {
  return features.findIndex((f) => f.type === 'range' && (f.min === undefined || value >= f.min) && (f.max === undefined || value < f.max));
}

function groupReader(group: LearnedGroup): (observation: Observation, events: ReturnType<typeof eventAggregates> | undefined) => number {
  const { features } = group;
  const missing = features.findIndex((f) => f.type === 'missing');
  if (group.kind === 'events') {
    const measure = group.measure === 'value' ? 'value' : 'count';
    return (_, events) => rangeIndex(features, events?.get(group.event as string)?.[measure] ?? 0);
  }
  if (group.kind === 'number') {
    return ({ lead }) => {
      const value = getPath(lead, group.key);
      if (isBlank(value)) return missing;
      const n = toNumber(value);
      return n === undefined ? -1 : rangeIndex(features, n);
    };
  }
  const byKey = new Map<string, number>();
  features.forEach((f, i) => {
    if (f.type !== 'value') return;
    const key = categoryKey(f.value);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, i);
  });
  const other = features.findIndex((f) => f.type === 'other');
  return ({ lead }) => {
    const value = getPath(lead, group.key);
    if (isBlank(value)) return missing;
    const key = categoryKey(value);
    return (key === undefined ? undefined : byKey.get(key)) ?? other;
  };
}

/** An encoder for `groups`; events later than `now` (ms) are not counted, none are skipped when null. */
export function encoderFor(groups: readonly LearnedGroup[], now: number | null): Encoder {
  const readers = groups.map(groupReader);
  const needsEvents = groups.some((g) => g.kind === 'events');
  return (observation) => {
    const events = needsEvents ? eventAggregates(observation, now) : undefined;
    const out = new Int16Array(readers.length);
    readers.forEach((read, g) => {
      out[g] = read(observation, events);
    });
    return out;
  };
}

/** The log-odds of an encoded observation: the intercept plus the weight of each group's feature. */
export function logOdds(groups: readonly LearnedGroup[], intercept: number, active: Int16Array): number {
  let sum = intercept;
  for (let g = 0; g < groups.length; g++) {
    const index = active[g] as number;
    if (index >= 0) sum += ((groups[g] as LearnedGroup).features[index] as LearnedFeature).weight;
  }
  return sum;
}

/** The logistic function, 1 / (1 + e^-x), in 0..1. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
