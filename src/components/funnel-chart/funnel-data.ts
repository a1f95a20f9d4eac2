/**
 * What `<funnel-chart>` shows, without DOM: the stages given as `.stages` checked entry by entry,
 * the core funnel over them (or over a pipeline's deals), and the figures formatted for labels,
 * the table and the CSV export. Every number comes from src/core; this module only picks and
 * formats, so the chart, the table and the export always agree with the core.
 */
import { funnelFromCounts, funnelFromDeals, type FunnelStep } from '../../core/funnel.js';
import { isRecord } from '../../core/guards.js';
import type { Deal, Pipeline } from '../../core/model.js';
import { stageLabel } from '../../core/stages.js';
import { FIELD_LIMITS, validateDeal, validatePipeline } from '../../core/validate.js';
import { formatMoney, formatNumber, formatPercent } from '../../internal/format.js';

/** What the bars measure: how many reached a stage, or their value. */
export const FUNNEL_MEASURES = ['count', 'value'] as const;
export type FunnelMeasure = (typeof FUNNEL_MEASURES)[number];

/** What the percentage on a bar is relative to: the first stage or the previous one. */
export const FUNNEL_PERCENT_BASES = ['top', 'previous'] as const;
export type FunnelPercentBase = (typeof FUNNEL_PERCENT_BASES)[number];

/** Which way the funnel narrows: top to bottom, or left to right. */
export const FUNNEL_ORIENTATIONS = ['vertical', 'horizontal'] as const;
export type FunnelOrientation = (typeof FUNNEL_ORIENTATIONS)[number];

/** One entry of `.stages`. */
export interface StageInput {
  id: string;
  /** Shown name; the id when absent. */
  label?: string;
  /** How many reached the stage. */
  count: number;
  /** Total value that reached the stage (for `mode="value"` and the average deal value). */
  value?: number;
}

/** Kinds of problems with `.stages` entries. */
export const STAGE_PROBLEM_KINDS = ['object', 'id', 'duplicate', 'count', 'value', 'label', 'too-many'] as const;
export type StageProblemKind = (typeof STAGE_PROBLEM_KINDS)[number];

/** A problem with one `.stages` entry (or with the list, for `too-many`). */
export interface StageProblem {
  kind: StageProblemKind;
  /** `stages[2]`: the entry at fault. */
  path: string;
  /** The entry's id, when it has a usable one. */
  id?: string;
  /** For `duplicate`: the path of the entry that has the id first. */
  first?: string;
  /** For `too-many`: the limit and the number given. */
  limit?: number;
  given?: number;
}

/** The `.stages` that can be drawn, and what was wrong with the others. */
export interface CheckedStages {
  /** False when `.stages` is not a list at all. */
  list: boolean;
  stages: StageInput[];
  problems: StageProblem[];
}

/** A stage as the chart names it. */
export interface FunnelStage {
  id: string;
  label: string;
  /** False when `.stages` gave this stage no value (shown as "—", not as 0). */
  valued: boolean;
}

/** A computed funnel: its stages and the core's steps (by count, values carried along). */
export interface FunnelData {
  stages: FunnelStage[];
  steps: FunnelStep[];
}

/** The most stages drawn (the pipeline limit of the core validators). */
export const MAX_STAGES = FIELD_LIMITS.stages;

