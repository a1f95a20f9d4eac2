/**
 * What a person types into a deal or an activity before it is stored: the checks that name the
 * field and say what is wrong as a code an element translates (never an English sentence), the
 * reading of typed amounts, and the changes an edit makes. Nothing here throws.
 */
import { isFiniteNumber } from './guards.js';
import type { Deal, Pipeline } from './model.js';
import { findStage } from './stages.js';
import { toIso } from './time.js';
import { FIELD_LIMITS, isCurrencyCode, parseIsoDate } from './validate.js';

/** Why a typed field is refused. */
export const FIELD_PROBLEMS = ['required', 'too-long', 'not-a-number', 'negative', 'not-a-probability', 'bad-date', 'bad-currency', 'bad-type'] as const;
export type FieldProblemCode = (typeof FIELD_PROBLEMS)[number];

/** One refused field: its name (`title`, `value`, `dueAt`, a required field such as `custom.region`) and why. */
export interface FieldProblem {
  field: string;
  code: FieldProblemCode;
  /** For `too-long`: the most characters allowed. */
  max?: number;
}

/**
 * A typed amount as a number: digits with an optional decimal point, spaces, commas or
 * apostrophes grouping thousands, an optional leading minus. `undefined` for blank text, `NaN`
 * for anything else (so the check can say "not a number").
 */
export function parseAmount(text: string | undefined | null): number | undefined {
  const s = (text ?? '').trim();
  if (s === '') return undefined;
  if (!/^-?\d{1,3}(?:[\s,'\u00a0\u202f]?\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$|^-?\.\d+$/.test(s)) return Number.NaN;
  return Number(s.replace(/[\s,'\u00a0\u202f]/g, ''));
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v));
}

function text(problems: FieldProblem[], field: string, v: unknown, max: number, required = false): void {
  if (blank(v)) {
    if (required) problems.push({ field, code: 'required' });
  } else if (typeof v !== 'string') {
    problems.push({ field, code: 'bad-type' });
  } else if (v.length > max) {
    problems.push({ field, code: 'too-long', max });
  }
}

function date(problems: FieldProblem[], field: string, v: unknown, required = false): void {
  if (blank(v)) {
    if (required) problems.push({ field, code: 'required' });
  } else if (parseIsoDate(v) === null) {
    problems.push({ field, code: 'bad-date' });
  }
}

/** The fields of a deal a person fills in; the rest is made by `createDeal` or kept from the deal. */
export type DealDraft = Partial<Pick<Deal, 'title' | 'value' | 'currency' | 'ownerId' | 'leadId' | 'expectedClose' | 'probability' | 'stageId'>> & Record<string, unknown>;

/**
 * The problems of a deal draft: a non-blank `title` (at most 200 characters); `value` a finite
 * number of 0 or more; `currency` an ISO 4217 code; `expectedClose` an ISO date; `probability`
 * between 0 and 1; `ownerId` and `leadId` at most 200 characters; and every field the stage
 * `stageId` requires (its `requiredFields`) filled in. An empty list means the draft may be stored.
 */
export function checkDealDraft(draft: DealDraft, pipeline?: Pipeline): FieldProblem[] {
  const problems: FieldProblem[] = [];
  text(problems, 'title', draft.title, FIELD_LIMITS.shortText, true);
  const value = draft.value;
  if (value !== undefined && value !== null) {
    if (!isFiniteNumber(value)) problems.push({ field: 'value', code: 'not-a-number' });
    else if (value < 0) problems.push({ field: 'value', code: 'negative' });
  }
  if (!blank(draft.currency) && !isCurrencyCode(draft.currency)) problems.push({ field: 'currency', code: 'bad-currency' });
  date(problems, 'expectedClose', draft.expectedClose);
  const p = draft.probability;
  if (p !== undefined && p !== null && !(isFiniteNumber(p) && p >= 0 && p <= 1)) problems.push({ field: 'probability', code: 'not-a-probability' });
  text(problems, 'ownerId', draft.ownerId, FIELD_LIMITS.id);
  text(problems, 'leadId', draft.leadId, FIELD_LIMITS.id);
  const stage = pipeline && typeof draft.stageId === 'string' ? findStage(pipeline, draft.stageId) : undefined;
  for (const field of stage?.requiredFields ?? []) {
    if (problems.some((x) => x.field === field)) continue;
    const v = field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), draft);
    if (blank(v)) problems.push({ field, code: 'required' });
  }
  return problems;
}

/** What an activity form holds. */
export interface ActivityDraft {
  type?: unknown;
  subject?: unknown;
  /** `YYYY-MM-DD` or an ISO date-time with a zone. */
  dueAt?: unknown;
  note?: unknown;
}

/**
 * The problems of an activity draft: a `type` of `types`, a non-blank `subject` (at most 200
 * characters), a due date (`dueAt`, an ISO date or date-time) and a note of at most 5,000 characters.
 */
export function checkActivityDraft(draft: ActivityDraft, types: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof draft.type !== 'string' || !types.includes(draft.type)) problems.push({ field: 'type', code: blank(draft.type) ? 'required' : 'bad-type' });
  text(problems, 'subject', draft.subject, FIELD_LIMITS.shortText, true);
  date(problems, 'dueAt', draft.dueAt, true);
  text(problems, 'note', draft.note, FIELD_LIMITS.longText);
  return problems;
}

/** Field names whose values differ between `before` and `after` (compared as JSON), in `after`'s order, then removed ones. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, ignore: readonly string[] = ['updatedAt']): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((k) => !ignore.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * `deal` with `changes` applied at `now`: blank optional fields are removed, `updatedAt` is set.
 * The stage is not changed here (a stage change is a move, see `moveDeal`). Returns the new deal
 * and the names of the fields that changed (empty when nothing did; the deal is then returned as is).
 */
export function editDeal(deal: Deal, changes: DealDraft, now: string | number): { deal: Deal; changes: string[] } {
  const next: Deal = { ...deal };
  const mutable = next as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'stageId' || key === 'id' || key === 'history' || key === 'pipelineId') continue;
    if (key === 'value' && blank(value)) mutable.value = 0;
    else if (blank(value) && key !== 'title') delete mutable[key];
    else mutable[key] = value;
  }
  const changed = changedFields(deal, next);
  if (changed.length === 0) return { deal, changes: [] };
  next.updatedAt = toIso(now);
  return { deal: next, changes: changed };
}

/** The problems of a note: not blank, at most 5,000 characters. */
export function checkNoteDraft(note: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  text(problems, 'note', note, FIELD_LIMITS.longText, true);
  return problems;
}

/**
 * A due time from a date field (`YYYY-MM-DD`) and an optional time field (`HH:MM`), read in the
 * time zone whose offset from UTC at that moment is `offsetMinutes(date)` (the browser's, from
 * `Date#getTimezoneOffset`): an ISO date-time in UTC, a bare date without a time, or the date text
 * as typed when it is not a date (so the check can say so).
 */
export function dueFrom(date: string, time: string, offsetMinutes: (utcGuess: number) => number): string {
  const d = date.trim();
  const t = time.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || parseIsoDate(d) === null || t === '') return d;
  const m = /^(\d{2}):(\d{2})/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return `${d}T${t}`;
  const guess = Date.parse(`${d}T${m[1]}:${m[2]}:00.000Z`);
  return new Date(guess + offsetMinutes(guess) * 60_000).toISOString();
}
