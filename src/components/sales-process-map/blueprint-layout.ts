/**
 * The service blueprint's layout (`view="blueprint"`): lanes, columns, stacked nodes and the lines
 * between lanes. Loaded with the blueprint's lane texts (blueprint-content.ts), so a flowchart never
 * downloads it; the text measuring, edge routing and drawing it shares with the flowchart are in
 * process-map-layout.ts (handed over as `kit`).
 */
import type { BlueprintLane } from '../../core/process.js';
import type { LayoutInput, LayoutKit, MapEdge, MapEdgeIn, MapLane, MapLayout, MapLine, MapNode } from './process-map-layout.js';

/**
 * Columns: nodes reachable from a start node (or, without one, every node) take the longest path
 * over the forward edges (as early as possible), where an edge within a lane moves one column on,
 * an edge between lanes may stay in the same column, and a node always comes after every earlier
 * node of its own lane on any path. The rest (blueprint items leading into the flow, such as
 * evidence and customer actions) go as late as possible, so each lines up with what it leads to.
 */
function columns(nodes: MapNode[], edges: readonly MapEdgeIn[], BLUEPRINT_LANES: LayoutKit['BLUEPRINT_LANES']): Map<string, number> {
  const lane = new Map(nodes.map((n) => [n.id, BLUEPRINT_LANES.indexOf(n.lane)]));
  const preds = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (e.back || e.from === e.to) continue;
    preds.get(e.to)?.push(e.from);
    succs.get(e.from)?.push(e.to);
  }
  // Kahn's order; nodes left over (a cycle no back-edge broke) follow in input order.
  const indegree = new Map(nodes.map((n) => [n.id, preds.get(n.id)!.length]));
  const order: string[] = [];
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    order.push(v);
    for (const w of succs.get(v)!) {
      const d = indegree.get(w)! - 1;
      indegree.set(w, d);
      if (d === 0) queue.push(w);
    }
  }
  const done = new Set(order);
  for (const n of nodes) if (!done.has(n.id)) order.push(n.id);

  const starts = nodes.filter((n) => n.kind === 'start').map((n) => n.id);
  const early = new Set<string>(starts.length ? starts : nodes.map((n) => n.id));
  for (const v of order) if (early.has(v)) for (const w of succs.get(v)!) early.add(w);

  const minlen = (u: string, v: string) => (lane.get(u) === lane.get(v) ? 1 : 0);
  const rank = new Map<string, number>();
  const laneMax = new Map<string, number[]>();
  for (const v of order) {
    if (!early.has(v)) continue;
    let r = 0;
    const lm = [-1, -1, -1, -1, -1];
    for (const u of preds.get(v)!) {
      const ru = rank.get(u);
      if (ru === undefined) continue;
      r = Math.max(r, ru + minlen(u, v));
      const m = laneMax.get(u)!;
      for (let k = 0; k < 5; k++) lm[k] = Math.max(lm[k]!, m[k]!);
      lm[lane.get(u)!] = Math.max(lm[lane.get(u)!]!, ru);
    }
    rank.set(v, Math.max(r, lm[lane.get(v)!]! + 1));
    laneMax.set(v, lm);
  }
  // The rest, latest first: the smallest column a successor allows, before any same-lane descendant.
  const descMin = new Map<string, number[]>();
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    const dm = [Infinity, Infinity, Infinity, Infinity, Infinity];
    let limit = Infinity;
    for (const w of succs.get(v)!) {
      const m = descMin.get(w)!;
      for (let k = 0; k < 5; k++) dm[k] = Math.min(dm[k]!, m[k]!);
      dm[lane.get(w)!] = Math.min(dm[lane.get(w)!]!, rank.get(w)!);
      limit = Math.min(limit, rank.get(w)! - minlen(v, w));
    }
    if (!early.has(v)) rank.set(v, Math.max(0, Number.isFinite(limit) ? Math.min(limit, dm[lane.get(v)!]! - 1) : 0));
    descMin.set(v, dm);
  }
  return rank;
}

