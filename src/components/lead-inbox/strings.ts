/** `<lead-inbox>`'s own messages (English; Chinese loads on first use). Routing reasons: internal/handoff-strings.ts. */
import type { RejectRefusal } from '../../core/handoff.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<lead-inbox>`. */
export interface LeadInboxStrings {
  inboxTitle: string;
  poolTitle: string;
  /** The list's accessible name, with how many leads it holds. */
  listLabel: (title: string, count: number) => string;
  count: (n: number) => string;
  overdueCount: (n: number) => string;
  emptyInbox: string;
  emptyPool: string;
  noOwner: string;
  keyboardHint: string;
  /** Buttons: in English exactly Accept, Reject and Reassign (and Take, Assign in the pool). */
  accept: string;
  reject: string;
  reassign: string;
  take: string;
  assign: string;
  /** A row. */
  score: (score: string, grade: string | undefined) => string;
  from: (source: string) => string;
  routedAgo: (ago: string) => string;
  overdue: string;
  dueIn: (when: string) => string;
  notSent: string;
  /** Badge of a nurtured lead whose re-entry date has passed. */
  reentryDue: string;
  /** Changes made here that wait in the outbox (offline, or the server unreachable). */
  notSentCount: (n: number) => string;
  openLead: (name: string) => string;
  unnamed: string;
  more: (n: number) => string;
  /** The reject dialog. */
  rejectTitle: (name: string) => string;
  reasonLabel: string;
  reasonHelp: string;
  reentryLabel: string;
  reentryHelp: string;
  refusal: Record<RejectRefusal, string>;
  /** The reassign dialog. */
  reassignTitle: (name: string) => string;
  ownerLabel: string;
  chooseOwner: string;
  ownerRequired: string;
  /** Announcements. */
  accepted: (name: string, left: number) => string;
  rejected: (name: string, left: number) => string;
  reassigned: (name: string, owner: string) => string;
  shown: (n: number, total: number) => string;
  failed: (message: string) => string;
}

const leads = (n: number) => (n === 1 ? '1 lead' : `${n} leads`);

const en: LeadInboxStrings = {
  inboxTitle: 'Lead inbox',
  poolTitle: 'Lead pool',
  listLabel: (title, count) => `${title}, ${leads(count)}`,
  count: leads,
  overdueCount: (n) => `${n} overdue`,
  emptyInbox: 'No leads are waiting for you.',
  emptyPool: 'The pool is empty: every lead has an owner.',
  noOwner: 'Whose inbox? Set owner-id on the inbox, or user-id on its provider.',
  keyboardHint: 'Up and down arrows move between leads; A accepts, R rejects, O reassigns, Enter opens.',
  accept: 'Accept',
  reject: 'Reject',
  reassign: 'Reassign',
  take: 'Take',
  assign: 'Assign',
  score: (score, grade) => (grade ? `Score ${score} · ${grade}` : `Score ${score}`),
  from: (source) => `From ${source}`,
  routedAgo: (ago) => `Routed ${ago}`,
  overdue: 'Overdue',
  dueIn: (when) => `Due ${when}`,
  notSent: 'Not sent yet',
  reentryDue: 'Back for qualification',
  notSentCount: (n) => (n === 1 ? '1 change not sent yet: it goes out when the server can be reached.' : `${n} changes not sent yet: they go out when the server can be reached.`),
  openLead: (name) => `Open ${name}`,
  unnamed: 'Unnamed lead',
  more: (n) => `Show ${n} more`,
  rejectTitle: (name) => `Reject ${name}`,
  reasonLabel: 'Reason',
  reasonHelp: 'Why this lead is not for you now. It goes back to the pool with this reason.',
  reentryLabel: 'Back to routing on',
  reentryHelp: 'Optional. Without a date the lead waits in the pool until someone takes it.',
  refusal: {
    'reason-required': 'Give a reason.',
    'reason-too-long': 'Keep the reason under 500 characters.',
    'reentry-invalid': 'Enter a date, or leave it empty.',
    'reentry-past': 'Choose a date after today.',
  },
  reassignTitle: (name) => `Reassign ${name}`,
  ownerLabel: 'Owner',
  chooseOwner: 'Choose an owner',
  ownerRequired: 'Choose who gets the lead.',
  accepted: (name, left) => `Accepted ${name}. ${leads(left)} left.`,
  rejected: (name, left) => `Rejected ${name}; it is back in the pool. ${leads(left)} left.`,
  reassigned: (name, owner) => `${name} now goes to ${owner}.`,
  shown: (n, total) => `Showing ${n} of ${total}.`,
  failed: (message) => `Not saved: ${message}`,
};

/** The inbox's messages; add a locale with `leadInboxStrings.add('de', {...})`. */
export const leadInboxStrings = new Strings<LeadInboxStrings>('lead-inbox', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
