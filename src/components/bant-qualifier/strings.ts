/** Messages of `<bant-qualifier>` in English and Simplified Chinese. */
import type { BantCriterion, BantOutcome } from '../../core/bant.js';
import { Strings } from '../../internal/localize.js';

/** Every message the qualifier shows. Lists arrive as arrays and are joined per language. */
export interface BantQualifierStrings {
  /** The short name of each criterion. */
  criterion: Record<BantCriterion, string>;
  /** The default question asked for each criterion. */
  question: Record<BantCriterion, string>;
  /** The default hint under each question: what to ask and listen for. */
  guidance: Record<BantCriterion, string>;
  /** Labels of the built-in levels `yes`, `partial` and `no`. */
  level: Record<string, string>;
  /** Said after a level that disqualifies the lead on its own. */
  disqualifiesHint: string;
  noteLabel: (criterion: string) => string;
  outcomeHeading: string;
  outcome: Record<BantOutcome, string>;
  score: (percent: string) => string;
  threshold: (percent: string) => string;
  modelAll: string;
  unanswered: (criteria: string[]) => string;
  notMet: (criteria: string[]) => string;
  disqualifiedBy: (criteria: string[]) => string;
  allMet: string;
  /** What the live region says when the outcome or the missing criteria change. */
  announce: (outcome: string, detail: string) => string;
  /** The validation message of a required qualifier with unanswered criteria. */
  valueMissing: (criteria: string[]) => string;
  answerThis: string;
  configError: string;
}

export const enList = (items: string[]) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items);

const en: BantQualifierStrings = {
  criterion: { budget: 'Budget', authority: 'Authority', need: 'Need', timeline: 'Timeline' },
  question: {
    budget: 'Does the budget fit the offer?',
    authority: 'Can the contact make the buying decision?',
    need: 'Does the need match the product?',
    timeline: 'Does the timeline fit the sales cycle?',
  },
  guidance: {
    budget: 'Is money set aside for this, and is it in the range of the offer?',
    authority: 'Does this person sign off, or who else has to agree?',
    need: 'Which problem do they want solved, and does the product solve it?',
    timeline: 'When do they want to buy, and can a deal close by then?',
  },
  level: { yes: 'Yes', partial: 'Partly', no: 'No' },
  disqualifiesHint: '(disqualifies)',
  noteLabel: (criterion) => `Note on ${criterion.toLowerCase()}`,
  outcomeHeading: 'Outcome',
  outcome: { sql: 'Sales-qualified (SQL)', nurture: 'Nurture', disqualified: 'Disqualified' },
  score: (percent) => `Score ${percent}`,
  threshold: (percent) => `SQL from ${percent}`,
  modelAll: 'Every criterion must be met',
  unanswered: (c) => `Still to answer: ${enList(c)}.`,
  notMet: (c) => `Not met: ${enList(c)}.`,
  disqualifiedBy: (c) => `Disqualified by: ${enList(c)}.`,
  allMet: 'Every criterion is met.',
  announce: (outcome, detail) => (detail ? `${outcome}. ${detail}` : `${outcome}.`),
  valueMissing: (c) => `Answer every BANT question. Still to answer: ${enList(c)}.`,
  answerThis: 'Answer this question.',
  configError: 'Some qualifier settings are invalid; defaults are used for them:',
};

/** The qualifier's messages; add a locale with `bantQualifierStrings.add('de', { … })`. */
export const bantQualifierStrings = new Strings<BantQualifierStrings>('bant-qualifier', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
