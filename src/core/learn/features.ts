/**
 * What the learner learns from (issue 14): the features of a lead, found in the training leads.
 * A field gives one group of indicator features: its common values, an "other" bucket and "not
 * given" (categorical), or quantile ranges and "not given" (numeric); each event type gives a group
 * of ranges of its count, and one of the sum of its values when the events carry values. Exactly
 * one feature of a group holds for a lead (or none), so a model is a sum of one weight per group,
 * which is what fit rules and engagement bands express. Values are read as `src/core/predicate.ts`
 * reads them (text trimmed and case-insensitive, numeric text as a number), so the rules a model
 * becomes match the same leads. Internal to core.
 */
import { isFiniteNumber, isRecord } from '../guards.js';
import type { EngagementMeasure } from '../scoring.js';
import { getPath, toNumber } from '../predicate.js';
import { toMs } from '../time.js';

/** A plain value a category holds. */
export type CategoryValue = string | number | boolean;

/** One feature of a group, with its weight (log-odds). */
export type LearnedFeature =
  | { type: 'value'; value: CategoryValue; text: string; weight: number }
  | { type: 'other'; values: CategoryValue[]; weight: number }
  | { type: 'missing'; weight: number }
  | { type: 'range'; min?: number; max?: number; text: string; weight: number };

/** A field of the lead (`field`) or an event type's count or value sum (`events`), and its features. */
export interface LearnedGroup {
  /** `industry`, `custom.budget`, `source.utm_source`, or `events.<type>.count` / `events.<type>.value`. */
  key: string;
  /** Plain words for the group, such as `Industry` or `Time on site`. */
  label: string;
  unit?: string;
  kind: 'category' | 'number' | 'events';
  /** `events` groups: the event type and what is measured. */
  event?: string;
  measure?: EngagementMeasure;
  /** The mean weight this group gives the training leads, so explanations compare with a typical lead. */
  mean: number;
  features: LearnedFeature[];
}

/** Fields never learned from: outcomes, ids, times, contact details, free text, what is filled in after contact. */
export const LEARN_DEFAULT_EXCLUDE: readonly string[] = Object.freeze([
  'id', 'status', 'score', 'grade', 'mqlAt', 'sqlAt', 'createdAt', 'updatedAt', 'email', 'phone', 'name', 'company',
  'message', 'ownerId', 'teamId', 'duplicateOf', 'mergedFrom', 'reentryAt', 'nurtureReason', 'routing', 'rejection',
  'acceptedAt', 'acceptedBy', 'spam', 'consent', 'bant', 'lifecycle', 'converted', 'source.referrer', 'source.page',
]);

// Ids and times by name: `id`, `dealId`, `deal_id`, `closedAt`, `closed_at`.
const ID_OR_TIME = /^(?:id|.*Id|.*_id|.*At|.*_at)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;

/** Settings of feature discovery. */
export interface FeatureSettings {
  exclude: readonly string[];
  bins: number;
  minCount: number;
  maxCategories: number;
  labels: Readonly<Record<string, string>>;
  units: Readonly<Record<string, string>>;
  /** Events later than this (ms) are not counted; null counts every event. */
  now: number | null;
}

/** An example's lead and its events as the learner reads them. */
export interface Observation {
  lead: unknown;
  events: readonly unknown[];
}

/** Whether a value counts as not given (as the predicate's `missing` reads it). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A key equal for values the predicate's `eq` finds equal: numbers (and numeric text) by value, text trimmed and lower-cased. */
export function categoryKey(value: unknown): string | undefined {
  const n = toNumber(value);
  if (n !== undefined) return `n:${n}`;
  if (typeof value === 'string') return `s:${value.trim().toLowerCase()}`;
  if (typeof value === 'boolean') return `b:${value}`;
  return undefined;
}

function excluded(path: string, exclude: readonly string[]): boolean {
  return exclude.some((e) => path === e || path.startsWith(`${e}.`));
}

/** The dot paths of a lead's plain values: its own fields, and those of `custom` and `source`. */
function leadPaths(lead: unknown, paths: Set<string>, exclude: readonly string[]): void {
  if (!isRecord(lead)) return;
  const visit = (record: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(record)) {
      const path = prefix + key;
      if (excluded(path, exclude) || ID_OR_TIME.test(key)) continue;
      if (prefix === '' && (key === 'custom' || key === 'source')) {
        if (isRecord(value)) visit(value, `${key}.`);
      } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        paths.add(path);
      }
    }
  };
  visit(lead, '');
}

