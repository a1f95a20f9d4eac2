/** Messages of `<bant-qualifier>` about a stored lead (with `lead-id`): loaded with bant-lead.ts. */
import { Strings } from '../../internal/localize.js';
import { enList } from './strings.js';

/** What the qualifier says about the lead it qualifies and the actions on it. */
export interface BantLeadStrings {
  leadLoading: string;
  leadNotFound: (id: string) => string;
  lastQualified: (date: string, outcome: string) => string;
  save: string;
  saved: (status: string) => string;
  savedAnswers: string;
  convertHeading: string;
  pipelineLabel: string;
  valueLabel: string;
  convert: string;
  converted: (title: string, stage: string, pipeline: string) => string;
  noPipeline: string;
  pipelineSkipped: (name: string, problem: string) => string;
  valueInvalid: string;
  notReady: string;
  nurtureHeading: string;
  reasonLabel: string;
  reasonRequired: string;
  reentryLabel: string;
  reentryInvalid: string;
  nurture: string;
  nurtured: (date: string) => string;
  /** The reason offered by default when a lead goes to nurture. */
  defaultReason: (criteria: string[]) => string;
  actionFailed: (message: string) => string;
  untitledDeal: string;
}

const en: BantLeadStrings = {
  leadLoading: 'Loading the lead…',
  leadNotFound: (id) => `There is no lead with the id “${id}”.`,
  lastQualified: (date, outcome) => `Last qualified ${date}: ${outcome}`,
  save: 'Save qualification',
  saved: (status) => `Qualification saved. The lead is now “${status}”.`,
  savedAnswers: 'Qualification saved. Answer every question to set the lead’s status.',
  convertHeading: 'Convert to deal',
  pipelineLabel: 'Pipeline',
  valueLabel: 'Deal value',
  convert: 'Convert to deal',
  converted: (title, stage, pipeline) => `Converted: the deal “${title}” is in ${stage} of ${pipeline}.`,
  noPipeline: 'There is no pipeline with an open stage to create the deal in.',
  pipelineSkipped: (name, problem) => `Pipeline “${name}” cannot be used: ${problem}`,
  valueInvalid: 'Enter a value of 0 or more, or leave it empty.',
  notReady: 'Not ready yet? Send to nurture',
  nurtureHeading: 'Send to nurture',
  reasonLabel: 'Reason',
  reasonRequired: 'Say why the lead is not ready.',
  reentryLabel: 'Look at it again on',
  reentryInvalid: 'Choose a date after today.',
  nurture: 'Move to nurture',
  nurtured: (date) => `The lead is in nurture until ${date}.`,
  defaultReason: (c) => `Not ready: ${enList(c)} not met.`,
  actionFailed: (message) => `That did not work: ${message}`,
  untitledDeal: 'New deal',
};

/** The lead panel's messages; `.strings` on the element overrides them like every other message. */
export const bantLeadStrings = new Strings<BantLeadStrings>('bant-qualifier-lead', { en, 'zh-CN': () => import('./lead-strings.zh-CN.js') });
