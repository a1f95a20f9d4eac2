/** The events `<lead-inbox>` fires, typed for `addEventListener`. */
import type { Lead } from '../../core/model.js';

/** `lead-accepted`: the owner accepted a lead (status `sql`, `acceptedAt`); stored, or in controlled use for the host to store. */
export interface LeadAcceptedDetail {
  lead: Lead;
}

/** `lead-rejected`: a lead went back to the pool with a reason (and a date to come back to routing, if given). */
export interface LeadRejectedDetail {
  lead: Lead;
  reason: string;
  reentryAt?: string;
}

/** `lead-reassigned`: a lead went to another owner (`from` is absent for a lead taken from the pool). */
export interface LeadReassignedDetail {
  lead: Lead;
  from?: string;
  to: string;
}

/** `lead-opened`: the user asked to open a lead (its name, or Enter on its row). */
export interface LeadOpenedDetail {
  lead: Lead;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lead-accepted': CustomEvent<LeadAcceptedDetail>;
    'lead-rejected': CustomEvent<LeadRejectedDetail>;
    'lead-reassigned': CustomEvent<LeadReassignedDetail>;
    'lead-opened': CustomEvent<LeadOpenedDetail>;
  }
}
