/**
 * What the board derives from its inputs, kept apart from rendering so it runs once per data
 * change, not once per frame: a safe copy of the pipeline, deals grouped into sorted columns,
 * filtering, and ranks between neighbours. Every step is linear or n log n, for 100,000 deals.
 */
import type { Deal, Pipeline, PipelinePolicy, Stage, StageKind, ValidationError } from '../../core/model.js';
import { STAGE_KINDS } from '../../core/model.js';
import { validateDeal, validatePipeline, isCurrencyCode } from '../../core/validate.js';

/** The owner filter value that means "deals without an owner". */
export const NO_OWNER = '\u0000none';

/** What the user filters by. */
export interface BoardFilter {
  /** Words that must all occur in the title, owner or card fields (case-insensitive). */
  text: string;
  /** An owner id, NO_OWNER, or '' for everyone. */
  owner: string;
  min: number | undefined;
  max: number | undefined;
}

/** The empty filter. */
export const NO_FILTER: BoardFilter = { text: '', owner: '', min: undefined, max: undefined };

/** Whether a filter narrows anything. */
export function isFiltering(f: BoardFilter): boolean {
  return f.text.trim() !== '' || f.owner !== '' || f.min !== undefined || f.max !== undefined;
}

/** A pipeline the board can use without further checks, and what was wrong with the input. */
export interface SafePipeline {
  pipeline: Pipeline | undefined;
  errors: ValidationError[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeStage(raw: unknown, seen: Set<string>): Stage | undefined {
  if (!isObject(raw) || typeof raw.id !== 'string' || raw.id.trim() === '' || seen.has(raw.id)) return undefined;
  seen.add(raw.id);
  const kind: StageKind = (STAGE_KINDS as readonly unknown[]).includes(raw.kind) ? raw.kind as StageKind : 'open';
  const p = raw.probability;
  const stage: Stage = {
    ...raw,
    id: raw.id,
    label: typeof raw.label === 'string' && raw.label.trim() !== '' ? raw.label : raw.id,
    kind,
    probability: typeof p === 'number' && p >= 0 && p <= 1 ? p : kind === 'won' ? 1 : 0,
  };
  if (typeof raw.rottingDays !== 'number' || !(raw.rottingDays >= 0)) delete stage.rottingDays;
  if (Array.isArray(raw.requiredFields)) stage.requiredFields = raw.requiredFields.filter((f): f is string => typeof f === 'string' && f !== '');
  else delete stage.requiredFields;
  if (!isObject(raw.labels)) delete stage.labels;
  return stage;
}

/**
 * The valid part of a pipeline given by a host or read from storage, plus the validator's errors
 * (each naming its field). Stages without a usable id are left out; a bad kind reads as open, a bad
 * probability as 0 (1 for won). Never throws, even on hostile objects.
 */
export function sanitizePipeline(input: unknown): SafePipeline {
  const errors = validatePipeline(input).errors;
  try {
    if (!isObject(input)) return { pipeline: undefined, errors };
    const seen = new Set<string>();
    const stages = Array.isArray(input.stages) ? input.stages.map((s) => safeStage(s, seen)).filter((s): s is Stage => !!s) : [];
    const policy = isObject(input.policy) ? input.policy : {};
    const safePolicy: PipelinePolicy = {
      allowSkip: typeof policy.allowSkip === 'boolean' ? policy.allowSkip : true,
      allowBackward: typeof policy.allowBackward === 'boolean' ? policy.allowBackward : true,
    };
    const reasons = Array.isArray(input.lostReasons)
      ? [...new Set(input.lostReasons.filter((r): r is string => typeof r === 'string' && r.trim() !== ''))]
      : [];
    const pipeline: Pipeline = {
      ...input,
      id: typeof input.id === 'string' ? input.id : String(input.id ?? ''),
      name: typeof input.name === 'string' && input.name.trim() !== '' ? input.name : String(input.id ?? ''),
      stages,
      policy: safePolicy,
      lostReasons: reasons,
    };
    if (!isCurrencyCode(input.currency)) delete pipeline.currency;
    return { pipeline, errors };
  } catch {
    return { pipeline: undefined, errors };
  }
}

/** A finite rank, or undefined. */
export function rankOf(deal: Deal | undefined): number | undefined {
  const r = deal?.rank;
  return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
}

/** Column order, as the repository lists deals: rank (missing last), then createdAt, then id. */
export function compareDeals(a: Deal, b: Deal): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) {
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra - rb;
  }
  const ca = typeof a.createdAt === 'string' ? a.createdAt : '';
  const cb = typeof b.createdAt === 'string' ? b.createdAt : '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The rank that places a deal at `index` of `column` (which does not contain it): between its
 * neighbours' ranks. Undefined when no number fits (equal or missing ranks around the spot); the
 * caller then renumbers the column with `renumber`.
 */
export function rankAt(column: readonly Deal[], index: number): number | undefined {
  const prev = column[index - 1];
  const next = column[index];
  const rp = rankOf(prev);
  const rn = rankOf(next);
  // Unranked deals sort after ranked ones: a deal placed after one of them cannot be expressed.
  if (prev && rp === undefined) return undefined;
  if (!prev) return rn === undefined ? 0 : rn - 1;
  if (!next || rn === undefined) return (rp as number) + 1;
  const mid = ((rp as number) + rn) / 2;
  return mid > (rp as number) && mid < rn ? mid : undefined;
}

/** Ranks 0, 1, 2, ... for `column` with `deal` inserted at `index`: deal id -> new rank, changed ones only. */
export function renumber(column: readonly Deal[], index: number, deal: Deal): Map<string, number> {
  const order = [...column.slice(0, index), deal, ...column.slice(index)];
  const ranks = new Map<string, number>();
  order.forEach((d, i) => {
    if (d.id === deal.id || rankOf(d) !== i) ranks.set(d.id, i);
  });
  return ranks;
}

/** A deal the board cannot show, or shows with a problem, and why. */
export interface DealProblem {
  id: string;
  message: string;
}

/** The board's view of its deals. */
export interface BoardModel {
  /** Shown deals per stage id, in column order. */
  columns: Map<string, Deal[]>;
  /** Shown deals (after the filter), for the aggregates. */
  shown: Deal[];
  /** Usable deals of the pipeline before filtering. */
  total: number;
  /** Owner ids among the pipeline's deals, sorted. */
  owners: string[];
  hasUnowned: boolean;
  /** Deals left out or shown incomplete because of bad data (at most a few kept). */
  problems: DealProblem[];
  problemCount: number;
  /** Deals of the pipeline sitting in a stage it does not have. */
  strayCount: number;
  strayStages: string[];
  /** Every usable deal by id (filtered or not). */
  byId: Map<string, Deal>;
}

/** What `buildModel` needs. */
export interface ModelInput {
  deals: readonly unknown[];
  pipeline: Pipeline;
  /** Writes not yet confirmed by storage, by deal id: shown instead of the stored version. */
  pending: ReadonlyMap<string, Deal>;
  filter: BoardFilter;
  /** The lower-cased text a deal is searched in. */
  haystack: (deal: Deal) => string;
}

const KEEP_PROBLEMS = 3;

function problemOf(raw: unknown, pipeline: Pipeline): DealProblem {
  const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : '?';
  const first = validateDeal(raw, pipeline).errors[0];
  const message = first ? (first.path ? `${first.path} ${first.message}` : first.message) : 'is not a deal';
  return { id, message };
}

/** Groups, filters and sorts the deals of `pipeline`. Never throws on bad records. */
export function buildModel({ deals, pipeline, pending, filter, haystack }: ModelInput): BoardModel {
  const columns = new Map<string, Deal[]>();
  for (const s of pipeline.stages) columns.set(s.id, []);
  const byId = new Map<string, Deal>();
  const owners = new Set<string>();
  const problems: DealProblem[] = [];
  let problemCount = 0;
  let hasUnowned = false;
  let strayCount = 0;
  const strayStages = new Set<string>();
  const shown: Deal[] = [];
  const words = filter.text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const { owner, min, max } = filter;
  const passes = (deal: Deal): boolean => {
    if (owner !== '' && (owner === NO_OWNER ? typeof deal.ownerId === 'string' && deal.ownerId !== '' : deal.ownerId !== owner)) return false;
    if (min !== undefined && !(deal.value >= min)) return false;
    if (max !== undefined && !(deal.value <= max)) return false;
    return words.length === 0 || words.every((w) => haystack(deal).includes(w));
  };

  for (const raw of Array.isArray(deals) ? deals : []) {
    // The cheap checks first: a full validation of 100,000 deals would dominate the first render.
    const essential = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' && typeof raw.stageId === 'string' && typeof raw.title === 'string';
    if (!essential) {
      problemCount++;
      if (problems.length < KEEP_PROBLEMS) problems.push(problemOf(raw, pipeline));
      continue;
    }
    const stored = raw as Deal;
    if (stored.pipelineId !== pipeline.id || byId.has(stored.id)) continue;
    const deal = pending.get(stored.id) ?? stored;
    const column = columns.get(deal.stageId);
    if (!column) {
      strayCount++;
      strayStages.add(deal.stageId);
      continue;
    }
    if (!(typeof deal.value === 'number' && Number.isFinite(deal.value))) {
      problemCount++;
      if (problems.length < KEEP_PROBLEMS) problems.push(problemOf(deal, pipeline));
    }
    byId.set(deal.id, deal);
    if (typeof deal.ownerId === 'string' && deal.ownerId !== '') owners.add(deal.ownerId);
    else hasUnowned = true;

    if (!passes(deal)) continue;
    column.push(deal);
    shown.push(deal);
  }
  // A pending write for a deal storage does not list (yet) still shows.
  for (const [id, deal] of pending) {
    if (byId.has(id) || deal.pipelineId !== pipeline.id) continue;
    const column = columns.get(deal.stageId);
    if (!column) continue;
    byId.set(id, deal);
    if (!passes(deal)) continue;
    column.push(deal);
    shown.push(deal);
  }
  for (const column of columns.values()) column.sort(compareDeals);
  return {
    columns, shown, total: byId.size, owners: [...owners].sort(), hasUnowned,
    problems, problemCount, strayCount, strayStages: [...strayStages].slice(0, 5), byId,
  };
}