// A throwing getter or a revoked proxy in host data must not break rendering.
function read(obj: Record<string, unknown>, key: string): unknown {
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Checks `.stages` entry by entry. An entry without an object shape, a usable id (non-empty text,
 * unique) or a count (a number of at least 0) is left out; a bad value is ignored and a bad label
 * replaced by the id, with a problem for each. Stages past MAX_STAGES are left out with one problem.
 */
export function checkStages(input: unknown): CheckedStages {
  if (!Array.isArray(input)) return { list: false, stages: [], problems: [] };
  const stages: StageInput[] = [];
  const problems: StageProblem[] = [];
  const seen = new Map<string, string>();
  const n = Math.min(input.length, MAX_STAGES);
  for (let i = 0; i < n; i++) {
    const path = `stages[${i}]`;
    let entry: unknown;
    try {
      entry = input[i];
    } catch {
      entry = undefined;
    }
    if (!isRecord(entry)) {
      problems.push({ kind: 'object', path });
      continue;
    }
    const id = read(entry, 'id');
    if (typeof id !== 'string' || id.trim() === '' || id.length > FIELD_LIMITS.id) {
      problems.push({ kind: 'id', path });
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ kind: 'duplicate', path, id, first });
      continue;
    }
    const count = read(entry, 'count');
    if (!isAmount(count)) {
      problems.push({ kind: 'count', path, id });
      continue;
    }
    seen.set(id, path);
    const stage: StageInput = { id, count };
    const label = read(entry, 'label');
    if (typeof label === 'string' && label.trim() !== '') stage.label = label;
    else if (label !== undefined && label !== '') problems.push({ kind: 'label', path, id });
    const value = read(entry, 'value');
    if (isAmount(value)) stage.value = value;
    else if (value !== undefined && value !== null) problems.push({ kind: 'value', path, id });
    stages.push(stage);
  }
  if (input.length > MAX_STAGES) problems.push({ kind: 'too-many', path: 'stages', limit: MAX_STAGES, given: input.length });
  return { list: true, stages, problems };
}

/** The core funnel over checked `.stages`. */
export function funnelFromStages(stages: readonly StageInput[]): FunnelData {
  return {
    stages: stages.map((s) => ({ id: s.id, label: s.label ?? s.id, valued: s.value !== undefined })),
    steps: funnelFromCounts(stages.map((s) => ({ id: s.id, count: s.count, value: s.value ?? 0 }))),
  };
}

/** The core funnel of a pipeline's deals (strict or any-stage), with the stage labels in `locale`. */
export function funnelFromPipeline(deals: readonly Deal[], pipeline: Pipeline, strict: boolean, locale: string): FunnelData {
  const steps = funnelFromDeals(deals, pipeline, { mode: strict ? 'strict' : 'any' });
  const byId = new Map((Array.isArray(pipeline.stages) ? pipeline.stages : []).filter(isRecord).map((s) => [s.id, s]));
  return {
    steps,
    stages: steps.map((step) => {
      const stage = byId.get(step.id);
      const label = stage && typeof stage.label === 'string' ? stageLabel(stage, locale) : step.id;
      return { id: step.id, label: label || step.id, valued: true };
    }),
  };
}

/**
 * The steps whose sizes, conversions and drop-off the chart shows: the count funnel itself, or the
 * core funnel run over the stage values (so conversions are shares of value).
 */
export function measuredSteps(steps: readonly FunnelStep[], mode: FunnelMeasure): FunnelStep[] {
  return mode === 'value' ? funnelFromCounts(steps.map((s) => ({ id: s.id, count: s.value }))) : [...steps];
}

/** Whether any stage carries a value (the value column is shown only then, or in value mode). */
export function hasValues(steps: readonly FunnelStep[]): boolean {
  return steps.some((s) => s.value > 0);
}

/**
 * The average deal value the data implies: the last stage's value over its count (for a pipeline,
 * the won step: the average won deal). `null` when the last stage has no count or no value.
 */
export function measuredAverage(steps: readonly FunnelStep[]): number | null {
  const last = steps.at(-1);
  return last && last.count > 0 && last.value > 0 ? last.value / last.count : null;
}

/** Problems found in a pipeline and its deals, as core validator paths and messages. */
export interface SourceProblems {
  pipeline: string[];
  deals: { count: number; details: string[] };
}

/** Deals whose problems are spelled out; the rest are only counted. */
const DEAL_DETAILS = 3;

/**
 * Runs the core validators over a pipeline and its deals (details capped, every bad deal counted).
 * A live funnel reloads every deal on each change, so results are kept per deal id and reused
 * while the deal's `updatedAt` and the pipeline are unchanged: only written deals are checked again.
 */
