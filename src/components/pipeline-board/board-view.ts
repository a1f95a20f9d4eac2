/**
 * The columns and cards of a board. Columns are virtualised: each renders the cards in its scrolled
 * window (plus a few either side, the focused one and the moving one) at absolute offsets, so
 * 100,000 deals keep at most 300 cards in the DOM. Sizes come from ResizeObservers (a card's height,
 * a column's), which report after the browser's own layout: the first render reads no layout.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { checked } from '../../internal/checked.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Deal, Pipeline, Stage } from '../../core/model.js';
import { getPath } from '../../core/predicate.js';
import { daysInStage, isRotting, stageLabel } from '../../core/stages.js';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../internal/format.js';
import { setStyle } from '../../internal/set-style.js';
import type { BoardData } from './board-data.js';
import type { BoardElement } from './board-host.js';
import type { BoardModel } from './board-model.js';
import type { BoardState } from './board-state.js';
import type { PipelineBoardStrings } from './strings.js';

/** The most cards the board keeps in the DOM at once (DESIGN.md section 6). */
export const MAX_CARDS = 300;
/** Cards rendered beyond the visible ones at each end of a column, so fast scrolling shows no gaps. */
const OVERSCAN = 3;

/** What the view needs from the board beside the element itself. */
export interface ViewHost {
  readonly data: BoardData;
  readonly state: BoardState;
  readonly strings: PipelineBoardStrings;
  readonly lang: string;
  readonly formatLocale: string;
  readonly compact: boolean;
  /** Won and lost stages shown as columns (otherwise they are drop zones while moving). */
  readonly showClosed: boolean;
  /** The present, and the user's calendar day. */
  readonly clock: { now: number; today: string; dayEnd: number };
  /** The text for a value that is not there ("—"). */
  readonly notAvailable: string;
  /** A lost deal's reason in the reader's language (from the lazily loaded part; until then none is shown). */
  readonly reasonLabel: ((reason: string) => string) | undefined;
}

interface Row {
  deal: Deal;
  /** Index in the column (for aria-posinset). */
  index: number;
  slot: number;
}

/** Renders and scrolls the columns of one board. */
export class BoardView implements ReactiveController {
  #rowHeight = 0;
  #viewport = 0;
  readonly #scrollTops = new Map<string, number>();
  readonly #firstRows = new Map<string, number>();
  #scrollFrame = 0;
  #observer: ResizeObserver | undefined;
  #observedCard: Element | undefined;
  #observedBody: Element | undefined;
  /** The one card in the tab order: the last one used, else (filtered out or gone) the first. */
  tabStop: string | undefined;

  constructor(private readonly element: BoardElement, private readonly host: ViewHost) {
    element.addController(this);
  }

