/** The pipeline board's own messages, in English and Simplified Chinese. */
import type { ActivityState } from '../../core/activity.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<pipeline-board>`; numbers arrive both raw (for plurals) and formatted. */
export interface PipelineBoardStrings {
  /** Accessible name of the board: the pipeline's name. */
  board: (pipeline: string) => string;
  noOwner: string;
  /** Deals in a column. */
  count: (n: number, text: string) => string;
  weighted: string;
  /** Explains the weighted figure (title of the header's weighted value). */
  weightedHint: string;
  /** Accessible name of a column's list of cards. */
  column: (stage: string, count: string) => string;
  emptyColumn: string;
  /** Days in the current stage (full and compact). */
  age: (days: number) => string;
  ageShort: (days: number) => string;
  /** The rotting marker and its explanation. */
  rotting: string;
  rottingHint: (days: number) => string;
  activity: Record<ActivityState, string>;
  /** The card's value, owner and age read as one phrase. */
  cardLabel: (parts: string[]) => string;
  /** How to use a card from the keyboard (its description), and in selection mode. */
  cardHint: string;
  cardHintSelecting: string;
  /** A column's button that creates a deal in it (its accessible name). */
  addDeal: string;
  /** A card whose deal has no open activity (Pipedrive's warning). */
  noNextActivity: string;
  /** Kinds of activity, as a card names one without a subject. */
  activityTypes: Record<string, string>;
  /** Said of a selected card, and the name of its checkbox. */
  selected: string;
  selectDeal: (title: string) => string;
  moveTo: string;
  restore: string;
  /** Problems with the data the board was given. */
  noPipeline: string;
  /** Labels of deal fields named in `card-fields` and in policy messages. */
  fields: Record<string, string>;
}

const en: PipelineBoardStrings = {
  board: (pipeline) => `${pipeline}: deal board`,
  noOwner: 'No owner',
  count: (n, text) => (n === 1 ? '1 deal' : `${text} deals`),
  weighted: 'Weighted',
  weightedHint: 'Value times win probability',
  column: (stage, count) => `${stage}, ${count}`,
  emptyColumn: 'No deals',
  age: (days) => (days === 1 ? '1 day in stage' : `${days} days in stage`),
  ageShort: (days) => `${days} d`,
  rotting: 'Rotting',
  rottingHint: (days) => (days === 1 ? 'No activity for more than 1 day' : `No activity for more than ${days} days`),
  activity: {
    overdue: 'Activity overdue',
    today: 'Activity due today',
    planned: 'Activity planned',
    none: 'No activity planned',
  },
  cardLabel: (parts) => parts.join(', '),
  cardHint: 'Press Space to move, Enter to open.',
  cardHintSelecting: 'Press Space to select, Enter to open.',
  addDeal: 'Add deal',
  noNextActivity: 'No next activity',
  activityTypes: { call: 'Call', meeting: 'Meeting', task: 'Task', email: 'E-mail', deadline: 'Deadline', note: 'Note' },
  selected: 'selected',
  selectDeal: (title) => `Select ${title}`,
  moveTo: 'Move to…',
  restore: 'Restore',
  noPipeline: 'There is no pipeline to show yet.',
  fields: {
    title: 'Title', value: 'Value', ownerId: 'Owner', expectedClose: 'Expected close', probability: 'Probability',
    leadId: 'Lead', lostReason: 'Lost reason', createdAt: 'Created', updatedAt: 'Updated', lastActivityAt: 'Last activity',
    closedAt: 'Closed', currency: 'Currency',
  },
};

/** The board's messages; add a locale with `pipelineBoardStrings.add('de', {...})`. */
export const pipelineBoardStrings = new Strings<PipelineBoardStrings>('pipeline-board', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
