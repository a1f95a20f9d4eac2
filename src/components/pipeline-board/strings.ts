/** The pipeline board's own messages, in English and Simplified Chinese. */
import type { ActivityState } from '../../core/activity.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<pipeline-board>`; numbers arrive both raw (for plurals) and formatted. */
export interface PipelineBoardStrings {
  /** Accessible name of the board: the pipeline's name. */
  board: (pipeline: string) => string;
  /** Accessible name of the toolbar. */
  filters: string;
  pipeline: string;
  search: string;
  owner: string;
  anyOwner: string;
  noOwner: string;
  minValue: string;
  maxValue: string;
  clearFilters: string;
  /** Deals shown after filtering, of all deals in the pipeline. */
  showing: (shown: number, total: number, shownText: string, totalText: string) => string;
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
  /** How to use a card from the keyboard (its description). */
  cardHint: string;
  moveTo: string;
  moveToLabel: (title: string) => string;
  restore: string;
  /** Keyboard and drag announcements. */
  pickedUp: (title: string, stage: string, position: number, size: number) => string;
  over: (title: string, stage: string, position: number, size: number) => string;
  moved: (title: string, stage: string, position: number, size: number) => string;
  cancelled: (title: string, stage: string, position: number, size: number) => string;
  vetoed: (title: string) => string;
  restored: (title: string, stage: string) => string;
  saveFailed: (title: string, error: string) => string;
  /** The lost-reason dialog. */
  lostTitle: (title: string) => string;
  lostReason: string;
  otherReason: string;
  otherReasonText: string;
  otherRequired: string;
  markLost: string;
  /** Problems with the data the board was given. */
  noPipeline: string;
  unknownPipeline: (id: string) => string;
  badPipeline: (details: string) => string;
  badDeals: (n: number, details: string) => string;
  strayDeals: (n: number, stages: string) => string;
  loadFailed: (error: string) => string;
  /** Labels of deal fields named in `card-fields` and in policy messages. */
  fields: Record<string, string>;
}

const en: PipelineBoardStrings = {
  board: (pipeline) => `${pipeline}: deal board`,
  filters: 'Filter deals',
  pipeline: 'Pipeline',
  search: 'Search deals',
  owner: 'Owner',
  anyOwner: 'All owners',
  noOwner: 'No owner',
  minValue: 'Minimum value',
  maxValue: 'Maximum value',
  clearFilters: 'Clear filters',
  showing: (shown, total, shownText, totalText) => (shown === total
    ? (total === 1 ? '1 deal' : `${totalText} deals`)
    : `Showing ${shownText} of ${totalText} deals`),
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
  moveTo: 'Move to…',
  moveToLabel: (title) => `Move ${title} to…`,
  restore: 'Restore',
  pickedUp: (title, stage, position, size) =>
    `Picked up ${title}, in ${stage}, position ${position} of ${size}. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`,
  over: (title, stage, position, size) => `${title}: ${stage}, position ${position} of ${size}.`,
  moved: (title, stage, position, size) => `Moved ${title} to ${stage}, position ${position} of ${size}.`,
  cancelled: (title, stage, position, size) => `Move cancelled. ${title} is back in ${stage}, position ${position} of ${size}.`,
  vetoed: (title) => `${title} was not moved.`,
  restored: (title, stage) => `Restored ${title} to ${stage}.`,
  saveFailed: (title, error) => `The move of ${title} could not be saved: ${error}`,
  lostTitle: (title) => `Why was ${title} lost?`,
  lostReason: 'Reason',
  otherReason: 'Other',
  otherReasonText: 'Describe the reason',
  otherRequired: 'Describe the reason in a few words.',
  markLost: 'Mark as lost',
  noPipeline: 'There is no pipeline to show yet.',
  unknownPipeline: (id) => `There is no pipeline "${id}".`,
  badPipeline: (details) => `This pipeline has problems, so only its valid stages are shown: ${details}`,
  badDeals: (n, details) => `${n === 1 ? '1 deal' : `${n} deals`} could not be shown: ${details}`,
  strayDeals: (n, stages) => `${n === 1 ? '1 deal is' : `${n} deals are`} in a stage this pipeline does not have (${stages}).`,
  loadFailed: (error) => `The deals could not be loaded: ${error}`,
  fields: {
    title: 'Title', value: 'Value', ownerId: 'Owner', expectedClose: 'Expected close', probability: 'Probability',
    leadId: 'Lead', lostReason: 'Lost reason', createdAt: 'Created', updatedAt: 'Updated', lastActivityAt: 'Last activity',
    closedAt: 'Closed', currency: 'Currency',
  },
};

/** The board's messages; add a locale with `pipelineBoardStrings.add('de', {...})`. */
export const pipelineBoardStrings = new Strings<PipelineBoardStrings>('pipeline-board', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
