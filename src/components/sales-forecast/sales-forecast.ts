/**
 * `<sales-forecast>` (issue 14): the revenue the pipeline is expected to win per month or quarter,
 * calibrated on its own history (core `forecastRevenue`), with its 80 % range as a chart and a
 * table, how accurate the same forecast was on past periods next to the naive baselines (core
 * `backtestForecast`), what it learned per stage, and CSV/PNG export. The chart code (chart.js)
 * loads lazily when the element first becomes visible; the table carries every figure.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { FORECAST_PERIODS, type Backtest, type ForecastPeriod, type RevenueForecast } from '../../core/forecast/index.js';
import type { Deal, Pipeline } from '../../core/model.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { download, pngOf } from '../../internal/download.js';
import { ElementStates } from '../../internal/element-states.js';
import { errorText } from '../../internal/error-text.js';
import { formatMoney } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import { dataTableStyles } from '../../internal/table-styles.js';
import { chartTokenStyles, TOKENS } from '../../internal/tokens.js';
import type { Repository } from '../../storage/types.js';
import type { ForecastPeriodChangedDetail } from './events.js';
import { computeForecast, forecastCsv, periodLabel, renderAccuracy, renderForecastTable, renderLearned, replayBacktest, type ForecastView as View, type ViewContext } from './forecast-view.js';
import { ForecastChartHost } from './forecast-chart-host.js';
import type * as ChartModule from './sales-forecast.chart.js';
import { salesForecastStyles } from './sales-forecast.styles.js';
import { salesForecastStrings, type SalesForecastStrings } from './strings.js';

export type { ForecastPeriodChangedDetail };

/** The lazily loaded chart module. */
export type SalesForecastChartModule = typeof ChartModule;

/** The figures of one state of the inputs; the backtest arrives later, one period per task. */
interface Memo {
  key: unknown[];
  view: View | null;
  error: string;
  backtest: Backtest | null;
  replay: Promise<void> | undefined;
}

interface Loaded {
  deals: Deal[];
  pipelines: Pipeline[];
}

/**
 * Expected won revenue per month or quarter with its range, learned from the pipeline's history,
 * with the backtest's accuracy beside the weighted pipeline and the mean of the last three periods.
 *
 * @tag sales-forecast
 * @fires forecast-period-changed - `{ period }`: the user switched between months and quarters.
 * @csspart forecast - The whole forecast.
 * @csspart title - The heading.
 * @csspart intro - What the forecast is.
 * @csspart toolbar - The pipeline and period choice and the exports.
 * @csspart pipeline - The pipeline's select (with more than one pipeline).
 * @csspart period - The month/quarter radio group.
 * @csspart csv-button - The Export CSV button.
 * @csspart png-button - The Download PNG button.
 * @csspart summary - The first period's figures in a sentence.
 * @csspart chart - The chart (a figure with its caption and legend).
 * @csspart canvas - The chart canvas (role img, named by the summary).
 * @csspart legend - The chart's legend.
 * @csspart chart-error - The chart code could not be loaded.
 * @csspart table - The forecast table.
 * @csspart row - One period of the table (carries `data-start`).
 * @csspart accuracy - The backtest's section.
 * @csspart accuracy-table - Error and bias of the forecast and the baselines.
 * @csspart accuracy-row - One method's row (the forecast's also has part `own`).
 * @csspart learned - The disclosure with the learned rates.
 * @csspart learned-table - The learned rate per stage.
 * @csspart empty - No deals or no pipeline.
 * @csspart status - Loading, or a failure.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-sales-forecast-height - Height of the chart (default 300px).
 * @cssprop --l2c-sales-forecast-line - Colour of the expected line (default the chart-1 token).
 * @cssprop --l2c-sales-forecast-band - Colour of the range band, drawn translucent (default the chart-5 token).
 * @cssstate loading - The deals are being read.
 * @cssstate empty - Nothing to forecast.
 * @cssstate chart-drawn - The chart shows the current figures.
 * @cssstate chart-failed - The chart code could not be loaded; the table still shows the figures.
 */
