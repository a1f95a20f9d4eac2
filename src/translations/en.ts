import type { Translation } from './translation.js';

const list = (items: string[] = []) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items);

/** English messages. */
const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',

  close: 'Close',
  cancel: 'Cancel',
  save: 'Save',
  retry: 'Retry',
  discard: 'Discard',
  loading: 'Loading…',
  required: 'required',
  optional: 'optional',
  notAvailable: '—',

  leadStatus: {
    new: 'New',
    nurturing: 'Nurturing',
    mql: 'Marketing qualified',
    sql: 'Sales qualified',
    disqualified: 'Disqualified',
    converted: 'Converted',
  },
  dealStatus: { open: 'Open', won: 'Won', lost: 'Lost' },
  moveRefused: (reason, { from, to, fields }) => {
    switch (reason) {
      case 'unknown-stage': return `There is no stage "${to ?? ''}" in this pipeline.`;
      case 'same-stage': return `The deal is already in ${to ?? 'this stage'}.`;
      case 'skip-not-allowed': return `This pipeline does not allow skipping stages: move from ${from ?? 'the start'} to the next stage first.`;
      case 'backward-not-allowed': return `This pipeline does not allow moving back from ${from ?? 'this stage'} to ${to ?? 'an earlier stage'}.`;
      case 'missing-fields': return `Fill in ${list(fields)} before moving to ${to ?? 'this stage'}.`;
      case 'lost-reason-required': return 'Choose why the deal was lost.';
    }
  },

  storageBlocked: 'The database is being upgraded but another tab still has it open. Close the other tabs of this site and try again.',
  storageUnavailable: 'This browser does not allow saving data here (private mode or storage turned off).',
  storageQuota: 'The browser storage for this site is full. Free some space and try again.',

  deals: (n) => (n === 1 ? '1 deal' : `${n} deals`),
  leads: (n) => (n === 1 ? '1 lead' : `${n} leads`),
  days: (n) => (n === 1 ? '1 day' : `${n} days`),
};

export default en;
