/**
 * The lazily loaded chart of `<sales-forecast>`, as a controller: it loads the chart module when
 * the element first becomes visible (or when asked), draws the model it is given on the element's
 * canvas, redraws only when the model changed, and drops the chart when the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as ChartModule from './sales-forecast.chart.js';

/** What the controller needs from its element. */
export interface ChartHost extends ReactiveControllerHost, HTMLElement {
  /** The chart module failed to load: the element shows the table alone. */
  chartFailed: boolean;
}

export class ForecastChartHost implements ReactiveController {
  #module: typeof ChartModule | undefined;
  #loading: Promise<typeof ChartModule | undefined> | undefined;
  #handle: ChartModule.ForecastChartHandle | undefined;
  #drawnKey = '';
  #visibility: IntersectionObserver | undefined;

  constructor(private readonly host: ChartHost, private readonly loader: () => Promise<typeof ChartModule>) {
    host.addController(this);
  }

  /** Whether a chart is on the canvas. */
  get drawn(): boolean {
    return this.#handle !== undefined;
  }

  hostDisconnected(): void {
    this.#visibility?.disconnect();
    this.#visibility = undefined;
    this.#handle?.destroy();
    this.#handle = undefined;
    this.#drawnKey = '';
  }

  /** Loads the chart module once the element is on screen (at once without IntersectionObserver). */
  watch(): void {
    if (this.#module || this.#visibility || !this.host.isConnected) return;
    if (typeof IntersectionObserver === 'undefined') {
      void this.load();
      return;
    }
    this.#visibility = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#visibility?.disconnect();
      this.#visibility = undefined;
      void this.load();
    });
    this.#visibility.observe(this.host);
  }

  /** Loads the chart module (once); resolves with it, or undefined when it could not load. */
  load(): Promise<typeof ChartModule | undefined> {
    this.#loading ??= this.loader().then(
      (module) => {
        this.#module = module;
        this.host.requestUpdate();
        return module;
      },
      () => {
        this.host.chartFailed = true;
        return undefined;
      },
    );
    return this.#loading;
  }

  /** Draws `model` on `canvas` (nothing, and any old chart dropped, without either or the module). */
  draw(canvas: HTMLCanvasElement | null, model: (() => ChartModule.ForecastChartModel) | null): void {
    if (!this.#module || !this.host.isConnected || !canvas || !model) {
      this.hostDisconnected();
      return;
    }
    const next = model();
    const key = JSON.stringify(next);
    if (this.#handle && key === this.#drawnKey) return;
    this.#drawnKey = key;
    if (this.#handle) this.#handle.update(next);
    else this.#handle = this.#module.createForecastChart(canvas, next);
  }
}