export class SalesForecast extends L2cElement {
  static override defaultTag = 'sales-forecast';

  static override styles = [L2cElement.styles, chartTokenStyles, dataTableStyles, salesForecastStyles];

  static override messages = [salesForecastStrings];

  /** Loads the chart code; replace it to serve the module from elsewhere. */
  static loadChartModule: () => Promise<SalesForecastChartModule> = () => import('./sales-forecast.chart.js');

  /** `month` (default) or `quarter`. */
  @property({ reflect: true }) accessor period: ForecastPeriod = 'month';

  /** How many periods to forecast, starting with the current one (1 to 24, default 3). */
  @property({ type: Number }) accessor periods = 3;

  /** How many past periods the accuracy replays (0 hides it; default 6, at most 24). */
  @property({ type: Number, attribute: 'backtest-periods' }) accessor backtestPeriods = 6;

  /** The moment the forecast is made (ISO date or date-time); default today. */
  @property({ attribute: 'as-of' }) accessor asOf: string | undefined;

  /** The pipeline to forecast; default the first. */
  @property({ attribute: 'pipeline-id' }) accessor pipelineId: string | undefined;

  /** Currency (ISO 4217); default the provider's, else the pipeline's, else USD. */
  @property() accessor currency: string | undefined;

  /** Deals to forecast instead of the repository's (controlled, with `.pipeline`). */
  @property({ attribute: false }) accessor deals: Deal[] | undefined;

  /** The pipeline of `.deals` (controlled use). */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined;

  /** @internal The chart code could not be loaded. */
  @state() accessor chartFailed = false;

