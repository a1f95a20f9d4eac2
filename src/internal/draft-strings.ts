/**
 * Messages of the deal and activity forms that the board's "Add deal" form and the deal view share:
 * field labels, activity kinds, and the field problems the core reports as codes
 * (core/drafts.ts). English here; other languages load on first use.
 */
import type { FieldProblemCode } from '../core/drafts.js';
import { Strings } from './localize.js';

/** Every message of the deal and activity forms. */
export interface DraftStrings {
  /** Labels of deal and activity fields by field name (`title`, `value`, `dueAt`, …). */
  fields: Record<string, string>;
  /** Kinds of activity by id (`call`, `meeting`, `task`, `email`, `deadline`). */
  activityTypes: Record<string, string>;
  /** What is wrong with a field, naming it: `label` is the field's label. */
  problem: (code: FieldProblemCode, label: string, max?: number) => string;
  /** Heading of the list of problems above a form. */
  problems: (n: number) => string;
  /** A write that storage refused: the draft is kept. */
  saveFailed: (reason: string) => string;
  /** Marks a required field (visually; screen readers hear `required` from the input). */
  requiredMark: string;
}

const en: DraftStrings = {
  fields: {
    title: 'Title', value: 'Value', currency: 'Currency', expectedClose: 'Expected close', ownerId: 'Owner', leadId: 'Contact or lead',
    probability: 'Probability (%)', stageId: 'Stage', lostReason: 'Lost reason', type: 'Type', subject: 'Subject', dueAt: 'Due',
    dueTime: 'Time', note: 'Note',
  },
  activityTypes: { call: 'Call', meeting: 'Meeting', task: 'Task', email: 'E-mail', deadline: 'Deadline' },
  problem: (code, label, max) => {
    switch (code) {
      case 'required': return `${label} is required.`;
      case 'too-long': return `${label} can be at most ${max ?? 200} characters long.`;
      case 'not-a-number': return `${label} must be a number, such as 12500 or 12,500.50.`;
      case 'negative': return `${label} cannot be negative.`;
      case 'not-a-probability': return `${label} must be between 0 and 100.`;
      case 'bad-date': return `${label} must be a date, such as 2026-12-31.`;
      case 'bad-currency': return `${label} must be a 3-letter currency code, such as USD or EUR.`;
      case 'bad-type': return `${label} is not one of the choices.`;
    }
  },
  problems: (n) => (n === 1 ? 'Check this field:' : `Check these ${n} fields:`),
  saveFailed: (reason) => `Nothing was saved, and what you entered is still here: ${reason}`,
  requiredMark: '*',
};

/** The form messages; add a locale with `draftStrings.add('de', {...})`. */
export const draftStrings = new Strings<DraftStrings>('l2c-drafts', { en, 'zh-CN': () => import('./draft-strings.zh-CN.js') });
