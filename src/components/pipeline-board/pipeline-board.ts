/**
 * `<pipeline-board>`: the deals of a pipeline as columns of cards (DESIGN.md section 3). A thin host:
 * BoardData derives what to show, BoardView draws the columns (virtualised, so 100,000 deals keep at
 * most 300 cards in the DOM), BoardState holds what the person is doing, and everything that acts
 * (moving, closing, creating, selecting, the filter bar, the deal drawer) is a lazily loaded part,
 * board-actions.ts, that sees the board only through the `MoveHost` it is given.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Activity, Deal, Pipeline, Stage } from '../../core/model.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { booleanAttribute } from '../../internal/boolean-attribute.js';
import { ElementStates } from '../../internal/element-states.js';
import { LazyAttachment, LazyPart } from '../../internal/lazy-part.js';
import { intlLocale, localDay } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel-styles.js';
import type { Repository } from '../../storage/types.js';
import type * as ActionsModule from './board-actions.js';
import { BoardData } from './board-data.js';
import type { BoardActionsApi, MoveHost } from './board-host.js';
import { NO_FILTER, isFiltering, type BoardFilter } from './board-model.js';
import { BoardState } from './board-state.js';
import { BoardView } from './board-view.js';
import { CardEvents } from './card-events.js';
import { boardStyles } from './pipeline-board.styles.js';
import { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';

export { pipelineBoardStrings, type PipelineBoardStrings } from './strings.js';
export { MAX_CARDS } from './board-view.js';
export type {
  ActivityCreatedDetail, ActivityUpdatedDetail, DealCreatedDetail, DealDeletedDetail, DealMoveDetail, DealOpenedDetail,
  DealUpdatedDetail, MoveSource, PipelineSelectedDetail,
} from './events.js';

/** Narrower than this (px), the filters fold behind one button and columns fill most of the width. */
const NARROW_PX = 600;

// Everything that acts on deals is not needed for the first paint: one download for every board
// on the page, right after the first one rendered.
const actionsPart = new LazyPart<typeof ActionsModule>(() => import('./board-actions.js'));

