/**
 * What `<pipeline-board>` lends the part of it that is downloaded after the first render
 * (board-actions.ts: moving, closing, creating, selecting, the filter bar, the deal drawer). The
 * board builds one `MoveHost` object over its private state; the lazy part sees nothing else of it.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Activity, Deal } from '../../core/model.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { Repository } from '../../storage/types.js';
import type { BoardData } from './board-data.js';
import type { BoardFilter } from './board-model.js';
import type { BoardState } from './board-state.js';
import type { BoardView } from './board-view.js';
import type { PipelineBoardStrings } from './strings.js';

/** The detail type of event `K`. */
export type DetailOf<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** The board element as its lazy part uses it: to add controllers and to find what it rendered. */
export type BoardElement = ReactiveControllerHost & HTMLElement & {
  readonly renderRoot: HTMLElement | DocumentFragment;
};

/** The narrow view of a board that its lazily loaded part works through. */
export interface MoveHost {
  readonly element: BoardElement;
  readonly data: BoardData;
  readonly state: BoardState;
  readonly view: Pick<BoardView, 'rowH' | 'bodyOf' | 'revealSlot' | 'columns' | 'resetScroll'>;
  readonly localize: LocalizeController;
  /** The board's messages in its locale. */
  readonly strings: PipelineBoardStrings;
  /** The locale Intl formats with. */
  readonly formatLocale: string;
  readonly filter: BoardFilter;
  /** Won and lost stages shown as columns (else they are drop zones while a deal moves). */
  readonly showClosed: boolean;
  /** The Delete drop zone and bulk delete are offered. */
  readonly allowDelete: boolean;
  readonly owners: Record<string, string> | undefined;
  /** The board is narrower than 600px: the filters fold behind one button. */
  readonly narrow: boolean;
  /** The repository, or undefined in controlled use (then every change is an event for the host to apply). */
  readonly repository: Repository | undefined;
  /** The present in ms (the board's `.now`, else the clock). */
  now(): number;
  announce(text: string): void;
  /** Fires an event from the board; false when a listener cancelled it. */
  emit<K extends keyof HTMLElementEventMap>(name: K, detail: DetailOf<K>, cancelable?: boolean): boolean;
  setFilter(filter: BoardFilter): void;
  setShowClosed(on: boolean): void;
  selectPipeline(id: string): void;
  /** Opens a deal as a click on its title does: `deal-opened`, then (unless cancelled) the drawer. */
  open(deal: Deal, opener: HTMLElement | null): void;
  /** Activities given as `.activities` (controlled use), else undefined: read them from the repository. */
  readonly activities: Activity[] | undefined;
  /** Focuses a deal's card, scrolling it into view. */
  focusDeal(id: string): Promise<void>;
}

/** What the board asks of its lazy part once it has arrived. */
export interface BoardActionsApi {
  /** The filter bar (search, owner, value, pipeline switch, the closed-deals switch, selection). */
  renderToolbar(): unknown;
  /** The message about the last action (a refusal, a failure, or what was done with its Undo). */
  renderNotice(): unknown;
  /** A lost deal's reason (an id of the pipeline, or old text) in the reader's language. */
  reasonLabel(reason: string): string;
  /** Problems with the pipeline or the deals given (beyond loading and "no pipeline"). */
  renderProblems(): unknown;
  /** What shows over the board: the bulk bar, drop zones, the drag ghost, the menu and the dialogs. */
  renderOverlays(): unknown;
  cardKeydown(e: KeyboardEvent, deal: Deal, card: HTMLElement): void;
  cardPointerDown(e: PointerEvent, deal: Deal, card: HTMLElement): void;
  /** A click on a card or one of its buttons (`data-action`: open, restore, menu, select). */
  cardClick(e: MouseEvent, action: string | undefined, deal: Deal, target: HTMLElement): void;
  /** A card lost focus (a keyboard move ends when focus leaves its card). */
  cardBlur(deal: Deal): void;
  /** Opens the "Add deal" form for a stage. */
  addDeal(stageId: string, opener: HTMLElement): void;
  /** Shows a deal in the board's drawer. */
  openDeal(deal: Deal, opener: HTMLElement | null): void;
  /** The deal being moved is gone (deleted elsewhere, filtered out): the move ends. */
  endMove(): void;
}