  readonly #announcer = new Announcer(this);
  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #store = new StoreController<Loaded>(this, {
    collections: ['deals', 'pipelines'],
    load: async (repo) => {
      const [deals, pipelines] = await Promise.all([repo.deals.list(), this.provided?.pipelines ?? repo.pipelines.list()]);
      return { deals, pipelines };
    },
  });

  readonly #chart = new ForecastChartHost(this, () => (this.constructor as typeof SalesForecast).loadChartModule());
  #memo: Memo | undefined;

  /** Controlled use (`.deals` set) reads and writes no repository. */
  override get repository(): Repository | undefined {
    return this.deals !== undefined ? undefined : super.repository;
  }

  /** The forecast as shown (core `forecastRevenue`), or null when there is nothing to forecast. */
  get forecast(): RevenueForecast | null {
    return this.#view()?.forecast ?? null;
  }

  /** The backtest as shown (core `backtestForecast`), or null while it runs, when hidden or impossible. */
  get backtest(): Backtest | null {
    this.#view();
    return this.#memo?.backtest ?? null;
  }

  /** Resolves once the backtest of the current figures is replayed (one past period per task), with it. */
  async whenBacktestReady(): Promise<Backtest | null> {
    await this.updateComplete;
    this.#view();
    await this.#memo?.replay;
    await this.updateComplete;
    return this.backtest;
  }

  /** The forecast as CSV text (formula-safe): one row per period with raw numbers. */
  toCSV(): string {
    const f = this.forecast;
    return f ? forecastCsv(f, this.#context()) : '';
  }

  /** The chart as a PNG on the theme's surface colour; loads the chart code first if needed. Rejects when there is no chart. */
  async toPNG(): Promise<Blob> {
    await this.whenChartDrawn();
    const canvas = this.renderRoot.querySelector('canvas');
    if (!this.#chart.drawn || !canvas) throw new Error(this.chartFailed ? this.#s.chartFailed : this.#s.empty);
    return pngOf(canvas, this.#token('surface'));
  }

  /** Resolves once the chart shows the current figures: true when drawn, false when it could not load or there is nothing to draw. */
  async whenChartDrawn(): Promise<boolean> {
    await this.updateComplete;
    if (!this.#view()) return false;
    const module = await this.#chart.load();
    await this.updateComplete;
    return module !== undefined && this.#chart.drawn;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#chart.watch();
  }

  protected override firstUpdated(): void {
    this.#chart.watch();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const view = this.#view();
    this.#chart.draw(this.renderRoot.querySelector('canvas'), view ? () => this.#chartModel(view) : null);
    const loading = this.#loading();
    this.#states.set('loading', loading);
    this.#states.set('empty', !loading && !view);
    this.#states.set('chart-drawn', this.#chart.drawn);
    this.#states.set('chart-failed', this.chartFailed);
  }

  get #s(): SalesForecastStrings {
    return this.localize.section(salesForecastStrings);
  }

  #loading(): boolean {
    return this.deals === undefined && this.repository !== undefined && this.#store.value === undefined && !this.#store.error;
  }

  #pipelines(): Pipeline[] {
    if (this.deals !== undefined) return this.pipeline ? [this.pipeline] : [];
    return (this.#store.value?.pipelines ?? []).filter((p) => Array.isArray(p?.stages));
  }

  #period(): ForecastPeriod {
    return (FORECAST_PERIODS as readonly string[]).includes(this.period) ? this.period : 'month';
  }

  #asOf(): string {
    return this.asOf || new Date().toISOString().slice(0, 10);
  }

  // Computed once per change of what it depends on; a bad `as-of` becomes the error shown.
  #view(): View | null {
    const deals = this.deals ?? this.#store.value?.deals ?? [];
    const pipelines = this.#pipelines();
    const pipeline = pipelines.find((p) => p.id === this.pipelineId) ?? pipelines[0];
    const key = [deals, pipeline, this.#period(), this.periods, this.#asOf(), this.backtestPeriods];
    if (this.#memo && this.#memo.key.every((k, i) => k === key[i])) return this.#memo.view;
    let view: View | null = null;
    let error = '';
    if (pipeline && deals.some((d) => d?.pipelineId === pipeline.id)) {
      try {
        view = computeForecast(deals, pipeline, { asOf: this.#asOf(), period: this.#period(), periods: this.periods, backtest: this.backtestPeriods });
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    const memo: Memo = { key, view, error, backtest: null, replay: undefined };
    this.#memo = memo;
    if (view && view.backtestStarts.length > 0) {
      memo.replay = replayBacktest(deals, view, () => this.#memo === memo).then((result) => {
        memo.replay = undefined;
        if (this.#memo !== memo) return;
        memo.backtest = result;
        this.requestUpdate();
      });
    }
    return view;
  }

  #context(): ViewContext {
    const pipeline = this.#view()?.pipeline;
    const currency = this.currency || this.provided?.currency || pipeline?.currency || 'USD';
    return { s: this.#s, lang: this.localize.lang(), currency, period: this.#period() };
  }

  #token(name: keyof typeof TOKENS): string {
    return getComputedStyle(this).getPropertyValue(`--_l2c-${name}`).trim() || TOKENS[name];
  }

  #chartModel(view: View): ChartModule.ForecastChartModel {
    const c = this.#context();
    const style = getComputedStyle(this);
    const size = Number.parseFloat(style.fontSize);
    return {
      labels: view.forecast.periods.map((p) => periodLabel(p.start, c)),
      expected: view.forecast.periods.map((p) => Math.round(p.expected)),
      low: view.forecast.periods.map((p) => Math.round(p.low)),
      high: view.forecast.periods.map((p) => Math.round(p.high)),
      line: style.getPropertyValue('--_line').trim() || TOKENS['chart-1'],
      band: style.getPropertyValue('--_band').trim() || TOKENS['chart-5'],
      text: this.#token('text'),
      grid: this.#token('border'),
      fontFamily: this.#token('font-family'),
      fontSize: Math.max(11, Math.round((Number.isFinite(size) ? size : 15) * 0.85)),
      lang: c.lang,
      currency: c.currency,
    };
  }

  override render(): TemplateResult {
    const s = this.#s;
    if (this.#store.error && this.deals === undefined) return html`<p part="status" class="error" role="alert">${errorText(this.localize, this.#store.error)}</p>`;
    if (this.#loading()) return html`<p part="status" class="muted" role="status">${this.localize.term('loading')}</p>`;
    const view = this.#view();
    const pipelines = this.#pipelines();
    const c = this.#context();
    const first = view?.forecast.periods[0];
    const summary = first
      ? s.summary(periodLabel(first.start, c), formatMoney(Math.round(first.expected), c.currency, c.lang), formatMoney(Math.round(first.low), c.currency, c.lang), formatMoney(Math.round(first.high), c.currency, c.lang))
      : '';
    return html`
      <section part="forecast" class="forecast" aria-labelledby="forecast-title">
        <h2 part="title" id="forecast-title">${s.title}</h2>
        <p part="intro" class="muted">${s.intro}</p>
        <div part="toolbar" class="toolbar">
          ${pipelines.length > 1 ? html`<div class="field">
            <label for="forecast-pipeline">${s.pipeline}</label>
            <select id="forecast-pipeline" part="pipeline" @change=${this.#onPipeline}>
              ${pipelines.map((p) => html`<option value=${p.id} ?selected=${p.id === view?.pipeline.id}>${p.name}</option>`)}
            </select>
          </div>` : nothing}
          <fieldset part="period" class="period">
            <legend>${s.period}</legend>
            ${FORECAST_PERIODS.map((p) => html`<label><input type="radio" name="period" value=${p} .checked=${p === c.period} @change=${this.#onPeriod}> ${s.periods[p]}</label>`)}
          </fieldset>
          <div class="actions">
            <button type="button" class="btn" part="csv-button" ?disabled=${!view} @click=${this.#exportCsv}>${s.exportCsv}</button>
            <button type="button" class="btn" part="png-button" ?disabled=${!view || this.chartFailed} @click=${this.#exportPng}>${s.downloadPng}</button>
          </div>
        </div>
        ${this.#memo?.error ? html`<p part="status" class="error" role="alert">${this.#memo.error}</p>` : nothing}
        ${!view
          ? html`<p part="empty" class="muted">${pipelines.length === 0 ? s.noPipeline : s.empty}</p>`
          : html`
            <p part="summary" class="summary">${summary}</p>
            <figure part="chart" class="chart">
              <figcaption id="chart-caption">${s.chartTitle}</figcaption>
              <div class="canvas-box"><canvas part="canvas" role="img" aria-label=${summary}></canvas></div>
              <p part="legend" class="legend muted" aria-hidden="true"><span class="key line"></span>${s.legend.expected}<span class="key band"></span>${s.legend.range}</p>
            </figure>
            ${this.chartFailed ? html`<p part="chart-error" class="error">${s.chartFailed}</p>` : nothing}
            ${renderForecastTable(view.forecast, c)}
            ${this.backtestPeriods <= 0 ? nothing : this.#memo?.replay
              ? html`<section part="accuracy" aria-labelledby="accuracy-title"><h3 id="accuracy-title">${s.accuracy}</h3><p class="muted">${s.measuring}</p></section>`
              : renderAccuracy(this.#memo?.backtest ?? null, view.backtestSince, c)}
            ${renderLearned(view.forecast, view.pipeline, c)}`}
        ${this.#announcer.render()}
      </section>`;
  }

  readonly #onPeriod = (e: Event): void => {
    const period = (e.target as HTMLInputElement).value as ForecastPeriod;
    if (period === this.period) return;
    this.period = period;
    this.#announcer.announce(this.#s.periodShown(this.#s.periods[period]));
    this.emit('forecast-period-changed', { period });
  };

  readonly #onPipeline = (e: Event): void => {
    this.pipelineId = (e.target as HTMLSelectElement).value;
  };

  readonly #exportCsv = (): void => {
    download(this.renderRoot, new Blob([`\uFEFF${this.toCSV()}`], { type: 'text/csv;charset=utf-8' }), `forecast-${this.#period()}.csv`);
    this.#announcer.announce(this.#s.exported);
  };

  readonly #exportPng = async (): Promise<void> => {
    try {
      download(this.renderRoot, await this.toPNG(), `forecast-${this.#period()}.png`);
      this.#announcer.announce(this.#s.pngSaved);
    } catch {
      // toPNG rejects only when there is no chart, which the element already says.
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sales-forecast': SalesForecast;
  }
}