/**
 * A board of deals in the stages of one pipeline: create, open, edit, move and close deals, schedule
 * their activities, and act on several at once.
 *
 * @tag pipeline-board
 * @fires deal-move - Before a deal moves (cancelable): `{ deal, from, to, index, source }`; `deal` as it is now.
 * @fires deal-moved - After a deal moved (stored, or in controlled use for the host to apply): `{ deal, from, to, index, source }` with the moved deal.
 * @fires deal-opened - The user opened a deal (Enter, double-click, or a click on its title): `{ deal }`. Cancel it to show the deal your own way instead of in the board's drawer.
 * @fires deal-created - A deal was created with "Add deal" (stored, or for the host to add): `{ deal }`.
 * @fires deal-updated - A deal was edited in the drawer or several at once: `{ deal, changes }` (`changes`: the changed fields and their new values).
 * @fires deal-deleted - A deal was deleted (the Delete drop zone or a bulk delete, with `allow-delete`): `{ deal }`.
 * @fires activity-created - An activity was scheduled or a note written on a deal: `{ activity }`.
 * @fires activity-updated - An activity was marked done or open again: `{ activity, changes }`.
 * @fires pipeline-selected - The user switched to another pipeline: `{ pipelineId }`.
 * @csspart toolbar - The search and filter bar.
 * @csspart filters-button - The button that shows the filters on a narrow board.
 * @csspart pipeline-select - The pipeline switcher (shown with more than one pipeline).
 * @csspart search - The search field.
 * @csspart owner-select - The owner filter.
 * @csspart min-value - The minimum value filter.
 * @csspart max-value - The maximum value filter.
 * @csspart clear-filters - The button that clears the filters.
 * @csspart show-closed - The switch that shows won and lost deals as columns.
 * @csspart select-button - The button that turns selection mode on and off.
 * @csspart count - How many deals are shown.
 * @csspart notice - A message about the last action, such as a move the policy refused (with `undo` when it can be undone).
 * @csspart undo - The Undo button of a notice.
 * @csspart problems - Problems with the pipeline or deals given to the board.
 * @csspart bulk-bar - The actions on the selected deals: move, assign an owner, delete.
 * @csspart board - The horizontally scrolling row of columns.
 * @csspart column - One stage (carries `data-stage-id`); also `column-target` while a deal is over it.
 * @csspart column-header - A column's header.
 * @csspart column-title - A column's stage name.
 * @csspart add-deal - A column's "Add deal" button.
 * @csspart column-summary - A column's count and total value.
 * @csspart column-count - The number of deals in a column.
 * @csspart column-total - The total value in a column.
 * @csspart column-weighted - The probability-weighted value of an open stage.
 * @csspart column-body - The scrolling area of a column.
 * @csspart cards - The list of cards in a column.
 * @csspart empty - The text of a column without deals.
 * @csspart card - A deal (carries `data-deal-id`, `data-activity`, and `data-rotting` when rotting); also `rotting`, `lifted`, `selected`, `won`, `lost`.
 * @csspart rotting - A card whose deal is rotting (with `card`).
 * @csspart selected - A selected card (with `card`).
 * @csspart card-select - A card's checkbox in selection mode.
 * @csspart card-title - The deal's title (a button that opens it).
 * @csspart card-value - The deal's value.
 * @csspart card-owner - The deal's owner.
 * @csspart card-age - Days in the current stage.
 * @csspart card-activity - The activity indicator (`data-activity`: overdue, today, planned, none).
 * @csspart card-next - The next activity's subject and due date, "No next activity", or a lost deal's reason (`data-activity` as the indicator).
 * @csspart card-rotting - The rotting badge.
 * @csspart card-fields - The extra fields named in `card-fields`.
 * @csspart card-menu-button - The "Move to…" button.
 * @csspart card-restore - The "Restore" button on a lost deal.
 * @csspart drop-placeholder - Where a moving deal would land.
 * @csspart drag-ghost - The card under the pointer while dragging.
 * @csspart drop-zones - The bar of drop zones shown while a deal moves.
 * @csspart drop-zone - A drop zone (carries `data-zone`: a won or lost stage id, or `delete`); also `drop-zone-target` while a deal is over it.
 * @csspart menu - The "Move to…" menu.
 * @csspart menu-item - A stage in the menu.
 * @csspart dialog - The lost-reason dialog.
 * @csspart create-dialog - The "Add deal" dialog.
 * @csspart create-form - The form in the "Add deal" dialog.
 * @csspart drawer - The drawer that shows an opened deal.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssstate moving - A deal is being moved (keyboard or pointer).
 * @cssstate dragging - A deal is being dragged with a pointer.
 * @cssstate filtered - A search or filter narrows the deals shown.
 * @cssstate loading - The deals are being read from the repository.
 * @cssstate empty - The pipeline has no deals.
 * @cssstate selecting - Selection mode is on.
 * @cssstate narrow - The board is narrower than 600px: filters fold behind one button.
 * @cssprop --l2c-pipeline-board-column-width - Width of a column (default 272px; on a narrow board 85% of its width).
 * @cssprop --l2c-pipeline-board-height - Height of the board (default 640px).
 * @cssprop --l2c-pipeline-board-card-gap - Space between cards (default the space-2 token).
 * @cssprop --l2c-pipeline-board-column-background - Background of a column (default the surface-alt token).
 * @cssprop --l2c-pipeline-board-rotting-color - Colour that marks rotting deals (default the danger token).
 * @cssprop --l2c-pipeline-board-won-color - Colour of the Won drop zone (default the success token).
 * @cssprop --l2c-pipeline-board-lost-color - Colour of the Lost and Delete drop zones (default the danger token).
 */
