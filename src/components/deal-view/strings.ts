/** The deal view's own messages (English; Chinese loads on first use). Field labels and problems: internal/draft-strings.ts. */
import type { DealStatus } from '../../core/model.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<deal-view>` and of the board's deal drawer. */
export interface DealViewStrings {
  /** Accessible name of the view: the deal's title. */
  view: (title: string) => string;
  status: Record<DealStatus, string>;
  lostBecause: (reason: string) => string;
  /** The details form. */
  details: string;
  saveChanges: string;
  discardChanges: string;
  saved: (title: string) => string;
  noChanges: string;
  otherReason: string;
  otherReasonText: string;
  noOwnerChoice: string;
  /** The link to the lead. */
  lead: string;
  openLead: (name: string) => string;
  noLead: string;
  /** Activities. */
  activities: string;
  noActivities: string;
  schedule: string;
  scheduleButton: string;
  scheduled: (subject: string, when: string) => string;
  markDone: (subject: string) => string;
  done: (subject: string) => string;
  reopened: (subject: string) => string;
  overdue: string;
  dueToday: string;
  doneOn: (when: string) => string;
  /** Notes. */
  notes: string;
  noteLabel: string;
  addNote: string;
  noteAdded: string;
  noNotes: string;
  noteRequired: string;
  /** Stage history. */
  history: string;
  visit: (stage: string, from: string, to: string | undefined, days: number) => string;
  /** A conflicting edit from elsewhere (HTTP 412): both versions, and a choice. */
  conflictTitle: string;
  conflictText: string;
  field: string;
  yours: string;
  theirs: string;
  keepMine: string;
  useTheirs: string;
  conflictSolved: string;
  /** A deal that could not be read. */
  notFound: (id: string) => string;
  close: string;
}

const en: DealViewStrings = {
  view: (title) => title,
  status: { open: 'Open', won: 'Won', lost: 'Lost' },
  lostBecause: (reason) => `Lost: ${reason}`,
  details: 'Details',
  saveChanges: 'Save changes',
  discardChanges: 'Discard changes',
  saved: (title) => `Saved ${title}.`,
  noChanges: 'Nothing changed.',
  otherReason: 'Other',
  otherReasonText: 'Describe the reason',
  noOwnerChoice: 'No owner',
  lead: 'Contact or lead',
  openLead: (name) => `Open lead ${name}`,
  noLead: 'No lead linked',
  activities: 'Activities',
  noActivities: 'No activities yet. Schedule the next step.',
  schedule: 'Schedule an activity',
  scheduleButton: 'Schedule activity',
  scheduled: (subject, when) => `Scheduled ${subject} for ${when}.`,
  markDone: (subject) => `Mark ${subject} as done`,
  done: (subject) => `${subject} done.`,
  reopened: (subject) => `${subject} is open again.`,
  overdue: 'Overdue',
  dueToday: 'Today',
  doneOn: (when) => `Done ${when}`,
  notes: 'Notes',
  noteLabel: 'New note',
  addNote: 'Add note',
  noteAdded: 'Note added.',
  noNotes: 'No notes yet.',
  noteRequired: 'Write the note first.',
  history: 'Stage history',
  visit: (stage, from, to, days) => `${stage}: ${from} – ${to ?? 'now'} (${days === 1 ? '1 day' : `${days} days`})`,
  conflictTitle: 'Changed elsewhere',
  conflictText: 'Someone else saved this deal after you opened it. Choose which version to keep.',
  field: 'Field',
  yours: 'Yours',
  theirs: 'Theirs',
  keepMine: 'Keep mine',
  useTheirs: 'Use theirs',
  conflictSolved: 'The deal is up to date again.',
  notFound: (id) => `There is no deal "${id}".`,
  close: 'Close',
};

/** The deal view's messages; add a locale with `dealViewStrings.add('de', {...})`. */
export const dealViewStrings = new Strings<DealViewStrings>('deal-view', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
