/**
 * The board's cards answer clicks, keys, presses and focus through one listener of each kind on
 * the board, passed on to the lazily loaded part. Input that arrives before that part has loaded is
 * not lost: keys wait and are played in order, a press that is still held becomes a drag, a click
 * on "Add deal" opens the form once it is here.
 */
import type { Deal } from '../../core/model.js';
import type { BoardData } from './board-data.js';
import type { BoardActionsApi, BoardElement } from './board-host.js';
import type { BoardState } from './board-state.js';

// The keys a card answers to (board-moves.ts, board-actions.ts).
const CARD_KEYS = new Set([' ', 'Spacebar', 'Enter', 'ContextMenu', 'F10', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/** What the listeners need from the board. */
export interface CardEventsHost {
  readonly element: BoardElement;
  readonly data: BoardData;
  readonly state: BoardState;
  /** The lazy part, once attached. */
  readonly actions: BoardActionsApi | undefined;
  /** Loads and attaches the lazy part; resolves when it is (or the download failed). */
  requestActions(): Promise<void>;
  /** Opens a deal (`deal-opened`, then the drawer). */
  open(deal: Deal, opener: HTMLElement | null): void;
}

/** Listens to the cards of one board. */
export class CardEvents {
  /** Keys pressed on a card before the lazy part arrived, replayed in order once it has. */
  readonly #earlyKeys: { id: string; key: string; shiftKey: boolean }[] = [];

  constructor(private readonly h: CardEventsHost) {}

  /** Adds the listeners to the board's render root (once, after the first render). */
  listen(root: HTMLElement | DocumentFragment): void {
    root.addEventListener('click', this.#onClick as EventListener);
    root.addEventListener('dblclick', this.#onDblClick as EventListener);
    root.addEventListener('keydown', this.#onKeydown as EventListener);
    root.addEventListener('pointerdown', this.#onPointerDown as EventListener);
    root.addEventListener('focusin', this.#onFocusIn as EventListener);
    root.addEventListener('focusout', this.#onFocusOut as EventListener);
  }

  #cardOf(e: Event): { el: HTMLElement; deal: Deal } | undefined {
    const el = (e.target as HTMLElement | null)?.closest?.<HTMLElement>('.card');
    const id = el?.dataset.dealId;
    const deal = id ? this.h.data.model?.byId.get(id) : undefined;
    return el && deal ? { el, deal } : undefined;
  }

  readonly #onClick = (e: MouseEvent): void => {
    const target = e.target as HTMLElement;
    const add = target.closest<HTMLElement>('[data-action="add"]');
    if (add) {
      void this.h.requestActions().then(() => this.h.actions?.addDeal(add.dataset.stageId ?? '', add));
      return;
    }
    const card = this.#cardOf(e);
    if (!card) return;
    const button = target.closest<HTMLElement>('[data-action]');
    const action = button?.dataset.action;
    const actions = this.h.actions;
    if (actions) actions.cardClick(e, action, card.deal, button ?? card.el);
    else if (action === 'open') this.h.open(card.deal, button);
    else if (action) void this.h.requestActions().then(() => this.h.actions?.cardClick(e, action, card.deal, button!));
  };

  readonly #onDblClick = (e: MouseEvent): void => {
    const card = this.#cardOf(e);
    if (!card || (e.target as HTMLElement).closest('button[data-action="menu"],button[data-action="restore"],input')) return;
    this.h.open(card.deal, card.el);
  };

  readonly #onFocusIn = (e: FocusEvent): void => {
    const card = this.#cardOf(e);
    if (card && e.target === card.el) this.h.state.activeId = card.deal.id;
  };

  // Leaving a card while moving it by keyboard (a click elsewhere) cancels the move.
  readonly #onFocusOut = (e: FocusEvent): void => {
    const card = this.#cardOf(e);
    if (card && e.target === card.el) this.h.actions?.cardBlur(card.deal);
  };

  readonly #onKeydown = (e: KeyboardEvent): void => {
    const card = this.#cardOf(e);
    if (!card || e.target !== card.el || e.altKey || e.ctrlKey || e.metaKey) return;
    const actions = this.h.actions;
    if (actions && this.#earlyKeys.length === 0) {
      actions.cardKeydown(e, card.deal, card.el);
      return;
    }
    // A quick keyboard user can be ahead of the download: the keys wait for it instead of being lost.
    if (!CARD_KEYS.has(e.key) || (e.key === 'F10' && !e.shiftKey)) return;
    e.preventDefault();
    this.#earlyKeys.push({ id: card.deal.id, key: e.key, shiftKey: e.shiftKey });
    if (this.#earlyKeys.length === 1) void this.h.requestActions().then(() => this.#replayKeys());
  };

  async #replayKeys(): Promise<void> {
    const { element } = this.h;
    while (this.#earlyKeys.length > 0) {
      await element.updateComplete;
      const { id, key, shiftKey } = this.#earlyKeys[0]!;
      const el = element.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"]`);
      const deal = this.h.data.model?.byId.get(id);
      const actions = this.h.actions;
      // Only while the card still has the focus the keys were pressed in (and the download succeeded).
      if (!actions || !el || !deal || (element.renderRoot as ShadowRoot).activeElement !== el) break;
      actions.cardKeydown(new KeyboardEvent('keydown', { key, shiftKey, cancelable: true }), deal, el);
      this.#earlyKeys.shift();
    }
    this.#earlyKeys.length = 0;
  }

  readonly #onPointerDown = (e: PointerEvent): void => {
    const card = this.#cardOf(e);
    if (!card) return;
    const actions = this.h.actions;
    if (actions) {
      actions.cardPointerDown(e, card.deal, card.el);
      return;
    }
    // A press that starts before the download becomes a drag all the same if it is still held then.
    let released = false;
    const up = (u: PointerEvent) => { if (u.pointerId === e.pointerId) released = true; };
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    void this.h.requestActions().then(() => {
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      if (!released && card.el.isConnected) this.h.actions?.cardPointerDown(e, card.deal, card.el);
    });
  };
}
