/**
 * Dragging cards with a pointer (mouse, pen, touch): the press, the ghost that stays under the
 * pointer where the card was grabbed, the column or drop zone under the pointer, and scrolling the
 * board and the column near their edges. Built on the shared DragController.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Deal } from '../../core/model.js';
import { DragController, placeGhost } from '../../internal/drag.js';
import type { MoveHost } from './board-host.js';
import type { DealMoves } from './board-moves.js';

const EDGE_PX = 48;
const MAX_SCROLL_STEP = 24;

/** Pointer drags on one board. */
export class CardDrag implements ReactiveController {
  readonly drag: DragController;

  constructor(private readonly h: MoveHost, private readonly moves: DealMoves) {
    h.element.addController(this);
    this.drag = new DragController(h.element, {
      start: (id) => this.moves.pickUp(id, 'pointer'),
      move: (x, y) => this.#moved(x, y),
      drop: (x, y) => {
        this.#track(x, y);
        this.moves.drop();
      },
      cancel: () => this.moves.cancel(),
      autoScroll: (x, y) => this.#autoScroll(x, y),
    });
  }

  // The ghost appears with the render after the drag started: put it under the pointer at once.
  hostUpdated(): void {
    const ghost = this.#ghost();
    if (ghost && ghost.dataset.placed !== '1') {
      ghost.dataset.placed = '1';
      placeGhost(ghost, this.drag.pointer.x, this.drag.pointer.y, this.drag.grab);
    }
  }

  /** A press on a card: it becomes a drag when the pointer moves far enough (on touch, after holding still). */
  press(e: PointerEvent, deal: Deal, card: HTMLElement): void {
    if (!e.isPrimary || e.button !== 0 || this.h.state.moving) return;
    if ((e.target as HTMLElement).closest('button[data-action="menu"],button[data-action="restore"],input')) return;
    this.h.state.activeId = deal.id;
    this.drag.press(e, deal.id, card);
  }

  #ghost(): HTMLElement | null {
    return this.h.element.renderRoot.querySelector<HTMLElement>('.ghost');
  }

  #moved(x: number, y: number): void {
    const ghost = this.#ghost();
    if (ghost?.dataset.placed === '1') placeGhost(ghost, x, y, this.drag.grab);
    this.#track(x, y);
  }

  /** The drag ghost: a copy of the card under the pointer. */
  render(): TemplateResult | typeof nothing {
    const { state, data } = this.h;
    const m = state.moving;
    const deal = m?.source === 'pointer' && this.drag.dragging ? data.model?.byId.get(m.id) : undefined;
    if (!deal) return nothing;
    return html`<div part="drag-ghost" class="ghost" aria-hidden="true" popover="manual">
      <span class="ghost-title">${deal.title}</span><span>${data.money(deal.value, deal.currency) ?? ''}</span></div>`;
  }

  /** The drop zone or the column and insertion index under the pointer. */
  #track(x: number, y: number): void {
    const { state, element, view } = this.h;
    const m = state.moving;
    if (!m || m.source !== 'pointer') return;
    const root = element.renderRoot;
    for (const zone of root.querySelectorAll<HTMLElement>('[data-zone]')) {
      const r = zone.getBoundingClientRect();
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) {
        this.moves.moveTarget(zone.dataset.zone!, 0);
        return;
      }
    }
    for (const column of root.querySelectorAll<HTMLElement>('.column')) {
      const r = column.getBoundingClientRect();
      if (x < r.left || x > r.right) continue;
      const body = column.querySelector<HTMLElement>('.column-body');
      const stage = column.dataset.stageId;
      if (!body || stage === undefined) return;
      const top = body.getBoundingClientRect().top;
      const pad = parseFloat(getComputedStyle(body).paddingTop) || 0;
      const offset = y - top - pad + body.scrollTop;
      const index = Math.floor((offset + view.rowH / 2) / view.rowH);
      this.moves.moveTarget(stage, Number.isFinite(index) ? index : 0);
      return;
    }
  }

  /** While dragging near an edge of the board or of a column, scrolls it, faster closer to the edge. */
  #autoScroll(x: number, y: number): boolean {
    const { element, state, view } = this.h;
    const speed = (distance: number) => Math.ceil(MAX_SCROLL_STEP * Math.min(1, (EDGE_PX - distance) / EDGE_PX));
    const board = element.renderRoot.querySelector<HTMLElement>('.board');
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
    const body = state.moving ? view.bodyOf(state.moving.to) : null;
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
    return scrolled;
  }
}