/** Lays out a process as a service blueprint: five lanes, columns by the longest path. */
export function layoutBlueprint(input: LayoutInput, kit: LayoutKit): MapLayout {
  const { BLUEPRINT_LANES, sized, wrap, textWidth, routeBack, edgeFromPoints, finish, EDGE_SIZE, LANE_SIZE, LINE_SIZE, HEADER, MARGIN } = kit;
  const font = input.font;
  const nodes = input.nodes.map((n) => sized(n, 120, font));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rank = columns(nodes, input.edges, BLUEPRINT_LANES);
  // Each column as wide as its widest node, plus room for arrows.
  const cols = Math.max(0, ...nodes.map((n) => rank.get(n.id) ?? 0)) + 1;
  const colW = new Array<number>(cols).fill(88);
  for (const n of nodes) colW[rank.get(n.id) ?? 0] = Math.max(colW[rank.get(n.id) ?? 0]!, n.w);
  // The gap after a column holds the widest label of an arrow leaving it to the right.
  const gaps = new Array<number>(cols).fill(44);
  for (const e of input.edges) {
    const from = rank.get(e.from) ?? 0;
    if (e.label && !e.back && (rank.get(e.to) ?? 0) > from) gaps[from] = Math.max(gaps[from]!, textWidth(e.label, EDGE_SIZE, font) + 40);
  }
  const colX: number[] = [];
  let cx = HEADER;
  colW.forEach((w, c) => {
    colX.push(cx + w / 2 + 22);
    cx += w + gaps[c]!;
  });
  // Stack nodes that share a lane and a column.
  const slots = new Map<string, number>();
  const stack = new Map<string, number>();
  for (const n of nodes) {
    const key = `${n.lane}|${rank.get(n.id)}`;
    const i = slots.get(key) ?? 0;
    slots.set(key, i + 1);
    stack.set(n.id, i);
  }
  // Back-edges run in channels under their nodes, in the lower of their two lanes, which grows to hold them.
  const back = input.edges.filter((e) => e.back || (rank.get(e.to) ?? 0) < (rank.get(e.from) ?? 0));
  const isBack = new Set(back);
  const channelLane = (e: MapEdgeIn) => BLUEPRINT_LANES[Math.max(
    BLUEPRINT_LANES.indexOf(byId.get(e.from)!.lane), BLUEPRINT_LANES.indexOf(byId.get(e.to)!.lane))]!;
  const edges: MapEdge[] = [];
  const lanes: MapLane[] = [];
  let y = 0;
  for (const id of BLUEPRINT_LANES) {
    const members = nodes.filter((n) => n.lane === id);
    // Each row of the lane as tall as its tallest node.
    const rowH: number[] = [56];
    for (const n of members) {
      const r = stack.get(n.id) ?? 0;
      rowH[r] = Math.max(rowH[r] ?? 56, n.h + 16);
    }
    const rowTop = rowH.map((_h, r) => rowH.slice(0, r).reduce((a, b) => a + (b ?? 56), 0));
    const label = wrap(input.lanes[id], HEADER - 24, LANE_SIZE, font, 600, 2);
    let h = Math.max(rowTop[rowTop.length - 1]! + (rowH[rowH.length - 1] ?? 56) + 16, label.length * 15 + 48);
    for (const n of members) {
      const r = stack.get(n.id) ?? 0;
      n.x = colX[rank.get(n.id) ?? 0]!;
      n.y = y + 8 + rowTop[r]! + (rowH[r] ?? 56) / 2;
    }
    const routed = routeBack(back.filter((e) => channelLane(e) === id), byId, members, false, font);
    for (const e of routed) {
      for (const p of e.points) h = Math.max(h, p.y - y + (e.label ? 12 : 8));
    }
    edges.push(...routed);
    h = Math.ceil(h);
    lanes.push({ id, label, y, h });
    y += h;
  }
  const width = Math.ceil(cx + MARGIN);
  const laneOf = (id: BlueprintLane) => lanes[BLUEPRINT_LANES.indexOf(id)]!;
  const lines: MapLine[] = (['interaction', 'visibility', 'internal'] as const).map((id, i) => ({
    id, label: wrap(input.lines[id], HEADER - 16, LINE_SIZE, font, 400, 2), y: laneOf(BLUEPRINT_LANES[i + 2]!).y,
  }));

  const forwardOut = new Map<string, number>();
  for (const e of input.edges) {
    if (!isBack.has(e) && (rank.get(e.to) ?? 0) > (rank.get(e.from) ?? 0)) forwardOut.set(e.from, (forwardOut.get(e.from) ?? 0) + 1);
  }
  const branching = new Set([...forwardOut].filter(([, n]) => n > 1).map(([id]) => id));
  for (const e of input.edges) {
    if (isBack.has(e)) continue;
    const s = byId.get(e.from)!;
    const t = byId.get(e.to)!;
    if (rank.get(s.id) === rank.get(t.id)) {
      const down = t.y >= s.y;
      const p0 = { x: s.x, y: s.y + (down ? 1 : -1) * s.h / 2 };
      const p1 = { x: t.x, y: t.y - (down ? 1 : -1) * t.h / 2 };
      edges.push(edgeFromPoints(e, [p0, p1], undefined, font));
      continue;
    }
    const p0 = { x: s.x + s.w / 2, y: s.y };
    const p3 = { x: t.x - t.w / 2, y: t.y };
    // Branches turn right after leaving their node, so each has its own last stretch for its label.
    const mid = branching.has(e.from) ? p0.x + 14 : (p0.x + p3.x) / 2;
    edges.push(edgeFromPoints(e, [p0, { x: mid, y: p0.y }, { x: mid, y: p3.y }, p3], { x: (mid + p3.x) / 2, y: p3.y }, font));
  }
  return finish({ view: 'blueprint', direction: 'LR', width, height: y, nodes, edges, lanes, lines, byId });
}