  hostConnected(): void {
    if (typeof ResizeObserver !== 'undefined') this.#observer ??= new ResizeObserver((entries) => this.#resized(entries));
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observedCard = this.#observedBody = undefined;
    cancelAnimationFrame(this.#scrollFrame);
    this.#scrollFrame = 0;
  }

  // After each render: watch one card (for the row height) and one column body (for the window).
  hostUpdated(): void {
    const o = this.#observer;
    if (!o) return;
    const card = this.#observedCard?.isConnected ? this.#observedCard : this.element.renderRoot.querySelector('.card:not(.lifted)') ?? undefined;
    if (card !== this.#observedCard) {
      if (this.#observedCard) o.unobserve(this.#observedCard);
      this.#observedCard = card;
      if (card) o.observe(card);
    }
    const body = this.#observedBody?.isConnected ? this.#observedBody : this.element.renderRoot.querySelector('.column-body') ?? undefined;
    if (body !== this.#observedBody) {
      if (this.#observedBody) o.unobserve(this.#observedBody);
      this.#observedBody = body;
      if (body) o.observe(body);
    }
  }

  // Called after the browser's layout: reading sizes here forces nothing.
  #resized(entries: ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const box = entry.borderBoxSize?.[0];
      const height = box ? box.blockSize : entry.contentRect.height;
      if (!(height > 0)) continue;
      if (entry.target === this.#observedCard) {
        const gap = parseFloat(getComputedStyle(entry.target).marginBlockEnd) || 0;
        const h = Math.round(height + gap);
        if (Math.abs(h - this.#rowHeight) >= 1) {
          this.#rowHeight = h;
          changed = true;
        }
      } else if (entry.target === this.#observedBody && Math.round(height) !== this.#viewport) {
        this.#viewport = Math.round(height);
        changed = true;
      }
    }
    if (changed) this.element.requestUpdate();
  }

  /**
   * The height of one card and the gap below it: measured once a card is laid out; before that,
   * what the default tokens give (lines of 15px x 1.45, the padding and gap tokens), so that with
   * them the first layout is the only one.
   */
  get rowH(): number {
    if (this.#rowHeight) return this.#rowHeight;
    const fields = this.host.data.fields.length;
    return this.host.compact ? 64 : Math.round(114.7 + (fields > 0 ? 2 + 18.5 * fields : 0));
  }

  /** Forgets scroll positions (another pipeline, another filter). */
  resetScroll(): void {
    this.#scrollTops.clear();
    this.#firstRows.clear();
    // No render root yet when rendered on a server (@lit-labs/ssr).
    for (const body of this.element.renderRoot?.querySelectorAll<HTMLElement>('.column-body') ?? []) body.scrollTop = 0;
  }

  /** A column's scrolling body. */
  bodyOf(stageId: string): HTMLElement | null {
    return this.element.renderRoot.querySelector<HTMLElement>(`.column-body[data-stage-id="${CSS.escape(stageId)}"]`);
  }

  /** Scrolls a column so that `slot` is in view (so it is rendered), and the column into view. */
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
    this.#scrollTops.set(stageId, body.scrollTop);
    const column = body.parentElement;
    const board = column?.parentElement;
    if (column && board) {
      const c = column.getBoundingClientRect();
      const b = board.getBoundingClientRect();
      if (c.left < b.left) board.scrollLeft -= b.left - c.left + 8;
      else if (c.right > b.right) board.scrollLeft += c.right - b.right + 8;
    }
    this.element.requestUpdate();
  }

  // A method: Lit calls template listeners with the host as `this`, so this one is bound.
  readonly #onScroll = (e: Event): void => {
    const body = e.currentTarget as HTMLElement;
    const id = body.dataset.stageId ?? '';
    this.#scrollTops.set(id, body.scrollTop);
    const first = Math.floor(body.scrollTop / this.rowH);
    if (this.#firstRows.get(id) === first) return;
    this.#firstRows.set(id, first);
    if (this.host.state.menu) this.host.state.menu = undefined;
    if (this.#scrollFrame) return;
    this.#scrollFrame = requestAnimationFrame(() => {
      this.#scrollFrame = 0;
      this.element.requestUpdate();
    });
  };

  /** The stages shown as columns: the open ones, and the closed ones too with `show-closed`. */
  columns(pipeline: Pipeline): Stage[] {
    const open = pipeline.stages.filter((st) => st.kind === 'open');
    return this.host.showClosed || open.length === 0 ? pipeline.stages : open;
  }

  /** The board: one column per stage shown. */
  render(pipeline: Pipeline, model: BoardModel, name: string, addButton: (stage: Stage) => TemplateResult | typeof nothing): TemplateResult {
    const stages = this.columns(pipeline);
    const active = this.host.state.activeId;
    this.tabStop = active !== undefined && this.host.data.placeOf(active) && stages.some((st) => st.id === this.host.data.model?.byId.get(active)?.stageId)
      ? active : this.host.data.firstDealId(stages.map((st) => st.id));
    return html`
      <div part="board" class="board" role="group" aria-label=${this.host.strings.board(name)}>
        ${stages.map((stage, i) => this.#renderColumn(stage, i, model, addButton(stage)))}
      </div>`;
  }

  /** The rows of a column to render: the visible window plus the focused and moving cards, with their slots. */
  #rowsOf(stageId: string, deals: Deal[]): { rows: Row[]; slots: number; placeholder: number | undefined } {
    const m = this.host.state.moving;
    const n = deals.length;
    const rowH = this.rowH;
    const top = this.#scrollTops.get(stageId) ?? 0;
    const view = this.#viewport || 600;
    const stages = Math.max(1, this.host.data.pipeline?.stages.length ?? 1);
    // One more card per column may render: the focused or moving one when scrolled away.
    const perColumn = Math.max(1, Math.floor(MAX_CARDS / stages) - 2);
    const first = Math.max(0, Math.floor(top / rowH) - OVERSCAN);
    const last = Math.min(first + perColumn, Math.ceil((top + view) / rowH) + OVERSCAN);
    let slotOf = (i: number) => i;
    let slots = n;
    let placeholder: number | undefined;
    let lo = first;
    let hi = last;
    const movingIndex = m ? this.host.data.indexOf(m.id) : undefined;
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
    const wanted = new Set<number>();
    for (let i = Math.max(0, lo); i < Math.min(n, hi); i++) {
      const slot = slotOf(i);
      if (slot >= first && slot < last) wanted.add(i);
    }
    for (const id of [this.tabStop, m?.id]) {
      const i = id === undefined ? undefined : this.host.data.indexOf(id);
      if (i !== undefined && deals[i]?.id === id) wanted.add(i);
    }
    const rows = [...wanted].sort((a, b) => a - b).map((i) => ({ deal: deals[i]!, index: i, slot: slotOf(i) }));
    if (placeholder !== undefined && !(placeholder >= first - 1 && placeholder <= last)) placeholder = undefined;
    return { rows, slots, placeholder };
  }

