/**
 * Events about deals and activities that more than one element fires (the board, the deal view,
 * the BANT qualifier's conversion), typed once for `addEventListener`. Every one bubbles and
 * crosses shadow roots; in controlled use (records given as properties) they are how the host
 * learns what to apply, otherwise the change is stored already.
 */
import type { Activity, Deal, Lead } from '../core/model.js';

/** `deal-created`: a deal was made (on the board, or by converting a lead). */
export interface DealCreatedDetail {
  deal: Deal;
  /** When the deal came from converting a lead: the lead after conversion (status `converted`). */
  lead?: Lead;
}

/** `deal-updated`: fields of a deal were edited. */
export interface DealUpdatedDetail {
  /** The deal after the edit. */
  deal: Deal;
  /** The changed fields with their new values (`undefined` for a cleared field). */
  changes: Partial<Deal>;
}

/** `deal-deleted`: a deal was deleted (a Delete drop zone or a bulk delete). */
export interface DealDeletedDetail {
  deal: Deal;
}

/** `activity-created`: an activity was scheduled (or a note written) on a deal. */
export interface ActivityCreatedDetail {
  activity: Activity;
}

/** `activity-updated`: an activity was marked done or open again, or edited. */
export interface ActivityUpdatedDetail {
  activity: Activity;
  /** The changed fields with their new values. */
  changes: Partial<Activity>;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'deal-created': CustomEvent<DealCreatedDetail>;
    'deal-updated': CustomEvent<DealUpdatedDetail>;
    'deal-deleted': CustomEvent<DealDeletedDetail>;
    'activity-created': CustomEvent<ActivityCreatedDetail>;
    'activity-updated': CustomEvent<ActivityUpdatedDetail>;
  }
}
