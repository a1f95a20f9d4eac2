/**
 * Messages the hand-off elements share (`<lead-inbox>`, `<routing-editor>`, `<campaign-report>`):
 * why a lead went where it did, and why it waits in the pool. English here; Chinese loads on use.
 */
import type { LeadRejection, LeadRouting } from '../core/handoff.js';
import { Strings } from './localize.js';

/** Why a lead went to its owner, in a few words, and why it waits in the pool. */
export interface HandoffStrings {
  /** `routing.reason` with the rule, team and person it names (already display names). */
  routed: (routing: Pick<LeadRouting, 'reason'>, names: { rule?: string | undefined; team?: string | undefined; by?: string | undefined }) => string;
  /** `routing.trigger` when it is not the lead's arrival. */
  rerouted: { sla: (from: string) => string; reentry: string };
  /** A lead in the pool. */
  poolRejected: (rejection: Pick<LeadRejection, 'reason'>, by: string | undefined) => string;
  poolUnassigned: string;
  /** When a pooled lead comes back to routing. */
  backOn: (date: string) => string;
  /** Nobody: a lead without an owner. */
  nobody: string;
}

const en: HandoffStrings = {
  routed: ({ reason }, { rule, team, by }) => {
    switch (reason) {
      case 'rule-owner': return rule ? `Rule “${rule}”` : 'A rule';
      case 'round-robin': return team ? `Round robin in ${team}${rule ? ` (rule “${rule}”)` : ''}` : 'Round robin';
      case 'default': return 'Default owner: no rule matched';
      case 'unassigned': return 'No rule, team or default owner took it';
      case 'returning': return 'Returning contact: same owner as before';
      case 'given': return 'Added with this owner';
      case 'reassigned': return by ? `Reassigned by ${by}` : 'Reassigned';
      default: return String(reason);
    }
  },
  rerouted: { sla: (from) => `taken from ${from} after the SLA`, reentry: 'back from the pool' },
  poolRejected: ({ reason }, by) => (by ? `Rejected by ${by}: ${reason}` : `Rejected: ${reason}`),
  poolUnassigned: 'Not assigned: no rule, team or default owner took it',
  backOn: (date) => `back to routing on ${date}`,
  nobody: 'Nobody',
};

/** The hand-off messages; add a locale with `handoffStrings.add('de', {...})`. */
export const handoffStrings = new Strings<HandoffStrings>('handoff', { en, 'zh-CN': () => import('./handoff-strings.zh-CN.js') });