export class SourceChecker {
  private pipelineKey = '';
  private results = new Map<string, { updatedAt: string; detail: string | null }>();

  check(pipeline: Pipeline, deals: readonly Deal[]): SourceProblems {
    const p = validatePipeline(pipeline);
    const pipelineDetails = p.errors.slice(0, DEAL_DETAILS).map((e) => `${e.path || 'pipeline'} ${e.message}`);
    let key: string;
    try {
      key = JSON.stringify(pipeline);
    } catch {
      key = '';
    }
    const reuse = key !== '' && key === this.pipelineKey;
    this.pipelineKey = key;
    const previous = reuse ? this.results : new Map<string, { updatedAt: string; detail: string | null }>();
    const next = new Map<string, { updatedAt: string; detail: string | null }>();
    let count = 0;
    const details: string[] = [];
    for (const deal of deals) {
      const id = isRecord(deal) && typeof deal.id === 'string' ? deal.id : undefined;
      const updatedAt = isRecord(deal) && typeof deal.updatedAt === 'string' ? deal.updatedAt : undefined;
      const known = id !== undefined ? previous.get(id) : undefined;
      let detail: string | null;
      if (known && known.updatedAt === updatedAt) detail = known.detail;
      else {
        const r = validateDeal(deal, pipeline);
        const e = r.errors[0];
        detail = r.ok ? null : `${id ?? '?'}: ${e ? `${e.path || 'deal'} ${e.message}` : 'invalid'}`;
      }
      if (id !== undefined && updatedAt !== undefined && !next.has(id)) next.set(id, { updatedAt, detail });
      if (detail === null) continue;
      count++;
      if (details.length < DEAL_DETAILS) details.push(detail);
    }
    this.results = next;
    return { pipeline: pipelineDetails, deals: { count, details } };
  }
}

/** `SourceChecker.check` without reuse, for one-off checks. */
export function checkSource(pipeline: Pipeline, deals: readonly Deal[]): SourceProblems {
  return new SourceChecker().check(pipeline, deals);
}

/** Formats a funnel's figures in one locale and currency. */
export class FunnelFormat {
  constructor(readonly locale: string, readonly currency: string) {}

  /** A count or an amount of money, as `mode` measures it. */
  figure(n: number, mode: FunnelMeasure, compact = false): string {
    return mode === 'value' ? this.money(n, compact) : formatNumber(n, this.locale, 2);
  }

  money(n: number, compact = false): string {
    return formatMoney(n, this.currency, this.locale, { compact });
  }

  count(n: number | null): string {
    return formatNumber(n, this.locale, 2);
  }

  percent(ratio: number | null): string {
    return formatPercent(ratio, this.locale, 1);
  }

  /** A count or amount that may be undefined (`—`). */
  maybe(n: number | null, mode: FunnelMeasure): string {
    return n === null ? formatNumber(null, this.locale) : this.figure(n, mode);
  }

  /** A signed difference: `+30`, `−450` (a true minus sign), `0`; `—` when undefined. */
  signed(n: number | null, mode: FunnelMeasure, compact = false): string {
    if (n === null) return formatNumber(null, this.locale);
    return `${n > 0 ? '+' : n < 0 ? '−' : ''}${this.figure(Math.abs(n), mode, compact)}`;
  }

  /** A signed share: `+5%`, `−37.5%`; `—` when undefined. */
  signedPercent(ratio: number | null): string {
    if (ratio === null) return this.percent(null);
    return `${ratio > 0 ? '+' : ratio < 0 ? '−' : ''}${this.percent(Math.abs(ratio))}`;
  }

  /** The change from the previous step as the core's drop-off gives it: a drop of 450 is `−450`. */
  change(dropOff: number | null, mode: FunnelMeasure, compact = false): string {
    return this.signed(dropOff === null ? null : -dropOff, mode, compact);
  }

  /** The change as a share of the previous step: a drop-off rate of 0.375 is `−37.5%`. */
  changeRate(dropOffRate: number | null): string {
    return this.signedPercent(dropOffRate === null ? null : -dropOffRate);
  }
}
