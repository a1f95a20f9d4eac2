/**
 * The drawing half of `<funnel-chart>`, loaded with a dynamic `import()` only when the element
 * becomes visible, so chart.js never weighs on a page that does not scroll to a funnel.
 *
 * chart.js is registered tree-shaken: only the bar controller and element and the category and
 * linear scales (no `chart.js/auto`, no tooltip or legend: the element's own overlay, table and
 * summary do that work accessibly). The funnel shape is a small plugin over the stock bar chart
 * rather than chartjs-chart-funnel: each stage is a floating bar `[-v/2, v/2]` centred on a hidden
 * value axis, and the plugin fills the trapezoid between consecutive bars and writes the labels.
 *
 * Measured (min+gzip, level 9; chart.js 4.6.1): chart.js with one bar chart 46.2 KB; with this
 * plugin 47.6 KB (esbuild) and 46.5 KB as the shipped rolldown chunk, of a 60 KB budget.
 * chartjs-chart-funnel 4.2.5 with chart.js is 64.6 KB, of which chroma-js 3.2.0 is 17 KB: over.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type ChartConfiguration, type Plugin } from 'chart.js';
import { html, type TemplateResult } from 'lit';
import type { FunnelStep } from '../../core/funnel.js';
import { setStyle } from '../../internal/set-style.js';
import type { FunnelChart } from './funnel-chart.js';
import type { FunnelData, FunnelFormat, FunnelOrientation } from './funnel-data.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

/** Everything the chart draws, already formatted by the element. */
export interface FunnelChartModel {
  orientation: FunnelOrientation;
  /** Lines of each stage's axis label (name, then its figure). */
  ticks: string[][];
  /** Bar sizes (count or value), at least 0. */
  values: number[];
  /** Text on each bar (its percentage); drawn beside the bar when it does not fit. */
  inside: string[];
  /** Lines written between bar i and bar i + 1. */
  connectors: string[][];
  /** Fill of each bar; the trapezoid below a bar is a lighter shade of it. */
  colors: string[];
  /** Colour of the text drawn outside the bars. */
  text: string;
  fontFamily: string;
  fontSize: number;
  animate: boolean;
}

/** A stage's band on the canvas in CSS pixels, for the element's focusable overlay. */
export interface SegmentBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the chart reports back to the element. */
export interface FunnelChartCallbacks {
  /** The bands of the stages once their final positions are known (after every layout). */
  layout(boxes: SegmentBox[]): void;
  /** The chart finished drawing the current data (after any animation). */
  drawn(): void;
}

/** A live chart on a canvas. */
export interface FunnelChartHandle {
  update(model: FunnelChartModel): void;
  /** Ends any running animation so the canvas shows the final picture now. */
  settle(): void;
  destroy(): void;
}

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Stages beyond which chart.js may skip axis labels that would overlap. */
const MAX_NAMED_TICKS = 24;

/** Opacity of the trapezoid that joins a bar to the next one. */
const CONNECTOR_ALPHA = 0.28;

function rectOf(bar: BarElement, vertical: boolean, final: boolean): Rect {
  const raw = bar.getProps(['x', 'y', 'base', 'width', 'height'], final);
  // Props are null only before the first layout; a zero rect then draws nothing.
  const p = { x: raw.x ?? 0, y: raw.y ?? 0, base: raw.base ?? 0, width: raw.width ?? 0, height: raw.height ?? 0 };
  // A vertical funnel lays its bars horizontally (indexAxis 'y'): x and base are the two ends.
  return vertical
    ? { left: Math.min(p.x, p.base), right: Math.max(p.x, p.base), top: p.y - p.height / 2, bottom: p.y + p.height / 2 }
    : { left: p.x - p.width / 2, right: p.x + p.width / 2, top: Math.min(p.y, p.base), bottom: Math.max(p.y, p.base) };
}

function barsOf(chart: Chart): BarElement[] {
  return chart.getDatasetMeta(0).data as unknown as BarElement[];
}

// Relative luminance of a colour as the canvas normalises it (#rrggbb or rgb[a](...)); null if unknown.
function luminance(ctx: CanvasRenderingContext2D, colour: string): number | null {
  ctx.fillStyle = '#000';
  ctx.fillStyle = colour;
  const c = String(ctx.fillStyle);
  let rgb: number[] | null = null;
  if (/^#[0-9a-f]{6}$/i.test(c)) rgb = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  else {
    const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c);
    if (m) rgb = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!rgb) return null;
  const [r, g, b] = rgb.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Black or white, whichever contrasts more with the bar (WCAG contrast ratio).
