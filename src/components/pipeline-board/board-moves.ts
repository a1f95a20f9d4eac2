/**
 * The lazily loaded half of `<pipeline-board>`: everything that moves a deal. Picking up and moving
 * by keyboard, pointer drag (mouse, pen, touch) with auto-scroll, the "Move to…" menu, the
 * lost-reason dialog, and the move itself (policy, `deal-move`/`deal-moved`, the write); with it
 * comes the filter bar (board-filters.ts). The first paint of a board shows columns and cards
 * only, so the board loads this module right after its first render (`updateComplete` waits for
 * it), well before a person can reach a card.
 */
import { css, html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Deal } from '../../core/model.js';
import { canMove, firstOpenStage, lastOpenStageId, moveDeal, stageLabel, type MoveCheck } from '../../core/stages.js';
import type { LocalizeController } from '../../internal/localize.js';
import { rankAt, renumber } from './board-model.js';
import type { DealMoveDetail, MoveSource } from './events.js';
import type { Moving, PipelineBoard } from './pipeline-board.js';
import { boardStyles } from './pipeline-board.styles.js';
import { setStyle } from '../../internal/set-style.js';
import { adoptAfter } from '../../internal/adopt-styles.js';

export { BoardFilters } from './board-filters.js';

const DRAG_THRESHOLD_PX = 5;
const TOUCH_HOLD_MS = 350;
const EDGE_PX = 48;
const MAX_SCROLL_STEP = 24;
const OTHER = '\u0000other';

/** What the board lends its moving half beyond its own members: its protected helpers. */
export interface BoardAccess {
  localize: LocalizeController;
  /** Fires `deal-move` (cancelable) or `deal-moved`; false when a listener cancelled it. */
  emit: (name: 'deal-move' | 'deal-moved', detail: DealMoveDetail) => boolean;
}

