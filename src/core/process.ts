/**
 * The sales process as a graph, for the process map (DESIGN.md section 3, sales-process-map):
 * nodes (start, stage, decision, end) in optional service-blueprint lanes, and edges between them.
 * Here: validating a process given as JSON, deriving one from a pipeline, finding the edges that go
 * back, per-node metrics from deals (through the funnel math) and the bottleneck.
 *
 * Core never formats text: the words of derived nodes and edges ("Start", "Won?", "yes") are given
 * by the caller as `terms` (defaulting to the term ids), and issues carry a code to translate.
 */
import { isRecord, nonEmptyString, readField as read, wellFormedStages } from './guards.js';
import type { Deal, Pipeline, Stage } from './model.js';
import { lastOpenStageId, pipelinePolicy, stageLabel } from './stages.js';

/** Kinds of process nodes: start and end are drawn as pills, stages as boxes, decisions as diamonds. */
export const PROCESS_NODE_KINDS = ['start', 'stage', 'decision', 'end'] as const;
export type ProcessNodeKind = (typeof PROCESS_NODE_KINDS)[number];

/** Service-blueprint lanes, top to bottom. */
export const BLUEPRINT_LANES = ['evidence', 'customer', 'frontstage', 'backstage', 'support'] as const;
export type BlueprintLane = (typeof BLUEPRINT_LANES)[number];

/** Words a derived process needs for nodes and edges that are not stages. */
export const PROCESS_TERMS = ['start', 'decision', 'yes', 'no', 'back', 'lost'] as const;
export type ProcessTerm = (typeof PROCESS_TERMS)[number];
export type ProcessTerms = Record<ProcessTerm, string>;

/** Size limits: a longer list is cut (with an issue), so one huge input cannot freeze the page. */
export const PROCESS_LIMITS = { nodes: 500, edges: 2000 } as const;

/** Ids of the derived nodes that are not stages (a leading underscore keeps them apart from stage ids). */
export const PROCESS_START_ID = '_start';
export const PROCESS_DECISION_ID = '_decision';

/** One step of a process. Fields beyond these are kept. */
export interface ProcessNode {
  id: string;
  label: string;
  kind: ProcessNodeKind;
  /** The blueprint lane; see `nodeLane` for the default. */
  lane?: BlueprintLane;
  /** The pipeline stage a derived node stands for. */
  stageId?: string;
  /** Which word of `ProcessTerms` a derived node's label is. */
  term?: ProcessTerm;
  /** For derived end nodes: the outcome. */
  outcome?: 'won' | 'lost';
  [extra: string]: unknown;
}

/**
 * How a derived edge came about: `lane` links a blueprint lane item to its stage; `lost` leads from
 * the stage deals were lost in to the lost end.
 */
export type ProcessEdgeTerm = 'yes' | 'no' | 'back' | 'lane' | 'lost';

/** An arrow between two nodes. Fields beyond these are kept. */
export interface ProcessEdge {
  from: string;
  to: string;
  label?: string;
  /** Drawn as going back even when it does not close a cycle. */
  back?: boolean;
  term?: ProcessEdgeTerm;
  /** Deals seen taking this edge (derived back-edges). */
  count?: number;
  [extra: string]: unknown;
}

/** A process: nodes and the edges between them. */
export interface Process {
  nodes: ProcessNode[];
  edges: ProcessEdge[];
}

/** Codes of `ProcessIssue`, for an element to translate. */
export const PROCESS_ISSUE_CODES = [
  'not-an-object', 'not-a-list', 'too-many', 'not-an-object-item', 'missing-id', 'duplicate-id',
  'missing-label', 'bad-kind', 'bad-lane', 'unknown-node', 'invalid-node',
] as const;
export type ProcessIssueCode = (typeof PROCESS_ISSUE_CODES)[number];

/** A problem in a process: where (`nodes[3].kind`), what (code), which node, and an English phrase. */
export interface ProcessIssue {
  path: string;
  code: ProcessIssueCode;
  /** The node id the problem is about (the node's own, or the one an edge names). */
  id?: string;
  /** The value that is wrong, when it is short text (a bad kind or lane). */
  value?: string;
  /** Reads after the path: "nodes[3].kind must be one of start, stage, decision, end". */
  message: string;
}

/** The valid part of a process and what was wrong with the rest. */
export interface ProcessCheck {
  process: Process;
  issues: ProcessIssue[];
}

// A shallow copy that keeps extra fields; an object whose getters throw keeps only the known ones.
function copy(raw: object): Record<string, unknown> {
  try {
    return { ...raw };
  } catch {
    return {};
  }
}

function shortText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 60) : undefined;
}