/** Plain words for a path or event type: `companySize` -> `Company size`, `utm_source` -> `Utm source`. */
export function humanize(text: string): string {
  const words = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const BUILT_IN_LABELS: Readonly<Record<string, string>> = {
  companySize: 'Company size', 'source.utm_source': 'UTM source', 'source.utm_medium': 'UTM medium',
  'source.utm_campaign': 'UTM campaign', 'source.utm_term': 'UTM term', 'source.utm_content': 'UTM content', 'source.campaign': 'Campaign',
};

function labelOf(key: string, settings: FeatureSettings): string {
  const given = settings.labels[key];
  if (given !== undefined) return given;
  const builtIn = BUILT_IN_LABELS[key];
  if (builtIn !== undefined) return builtIn;
  const events = /^events\.(.+)\.(count|value)$/.exec(key);
  if (events) return `${humanize(events[1] as string)} ${events[2] === 'count' ? 'events' : 'amount'}`;
  return humanize(key.replace(/^custom\./, ''));
}

/** `12`, `0.5`, `1234.57`: at most two decimals, no trailing zeros. */
export function formatAmount(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * Cut points of quantile ranges over sorted values: each range is `[cut[k], cut[k+1])`, the first
 * open below and the last open above. The smallest value gets a range of its own when common (a
 * tenth or more of the values), so "none at all" is apart from "a little".
 */
export function quantileCuts(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  const first = sorted[0] as number;
  const cuts = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const c = sorted[Math.floor((k * n) / bins)] as number;
    if (c > first) cuts.add(c);
  }
  const above = sorted.find((v) => v > first);
  if (above !== undefined && sorted.filter((v) => v === first).length >= n / 10) cuts.add(above);
  return [...cuts].sort((a, b) => a - b);
}

function rangeFeatures(values: number[], settings: FeatureSettings): LearnedFeature[] {
  const sorted = Float64Array.from(values).sort();
  const cuts = quantileCuts(sorted, settings.bins);
  const edges = [-Infinity, ...cuts, Infinity];
  const features: LearnedFeature[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const lo = edges[k] as number;
    const hi = edges[k + 1] as number;
    const inside = values.filter((v) => v >= lo && v < hi);
    const min = Math.min(...inside);
    const max = Math.max(...inside);
    const text = min === max ? formatAmount(min) : hi === Infinity ? `${formatAmount(lo)} or more` : `${formatAmount(min)}-${formatAmount(max)}`;
    const feature: LearnedFeature = { type: 'range', text, weight: 0 };
    if (lo !== -Infinity) feature.min = lo;
    if (hi !== Infinity) feature.max = hi;
    features.push(feature);
  }
  return features;
}

function describeValue(value: CategoryValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value).trim();
}

interface FieldTally {
  present: number;
  numeric: number[];
  dates: number;
  /** Per category key: how many leads, and how often each spelling was seen. */
  categories: Map<string, { count: number; spellings: Map<CategoryValue, number> }>;
}

function tallyField(observations: readonly Observation[], path: string): FieldTally {
  const tally: FieldTally = { present: 0, numeric: [], dates: 0, categories: new Map() };
  for (const { lead } of observations) {
    const value = getPath(lead, path);
    if (isBlank(value)) continue;
    tally.present++;
    const n = toNumber(value);
    if (n !== undefined) tally.numeric.push(n);
    if (typeof value === 'string' && ISO_DATE.test(value.trim())) tally.dates++;
    const key = categoryKey(value);
    if (key === undefined) continue;
    const entry = tally.categories.get(key) ?? { count: 0, spellings: new Map<CategoryValue, number>() };
    entry.count++;
    const spelling = typeof value === 'string' ? value.trim() : (value as CategoryValue);
    entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
    tally.categories.set(key, entry);
  }
  return tally;
}

