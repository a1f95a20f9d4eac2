/**
 * The drawing half of `<sales-forecast>`, loaded with a dynamic `import()` when the element first
 * becomes visible: a chart.js line of the expected won revenue per period over a filled band from
 * the low to the high end of its range. Registered tree-shaken (line, points, filler, two scales;
 * no tooltip or legend: the element's table and summary carry every figure accessibly). Drawn
 * without animation, so the canvas shows the figures as soon as `update` returns.
 */
import { CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, type ChartConfiguration } from 'chart.js';
import { formatMoney } from '../../internal/format.js';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler);

/** Everything the chart draws, already resolved by the element. */
export interface ForecastChartModel {
  labels: string[];
  expected: number[];
  low: number[];
  high: number[];
  /** Colours: the expected line, the band, text and grid lines. */
  line: string;
  band: string;
  text: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  lang: string;
  currency: string;
  /** @internal The band's colour made translucent. */
  bandFill?: string;
}

/** A live chart on a canvas. */
export interface ForecastChartHandle {
  update(model: ForecastChartModel): void;
  destroy(): void;
}

/** Opacity of the range band. */
const BAND_ALPHA = 0.3;

// A CSS colour at `alpha`, through the canvas's own parsing (#rrggbb or rgb(...) back); as given if unknown.
function translucent(canvas: HTMLCanvasElement, colour: string, alpha: number): string {
  const ctx = canvas.getContext('2d');
  if (!ctx) return colour;
  ctx.fillStyle = '#000';
  ctx.fillStyle = colour;
  const c = String(ctx.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return `rgba(${hex.slice(1).map((h) => Number.parseInt(h, 16)).join(', ')}, ${alpha})`;
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(c);
  return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})` : colour;
}

function configOf(m: ForecastChartModel): ChartConfiguration<'line'> {
  const font = { family: m.fontFamily, size: m.fontSize };
  return {
    type: 'line',
    data: {
      labels: m.labels,
      datasets: [
        { data: m.low, borderColor: 'transparent', pointRadius: 0, fill: false },
        { data: m.high, borderColor: 'transparent', backgroundColor: m.bandFill ?? m.band, pointRadius: 0, fill: '-1' },
        { data: m.expected, borderColor: m.line, backgroundColor: m.line, borderWidth: 3, pointRadius: 5, fill: false },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // The element's table and summary handle reading the figures; the canvas listens to nothing.
      events: [],
      layout: { padding: { top: 8, right: 16, bottom: 4, left: 4 } },
      scales: {
        x: { grid: { display: false }, ticks: { color: m.text, font } },
        y: {
          beginAtZero: true,
          grid: { color: m.grid },
          border: { display: false },
          ticks: { color: m.text, font, callback: (v) => formatMoney(Number(v), m.currency, m.lang, { compact: true }) },
        },
      },
    },
  };
}

/** Draws the forecast on `canvas` and keeps it current through the returned handle. */
export function createForecastChart(canvas: HTMLCanvasElement, model: ForecastChartModel): ForecastChartHandle {
  const fill = (m: ForecastChartModel): ForecastChartModel => ({ ...m, bandFill: translucent(canvas, m.band, BAND_ALPHA) });
  const chart = new Chart(canvas, configOf(fill(model)));
  return {
    update(next) {
      const config = configOf(fill(next));
      chart.data = config.data;
      chart.options = config.options ?? {};
      chart.update('none');
    },
    destroy() {
      chart.destroy();
    },
  };
}
