/**
 * The lazily loaded half of `<sales-process-map>`, as a reactive controller: turns the element's
 * input into a process (core), lays it out (a flowchart with dagre in process-map-layout.ts, a
 * blueprint with blueprint-layout.ts, loaded for that view), draws it, and
 * handles zoom, pan, the keyboard, printing and the SVG export. The element creates it once this
 * module has loaded and hands it what it needs (`MapHost`).
 */
import { html, nothing, type ReactiveController } from 'lit';
import type { Deal, Pipeline } from '../../core/model.js';
import {
  backEdges, findBottleneck, nodeLane, processFromPipeline, processMetrics, validateMetrics, validateProcess,
  type Bottleneck, type NodeMetrics, type Process,
} from '../../core/process.js';
import { stageLabel } from '../../core/stages.js';
import { validatePipeline } from '../../core/validate.js';
import { formatNumber, formatPercent } from '../../internal/format.js';
import type { Strings } from '../../internal/localize.js';
import type * as BlueprintModule from './blueprint-content.js';
import { drawMap, exportSvg, layoutFlow, layoutKit, type LayoutInput, type MapLayout } from './process-map-layout.js';
import type { ProcessMapData, SalesProcessMap } from './sales-process-map.js';
import type { SalesProcessMapStrings } from './strings.js';

// The messages come in the same chunk as the drawing code: the element declares them once it is here.
export { salesProcessMapStrings } from './strings.js';

/** What the drawing needs of its element. */
export interface MapHost {
  element: SalesProcessMap;
  /** What the repository gave for the current input; undefined while it loads (or nothing is read). */
  stored: () => ProcessMapData | undefined;
  /** True while the current input's data is being read from the repository. */
  loadingData: () => boolean;
  strings: () => SalesProcessMapStrings;
  section: <S extends object>(strings: Strings<S>) => S;
  lang: () => string;
  loading: () => string;
  select: (nodeId: string) => void;
  states: CustomStateSet | undefined;
  /** The blueprint's layout and lane texts, once loaded (the element loads them for `view="blueprint"`). */
  blueprint: () => typeof BlueprintModule | undefined;
}

interface Model {
  process: Process;
  issues: string[];
  metrics: Record<string, NodeMetrics> | undefined;
  bottleneck: Bottleneck | undefined;
  succ: Map<string, string[]>;
  pred: Map<string, string[]>;
  name: string | undefined;
}

interface Transform {
  k: number;
  x: number;
  y: number;
}

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 4;
const DRAG_SLOP = 4;
const DIRECTIONS: Record<string, [number, number]> = { ArrowRight: [1, 0], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowUp: [0, -1] };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Draws one element's process and keeps its view state (zoom, focus, announcements).
 * @internal
 */
export class ProcessMapView implements ReactiveController {
  readonly #host: MapHost;
  readonly #el: SalesProcessMap;
  #model: Model | undefined;
  #modelKey: unknown[] = [];
  #map: MapLayout | undefined;
  #layouts = new Map<string, MapLayout>();
  #mapShape = '';
  #descriptions = new Map<string, string>();
  #userZoom: Transform | undefined;
  #active: string | undefined;
  #announcement = '';
  #printing = false;
  #size = { w: 0, h: 0 };
  #drag: { id: number; x: number; y: number; from: Transform; moved: boolean } | undefined;
  #suppressClick = false;
  #observer: ResizeObserver | undefined;
  #observed: Element | undefined;

  constructor(host: MapHost) {
    this.#host = host;
    this.#el = host.element;
    this.#el.addController(this);
  }

  /** Whether a map is laid out. */
  get drawn(): boolean {
    return this.#map !== undefined;
  }

