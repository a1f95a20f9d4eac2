/**
 * The deals of a pipeline as they stood at a cut-off: what a forecast made then could have known.
 * Internal to the forecast modules.
 */
import type { Deal, Pipeline, Stage, StageVisit } from '../model.js';
import { toMs } from '../time.js';

/** One deal as known at the cut-off. */
export interface KnownDeal {
  /** The deal rewritten as it stood: status, stage, `closedAt` and history as known then. */
  deal: Deal;
  createdMs: number;
  /** When it closed, if it had closed before the cut-off. */
  closedMs: number | null;
  status: 'open' | 'won' | 'lost';
  /** The open stage it sat in (open deals) or the last open stage it visited (closed deals). */
  stageId: string | null;
  /** The open stages it had entered, in order, without repeats. */
  visited: string[];
  value: number;
}

function nonNegative(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0;
}

function closeMsOf(deal: Deal, stages: ReadonlyMap<string, Stage>): number | null {
  const at = toMs(deal.closedAt);
  if (at !== null) return at;
  // A closed deal without closedAt closed when it entered its won or lost stage.
  const last = [...(Array.isArray(deal.history) ? deal.history : [])]
    .reverse()
    .find((v) => stages.get(v?.stageId)?.kind === deal.status);
  return last ? toMs(last.enteredAt) : null;
}

/**
 * The deals of `pipeline` created before `cutoffMs`, as they stood then: a deal won or lost at or
 * after the cut-off is open, history entered at or after it does not exist (a visit still running
 * then has no `leftAt`). Deals without a readable `createdAt` cannot be placed in time and are left
 * out.
 */
export function dealsAsOf(deals: readonly Deal[], pipeline: Pipeline, cutoffMs: number): KnownDeal[] {
  const stages = new Map<string, Stage>();
  for (const s of Array.isArray(pipeline?.stages) ? pipeline.stages : []) {
    if (s && typeof s.id === 'string' && !stages.has(s.id)) stages.set(s.id, s);
  }
  const firstOpen = [...stages.values()].find((s) => s.kind === 'open')?.id ?? null;
  const out: KnownDeal[] = [];
  for (const deal of Array.isArray(deals) ? deals : []) {
    if (typeof deal !== 'object' || deal === null || deal.pipelineId !== pipeline.id) continue;
    const createdMs = toMs(deal.createdAt);
    if (createdMs === null || createdMs >= cutoffMs) continue;
    const closeMs = deal.status === 'won' || deal.status === 'lost' ? closeMsOf(deal, stages) : null;
    const closedBefore = closeMs !== null && closeMs < cutoffMs;
    const status = closedBefore ? (deal.status as 'won' | 'lost') : 'open';
    const recorded: readonly StageVisit[] = Array.isArray(deal.history) ? deal.history : [];
    const history = recorded
      .filter((v) => {
        const at = toMs(v?.enteredAt);
        return at !== null && at < cutoffMs;
      })
      .map((v) => {
        const left = toMs(v.leftAt);
        return left !== null && left < cutoffMs ? { ...v } : { stageId: v.stageId, enteredAt: v.enteredAt };
      });
    const visited: string[] = [];
    for (const v of history) {
      if (stages.get(v.stageId)?.kind === 'open' && !visited.includes(v.stageId)) visited.push(v.stageId);
    }
    let stageId = [...history].reverse().find((v) => stages.get(v.stageId)?.kind === 'open')?.stageId ?? null;
    if (stageId === null && stages.get(deal.stageId)?.kind === 'open') stageId = deal.stageId;
    stageId ??= firstOpen;
    if (visited.length === 0 && stageId !== null) visited.push(stageId);
    const nowStage =
      status === 'open' || stages.get(deal.stageId)?.kind === status
        ? status === 'open' ? stageId : deal.stageId
        : [...stages.values()].find((s) => s.kind === status)?.id;
    const known: Deal = { ...deal, status, stageId: nowStage ?? deal.stageId, history };
    if (status === 'open') delete known.closedAt;
    out.push({ deal: known, createdMs, closedMs: closedBefore ? closeMs : null, status, stageId, visited, value: nonNegative(deal.value) });
  }
  return out;
}
