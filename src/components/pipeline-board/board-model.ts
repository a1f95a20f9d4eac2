/**
 * What the board derives from its inputs, kept apart from rendering so it runs once per data
 * change, not once per frame: deals grouped into columns in the core's column order, and
 * filtering. Every step is linear or n log n, for 100,000 deals.
 */
import type { Deal, Pipeline } from '../../core/model.js';
import { compareDeals } from '../../core/pipeline.js';
import { validateDeal } from '../../core/validate.js';

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
  /** Writes not yet confirmed by storage, by deal id: shown instead of the stored version (`null`: deleted). */
  pending: ReadonlyMap<string, Deal | null>;
  filter: BoardFilter;
  /** The lower-cased text a deal is searched in. */
  haystack: (deal: Deal) => string;
}

const KEEP_PROBLEMS = 3;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function problemOf(raw: unknown, pipeline: Pipeline): DealProblem {
  const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : '?';
  const first = validateDeal(raw, pipeline).errors[0];
  const message = first ? (first.path ? `${first.path} ${first.message}` : first.message) : 'is not a deal';
  return { id, message };
}

/** Whether a deal passes `filter`. */
function passesFilter(filter: BoardFilter, haystack: (deal: Deal) => string): (deal: Deal) => boolean {
  const words = filter.text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const { owner, min, max } = filter;
  return (deal) => {
    if (owner !== '' && (owner === NO_OWNER ? typeof deal.ownerId === 'string' && deal.ownerId !== '' : deal.ownerId !== owner)) return false;
    if (min !== undefined && !(deal.value >= min)) return false;
    if (max !== undefined && !(deal.value <= max)) return false;
    return words.length === 0 || words.every((w) => haystack(deal).includes(w));
  };
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
  const passes = passesFilter(filter, haystack);

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
    const written = pending.get(stored.id);
    if (written === null) continue;
    const deal = written ?? stored;
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
    if (!deal || byId.has(id) || deal.pipelineId !== pipeline.id) continue;
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

/** The most changed deals `patchModel` takes on; more are built anew. */
export const PATCH_LIMIT = 64;

// Where `deal` goes in a sorted column: the first index whose deal sorts after it.
function insertionIndex(column: readonly Deal[], deal: Deal): number {
  let lo = 0;
  let hi = column.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareDeals(column[mid]!, deal) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ownerKey = (deal: Deal): string => (typeof deal.ownerId === 'string' ? deal.ownerId : '');

/**
 * `prev` with a few deals replaced, added or removed (`changed`: id -> the version to show, or
 * undefined when it is gone), for the same pipeline and filter: each one out of its column and
 * back in at its place, instead of grouping and sorting every deal again. `prev.byId` is updated
 * in place (`prev` is spent). Undefined when the change is not a small, simple one (more than
 * PATCH_LIMIT deals, a model or a deal with a problem): build anew.
 */
export function patchModel(prev: BoardModel, pipeline: Pipeline, filter: BoardFilter, haystack: (deal: Deal) => string, changed: ReadonlyMap<string, Deal | undefined>): BoardModel | undefined {
  if (changed.size > PATCH_LIMIT || prev.problemCount > 0 || prev.strayCount > 0) return undefined;
  const edits: [string, Deal | undefined, Deal | undefined][] = [];
  let ownersChanged = false;
  for (const [id, raw] of changed) {
    const next = raw && raw.pipelineId === pipeline.id ? raw : undefined;
    const old = prev.byId.get(id);
    if (!old && !next) continue;
    if (next && !(next.id === id && typeof next.title === 'string' && prev.columns.has(next.stageId) && typeof next.value === 'number' && Number.isFinite(next.value))) return undefined;
    if (!old || !next || ownerKey(old) !== ownerKey(next)) ownersChanged = true;
    edits.push([id, old, next]);
  }
  const passes = passesFilter(filter, haystack);
  const columns = new Map(prev.columns);
  const copied = new Set<string>();
  const column = (stageId: string): Deal[] => {
    if (!copied.has(stageId)) {
      copied.add(stageId);
      columns.set(stageId, [...(prev.columns.get(stageId) ?? [])]);
    }
    return columns.get(stageId)!;
  };
  let total = prev.total;
  for (const [id, old, next] of edits) {
    if (old) {
      const list = column(old.stageId);
      let at = insertionIndex(list, old) - 1;
      while (at >= 0 && list[at] !== old && compareDeals(list[at]!, old) === 0) at--;
      if (at >= 0 && list[at] === old) list.splice(at, 1);
      prev.byId.delete(id);
      total--;
    }
    if (next) {
      prev.byId.set(id, next);
      total++;
      if (passes(next)) {
        const list = column(next.stageId);
        list.splice(insertionIndex(list, next), 0, next);
      }
    }
  }
  const shown: Deal[] = [];
  for (const list of columns.values()) for (const d of list) shown.push(d);
  let { owners, hasUnowned } = prev;
  if (ownersChanged) {
    // One pass over the deals (no sorting, no hashing of every id) for the owner filter's choices.
    const found = new Set<string>();
    hasUnowned = false;
    for (const d of prev.byId.values()) {
      const key = ownerKey(d);
      if (key === '') hasUnowned = true;
      else found.add(key);
    }
    owners = found.size === owners.length && owners.every((o) => found.has(o)) ? owners : [...found].sort();
  }
  return { ...prev, columns, shown, total, owners, hasUnowned };
}