export class PipelineBoard extends L2cElement {
  static override defaultTag = 'pipeline-board';

  static override styles = [L2cElement.styles, panelStyles, boardStyles];

  static override messages = [pipelineBoardStrings];

  /** The pipeline to show (controlled); with `.pipelines` or a repository, the first of the list. */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined;

  /** Pipelines to switch between; by default the provider's, else the repository's. */
  @property({ attribute: false }) accessor pipelines: Pipeline[] | undefined;

  /** The deals to show (controlled: changes only fire events, the host updates this list). */
  @property({ attribute: false }) accessor deals: Deal[] | undefined;

  /** Activities for the cards and the drawer in controlled use; otherwise read from the repository. */
  @property({ attribute: false }) accessor activities: Activity[] | undefined;

  /** Display names of owners by owner id (also the choices of the owner fields). */
  @property({ attribute: false }) accessor owners: Record<string, string> | undefined;

  /** The id of the pipeline to show from the available ones (set by the pipeline switcher too). */
  @property({ attribute: 'pipeline-id', reflect: true }) accessor pipelineId: string | undefined;

  /** Extra deal fields shown on cards, comma-separated (e.g. `expectedClose,probability,custom.region`). */
  @property({ attribute: 'card-fields' }) accessor cardFields: string | undefined;