  #renderColumn(stage: Stage, i: number, model: BoardModel, add: TemplateResult | typeof nothing): TemplateResult {
    const s = this.host.strings;
    const deals = model.columns.get(stage.id) ?? [];
    const figures = this.host.data.figures(stage.id);
    const label = stageLabel(stage, this.host.lang);
    const { rows, slots, placeholder } = this.#rowsOf(stage.id, deals);
    const rowH = this.rowH;
    const m = this.host.state.moving;
    const target = m?.to === stage.id;
    const movingDeal = m ? model.byId.get(m.id) : undefined;
    return html`
      <div part=${target ? 'column column-target' : 'column'} class="column ${target ? 'target' : ''}" data-stage-id=${stage.id} data-kind=${stage.kind}
        role="group" aria-labelledby="col-${i}">
        <div part="column-header" class="column-header">
          <div class="column-head">
            <h3 part="column-title" class="column-title" id="col-${i}">${label}</h3>
            ${add}
          </div>
          <p part="column-summary" class="column-summary">
            <span part="column-count">${figures?.count}</span>
            <span part="column-total" class="total">${figures?.total}</span>
          </p>
          <p part="column-weighted" class="column-summary weighted" title=${s.weightedHint}>${figures?.weighted !== undefined ? `${s.weighted} ${figures.weighted}` : '\u00a0'}</p>
        </div>
        <div part="column-body" class="column-body" data-stage-id=${stage.id} @scroll=${this.#onScroll}>
          <ul part="cards" class="cards" aria-label=${s.column(label, figures?.count ?? '')} ${setStyle({ height: `${slots * rowH}px` })}>
            ${placeholder !== undefined && movingDeal ? html`
              <li part="drop-placeholder" class="placeholder" aria-hidden="true"
                ${setStyle({ transform: `translateY(${placeholder * rowH}px)`, height: `${Math.max(24, rowH - 8)}px` })}>${movingDeal.title}</li>` : nothing}
            ${repeat(rows, (r) => r.deal.id, (r) => this.#renderCard(r, deals.length, stage))}
          </ul>
          ${deals.length === 0 && placeholder === undefined ? html`<p part="empty" class="empty">${s.emptyColumn}</p>` : nothing}
        </div>
      </div>`;
  }

  #renderCard({ deal, index, slot }: Row, size: number, stage: Stage): TemplateResult {
    const { strings: s, data, state, compact, clock } = this.host;
    const active = deal.id === this.tabStop;
    const m = state.moving;
    const lifted = m?.id === deal.id;
    const acts = data.activitiesOf(deal, clock);
    const rotting = isRotting(deal, data.pipeline!, clock.now, acts.lastDone);
    const days = daysInStage(deal, clock.now);
    const owner = data.ownerName(deal.ownerId) ?? s.noOwner;
    const value = data.money(deal.value, deal.currency) ?? this.host.notAvailable;
    const lost = stage.kind === 'lost';
    const selecting = state.selecting;
    const selected = state.selected.has(deal.id);
    const parts = ['card', rotting ? 'rotting' : '', lifted ? 'lifted' : '', selected ? 'selected' : '', stage.kind === 'open' ? '' : stage.kind].filter(Boolean).join(' ');
    const inner = active ? 0 : -1;
    const fields = compact ? [] : data.fields;
    const reason = lost && typeof deal.lostReason === 'string' ? this.host.reasonLabel?.(deal.lostReason) : undefined;
    const next = acts.next;
    const nextText = next ? `${typeof next['subject'] === 'string' && next['subject'] ? next['subject'] : s.activityTypes[next.type] ?? next.type} · ${formatDateTime(next.dueAt, this.host.formatLocale, true)}` : undefined;
    const label = s.cardLabel([deal.title, value, owner, s.age(days), ...(rotting ? [s.rotting] : []), s.activity[acts.state],
      ...(nextText ? [nextText] : []), ...(reason ? [reason] : []), ...(selected ? [s.selected] : [])]);
    return html`
      <li part=${parts} class="card ${rotting ? 'rotting' : ''} ${lifted ? `lifted ${m?.source ?? ''}` : ''} ${selected ? 'selected' : ''}"
        data-deal-id=${deal.id} data-activity=${acts.state} ?data-rotting=${rotting}
        tabindex=${active ? 0 : -1} aria-posinset=${index + 1} aria-setsize=${size} aria-label=${label} aria-describedby="card-hint"
        ${setStyle({ transform: `translateY(${slot * this.rowH}px)` })}>
        <div class="line">
          ${selecting ? html`<input part="card-select" type="checkbox" tabindex="-1" data-action="select" ${checked(selected)}
            aria-label=${s.selectDeal(deal.title)}>` : nothing}
          <button part="card-title" class="title" type="button" tabindex=${inner} data-action="open">${deal.title}</button>
          <span part="card-activity" class="activity" data-activity=${acts.state} title=${s.activity[acts.state]}></span>
        </div>
        <div class="line">
          <span part="card-value" class="value">${value}</span>
          ${compact ? html`<span part="card-age" class="meta">${s.ageShort(days)}</span>` : nothing}
          ${rotting ? html`<span part="card-rotting" class="rotting-badge" title=${s.rottingHint(stage.rottingDays ?? 0)}>${s.rotting}</span>` : nothing}
          <span class="actions">
            ${lost ? html`<button part="card-restore" class="btn quiet" type="button" tabindex=${inner} data-action="restore"
              >${s.restore}<span class="visually-hidden"> ${deal.title}</span></button>` : nothing}
            <button part="card-menu-button" class="btn quiet" type="button" tabindex=${inner} data-action="menu"
              aria-haspopup="menu" aria-expanded=${state.menu?.id === deal.id ? 'true' : 'false'}
              >${compact ? html`<span aria-hidden="true">⋯</span><span class="visually-hidden">${s.moveTo} ${deal.title}</span>`
                : html`${s.moveTo}<span class="visually-hidden"> ${deal.title}</span>`}</button>
          </span>
        </div>
        ${compact ? nothing : html`
          <div class="line meta">
            <span part="card-owner" class="owner">${owner}</span>
            <span part="card-age">${s.age(days)}</span>
          </div>
          <div part="card-next" class="line meta next" data-activity=${acts.state}>${reason ? html`<span>${reason}</span>`
            : nextText ? html`<span>${nextText}</span>` : stage.kind === 'open' ? html`<span>${s.noNextActivity}</span>` : nothing}</div>
          ${fields.length > 0 ? html`
            <dl part="card-fields" class="fields">
              ${fields.map((f) => html`<div><dt>${data.fieldLabel(f)}</dt><dd>${this.#fieldText(deal, f)}</dd></div>`)}
            </dl>` : nothing}`}
      </li>`;
  }

  #fieldText(deal: Deal, field: string): string {
    const value = getPath(deal, field);
    const locale = this.host.formatLocale;
    if (value === undefined || value === null || value === '') return this.host.notAvailable;
    if (field === 'probability' && typeof value === 'number') return formatPercent(value, locale, 0);
    if (field === 'value' && typeof value === 'number') return this.host.data.money(value, deal.currency) ?? this.host.notAvailable;
    if (typeof value === 'number') return formatNumber(value, locale, 2);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return formatDate(value, locale);
    if (typeof value === 'boolean' || typeof value === 'string') return String(value);
    return this.host.notAvailable;
  }
}
