/**
 * The lazily loaded part of `<pipeline-board>`: everything that acts on deals, composed from one
 * controller per job (moving, dragging, the menu, the lost-reason question, drop zones, "Add deal",
 * selection and bulk actions, the filter bar, the deal drawer). The board loads it right after its
 * first render (one download per page) and gives it only a `MoveHost`.
 */
import { html, type TemplateResult } from 'lit';
import { lostReasonLabel } from '../../core/lost-reasons.js';
import type { Deal } from '../../core/model.js';
import { adoptAfter } from '../../internal/adopt-styles.js';
import { dialogStyles } from '../../internal/dialog.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { actionStyles } from './action-styles.js';
import { boardActionStrings } from './action-strings.js';
import { BulkActions } from './board-bulk.js';
import { CardDrag } from './board-drag.js';
import { BoardFilters } from './board-filters.js';
import type { BoardActionsApi, MoveHost } from './board-host.js';
import { MoveMenu } from './board-menu.js';
import { renderNotice, renderProblems } from './board-problems.js';
import { DealMoves } from './board-moves.js';
import { BoardWrites } from './board-writes.js';
import { CreateDeal } from './create-deal.js';
import { DealDrawer } from './deal-drawer.js';
import { DropZones } from './drop-zones.js';
import { LostDialog } from './lost-dialog.js';
import { boardStyles } from './pipeline-board.styles.js';

export { actionStyles } from './action-styles.js';

/** The message sections this part renders with (the board waits for them in its locale). */
export const ACTION_SECTIONS = [boardActionStrings, draftStrings];

/** Everything that acts on the deals of one board. */
export class BoardActions implements BoardActionsApi {
  readonly #moves: DealMoves;
  readonly #drag: CardDrag;
  readonly #menu: MoveMenu;
  readonly #lost: LostDialog;
  readonly #zones: DropZones;
  readonly #create: CreateDeal;
  readonly #bulk: BulkActions;
  readonly #filters: BoardFilters;
  readonly #drawer: DealDrawer;

  constructor(private readonly h: MoveHost) {
    const root = h.element.renderRoot;
    if (root instanceof ShadowRoot) {
      adoptAfter(root, dialogStyles, boardStyles);
      adoptAfter(root, actionStyles, dialogStyles);
    }
    const writes = new BoardWrites(h);
    this.#lost = new LostDialog(h);
    this.#moves = new DealMoves(h, writes, this.#lost);
    this.#drag = new CardDrag(h, this.#moves);
    this.#menu = new MoveMenu(h, this.#moves);
    this.#zones = new DropZones(h, this.#moves);
    this.#create = new CreateDeal(h, writes);
    this.#bulk = new BulkActions(h, writes, this.#moves, this.#lost);
    this.#filters = new BoardFilters(h);
    this.#drawer = new DealDrawer(h);
  }

  renderToolbar(): TemplateResult {
    return html`${this.#filters.render()}${this.#bulk.render()}`;
  }

  readonly reasonLabel = (reason: string): string => lostReasonLabel(reason, this.h.data.pipeline, this.h.localize.lang());

  renderProblems(): unknown {
    return renderProblems(this.h);
  }

  renderNotice(): unknown {
    return renderNotice(this.h);
  }

  renderOverlays(): TemplateResult {
    return html`${this.#zones.render()}${this.#drag.render()}${this.#menu.render()}${this.#lost.render()}${this.#create.render()}${this.#drawer.render()}`;
  }

  cardKeydown(e: KeyboardEvent, deal: Deal, card: HTMLElement): void {
    const { state } = this.h;
    const key = e.key;
    if (!state.moving && state.selecting && (key === ' ' || key === 'Spacebar')) {
      e.preventDefault();
      this.#bulk.toggle(deal, e.shiftKey);
      return;
    }
    if (this.#moves.keydown(e, deal)) return;
    if (key === 'Enter') {
      e.preventDefault();
      this.#open(deal, card);
    } else if (key === 'ContextMenu' || (key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const button = card.querySelector<HTMLElement>('button[data-action="menu"]');
      if (button) this.#menu.toggle(deal, button);
    }
  }

  cardPointerDown(e: PointerEvent, deal: Deal, card: HTMLElement): void {
    // Shift+click selects; it never starts a drag.
    if (e.shiftKey || this.h.state.selecting) return;
    this.#drag.press(e, deal, card);
  }

  cardClick(e: MouseEvent, action: string | undefined, deal: Deal, target: HTMLElement): void {
    if (this.#drag.drag.swallowClick()) return;
    const { state } = this.h;
    if (action === 'select' || (!action && (e.shiftKey || state.selecting))) {
      if (action === 'select') e.stopPropagation();
      this.#bulk.toggle(deal, e.shiftKey);
      return;
    }
    if (action === 'open') {
      if (e.shiftKey) this.#bulk.toggle(deal, true);
      else this.#open(deal, target);
    } else if (action === 'restore') this.#moves.restore(deal);
    else if (action === 'menu') this.#menu.toggle(deal, target);
  }

  cardBlur(deal: Deal): void {
    this.#moves.blur(deal);
  }

  addDeal(stageId: string, opener: HTMLElement): void {
    this.#create.open(stageId, opener);
  }

  openDeal(deal: Deal, opener: HTMLElement | null): void {
    this.#drawer.open(deal, opener);
  }

  endMove(): void {
    this.#drag.drag.end();
  }

  // The board fires `deal-opened` first: a host may show the deal its own way.
  #open(deal: Deal, opener: HTMLElement): void {
    this.h.open(deal, opener);
  }
}
