/** The events `<pipeline-board>` fires, typed for `addEventListener` (deal and activity events: internal/deal-events.ts). */
import type { Deal } from '../../core/model.js';

export type {
  ActivityCreatedDetail, ActivityUpdatedDetail, DealCreatedDetail, DealDeletedDetail, DealUpdatedDetail,
} from '../../internal/deal-events.js';

/** How a move was made: dragged, by keyboard, with the "Move to…" menu, restored, several at once, or undone. */
export const MOVE_SOURCES = ['pointer', 'keyboard', 'menu', 'restore', 'bulk', 'undo'] as const;
export type MoveSource = (typeof MOVE_SOURCES)[number];

/** `deal-move` (cancelable, before) and `deal-moved` (after). */
export interface DealMoveDetail {
  /** `deal-move`: the deal as it is; `deal-moved`: the deal after the move, with its stage history. */
  deal: Deal;
  /** The stage id the deal leaves (equal to `to` when it only changes place in its column). */
  from: string;
  /** The stage id the deal enters. */
  to: string;
  /** Its position in the target column after the move, from 0. */
  index: number;
  /** How the user moved it. */
  source: MoveSource;
}

/** `deal-opened`: the user asked to open a deal (Enter, double-click, or a click on its title). */
export interface DealOpenedDetail {
  deal: Deal;
}

/** `pipeline-selected`: the user switched the board to another pipeline. */
export interface PipelineSelectedDetail {
  pipelineId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'deal-move': CustomEvent<DealMoveDetail>;
    'deal-moved': CustomEvent<DealMoveDetail>;
    'deal-opened': CustomEvent<DealOpenedDetail>;
    'pipeline-selected': CustomEvent<PipelineSelectedDetail>;
  }
}
