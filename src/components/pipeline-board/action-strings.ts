/**
 * Messages of the board's lazily loaded part (board-actions.ts): the filter bar, moving and closing
 * deals, the lost-reason question, "Add deal", selection and bulk actions. English here; Chinese
 * loads with it. A vendor language: `boardActionStrings.add('de', {...})` beside `pipelineBoardStrings`.
 */
import { Strings } from '../../internal/localize.js';

/** Every message of the board's actions. */
export interface BoardActionStrings {
  /** The filter bar: its accessible name, the button that shows it on a narrow board, its fields. */
  filters: string;
  filtersButton: string;
  pipeline: string;
  search: string;
  owner: string;
  anyOwner: string;
  minValue: string;
  maxValue: string;
  clearFilters: string;
  showClosed: string;
  select: string;
  /** Deals shown after filtering, of all deals in the pipeline. */
  showing: (shown: number, total: number, shownText: string, totalText: string) => string;
  moveToLabel: (title: string) => string;
  /** Keyboard and drag announcements. */
  pickedUp: (title: string, stage: string, position: number, size: number) => string;
  over: (title: string, stage: string, position: number, size: number) => string;
  overZone: (title: string, zone: string) => string;
  moved: (title: string, stage: string, position: number, size: number) => string;
  closed: (title: string, stage: string) => string;
  cancelled: (title: string, stage: string, position: number, size: number) => string;
  vetoed: (title: string) => string;
  restored: (title: string, stage: string) => string;
  saveFailed: (title: string, error: string) => string;
  /** Drop zones while a deal moves: the bar's name and the Delete zone. */
  dropZones: string;
  deleteZone: string;
  deleted: (n: number, title: string) => string;
  /** The lost-reason dialog (for one deal, or several). */
  lostTitle: (title: string) => string;
  lostTitleMany: (n: number) => string;
  lostReason: string;
  otherReason: string;
  otherReasonText: string;
  otherRequired: string;
  markLost: string;
  /** The "Add deal" dialog. */
  createTitle: (stage: string) => string;
  createButton: string;
  noOwnerChoice: string;
  noLeadChoice: string;
  created: (title: string, stage: string) => string;
  /** Selection and bulk actions. */
  selectedCount: (n: number, text: string) => string;
  bulkActions: string;
  bulkMoveTo: string;
  bulkMove: string;
  bulkOwner: string;
  bulkAssign: string;
  bulkDelete: string;
  clearSelection: string;
  chooseStage: string;
  chooseOwner: string;
  bulkMoved: (n: number, stage: string) => string;
  bulkAssigned: (n: number, owner: string) => string;
  bulkRefused: (n: number) => string;
  undone: string;
  /** Puts back what the last action changed. */
  undo: string;
  /** Problems with the data the board was given. */
  unknownPipeline: (id: string) => string;
  badPipeline: (details: string) => string;
  badDeals: (n: number, details: string) => string;
  strayDeals: (n: number, stages: string) => string;
  loadFailed: (error: string) => string;
  /** The deal drawer's accessible name. */
  drawer: (title: string) => string;
}

const deals = (n: number) => (n === 1 ? '1 deal' : `${n} deals`);

const en: BoardActionStrings = {
  filters: 'Filter deals',
  filtersButton: 'Filters',
  pipeline: 'Pipeline',
  search: 'Search deals',
  owner: 'Owner',
  anyOwner: 'All owners',
  minValue: 'Minimum value',
  maxValue: 'Maximum value',
  clearFilters: 'Clear filters',
  showClosed: 'Show won and lost',
  select: 'Select',
  showing: (shown, total, shownText, totalText) => (shown === total
    ? (total === 1 ? '1 deal' : `${totalText} deals`)
    : `Showing ${shownText} of ${totalText} deals`),
  moveToLabel: (title) => `Move ${title} to…`,
  pickedUp: (title, stage, position, size) =>
    `Picked up ${title}, in ${stage}, position ${position} of ${size}. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`,
  over: (title, stage, position, size) => `${title}: ${stage}, position ${position} of ${size}.`,
  overZone: (title, zone) => `${title}: ${zone}.`,
  moved: (title, stage, position, size) => `Moved ${title} to ${stage}, position ${position} of ${size}.`,
  closed: (title, stage) => `${title}: ${stage}.`,
  cancelled: (title, stage, position, size) => `Move cancelled. ${title} is back in ${stage}, position ${position} of ${size}.`,
  vetoed: (title) => `${title} was not moved.`,
  restored: (title, stage) => `Restored ${title} to ${stage}.`,
  saveFailed: (title, error) => `The change to ${title} could not be saved: ${error}`,
  dropZones: 'Close or delete',
  deleteZone: 'Delete',
  deleted: (n, title) => (n === 1 ? `Deleted ${title}.` : `Deleted ${deals(n)}.`),
  lostTitle: (title) => `Why was ${title} lost?`,
  lostTitleMany: (n) => `Why were ${deals(n)} lost?`,
  lostReason: 'Reason',
  otherReason: 'Other',
  otherReasonText: 'Describe the reason',
  otherRequired: 'Describe the reason in a few words.',
  markLost: 'Mark as lost',
  createTitle: (stage) => `Add a deal to ${stage}`,
  createButton: 'Add deal',
  noOwnerChoice: 'No owner',
  noLeadChoice: 'None',
  created: (title, stage) => `Added ${title} to ${stage}.`,
  selectedCount: (n, text) => (n === 1 ? '1 deal selected' : `${text} deals selected`),
  bulkActions: 'Selected deals',
  bulkMoveTo: 'Move to',
  bulkMove: 'Move',
  bulkOwner: 'Owner',
  bulkAssign: 'Assign',
  bulkDelete: 'Delete',
  clearSelection: 'Clear selection',
  chooseStage: 'Choose a stage',
  chooseOwner: 'Choose an owner',
  bulkMoved: (n, stage) => `Moved ${deals(n)} to ${stage}.`,
  bulkAssigned: (n, owner) => `Assigned ${deals(n)} to ${owner}.`,
  bulkRefused: (n) => `${n === 1 ? '1 deal was' : `${n} deals were`} left where they were because the pipeline does not allow the move.`,
  undone: 'Undone.',
  undo: 'Undo',
  drawer: (title) => title,
  unknownPipeline: (id) => `There is no pipeline "${id}".`,
  badPipeline: (details) => `This pipeline has problems, so only its valid stages are shown: ${details}`,
  badDeals: (n, details) => `${n === 1 ? '1 deal' : `${n} deals`} could not be shown: ${details}`,
  strayDeals: (n, stages) => `${n === 1 ? '1 deal is' : `${n} deals are`} in a stage this pipeline does not have (${stages}).`,
  loadFailed: (error) => `The deals could not be loaded: ${error}`,
};

/** The messages of the board's actions. */
export const boardActionStrings = new Strings<BoardActionStrings>('pipeline-board-actions', { en, 'zh-CN': () => import('./action-strings.zh-CN.js') });