function listAt(input: unknown, key: 'nodes' | 'edges', limit: number, issues: ProcessIssue[]): unknown[] {
  const value = read(input, key);
  if (!Array.isArray(value)) {
    issues.push({ path: key, code: 'not-a-list', message: 'must be a list' });
    return [];
  }
  if (value.length > limit) {
    issues.push({ path: key, code: 'too-many', value: String(value.length), message: `has ${value.length} items; only the first ${limit} are shown` });
  }
  return value.slice(0, limit);
}

/**
 * Checks a process given as JSON and keeps its valid part. A node needs a unique non-blank `id`, a
 * non-blank `label`, a `kind` of PROCESS_NODE_KINDS and, if given, a `lane` of BLUEPRINT_LANES;
 * an edge needs `from` and `to` naming valid nodes. Invalid nodes are left out with an issue; an
 * edge touching a left-out node is left out too (`invalid-node`), and one naming no node at all is
 * `unknown-node`. Lists longer than PROCESS_LIMITS are cut. Never throws.
 */
export function validateProcess(input: unknown): ProcessCheck {
  const issues: ProcessIssue[] = [];
  const process: Process = { nodes: [], edges: [] };
  if (!isRecord(input)) {
    issues.push({ path: '', code: 'not-an-object', message: 'must be an object with nodes and edges' });
    return { process, issues };
  }
  const seen = new Set<string>();
  const invalid = new Set<string>();
  listAt(input, 'nodes', PROCESS_LIMITS.nodes, issues).forEach((raw, i) => {
    const path = `nodes[${i}]`;
    if (!isRecord(raw)) {
      issues.push({ path, code: 'not-an-object-item', message: 'must be an object' });
      return;
    }
    const id = read(raw, 'id');
    if (!nonEmptyString(id)) {
      issues.push({ path: `${path}.id`, code: 'missing-id', message: 'must be a non-empty string' });
      return;
    }
    if (seen.has(id)) {
      issues.push({ path: `${path}.id`, code: 'duplicate-id', id, message: `repeats the id "${id}" of an earlier node` });
      return;
    }
    seen.add(id);
    const label = read(raw, 'label');
    const kind = read(raw, 'kind');
    const lane = read(raw, 'lane');
    let ok = true;
    if (!nonEmptyString(label)) {
      issues.push({ path: `${path}.label`, code: 'missing-label', id, message: 'must be a non-empty string' });
      ok = false;
    }
    if (!(PROCESS_NODE_KINDS as readonly unknown[]).includes(kind)) {
      issues.push({ path: `${path}.kind`, code: 'bad-kind', id, value: shortText(kind) ?? String(kind), message: `must be one of ${PROCESS_NODE_KINDS.join(', ')}` });
      ok = false;
    }
    if (lane !== undefined && !(BLUEPRINT_LANES as readonly unknown[]).includes(lane)) {
      issues.push({ path: `${path}.lane`, code: 'bad-lane', id, value: shortText(lane) ?? String(lane), message: `must be one of ${BLUEPRINT_LANES.join(', ')}` });
      ok = false;
    }
    if (!ok) {
      invalid.add(id);
      return;
    }
    process.nodes.push({ ...copy(raw), id, label: label as string, kind: kind as ProcessNodeKind } as ProcessNode);
  });
  const valid = new Set(process.nodes.map((n) => n.id));
  listAt(input, 'edges', PROCESS_LIMITS.edges, issues).forEach((raw, i) => {
    const path = `edges[${i}]`;
    if (!isRecord(raw)) {
      issues.push({ path, code: 'not-an-object-item', message: 'must be an object' });
      return;
    }
    let ok = true;
    const ends = { from: read(raw, 'from'), to: read(raw, 'to') };
    for (const end of ['from', 'to'] as const) {
      const id = ends[end];
      if (typeof id === 'string' && valid.has(id)) continue;
      ok = false;
      if (typeof id === 'string' && invalid.has(id)) {
        issues.push({ path: `${path}.${end}`, code: 'invalid-node', id, message: `names node "${id}", which is invalid` });
      } else {
        const text = shortText(id);
        issues.push({
          path: `${path}.${end}`, code: 'unknown-node', ...(text !== undefined ? { id: text } : {}),
          message: text !== undefined ? `names "${text}", which is not a node` : 'must be the id of a node',
        });
      }
    }
    if (!ok) return;
    const label = read(raw, 'label');
    const edge = { ...copy(raw), from: ends.from as string, to: ends.to as string } as ProcessEdge;
    if (typeof label === 'string') edge.label = label;
    else delete edge.label;
    process.edges.push(edge);
  });
  return { process, issues };
}

