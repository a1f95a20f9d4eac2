/** Events of `<lead-capture-form>`: plain-data details, registered on GlobalEventHandlersEventMap (so listeners on the element, document and window are typed). */
import type { Lead } from '../../core/model.js';

/** `lead-submitted`: the lead is stored locally (IndexedDB, or the REST adapter's cache and outbox). */
export interface LeadSubmittedDetail {
  lead: Lead;
}

/** `lead-synced`: the server accepted the lead (REST storage only). */
export interface LeadSyncedDetail {
  lead: Lead;
}

/** Why the server refused a lead for good. */
export interface LeadFailure {
  /**
   * `rejected` (a 4xx other than 401, 403, 408, 425 and 429), `conflict` (a newer version is on the
   * server) or `failed` (the server kept failing: the same error, such as a 500, several times in a row).
   */
  reason: 'rejected' | 'conflict' | 'failed';
  /** The HTTP status, when there was one. */
  status?: number;
  /** The server's problem+json document, if any. */
  problem?: unknown;
  /** For `failed`: how many attempts in a row got that answer. */
  attempts?: number;
}

/** `lead-failed`: the server refused the lead for good; it stays in the outbox's dead-letter list. */
export interface LeadFailedDetail {
  lead: Lead;
  error: LeadFailure;
}

/** `form-step-changed`: a multi-step form moved to another step (numbers are 1-based). */
export interface FormStepChangedDetail {
  from: number;
  to: number;
  total: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lead-submitted': CustomEvent<LeadSubmittedDetail>;
    'lead-synced': CustomEvent<LeadSyncedDetail>;
    'lead-failed': CustomEvent<LeadFailedDetail>;
    'form-step-changed': CustomEvent<FormStepChangedDetail>;
  }
}