/** A press on a card that may become a drag. */
interface Press {
  id: string;
  pointerId: number;
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

/** Styles of the filter bar and of what only moving shows: lifted card, placeholder, ghost, menu, dialog. */
export const movesStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_l2c-space-3);
    margin: 0;
  }
  .toolbar label {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    font-size: 0.85em;
    color: var(--_l2c-text-muted);
  }
  .toolbar input,
  .toolbar select {
    color: var(--_l2c-text);
    font-size: var(--_l2c-font-size);
  }
  .toolbar .search {
    inline-size: 16em;
  }
  .toolbar .money {
    inline-size: 8em;
  }
  .toolbar .count {
    margin: 0 0 var(--_l2c-space-2) auto;
  }

  .column.target {
    border-color: var(--_l2c-color-primary);
    box-shadow: inset 0 0 0 1px var(--_l2c-color-primary);
  }
  .card.lifted {
    opacity: 0.55;
    border-style: dashed;
    box-shadow: none;
  }
  .card.lifted.keyboard {
    opacity: 1;
    border-style: solid;
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .placeholder {
    display: flex;
    align-items: center;
    padding: 0 var(--_l2c-space-3);
    border: 2px dashed var(--_l2c-color-primary);
    background: var(--_l2c-surface);
    color: var(--_l2c-text-muted);
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  .ghost {
    position: fixed;
    inset-block-start: 0;
    inset-inline-start: 0;
    z-index: 10;
    inline-size: var(--_column-width);
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-color-primary);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    box-shadow: var(--_l2c-shadow);
    pointer-events: none;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    rotate: 2deg;
  }

  .menu {
    position: fixed;
    inset: auto;
    margin: 0;
    z-index: 20;
    min-inline-size: 14em;
    max-block-size: 60vh;
    overflow-y: auto;
    padding: var(--_l2c-space-1);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    box-shadow: var(--_l2c-shadow);
    font: inherit;
  }
  .menu [role='menuitem'] {
    display: block;
    inline-size: 100%;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 0;
    border-radius: var(--_l2c-radius);
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .menu [role='menuitem']:hover,
  .menu [role='menuitem']:focus-visible {
    background: var(--_l2c-surface-alt);
  }
  .menu [aria-disabled='true'] {
    color: var(--_l2c-text-muted);
    cursor: not-allowed;
  }
  .menu .why {
    display: block;
    font-size: 0.8em;
    white-space: normal;
  }

  dialog {
    inline-size: min(28em, 92vw);
    padding: var(--_l2c-space-5);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    box-shadow: var(--_l2c-shadow);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog h2 {
    margin: 0 0 var(--_l2c-space-4);
    font-size: 1.15em;
  }
  dialog fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  dialog legend {
    padding: 0;
    margin-block-end: var(--_l2c-space-2);
    font-weight: 600;
  }
  dialog .choice {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
    padding-block: var(--_l2c-space-1);
  }
  dialog .other {
    margin-block-start: var(--_l2c-space-2);
  }
  dialog .buttons {
    display: flex;
    justify-content: flex-end;
    gap: var(--_l2c-space-2);
    margin-block-start: var(--_l2c-space-5);
  }
  dialog .error {
    margin: var(--_l2c-space-2) 0 0;
  }

  @media (prefers-reduced-motion: reduce) {
    .ghost {
      rotate: none;
    }
  }
`;

/**
 * Moves the deals of one board. Created by the board once this module has loaded.
 * @internal
 */
export class BoardMoves implements ReactiveController {
  private press: Press | undefined;
  private pointer = { x: 0, y: 0 };
  private autoScrollFrame = 0;
  private suppressClick = false;
  private menuFocus = 0;
  private lost: LostRequest | undefined;
  private lostChoice = '';
  private lostOther = '';
  private lostError = '';

  constructor(private readonly b: PipelineBoard, private readonly access: BoardAccess) {
    b.addController(this);
    if (b.renderRoot instanceof ShadowRoot) adoptAfter(b.renderRoot, movesStyles, boardStyles);
  }

  hostDisconnected(): void {
    this.endPress();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  /** Opens or closes the menu and the dialog as the last render left them (after each update). */
  sync(): void {
    this.syncMenu();
    this.syncDialog();
  }

  private get localize(): LocalizeController {
    return this.access.localize;
  }

  /** Whether a pointer drag is under way (the board then draws the ghost). */
  get dragging(): boolean {
    return !!this.press?.dragging;
  }

  /** Whether the lost-reason dialog is open. */
  get asking(): boolean {
    return !!this.lost;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering: the ghost, the menu and the dialog

  render(): TemplateResult {
    return html`
      ${this.renderMenu()}
      ${this.renderDialog()}
      ${this.b.moving?.source === 'pointer' && this.press?.dragging ? this.renderGhost() : nothing}`;
  }

  private renderGhost(): TemplateResult | typeof nothing {
    const b = this.b;
    const deal = b.moving ? b.model?.byId.get(b.moving.id) : undefined;
    if (!deal) return nothing;
    return html`<div part="drag-ghost" class="ghost" aria-hidden="true"
      ${setStyle({ transform: `translate(${this.pointer.x + 8}px, ${this.pointer.y + 8}px)` })}>${deal.title} · ${b.money(deal.value, deal.currency)}</div>`;
  }

  private renderMenu(): TemplateResult | typeof nothing {
    const b = this.b;
    const menu = b.menu;
    const deal = menu ? b.model?.byId.get(menu.id) : undefined;
    const pipeline = b.current?.pipeline;
    if (!menu || !deal || !pipeline) return nothing;
    const items = pipeline.stages.filter((st) => st.id !== deal.stageId);
    const lang = this.localize.lang();
    return html`
      <div part="menu" class="menu" role="menu" aria-label=${b.s.moveToLabel(deal.title)} popover="manual"
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
    const b = this.b;
    const s = b.s;
    const req = this.lost;
    const deal = req ? b.model?.byId.get(req.id) : undefined;
    const reasons = b.current?.pipeline?.lostReasons ?? [];
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

  // ------------------------------------------------------------------------------------------
  // Messages

  private refusalText(check: MoveCheck): string | undefined {
    if (check.ok || check.reason === 'lost-reason-required') return undefined;
    const b = this.b;
    return this.localize.term('moveRefused')(check.reason, {
      ...(check.from ? { from: b.stageName(check.from) } : {}),
      ...(check.to ? { to: b.stageName(check.to) } : {}),
      ...(check.missingFields ? { fields: check.missingFields.map((f) => b.fieldLabel(f)) } : {}),
    });
  }

  private refuse(check: MoveCheck): void {
    const text = this.refusalText(check);
    if (!text) return;
    this.b.notice = { text, kind: 'refusal' };
    this.b.announce(text);
  }

  /** Announces that the move of `deal` was cancelled, with where it is now. */
  private sayCancelled(deal: Deal, stageId: string, index: number, size: number): void {
    this.b.announce(this.b.s.cancelled(deal.title, this.b.stageName(stageId), index + 1, size));
  }

  // ------------------------------------------------------------------------------------------
  // Moving

  /** Position and column size as announced for a move target. */
  private targetPlace(m: Moving): { position: number; size: number } {
    const n = this.b.column(m.to).length;
    return { position: m.index + 1, size: m.to === m.from ? n : n + 1 };
  }

  private pickUp(id: string, source: Moving['source']): boolean {
    const b = this.b;
    const place = b.placeOf(id);
    const deal = b.model?.byId.get(id);
    if (!place || !deal) return false;
    b.menu = undefined;
    b.notice = undefined;
    b.moving = { id, from: place.stage, fromIndex: place.index, to: place.stage, index: place.index, source };
    if (source === 'keyboard') b.announce(b.s.pickedUp(deal.title, b.stageName(place.stage), place.index + 1, place.size));
    return true;
  }

  private moveTarget(to: string, index: number): void {
    const b = this.b;
    const m = b.moving;
    const deal = m ? b.model?.byId.get(m.id) : undefined;
    if (!m || !deal) return;
    const max = b.column(to).length - (to === m.from ? 1 : 0);
    const next = { ...m, to, index: Math.max(0, Math.min(index, max)) };
    if (next.to === m.to && next.index === m.index) return;
    b.moving = next;
    if (m.source === 'keyboard') {
      const { position, size } = this.targetPlace(next);
      const why = next.to !== m.from ? this.refusalText(canMove(deal, next.to, b.current!.pipeline!, 'x')) : undefined;
      b.announce(`${b.s.over(deal.title, b.stageName(next.to), position, size)}${why ? ` ${why}` : ''}`);
      b.revealSlot(next.to, next.index);
    }
  }

  /** Ends a move without moving; announced unless `announce` is false. */
  cancelMove(announce = true): void {
    const b = this.b;
    const m = b.moving;
    if (!m) return;
    b.moving = undefined;
    const deal = b.model?.byId.get(m.id);
    if (announce && deal) this.sayCancelled(deal, m.from, m.fromIndex, b.column(m.from).length);
  }

  private dropMove(): void {
    const b = this.b;
    const m = b.moving;
    if (!m) return;
    b.moving = undefined;
    const deal = b.model?.byId.get(m.id);
    if (!deal) return;
    if (m.to === m.from && m.index === m.fromIndex) {
      this.sayCancelled(deal, m.from, m.fromIndex, b.column(m.from).length);
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
    const b = this.b;
    const pipeline = b.current?.pipeline;
    if (!pipeline) return false;
    const s = b.s;
    const from = deal.stageId;
    const target = b.column(to).filter((d) => d.id !== deal.id);
    const at = Math.max(0, Math.min(index, target.length));
    let rank = rankAt(target, at);
    let others: Deal[] = [];
    if (rank === undefined) {
      const ranks = renumber(target, at, deal);
      rank = ranks.get(deal.id) ?? at;
      others = target.filter((d) => ranks.has(d.id)).map((d) => ({ ...d, rank: ranks.get(d.id)! }));
    }
    let next: Deal;
    const now = b.now === undefined ? Date.now() : b.nowMs;
    if (from === to) {
      next = { ...deal, rank, updatedAt: new Date(now).toISOString() };
    } else {
      const result = moveDeal(deal, to, pipeline, { now, rank, ...(lostReason ? { lostReason } : {}) });
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
    if (!this.access.emit('deal-move', detail)) {
      b.announce(s.vetoed(deal.title));
      return false;
    }
    b.notice = undefined;
    b.activeId = deal.id;
    b.refocus = deal.id;
    const stage = b.stageName(to);
    const size = target.length + 1;
    const said = source === 'restore' ? s.restored(deal.title, stage) : s.moved(deal.title, stage, at + 1, size);
    if (b.controlled) {
      this.access.emit('deal-moved', { ...detail, deal: next });
      b.announce(said);
      return true;
    }
    const repo = b.repository;
    if (!repo) return false;
    for (const d of [next, ...others]) b.pending.set(d.id, { deal: d, settled: false });
    b.pendingVersion++;
    b.announce(said);
    try {
      await repo.deals.put(next);
      if (others.length > 0) await repo.deals.putMany(others);
      for (const d of [next, ...others]) {
        const p = b.pending.get(d.id);
        if (p?.deal === d) p.settled = true;
      }
      this.access.emit('deal-moved', { ...detail, deal: next });
      return true;
    } catch (error) {
      for (const d of [next, ...others]) if (b.pending.get(d.id)?.deal === d) b.pending.delete(d.id);
      b.pendingVersion++;
      const text = s.saveFailed(deal.title, b.errorText(error));
      b.notice = { text, kind: 'error' };
      b.announce(text);
      return false;
    }
  }

  private restore(deal: Deal): void {
    const pipeline = this.b.current?.pipeline;
    if (!pipeline) return;
    const to = lastOpenStageId(deal, pipeline) ?? firstOpenStage(pipeline)?.id;
    if (to) void this.commitMove(deal, to, 0, 'restore');
  }

  // ------------------------------------------------------------------------------------------
  // Cards: clicks, keys, focus

  /** A click on one of a card's buttons (`data-action`: open, restore, menu). */
  cardClick(action: string | undefined, deal: Deal, button: HTMLElement): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    if (action === 'open') this.b.open(deal);
    else if (action === 'restore') this.restore(deal);
    else if (action === 'menu') this.toggleMenu(deal, button);
  }

  // Leaving a card while moving it by keyboard (a click elsewhere) cancels the move.
  cardBlur(deal: Deal): void {
    const b = this.b;
    const m = b.moving;
    if (!m || m.source !== 'keyboard' || m.id !== deal.id) return;
    requestAnimationFrame(() => {
      const el = b.renderRoot.querySelector(`.card[data-deal-id="${CSS.escape(m.id)}"]`);
      const focused = (b.renderRoot as ShadowRoot).activeElement;
      if (b.moving === m && focused !== el && !this.lost) this.cancelMove();
    });
  }

  cardKeydown(e: KeyboardEvent, deal: Deal, card: HTMLElement): void {
    const b = this.b;
    const m = b.moving;
    const key = e.key;
    const rtl = this.localize.dir() === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const stages = b.current?.pipeline?.stages ?? [];
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
      b.open(deal);
    } else if (key === 'ContextMenu' || (key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const button = card.querySelector<HTMLElement>('button[data-action="menu"]');
      if (button) this.toggleMenu(deal, button);
    } else if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(key)) {
      e.preventDefault();
      this.navigate(deal, key, forward);
    }
  }

  /** Roving focus between cards: up and down a column, across to the nearest card of the next column. */
  private navigate(deal: Deal, key: string, forward: string): void {
    const b = this.b;
    const place = b.placeOf(deal.id);
    if (!place) return;
    const column = b.column(place.stage);
    let target: Deal | undefined;
    if (key === 'ArrowUp') target = column[place.index - 1];
    else if (key === 'ArrowDown') target = column[place.index + 1];
    else if (key === 'Home') target = column[0];
    else if (key === 'End') target = column[column.length - 1];
    else {
      const stages = b.current?.pipeline?.stages ?? [];
      const step = key === forward ? 1 : -1;
      for (let i = stages.findIndex((st) => st.id === place.stage) + step; i >= 0 && i < stages.length; i += step) {
        const other = b.column(stages[i]!.id);
        if (other.length > 0) {
          target = other[Math.min(place.index, other.length - 1)];
          break;
        }
      }
    }
    if (target) void b.focusDeal(target.id);
  }

  // ------------------------------------------------------------------------------------------
  // Pointer drag (mouse, pen and touch through Pointer Events)

  cardPointerDown(e: PointerEvent, deal: Deal): void {
    const b = this.b;
    if (!e.isPrimary || e.button !== 0 || b.moving) return;
    const target = e.target as HTMLElement;
    if (target.closest('button[data-action="menu"],button[data-action="restore"]')) return;
    this.endPress();
    b.activeId = deal.id;
    const press: Press = {
      id: deal.id, pointerId: e.pointerId, x: e.clientX, y: e.clientY,
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
  }

  private onPointerMove = (e: PointerEvent): void => {
    const press = this.press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.pointer = { x: e.clientX, y: e.clientY };
    if (!press.dragging) {
      const far = Math.hypot(e.clientX - press.x, e.clientY - press.y) > DRAG_THRESHOLD_PX;
      if (!far) return;
      // Moved before the hold completed: the finger is scrolling, not dragging.
      if (!press.held || !this.pickUp(press.id, 'pointer')) {
        this.endPress();
        return;
      }
      press.dragging = true;
      this.autoScroll();
    }
    e.preventDefault();
    const ghost = this.b.renderRoot.querySelector<HTMLElement>('.ghost');
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

  /** Forgets a press or drag and its listeners. */
  endPress(): void {
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
    const b = this.b;
    const m = b.moving;
    if (!m || m.source !== 'pointer') return;
    const { x, y } = this.pointer;
    for (const column of b.renderRoot.querySelectorAll<HTMLElement>('.column')) {
      const r = column.getBoundingClientRect();
      if (x < r.left || x > r.right) continue;
      const body = column.querySelector<HTMLElement>('.column-body');
      const stage = column.dataset.stageId;
      if (!body || stage === undefined) return;
      const top = body.getBoundingClientRect().top;
      const pad = parseFloat(getComputedStyle(body).paddingTop) || 0;
      const offset = y - top - pad + body.scrollTop;
      const index = Math.floor((offset + b.rowH / 2) / b.rowH);
      this.moveTarget(stage, Number.isFinite(index) ? index : 0);
      return;
    }
  }

  /** While dragging near an edge of the board or of a column, scrolls it, faster closer to the edge. */
  private autoScroll = (): void => {
    if (!this.press?.dragging) return;
    const b = this.b;
    const { x, y } = this.pointer;
    const speed = (distance: number) => Math.ceil(MAX_SCROLL_STEP * Math.min(1, (EDGE_PX - distance) / EDGE_PX));
    const board = b.renderRoot.querySelector<HTMLElement>('.board');
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
    const body = b.moving ? b.bodyOf(b.moving.to) : null;
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

  private toggleMenu(deal: Deal, button: HTMLElement): void {
    const b = this.b;
    if (b.menu?.id === deal.id) {
      this.closeMenu(true);
      return;
    }
    const r = button.getBoundingClientRect();
    const up = r.bottom + 320 > window.innerHeight && r.top > window.innerHeight / 2;
    b.menu = { id: deal.id, x: Math.max(4, Math.min(r.left, window.innerWidth - 240)), y: up ? r.top - 4 : r.bottom + 4, up };
    b.activeId = deal.id;
    this.menuFocus = 0;
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
  }

  private menuButton(id: string): HTMLElement | null {
    return this.b.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"] button[data-action="menu"]`);
  }

  private closeMenu(returnFocus: boolean): void {
    const b = this.b;
    const id = b.menu?.id;
    b.menu = undefined;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    if (returnFocus && id) void b.updateComplete.then(() => this.menuButton(id)?.focus());
  }

  private onOutsidePointer = (e: PointerEvent): void => {
    const menu = this.b.renderRoot.querySelector('.menu');
    const path = e.composedPath();
    if (menu && path.includes(menu)) return;
    // A press on the menu's own button toggles it through the click that follows.
    const id = this.b.menu?.id;
    const button = id ? this.menuButton(id) : null;
    if (button && path.includes(button)) return;
    this.closeMenu(false);
  };

  private syncMenu(): void {
    const el = this.b.renderRoot.querySelector<HTMLElement>('.menu');
    if (!el) return;
    if (el.dataset.shownFor !== this.b.menu?.id) {
      el.dataset.shownFor = this.b.menu?.id ?? '';
      try {
        (el as HTMLElement & { showPopover?: () => void }).showPopover?.();
      } catch { /* already shown or unsupported: the fixed position still works */ }
      this.menuItems()[this.menuFocus]?.focus();
    }
  }

  private menuItems(): HTMLElement[] {
    return [...this.b.renderRoot.querySelectorAll<HTMLElement>('.menu [role="menuitem"]')];
  }

  private onMenuKeydown = (e: KeyboardEvent): void => {
    const items = this.menuItems();
    const i = items.indexOf(this.b.renderRoot.querySelector<HTMLElement>('.menu [role="menuitem"]:focus') ?? items[0]!);
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
    const b = this.b;
    const item = e.currentTarget as HTMLElement;
    const to = item.dataset.stageId;
    const deal = b.menu ? b.model?.byId.get(b.menu.id) : undefined;
    const pipeline = b.current?.pipeline;
    if (!to || !deal || !pipeline) return;
    if (item.getAttribute('aria-disabled') === 'true') {
      this.closeMenu(true);
      this.refuse(canMove(deal, to, pipeline, 'x'));
      return;
    }
    this.closeMenu(false);
    b.refocus = deal.id;
    void this.commitMove(deal, to, 0, 'menu');
  };

  // ------------------------------------------------------------------------------------------
  // The lost-reason dialog

  private openLost(req: LostRequest): void {
    this.lost = req;
    this.lostChoice = '';
    this.lostOther = '';
    this.lostError = '';
    this.b.requestUpdate();
  }

  private closeLost(): void {
    this.lost = undefined;
    this.b.requestUpdate();
  }

  private dialog(): HTMLDialogElement | null {
    return this.b.renderRoot.querySelector('dialog');
  }

  private syncDialog(): void {
    const dialog = this.dialog();
    if (!dialog) return;
    if (this.lost && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('input')?.focus();
    } else if (!this.lost && dialog.open) {
      dialog.close();
    }
  }

  private focusInDialog(selector: string): void {
    void this.b.updateComplete.then(() => this.dialog()?.querySelector<HTMLElement>(selector)?.focus());
  }

  private onLostChoice = (e: Event): void => {
    this.lostChoice = (e.target as HTMLInputElement).value;
    this.lostError = '';
    this.b.requestUpdate();
    if (this.lostChoice === OTHER) this.focusInDialog('input[name="lost-other"]');
  };

  private onLostOther = (e: Event): void => {
    this.lostOther = (e.target as HTMLInputElement).value;
    if (this.lostOther.trim()) this.lostError = '';
    this.b.requestUpdate();
  };

  private onLostSubmit = (e: Event): void => {
    e.preventDefault();
    const b = this.b;
    const req = this.lost;
    const deal = req ? b.model?.byId.get(req.id) : undefined;
    if (!req || !deal) {
      this.closeLost();
      return;
    }
    const reasons = b.current?.pipeline?.lostReasons ?? [];
    const other = reasons.length === 0 || this.lostChoice === OTHER;
    const reason = other ? this.lostOther.trim() : this.lostChoice;
    if (!reason) {
      this.lostError = other ? b.s.otherRequired : this.localize.term('moveRefused')('lost-reason-required', {});
      b.announce(this.lostError);
      this.focusInDialog(other ? 'input[name="lost-other"]' : 'input[type="radio"]');
      return;
    }
    this.closeLost();
    void this.commitMove(deal, req.to, req.index, req.source, reason);
  };

  private cancelLost = (): void => {
    const b = this.b;
    const req = this.lost;
    if (!req) return;
    this.closeLost();
    const deal = b.model?.byId.get(req.id);
    if (deal) {
      const place = b.placeOf(deal.id);
      this.sayCancelled(deal, deal.stageId, place?.index ?? 0, place?.size ?? 1);
    }
    b.refocus = req.id;
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
    const root = this.b.renderRoot;
    const active = root instanceof ShadowRoot ? root.activeElement : document.activeElement;
    if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    } else if (e.shiftKey && (active === first || (first === tabRadio && radios.includes(active as HTMLInputElement)))) {
      e.preventDefault();
      last?.focus();
    }
  };
}
