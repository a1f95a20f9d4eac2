/**
 * `<pipeline-board>`: the deals of a pipeline as columns of cards (DESIGN.md section 3). Deals move
 * by pointer drag, by keyboard and by a "Move to…" menu, under the pipeline's policy, with stage
 * history recorded by core. Columns are virtualised, so 100,000 deals keep at most 300 cards in the DOM.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { activityState, type ActivityState, type DueActivity } from '../../core/activity.js';
import { weightedPipeline } from '../../core/funnel.js';
import type { Activity, Deal, Pipeline, Stage } from '../../core/model.js';
import { getPath } from '../../core/predicate.js';
import { daysInStage, isRotting, pipelineName, stageLabel } from '../../core/stages.js';
import { L2cElement } from '../../internal/base-element.js';
import { panelStyles } from '../../internal/panel-styles.js';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import { StorageError } from '../../storage/errors.js';
import type { Repository } from '../../storage/types.js';
import {
  NO_FILTER, buildModel, isFiltering, sanitizePipeline, type BoardFilter, type BoardModel, type SafePipeline,
} from './board-model.js';
import type * as MovesModule from './board-moves.js';
import type { BoardFilters } from './board-filters.js';
import type { BoardMoves } from './board-moves.js';
import { boardStyles } from './pipeline-board.styles.js';
import { setStyle } from '../../internal/set-style.js';
import { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';

export { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';
export type { DealMoveDetail, DealOpenedDetail, PipelineSelectedDetail, MoveSource } from './events.js';

/** The most cards the board keeps in the DOM at once (DESIGN.md section 6). */
export const MAX_CARDS = 300;
/** Cards rendered beyond the visible ones at each end of a column, so fast scrolling shows no gaps. */
const OVERSCAN = 3;
/** A move in progress: the deal, where it came from, and where it would land now. */
export interface Moving {
  id: string;
  from: string;
  fromIndex: number;
  to: string;
  /** Position in the target column without the deal itself. */
  index: number;
  source: 'keyboard' | 'pointer';
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

// The keys a card answers to (board-moves.ts, cardKeydown).
const CARD_KEYS = new Set([' ', 'Spacebar', 'Enter', 'ContextMenu', 'F10', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

let movesModule: typeof MovesModule | undefined;
let movesLoad: Promise<typeof MovesModule> | undefined;

// Moving deals (keyboard, drag, menu, dialog) and the filter bar are not needed for the first
// paint: one download for every board on the page, right after the first one rendered; a failed
// download may be tried again.
function loadMoves(): Promise<typeof MovesModule> {
  movesLoad ??= import('./board-moves.js').then((m) => (movesModule = m), (error: unknown) => {
    movesLoad = undefined;
    throw error;
  });
  return movesLoad;
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

  static override styles = [L2cElement.styles, panelStyles, boardStyles];

  static override messages = [pipelineBoardStrings];

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

  /** @internal */ @state() accessor filter: BoardFilter = NO_FILTER;
  // Members marked @internal are shared with the lazily loaded half (board-moves.ts), not public API.
  /** @internal */ @state() accessor moving: Moving | undefined;
  /** @internal */ @state() accessor menu: { id: string; x: number; y: number; up: boolean } | undefined;
  /** @internal */ @state() accessor notice: { text: string; kind: 'refusal' | 'error' } | undefined;
  @state() private accessor announcement = '';
  /** @internal */ @state() accessor activeId: string | undefined;
  /** @internal */ @state() accessor pendingVersion = 0;
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
  /** @internal */ current: SafePipeline | undefined;
  private currentRaw: unknown;
  private available: Pipeline[] = [];
  private availableKey: unknown[] = [];
  /** @internal */ model: BoardModel | undefined;
  private modelKey: unknown[] = [];
  private figures = new Map<string, ColumnFigures>();
  private indexById = new Map<string, number>();
  private activityByDeal = new Map<string, DueActivity[]>();
  private activitySource: unknown;
  private haystacks = new WeakMap<Deal, string>();
  private lastOpen = { id: '', at: 0 };
  /** @internal Writes made here that storage has not confirmed yet; `settled` once the write resolved. */
  readonly pending = new Map<string, { deal: Deal; settled: boolean }>();
  private pendingView = new Map<string, Deal>();
  private lastDealSource: unknown;
  private readonly scrollTops = new Map<string, number>();
  private readonly firstRows = new Map<string, number>();
  private scrollFrame = 0;
  /** @internal */ nowMs = Date.now();
  private day = localDay(this.nowMs);
  /** @internal */ refocus: string | undefined;
  private tabStop: string | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private moves: BoardMoves | undefined;
  private filters: BoardFilters | undefined;
  private movesReady: Promise<unknown> | undefined;
  /** Keys pressed on a card before the moving half arrived, replayed in order once it has. */
  private readonly earlyKeys: { id: string; key: string; shiftKey: boolean }[] = [];

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
    this.moving = undefined;
    this.menu = undefined;
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = 0;
  }

  // ------------------------------------------------------------------------------------------
  // Deriving what to show

  /** @internal */
  get s(): PipelineBoardStrings {
    return this.localize.section(pipelineBoardStrings);
  }

  /** A locale Intl accepts: the requested tag (en-GB formats as in Britain), else the resolved one. */
  /** @internal */
  get formatLocale(): string {
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

  /** @internal */
  get controlled(): boolean {
    return this.deals !== undefined;
  }

  /** @internal */
  availablePipelines(): Pipeline[] {
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

  /** The text a search looks in: title, owner and the card's extra fields, lower case (cached). */
  private haystack(deal: Deal): string {
    let text = this.haystacks.get(deal);
    if (text === undefined) {
      const owner = typeof deal.ownerId === 'string' ? `${deal.ownerId} ${this.owners?.[deal.ownerId] ?? ''}` : '';
      const extra = this.fieldList().map((f) => String(getPath(deal, f) ?? '')).join(' ');
      text = `${deal.title} ${owner} ${extra}`.toLocaleLowerCase();
      this.haystacks.set(deal, text);
    }
    return text;
  }

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
      this.model = buildModel({ deals: source ?? [], pipeline, pending: this.pendingView, filter: this.filter, haystack: (d) => this.haystack(d) });
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
      this.moves?.endPress();
    }
  }

  /** @internal */
  column(stageId: string): Deal[] {
    return this.model?.columns.get(stageId) ?? [];
  }

  /** @internal */
  stageName(stageId: string): string {
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

  /** @internal */
  ownerName(id: unknown): string | undefined {
    if (typeof id !== 'string' || id === '') return undefined;
    return this.owners?.[id] ?? id;
  }

  /** @internal */
  money(value: unknown, currency: unknown): string {
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

  /** @internal */
  fieldLabel(field: string): string {
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
      ${this.filters?.render(pipeline) ?? nothing}
      ${this.renderNotice()}
      ${this.renderProblems()}
      ${pipeline && this.model ? this.renderBoard(pipeline, this.model) : nothing}
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <p id="card-hint" hidden>${s.cardHint}</p>
      ${this.moves?.render() ?? nothing}
    `;
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

  /** @internal */
  errorText(error: unknown): string {
    if (error instanceof StorageError) {
      if (error.code === 'blocked') return this.localize.term('storageBlocked');
      if (error.code === 'unavailable') return this.localize.term('storageUnavailable');
      if (error.code === 'quota') return this.localize.term('storageQuota');
    }
    return error instanceof Error ? error.message : String(error);
  }

  /** @internal The pipeline's name in the board's language (template names are translated). */
  pipelineTitle(pipeline: Pipeline): string {
    return typeof pipeline.name === 'string' ? pipelineName(pipeline, this.localize.lang()) : String(pipeline.id);
  }

  private renderBoard(pipeline: Pipeline, model: BoardModel): TemplateResult {
    const name = this.pipelineTitle(pipeline);
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

  /** @internal */
  get rowH(): number {
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

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.measure();
    this.syncStates();
    this.moves?.sync();
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

  /** @internal Says `text` in the polite live region. */
  announce(text: string): void {
    // The same text twice must still be read: make it differ invisibly.
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  // ------------------------------------------------------------------------------------------
  // Cards (moving them is in board-moves.ts)

  /** @internal Where a deal is: its column and index there. */
  placeOf(id: string): { stage: string; index: number; size: number } | undefined {
    const deal = this.model?.byId.get(id);
    const index = this.indexById.get(id);
    if (!deal || index === undefined || this.column(deal.stageId)[index]?.id !== id) return undefined;
    return { stage: deal.stageId, index, size: this.column(deal.stageId).length };
  }

  /** @internal Fires `deal-opened` (once for a double-click). */
  open(deal: Deal): void {
    // A double-click on the title is two clicks and a dblclick: one request to open.
    const t = performance.now();
    if (this.lastOpen.id === deal.id && t - this.lastOpen.at < 500) return;
    this.lastOpen = { id: deal.id, at: t };
    this.emit('deal-opened', { deal });
  }

  // ------------------------------------------------------------------------------------------
  // Focus and scrolling

  /** @internal */
  bodyOf(stageId: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.column-body[data-stage-id="${CSS.escape(stageId)}"]`);
  }

  /** @internal Scrolls a column so that `slot` is in view (so it is rendered), and the column into view. */
  revealSlot(stageId: string, slot: number): void {
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

  /** @internal Focuses a deal's card, scrolling it into view. */
  async focusDeal(id: string): Promise<void> {
    const place = this.placeOf(id);
    if (!place) return;
    this.activeId = id;
    this.revealSlot(place.stage, place.index);
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"]`);
    el?.focus();
  }

  // A method: Lit calls template listeners with the element as `this`.
  private onBodyScroll(e: Event): void {
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
  }

  private cardOf(e: Event): { el: HTMLElement; deal: Deal } | undefined {
    const el = (e.currentTarget as HTMLElement | null)?.closest?.<HTMLElement>('.card');
    const id = el?.dataset.dealId;
    const deal = id ? this.model?.byId.get(id) : undefined;
    return el && deal ? { el, deal } : undefined;
  }

  // Card listeners are methods: Lit calls template listeners with the element as `this`.
  private onCardFocus(e: FocusEvent): void {
    const card = this.cardOf(e);
    if (card && this.activeId !== card.deal.id) this.activeId = card.deal.id;
  }

  // Leaving a card while moving it by keyboard (a click elsewhere) cancels the move.
  private onCardBlur(e: FocusEvent): void {
    const card = this.cardOf(e);
    if (card) this.moves?.cardBlur(card.deal);
  }

  private onCardDblClick(e: MouseEvent): void {
    const card = this.cardOf(e);
    if (!card || (e.target as HTMLElement).closest('button[data-action="menu"],button[data-action="restore"]')) return;
    this.open(card.deal);
  }

  // Clicks on the card's buttons arrive here (delegated from the card's own listener below).
  private onCardClick(e: MouseEvent, deal: Deal): void {
    const button = (e.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (this.moves) this.moves.cardClick(action, deal, button);
    else if (action === 'open') this.open(deal);
    else void this.whenMoves().then(() => this.moves?.cardClick(action, deal, button));
  }

  // Keys, presses and drags on cards belong to board-moves.ts, loaded right after the first render.
  private onCardKeydown(e: KeyboardEvent): void {
    const card = this.cardOf(e);
    if (!card || e.target !== card.el || e.altKey || e.ctrlKey || e.metaKey) return;
    if (this.moves && this.earlyKeys.length === 0) {
      this.moves.cardKeydown(e, card.deal, card.el);
      return;
    }
    // A quick keyboard user can be ahead of the download: the keys wait for it instead of being lost.
    if (!CARD_KEYS.has(e.key) || (e.key === 'F10' && !e.shiftKey)) return;
    e.preventDefault();
    this.earlyKeys.push({ id: card.deal.id, key: e.key, shiftKey: e.shiftKey });
    if (this.earlyKeys.length === 1) void this.whenMoves().then(() => this.replayKeys());
  }

  private async replayKeys(): Promise<void> {
    while (this.earlyKeys.length > 0) {
      await this.updateComplete;
      const { id, key, shiftKey } = this.earlyKeys[0]!;
      const el = this.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"]`);
      const deal = this.model?.byId.get(id);
      // Only while the card still has the focus the keys were pressed in (and the download succeeded).
      if (!this.moves || !el || !deal || (this.renderRoot as ShadowRoot).activeElement !== el) break;
      this.moves.cardKeydown(new KeyboardEvent('keydown', { key, shiftKey, cancelable: true }), deal, el);
      this.earlyKeys.shift();
    }
    this.earlyKeys.length = 0;
  }

  private onCardPointerDown(e: PointerEvent): void {
    const card = this.cardOf(e);
    if (!card) return;
    if (this.moves) {
      this.moves.cardPointerDown(e, card.deal);
      return;
    }
    // A press that starts before the download becomes a drag all the same if it is still held then.
    let released = false;
    const up = (u: PointerEvent) => { if (u.pointerId === e.pointerId) released = true; };
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    void this.whenMoves().then(() => {
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      if (!released && card.el.isConnected) this.moves?.cardPointerDown(e, card.deal);
    });
  }

  /** Loads the moving half of the board (once per page) and attaches it to this board. */
  private whenMoves(): Promise<unknown> {
    if (movesModule) {
      this.attachMoves(movesModule);
      return Promise.resolve();
    }
    this.movesReady ??= loadMoves().then((m) => this.attachMoves(m), () => { this.movesReady = undefined; });
    return this.movesReady;
  }

  private attachMoves(m: typeof MovesModule): void {
    if (this.moves) return;
    this.moves = new m.BoardMoves(this, {
      localize: this.localize,
      emit: (name, detail) => this.emit(name, detail, { cancelable: name === 'deal-move' }),
    });
    this.filters = new m.BoardFilters(this, (id) => {
      this.moving = undefined;
      this.menu = undefined;
      this.activeId = undefined;
      this.pipelineId = id;
      this.emit('pipeline-selected', { pipelineId: id });
    });
    this.requestUpdate();
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    // Once the first render asked for the moving half, an update is complete when it is attached.
    if (!this.moves && this.movesReady) {
      await this.movesReady;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  // ------------------------------------------------------------------------------------------
  // Filters (the bar is in board-filters.ts)

  /** @internal Filters the deals shown, from the top of every column, and says how many are shown. */
  setFilter(filter: BoardFilter): void {
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
      if (card && deal) this.onCardClick(event, deal);
    });
    void this.whenMoves();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pipeline-board': PipelineBoard;
  }
}