  /** Smaller cards: title, value and indicators only. */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true }) accessor compact = false;

  /** Shows won and lost deals as columns; by default closed deals leave the board and closed stages are drop zones. */
  @property({ attribute: 'show-closed', type: Boolean, converter: booleanAttribute, reflect: true }) accessor showClosed = false;

  /** Offers a Delete drop zone and bulk delete (give it to admins; a server still checks the role). */
  @property({ attribute: 'allow-delete', type: Boolean, converter: booleanAttribute }) accessor allowDelete = false;

  /** Currency of the column totals (ISO 4217); default the provider's, the pipeline's, or USD. */
  @property() accessor currency: string | undefined;

  /** The present for ages, rotting and activity (ISO or ms); default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #announcer = new Announcer(this);
  readonly #state = new BoardState(this);
  #filter: BoardFilter = NO_FILTER;
  #clock = { now: Date.now(), ...localDay(Date.now()) };
  #narrow = false;
  #lastOpen = { id: '', at: 0 };
  #resize: ResizeObserver | undefined;

  readonly #data: BoardData;
  readonly #view: BoardView;
  readonly #actions: LazyAttachment<typeof ActionsModule, BoardActionsApi>;
  readonly #cards: CardEvents;

  constructor() {
    super();
    // The controllers read the board through these objects; their getters (always the current
    // values) have a `this` of their own, so they name the board.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const board = this;
    this.#data = new BoardData(this, {
      get providedPipelines() { return board.provided?.pipelines; },
      get currency() { return board.currency || board.provided?.currency; },
      get filter() { return board.#filter; },
      get lang() { return board.#lang; },
      get formatLocale() { return board.#formatLocale; },
      get strings() { return board.#s; },
    });
    this.#view = new BoardView(this, {
      data: this.#data,
      state: this.#state,
      get strings() { return board.#s; },
      get lang() { return board.#lang; },
      get formatLocale() { return board.#formatLocale; },
      get compact() { return board.compact; },
      get showClosed() { return board.showClosed; },
      get clock() { return board.#clock; },
      get notAvailable() { return board.localize.term('notAvailable'); },
      get reasonLabel() { return board.#actions.value?.reasonLabel; },
    });
    // The lazy part's whole view of the board.
    const host: MoveHost = {
      element: this,
      data: this.#data,
      state: this.#state,
      view: this.#view,
      localize: this.localize,
      get strings() { return board.#s; },
      get formatLocale() { return board.#formatLocale; },
      get filter() { return board.#filter; },
      get showClosed() { return board.showClosed; },
      get allowDelete() { return board.allowDelete; },
      get owners() { return board.owners; },
      get narrow() { return board.#narrow; },
      get repository() { return board.repository; },
      now: () => (this.now === undefined ? Date.now() : this.#clock.now),
      announce: (text) => this.#announcer.announce(text),
      emit: (name, detail, cancelable = false) => this.emit(name, detail, { cancelable }),
      setFilter: (filter) => this.#setFilter(filter),
      setShowClosed: (on) => {
        this.showClosed = on;
      },
      selectPipeline: (id) => {
        this.#state.reset();
        this.pipelineId = id;
        this.emit('pipeline-selected', { pipelineId: id });
      },
      focusDeal: (id) => this.#focusDeal(id),
      open: (deal, opener) => this.#open(deal, opener),
      get activities() { return board.activities; },
    };
    this.#actions = new LazyAttachment(actionsPart, (m) => {
      const actions = new m.BoardActions(host);
      this.requestUpdate();
      return actions;
    });
    this.#cards = new CardEvents({
      element: this,
      data: this.#data,
      state: this.#state,
      get actions() { return board.#actions.value; },
      requestActions: () => this.#actions.request(),
      open: (deal, opener) => this.#open(deal, opener),
    });
  }

  /** The repository, except in controlled use (`.deals` set), where the board reads and writes nothing. */
  override get repository(): Repository | undefined {
    return this.deals !== undefined ? undefined : super.repository;
  }

  /** The pipeline shown, as the board uses it (invalid stages left out), or undefined. */
  get activePipeline(): Pipeline | undefined {
    return this.#data.pipeline;
  }

  // The locale and messages are looked up once per update (finding the closest `lang` walks the
  // tree), and afresh outside updates.
  #locale: { lang: string; format: string; s: PipelineBoardStrings } | undefined;

  #currentLocale(): { lang: string; format: string; s: PipelineBoardStrings } {
    if (this.#locale) return this.#locale;
    const lang = this.localize.lang();
    return { lang, format: intlLocale(this.localize.requested(), lang), s: this.localize.section(pipelineBoardStrings) };
  }

  get #s(): PipelineBoardStrings {
    return this.#currentLocale().s;
  }

  get #lang(): string {
    return this.#currentLocale().lang;
  }

  // A locale Intl accepts: the requested tag (en-GB formats as in Britain), else the resolved one.
  get #formatLocale(): string {
    return this.#currentLocale().format;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver === 'undefined') return;
    // The board's width, reported after layout: narrow boards fold their filters.
    this.#resize ??= new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      const narrow = width > 0 && width < NARROW_PX;
      if (narrow !== this.#narrow) {
        this.#narrow = narrow;
        this.toggleAttribute('data-narrow', narrow);
        this.requestUpdate();
      }
    });
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#state.moving = undefined;
    this.#state.menu = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#locale = undefined;
    this.#locale = this.#currentLocale();
    const now = this.now === undefined ? Date.now() : (typeof this.now === 'number' ? this.now : Date.parse(this.now)) || Date.now();
    this.#clock = { now, ...localDay(now) };
    if (this.#data.update(changed.has('cardFields') || changed.has('owners'))) this.#view.resetScroll();
    // A move ends when its deal disappears (deleted in another tab, filtered out).
    const m = this.#state.moving;
    const model = this.#data.model;
    if (m && model && !model.byId.has(m.id)) {
      this.#state.moving = undefined;
      this.#actions.value?.endMove();
    }
  }

  override render(): TemplateResult {
    const s = this.#s;
    const pipeline = this.#data.pipeline;
    const model = this.#data.model;
    const actions = this.#actions.value;
    return html`
      ${actions?.renderToolbar() ?? html`<div part="toolbar" class="toolbar pending" aria-hidden="true"></div>`}
      ${actions?.renderNotice()}
      ${this.#renderProblems()}
      ${pipeline && model ? this.#view.render(pipeline, model, this.#data.pipelineTitle(pipeline), (stage) => this.#addButton(stage)) : nothing}
      ${this.#announcer.render()}
      <p id="card-hint" hidden>${this.#state.selecting ? s.cardHintSelecting : s.cardHint}</p>
      ${actions?.renderOverlays() ?? nothing}
    `;
  }

  #addButton(stage: Stage): TemplateResult | typeof nothing {
    if (stage.kind !== 'open') return nothing;
    return html`<button part="add-deal" class="btn quiet add" type="button" data-action="add" data-stage-id=${stage.id}
      ><span aria-hidden="true">+</span> ${this.#s.addDeal}</button>`;
  }

  // What is wrong with the data: loading and "no pipeline" at once, the rest from the lazy part.
  #renderProblems(): unknown {
    const data = this.#data;
    if (!data.pipeline) {
      // Rendered on a server (never connected) it is loading too: the browser reads the store.
      if (!data.controlled && (!this.isConnected || this.repository && (data.pipelineStore.loading || data.dealStore.loading))) {
        return html`<p part="problems" class="problems muted">${this.localize.term('loading')}</p>`;
      }
      const bare = !data.current?.errors.length && (!this.pipelineId || data.available().length === 0);
      if (bare || !this.#actions.value) return html`<div part="problems" class="problems warning"><p>${this.#s.noPipeline}</p></div>`;
    }
    return this.#actions.value?.renderProblems() ?? nothing;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#locale = undefined;
    const m = this.#state.moving;
    const model = this.#data.model;
    this.#states.sync({
      moving: !!m,
      dragging: m?.source === 'pointer',
      filtered: isFiltering(this.#filter),
      loading: this.#data.loading,
      empty: !!model && model.total === 0,
      selecting: this.#state.selecting,
      narrow: this.#narrow,
    });
    const refocus = this.#state.refocus;
    if (refocus) {
      this.#state.refocus = undefined;
      void this.#focusDeal(refocus);
    }
  }

  async #focusDeal(id: string): Promise<void> {
    const place = this.#data.placeOf(id);
    if (!place) return;
    this.#state.activeId = id;
    this.#view.revealSlot(place.stage, place.index);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"]`)?.focus();
  }

  #setFilter(filter: BoardFilter): void {
    this.#filter = filter;
    this.#view.resetScroll();
    this.requestUpdate();
  }

  /** Fires `deal-opened` (once for a double-click) and, unless a listener cancels it, shows the deal in the drawer. */
  #open(deal: Deal, opener: HTMLElement | null): void {
    // A double-click on the title is two clicks and a dblclick: one request to open.
    const t = performance.now();
    if (this.#lastOpen.id === deal.id && t - this.#lastOpen.at < 500) return;
    this.#lastOpen = { id: deal.id, at: t };
    if (!this.emit('deal-opened', { deal }, { cancelable: true })) return;
    void this.#actions.request().then(() => this.#actions.value?.openDeal(deal, opener));
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    this.#cards.listen(this.renderRoot);
    void this.#actions.request();
  }

  // Once the lazy part is here, its messages are part of every update too (no English first).
  protected override messageSections(): ReturnType<L2cElement['messageSections']> {
    const sections = super.messageSections();
    return actionsPart.module ? [...sections, ...actionsPart.module.ACTION_SECTIONS] : sections;
  }

  // Once the first render asked for the lazy part, an update is complete when it is attached.
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#actions.settled(() => super.getUpdateComplete());
  }

  /** Opens a deal in the board's drawer, as a click on its title does (without `deal-opened`). */
  async openDeal(id: string): Promise<void> {
    const deal = this.#data.model?.byId.get(id);
    if (!deal) return;
    await this.#actions.request();
    this.#actions.value?.openDeal(deal, null);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pipeline-board': PipelineBoard;
  }
}
