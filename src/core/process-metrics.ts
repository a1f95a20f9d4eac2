/**
 * The numbers a process map shows on its nodes (from deals, through the funnel math) and the
 * bottleneck among every step, the close included; and checking numbers given as JSON.
 */
import { funnelFromDeals, salesCycle, timeInStage } from './funnel.js';
import { isRecord, readField as read, wellFormedStages } from './guards.js';
import type { Deal, Pipeline } from './model.js';
import { PROCESS_DECISION_ID, PROCESS_START_ID, type Process } from './process.js';
import { lastOpenStageId } from './stages.js';

/** Numbers shown on one node. */
export interface NodeMetrics {
  /** Deals that reached the node. */
  count: number;
  /** Share of them that went on to the next node (0..1, above 1 on non-monotone data); `null` when undefined. */
  conversion: number | null;
  /** Average days spent there; `null` when unmeasured. */
  avgDays: number | null;
}

/** Options of `processMetrics`. */
export interface ProcessMetricsOptions {
  /** When given, the unfinished visits of open deals count in average days, up to this time. */
  now?: number | string;
}

// Deals whose history or current stage is `stageId`.
function visits(deals: readonly Deal[], stageId: string): number {
  let n = 0;
  for (const d of deals) {
    if (d.stageId === stageId || (Array.isArray(d.history) && d.history.some((v) => isRecord(v) && v.stageId === stageId))) n++;
  }
  return n;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/**
 * Metrics for the nodes of `processFromPipeline(pipeline)`, by node id, from the pipeline's deals:
 * - open stage: `count` = its step of `funnelFromDeals` (any mode); `conversion` = the step
 *   conversion of the next funnel step (for the last open stage, into won); `avgDays` = the mean
 *   of `timeInStage` (with `now`, open deals' current visits included).
 * - start: `count` = deals of the pipeline; `conversion` = the first open step's count / that.
 * - decision (the close): `count` = deals that came to it: every won deal and those lost in the
 *   last open stage (deals lost earlier leave the map from their stage); `conversion` = the share
 *   of them won; `avgDays` = the mean sales cycle of closed deals (`salesCycle`).
 * - first won end: the funnel's won step (every won stage merges into it); a later won end (5A's
 *   advocate): deals that visited that stage; `conversion` of a won end = the next won end's
 *   count / its own. Lost ends: deals that visited the stage. Ends have no `avgDays`.
 */
export function processMetrics(deals: readonly Deal[], pipeline: Pipeline, options: ProcessMetricsOptions = {}): Record<string, NodeMetrics> {
  const mine = (Array.isArray(deals) ? deals : []).filter((d) => isRecord(d) && d.pipelineId === pipeline?.id);
  const stages = wellFormedStages(pipeline);
  const funnel = funnelFromDeals(mine, pipeline);
  const times = timeInStage(mine, pipeline, options.now !== undefined ? { now: options.now, includeOpen: true } : {});
  const out: Record<string, NodeMetrics> = {};
  const open = stages.filter((s) => s.kind === 'open');
  open.forEach((s, i) => {
    out[s.id] = {
      count: funnel[i]?.count ?? 0,
      conversion: funnel[i + 1]?.stepConversion ?? null,
      avgDays: times[i]?.mean ?? null,
    };
  });
  out[PROCESS_START_ID] = { count: mine.length, conversion: ratio(funnel[0]?.count ?? 0, mine.length), avgDays: null };
  // The close: the deals that came to the decision (every won one, and those lost in the last open
  // stage; the others were lost on the way), and the share of them won.
  const last = open[open.length - 1]?.id;
  const wonDeals = mine.filter((d) => d.status === 'won').length;
  const lostAtClose = mine.filter((d) => d.status === 'lost' && last !== undefined && lastOpenStageId(d, pipeline) === last).length;
  out[PROCESS_DECISION_ID] = { count: wonDeals + lostAtClose, conversion: ratio(wonDeals, wonDeals + lostAtClose), avgDays: salesCycle(mine).mean };
  const won = stages.filter((s) => s.kind === 'won');
  const wonCounts = won.map((s, i) => (i === 0 ? funnel[open.length]?.count ?? 0 : visits(mine, s.id)));
  won.forEach((s, i) => {
    const next = wonCounts[i + 1];
    out[s.id] = { count: wonCounts[i]!, conversion: next === undefined ? null : ratio(next, wonCounts[i]!), avgDays: null };
  });
  for (const s of stages.filter((x) => x.kind === 'lost')) out[s.id] = { count: visits(mine, s.id), conversion: null, avgDays: null };
  return out;
}

/** The worst step and the measure that picked it: the lowest conversion to the next step, the lowest share won at the close, or (when no conversion is known) the longest stay. */
export interface Bottleneck {
  nodeId: string;
  reason: 'conversion' | 'close' | 'days';
  /** The conversion or close rate (0..1), or the average days, that made it the worst. */
  value: number;
}

/**
 * The bottleneck among every step with a positive count: each `stage` node by its conversion to
 * the next node, and the close (a `decision` node) by the share of the deals that came to it that
 * were won. The lowest share wins (a tie goes to the longer average stay, then to the earlier node);
 * `reason` says which measure picked it (`conversion` or `close`). When no share is known, the
 * stage with the longest average days (above 0), `reason: 'days'`. `undefined` when nothing
 * qualifies (no metrics, or only start and end nodes).
 */
export function findBottleneck(process: Process, metrics: Readonly<Record<string, NodeMetrics | undefined>>): Bottleneck | undefined {
  let byConversion: { id: string; conversion: number; days: number; close: boolean } | undefined;
  let byDays: { id: string; days: number } | undefined;
  for (const node of process.nodes) {
    if (node.kind !== 'stage' && node.kind !== 'decision') continue;
    const m = metrics[node.id];
    if (!m || !(m.count > 0)) continue;
    const close = node.kind === 'decision';
    const days = !close && typeof m.avgDays === 'number' && Number.isFinite(m.avgDays) ? m.avgDays : -1;
    if (typeof m.conversion === 'number' && Number.isFinite(m.conversion)) {
      if (!byConversion || m.conversion < byConversion.conversion || (m.conversion === byConversion.conversion && days > byConversion.days)) {
        byConversion = { id: node.id, conversion: m.conversion, days, close };
      }
    }
    if (days > 0 && (!byDays || days > byDays.days)) byDays = { id: node.id, days };
  }
  if (byConversion) return { nodeId: byConversion.id, reason: byConversion.close ? 'close' : 'conversion', value: byConversion.conversion };
  if (byDays) return { nodeId: byDays.id, reason: 'days', value: byDays.days };
  return undefined;
}

/** Codes of `MetricsIssue`. */
export type MetricsIssueCode = 'not-an-object' | 'bad-count' | 'bad-conversion' | 'bad-days';

/** A problem in metrics given as JSON. */
export interface MetricsIssue {
  path: string;
  code: MetricsIssueCode;
  id?: string;
  message: string;
}

/**
 * Checks metrics given as JSON (`{ [nodeId]: { count, conversion, avgDays } }`) and keeps the valid
 * entries: `count` a finite number >= 0, `conversion` a finite number >= 0 or null, `avgDays` a
 * finite number >= 0 or null (both may be left out). An entry with a bad field is left out.
 */
export function validateMetrics(input: unknown): { metrics: Record<string, NodeMetrics>; issues: MetricsIssue[] } {
  const metrics: Record<string, NodeMetrics> = {};
  const issues: MetricsIssue[] = [];
  if (!isRecord(input)) return { metrics, issues: [{ path: '', code: 'not-an-object', message: 'must be an object keyed by node id' }] };
  const good = (v: unknown, nullable: boolean): boolean =>
    (nullable && (v === null || v === undefined)) || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
  for (const id of Object.keys(input)) {
    const m = read(input, id);
    if (!isRecord(m)) {
      issues.push({ path: id, code: 'not-an-object', id, message: 'must be an object with count, conversion and avgDays' });
      continue;
    }
    const count = read(m, 'count');
    const conversion = read(m, 'conversion');
    const avgDays = read(m, 'avgDays');
    const bad: [MetricsIssueCode, string][] = [];
    if (!good(count, false)) bad.push(['bad-count', 'count']);
    if (!good(conversion, true)) bad.push(['bad-conversion', 'conversion']);
    if (!good(avgDays, true)) bad.push(['bad-days', 'avgDays']);
    for (const [code, key] of bad) issues.push({ path: `${id}.${key}`, code, id, message: 'must be a number of 0 or more' });
    if (bad.length === 0) {
      metrics[id] = { count: count as number, conversion: (conversion as number | null | undefined) ?? null, avgDays: (avgDays as number | null | undefined) ?? null };
    }
  }
  return { metrics, issues };
}
