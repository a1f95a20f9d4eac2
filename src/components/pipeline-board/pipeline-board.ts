/**
 * `<pipeline-board>`: the deals of a pipeline as columns of cards (DESIGN.md section 3). Deals move
 * by pointer drag, by keyboard and by a "Move to…" menu, under the pipeline's policy, with stage
 * history recorded by core. Columns are virtualised, so 100,000 deals keep at most 300 cards in the DOM.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { activityState, type ActivityState, type DueActivity } from '../../core/activity.js';
import { weightedPipeline } from '../../core/funnel.js';
import type { Activity, Deal, Pipeline, Stage } from '../../core/model.js';
import { getPath } from '../../core/predicate.js';
import {
  canMove, daysInStage, firstOpenStage, isRotting, lastOpenStageId, moveDeal, stageLabel, type MoveCheck,
} from '../../core/stages.js';
import { L2cElement } from '../../internal/base-element.js';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import { StorageError } from '../../storage/errors.js';
import type { Repository } from '../../storage/types.js';
import {
  NO_FILTER, NO_OWNER, buildModel, isFiltering, rankAt, renumber, sanitizePipeline,
  type BoardFilter, type BoardModel, type SafePipeline,
} from './board-model.js';
import type { DealMoveDetail, MoveSource } from './events.js';
import { boardStyles } from './pipeline-board.styles.js';
import { setStyle } from './set-style.js';
import { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';

export { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';
export type { DealMoveDetail, DealOpenedDetail, PipelineSelectedDetail, MoveSource } from './events.js';

/** The most cards the board keeps in the DOM at once (DESIGN.md section 6). */
export const MAX_CARDS = 300;
/** Cards rendered beyond the visible ones at each end of a column, so fast scrolling shows no gaps. */
const OVERSCAN = 3;
const DRAG_THRESHOLD_PX = 5;
const TOUCH_HOLD_MS = 350;
const EDGE_PX = 48;
const MAX_SCROLL_STEP = 24;
const OTHER = '\u0000other';

/** A move in progress: the deal, where it came from, and where it would land now. */
interface Moving {
  id: string;
  from: string;
  fromIndex: number;
  to: string;
  /** Position in the target column without the deal itself. */
  index: number;
  source: 'keyboard' | 'pointer';
}

/** A press on a card that may become a drag. */
interface Press {
  id: string;
  pointerId: number;
  pointerType: string;
  x: number;
  y: number;
  dragging: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  held: boolean;
}

/** The move waiting for a lost reason. */
interface LostRequest {
  id: string;
  to: string;
  index: number;
  source: MoveSource;
}

interface ColumnFigures {
  count: string;
  total: string;
  weighted: string | undefined;
}

interface Row {
  deal: Deal;
  /** Index in the column (for aria-posinset). */
  index: number;
  slot: number;
}

function localDay(ms: number): { today: string; dayEnd: number } {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    today: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    dayEnd: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime(),
  };
}