function mostCommon<T>(counts: Map<T, number>): T {
  let best: [T, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return (best as [T, number])[0];
}

function fieldGroup(observations: readonly Observation[], path: string, settings: FeatureSettings): LearnedGroup | undefined {
  const tally = tallyField(observations, path);
  const { minCount } = settings;
  const missing = observations.length - tally.present;
  if (tally.present < minCount || tally.dates >= tally.present / 2) return undefined;
  const base = { key: path, label: labelOf(path, settings), mean: 0 };
  const unit = settings.units[path];
  const extra = missing >= minCount ? [{ type: 'missing', weight: 0 } as LearnedFeature] : [];
  if (tally.numeric.length >= 0.95 * tally.present && new Set(tally.numeric).size >= 2) {
    const features = [...rangeFeatures(tally.numeric, settings), ...extra];
    return { ...base, ...(unit !== undefined ? { unit } : {}), kind: 'number', features };
  }
  // Free text and identifiers: mostly distinct values.
  if (tally.categories.size > 20 && tally.categories.size > tally.present / 2) return undefined;
  const ranked = [...tally.categories.values()].sort((a, b) => b.count - a.count);
  const kept = ranked.filter((c) => c.count >= minCount).slice(0, settings.maxCategories);
  const rest = tally.present - kept.reduce((sum, c) => sum + c.count, 0);
  const features: LearnedFeature[] = kept.map((c) => {
    const value = mostCommon(c.spellings);
    return { type: 'value', value, text: describeValue(value), weight: 0 };
  });
  if (rest >= minCount) features.push({ type: 'other', values: features.map((f) => (f as { value: CategoryValue }).value), weight: 0 });
  features.push(...extra);
  if (features.length < 2) return undefined;
  return { ...base, kind: 'category', features };
}

/** Per event type, how many of an observation's events count and the sum of their values. */
export function eventAggregates(observation: Observation, now: number | null): Map<string, { count: number; value: number; valued: boolean }> {
  const out = new Map<string, { count: number; value: number; valued: boolean }>();
  const leadId = isRecord(observation.lead) ? observation.lead.id : undefined;
  for (const event of observation.events) {
    if (!isRecord(event) || typeof event.type !== 'string') continue;
    if (event.leadId !== undefined && leadId !== undefined && event.leadId !== leadId) continue;
    if (now !== null) {
      const at = toMs(event.at);
      if (at === null || at > now) continue;
    }
    const entry = out.get(event.type) ?? { count: 0, value: 0, valued: false };
    entry.count++;
    if (isFiniteNumber(event.value)) {
      entry.value += event.value;
      entry.valued = true;
    }
    out.set(event.type, entry);
  }
  return out;
}

function eventGroups(aggregates: readonly Map<string, { count: number; value: number; valued: boolean }>[], settings: FeatureSettings): LearnedGroup[] {
  const leads = new Map<string, { leads: number; valued: boolean }>();
  for (const map of aggregates) {
    for (const [type, entry] of map) {
      const seen = leads.get(type) ?? { leads: 0, valued: false };
      seen.leads++;
      seen.valued ||= entry.valued;
      leads.set(type, seen);
    }
  }
  const groups: LearnedGroup[] = [];
  for (const [type, seen] of [...leads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (seen.leads < settings.minCount) continue;
    for (const measure of seen.valued ? (['count', 'value'] as const) : (['count'] as const)) {
      const key = `events.${type}.${measure}`;
      if (excluded(key, settings.exclude)) continue;
      const values = aggregates.map((map) => map.get(type)?.[measure] ?? 0);
      const features = rangeFeatures(values, settings);
      if (features.length < 2) continue;
      const unit = settings.units[key];
      groups.push({ key, label: labelOf(key, settings), ...(unit !== undefined ? { unit } : {}), kind: 'events', event: type, measure, mean: 0, features });
    }
  }
  return groups;
}

/** The feature groups found in the training observations, fields first (in path order), then events. */
export function discoverGroups(observations: readonly Observation[], settings: FeatureSettings): LearnedGroup[] {
  const paths = new Set<string>();
  for (const { lead } of observations) leadPaths(lead, paths, settings.exclude);
  const fields = [...paths].sort().map((path) => fieldGroup(observations, path, settings)).filter((g) => g !== undefined);
  const aggregates = observations.map((o) => eventAggregates(o, settings.now));
  return [...fields, ...eventGroups(aggregates, settings)];
}