  get #t(): SalesProcessMapStrings {
    return this.#host.strings();
  }

  hostConnected(): void {
    window.addEventListener('beforeprint', this.#beforePrint);
    window.addEventListener('afterprint', this.#afterPrint);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeprint', this.#beforePrint);
    window.removeEventListener('afterprint', this.#afterPrint);
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#observed = undefined;
  }

  readonly #beforePrint = () => this.#set(() => { this.#printing = true; });
  readonly #afterPrint = () => this.#set(() => { this.#printing = false; });

  #set(change: () => void): void {
    change();
    this.#el.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // Model and layout

  hostUpdate(): void {
    const el = this.#el;
    const stored = this.#host.stored();
    const loading = this.#host.loadingData();
    const pipeline = el.pipeline ?? stored?.pipeline;
    const deals = el.deals ?? stored?.deals;
    const lang = this.#host.lang();
    const key = [el.process, pipeline, deals, stored, loading, el.metrics, el.view, lang, el.highlightBottlenecks, el.now, el.strings,
      this.#host.blueprint()];
    if (key.length !== this.#modelKey.length || key.some((k, i) => k !== this.#modelKey[i])) {
      this.#modelKey = key;
      this.#model = this.#buildModel(pipeline, deals, lang, stored);
    }
    const model = this.#model!;
    if (model.process.nodes.length === 0) {
      this.#map = undefined;
    } else {
      this.#layout(model, lang);
    }
    const map = this.#map;
    if (map && (!this.#active || !map.byId.has(this.#active))) this.#active = map.nodes[0]?.id;
    // The first drawing is sized from the host's width, read before the drawing is in the page
    // (cheap); the viewport's observer corrects it, a frame later, where the page differs.
    if (map && !this.#size.w && el.isConnected) {
      const w = Math.max(0, el.clientWidth - 2);
      if (w) this.#size = { w, h: this.#naturalHeight(map, w) - 2 };
    }
    this.#state('loading', loading);
    this.#state('invalid', model.issues.length > 0);
    this.#state('bottleneck', model.bottleneck !== undefined);
  }

  hostUpdated(): void {
    const viewport = this.#el.renderRoot.querySelector<HTMLElement>('[part~="viewport"]');
    if (!viewport || !this.#map) return;
    // Through CSSOM: a style attribute would be blocked by a strict Content-Security-Policy.
    viewport.style.setProperty('--_natural-height', `${this.#naturalHeight(this.#map, this.#size.w)}px`);
    if (viewport === this.#observed || typeof ResizeObserver === 'undefined') return;
    this.#observer ??= new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const size = { w: Math.round(box.width), h: Math.round(box.height) };
      // Next frame: the new size may change the viewport's own height, which must not happen
      // within this observation (browsers report that as a ResizeObserver loop).
      requestAnimationFrame(() => {
        if (size.w !== this.#size.w || size.h !== this.#size.h) this.#set(() => { this.#size = size; });
      });
    });
    this.#observer.disconnect();
    this.#observer.observe(viewport);
    this.#observed = viewport;
  }

  #state(name: string, on: boolean): void {
    try {
      if (on) this.#host.states?.add(name);
      else this.#host.states?.delete(name);
    } catch {
      // Browsers without CustomStateSet (or with only the older `--name` syntax) go without.
    }
  }

  #buildModel(pipeline: Pipeline | undefined, deals: Deal[] | undefined, lang: string, stored: ProcessMapData | undefined): Model {
    const el = this.#el;
    const t = this.#t;
    const issues: string[] = [];
    let process: Process = { nodes: [], edges: [] };
    if (el.process !== undefined) {
      const check = validateProcess(el.process);
      process = check.process;
      issues.push(...check.issues.map((i) => t.processIssue(i)));
    } else if (pipeline) {
      issues.push(...validatePipeline(pipeline).errors.slice(0, 20).map((e) => t.pipelineIssue(e.path, e.message)));
      const blueprint = el.view === 'blueprint' ? this.#host.blueprint() : undefined;
      const texts = blueprint ? this.#host.section(blueprint.blueprintStrings) : undefined;
      try {
        process = processFromPipeline(pipeline, {
          locale: lang,
          terms: t.terms,
          ...(deals ? { deals } : {}),
          ...(blueprint && texts ? { lanes: (s) => blueprint.laneContent(texts, s, stageLabel(s, lang)) } : {}),
        });
      } catch {
        // A pipeline too broken to read (throwing getters) draws nothing; its problems are listed.
      }
    } else if (el.pipelineId && stored) {
      issues.push(t.pipelineNotFound(el.pipelineId));
    }

    let metrics: Record<string, NodeMetrics> | undefined;
    if (el.metrics !== undefined) {
      const check = validateMetrics(el.metrics);
      metrics = check.metrics;
      issues.push(...check.issues.map((i) => t.metricsIssue(i)));
    } else if (pipeline && deals) {
      metrics = processMetrics(deals, pipeline, { now: el.now ?? Date.now() });
    }
    const bottleneck = el.highlightBottlenecks && metrics ? findBottleneck(process, metrics) : undefined;

    const succ = new Map<string, string[]>(process.nodes.map((n) => [n.id, []]));
    const pred = new Map<string, string[]>(process.nodes.map((n) => [n.id, []]));
    for (const e of process.edges) {
      if (e.from === e.to) continue;
      const s = succ.get(e.from)!;
      const p = pred.get(e.to)!;
      if (!s.includes(e.to)) s.push(e.to);
      if (!p.includes(e.from)) p.push(e.from);
    }
    const name = el.process === undefined ? pipeline?.name : undefined;
    return { process, issues, metrics, bottleneck, succ, pred, name: typeof name === 'string' ? name : undefined };
  }

  #metricsText(m: NodeMetrics | undefined, lang: string, long: boolean): string | undefined {
    if (!m) return undefined;
    const t = this.#t;
    const conversion = m.conversion === null ? null : formatPercent(m.conversion, lang, 0);
    const days = m.avgDays === null ? null : t.daysShort(formatNumber(m.avgDays, lang, 1));
    return long ? t.metricsLong(m.count, conversion, days) : t.metricsShort(formatNumber(m.count, lang), conversion, days);
  }

  #layout(model: Model, lang: string): void {
    const el = this.#el;
    const t = this.#t;
    const back = backEdges(model.process);
    const input: LayoutInput = {
      view: el.view === 'blueprint' ? 'blueprint' : 'flow',
      direction: el.direction === 'TB' ? 'TB' : 'LR',
      font: getComputedStyle(el).getPropertyValue('--_l2c-font-family').trim() || 'sans-serif',
      lanes: t.lanes,
      lines: t.lines,
      nodes: model.process.nodes.map((n) => {
        const meta = this.#metricsText(model.metrics?.[n.id], lang, false);
        return {
          id: n.id, kind: n.kind, lane: nodeLane(n), label: n.label,
          ...(meta ? { meta } : {}),
          ...(n.outcome === 'won' || n.outcome === 'lost' ? { outcome: n.outcome } : {}),
        };
      }),
      edges: model.process.edges.map((e, i) => {
        const label = typeof e.label === 'string' && e.label.trim()
          ? (typeof e.count === 'number' && e.count > 0 ? t.withCount(e.label, formatNumber(e.count, lang)) : e.label)
          : undefined;
        return { from: e.from, to: e.to, back: back.has(i), lane: e.term === 'lane', ...(label ? { label } : {}) };
      }),
    };
    // `auto`: left to right when that fits the width at full size (text never below 12 px), else
    // top to bottom, which is narrow.
    const auto = el.direction !== 'LR' && el.direction !== 'TB' && input.view === 'flow';
    const width = this.#size.w || (el.isConnected ? Math.max(0, el.clientWidth - 2) : 0);
    // A blueprint is laid out once its module is here (the element shows why when it cannot load).
    const blueprint = input.view === 'blueprint' ? this.#host.blueprint() : undefined;
    if (input.view === 'blueprint' && !blueprint) {
      this.#map = undefined;
    } else {
      let map = this.#laidOut(input, blueprint);
      if (auto && width > 0 && map.width > width) map = this.#laidOut({ ...input, direction: 'TB' }, blueprint);
      const shape = `${input.view} ${map.direction}`;
      // A new kind of drawing is fitted again; new numbers on the same one keep the user's zoom.
      if (shape !== this.#mapShape) this.#userZoom = undefined;
      this.#mapShape = shape;
      this.#map = map;
    }
    this.#describe(model, lang);
  }

  // The accessible name of every node: label, kind, numbers, bottleneck, neighbours.
  // The layout of `input`, from the last two made (left to right and top to bottom) when it is one of them.
  #laidOut(input: LayoutInput, blueprint: typeof BlueprintModule | undefined): MapLayout {
    const key = JSON.stringify(input);
    let map = this.#layouts.get(key);
    if (!map) {
      map = blueprint ? blueprint.layoutBlueprint(input, layoutKit) : layoutFlow(input);
      if (this.#layouts.size >= 2) this.#layouts.delete(this.#layouts.keys().next().value!);
      this.#layouts.set(key, map);
    }
    return map;
  }

  #describe(model: Model, lang: string): void {
    const t = this.#t;
    const labels = new Map(model.process.nodes.map((n) => [n.id, n.label]));
    const reason = this.#bottleneckText();
    this.#descriptions = new Map(model.process.nodes.map((n) => {
      const kind = n.outcome === 'won' ? `${t.kinds.end}, ${t.won}` : n.outcome === 'lost' ? `${t.kinds.end}, ${t.lost}` : t.kinds[n.kind];
      const parts = [`${n.label} (${kind}).`];
      const numbers = this.#metricsText(model.metrics?.[n.id], lang, true);
      if (numbers) parts.push(numbers);
      if (model.bottleneck?.nodeId === n.id && reason) parts.push(reason);
      const next = model.succ.get(n.id) ?? [];
      const previous = model.pred.get(n.id) ?? [];
      if (next.length) parts.push(t.leadsTo(next.map((id) => labels.get(id) ?? id)));
      if (previous.length) parts.push(t.comesAfter(previous.map((id) => labels.get(id) ?? id)));
      return [n.id, parts.join(' ')];
    }));
  }

  #bottleneckText(): string | undefined {
    const b = this.#model?.bottleneck;
    if (!b) return undefined;
    const lang = this.#host.lang();
    const label = this.#model!.process.nodes.find((n) => n.id === b.nodeId)?.label ?? b.nodeId;
    if (b.reason === 'close') return this.#t.bottleneckClose(label, formatPercent(b.value, lang, 0));
    return b.reason === 'conversion'
      ? this.#t.bottleneckConversion(label, formatPercent(b.value, lang, 0))
      : this.#t.bottleneckDays(label, this.#t.daysShort(formatNumber(b.value, lang, 1)));
  }

  #mapName(): string {
    return this.#el.label || this.#t.mapLabel(this.#model?.name, this.#el.view === 'blueprint' ? 'blueprint' : 'flow');
  }

  /** The drawing as a standalone SVG document (see `SalesProcessMap.toSVG`). */
  toSVG(): string | undefined {
    const canvas = this.#el.renderRoot.querySelector('[part~="canvas"]');
    if (!this.#map || !canvas) return undefined;
    const style = getComputedStyle(this.#el);
    const token = (name: string) => style.getPropertyValue(name).trim();
    return exportSvg(canvas, this.#map, {
      title: this.#mapName(),
      desc: this.#bottleneckText() ?? this.#t.legend,
      font: token('--_l2c-font-family') || 'sans-serif',
      background: token('--_l2c-surface') || '#fff',
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Zoom and pan

  // The viewport's height unless a token sets one: the drawing at the scale that fits its width
  // (as `fit` picks it), between 160 and 640 px, borders included; a flowchart laid out top to
  // bottom to fit its width at full size gets its whole height (up to 1600 px), so its text stays
  // at full size too.
  #naturalHeight(map: MapLayout, width: number): number {
    const k = clamp((width || map.width) / map.width, 0.5, 1);
    return Math.round(clamp(map.height * k + 2, 160, map.direction === 'TB' ? 1600 : 640));
  }

  // The transform that shows the whole drawing: never enlarged, never below half size (a bigger
  // drawing starts at its beginning and is panned).
  #fit(): Transform {
    const map = this.#map;
    if (!map) return { k: 1, x: 0, y: 0 };
    const vw = this.#size.w || map.width;
    const vh = this.#size.h || map.height;
    const k = clamp(Math.min(vw / map.width, vh / map.height, 1), 0.5, 1);
    const x = map.width * k < vw && map.view === 'flow' ? (vw - map.width * k) / 2 : 0;
    const y = map.height * k < vh ? (vh - map.height * k) / 2 : 0;
    return { k, x, y };
  }

  get #transform(): Transform {
    return this.#userZoom ?? this.#fit();
  }

  /** Zooms by `factor` around `at` (viewport pixels; default its centre). */
  zoomBy(factor: number, at?: { x: number; y: number }): void {
    if (!this.#map) return;
    const z = this.#transform;
    const k = clamp(z.k * factor, MIN_ZOOM, MAX_ZOOM);
    const cx = at?.x ?? this.#size.w / 2;
    const cy = at?.y ?? this.#size.h / 2;
    this.#set(() => {
      this.#userZoom = { k, x: cx - ((cx - z.x) * k) / z.k, y: cy - ((cy - z.y) * k) / z.k };
      this.#announceZoom(k);
    });
  }

  /** Fits the whole map into the view. */
  resetZoom(): void {
    this.#set(() => {
      this.#userZoom = undefined;
      this.#announceZoom(this.#fit().k);
    });
  }

  #announceZoom(k: number): void {
    this.#announcement = this.#t.zoomed(formatPercent(k, this.#host.lang(), 0));
  }

  // Pans just enough to bring a node (one reached with the keyboard) into view.
  #reveal(id: string): void {
    const n = this.#map?.byId.get(id);
    const { w, h } = this.#size;
    if (!n || !w || !h) return;
    const z = this.#transform;
    const pad = 16;
    let { x, y } = z;
    const left = x + (n.x - n.w / 2) * z.k;
    const right = x + (n.x + n.w / 2) * z.k;
    const top = y + (n.y - n.h / 2) * z.k;
    const bottom = y + (n.y + n.h / 2) * z.k;
    if (left < pad) x += pad - left;
    else if (right > w - pad) x -= right - (w - pad);
    if (top < pad) y += pad - top;
    else if (bottom > h - pad) y -= bottom - (h - pad);
    if (x !== z.x || y !== z.y) this.#set(() => { this.#userZoom = { k: z.k, x, y }; });
  }

  readonly #onWheel = (e: WheelEvent) => {
    // A plain wheel scrolls the page as everywhere else; Ctrl/⌘ + wheel (and pinch) zooms the map.
    if (!(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    const box = (e.currentTarget as Element).getBoundingClientRect();
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.zoomBy(Math.exp(-delta * 0.0025), { x: e.clientX - box.left, y: e.clientY - box.top });
  };

  readonly #onPointerDown = (e: PointerEvent) => {
    if (e.button === 0) this.#drag = { id: e.pointerId, x: e.clientX, y: e.clientY, from: this.#transform, moved: false };
  };

  readonly #onPointerMove = (e: PointerEvent) => {
    const d = this.#drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_SLOP) return;
    if (!d.moved) {
      d.moved = true;
      try {
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
      } catch {
        // The pointer is already gone.
      }
    }
    this.#set(() => { this.#userZoom = { k: d.from.k, x: d.from.x + dx, y: d.from.y + dy }; });
  };

  readonly #onPointerUp = (e: PointerEvent) => {
    const d = this.#drag;
    if (!d || d.id !== e.pointerId) return;
    this.#drag = undefined;
    // The click that ends a drag is not a selection.
    this.#suppressClick = d.moved;
    this.#el.requestUpdate();
  };

  // ---------------------------------------------------------------------------------------------
  // Selection and keyboard

  #nodeElement(id: string): SVGGElement | null {
    return this.#el.renderRoot.querySelector(`[data-node-id="${CSS.escape(id)}"]`);
  }

  #nodeOf(e: Event): string | undefined {
    return (e.target as Element | null)?.closest?.('[data-node-id]')?.getAttribute('data-node-id') ?? undefined;
  }

  /** Moves keyboard focus to the node with `id` and pans it into view. */
  async focusNode(id: string): Promise<void> {
    if (!this.#map?.byId.has(id)) return;
    this.#set(() => { this.#active = id; });
    await this.#el.updateComplete;
    this.#nodeElement(id)?.focus({ preventScroll: true });
    this.#reveal(id);
  }

  readonly #onClick = (e: MouseEvent) => {
    if (this.#suppressClick) {
      this.#suppressClick = false;
      return;
    }
    const id = this.#nodeOf(e);
    if (!id) return;
    this.#set(() => { this.#active = id; });
    this.#nodeElement(id)?.focus({ preventScroll: true });
    this.#host.select(id);
  };

  readonly #onFocusIn = (e: FocusEvent) => {
    const id = this.#nodeOf(e);
    if (id && id !== this.#active) this.#set(() => { this.#active = id; });
  };

  // Among the successors (right, down) or predecessors (left, up), the one lying most in the key's
  // direction; a tie goes to the earlier edge (a decision's first branch).
  #neighbour(from: string, key: string): string | undefined {
    const forward = key === 'ArrowRight' || key === 'ArrowDown';
    const here = this.#map?.byId.get(from);
    const [dx0, dy0] = DIRECTIONS[key]!;
    let best: string | undefined;
    let bestScore = -Infinity;
    for (const id of (forward ? this.#model?.succ : this.#model?.pred)?.get(from) ?? []) {
      const n = this.#map?.byId.get(id);
      if (!n || !here) continue;
      const score = ((n.x - here.x) * dx0 + (n.y - here.y) * dy0) / (Math.hypot(n.x - here.x, n.y - here.y) || 1);
      if (score > bestScore + 1e-6) {
        best = id;
        bestScore = score;
      }
    }
    return best;
  }

  readonly #onKeydown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const id = this.#nodeOf(e);
    const key = e.key;
    if (key === '+' || key === '=') this.zoomBy(ZOOM_STEP);
    else if (key === '-' || key === '_') this.zoomBy(1 / ZOOM_STEP);
    else if (key === '0') this.resetZoom();
    else if (!id || !this.#map) return;
    else if (key in DIRECTIONS) {
      const next = this.#neighbour(id, key);
      if (next) void this.focusNode(next);
      else this.#set(() => { this.#announcement = key === 'ArrowRight' || key === 'ArrowDown' ? this.#t.noNext : this.#t.noPrevious; });
    } else if (key === 'Home' || key === 'End') {
      const target = this.#map.nodes[key === 'Home' ? 0 : this.#map.nodes.length - 1];
      if (target) void this.focusNode(target.id);
    } else if (key === 'Enter' || key === ' ') {
      this.#host.select(id);
    } else {
      return;
    }
    e.preventDefault();
  };

  // ---------------------------------------------------------------------------------------------
  // Rendering

  /** The element's content. */
  render() {
    const t = this.#t;
    const model = this.#model;
    const map = this.#map;
    const issues = model?.issues ?? [];
    const reason = this.#bottleneckText();
    const status = map ? undefined : (model?.process.nodes.length ?? 0) > 0 || this.#host.loadingData() ? this.#host.loading() : t.empty;
    return html`<div part="base" class="base">
      <div part="toolbar" role="toolbar" aria-label=${t.toolbar}>
        ${([['zoom-in', t.zoomIn, '+', () => this.zoomBy(ZOOM_STEP)], ['zoom-out', t.zoomOut, '−', () => this.zoomBy(1 / ZOOM_STEP)],
          ['zoom-reset', t.zoomReset, '⤢', () => this.resetZoom()]] as const).map(([part, label, text, click]) => html`
          <button part="button ${part}" class="btn" type="button" aria-label=${label} title=${label} ?disabled=${!map} @click=${click}>${text}</button>`)}
      </div>
      ${issues.length ? html`<div part="messages" class="error">
        <p>${t.issuesTitle(issues.length)}</p>
        <ul>${issues.map((m) => html`<li>${m}</li>`)}</ul>
      </div>` : nothing}
      ${map ? this.#renderViewport(map, reason) : html`<p part="status" class="muted">${status}</p>`}
      ${reason ? html`<p part="bottleneck" id="bottleneck">${reason}</p>` : nothing}
      ${map && model?.metrics ? html`<p part="legend" class="muted">${t.legend}</p>` : nothing}
      <p id="instructions" class="visually-hidden">${t.instructions}</p>
      <div role="status" class="visually-hidden">${this.#announcement}</div>
    </div>`;
  }

  #renderViewport(map: MapLayout, reason: string | undefined) {
    const { w, h } = this.#size;
    const z = this.#transform;
    const print = this.#printing;
    return html`<div part="viewport" class="viewport ${this.#drag?.moved ? 'panning' : ''}"
        @wheel=${this.#onWheel} @pointerdown=${this.#onPointerDown} @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp} @pointercancel=${this.#onPointerUp} @click=${this.#onClick} @keydown=${this.#onKeydown}
        @focusin=${this.#onFocusIn}>
      <svg part="svg" xmlns="http://www.w3.org/2000/svg" role="group" aria-label=${this.#mapName()}
          aria-describedby=${reason ? 'instructions bottleneck' : 'instructions'}
          viewBox=${print ? `0 0 ${map.width} ${map.height}` : `0 0 ${w || map.width} ${h || map.height}`}
          preserveAspectRatio="xMidYMin meet">
        <g part="canvas" class="canvas" transform=${print ? '' : `translate(${z.x} ${z.y}) scale(${z.k})`}>
          ${drawMap(map, { active: this.#active, bottleneck: this.#model?.bottleneck?.nodeId, describe: (id) => this.#descriptions.get(id) ?? id })}
        </g>
      </svg>
    </div>`;
  }
}