function textOn(ctx: CanvasRenderingContext2D, colour: string, fallback: string): string {
  const l = luminance(ctx, colour);
  if (l === null) return fallback;
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#111111' : '#ffffff';
}

function drawConnectors(chart: Chart, m: FunnelChartModel): void {
  const vertical = m.orientation === 'vertical';
  const bars = barsOf(chart);
  const ctx = chart.ctx;
  ctx.save();
  ctx.globalAlpha = CONNECTOR_ALPHA;
  for (let i = 0; i + 1 < bars.length; i++) {
    const a = rectOf(bars[i]!, vertical, false);
    const b = rectOf(bars[i + 1]!, vertical, false);
    ctx.fillStyle = m.colors[i] ?? m.text;
    ctx.beginPath();
    if (vertical) {
      ctx.moveTo(a.left, a.bottom);
      ctx.lineTo(a.right, a.bottom);
      ctx.lineTo(b.right, b.top);
      ctx.lineTo(b.left, b.top);
    } else {
      ctx.moveTo(a.right, a.top);
      ctx.lineTo(b.left, b.top);
      ctx.lineTo(b.left, b.bottom);
      ctx.lineTo(a.right, a.bottom);
    }
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}

function drawLabels(chart: Chart, m: FunnelChartModel): void {
  const vertical = m.orientation === 'vertical';
  const bars = barsOf(chart);
  const ctx = chart.ctx;
  const size = m.fontSize;
  ctx.save();
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${size}px ${m.fontFamily}`;
  bars.forEach((bar, i) => {
    const text = m.inside[i];
    if (!text) return;
    const r = rectOf(bar, vertical, false);
    const width = ctx.measureText(text).width;
    const cx = (r.left + r.right) / 2;
    const cy = (r.top + r.bottom) / 2;
    if (width + 10 <= r.right - r.left && size + 4 <= r.bottom - r.top) {
      ctx.textAlign = 'center';
      ctx.fillStyle = textOn(ctx, m.colors[i] ?? m.text, m.text);
      ctx.fillText(text, cx, cy);
    } else if (vertical) {
      ctx.textAlign = 'left';
      ctx.fillStyle = m.text;
      ctx.fillText(text, r.right + 6, cy);
    } else {
      ctx.textAlign = 'center';
      ctx.fillStyle = m.text;
      ctx.fillText(text, cx, r.top - size / 2 - 4);
    }
  });
  ctx.font = `${size - 1}px ${m.fontFamily}`;
  ctx.fillStyle = m.text;
  ctx.textAlign = 'center';
  const area = chart.chartArea;
  const lineHeight = size + 2;
  for (let i = 0; i + 1 < bars.length; i++) {
    const lines = (m.connectors[i] ?? []).filter(Boolean);
    if (lines.length === 0) continue;
    const a = rectOf(bars[i]!, vertical, false);
    const b = rectOf(bars[i + 1]!, vertical, false);
    if (vertical) {
      // One line across the gap, when the gap is tall enough for it.
      if (b.top - a.bottom < size) continue;
      ctx.fillText(lines.join('  ·  '), (area.left + area.right) / 2, (a.bottom + b.top) / 2);
    } else {
      // Stacked lines in the gap, each only if it fits its width.
      const gap = b.left - a.right;
      const x = (a.right + b.left) / 2;
      const top = (area.top + area.bottom) / 2 - ((lines.length - 1) * lineHeight) / 2;
      lines.forEach((line, k) => {
        if (ctx.measureText(line).width <= gap + 12) ctx.fillText(line, x, top + k * lineHeight);
      });
    }
  }
  ctx.restore();
}

function boxesOf(chart: Chart, vertical: boolean): SegmentBox[] {
  return barsOf(chart).map((bar) => {
    const r = rectOf(bar, vertical, true);
    // The whole band of the stage, so a stage with a tiny bar is still easy to hit.
    return vertical
      ? { x: 0, y: r.top, width: chart.width, height: r.bottom - r.top }
      : { x: r.left, y: 0, width: r.right - r.left, height: chart.height };
  });
}

type FunnelConfig = ChartConfiguration<'bar', [number, number][], string[]>;

function configOf(m: FunnelChartModel, plugin: Plugin<'bar'>): FunnelConfig {
  const vertical = m.orientation === 'vertical';
  const half = Math.max(0, ...m.values) / 2 || 0.5;
  const font = { family: m.fontFamily, size: m.fontSize };
  const category = {
    type: 'category' as const,
    grid: { display: false },
    border: { display: false },
    // Every stage named, unless there are so many that names would overlap (the table has them all).
    ticks: { color: m.text, font, autoSkip: m.ticks.length > MAX_NAMED_TICKS, maxRotation: vertical ? 0 : 30 },
  };
  const value = { type: 'linear' as const, display: false, min: -half, max: half };
  return {
    type: 'bar',
    data: {
      labels: m.ticks,
      datasets: [{
        data: m.values.map((v): [number, number] => [-v / 2, v / 2]),
        backgroundColor: m.colors,
        borderWidth: 0,
        barPercentage: 1,
        categoryPercentage: vertical ? 0.62 : 0.55,
        minBarLength: 2,
      }],
    },
    options: {
      indexAxis: vertical ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: m.animate ? { duration: 450 } : false,
      // The element's overlay of buttons handles pointer and keyboard; the canvas listens to nothing.
      events: [],
      layout: { padding: { top: vertical ? 4 : m.fontSize + 10, right: 12, bottom: 4, left: 4 } },
      scales: vertical ? { y: category, x: value } : { x: category, y: value },
    },
    plugins: [plugin],
  };
}

/** Draws a funnel on `canvas` and keeps it current through the returned handle. */
export function createFunnelChart(canvas: HTMLCanvasElement, model: FunnelChartModel, callbacks: FunnelChartCallbacks): FunnelChartHandle {
  let current = model;
  const plugin: Plugin<'bar'> = {
    id: 'l2cFunnel',
    beforeDatasetsDraw: (chart) => drawConnectors(chart as Chart, current),
    afterDatasetsDraw: (chart) => drawLabels(chart as Chart, current),
    afterUpdate: (chart) => callbacks.layout(boxesOf(chart as Chart, current.orientation === 'vertical')),
    afterRender: () => callbacks.drawn(),
  };
  let chart = new Chart(canvas, configOf(current, plugin));
  return {
    update(next) {
      const rebuild = next.orientation !== current.orientation;
      current = next;
      if (rebuild) {
        // Swapping the index axis is a different chart: start over rather than morph the scales.
        chart.destroy();
        chart = new Chart(canvas, configOf(current, plugin));
        return;
      }
      const config = configOf(current, plugin);
      chart.data = config.data;
      chart.options = config.options ?? {};
      chart.update();
    },
    settle() {
      // A chart made this frame has not drawn yet: without stopping its first animation, the
      // update would only be drawn on the next frame.
      chart.stop();
      chart.update('none');
    },
    destroy() {
      chart.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The overlay: one focusable button per stage over the drawing (drawn only with the chart)


async function focusSegment(el: FunnelChart, index: number): Promise<void> {
  el.active = index;
  await el.updateComplete;
  el.renderRoot.querySelectorAll<HTMLButtonElement>('[part~="segment"]')[index]?.focus();
}

function onSegmentKey(el: FunnelChart, event: KeyboardEvent, index: number, count: number): void {
  const last = count - 1;
  const next = {
    ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1, Home: 0, End: last,
  }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  void focusSegment(el, Math.max(0, Math.min(last, next)));
}

/**
 * The stage buttons over the chart, one per laid out box: named with the stage's figures, arrow
 * keys move between them (one tab stop), a click or Enter/Space selects the stage.
 */
export function renderSegments(el: FunnelChart, boxes: SegmentBox[], data: FunnelData, measured: FunnelStep[], fmt: FunnelFormat): TemplateResult[] {
  const mode = el.measure;
  const shown = boxes.slice(0, data.stages.length);
  const active = Math.min(el.active, data.stages.length - 1);
  return shown.map((box, i) => {
    const stage = data.stages[i]!;
    const m = measured[i];
    const name = el.text.segmentName({
      label: stage.label,
      figure: fmt.figure(m?.count ?? 0, mode),
      cumulative: fmt.percent(m?.cumulativeConversion ?? null),
      ...(i > 0 ? { step: fmt.percent(m?.stepConversion ?? null), change: fmt.change(m?.dropOff ?? null, mode) } : {}),
    });
    return html`<button type="button" part="segment" data-stage-id=${stage.id} aria-label=${name}
      aria-pressed=${el.selected === stage.id ? 'true' : 'false'} tabindex=${i === active ? 0 : -1}
      ${setStyle({ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` })}
      @focus=${() => { el.active = i; }} @keydown=${(e: KeyboardEvent) => onSegmentKey(el, e, i, boxes.length)}
      @click=${() => el.select(stage.id)}></button>`;
  });
}
