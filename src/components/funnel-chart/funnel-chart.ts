/**
 * `<funnel-chart>`: a sales or marketing funnel with step and cumulative conversion and drop-off,
 * an accessible table of the same figures, and the plan back from a revenue target (DESIGN.md
 * section 3). The chart code (chart.js) loads lazily, when the element first becomes visible.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FunnelStep } from '../../core/funnel.js';
import type { Deal, Pipeline } from '../../core/model.js';
import { L2cElement } from '../../internal/base-element.js';
import { booleanAttribute } from '../../internal/boolean-attribute.js';
import { panelStyles } from '../../internal/panel-styles.js';
import type { Strings } from '../../internal/localize.js';
import { StoreController } from '../../internal/store-controller.js';
import { chartPalette, chartTokenStyles, TOKENS } from '../../internal/tokens.js';
import { StorageError } from '../../storage/errors.js';
import type { Repository } from '../../storage/types.js';
import type * as ChartModule from './funnel-chart.chart.js';
import type { FunnelChartHandle, FunnelChartModel, SegmentBox } from './funnel-chart.chart.js';
import { funnelChartStyles } from './funnel-chart.styles.js';
import {
  checkStages, SourceChecker, FUNNEL_MEASURES, funnelFromPipeline, funnelFromStages, FunnelFormat,
  measuredSteps, FUNNEL_ORIENTATIONS, FUNNEL_PERCENT_BASES, type FunnelData, type FunnelMeasure, type FunnelOrientation, type FunnelPercentBase, type StageInput,
} from './funnel-data.js';
import type * as TableModule from './funnel-table.js';
import type * as PlannerModule from './funnel-planner.js';
import type { FunnelPlanner } from './funnel-planner.js';
import type { StageSelectedDetail } from './events.js';
import { funnelChartStrings, type FunnelChartStrings } from './strings.js';

export type { StageSelectedDetail };

/** The lazily loaded chart module. */
export type FunnelChartModule = typeof ChartModule;

/** What the element reads from the repository for `pipeline-id`. */
interface Loaded {
  id: string;
  pipeline: Pipeline | undefined;
  deals: Deal[];
}

/** Where the figures come from and what went wrong on the way. */
interface View {
  status: 'idle' | 'loading' | 'ready';
  data: FunnelData;
  problems: string[];
  currency: string;
}

const EMPTY: FunnelData = { stages: [], steps: [] };

let tableModule: typeof TableModule | undefined;
let tableLoad: Promise<typeof TableModule> | undefined;
let plannerModule: typeof PlannerModule | undefined;
let plannerLoad: Promise<typeof PlannerModule> | undefined;

// The data table with the export (CSV, PNG), and the planner, are not needed for the first paint:
// each is one download for every chart on the page; a failed download may be tried again.
function loadTable(): Promise<typeof TableModule> {
  tableLoad ??= import('./funnel-table.js').then((m) => (tableModule = m), (error: unknown) => {
    tableLoad = undefined;
    throw error;
  });
  return tableLoad;
}

function loadPlanner(): Promise<typeof PlannerModule> {
  plannerLoad ??= import('./funnel-planner.js').then((m) => (plannerModule = m), (error: unknown) => {
    plannerLoad = undefined;
    throw error;
  });
  return plannerLoad;
}

/** Longest stage name drawn on the axis; the table and the accessible names carry the full text. */
const TICK_LABEL_MAX = 28;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

function clip(text: string): string {
  return text.length > TICK_LABEL_MAX ? `${text.slice(0, TICK_LABEL_MAX - 1)}…` : text;
}

