/**
 * The lazily loaded half of `<sales-process-map>` (with @dagrejs/dagre): measures and wraps text,
 * lays a flowchart out (the blueprint's lanes and columns are in blueprint-layout.ts, loaded only
 * for that view), draws the SVG content, and writes a standalone SVG. The element loads it with a dynamic import on first render, so pages
 * that never show a map never download the layout library.
 */
import { Graph, layout as dagreLayout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import { nothing, svg, type SVGTemplateResult } from 'lit';
import { BLUEPRINT_LANES, type BlueprintLane, type ProcessNodeKind } from '../../core/process.js';
import type { BlueprintLine } from './strings.js';

/** A node to lay out: its label and optional numbers line. */
export interface MapNodeIn {
  id: string;
  kind: ProcessNodeKind;
  lane: BlueprintLane;
  label: string;
  meta?: string;
  outcome?: 'won' | 'lost';
}

/** An edge to lay out. `back` edges are routed around the nodes; `lane` edges link blueprint items. */
export interface MapEdgeIn {
  from: string;
  to: string;
  label?: string;
  back: boolean;
  lane: boolean;
}

/** What to lay out, and the words the drawing needs. */
export interface LayoutInput {
  view: 'flow' | 'blueprint';
  direction: 'LR' | 'TB';
  nodes: readonly MapNodeIn[];
  edges: readonly MapEdgeIn[];
  /** CSS font family the text is measured (and drawn) in. */
  font: string;
  lanes: Record<BlueprintLane, string>;
  lines: Record<BlueprintLine, string>;
}

interface Point {
  x: number;
  y: number;
}

/** A placed node: centre `x`, `y`, size `w`, `h`, and its label wrapped into lines. */
export interface MapNode extends MapNodeIn {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

/** A routed edge: its SVG path, arrowhead polygon and label box (centre `lx`, `ly`, width `lw`). */
export interface MapEdge extends MapEdgeIn {
  d: string;
  arrow: string;
  lx: number;
  ly: number;
  lw: number;
  /** The line's points (the path is drawn through them with rounded corners). */
  points: Point[];
  /** The arrowhead's corners. */
  head: Point[];
}

/** A blueprint lane band. */
export interface MapLane {
  id: BlueprintLane;
  label: string[];
  y: number;
  h: number;
}

/** A blueprint separator line. */
export interface MapLine {
  id: BlueprintLine;
  label: string[];
  y: number;
}

/** A laid-out process, in user units (1 unit = 1 CSS pixel at zoom 1). */
export interface MapLayout {
  view: 'flow' | 'blueprint';
  /** Which way the flow runs (a blueprint always left to right). */
  direction: 'LR' | 'TB';
  width: number;
  height: number;
  nodes: MapNode[];
  edges: MapEdge[];
  lanes: MapLane[];
  lines: MapLine[];
  byId: Map<string, MapNode>;
}

// Text is never smaller than 12px at zoom 1 (issue 13: readable at 100 %).
const LABEL_SIZE = 13;
const META_SIZE = 12;
const EDGE_SIZE = 12;
const LANE_SIZE = 12;
const LINE_SIZE = 12;
const LABEL_LEAD = 16;
const META_LEAD = 15;
const PAD_X = 12;
const PAD_Y = 8;
const MAX_LINES = 3;
const HEADER = 150;
const MARGIN = 16;
// Distance between two back-edge channels (room for a label box).
const CHANNEL = 22;
// Above this many nodes dagre skips its crossing-reduction sweeps, which cost most of the time.
const QUICK_ORDER_NODES = 120;

// ---------------------------------------------------------------------------------------------
// Text

let context: CanvasRenderingContext2D | null | undefined;
let contextFont = '';
const widths = new Map<string, number>();
// Ranges of wide (CJK) characters: lines may break between any two of them.
const CJK = '\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const WIDE = new RegExp(`[${CJK}]`);
const ENDS_WIDE = new RegExp(`[${CJK}]$`);

/** The width of `text` in px at `size` (canvas metrics; an estimate where there is no canvas). */
export function textWidth(text: string, size: number, font: string, weight = 400): number {
  const key = `${weight} ${size} ${font}\u0000${text}`;
  let w = widths.get(key);
  if (w !== undefined) return w;
  if (context === undefined) {
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
  }
  if (context) {
    // Setting a font parses it: only when it changes.
    const css = `${weight} ${size}px ${font}`;
    if (css !== contextFont) {
      context.font = css;
      contextFont = css;
    }
    w = context.measureText(text).width;
  } else {
    w = 0;
    for (const ch of text) w += size * (WIDE.test(ch) ? 1 : 0.58);
  }
  if (widths.size > 20_000) widths.clear();
  widths.set(key, w);
  return w;
}

// Words, and CJK characters (each with a closing punctuation mark it must not be parted from).
const TOKENS = new RegExp(`[${CJK}][，。、；：！？）」』》]?|[^\\s${CJK}]+| `, 'g');

function tokenize(text: string): string[] {
  return text.replace(/\s+/g, ' ').trim().match(TOKENS) ?? [];
}

/**
 * `text` broken into lines of at most `max` px: at spaces, and between any two CJK characters;
 * a word longer than a line is broken by character. More than `maxLines` lines end in an ellipsis.
 */
export function wrap(text: string, max: number, size: number, font: string, weight = 400, maxLines = MAX_LINES): string[] {
  const tokens = tokenize(text);
  const width = (s: string) => textWidth(s, size, font, weight);
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const token of tokens) {
    const next = line + token;
    if (width(next.trim()) <= max || !line.trim()) {
      line = next;
    } else {
      push();
      line = token === ' ' ? '' : token;
    }
    // A single token wider than a line: cut it by character.
    while (width(line.trim()) > max && [...line.trim()].length > 1) {
      const chars = [...line.trim()];
      let n = chars.length - 1;
      while (n > 1 && width(chars.slice(0, n).join('')) > max) n--;
      lines.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  push();
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = `${kept[maxLines - 1]}…`;
    while (width(last) > max && last.length > 2) last = `${[...last].slice(0, -2).join('')}…`;
    kept[maxLines - 1] = last;
    return kept;
  }
  return lines.length ? lines : [''];
}

// ---------------------------------------------------------------------------------------------
// Geometry

// Wrapped to the narrowest width that needs no more lines, so no line is left with one word.
function balanced(text: string, max: number, font: string): string[] {
  let lines = wrap(text, max, LABEL_SIZE, font, 600);
  if (lines.length < 2 || lines[lines.length - 1]!.endsWith('…')) return lines;
  // Never narrower than the widest word, which would then be cut.
  let lo = Math.max(max / 3, ...tokenize(text).map((w) => Math.min(max, textWidth(w, LABEL_SIZE, font, 600))));
  let hi = max;
  for (let i = 0; i < 6; i++) {
    const mid = (lo + hi) / 2;
    const attempt = wrap(text, mid, LABEL_SIZE, font, 600);
    if (attempt.length === lines.length && !attempt[attempt.length - 1]!.endsWith('…')) {
      hi = mid;
      lines = attempt;
    } else {
      lo = mid;
    }
  }
  return lines;
}

function sized(n: MapNodeIn, maxText: number, font: string): MapNode {
  const lines = balanced(n.label, maxText, font);
  let textW = 0;
  for (const l of lines) textW = Math.max(textW, textWidth(l, LABEL_SIZE, font, 600));
  if (n.meta) textW = Math.max(textW, textWidth(n.meta, META_SIZE, font));
  const textH = lines.length * LABEL_LEAD + (n.meta ? META_LEAD + 2 : 0);
  let w: number;
  let h = textH + 2 * PAD_Y;
  if (n.kind === 'decision') {
    // A diamond whose half-diagonals a, b (a = 1.3 b) contain the text box's corners.
    const a = (textW + textH * 1.3) / 2 + 8;
    w = 2 * a;
    h = w / 1.3;
  } else if (n.kind === 'stage') {
    w = Math.max(textW + 2 * PAD_X, 88);
  } else {
    w = Math.max(textW + 2 * PAD_X + h * 0.5, 72);
  }
  return { ...n, lines, x: 0, y: 0, w: Math.ceil(w), h: Math.ceil(h) };
}

/** Where the ray from the node's centre towards `p` leaves its shape. */
function clip(n: MapNode, p: Point): Point {
  const dx = p.x - n.x;
  const dy = p.y - n.y;
  if (dx === 0 && dy === 0) return { x: n.x, y: n.y };
  const a = n.w / 2;
  const b = n.h / 2;
  const s = n.kind === 'decision'
    ? 1 / (Math.abs(dx) / a + Math.abs(dy) / b)
    : Math.min(dx ? a / Math.abs(dx) : Infinity, dy ? b / Math.abs(dy) : Infinity);
  return { x: n.x + dx * s, y: n.y + dy * s };
}

/** Distance from the centre to the shape's edge along the cross axis, `off` away from the centre on the main axis. */
function crossExtent(n: MapNode, off: number, tb: boolean): number {
  const main = tb ? n.h / 2 : n.w / 2;
  const cross = tb ? n.w / 2 : n.h / 2;
  return n.kind === 'decision' ? cross * Math.max(0, 1 - Math.abs(off) / main) : cross;
}

const round = (v: number) => Math.round(v * 10) / 10;
const pt = (p: Point) => `${round(p.x)} ${round(p.y)}`;

// A polyline with rounded corners; the end is pulled back so the arrowhead's tip is the end point.
function polyPath(points: Point[], radius = 10): string {
  let d = `M${pt(points[0]!)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const a = points[i - 1]!;
    const b = points[i + 1]!;
    const la = Math.hypot(p.x - a.x, p.y - a.y);
    const lb = Math.hypot(b.x - p.x, b.y - p.y);
    const r = Math.min(radius, la / 2, lb / 2);
    if (r < 0.5 || !la || !lb) {
      d += `L${pt(p)}`;
      continue;
    }
    const p1 = { x: p.x + ((a.x - p.x) / la) * r, y: p.y + ((a.y - p.y) / la) * r };
    const p2 = { x: p.x + ((b.x - p.x) / lb) * r, y: p.y + ((b.y - p.y) / lb) * r };
    d += `L${pt(p1)}Q${pt(p)} ${pt(p2)}`;
  }
  return `${d}L${pt(points[points.length - 1]!)}`;
}

const ARROW = 8;

/** The arrowhead at `tip` coming from direction `from`, and the point the line should stop at. */
function arrowAt(tip: Point, from: Point): { head: Point[]; base: Point } {
  const len = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / len;
  const uy = (tip.y - from.y) / len;
  const base = { x: tip.x - ux * ARROW, y: tip.y - uy * ARROW };
  const half = ARROW * 0.55;
  const head = [tip, { x: base.x - uy * half, y: base.y + ux * half }, { x: base.x + uy * half, y: base.y - ux * half }];
  return { head, base: { x: tip.x - ux * (ARROW - 1), y: tip.y - uy * (ARROW - 1) } };
}

function edgeFromPoints(e: MapEdgeIn, points: Point[], label: Point | undefined, font: string): MapEdge {
  const tip = points[points.length - 1]!;
  const { head, base } = arrowAt(tip, points[points.length - 2] ?? tip);
  const middle = label ?? midpoint(points);
  return {
    ...e, d: '', arrow: '', points: [...points.slice(0, -1), base], head,
    lx: middle.x, ly: middle.y, lw: e.label ? Math.ceil(textWidth(e.label, EDGE_SIZE, font)) + 8 : 0,
  };
}

// Writes the path and arrowhead of every edge once its points are final.
function finish(layout: MapLayout): MapLayout {
  for (const e of layout.edges) {
    e.d = polyPath(e.points);
    e.arrow = e.head.map((p) => `${round(p.x)},${round(p.y)}`).join(' ');
  }
  return layout;
}

// The point halfway along a polyline.
function midpoint(points: Point[]): Point {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    if (l >= left && l > 0) return { x: a.x + ((b.x - a.x) * left) / l, y: a.y + ((b.y - a.y) * left) / l };
    left -= l;
  }
  return points[0] ?? { x: 0, y: 0 };
}

interface Channel {
  lo: number;
  hi: number;
  at: number;
}

/**
 * Routes back-edges around the drawing: out of the source's far side (below in LR, right in TB),
 * along a channel just past every node in between, and into the target's far side. Channels that
 * would overlap step further out.
 */
function routeBack(edges: MapEdgeIn[], byId: Map<string, MapNode>, nodes: readonly MapNode[], tb: boolean, font: string): MapEdge[] {
  const main = (n: MapNode) => (tb ? n.y : n.x);
  const cross = (n: MapNode) => (tb ? n.x : n.y);
  const halfMain = (n: MapNode) => (tb ? n.h : n.w) / 2;
  const halfCross = (n: MapNode) => (tb ? n.w : n.h) / 2;
  const toPoint = (m: number, c: number): Point => (tb ? { x: c, y: m } : { x: m, y: c });
  const placed: Channel[] = [];
  const jobs = edges.map((e) => {
    const s = byId.get(e.from)!;
    const t = byId.get(e.to)!;
    const offS = Math.min(halfMain(s) * 0.4, 26);
    const offT = Math.min(halfMain(t) * 0.4, 26);
    // Leaving towards the target's side, arriving from the source's side, so loops nest.
    const dir = main(t) <= main(s) ? 1 : -1;
    const sm = main(s) - dir * offS;
    const tm = main(t) + dir * offT;
    return { e, s, t, sm, tm, lo: Math.min(sm, tm), hi: Math.max(sm, tm) };
  }).sort((a, b) => (a.hi - a.lo) - (b.hi - b.lo));
  return jobs.map(({ e, s, t, sm, tm, lo, hi }) => {
    let reach = Math.max(cross(s) + halfCross(s), cross(t) + halfCross(t));
    for (const n of nodes) {
      if (main(n) + halfMain(n) >= lo && main(n) - halfMain(n) <= hi) reach = Math.max(reach, cross(n) + halfCross(n));
    }
    const gap = e.label ? CHANNEL : 16;
    let at = reach + gap;
    for (let moved = true; moved;) {
      moved = false;
      for (const c of placed) {
        if (c.hi >= lo - 8 && c.lo <= hi + 8 && Math.abs(c.at - at) < gap) {
          at = c.at + gap;
          moved = true;
        }
      }
    }
    placed.push({ lo, hi, at });
    const points = [
      toPoint(sm, cross(s) + crossExtent(s, sm - main(s), tb)),
      toPoint(sm, at),
      toPoint(tm, at),
      toPoint(tm, cross(t) + crossExtent(t, tm - main(t), tb)),
    ];
    return edgeFromPoints(e, points, toPoint((sm + tm) / 2, at), font);
  });
}

// ---------------------------------------------------------------------------------------------
// Flow: dagre

/**
 * What blueprint-layout.ts uses of this module, handed to it at run time: importing it would make
 * the bundler split this module into a chunk of its own, shared by the two.
 */
export const layoutKit = { BLUEPRINT_LANES, sized, wrap, textWidth, routeBack, edgeFromPoints, finish, EDGE_SIZE, LANE_SIZE, LINE_SIZE, HEADER, MARGIN };
export type LayoutKit = typeof layoutKit;

/** Lays out a process as a flowchart (dagre). */
export function layoutFlow(input: LayoutInput): MapLayout {
  const tb = input.direction === 'TB';
  const nodes = input.nodes.map((n) => sized(n, 130, input.font));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: input.direction, nodesep: 24, ranksep: 40, edgesep: 12, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.w, height: n.h });
  const forward: [MapEdgeIn, string][] = [];
  // Edge labels make dagre put a node on every edge in every other rank, which doubles its work:
  // big graphs place labels on the middle of their edges instead.
  const quick = nodes.length > QUICK_ORDER_NODES;
  input.edges.forEach((e, i) => {
    if (e.back) return;
    const name = String(i);
    const label = e.label && !quick ? { width: textWidth(e.label, EDGE_SIZE, input.font) + 10, height: 17, labelpos: 'c' as const } : {};
    g.setEdge(e.from, e.to, label, name);
    forward.push([e, name]);
  });
  // The branches of a decision keep the order of its edges (yes before no), top to bottom or left to right.
  const constraints: { left: string; right: string }[] = [];
  for (const n of nodes) {
    if (n.kind !== 'decision') continue;
    const next = forward.map(([e]) => e).filter((e) => e.from === n.id && e.to !== n.id).map((e) => e.to);
    for (let i = 1; i < next.length; i++) constraints.push({ left: next[i - 1]!, right: next[i]! });
  }
  dagreLayout(g, quick ? { disableOptimalOrderHeuristic: true } : { constraints });
  for (const n of nodes) {
    const p = g.node(n.id);
    n.x = p.x ?? 0;
    n.y = p.y ?? 0;
  }
  const edges: MapEdge[] = [];
  for (const [e, name] of forward) {
    const info = g.edge(e.from, e.to, name);
    const s = byId.get(e.from)!;
    const t = byId.get(e.to)!;
    const points: Point[] = (info?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    if (points.length < 2) points.splice(0, points.length, { x: s.x, y: s.y }, { x: t.x, y: t.y });
    // dagre ends edges on bounding boxes; diamonds and pills need their real outline.
    points[0] = clip(s, points[1]!);
    points[points.length - 1] = clip(t, points[points.length - 2]!);
    const label = !quick && info && typeof info.x === 'number' && typeof info.y === 'number' ? { x: info.x, y: info.y } : undefined;
    edges.push(edgeFromPoints(e, points, label, input.font));
  }
  edges.push(...routeBack(input.edges.filter((e) => e.back), byId, nodes, tb, input.font));
  return normalize({ view: 'flow', direction: input.direction, width: 0, height: 0, nodes, edges, lanes: [], lines: [], byId });
}

// Moves everything so the drawing starts at the margin, and sizes it to fit.
function normalize(layout: MapLayout): MapLayout {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x0: number, y0: number, x1: number, y1: number) => {
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
  };
  for (const n of layout.nodes) grow(n.x - n.w / 2, n.y - n.h / 2, n.x + n.w / 2, n.y + n.h / 2);
  for (const e of layout.edges) {
    for (const p of [...e.points, ...e.head]) grow(p.x, p.y, p.x, p.y);
    if (e.label) grow(e.lx - e.lw / 2, e.ly - 9, e.lx + e.lw / 2, e.ly + 9);
  }
  if (!Number.isFinite(minX)) return { ...layout, width: 2 * MARGIN, height: 2 * MARGIN };
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const move = (p: Point) => {
    p.x += dx;
    p.y += dy;
  };
  layout.nodes.forEach(move);
  for (const e of layout.edges) {
    e.points.forEach(move);
    e.head.forEach(move);
    e.lx += dx;
    e.ly += dy;
  }
  layout.width = Math.ceil(maxX - minX + 2 * MARGIN);
  layout.height = Math.ceil(maxY - minY + 2 * MARGIN);
  return finish(layout);
}

// ---------------------------------------------------------------------------------------------
// Drawing

interface Shape {
  rect?: { x: number; y: number; w: number; h: number; r: number };
  points?: string;
}

// The node's outline relative to its centre, `grow` px bigger on every side.
function shapeOf(n: MapNode, grow = 0): Shape {
  const w = n.w + 2 * grow;
  const h = n.h + 2 * grow;
  if (n.kind === 'decision') {
    const k = 1 + (2 * grow) / n.h;
    const a = (n.w / 2) * k;
    const b = (n.h / 2) * k;
    return { points: `0,${round(-b)} ${round(a)},0 0,${round(b)} ${round(-a)},0` };
  }
  const r = n.kind === 'stage' ? 8 + grow : h / 2;
  return { rect: { x: round(-w / 2), y: round(-h / 2), w: round(w), h: round(h), r: round(r) } };
}

// Baselines of a node's label lines and numbers line, relative to its centre.
function textRows(n: MapNode): { label: number[]; meta: number | undefined } {
  const textH = n.lines.length * LABEL_LEAD + (n.meta ? META_LEAD + 2 : 0);
  const top = -textH / 2;
  const label = n.lines.map((_l, i) => round(top + LABEL_LEAD * (i + 0.5) + LABEL_SIZE * 0.35));
  const meta = n.meta ? round(top + n.lines.length * LABEL_LEAD + 2 + META_LEAD / 2 + META_SIZE * 0.35) : undefined;
  return { label, meta };
}

// Line `i` of wrapped text; all but the last end in a space (not drawn), so the text of the lines
// reads as the words it wraps, for assistive technology and for copying.
function joined(lines: readonly string[], i: number): string {
  return i < lines.length - 1 && !ENDS_WIDE.test(lines[i]!) ? `${lines[i]} ` : lines[i]!;
}

/** What the drawing needs from the element for each node. */
export interface DrawOptions {
  /** The node with tabindex 0 (roving focus). */
  active: string | undefined;
  bottleneck: string | undefined;
  /** The accessible name of a node. */
  describe: (id: string) => string;
}

function nodeClass(n: MapNode, bottleneck: string | undefined): string {
  return `node ${n.kind} lane-${n.lane}${n.outcome ? ` ${n.outcome}` : ''}${n.id === bottleneck ? ' bottleneck' : ''}`;
}

function drawShape(n: MapNode, cls: string, grow = 0): SVGTemplateResult {
  const s = shapeOf(n, grow);
  return s.rect
    ? svg`<rect class=${cls} x=${s.rect.x} y=${s.rect.y} width=${s.rect.w} height=${s.rect.h} rx=${s.rect.r}></rect>`
    : svg`<polygon class=${cls} points=${s.points!}></polygon>`;
}

/** The SVG content (lanes, lines, edges, nodes) of a laid-out process, for the element's `<svg>`. */
export function drawMap(map: MapLayout, options: DrawOptions): SVGTemplateResult {
  const lanes = map.lanes.map((l) => svg`<g part="lane" class="lane ${l.id}" data-lane=${l.id}>
    <rect class="lane-bg" x="0" y=${l.y} width=${map.width} height=${l.h}></rect>
    ${l.label.map((_text, i) => svg`<text part="lane-label" class="lane-label" x="12" y=${l.y + 20 + i * 15}>${joined(l.label, i)}</text>`)}
  </g>`);
  const lines = map.lines.map((line) => svg`<g part="lane-line" class="line ${line.id}" data-line=${line.id}>
    <line x1="0" x2=${map.width} y1=${line.y} y2=${line.y} vector-effect="non-scaling-stroke"></line>
    ${line.label.map((_text, i) => svg`<text part="line-label" class="line-label" x="12" y=${line.y - 6 - (line.label.length - 1 - i) * 13}>${joined(line.label, i)}</text>`)}
  </g>`);
  const edges = map.edges.map((e) => svg`<g part=${e.back ? 'edge back-edge' : e.lane ? 'edge lane-edge' : 'edge'}
      class="edge${e.back ? ' back' : ''}${e.lane ? ' lane-link' : ''}" data-from=${e.from} data-to=${e.to}>
    <path d=${e.d} vector-effect="non-scaling-stroke"></path>
    <polygon class="arrow" points=${e.arrow}></polygon>
  </g>`);
  // Labels above every line, so no other arrow crosses one.
  const labels = map.edges.filter((e) => e.label).map((e) => svg`<g class="edge${e.back ? ' back' : ''}">
    <rect class="edge-label-bg" x=${round(e.lx - e.lw / 2)} y=${round(e.ly - 9)} width=${e.lw} height="18" rx="4"></rect>
    <text part="edge-label" class="edge-label" x=${round(e.lx)} y=${round(e.ly + 4)}>${e.label}</text>
  </g>`);
  const nodes = map.nodes.map((n) => {
    const rows = textRows(n);
    const bottleneck = n.id === options.bottleneck;
    return svg`<g part=${`node node-${n.kind}${bottleneck ? ' bottleneck' : ''}`} class=${nodeClass(n, options.bottleneck)}
        data-node-id=${n.id} role="button" tabindex=${n.id === options.active ? 0 : -1}
        aria-label=${options.describe(n.id)} transform="translate(${round(n.x)} ${round(n.y)})">
      ${n.id === options.active ? drawShape(n, 'focus-ring', 4) : nothing}
      ${drawShape(n, 'shape')}
      ${n.lines.map((text, i) => svg`<text class="label" y=${rows.label[i]!}>${joined(n.lines, i)}</text>`)}
      ${bottleneck ? svg`<g class="badge" transform="translate(${round(n.kind === 'decision' ? n.w / 4 + 6 : n.w / 2 - 2)} ${round(n.kind === 'decision' ? -n.h / 4 - 6 : -n.h / 2 + 2)})">
        <circle r="9"></circle><text y="4">!</text></g>` : nothing}
    </g>`;
  });
  // The numbers sit outside the node buttons: a button's name is its label plus the spelled-out
  // numbers (in `describe`), and the short visible form would otherwise have to be part of it.
  const metrics = map.nodes.filter((n) => n.meta).map((n) => svg`<text part="metrics" class="meta" data-metrics-for=${n.id}
      x=${round(n.x)} y=${round(n.y + textRows(n).meta!)}>${n.meta}</text>`);
  return svg`<g class="lanes">${lanes}</g><g class="lines">${lines}</g><g class="edges">${edges}</g><g class="labels">${labels}</g><g class="nodes">${nodes}</g>
    <g class="metrics" aria-hidden="true">${metrics}</g>`;
}

// ---------------------------------------------------------------------------------------------
// Export

// Drops what XML 1.0 does not allow: control characters but tab and newlines, lone surrogates, U+FFFE/F.
function xmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) continue;
    out += ch;
  }
  return out;
}

/** `text` safe inside XML text and double-quoted attributes. */
export function escapeXml(text: string): string {
  return xmlChars(String(text)).replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

// What the picture takes from each element's computed style, as presentation attributes: paint for
// every shape, and the font for text.
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray'];
const FONT = ['font-size', 'font-weight', 'font-style', 'text-anchor'];
// Attributes of the live drawing (styling hooks, focus, accessibility) that a picture has no use for.
const LIVE = /^(?:class|part|style|role|tabindex|aria-.*|data-.*)$/;

function exportElement(el: Element, out: string[]): void {
  const style = getComputedStyle(el);
  if (style.display === 'none' || el.classList.contains('focus-ring')) return;
  const name = el.localName;
  let attrs = '';
  for (const a of el.attributes) if (!LIVE.test(a.name)) attrs += ` ${a.name}="${escapeXml(a.value)}"`;
  for (const p of name === 'g' ? [] : name === 'text' ? [...PAINT, ...FONT] : PAINT) {
    const value = style.getPropertyValue(p);
    if (value) attrs += ` ${p}="${escapeXml(value)}"`;
  }
  out.push(`<${name}${attrs}>`);
  for (const child of el.childNodes) {
    if (child instanceof Element) exportElement(child, out);
    // The text of a line without the space that joins it to the next on screen (see `joined`).
    else if (name === 'text' && child.nodeType === Node.TEXT_NODE) out.push(escapeXml((child.textContent ?? '').trimEnd()));
  }
  out.push(`</${name}>`);
}

/**
 * A standalone SVG document of the drawing in `canvas` (the live `<g>` the element renders): xmlns,
 * viewBox and size, a title and description, every colour and font as the page shows them, as
 * presentation attributes (no stylesheet, no script), text escaped.
 */
export function exportSvg(canvas: Element, map: MapLayout, meta: { title: string; desc: string; font: string; background: string }): string {
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${map.width} ${map.height}" width="${map.width}" height="${map.height}" font-family="${escapeXml(meta.font)}" role="img">`,
    `<title>${escapeXml(meta.title)}</title><desc>${escapeXml(meta.desc)}</desc>`,
    `<rect width="${map.width}" height="${map.height}" fill="${escapeXml(meta.background)}"/>`];
  for (const child of canvas.children) exportElement(child, out);
  out.push('</svg>');
  return out.join('');
}