function parseAmount(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A board of deals in the stages of one pipeline.
 *
 * @tag pipeline-board
 * @fires deal-move - Before a deal moves (cancelable): `{ deal, from, to, index, source }`; `deal` as it is now.
 * @fires deal-moved - After a deal moved (stored, or in controlled use for the host to apply): `{ deal, from, to, index, source }` with the moved deal.
 * @fires deal-opened - The user opened a deal (Enter, double-click, or a click on its title): `{ deal }`.
 * @fires pipeline-selected - The user switched to another pipeline: `{ pipelineId }`.
 * @csspart toolbar - The search and filter bar.
 * @csspart pipeline-select - The pipeline switcher (shown with more than one pipeline).
 * @csspart search - The search field.
 * @csspart owner-select - The owner filter.
 * @csspart min-value - The minimum value filter.
 * @csspart max-value - The maximum value filter.
 * @csspart clear-filters - The button that clears the filters.
 * @csspart count - How many deals are shown.
 * @csspart notice - A message about the last action, such as a move the policy refused.
 * @csspart problems - Problems with the pipeline or deals given to the board.
 * @csspart board - The horizontally scrolling row of columns.
 * @csspart column - One stage (carries `data-stage-id`); also `column-target` while a deal is over it.
 * @csspart column-header - A column's header.
 * @csspart column-title - A column's stage name.
 * @csspart column-summary - A column's count and total value.
 * @csspart column-count - The number of deals in a column.
 * @csspart column-total - The total value in a column.
 * @csspart column-weighted - The probability-weighted value of an open stage.
 * @csspart column-body - The scrolling area of a column.
 * @csspart cards - The list of cards in a column.
 * @csspart empty - The text of a column without deals.
 * @csspart card - A deal (carries `data-deal-id`, `data-activity`, and `data-rotting` when rotting); also `rotting`, `lifted`, `won`, `lost`.
 * @csspart rotting - A card whose deal is rotting (with `card`).
 * @csspart card-title - The deal's title (a button that opens it).
 * @csspart card-value - The deal's value.
 * @csspart card-owner - The deal's owner.
 * @csspart card-age - Days in the current stage.
 * @csspart card-activity - The activity indicator (`data-activity`: overdue, today, planned, none).
 * @csspart card-rotting - The rotting badge.
 * @csspart card-fields - The extra fields named in `card-fields`.
 * @csspart card-menu-button - The "Move to…" button.
 * @csspart card-restore - The "Restore" button on a lost deal.
 * @csspart drop-placeholder - Where a moving deal would land.
 * @csspart drag-ghost - The card under the pointer while dragging.
 * @csspart menu - The "Move to…" menu.
 * @csspart menu-item - A stage in the menu.
 * @csspart dialog - The lost-reason dialog.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssstate moving - A deal is being moved (keyboard or pointer).
 * @cssstate dragging - A deal is being dragged with a pointer.
 * @cssstate filtered - A search or filter narrows the deals shown.
 * @cssstate loading - The deals are being read from the repository.
 * @cssstate empty - The pipeline has no deals.
 * @cssprop --l2c-pipeline-board-column-width - Width of a column (default 272px).
 * @cssprop --l2c-pipeline-board-height - Height of the board (default 640px).
 * @cssprop --l2c-pipeline-board-card-gap - Space between cards (default the space-2 token).
 * @cssprop --l2c-pipeline-board-column-background - Background of a column (default the surface-alt token).
 * @cssprop --l2c-pipeline-board-rotting-color - Colour that marks rotting deals (default the danger token).
 */
export class PipelineBoard extends L2cElement {
  static override defaultTag = 'pipeline-board';

  static override styles = [L2cElement.styles, boardStyles];

  /** The pipeline to show (controlled); with `.pipelines` or a repository, the first of the list. */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined;

  /** Pipelines to switch between; by default the provider's, else the repository's. */
  @property({ attribute: false }) accessor pipelines: Pipeline[] | undefined;

  /** The deals to show (controlled: moves only fire events, the host updates this list). */
  @property({ attribute: false }) accessor deals: Deal[] | undefined;

  /** Activities for the indicator in controlled use; otherwise read from the repository. */
  @property({ attribute: false }) accessor activities: Activity[] | undefined;

  /** Display names of owners by owner id. */
  @property({ attribute: false }) accessor owners: Record<string, string> | undefined;

  /** The id of the pipeline to show from the available ones (set by the pipeline switcher too). */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined;

  /** Extra deal fields shown on cards, comma-separated (e.g. `expectedClose,probability,custom.region`). */
  @property({ attribute: 'card-fields' }) accessor cardFields: string | undefined;

  /** Smaller cards: title, value and indicators only. */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  /** Currency of the column totals (ISO 4217); default the provider's, the pipeline's, or USD. */
  @property() accessor currency: string | undefined;

  /** The present for ages, rotting and activity (ISO or ms); default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  @state() private accessor filter: BoardFilter = NO_FILTER;
  @state() private accessor moving: Moving | undefined;
  @state() private accessor menu: { id: string; x: number; y: number; up: boolean } | undefined;
  @state() private accessor lost: LostRequest | undefined;
  @state() private accessor lostChoice = '';
  @state() private accessor lostOther = '';
  @state() private accessor lostError = '';
  @state() private accessor notice: { text: string; kind: 'refusal' | 'error' } | undefined;
  @state() private accessor announcement = '';
  @state() private accessor activeId: string | undefined;
  @state() private accessor pendingVersion = 0;
  @state() private accessor rowHeight = 0;
  @state() private accessor viewport = 0;
  @state() private accessor scrollVersion = 0;

  private readonly pipelineStore = new StoreController<Pipeline[]>(this, {
    collections: ['pipelines'],
    load: (repo) => repo.pipelines.list(),
  });

  private readonly dealStore = new StoreController<Deal[]>(this, {
    collections: ['deals'],
    load: (repo) => {
      const id = this.current?.pipeline?.id;
      this.dealsLoadedFor = id;
      return id === undefined ? Promise.resolve([]) : repo.deals.list({ where: { pipelineId: id } });
    },
  });

  private readonly activityStore = new StoreController<Activity[]>(this, {
    collections: ['activities'],
    load: (repo) => repo.activities.list(),
  });

  private readonly internals: ElementInternals | undefined;
  private dealsLoadedFor: string | undefined;
  private current: SafePipeline | undefined;
  private currentRaw: unknown;
  private available: Pipeline[] = [];
  private availableKey: unknown[] = [];
  private model: BoardModel | undefined;
  private modelKey: unknown[] = [];
  private figures = new Map<string, ColumnFigures>();
  private indexById = new Map<string, number>();
  private activityByDeal = new Map<string, DueActivity[]>();
  private activitySource: unknown;
  private haystacks = new WeakMap<Deal, string>();
  private lastOpen = { id: '', at: 0 };
  /** Writes made here that storage has not confirmed yet; `settled` once the write resolved. */
  private readonly pending = new Map<string, { deal: Deal; settled: boolean }>();
  private pendingView = new Map<string, Deal>();
  private lastDealSource: unknown;
  private readonly scrollTops = new Map<string, number>();
  private readonly firstRows = new Map<string, number>();
  private scrollFrame = 0;
  private nowMs = Date.now();
  private day = localDay(this.nowMs);
  private press: Press | undefined;
  private pointer = { x: 0, y: 0 };
  private autoScrollFrame = 0;
  private suppressClick = false;
  private refocus: string | undefined;
  private menuFocus = 0;
  private tabStop: string | undefined;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    try {
      this.internals = this.attachInternals();
    } catch {
      this.internals = undefined;
    }
  }

  /** The repository, except in controlled use (`.deals` set), where the board reads nothing. */
  override get repository(): Repository | undefined {
    return this.deals !== undefined ? undefined : super.repository;
  }

  /** The pipeline shown, as the board uses it (invalid stages left out), or undefined. */
  get activePipeline(): Pipeline | undefined {
    return this.current?.pipeline;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver ??= new ResizeObserver(() => this.measureViewport());
      this.resizeObserver.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.endPress();
    this.moving = undefined;
    this.menu = undefined;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    clearTimeout(this.filterTimer);
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = 0;
  }

  // ------------------------------------------------------------------------------------------
  // Deriving what to show

  private get s(): PipelineBoardStrings {
    return this.localize.section(pipelineBoardStrings);
  }

  /** A locale Intl accepts: the requested tag (en-GB formats as in Britain), else the resolved one. */
  private get formatLocale(): string {
    const requested = this.localize.requested();
    try {
      return Intl.getCanonicalLocales(requested)[0] ?? this.localize.lang();
    } catch {
      return this.localize.lang();
    }
  }

  private get boardCurrency(): string {
    return this.currency || this.provided?.currency || this.current?.pipeline?.currency || 'USD';
  }

  private get controlled(): boolean {
    return this.deals !== undefined;
  }

  private availablePipelines(): Pipeline[] {
    const fromStore = this.repository ? this.pipelineStore.value : undefined;
    const key = [this.pipeline, this.pipelines, this.provided?.pipelines, fromStore];
    if (key.every((k, i) => k === this.availableKey[i])) return this.available;
    this.availableKey = key;
    const list: Pipeline[] = [];
    const seen = new Set<unknown>();
    const lists = [this.pipeline ? [this.pipeline] : [], this.pipelines ?? this.provided?.pipelines ?? fromStore ?? []];
    for (const items of lists) {
      for (const p of Array.isArray(items) ? items : []) {
        const id = typeof p === 'object' && p !== null ? (p as { id?: unknown }).id : undefined;
        if (id === undefined || seen.has(id)) continue;
        seen.add(id);
        list.push(p);
      }
    }
    this.available = list;
    return list;
  }

  private choosePipeline(): void {
    const list = this.availablePipelines();
    // A malformed `.pipeline` is still the one asked for: it is shown with its problems named.
    const raw: unknown = this.pipelineId
      ? list.find((p) => p.id === this.pipelineId)
      : this.pipeline !== undefined && this.pipeline !== null ? this.pipeline : list[0];
    if (raw !== this.currentRaw || !this.current) {
      this.currentRaw = raw;
      this.current = raw === undefined ? undefined : sanitizePipeline(raw);
      this.scrollTops.clear();
      this.firstRows.clear();
    }
  }

  private haystack = (deal: Deal): string => {
    let text = this.haystacks.get(deal);
    if (text === undefined) {
      const owner = typeof deal.ownerId === 'string' ? `${deal.ownerId} ${this.owners?.[deal.ownerId] ?? ''}` : '';
      const extra = this.fieldList().map((f) => String(getPath(deal, f) ?? '')).join(' ');
      text = `${deal.title} ${owner} ${extra}`.toLocaleLowerCase();
      this.haystacks.set(deal, text);
    }
    return text;
  };

  private fieldList(): string[] {
    return (this.cardFields ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  }

  private syncPending(dealSource: unknown): void {
    // A fresh read from storage includes every write that resolved before it: drop those.
    if (dealSource !== this.lastDealSource) {
      this.lastDealSource = dealSource;
      for (const [id, p] of this.pending) if (p.settled) this.pending.delete(id);
    }
    this.pendingView = new Map([...this.pending].map(([id, p]) => [id, p.deal]));
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.nowMs = this.now === undefined ? Date.now() : (typeof this.now === 'number' ? this.now : Date.parse(this.now)) || Date.now();
    this.day = localDay(this.nowMs);
    this.choosePipeline();
    const pipeline = this.current?.pipeline;
    if (this.repository && !this.controlled && pipeline && pipeline.id !== this.dealsLoadedFor) {
      this.dealsLoadedFor = pipeline.id;
      void this.dealStore.refresh();
    }
    const source = this.controlled ? this.deals : this.dealStore.value;
    this.syncPending(source);
    if (changed.has('cardFields') || changed.has('owners')) {
      this.haystacks = new WeakMap();
      this.modelKey = [];
    }
    const key = [source, pipeline, this.filter, this.pendingVersion, this.pending.size, this.lastDealSource,
      this.formatLocale, this.boardCurrency, this.localize.lang()];
    if (pipeline && !key.every((k, i) => k === this.modelKey[i])) {
      this.modelKey = key;
      this.model = buildModel({ deals: source ?? [], pipeline, pending: this.pendingView, filter: this.filter, haystack: this.haystack });
      this.computeFigures(pipeline, this.model);
    } else if (!pipeline) {
      this.model = undefined;
    }
    this.indexActivities();
    this.checkMoving();
  }

  private computeFigures(pipeline: Pipeline, model: BoardModel): void {
    const locale = this.formatLocale;
    const currency = this.boardCurrency;
    const weighted = new Map(weightedPipeline(model.shown, pipeline).byStage.map((w) => [w.stageId, w]));
    this.figures = new Map();
    this.indexById = new Map();
    for (const stage of pipeline.stages) {
      const deals = model.columns.get(stage.id) ?? [];
      deals.forEach((d, i) => this.indexById.set(d.id, i));
      const w = weighted.get(stage.id);
      let total = w?.value;
      if (total === undefined) {
        total = 0;
        for (const d of deals) if (d.value > 0) total += d.value;
      }
      this.figures.set(stage.id, {
        count: this.s.count(deals.length, formatNumber(deals.length, locale)),
        total: formatMoney(total, currency, locale, { compact: total >= 1e6 }),
        weighted: stage.kind === 'open' && w ? formatMoney(w.weighted, currency, locale, { compact: w.weighted >= 1e6 }) : undefined,
      });
    }
  }

  private indexActivities(): void {
    const source = this.activities ?? (this.controlled ? undefined : this.activityStore.value);
    if (source === this.activitySource) return;
    this.activitySource = source;
    this.activityByDeal = new Map();
    for (const a of Array.isArray(source) ? source : []) {
      if (typeof a !== 'object' || a === null || typeof a.dealId !== 'string' || a.done === true) continue;
      let list = this.activityByDeal.get(a.dealId);
      if (!list) this.activityByDeal.set(a.dealId, (list = []));
      list.push(a);
    }
  }

  /** A move in progress ends when its deal disappears (deleted in another tab, filtered out). */
  private checkMoving(): void {
    const m = this.moving;
    if (!m || !this.model) return;
    if (!this.model.byId.has(m.id) || !this.model.columns.has(m.to)) {
      this.moving = undefined;
      this.endPress();
    }
  }

  private column(stageId: string): Deal[] {
    return this.model?.columns.get(stageId) ?? [];
  }

  private stageName(stageId: string): string {
    const stage = this.current?.pipeline?.stages.find((s) => s.id === stageId);
    return stage ? stageLabel(stage, this.localize.lang()) : stageId;
  }

  private activityOf(deal: Deal): ActivityState {
    const own = this.activityByDeal.get(deal.id);
    const next = deal['nextActivityAt'];
    const list: DueActivity[] = typeof next === 'string' || typeof next === 'number'
      ? [...(own ?? []), { dueAt: String(typeof next === 'number' ? new Date(next).toISOString() : next) }]
      : own ?? [];
    return activityState(list, { now: this.nowMs, today: this.day.today, dayEnd: this.day.dayEnd });
  }

  private ownerName(id: unknown): string | undefined {
    if (typeof id !== 'string' || id === '') return undefined;
    return this.owners?.[id] ?? id;
  }

  private money(value: unknown, currency: unknown): string {
    const c = typeof currency === 'string' && currency ? currency : this.boardCurrency;
    return typeof value === 'number' ? formatMoney(value, c, this.formatLocale) : this.localize.term('notAvailable');
  }

  private fieldText(deal: Deal, field: string): string {
    const value = getPath(deal, field);
    const locale = this.formatLocale;
    if (value === undefined || value === null || value === '') return this.localize.term('notAvailable');
    if (field === 'probability' && typeof value === 'number') return formatPercent(value, locale, 0);
    if (field === 'value' && typeof value === 'number') return this.money(value, deal.currency);
    if (typeof value === 'number') return formatNumber(value, locale, 2);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return formatDate(value, locale);
    if (typeof value === 'boolean' || typeof value === 'string') return String(value);
    return this.localize.term('notAvailable');
  }

  private fieldLabel(field: string): string {
    return this.s.fields[field] ?? field;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  override render(): TemplateResult {
    const s = this.s;
    // The one card in the tab order: the last one used, else (filtered out or gone) the first.
    this.tabStop = this.activeId !== undefined && this.placeOf(this.activeId) ? this.activeId : this.firstDealId();
    const pipeline = this.current?.pipeline;
    return html`
      ${this.renderToolbar(pipeline)}
      ${this.renderNotice()}
      ${this.renderProblems()}
      ${pipeline && this.model ? this.renderBoard(pipeline, this.model) : nothing}
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <p id="card-hint" hidden>${s.cardHint}</p>
      ${this.renderMenu()}
      ${this.renderDialog()}
      ${this.moving?.source === 'pointer' && this.press?.dragging ? this.renderGhost() : nothing}
    `;
  }

  private renderToolbar(pipeline: Pipeline | undefined): TemplateResult {
    const s = this.s;
    const list = this.availablePipelines();
    const model = this.model;
    const locale = this.formatLocale;
    const f = this.filter;
    return html`
      <form part="toolbar" class="toolbar" role="search" aria-label=${s.filters} @submit=${(e: Event) => e.preventDefault()}>
        ${list.length > 1 ? html`
          <label>${s.pipeline}
            <select part="pipeline-select" @change=${this.onPipelineChange}>
              ${list.map((p) => html`<option value=${String(p.id)} ?selected=${p.id === pipeline?.id}>${typeof p.name === 'string' ? p.name : String(p.id)}</option>`)}
            </select>
          </label>` : nothing}
        <label>${s.search}
          <input part="search" class="search" type="search" autocomplete="off" .value=${live(f.text)} @input=${this.onSearchInput}>
        </label>
        <label>${s.owner}
          <select part="owner-select" @change=${this.onOwnerChange}>
            <option value="" ?selected=${f.owner === ''}>${s.anyOwner}</option>
            ${(model?.owners ?? []).map((o) => html`<option value=${o} ?selected=${f.owner === o}>${this.ownerName(o)}</option>`)}
            ${model?.hasUnowned ? html`<option value=${NO_OWNER} ?selected=${f.owner === NO_OWNER}>${s.noOwner}</option>` : nothing}
          </select>
        </label>
        <label>${s.minValue}
          <input part="min-value" class="money" type="number" inputmode="decimal" min="0" step="any" data-bound="min"
            .value=${live(f.min === undefined ? '' : String(f.min))} @input=${this.onAmountInput}>
        </label>
        <label>${s.maxValue}
          <input part="max-value" class="money" type="number" inputmode="decimal" min="0" step="any" data-bound="max"
            .value=${live(f.max === undefined ? '' : String(f.max))} @input=${this.onAmountInput}>
        </label>
        ${isFiltering(f) ? html`<button part="clear-filters" class="btn quiet" type="button" @click=${this.clearFilters}>${s.clearFilters}</button>` : nothing}
        ${model ? html`<p part="count" class="count muted">${s.showing(model.shown.length, model.total, formatNumber(model.shown.length, locale), formatNumber(model.total, locale))}</p>` : nothing}
      </form>`;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const n = this.notice;
    if (!n) return nothing;
    return html`
      <div part="notice" class="notice ${n.kind === 'error' ? 'error' : 'warning'}">
        <p>${n.text}</p>
        <button class="btn quiet" type="button" @click=${() => { this.notice = undefined; }}>${this.localize.term('close')}</button>
      </div>`;
  }

  private renderProblems(): TemplateResult | typeof nothing {
    const s = this.s;
    const lines: string[] = [];
    const repoMode = !this.controlled && !!this.repository;
    const loading = repoMode && (this.pipelineStore.loading || this.dealStore.loading);
    if (!this.current?.pipeline) {
      if (loading) return html`<p part="problems" class="problems muted">${this.localize.term('loading')}</p>`;
      lines.push(this.pipelineId && this.availablePipelines().length > 0 ? s.unknownPipeline(this.pipelineId) : s.noPipeline);
    }
    const errors = this.current?.errors ?? [];
    if (this.current && errors.length > 0) {
      lines.push(s.badPipeline(errors.slice(0, 3).map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join('; ')));
    }
    const m = this.model;
    if (m && m.problemCount > 0) lines.push(s.badDeals(m.problemCount, m.problems.map((p) => `"${p.id}": ${p.message}`).join('; ')));
    if (m && m.strayCount > 0) lines.push(s.strayDeals(m.strayCount, m.strayStages.map((id) => `"${id}"`).join(', ')));
    const error = repoMode ? this.dealStore.error ?? this.pipelineStore.error : undefined;
    if (error) lines.push(s.loadFailed(this.errorText(error)));
    if (lines.length === 0) return nothing;
    return html`
      <div part="problems" class="problems warning">
        ${lines.length === 1 ? html`<p>${lines[0]}</p>` : html`<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
      </div>`;
  }

  private errorText(error: unknown): string {
    if (error instanceof StorageError) {
      if (error.code === 'blocked') return this.localize.term('storageBlocked');
      if (error.code === 'unavailable') return this.localize.term('storageUnavailable');
      if (error.code === 'quota') return this.localize.term('storageQuota');
    }
    return error instanceof Error ? error.message : String(error);
  }

  private renderBoard(pipeline: Pipeline, model: BoardModel): TemplateResult {
    const name = typeof pipeline.name === 'string' ? pipeline.name : String(pipeline.id);
    return html`
      <div part="board" class="board" role="group" aria-label=${this.s.board(name)}>
        ${pipeline.stages.map((stage, i) => this.renderColumn(stage, i, model))}
      </div>`;
  }

  private get perColumn(): number {
    const stages = Math.max(1, this.current?.pipeline?.stages.length ?? 1);
    // One more card per column may render: the focused or moving one when scrolled away.
    return Math.max(1, Math.floor(MAX_CARDS / stages) - 2);
  }

  private get rowH(): number {
    return this.rowHeight || (this.compact ? 52 : 100 + 18 * this.fieldList().length);
  }

  /** The rows of a column to render: the visible window plus the focused card, with their slots. */
  private rowsOf(stageId: string, deals: Deal[]): { rows: Row[]; slots: number; placeholder: number | undefined } {
    const m = this.moving;
    const n = deals.length;
    const rowH = this.rowH;
    const top = this.scrollTops.get(stageId) ?? 0;
    const view = this.viewport || 600;
    const first = Math.max(0, Math.floor(top / rowH) - OVERSCAN);
    const last = Math.min(first + this.perColumn, Math.ceil((top + view) / rowH) + OVERSCAN);
    let slotOf = (i: number) => i;
    let slots = n;
    let placeholder: number | undefined;
    let lo = first;
    let hi = last;
    const movingIndex = m ? this.indexById.get(m.id) : undefined;
    if (m && m.to === stageId && m.from === stageId && movingIndex !== undefined) {
      const t = m.index;
      slotOf = (i) => {
        if (i === movingIndex) return t;
        const j = i < movingIndex ? i : i - 1;
        return j < t ? j : j + 1;
      };
      lo = first - 2;
      hi = last + 2;
    } else if (m && m.to === stageId) {
      placeholder = m.index;
      slotOf = (i) => (i < m.index ? i : i + 1);
      slots = n + 1;
      lo = first - 1;
    }
    const rows: Row[] = [];
    const wanted = new Set<number>();
    for (let i = Math.max(0, lo); i < Math.min(n, hi); i++) {
      const slot = slotOf(i);
      if (slot >= first && slot < last) wanted.add(i);
    }
    for (const id of [this.tabStop, m?.id]) {
      const i = id === undefined ? undefined : this.indexById.get(id);
      if (i !== undefined && deals[i]?.id === id) wanted.add(i);
    }
    for (const i of [...wanted].sort((a, b) => a - b)) rows.push({ deal: deals[i]!, index: i, slot: slotOf(i) });
    if (placeholder !== undefined && !(placeholder >= first && placeholder < last)) placeholder = placeholder >= first - 1 && placeholder <= last ? placeholder : undefined;
    return { rows, slots, placeholder: placeholder ?? undefined };
  }

  private renderColumn(stage: Stage, i: number, model: BoardModel): TemplateResult {
    const s = this.s;
    const deals = model.columns.get(stage.id) ?? [];
    const figures = this.figures.get(stage.id);
    const label = stageLabel(stage, this.localize.lang());
    const { rows, slots, placeholder } = this.rowsOf(stage.id, deals);
    const rowH = this.rowH;
    const target = this.moving?.to === stage.id;
    const movingDeal = this.moving ? model.byId.get(this.moving.id) : undefined;
    return html`
      <div part=${target ? 'column column-target' : 'column'} class="column ${target ? 'target' : ''}" data-stage-id=${stage.id} data-kind=${stage.kind}
        role="group" aria-labelledby="col-${i}">
        <div part="column-header" class="column-header">
          <h3 part="column-title" class="column-title" id="col-${i}">${label}</h3>
          <p part="column-summary" class="column-summary">
            <span part="column-count">${figures?.count}</span>
            <span part="column-total" class="total">${figures?.total}</span>
          </p>
          <p part="column-weighted" class="column-summary weighted" title=${s.weightedHint}>${figures?.weighted !== undefined ? `${s.weighted} ${figures.weighted}` : '\u00a0'}</p>
        </div>
        <div part="column-body" class="column-body" data-stage-id=${stage.id} @scroll=${this.onBodyScroll}>
          <ul part="cards" class="cards" aria-label=${s.column(label, figures?.count ?? '')}
            ${setStyle({ height: `${slots * rowH}px` })}>
            ${placeholder !== undefined && movingDeal ? html`
              <li part="drop-placeholder" class="placeholder" aria-hidden="true"
                ${setStyle({ transform: `translateY(${placeholder * rowH}px)`, height: `${Math.max(24, rowH - 8)}px` })}>${movingDeal.title}</li>` : nothing}
            ${repeat(rows, (r) => r.deal.id, (r) => this.renderCard(r, deals.length, stage))}
          </ul>
          ${deals.length === 0 && placeholder === undefined ? html`<p part="empty" class="empty">${s.emptyColumn}</p>` : nothing}
        </div>
      </div>`;
  }

  private renderCard({ deal, index, slot }: Row, size: number, stage: Stage): TemplateResult {
    const s = this.s;
    const compact = this.compact;
    const active = deal.id === this.tabStop;
    const m = this.moving;
    const lifted = m?.id === deal.id;
    const rotting = isRotting(deal, this.current!.pipeline!, this.nowMs);
    const activity = this.activityOf(deal);
    const days = daysInStage(deal, this.nowMs);
    const owner = this.ownerName(deal.ownerId) ?? s.noOwner;
    const value = this.money(deal.value, deal.currency);
    const lost = stage.kind === 'lost';
    const parts = ['card', rotting ? 'rotting' : '', lifted ? 'lifted' : '', stage.kind === 'open' ? '' : stage.kind].filter(Boolean).join(' ');
    const inner = active ? 0 : -1;
    const fields = compact ? [] : this.fieldList();
    const label = s.cardLabel([deal.title, value, owner, s.age(days), ...(rotting ? [s.rotting] : []), s.activity[activity],
      ...(lost && typeof deal.lostReason === 'string' ? [deal.lostReason] : [])]);
    const actions = html`
      ${lost ? html`<button part="card-restore" class="btn quiet" type="button" tabindex=${inner} data-action="restore"
        >${s.restore}<span class="visually-hidden"> ${deal.title}</span></button>` : nothing}
      <button part="card-menu-button" class="btn quiet" type="button" tabindex=${inner} data-action="menu"
        aria-haspopup="menu" aria-expanded=${this.menu?.id === deal.id ? 'true' : 'false'}
        >${compact ? html`<span aria-hidden="true">⋯</span><span class="visually-hidden">${s.moveTo} ${deal.title}</span>`
          : html`${s.moveTo}<span class="visually-hidden"> ${deal.title}</span>`}</button>`;
    return html`
      <li part=${parts} class="card ${rotting ? 'rotting' : ''} ${lifted ? `lifted ${m?.source ?? ''}` : ''}"
        data-deal-id=${deal.id} data-activity=${activity} ?data-rotting=${rotting}
        tabindex=${active ? 0 : -1} aria-posinset=${index + 1} aria-setsize=${size} aria-label=${label} aria-describedby="card-hint"
        ${setStyle({ transform: `translateY(${slot * this.rowH}px)` })}
        @keydown=${this.onCardKeydown} @pointerdown=${this.onCardPointerDown} @dblclick=${this.onCardDblClick}
        @focus=${this.onCardFocus} @blur=${this.onCardBlur}>
        <div class="line">
          <button part="card-title" class="title" type="button" tabindex=${inner} data-action="open">${deal.title}</button>
          <span part="card-activity" class="activity" data-activity=${activity} title=${s.activity[activity]}></span>
        </div>
        <div class="line">
          <span part="card-value" class="value">${value}</span>
          ${compact ? html`<span part="card-age" class="meta">${s.ageShort(days)}</span>` : nothing}
          ${rotting ? html`<span part="card-rotting" class="rotting-badge" title=${s.rottingHint(stage.rottingDays ?? 0)}>${s.rotting}</span>` : nothing}
          <span class="actions">${actions}</span>
        </div>
        ${compact ? nothing : html`
          <div class="line meta">
            <span part="card-owner" class="owner">${owner}</span>
            <span part="card-age">${s.age(days)}</span>
          </div>
          ${fields.length > 0 ? html`
            <dl part="card-fields" class="fields">
              ${fields.map((f) => html`<div><dt>${this.fieldLabel(f)}</dt><dd>${this.fieldText(deal, f)}</dd></div>`)}
            </dl>` : nothing}`}
      </li>`;
  }

  private renderGhost(): TemplateResult | typeof nothing {
    const deal = this.moving ? this.model?.byId.get(this.moving.id) : undefined;
    if (!deal) return nothing;
    return html`<div part="drag-ghost" class="ghost" aria-hidden="true"
      ${setStyle({ transform: `translate(${this.pointer.x + 8}px, ${this.pointer.y + 8}px)` })}>${deal.title} · ${this.money(deal.value, deal.currency)}</div>`;
  }

  private renderMenu(): TemplateResult | typeof nothing {
    const menu = this.menu;
    const deal = menu ? this.model?.byId.get(menu.id) : undefined;
    const pipeline = this.current?.pipeline;
    if (!menu || !deal || !pipeline) return nothing;
    const s = this.s;
    const items = pipeline.stages.filter((st) => st.id !== deal.stageId);
    const lang = this.localize.lang();
    return html`
      <div part="menu" class="menu" role="menu" aria-label=${s.moveToLabel(deal.title)} popover="manual"
        ${setStyle(menu.up ? { left: `${menu.x}px`, bottom: `${window.innerHeight - menu.y}px` } : { left: `${menu.x}px`, top: `${menu.y}px` })}
        @keydown=${this.onMenuKeydown}>
        ${items.map((st) => {
          const why = this.refusalText(canMove(deal, st.id, pipeline, 'x'));
          return html`
            <button part="menu-item" role="menuitem" type="button" tabindex="-1" data-stage-id=${st.id}
              aria-disabled=${why ? 'true' : 'false'} @click=${this.onMenuItem}>
              ${stageLabel(st, lang)}${why ? html`<span class="why">${why}</span>` : nothing}
            </button>`;
        })}
      </div>`;
  }

  private renderDialog(): TemplateResult {
    const s = this.s;
    const req = this.lost;
    const deal = req ? this.model?.byId.get(req.id) : undefined;
    const reasons = this.current?.pipeline?.lostReasons ?? [];
    const other = reasons.length === 0 || this.lostChoice === OTHER;
    return html`
      <dialog part="dialog" aria-labelledby="lost-title" @cancel=${this.onDialogCancel} @close=${this.onDialogClose} @keydown=${this.onDialogKeydown}>
        ${req && deal ? html`
          <form @submit=${this.onLostSubmit} novalidate>
            <h2 id="lost-title">${s.lostTitle(deal.title)}</h2>
            ${reasons.length > 0 ? html`
              <fieldset aria-describedby=${this.lostError ? 'lost-error' : nothing}>
                <legend>${s.lostReason}</legend>
                ${[...reasons, OTHER].map((r) => html`
                  <label class="choice">
                    <input type="radio" name="lost-reason" .value=${r} .checked=${live(this.lostChoice === r)}
                      @change=${this.onLostChoice}>
                    ${r === OTHER ? s.otherReason : r}
                  </label>`)}
              </fieldset>` : nothing}
            ${other ? html`
              <label class="other">${s.otherReasonText}
                <input type="text" name="lost-other" maxlength="200" .value=${live(this.lostOther)}
                  aria-invalid=${this.lostError && this.lostChoice === OTHER ? 'true' : 'false'} @input=${this.onLostOther}>
              </label>` : nothing}
            ${this.lostError ? html`<p id="lost-error" class="error" role="alert">${this.lostError}</p>` : nothing}
            <div class="buttons">
              <button class="btn" type="button" @click=${this.cancelLost}>${this.localize.term('cancel')}</button>
              <button class="btn primary" type="submit" data-last>${s.markLost}</button>
            </div>
          </form>` : nothing}
      </dialog>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.measure();
    this.syncStates();
    this.syncMenu();
    this.syncDialog();
    if (this.refocus) {
      const id = this.refocus;
      this.refocus = undefined;
      void this.focusDeal(id);
    }
  }

  private measure(): void {
    const card = this.renderRoot.querySelector<HTMLElement>('.card:not(.lifted)');
    if (card) {
      const gap = parseFloat(getComputedStyle(card).marginBlockEnd) || 0;
      const h = Math.round(card.offsetHeight + gap);
      if (h > 0 && Math.abs(h - this.rowHeight) >= 1) this.rowHeight = h;
    }
    if (!this.viewport) this.measureViewport();
  }

  private measureViewport(): void {
    const body = this.renderRoot.querySelector<HTMLElement>('.column-body');
    const h = body?.clientHeight ?? 0;
    if (h > 0 && h !== this.viewport) this.viewport = h;
  }

  private syncStates(): void {
    const states = this.internals?.states;
    if (!states) return;
    const set = (name: string, on: boolean) => {
      try {
        if (on) states.add(name);
        else states.delete(name);
      } catch {
        // Older engines only accept the `--name` form of custom states.
        try {
          if (on) states.add(`--${name}`);
          else states.delete(`--${name}`);
        } catch { /* custom states unsupported */ }
      }
    };
    set('moving', !!this.moving);
    set('dragging', this.moving?.source === 'pointer');
    set('filtered', isFiltering(this.filter));
    set('loading', !this.controlled && !!this.repository && this.dealStore.loading);
    set('empty', !!this.model && this.model.total === 0);
  }

  private firstDealId(): string | undefined {
    for (const stage of this.current?.pipeline?.stages ?? []) {
      const d = this.model?.columns.get(stage.id)?.[0];
      if (d) return d.id;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Announcements and messages

  private announce(text: string): void {
    // The same text twice must still be read: make it differ invisibly.
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  private refusalText(check: MoveCheck): string | undefined {
    if (check.ok || check.reason === 'lost-reason-required') return undefined;
    return this.localize.term('moveRefused')(check.reason, {
      ...(check.from ? { from: this.stageName(check.from) } : {}),
      ...(check.to ? { to: this.stageName(check.to) } : {}),
      ...(check.missingFields ? { fields: check.missingFields.map((f) => this.fieldLabel(f)) } : {}),
    });
  }

  private refuse(check: MoveCheck): void {
    const text = this.refusalText(check);
    if (!text) return;
    this.notice = { text, kind: 'refusal' };
    this.announce(text);
  }

  // ------------------------------------------------------------------------------------------
  // Moving

  /** Where a deal is: its column and index there. */
  private placeOf(id: string): { stage: string; index: number; size: number } | undefined {
    const deal = this.model?.byId.get(id);
    const index = this.indexById.get(id);
    if (!deal || index === undefined || this.column(deal.stageId)[index]?.id !== id) return undefined;
    return { stage: deal.stageId, index, size: this.column(deal.stageId).length };
  }

  /** Position and column size as announced for a move target. */
  private targetPlace(m: Moving): { position: number; size: number } {
    const n = this.column(m.to).length;
    return { position: m.index + 1, size: m.to === m.from ? n : n + 1 };
  }

  private pickUp(id: string, source: Moving['source']): boolean {
    const place = this.placeOf(id);
    const deal = this.model?.byId.get(id);
    if (!place || !deal) return false;
    this.menu = undefined;
    this.notice = undefined;
    this.moving = { id, from: place.stage, fromIndex: place.index, to: place.stage, index: place.index, source };
    if (source === 'keyboard') this.announce(this.s.pickedUp(deal.title, this.stageName(place.stage), place.index + 1, place.size));
    return true;
  }

  private moveTarget(to: string, index: number): void {
    const m = this.moving;
    const deal = m ? this.model?.byId.get(m.id) : undefined;
    if (!m || !deal) return;
    const max = this.column(to).length - (to === m.from ? 1 : 0);
    const next = { ...m, to, index: Math.max(0, Math.min(index, max)) };
    if (next.to === m.to && next.index === m.index) return;
    this.moving = next;
    if (m.source === 'keyboard') {
      const { position, size } = this.targetPlace(next);
      const why = next.to !== m.from ? this.refusalText(canMove(deal, next.to, this.current!.pipeline!, 'x')) : undefined;
      this.announce(`${this.s.over(deal.title, this.stageName(next.to), position, size)}${why ? ` ${why}` : ''}`);
      this.revealSlot(next.to, next.index);
    }
  }

  private cancelMove(announce = true): void {
    const m = this.moving;
    if (!m) return;
    this.moving = undefined;
    const deal = this.model?.byId.get(m.id);
    if (announce && deal) this.announce(this.s.cancelled(deal.title, this.stageName(m.from), m.fromIndex + 1, this.column(m.from).length));
  }

  private dropMove(): void {
    const m = this.moving;
    if (!m) return;
    this.moving = undefined;
    const deal = this.model?.byId.get(m.id);
    if (!deal) return;
    if (m.to === m.from && m.index === m.fromIndex) {
      this.announce(this.s.cancelled(deal.title, this.stageName(m.from), m.fromIndex + 1, this.column(m.from).length));
      return;
    }
    void this.commitMove(deal, m.to, m.index, m.source);
  }

  /**
   * Moves `deal` to `index` of stage `to` (or to another place in its column): checks the policy,
   * asks for a lost reason, fires `deal-move`, then writes through the repository (or, controlled,
   * leaves that to the host) and fires `deal-moved`.
   */
  private async commitMove(deal: Deal, to: string, index: number, source: MoveSource, lostReason?: string): Promise<boolean> {
    const pipeline = this.current?.pipeline;
    if (!pipeline) return false;
    const s = this.s;
    const from = deal.stageId;
    const target = this.column(to).filter((d) => d.id !== deal.id);
    const at = Math.max(0, Math.min(index, target.length));
    let rank = rankAt(target, at);
    let others: Deal[] = [];
    if (rank === undefined) {
      const ranks = renumber(target, at, deal);
      rank = ranks.get(deal.id) ?? at;
      others = target.filter((d) => ranks.has(d.id)).map((d) => ({ ...d, rank: ranks.get(d.id)! }));
    }
    let next: Deal;
    if (from === to) {
      next = { ...deal, rank, updatedAt: new Date(this.clock()).toISOString() };
    } else {
      const result = moveDeal(deal, to, pipeline, { now: this.clock(), rank, ...(lostReason ? { lostReason } : {}) });
      if (!result.ok) {
        if (result.reason === 'lost-reason-required' || (pipeline.stages.find((st) => st.id === to)?.kind === 'lost' && !lostReason)) {
          this.openLost({ id: deal.id, to, index: at, source });
        } else {
          this.refuse(result);
        }
        return false;
      }
      if (result.deal.status === 'lost' && !lostReason) {
        // The pipeline lists no reasons, so core does not insist; the board still asks.
        this.openLost({ id: deal.id, to, index: at, source });
        return false;
      }
      next = result.deal;
    }
    const detail: DealMoveDetail = { deal, from, to, index: at, source };
    if (!this.emit('deal-move', detail, { cancelable: true })) {
      this.announce(s.vetoed(deal.title));
      return false;
    }
    this.notice = undefined;
    this.activeId = deal.id;
    this.refocus = deal.id;
    const stage = this.stageName(to);
    const size = target.length + 1;
    const said = source === 'restore' ? s.restored(deal.title, stage) : s.moved(deal.title, stage, at + 1, size);
    if (this.controlled) {
      this.emit('deal-moved', { ...detail, deal: next });
      this.announce(said);
      return true;
    }
    const repo = this.repository;
    if (!repo) return false;
    for (const d of [next, ...others]) this.pending.set(d.id, { deal: d, settled: false });
    this.pendingVersion++;
    this.announce(said);
    try {
      await repo.deals.put(next);
      if (others.length > 0) await repo.deals.putMany(others);
      for (const d of [next, ...others]) {
        const p = this.pending.get(d.id);
        if (p?.deal === d) p.settled = true;
      }
      this.emit('deal-moved', { ...detail, deal: next });
      return true;
    } catch (error) {
      for (const d of [next, ...others]) if (this.pending.get(d.id)?.deal === d) this.pending.delete(d.id);
      this.pendingVersion++;
      const text = s.saveFailed(deal.title, this.errorText(error));
      this.notice = { text, kind: 'error' };
      this.announce(text);
      return false;
    }
  }

  private clock(): number {
    return this.now === undefined ? Date.now() : this.nowMs;
  }

  /** Moves a deal to a stage by the menu or the API: to the top of that column. */
  private moveToStage(deal: Deal, to: string, source: MoveSource): void {
    void this.commitMove(deal, to, 0, source);
  }

  private restore(deal: Deal): void {
    const pipeline = this.current?.pipeline;
    if (!pipeline) return;
    const to = lastOpenStageId(deal, pipeline) ?? firstOpenStage(pipeline)?.id;
    if (to) this.moveToStage(deal, to, 'restore');
  }

  private open(deal: Deal): void {
    // A double-click on the title is two clicks and a dblclick: one request to open.
    const t = performance.now();
    if (this.lastOpen.id === deal.id && t - this.lastOpen.at < 500) return;
    this.lastOpen = { id: deal.id, at: t };
    this.emit('deal-opened', { deal });
  }

  // ------------------------------------------------------------------------------------------
  // Focus and scrolling

  private bodyOf(stageId: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.column-body[data-stage-id="${CSS.escape(stageId)}"]`);
  }

  /** Scrolls a column so that `slot` is in view (so it is rendered), and the column into view. */
  private revealSlot(stageId: string, slot: number): void {
    const body = this.bodyOf(stageId);
    if (!body) return;
    const rowH = this.rowH;
    const top = slot * rowH;
    const view = body.clientHeight - 16;
    let scroll = body.scrollTop;
    if (top < scroll) scroll = top;
    else if (top + rowH > scroll + view) scroll = top + rowH - view;
    if (scroll !== body.scrollTop) body.scrollTop = scroll;
    this.scrollTops.set(stageId, body.scrollTop);
    const column = body.parentElement;
    const board = column?.parentElement;
    if (column && board) {
      const c = column.getBoundingClientRect();
      const b = board.getBoundingClientRect();
      if (c.left < b.left) board.scrollLeft -= b.left - c.left + 8;
      else if (c.right > b.right) board.scrollLeft += c.right - b.right + 8;
    }
    this.requestUpdate();
  }

  private async focusDeal(id: string): Promise<void> {
    const place = this.placeOf(id);
    if (!place) return;
    this.activeId = id;
    this.revealSlot(place.stage, place.index);
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"]`);
    el?.focus();
  }

  private onBodyScroll = (e: Event): void => {
    const body = e.currentTarget as HTMLElement;
    const id = body.dataset.stageId ?? '';
    this.scrollTops.set(id, body.scrollTop);
    const first = Math.floor(body.scrollTop / this.rowH);
    if (this.firstRows.get(id) === first) return;
    this.firstRows.set(id, first);
    if (this.menu) this.menu = undefined;
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.scrollVersion++;
    });
  };

  private cardOf(e: Event): { el: HTMLElement; deal: Deal } | undefined {
    const el = (e.currentTarget as HTMLElement | null)?.closest?.<HTMLElement>('.card');
    const id = el?.dataset.dealId;
    const deal = id ? this.model?.byId.get(id) : undefined;
    return el && deal ? { el, deal } : undefined;
  }

  private onCardFocus = (e: FocusEvent): void => {
    const card = this.cardOf(e);
    if (card && this.activeId !== card.deal.id) this.activeId = card.deal.id;
  };

  // Leaving a card while moving it by keyboard (a click elsewhere) cancels the move.
  private onCardBlur = (e: FocusEvent): void => {
    const card = this.cardOf(e);
    const m = this.moving;
    if (!card || !m || m.source !== 'keyboard' || m.id !== card.deal.id) return;
    requestAnimationFrame(() => {
      const el = this.renderRoot.querySelector(`.card[data-deal-id="${CSS.escape(m.id)}"]`);
      const focused = (this.renderRoot as ShadowRoot).activeElement;
      if (this.moving === m && focused !== el && !this.lost) this.cancelMove();
    });
  };

  private onCardDblClick = (e: MouseEvent): void => {
    const card = this.cardOf(e);
    if (!card || (e.target as HTMLElement).closest('button[data-action="menu"],button[data-action="restore"]')) return;
    this.open(card.deal);
  };

  // Clicks on the card's buttons arrive here (delegated from the card's own listener below).
  private onCardClick(e: MouseEvent, deal: Deal, el: HTMLElement): void {
    const button = (e.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!button) return;
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const action = button.dataset.action;
    if (action === 'open') this.open(deal);
    else if (action === 'restore') this.restore(deal);
    else if (action === 'menu') this.toggleMenu(deal, button, el);
  }

  private onCardKeydown = (e: KeyboardEvent): void => {
    const card = this.cardOf(e);
    if (!card || e.target !== card.el || e.altKey || e.ctrlKey || e.metaKey) return;
    const { deal } = card;
    const m = this.moving;
    const key = e.key;
    const rtl = this.localize.dir() === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const stages = this.current?.pipeline?.stages ?? [];
    if (m && m.source === 'keyboard' && m.id === deal.id) {
      const at = stages.findIndex((st) => st.id === m.to);
      if (key === 'ArrowUp') this.moveTarget(m.to, m.index - 1);
      else if (key === 'ArrowDown') this.moveTarget(m.to, m.index + 1);
      else if (key === 'Home') this.moveTarget(m.to, 0);
      else if (key === 'End') this.moveTarget(m.to, Number.MAX_SAFE_INTEGER);
      else if (key === forward || key === backward) {
        const next = stages[at + (key === forward ? 1 : -1)];
        if (next) this.moveTarget(next.id, m.index);
      } else if (key === ' ' || key === 'Spacebar' || key === 'Enter') this.dropMove();
      else if (key === 'Escape') this.cancelMove();
      else if (key === 'Tab') {
        this.cancelMove();
        return;
      } else return;
      e.preventDefault();
      return;
    }
    if (key === ' ' || key === 'Spacebar') {
      e.preventDefault();
      this.pickUp(deal.id, 'keyboard');
    } else if (key === 'Enter') {
      e.preventDefault();
      this.open(deal);
    } else if (key === 'ContextMenu' || (key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const button = card.el.querySelector<HTMLElement>('button[data-action="menu"]');
      if (button) this.toggleMenu(deal, button, card.el);
    } else if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(key)) {
      e.preventDefault();
      this.navigate(deal, key, forward);
    }
  };

  /** Roving focus between cards: up and down a column, across to the nearest card of the next column. */
  private navigate(deal: Deal, key: string, forward: string): void {
    const place = this.placeOf(deal.id);
    if (!place) return;
    const column = this.column(place.stage);
    let target: Deal | undefined;
    if (key === 'ArrowUp') target = column[place.index - 1];
    else if (key === 'ArrowDown') target = column[place.index + 1];
    else if (key === 'Home') target = column[0];
    else if (key === 'End') target = column[column.length - 1];
    else {
      const stages = this.current?.pipeline?.stages ?? [];
      const step = key === forward ? 1 : -1;
      for (let i = stages.findIndex((st) => st.id === place.stage) + step; i >= 0 && i < stages.length; i += step) {
        const other = this.column(stages[i]!.id);
        if (other.length > 0) {
          target = other[Math.min(place.index, other.length - 1)];
          break;
        }
      }
    }
    if (target) void this.focusDeal(target.id);
  }

  // ------------------------------------------------------------------------------------------
  // Pointer drag (mouse, pen and touch through Pointer Events)

  private onCardPointerDown = (e: PointerEvent): void => {
    const card = this.cardOf(e);
    if (!card || !e.isPrimary || e.button !== 0 || this.moving) return;
    const target = e.target as HTMLElement;
    if (target.closest('button[data-action="menu"],button[data-action="restore"]')) return;
    this.endPress();
    this.activeId = card.deal.id;
    const press: Press = {
      id: card.deal.id, pointerId: e.pointerId, pointerType: e.pointerType, x: e.clientX, y: e.clientY,
      dragging: false, timer: undefined, held: e.pointerType !== 'touch',
    };
    // On touch a drag starts after holding still, so that swiping still scrolls the column.
    if (e.pointerType === 'touch') press.timer = setTimeout(() => { press.held = true; }, TOUCH_HOLD_MS);
    this.press = press;
    this.pointer = { x: e.clientX, y: e.clientY };
    window.addEventListener('pointermove', this.onPointerMove);
    window.addEventListener('pointerup', this.onPointerUp);
    window.addEventListener('pointercancel', this.onPointerCancel);
    window.addEventListener('touchmove', this.onTouchMove, { passive: false });
    window.addEventListener('keydown', this.onDragKeydown, true);
  };

  private onPointerMove = (e: PointerEvent): void => {
    const press = this.press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.pointer = { x: e.clientX, y: e.clientY };
    if (!press.dragging) {
      const far = Math.hypot(e.clientX - press.x, e.clientY - press.y) > DRAG_THRESHOLD_PX;
      if (!far) return;
      if (!press.held) {
        // Moved before the hold completed: the finger is scrolling, not dragging.
        this.endPress();
        return;
      }
      if (!this.pickUp(press.id, 'pointer')) {
        this.endPress();
        return;
      }
      press.dragging = true;
      this.autoScroll();
    }
    e.preventDefault();
    const ghost = this.renderRoot.querySelector<HTMLElement>('.ghost');
    if (ghost) ghost.style.transform = `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`;
    this.trackPointer();
  };

  private onTouchMove = (e: TouchEvent): void => {
    if (this.press?.held && e.cancelable) e.preventDefault();
  };

  private onPointerUp = (e: PointerEvent): void => {
    const press = this.press;
    if (!press || e.pointerId !== press.pointerId) return;
    const dragged = press.dragging;
    this.endPress();
    if (dragged) {
      this.suppressClick = true;
      setTimeout(() => { this.suppressClick = false; }, 0);
      this.trackPointer();
      this.dropMove();
    }
  };

  private onPointerCancel = (e: PointerEvent): void => {
    if (!this.press || e.pointerId !== this.press.pointerId) return;
    const dragged = this.press.dragging;
    this.endPress();
    if (dragged) this.cancelMove();
  };

  private onDragKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.press?.dragging) return;
    e.preventDefault();
    e.stopPropagation();
    this.endPress();
    this.cancelMove();
  };

  private endPress(): void {
    if (this.press?.timer) clearTimeout(this.press.timer);
    this.press = undefined;
    cancelAnimationFrame(this.autoScrollFrame);
    this.autoScrollFrame = 0;
    window.removeEventListener('pointermove', this.onPointerMove);
    window.removeEventListener('pointerup', this.onPointerUp);
    window.removeEventListener('pointercancel', this.onPointerCancel);
    window.removeEventListener('touchmove', this.onTouchMove);
    window.removeEventListener('keydown', this.onDragKeydown, true);
  }

  /** The column and insertion index under the pointer. */
  private trackPointer(): void {
    const m = this.moving;
    if (!m || m.source !== 'pointer') return;
    const { x, y } = this.pointer;
    for (const column of this.renderRoot.querySelectorAll<HTMLElement>('.column')) {
      const r = column.getBoundingClientRect();
      if (x < r.left || x > r.right) continue;
      const body = column.querySelector<HTMLElement>('.column-body');
      const stage = column.dataset.stageId;
      if (!body || stage === undefined) return;
      const b = body.getBoundingClientRect();
      const pad = parseFloat(getComputedStyle(body).paddingTop) || 0;
      const offset = y - b.top - pad + body.scrollTop;
      const index = Math.floor((offset + this.rowH / 2) / this.rowH);
      this.moveTarget(stage, Number.isFinite(index) ? index : 0);
      return;
    }
  }

  /** While dragging near an edge of the board or of a column, scrolls it, faster closer to the edge. */
  private autoScroll = (): void => {
    if (!this.press?.dragging) return;
    const { x, y } = this.pointer;
    const speed = (distance: number) => Math.ceil(MAX_SCROLL_STEP * Math.min(1, (EDGE_PX - distance) / EDGE_PX));
    const board = this.renderRoot.querySelector<HTMLElement>('.board');
    let scrolled = false;
    if (board) {
      const r = board.getBoundingClientRect();
      if (x < r.left + EDGE_PX && board.scrollLeft > 0) {
        board.scrollLeft -= speed(Math.max(0, x - r.left));
        scrolled = true;
      } else if (x > r.right - EDGE_PX && board.scrollLeft < board.scrollWidth - board.clientWidth) {
        board.scrollLeft += speed(Math.max(0, r.right - x));
        scrolled = true;
      }
    }
    const body = this.moving ? this.bodyOf(this.moving.to) : null;
    if (body) {
      const r = body.getBoundingClientRect();
      if (y < r.top + EDGE_PX && y >= r.top - EDGE_PX && body.scrollTop > 0) {
        body.scrollTop -= speed(Math.max(0, y - r.top));
        scrolled = true;
      } else if (y > r.bottom - EDGE_PX && y <= r.bottom + EDGE_PX && body.scrollTop < body.scrollHeight - body.clientHeight) {
        body.scrollTop += speed(Math.max(0, r.bottom - y));
        scrolled = true;
      }
    }
    if (scrolled) this.trackPointer();
    this.autoScrollFrame = requestAnimationFrame(this.autoScroll);
  };

  // ------------------------------------------------------------------------------------------
  // The "Move to…" menu

  private toggleMenu(deal: Deal, button: HTMLElement, _card: HTMLElement): void {
    if (this.menu?.id === deal.id) {
      this.closeMenu(true);
      return;
    }
    const r = button.getBoundingClientRect();
    const up = r.bottom + 320 > window.innerHeight && r.top > window.innerHeight / 2;
    this.menu = { id: deal.id, x: Math.max(4, Math.min(r.left, window.innerWidth - 240)), y: up ? r.top - 4 : r.bottom + 4, up };
    this.activeId = deal.id;
    this.menuFocus = 0;
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
  }

  private closeMenu(returnFocus: boolean): void {
    const id = this.menu?.id;
    this.menu = undefined;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    if (returnFocus && id) {
      void this.updateComplete.then(() => {
        const button = this.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"] button[data-action="menu"]`);
        button?.focus();
      });
    }
  }

  private onOutsidePointer = (e: PointerEvent): void => {
    const menu = this.renderRoot.querySelector('.menu');
    const path = e.composedPath();
    if (menu && path.includes(menu)) return;
    // A press on the menu's own button toggles it through the click that follows.
    const id = this.menu?.id;
    const button = id ? this.renderRoot.querySelector(`.card[data-deal-id="${CSS.escape(id)}"] button[data-action="menu"]`) : null;
    if (button && path.includes(button)) return;
    this.closeMenu(false);
  };

  private syncMenu(): void {
    const el = this.renderRoot.querySelector<HTMLElement>('.menu');
    if (!el) return;
    if (el.dataset.shownFor !== this.menu?.id) {
      el.dataset.shownFor = this.menu?.id ?? '';
      try {
        (el as HTMLElement & { showPopover?: () => void }).showPopover?.();
      } catch { /* already shown or unsupported: the fixed position still works */ }
      this.menuItems()[this.menuFocus]?.focus();
    }
  }

  private menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.menu [role="menuitem"]')];
  }

  private onMenuKeydown = (e: KeyboardEvent): void => {
    const items = this.menuItems();
    const i = items.indexOf(this.renderRoot.querySelector<HTMLElement>('.menu [role="menuitem"]:focus') ?? items[0]!);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      this.closeMenu(true);
      return;
    }
    const targets: Record<string, number> = {
      ArrowDown: (i + 1) % items.length, ArrowUp: (i - 1 + items.length) % items.length, Home: 0, End: items.length - 1,
    };
    const next = targets[e.key];
    if (next === undefined) return;
    e.preventDefault();
    items[next]?.focus();
  };

  private onMenuItem = (e: MouseEvent): void => {
    const item = e.currentTarget as HTMLElement;
    const to = item.dataset.stageId;
    const deal = this.menu ? this.model?.byId.get(this.menu.id) : undefined;
    const pipeline = this.current?.pipeline;
    if (!to || !deal || !pipeline) return;
    if (item.getAttribute('aria-disabled') === 'true') {
      this.closeMenu(true);
      this.refuse(canMove(deal, to, pipeline, 'x'));
      return;
    }
    this.closeMenu(false);
    this.refocus = deal.id;
    this.moveToStage(deal, to, 'menu');
  };

  // ------------------------------------------------------------------------------------------
  // The lost-reason dialog

  private openLost(req: LostRequest): void {
    this.lost = req;
    this.lostChoice = '';
    this.lostOther = '';
    this.lostError = '';
  }

  private dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private syncDialog(): void {
    const dialog = this.dialog();
    if (!dialog) return;
    if (this.lost && !dialog.open) {
      dialog.showModal();
      const first = dialog.querySelector<HTMLElement>('input');
      first?.focus();
    } else if (!this.lost && dialog.open) {
      dialog.close();
    }
  }

  private onLostChoice = (e: Event): void => {
    this.lostChoice = (e.target as HTMLInputElement).value;
    this.lostError = '';
    if (this.lostChoice === OTHER) {
      void this.updateComplete.then(() => this.dialog()?.querySelector<HTMLElement>('input[name="lost-other"]')?.focus());
    }
  };

  private onLostOther = (e: Event): void => {
    this.lostOther = (e.target as HTMLInputElement).value;
    if (this.lostOther.trim()) this.lostError = '';
  };

  private onLostSubmit = (e: Event): void => {
    e.preventDefault();
    const req = this.lost;
    const deal = req ? this.model?.byId.get(req.id) : undefined;
    if (!req || !deal) {
      this.lost = undefined;
      return;
    }
    const reasons = this.current?.pipeline?.lostReasons ?? [];
    const other = reasons.length === 0 || this.lostChoice === OTHER;
    const reason = other ? this.lostOther.trim() : this.lostChoice;
    if (!reason) {
      this.lostError = other && (reasons.length === 0 || this.lostChoice === OTHER)
        ? this.s.otherRequired
        : this.localize.term('moveRefused')('lost-reason-required', {});
      this.announce(this.lostError);
      void this.updateComplete.then(() => {
        const dialog = this.dialog();
        const target = other ? dialog?.querySelector<HTMLElement>('input[name="lost-other"]') : dialog?.querySelector<HTMLElement>('input[type="radio"]');
        target?.focus();
      });
      return;
    }
    this.lost = undefined;
    void this.commitMove(deal, req.to, req.index, req.source, reason);
  };

  private cancelLost = (): void => {
    const req = this.lost;
    if (!req) return;
    this.lost = undefined;
    const deal = this.model?.byId.get(req.id);
    if (deal) {
      const place = this.placeOf(deal.id);
      this.announce(this.s.cancelled(deal.title, this.stageName(deal.stageId), (place?.index ?? 0) + 1, place?.size ?? 1));
    }
    this.refocus = req.id;
  };

  private onDialogCancel = (e: Event): void => {
    // Escape: close through our own state so the move is cancelled and announced.
    e.preventDefault();
    this.cancelLost();
  };

  private onDialogClose = (): void => {
    if (this.lost) this.cancelLost();
  };

  /** Keeps Tab inside the dialog in every browser (showModal alone lets focus reach the browser UI). */
  private onDialogKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.cancelLost();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = this.dialog();
    if (!dialog) return;
    const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    const tabRadio = radios.find((r) => r.checked) ?? radios[0];
    // A radio group is one tab stop: its checked radio, else its first.
    const focusables = [...dialog.querySelectorAll<HTMLElement>('input, button')]
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio') || el === tabRadio);
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : document.activeElement;
    if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    } else if (e.shiftKey && (active === first || (first === tabRadio && radios.includes(active as HTMLInputElement)))) {
      e.preventDefault();
      last?.focus();
    }
  };

  // ------------------------------------------------------------------------------------------
  // Toolbar

  private onPipelineChange = (e: Event): void => {
    const id = (e.target as HTMLSelectElement).value;
    if (id === this.current?.pipeline?.id) return;
    this.moving = undefined;
    this.menu = undefined;
    this.activeId = undefined;
    this.pipelineId = id;
    this.emit('pipeline-selected', { pipelineId: id });
  };

  private onSearchInput = (e: Event): void => {
    const text = (e.target as HTMLInputElement).value;
    clearTimeout(this.filterTimer);
    // Typing into a board of 100,000 deals filters once the typing pauses.
    this.filterTimer = setTimeout(() => this.setFilter({ ...this.filter, text }), 120);
  };

  private onOwnerChange = (e: Event): void => {
    this.setFilter({ ...this.filter, owner: (e.target as HTMLSelectElement).value });
  };

  private onAmountInput = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const value = parseAmount(input.value);
    const bound = input.dataset.bound === 'min' ? 'min' : 'max';
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => this.setFilter({ ...this.filter, [bound]: value }), 120);
  };

  private clearFilters = (): void => {
    clearTimeout(this.filterTimer);
    this.setFilter(NO_FILTER);
  };

  private setFilter(filter: BoardFilter): void {
    this.filter = filter;
    this.scrollTops.clear();
    this.firstRows.clear();
    for (const body of this.renderRoot.querySelectorAll<HTMLElement>('.column-body')) body.scrollTop = 0;
    void this.updateComplete.then(() => {
      const m = this.model;
      if (!m) return;
      const locale = this.formatLocale;
      this.announce(this.s.showing(m.shown.length, m.total, formatNumber(m.shown.length, locale), formatNumber(m.total, locale)));
    });
  }

  /** Delegated click handling for the buttons on cards (one listener for the whole board). */
  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    this.renderRoot.addEventListener('click', (e) => {
      const event = e as MouseEvent;
      const card = (event.target as HTMLElement | null)?.closest?.<HTMLElement>('.card');
      const deal = card?.dataset.dealId ? this.model?.byId.get(card.dataset.dealId) : undefined;
      if (card && deal) this.onCardClick(event, deal, card);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pipeline-board': PipelineBoard;
  }
}