function storageMessage(error: unknown, term: (key: 'storageBlocked' | 'storageUnavailable' | 'storageQuota') => string): string {
  if (error instanceof StorageError) {
    if (error.code === 'blocked') return term('storageBlocked');
    if (error.code === 'unavailable') return term('storageUnavailable');
    if (error.code === 'quota') return term('storageQuota');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A funnel chart of stages given as `.stages` or computed from the deals of `pipeline-id`, with
 * conversion from the previous stage and from the top, drop-off between stages, a data table, CSV
 * and PNG export, and (with `planner`) the reverse plan from a revenue `target` plus a what-if.
 *
 * `.stages` wins over `pipeline-id` when both are set. Data that cannot be used is named in a
 * message (`stages[2]: count must be ...`) and the rest is drawn.
 *
 * @tag funnel-chart
 * @fires stage-selected - A stage was clicked, or chosen with Enter/Space; `detail.stageId`.
 * @csspart base - The wrapper of everything.
 * @csspart header - The legend and the toolbar.
 * @csspart legend - What the percentages on the bars mean.
 * @csspart toolbar - The table toggle and export buttons.
 * @csspart table-toggle - The button that shows or hides the data table.
 * @csspart png-button - The "Download PNG" button.
 * @csspart csv-button - The "Download CSV" button.
 * @csspart messages - Problems with the data, naming each bad entry.
 * @csspart status - The loading message.
 * @csspart empty - The message shown when there is no stage to draw.
 * @csspart chart - The box of the canvas and its overlay; its height is `--l2c-funnel-chart-height`.
 * @csspart canvas - The chart canvas (role img, with a text summary).
 * @csspart segments - The overlay holding one focusable button per stage.
 * @csspart segment - A stage's button over the chart (`data-stage-id`); arrow keys move between them.
 * @csspart chart-error - The message shown when the chart code could not be loaded.
 * @csspart table - The data table (visually hidden unless `show-table`).
 * @csspart planner - The revenue plan (with `planner`).
 * @csspart plan-summary - The sentence with the wins needed.
 * @csspart plan-table - Needed per stage.
 * @csspart what-if - The what-if controls.
 * @csspart what-if-result - The revenue effect of the what-if (a polite live region).
 * @cssprop --l2c-funnel-chart-height - Height of the chart (default 360px).
 * @cssprop --l2c-funnel-chart-selected-outline - Outline of the selected stage (default a dashed primary line).
 * @cssprop --l2c-chart-1 - First bar colour; bars cycle through --l2c-chart-1 to --l2c-chart-8.
 * @cssstate loading - The deals or the chart code are loading.
 * @cssstate empty - There are no stages to show.
 * @cssstate invalid - Some of the stages given have problems (listed under the chart).
 * @cssstate chart-drawn - The chart is drawn.
 * @cssstate chart-failed - The chart code could not be loaded; the table still shows the numbers.
 */
export class FunnelChart extends L2cElement {
  static override defaultTag = 'funnel-chart';

  static override styles = [L2cElement.styles, chartTokenStyles, panelStyles, funnelChartStyles];

  static override messages = [funnelChartStrings];

  /** Loads the chart code; replace it to serve the module from elsewhere. */
  static loadChartModule: () => Promise<FunnelChartModule> = () => import('./funnel-chart.chart.js');

  /** The stages to draw, top of the funnel first: `[{ id, label, count, value? }]`. */
  @property({ attribute: false }) accessor stages: StageInput[] | undefined;

  /** Draw the funnel of this pipeline's deals from the repository (when `.stages` is not set). */
  @property({ attribute: 'pipeline-id' }) accessor pipelineId: string | undefined;

  /** With `pipeline-id`: count a deal at a stage only if it went through every earlier stage in order. */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true }) accessor strict = false;

  /** What the bars measure: `count` (default) or `value`. */
  @property({ reflect: true }) accessor mode: FunnelMeasure = 'count';

  /** What the percentage on each bar is relative to: `top` (the first stage, default) or `previous`. */
  @property({ reflect: true }) accessor percent: FunnelPercentBase = 'top';

  /** `vertical` (stages top to bottom, default) or `horizontal` (left to right). */
  @property({ reflect: true }) accessor orientation: FunnelOrientation = 'vertical';

  /** Show the revenue plan and the what-if controls. */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true }) accessor planner = false;

  /** Revenue target of the plan, in `currency`. */
  @property({ type: Number }) accessor target: number | undefined;

  /** Average deal value for the plan; by default the last stage's value over its count. */
  @property({ type: Number, attribute: 'average-deal-value' }) accessor averageDealValue: number | undefined;

  /** Show the data table (it is always there for assistive technology, visually hidden otherwise). */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true, attribute: 'show-table' }) accessor showTable = false;

  /** Currency (ISO 4217) of values; else the provider's, the pipeline's, or USD. */
  @property() accessor currency: string | undefined;

  /** The id of the stage selected last (click or Enter/Space). */
  @property({ reflect: true }) accessor selected: string | undefined;

  @state() private accessor boxes: SegmentBox[] = [];
  /** @internal The stage button in the tab order. */
  @state() accessor active = 0;
  @state() private accessor chartFailed = false;

  private readonly store = new StoreController<Loaded | null>(this, {
    collections: ['deals', 'pipelines'],
    load: (repo) => this.load(repo),
  });

  private readonly internals: ElementInternals | undefined;
  private chartModule: FunnelChartModule | undefined;
  private loading: Promise<FunnelChartModule | undefined> | undefined;
  private handle: FunnelChartHandle | undefined;
  private lastModel = '';
  private drawnOnce = false;
  private drawWaiters: Array<(drawn: boolean) => void> = [];
  private loadWaiters: Array<() => void> = [];
  private visibility: IntersectionObserver | undefined;
  private themeWatch: MutationObserver | undefined;
  private themeKey = '';
  private themeFrame = 0;
  private readonly motion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
  private readonly scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  private memo: { deps: unknown[]; view: View } | undefined;
  private readonly checker = new SourceChecker();
  private plan: FunnelPlanner | undefined;
  private pending = new Set<Promise<unknown>>();

  constructor() {
    super();
    try {
      this.internals = this.attachInternals();
    } catch {
      // A subclass that attaches internals itself keeps them; states are then not set here.
      this.internals = undefined;
    }
  }

  /** Only a funnel drawn from `pipeline-id` reads the repository; `.stages` alone opens no storage. */
  override get repository(): Repository | undefined {
    return this.stages === undefined && this.pipelineId ? super.repository : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.motion?.addEventListener('change', this.onEnvironment);
    this.scheme?.addEventListener('change', this.onEnvironment);
    // Token values may change on any ancestor (a theme switch): re-read them when attributes change.
    this.themeWatch = new MutationObserver(this.onEnvironment);
    this.themeWatch.observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['style', 'class', 'theme', 'data-theme'] });
    if (this.hasUpdated) this.watchVisibility();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.motion?.removeEventListener('change', this.onEnvironment);
    this.scheme?.removeEventListener('change', this.onEnvironment);
    this.themeWatch?.disconnect();
    this.visibility?.disconnect();
    this.visibility = undefined;
    cancelAnimationFrame(this.themeFrame);
    this.handle?.destroy();
    this.handle = undefined;
    this.lastModel = '';
    this.boxes = [];
    // Nothing loads for a detached element: whoever waits for the figures goes on without them.
    this.flushLoaded();
  }

  /**
   * The figures as CSV (formula-safe), with the columns of the data table. The table and export
   * code loads right after the first render: call this once `updateComplete` has resolved.
   */
  toCSV(): string {
    if (!tableModule) throw new Error('funnel-chart: the table and export code has not loaded yet; await updateComplete first.');
    return tableModule.csvOf(this.view().data, this.text, this.measure);
  }

  /**
   * The chart as a PNG on the theme's surface colour. Waits for the figures of `pipeline-id` to be
   * read and loads the chart code if it has not loaded yet; rejects when there is nothing to draw
   * or the chart could not load.
   */
  async toPNG(): Promise<Blob> {
    const [table] = await Promise.all([loadTable(), this.ensureChart(), this.whenLoaded()]);
    await this.updateComplete;
    const canvas = this.canvas;
    if (!this.handle || !canvas) throw new Error(this.chartFailed ? this.text.chartFailed : this.text.empty);
    this.handle.settle();
    return table.pngOf(canvas, this.token('surface'));
  }

  /**
   * Resolves once the chart shows the current figures, after any animation: true when drawn, false
   * when the chart code could not load. With `pipeline-id` it waits for the figures to be read
   * first. The chart loads when the element becomes visible.
   */
  async whenChartDrawn(): Promise<boolean> {
    // Changes made just before the call are drawn first, and figures still being read are waited for.
    await this.whenLoaded();
    if (this.chartFailed) return false;
    if ((this.handle && this.drawnOnce) || (this.chartModule && this.view().data.stages.length === 0)) return true;
    return new Promise((resolve) => this.drawWaiters.push(resolve));
  }

  /** Resolves after the update that shows the figures of `pipeline-id`, once they are read (at once without them). */
  private async whenLoaded(): Promise<void> {
    await this.updateComplete;
    if (this.view().status !== 'loading' || !this.isConnected) return;
    await new Promise<void>((resolve) => this.loadWaiters.push(resolve));
    await this.updateComplete;
  }

  /** @internal */
  get text(): FunnelChartStrings {
    return this.localize.section(funnelChartStrings);
  }

  /** @internal */
  get measure(): FunnelMeasure {
    return pick(this.mode, FUNNEL_MEASURES, 'count');
  }

  private get base(): FunnelPercentBase {
    return pick(this.percent, FUNNEL_PERCENT_BASES, 'top');
  }

  private get layout(): FunnelOrientation {
    return pick(this.orientation, FUNNEL_ORIENTATIONS, 'vertical');
  }

  private get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  private token(name: keyof typeof TOKENS): string {
    return getComputedStyle(this).getPropertyValue(`--_l2c-${name}`).trim() || TOKENS[name];
  }

  private async load(repo: Repository): Promise<Loaded | null> {
    const id = this.pipelineId;
    if (!id || this.stages !== undefined) return null;
    const given = this.provided?.pipelines?.find((p) => p?.id === id);
    const pipeline = given ?? await repo.pipelines.get(id);
    const deals = pipeline ? await repo.deals.list({ where: { pipelineId: id } }) : [];
    return { id, pipeline, deals };
  }

  // Computed once per change of what it depends on: renders for focus or layout reuse it.
  private view(): View {
    const lang = this.localize.lang();
    const deps = [this.stages, this.pipelineId, this.store.value, this.store.error, this.strict, lang, this.currency, this.provided];
    if (this.memo && this.memo.deps.every((d, i) => d === deps[i])) return this.memo.view;
    const view = this.computeView(lang);
    this.memo = { deps, view };
    return view;
  }

  private computeView(lang: string): View {
    const s = this.text;
    const own = this.currency || this.provided?.currency;
    if (this.stages !== undefined) {
      const checked = checkStages(this.stages);
      return {
        status: 'ready',
        data: funnelFromStages(checked.stages),
        problems: checked.list ? checked.problems.map((p) => s.stageProblem(p)) : [s.stagesNotList],
        currency: own || 'USD',
      };
    }
    if (!this.pipelineId) return { status: 'idle', data: EMPTY, problems: [], currency: own || 'USD' };
    if (this.store.error !== undefined) {
      return { status: 'ready', data: EMPTY, problems: [storageMessage(this.store.error, (k) => this.localize.term(k))], currency: own || 'USD' };
    }
    const loaded = this.store.value;
    if (!loaded || loaded.id !== this.pipelineId) return { status: 'loading', data: EMPTY, problems: [], currency: own || 'USD' };
    if (!loaded.pipeline) return { status: 'ready', data: EMPTY, problems: [s.pipelineMissing(loaded.id)], currency: own || 'USD' };
    const pipeline = loaded.pipeline;
    const found = this.checker.check(pipeline, loaded.deals);
    const problems: string[] = [];
    if (found.pipeline.length) problems.push(s.pipelineInvalid(typeof pipeline.name === 'string' ? pipeline.name : loaded.id, found.pipeline.join('; ')));
    if (found.deals.count) problems.push(s.dealsInvalid(found.deals.count, found.deals.details.join('; ')));
    return {
      status: 'ready',
      data: funnelFromPipeline(loaded.deals, pipeline, this.strict, lang),
      problems,
      currency: own || (typeof pipeline.currency === 'string' ? pipeline.currency : '') || 'USD',
    };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.hasUpdated && (changed.has('pipelineId') || changed.has('provided'))) void this.store.refresh();
    if (this.planner && !this.plan) {
      if (plannerModule) this.attachPlanner(plannerModule);
      else this.track(loadPlanner().then((m) => this.attachPlanner(m)));
    }
  }

  protected override firstUpdated(): void {
    this.watchVisibility();
    if (!tableModule) this.track(loadTable().then(() => this.requestUpdate()));
  }

  protected override messageSections(): readonly Strings<object>[] {
    const own = super.messageSections();
    return this.planner && plannerModule ? [...own, plannerModule.funnelPlannerStrings] : own;
  }

  private attachPlanner(m: typeof PlannerModule): void {
    this.plan ??= new m.FunnelPlanner(this, this.localize);
    this.requestUpdate();
  }

  /** Keeps `updateComplete` waiting for a lazily loaded module (a failed load is not waited for again). */
  private track(load: Promise<unknown>): void {
    const p = load.catch(() => undefined).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.pending.size > 0) {
      await Promise.all(this.pending);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const view = this.view();
    this.drawChart(view);
    this.setStates(view);
    if (view.status !== 'loading') this.flushLoaded();
  }

  private drawChart(view: View): void {
    // A detached canvas never tells chart.js when it is attached again (inside a shadow root):
    // charts are made only while connected, and remade on connection.
    if (!this.chartModule || !this.isConnected) return;
    const canvas = this.canvas;
    if (view.data.stages.length === 0 || !canvas) {
      // Nothing to draw: drop the chart so an old picture never lingers under the "empty" message.
      this.handle?.destroy();
      this.handle = undefined;
      this.lastModel = '';
      if (this.boxes.length) this.boxes = [];
      // Figures still being read are not "nothing to draw": waiters wait for them.
      if (view.status !== 'loading') this.flushDrawn(true);
      return;
    }
    const model = this.chartModel(view);
    const key = JSON.stringify(model);
    if (this.handle && key === this.lastModel) return;
    this.lastModel = key;
    this.drawnOnce = false;
    const callbacks = { layout: (boxes: SegmentBox[]) => { this.boxes = boxes; }, drawn: () => this.onDrawn() };
    if (this.handle) this.handle.update(model);
    else this.handle = this.chartModule.createFunnelChart(canvas, model, callbacks);
  }

  private onDrawn(): void {
    this.drawnOnce = true;
    this.setStates(this.view());
    this.flushDrawn(true);
  }

  private flushLoaded(): void {
    const waiters = this.loadWaiters;
    this.loadWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private flushDrawn(drawn: boolean): void {
    const waiters = this.drawWaiters;
    this.drawWaiters = [];
    for (const resolve of waiters) resolve(drawn);
  }

  private setStates(view: View): void {
    const states = this.internals?.states;
    if (!states) return;
    const want: Record<string, boolean> = {
      loading: view.status === 'loading',
      empty: view.status !== 'loading' && view.data.stages.length === 0,
      invalid: view.problems.length > 0,
      'chart-drawn': Boolean(this.handle) && this.drawnOnce,
      'chart-failed': this.chartFailed,
    };
    for (const [name, on] of Object.entries(want)) {
      try {
        if (on) states.add(name);
        else states.delete(name);
      } catch {
        // Engines that only accept the older `--name` form of custom states go without them.
      }
    }
  }

  private watchVisibility(): void {
    if (this.chartModule || this.visibility || !this.isConnected) {
      if (this.chartModule) this.requestUpdate();
      return;
    }
    if (typeof IntersectionObserver === 'undefined') {
      void this.ensureChart();
      return;
    }
    this.visibility = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.visibility?.disconnect();
      this.visibility = undefined;
      void this.ensureChart();
    });
    this.visibility.observe(this);
  }

  private ensureChart(): Promise<FunnelChartModule | undefined> {
    this.loading ??= (this.constructor as typeof FunnelChart).loadChartModule().then(
      (module) => {
        this.chartModule = module;
        this.requestUpdate();
        return module;
      },
      () => {
        this.chartFailed = true;
        this.flushDrawn(false);
        return undefined;
      },
    );
    return this.loading;
  }

  private readonly onEnvironment = (): void => {
    cancelAnimationFrame(this.themeFrame);
    this.themeFrame = requestAnimationFrame(() => {
      const key = JSON.stringify([chartPalette(this), this.token('text'), this.token('font-family'), this.motion?.matches]);
      if (key === this.themeKey) return;
      this.themeKey = key;
      this.requestUpdate();
    });
  };

  private chartModel(view: View): FunnelChartModel {
    const fmt = new FunnelFormat(this.localize.lang(), view.currency);
    const mode = this.measure;
    const measured = measuredSteps(view.data.steps, mode);
    const palette = chartPalette(this);
    const size = Number.parseFloat(getComputedStyle(this).fontSize);
    return {
      orientation: this.layout,
      ticks: view.data.stages.map((stage, i) => [clip(stage.label), fmt.figure(measured[i]?.count ?? 0, mode, true)]),
      values: measured.map((m) => m.count),
      inside: measured.map((m, i) => (this.base === 'top' ? fmt.percent(m.cumulativeConversion) : i === 0 ? '' : fmt.percent(m.stepConversion))),
      connectors: measured.slice(1).map((m) => [fmt.change(m.dropOff, mode, true), fmt.changeRate(m.dropOffRate)]),
      colors: view.data.stages.map((_, i) => palette[i % palette.length] ?? TOKENS['chart-1']),
      text: this.token('text'),
      fontFamily: this.token('font-family'),
      fontSize: Math.max(11, Math.round((Number.isFinite(size) ? size : 15) * 0.85)),
      animate: !this.motion?.matches,
    };
  }

  /** @internal Selects a stage and fires `stage-selected`. */
  select(stageId: string): void {
    this.selected = stageId;
    const detail: StageSelectedDetail = { stageId };
    this.emit('stage-selected', detail);
  }

  private async downloadPng(): Promise<void> {
    try {
      const png = await this.toPNG();
      (await loadTable()).download(this.renderRoot, png, 'funnel.png');
    } catch {
      // toPNG rejects only when nothing is drawn, which the page already says.
    }
  }

  private downloadCsv(): void {
    // A byte order mark so that spreadsheet programs read Chinese stage names correctly.
    const save = (m: typeof TableModule) => m.download(this.renderRoot, new Blob([`\uFEFF${this.toCSV()}`], { type: 'text/csv;charset=utf-8' }), 'funnel.csv');
    if (tableModule) save(tableModule);
    else void loadTable().then(save, () => undefined);
  }

  override render(): TemplateResult {
    const s = this.text;
    const view = this.view();
    const { data } = view;
    const mode = this.measure;
    const fmt = new FunnelFormat(this.localize.lang(), view.currency);
    const measured = measuredSteps(data.steps, mode);
    const empty = data.stages.length === 0;
    return html`<div part="base">
      <div part="header">
        <p part="legend" class="muted">${s.percentNote(this.base)}</p>
        <div part="toolbar" role="group" aria-label=${s.toolbar}>
          <button type="button" class="btn" part="table-toggle" aria-pressed=${this.showTable ? 'true' : 'false'}
            @click=${() => { this.showTable = !this.showTable; }}>${s.table}</button>
          <button type="button" class="btn" part="png-button" ?disabled=${empty || this.chartFailed}
            @click=${() => void this.downloadPng()}>${s.downloadPng}</button>
          <button type="button" class="btn" part="csv-button" ?disabled=${empty} @click=${() => this.downloadCsv()}>${s.downloadCsv}</button>
        </div>
      </div>
      ${view.problems.length ? html`<div part="messages" role="alert">
        <p>${s.problemsTitle}</p>
        <ul>${view.problems.map((p) => html`<li>${p}</li>`)}</ul>
      </div>` : nothing}
      ${view.status === 'loading' ? html`<p part="status" class="muted" role="status">${this.localize.term('loading')}</p>` : nothing}
      ${empty && view.status !== 'loading' ? html`<p part="empty" class="muted">${s.empty}</p>` : nothing}
      <div part="chart" ?hidden=${empty}>
        <canvas part="canvas" role="img" aria-label=${this.summary(data, measured, fmt)}></canvas>
        <div part="segments" role="group" aria-label=${s.stagesLabel}>
          ${this.chartModule?.renderSegments(this, this.boxes, data, measured, fmt) ?? nothing}
        </div>
      </div>
      ${this.chartFailed && !empty ? html`<p part="chart-error" class="error">${s.chartFailed}</p>` : nothing}
      ${empty ? nothing : tableModule?.renderTable(data, measured, fmt, s, mode, this.showTable || this.chartFailed) ?? nothing}
      ${this.planner ? this.plan?.render(data, fmt, s.stage) ?? nothing : nothing}
    </div>`;
  }

  private summary(data: FunnelData, measured: FunnelStep[], fmt: FunnelFormat): string {
    const first = data.stages[0];
    const last = data.stages.at(-1);
    if (!first || !last) return this.text.empty;
    const mode = this.measure;
    return this.text.summary({
      count: data.stages.length,
      first: first.label,
      firstFigure: fmt.figure(measured[0]?.count ?? 0, mode),
      last: last.label,
      lastFigure: fmt.figure(measured.at(-1)?.count ?? 0, mode),
      overall: fmt.percent(measured.at(-1)?.cumulativeConversion ?? null),
    });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'funnel-chart': FunnelChart;
  }
}