/** The lane a node is drawn in: its own, else stages, starts and ends in front-stage, decisions in back-stage. */
export function nodeLane(node: Pick<ProcessNode, 'kind' | 'lane'>): BlueprintLane {
  if (node.lane && (BLUEPRINT_LANES as readonly string[]).includes(node.lane)) return node.lane;
  return node.kind === 'decision' ? 'backstage' : 'frontstage';
}

/**
 * Which edges go back: explicitly marked ones (`back: true`), self-loops, and those that close a
 * cycle in a depth-first walk that starts at start nodes and otherwise follows node order. Returns
 * their indexes in `process.edges`. Edges whose ends are not nodes are ignored.
 */
export function backEdges(process: Process): Set<number> {
  const back = new Set<number>();
  const out = new Map<string, number[]>();
  for (const n of process.nodes) out.set(n.id, []);
  process.edges.forEach((e, i) => {
    if (e.back === true || e.from === e.to) back.add(i);
    else out.get(e.from)?.push(i);
  });
  // 0 unvisited, 1 on the current path, 2 done. Iterative, so a 500-step chain cannot overflow the stack.
  const state = new Map<string, number>();
  const roots = [...process.nodes.filter((n) => n.kind === 'start'), ...process.nodes];
  for (const root of roots) {
    if (state.get(root.id)) continue;
    state.set(root.id, 1);
    const stack: [string, number][] = [[root.id, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = out.get(top[0]) ?? [];
      if (top[1] >= edges.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const i = edges[top[1]++]!;
      const to = process.edges[i]!.to;
      const s = state.get(to);
      if (s === 1) back.add(i);
      else if (!s && out.has(to)) {
        state.set(to, 1);
        stack.push([to, 0]);
      }
    }
  }
  return back;
}

/** Blueprint items for one stage, in the lanes other than front-stage (where the stage itself is). */
export type LaneContent = Partial<Record<Exclude<BlueprintLane, 'frontstage'>, string>>;

/** Options of `processFromPipeline`. */
export interface ProcessFromPipelineOptions {
  /** Stage labels in this locale (stages from templates carry every built-in locale). */
  locale?: string;
  /** The words for start, the decision and edge labels; each defaults to its term id. */
  terms?: Partial<ProcessTerms>;
  /** Deals of the pipeline: moves back between open stages in their history become back-edges with counts. */
  deals?: readonly Deal[];
  /** Blueprint items per open stage; when given, every node gets a lane and items link to their stage. */
  lanes?: (stage: Stage) => LaneContent | undefined;
}

// Consecutive open-stage visits of a deal (history, then its current stage) that go to an earlier stage.
function countBackMoves(deals: readonly Deal[], pipeline: Pipeline, order: Map<string, number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const deal of Array.isArray(deals) ? deals : []) {
    if (!isRecord(deal) || deal.pipelineId !== pipeline.id) continue;
    const path = (Array.isArray(deal.history) ? deal.history : []).map((v) => (isRecord(v) ? v.stageId : undefined));
    if (path[path.length - 1] !== deal.stageId) path.push(deal.stageId);
    let previous: string | undefined;
    for (const id of path) {
      if (typeof id !== 'string' || !order.has(id)) continue;
      if (previous !== undefined && order.get(id)! < order.get(previous)!) {
        const key = `${previous}\u0000${id}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      previous = id;
    }
  }
  return counts;
}

// Lost deals by the open stage they were lost in (among `stageIds`) and the lost stage: "from\u0000to" -> count.
function countLostFrom(deals: readonly Deal[], pipeline: Pipeline, stageIds: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const wanted = new Set(stageIds);
  for (const deal of Array.isArray(deals) ? deals : []) {
    if (!isRecord(deal) || deal.pipelineId !== pipeline.id || deal.status !== 'lost') continue;
    const from = lastOpenStageId(deal as Deal, pipeline);
    if (from === undefined || !wanted.has(from)) continue;
    const key = `${from}\u0000${deal.stageId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The process a pipeline runs: start, each open stage in order, then a decision ("won?") with a
 * `yes` edge to the won end and a `no` edge to each lost end. Several won stages are chained in
 * pipeline order (the 5A path: act, then advocate). A pipeline without a lost stage (AIDA, 5A) has
 * nothing to decide, so its last open stage leads straight to the won end; one without a won stage
 * leads to its lost ends. With `deals`, deals lost in an earlier stage leave from it to their lost
 * end (`term: 'lost'`, with their number as `count`); those lost in the last stage go through the
 * decision. Back-edges (`term: 'back'`): from each open stage to the one before when
 * the policy allows going back, plus every move back between open stages seen in `deals` (with the
 * number of moves as `count`). Malformed stages are skipped.
 *
 * With `lanes`, the blueprint version: every derived node is in front-stage, and each open stage's
 * items (evidence, customer, back-stage, support) become nodes `_lane:<stageId>:<lane>` linked
 * downwards (evidence -> customer -> stage -> back-stage -> support) by `lane` edges.
 */
export function processFromPipeline(pipeline: Pipeline, options: ProcessFromPipelineOptions = {}): Process {
  const term = (t: ProcessTerm): string => options.terms?.[t] ?? t;
  const stages = wellFormedStages(pipeline);
  const label = (s: Stage): string => (nonEmptyString(s.label) ? stageLabel(s, options.locale) : s.id);
  const open = stages.filter((s) => s.kind === 'open');
  const won = stages.filter((s) => s.kind === 'won');
  const lost = stages.filter((s) => s.kind === 'lost');
  const blueprint = typeof options.lanes === 'function';
  const lane = blueprint ? { lane: 'frontstage' as const } : {};
  const nodes: ProcessNode[] = [{ id: PROCESS_START_ID, label: term('start'), kind: 'start', term: 'start', ...lane }];
  const edges: ProcessEdge[] = [];
  for (const s of open) nodes.push({ id: s.id, label: label(s), kind: 'stage', stageId: s.id, ...lane });

  const decision = won.length > 0 && lost.length > 0;
  if (decision) nodes.push({ id: PROCESS_DECISION_ID, label: term('decision'), kind: 'decision', term: 'decision', ...lane });
  for (const s of won) nodes.push({ id: s.id, label: label(s), kind: 'end', stageId: s.id, outcome: 'won', ...lane });
  for (const s of lost) nodes.push({ id: s.id, label: label(s), kind: 'end', stageId: s.id, outcome: 'lost', ...lane });

  // The main line: start, the open stages, then the decision or the outcome.
  const line = [PROCESS_START_ID, ...open.map((s) => s.id)];
  for (let i = 1; i < line.length; i++) edges.push({ from: line[i - 1]!, to: line[i]! });
  const last = line[line.length - 1]!;
  if (decision) {
    edges.push({ from: last, to: PROCESS_DECISION_ID });
    edges.push({ from: PROCESS_DECISION_ID, to: won[0]!.id, label: term('yes'), term: 'yes' });
    for (const s of lost) edges.push({ from: PROCESS_DECISION_ID, to: s.id, label: term('no'), term: 'no' });
  } else if (won.length > 0) {
    edges.push({ from: last, to: won[0]!.id });
  } else {
    for (const s of lost) edges.push({ from: last, to: s.id });
  }
  for (let i = 1; i < won.length; i++) edges.push({ from: won[i - 1]!.id, to: won[i]!.id });
  // Deals lost before the last stage leave from the stage they were lost in (those lost in the last
  // one go through the decision), with how many.
  if (options.deals && decision) {
    for (const [key, count] of countLostFrom(options.deals, pipeline, open.slice(0, -1).map((s) => s.id))) {
      const [from, to] = key.split('\u0000') as [string, string];
      edges.push({ from, to, label: term('lost'), term: 'lost', count });
    }
  }

  // Going back: one step back per stage when the policy allows it, and whatever the data shows.
  const order = new Map(open.map((s, i) => [s.id, i]));
  const backs = new Map<string, ProcessEdge>();
  if (pipelinePolicy(pipeline).allowBackward) {
    for (let i = 1; i < open.length; i++) {
      backs.set(`${open[i]!.id}\u0000${open[i - 1]!.id}`, { from: open[i]!.id, to: open[i - 1]!.id, label: term('back'), term: 'back', back: true });
    }
  }
  if (options.deals) {
    for (const [key, count] of countBackMoves(options.deals, pipeline, order)) {
      const [from, to] = key.split('\u0000') as [string, string];
      backs.set(key, { from, to, label: term('back'), term: 'back', back: true, count });
    }
  }
  edges.push(...backs.values());

  if (blueprint) {
    for (const s of open) {
      let content: LaneContent | undefined;
      try {
        content = options.lanes!(s);
      } catch {
        content = undefined;
      }
      const column: string[] = [];
      for (const l of BLUEPRINT_LANES) {
        if (l === 'frontstage') {
          column.push(s.id);
          continue;
        }
        const text = content?.[l];
        if (!nonEmptyString(text)) continue;
        const id = `_lane:${s.id}:${l}`;
        nodes.push({ id, label: text, kind: 'stage', lane: l, stageId: s.id });
        column.push(id);
      }
      for (let i = 1; i < column.length; i++) edges.push({ from: column[i - 1]!, to: column[i]!, term: 'lane' });
    }
  }
  return { nodes, edges };
}

export {
  findBottleneck, processMetrics, validateMetrics,
  type Bottleneck, type MetricsIssue, type MetricsIssueCode, type NodeMetrics, type ProcessMetricsOptions,
} from './process-metrics.js';
