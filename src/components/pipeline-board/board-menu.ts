/**
 * The "Move to…" menu of a card: every other stage, with the reason a stage is refused under the
 * pipeline's policy. A popover (the top layer) at the card's button; arrow keys rove, Escape and
 * Tab close it and give focus back to the button.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Deal } from '../../core/model.js';
import { canMove, stageLabel } from '../../core/stages.js';
import { RovingFocus } from '../../internal/roving-focus.js';
import { setStyle } from '../../internal/set-style.js';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import type { DealMoves } from './board-moves.js';

/** The "Move to…" menu of one board. */
export class MoveMenu implements ReactiveController {
  readonly #roving = new RovingFocus(() => this.#items(), { orientation: 'vertical', wrap: true });

  constructor(private readonly h: MoveHost, private readonly moves: DealMoves) {
    h.element.addController(this);
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.#onOutside, true);
  }

  // Shows the popover and focuses the first item once the menu has rendered for a deal.
  hostUpdated(): void {
    const el = this.h.element.renderRoot.querySelector<HTMLElement>('.menu');
    if (!el || el.dataset.shownFor === this.h.state.menu?.id) return;
    el.dataset.shownFor = this.h.state.menu?.id ?? '';
    try {
      el.showPopover();
    } catch { /* already shown or unsupported: the fixed position still works */ }
    this.#roving.focus(0);
  }

  /** Opens the menu of `deal` at its button, or closes it when it is open. */
  toggle(deal: Deal, button: HTMLElement): void {
    const state = this.h.state;
    if (state.menu?.id === deal.id) {
      this.close(true);
      return;
    }
    const r = button.getBoundingClientRect();
    const up = r.bottom + 320 > window.innerHeight && r.top > window.innerHeight / 2;
    state.menu = { id: deal.id, x: Math.max(4, Math.min(r.left, window.innerWidth - 240)), y: up ? r.top - 4 : r.bottom + 4, up };
    state.activeId = deal.id;
    document.addEventListener('pointerdown', this.#onOutside, true);
  }

  /** Closes the menu, giving focus back to its button when `returnFocus`. */
  close(returnFocus: boolean): void {
    const state = this.h.state;
    const id = state.menu?.id;
    state.menu = undefined;
    document.removeEventListener('pointerdown', this.#onOutside, true);
    if (returnFocus && id) void this.h.element.updateComplete.then(() => this.#button(id)?.focus());
  }

  #button(id: string): HTMLElement | null {
    return this.h.element.renderRoot.querySelector<HTMLElement>(`.card[data-deal-id="${CSS.escape(id)}"] button[data-action="menu"]`);
  }

  #items(): HTMLElement[] {
    return [...this.h.element.renderRoot.querySelectorAll<HTMLElement>('.menu [role="menuitem"]')];
  }

  readonly #onOutside = (e: PointerEvent): void => {
    const path = e.composedPath();
    const menu = this.h.element.renderRoot.querySelector('.menu');
    if (menu && path.includes(menu)) return;
    // A press on the menu's own button toggles it through the click that follows.
    const id = this.h.state.menu?.id;
    const button = id ? this.#button(id) : null;
    if (button && path.includes(button)) return;
    this.close(false);
  };

  render(): TemplateResult | typeof nothing {
    const { state, data } = this.h;
    const menu = state.menu;
    const deal = menu ? data.model?.byId.get(menu.id) : undefined;
    const pipeline = data.pipeline;
    if (!menu || !deal || !pipeline) return nothing;
    const lang = this.h.localize.lang();
    const s = this.h.localize.section(boardActionStrings);
    return html`
      <div part="menu" class="menu" role="menu" aria-label=${s.moveToLabel(deal.title)} popover="manual"
        ${setStyle(menu.up ? { left: `${menu.x}px`, bottom: `${window.innerHeight - menu.y}px` } : { left: `${menu.x}px`, top: `${menu.y}px` })}
        @keydown=${this.#onKeydown}>
        ${pipeline.stages.filter((st) => st.id !== deal.stageId).map((st) => {
          const why = this.moves.refusalText(canMove(deal, st.id, pipeline, 'x'));
          return html`
            <button part="menu-item" role="menuitem" type="button" tabindex="-1" data-stage-id=${st.id}
              aria-disabled=${why ? 'true' : 'false'} @click=${this.#onItem}>
              ${stageLabel(st, lang)}${why ? html`<span class="why">${why}</span>` : nothing}
            </button>`;
        })}
      </div>`;
  }

  readonly #onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
      return;
    }
    this.#roving.keydown(e);
  };

  readonly #onItem = (e: MouseEvent): void => {
    const { state, data } = this.h;
    const item = e.currentTarget as HTMLElement;
    const to = item.dataset.stageId;
    const deal = state.menu ? data.model?.byId.get(state.menu.id) : undefined;
    const pipeline = data.pipeline;
    if (!to || !deal || !pipeline) return;
    if (item.getAttribute('aria-disabled') === 'true') {
      this.close(true);
      this.moves.refuse(canMove(deal, to, pipeline, 'x'));
      return;
    }
    this.close(false);
    state.refocus = deal.id;
    void this.moves.commit(deal, to, 0, 'menu');
  };
}
