/**
 * Validation of the records in model.ts (DESIGN.md sections 7 and 8). Every validator is pure and
 * read-only and never throws: null, arrays, cyclic objects, throwing getters and revoked proxies
 * all give a `ValidationResult` whose errors name the field by path, such as `stages[2].probability`,
 * `source.utm_source` or `history[0].enteredAt`. A message is a phrase that reads after its path
 * ("stages[2].probability must be a number between 0 and 1"); the path `''` is the input itself.
 * Fields beyond the known ones are allowed and not checked (except `custom` on a lead).
 */
import { isValidEmail } from './email.js';
import { ENGAGEMENT_TYPES, MAX_ENGAGEMENT_VALUE } from './engagement.js';
import { isRecord } from './guards.js';
import { DEAL_STATUSES, LEAD_STATUSES, STAGE_KINDS, TOUCH_MILESTONES } from './model.js';
import type { ValidationError, ValidationResult } from './model.js';

/**
 * Size limits, in UTF-16 code units for text and items for lists. A longer value is an error that
 * names the field and its limit (it is never truncated silently).
 */
export const FIELD_LIMITS = {
  /** Ids: record ids and references to other records. */
  id: 200,
  /** Names, labels, titles, companies and other one-line text. */
  shortText: 200,
  /** Phone numbers as typed. */
  phone: 64,
  /** UTM parameters and campaign names. */
  sourceText: 500,
  /** Referrer and page URLs. */
  url: 2048,
  /** Messages, notes, guidance and consent text. */
  longText: 5000,
  /** Stages in a pipeline. */
  stages: 100,
  /** Lost reasons of a pipeline and required fields of a stage. */
  listItems: 100,
  /** Visits in a deal's stage history. */
  history: 10_000,
  /** Keys in a lead's `custom` object. */
  customKeys: 200,
  /** Errors reported for one record; one more error says the rest were left out. */
  errors: 100,
} as const;

/** Longest string `isIsoDate` looks at; real ISO values are far shorter, so huge input fails fast. */
const MAX_DATE_LENGTH = 40;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1] ?? 0;
}

/** The number written by `count` ASCII digits at `start`, or -1. */
function digitsAt(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Midnight UTC of a calendar date in ms. */
function utcDay(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day);
  // Date.UTC reads years 0..99 as 1900..1999.
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

/** Offset in ms of the zone at `pos` (`Z` or `±HH:MM` ending the string), or null. */
function zoneAt(s: string, pos: number): number | null {
  const c = s[pos];
  if ((c === 'Z' || c === 'z') && s.length === pos + 1) return 0;
  if ((c !== '+' && c !== '-') || s.length !== pos + 6 || s[pos + 3] !== ':') return null;
  const h = digitsAt(s, pos + 1, 2);
  const m = digitsAt(s, pos + 4, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59) return null;
  return (c === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
}

/** Milliseconds of the time part `THH:MM[:SS[.fraction]]<zone>` starting at index 10, or null. */
function timeAt(s: string): number | null {
  const t = s[10];
  if ((t !== 'T' && t !== 't') || s[13] !== ':') return null;
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  let pos = 16;
  let second = 0;
  let ms = 0;
  if (s[pos] === ':') {
    second = digitsAt(s, 17, 2);
    pos = 19;
    if (s[pos] === '.') {
      const from = ++pos;
      while (pos < s.length && pos - from < 9 && digitsAt(s, pos, 1) >= 0) pos++;
      if (pos === from) return null;
      ms = Number(s.slice(from, Math.min(pos, from + 3)).padEnd(3, '0'));
    }
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const zone = zoneAt(s, pos);
  return zone === null ? null : ((hour * 60 + minute) * 60 + second) * 1000 + ms - zone;
}

/**
 * The instant an ISO 8601 string names, in ms since the epoch, or `null` when it is not one.
 * Accepted: a date `YYYY-MM-DD` (midnight UTC) and a date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`
 * (fraction of 1..9 digits, read to the millisecond) with a zone `Z` or `±HH:MM`. Calendar values
 * are checked (no February 30, no hour 24, no second 60); a date-time without a zone is rejected
 * because its instant is unknown.
 */
export function parseIsoDate(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH || value.length < 10) return null;
  if (value[4] !== '-' || value[7] !== '-') return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const time = value.length === 10 ? 0 : timeAt(value);
  return time === null ? null : utcDay(year, month, day) + time;
}

/** Whether `value` is an ISO 8601 date (`YYYY-MM-DD`) or date-time with a zone (see `parseIsoDate`). */
export function isIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== null;
}

/** Whether `value` is shaped like an ISO 4217 currency code: three uppercase letters A-Z. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY_CODE.test(value);
}

type Obj = Record<string, unknown>;

/** Marks a value that could not be read or is absent, so no further check runs on it. */
const SKIP: unique symbol = Symbol('skip');

function at(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Collects errors (capped at FIELD_LIMITS.errors) and reads fields without letting a getter throw. */
class Checker {
  readonly errors: ValidationError[] = [];

  add(path: string, message: string): void {
    const n = this.errors.length;
    if (n < FIELD_LIMITS.errors) this.errors.push({ path, message });
    else if (n === FIELD_LIMITS.errors) this.errors.push({ path: '', message: `has more problems than the ${FIELD_LIMITS.errors} listed` });
  }

  /** `obj[key]`, or SKIP when it is absent (an error if required) or its getter throws. */
  get(obj: object, key: string | number, path: string, required: boolean): unknown {
    let value: unknown;
    try {
      value = (obj as Obj)[key];
    } catch {
      this.add(path, 'could not be read');
      return SKIP;
    }
    if (value !== undefined) return value;
    if (required) this.add(path, 'is required');
    return SKIP;
  }
}

function run(check: (c: Checker) => void): ValidationResult {
  const c = new Checker();
  try {
    check(c);
  } catch {
    // Only exotic objects (revoked proxies, throwing ownKeys traps) get here.
    c.add('', 'could not be read completely');
  }
  return { ok: c.errors.length === 0, errors: c.errors };
}

function checkString(c: Checker, value: unknown, path: string, max: number, nonEmpty: boolean): value is string {
  if (typeof value !== 'string') {
    c.add(path, nonEmpty ? 'must be a non-empty string' : 'must be a string');
    return false;
  }
  if (value.length > max) {
    c.add(path, `must be at most ${max} characters long (it has ${value.length})`);
    return false;
  }
  if (nonEmpty && value.trim() === '') {
    c.add(path, 'must not be empty');
    return false;
  }
  return true;
}

/** A text field; a required one must also be non-blank. */
function text(c: Checker, o: Obj, base: string, key: string, max: number, required = false): void {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v !== SKIP) checkString(c, v, path, max, required);
}

/** An id or a reference: a non-blank string of at most FIELD_LIMITS.id characters. */
function id(c: Checker, o: Obj, base: string, key: string, required = false): string | undefined {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  return v !== SKIP && checkString(c, v, path, FIELD_LIMITS.id, true) ? v : undefined;
}

/** An ISO date field (see `isIsoDate`); returns its instant when valid. */
function date(c: Checker, o: Obj, base: string, key: string, required = false): number | undefined {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v === SKIP) return undefined;
  const ms = parseIsoDate(v);
  if (ms === null) c.add(path, 'must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone');
  return ms ?? undefined;
}

/** A finite number, optionally within [min, max]. */
function num(c: Checker, o: Obj, base: string, key: string, min: number | null, max: number | null, required = false): void {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v === SKIP) return;
  const ok = typeof v === 'number' && Number.isFinite(v) && (min === null || v >= min) && (max === null || v <= max);
  if (ok) return;
  if (min !== null && max !== null) c.add(path, `must be a number between ${min} and ${max}`);
  else if (min !== null) c.add(path, `must be a number of at least ${min}`);
  else c.add(path, 'must be a finite number');
}

function count(c: Checker, o: Obj, base: string, key: string): void {
  const path = at(base, key);
  const v = c.get(o, key, path, false);
  if (v !== SKIP && !(typeof v === 'number' && Number.isInteger(v) && v >= 0)) c.add(path, 'must be a non-negative integer');
}

function bool(c: Checker, o: Obj, base: string, key: string, required = false): void {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v !== SKIP && typeof v !== 'boolean') c.add(path, 'must be true or false');
}

function oneOf<T extends string>(c: Checker, o: Obj, base: string, key: string, values: readonly T[], required = false): T | undefined {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v === SKIP) return undefined;
  if ((values as readonly unknown[]).includes(v)) return v as T;
  c.add(path, `must be one of: ${values.join(', ')}`);
  return undefined;
}

function currency(c: Checker, o: Obj, base: string, key: string, required = false): void {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v !== SKIP && !isCurrencyCode(v)) c.add(path, 'must be a 3-letter ISO 4217 currency code in capitals, such as USD');
}

function object(c: Checker, o: Obj, base: string, key: string, required = false): Obj | undefined {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v === SKIP) return undefined;
  if (isRecord(v)) return v;
  c.add(path, 'must be an object');
  return undefined;
}

/** A list field; returns it with the number of items worth checking (at most `max`). */
function list(c: Checker, o: Obj, base: string, key: string, max: number, required = false): [unknown[], number] | undefined {
  const path = at(base, key);
  const v = c.get(o, key, path, required);
  if (v === SKIP) return undefined;
  if (!Array.isArray(v)) {
    c.add(path, 'must be a list');
    return undefined;
  }
  if (v.length > max) c.add(path, `must have at most ${plural(max, 'item')} (it has ${v.length})`);
  return [v, Math.min(v.length, max)];
}

/** A list of unique non-blank strings, such as lost reasons or required fields. */
function stringList(c: Checker, o: Obj, base: string, key: string): void {
  const found = list(c, o, base, key, FIELD_LIMITS.listItems);
  if (!found) return;
  const [items, n] = found;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const path = `${at(base, key)}[${i}]`;
    const v = c.get(items, i, path, true);
    if (v === SKIP || !checkString(c, v, path, FIELD_LIMITS.shortText, true)) continue;
    if (seen.has(v)) c.add(path, `must be unique ("${v}" appears earlier)`);
    seen.add(v);
  }
}

function root(c: Checker, input: unknown): Obj | undefined {
  if (isRecord(input)) return input;
  c.add('', 'must be an object');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Pipeline

type StageKindOrNone = (typeof STAGE_KINDS)[number] | undefined;

function checkStage(c: Checker, stage: unknown, path: string, ids: Map<string, number>, index: number): StageKindOrNone {
  if (!isRecord(stage)) {
    c.add(path, 'must be an object');
    return undefined;
  }
  const stageId = id(c, stage, path, 'id', true);
  if (stageId !== undefined) {
    const first = ids.get(stageId);
    if (first !== undefined) c.add(`${path}.id`, `must be unique ("${stageId}" is also the id of stages[${first}])`);
    else ids.set(stageId, index);
  }
  text(c, stage, path, 'label', FIELD_LIMITS.shortText, true);
  const kind = oneOf(c, stage, path, 'kind', STAGE_KINDS, true);
  num(c, stage, path, 'probability', 0, 1, true);
  count(c, stage, path, 'rottingDays');
  stringList(c, stage, path, 'requiredFields');
  text(c, stage, path, 'guidance', FIELD_LIMITS.longText);
  return kind;
}

function checkPipeline(c: Checker, input: unknown): void {
  const p = root(c, input);
  if (!p) return;
  id(c, p, '', 'id', true);
  text(c, p, '', 'name', FIELD_LIMITS.shortText, true);
  const stages = list(c, p, '', 'stages', FIELD_LIMITS.stages, true);
  if (stages) {
    const [items, n] = stages;
    const ids = new Map<string, number>();
    let open = 0;
    for (let i = 0; i < n; i++) {
      const path = `stages[${i}]`;
      const stage = c.get(items, i, path, true);
      if (stage !== SKIP && checkStage(c, stage, path, ids, i) === 'open') open++;
    }
    if (open === 0) c.add('stages', 'must include at least one open stage');
  }
  const policy = object(c, p, '', 'policy');
  if (policy) {
    bool(c, policy, 'policy', 'allowSkip', true);
    bool(c, policy, 'policy', 'allowBackward', true);
  }
  stringList(c, p, '', 'lostReasons');
  currency(c, p, '', 'currency');
  text(c, p, '', 'template', FIELD_LIMITS.shortText);
}

/**
 * Checks a pipeline: id and name; 1..100 stages, each with a unique non-blank id, a label, a kind
 * (open, won, lost), a probability 0..1, an optional non-negative integer `rottingDays`, optional
 * `requiredFields` (unique strings) and `guidance`; at least one open stage; an optional policy
 * whose `allowSkip` and `allowBackward` are both booleans; unique `lostReasons`; an optional
 * ISO 4217 `currency`.
 */
export function validatePipeline(input: unknown): ValidationResult {
  return run((c) => checkPipeline(c, input));
}

// ---------------------------------------------------------------------------------------------
// Deal

/** The id and the stage kinds of a pipeline given to validateDeal, read defensively. */
interface PipelineView {
  id: unknown;
  kinds: Map<string, unknown>;
}

function viewPipeline(pipeline: unknown): PipelineView | undefined {
  try {
    if (!isRecord(pipeline) || !Array.isArray(pipeline.stages)) return undefined;
    const kinds = new Map<string, unknown>();
    for (const stage of pipeline.stages as unknown[]) {
      if (isRecord(stage) && typeof stage.id === 'string' && !kinds.has(stage.id)) kinds.set(stage.id, stage.kind);
    }
    return { id: pipeline.id, kinds };
  } catch {
    return undefined;
  }
}

function checkHistory(c: Checker, d: Obj): void {
  const history = list(c, d, '', 'history', FIELD_LIMITS.history, true);
  if (!history) return;
  const [items, n] = history;
  for (let i = 0; i < n; i++) {
    const path = `history[${i}]`;
    const visit = c.get(items, i, path, true);
    if (visit === SKIP) continue;
    if (!isRecord(visit)) {
      c.add(path, 'must be an object');
      continue;
    }
    id(c, visit, path, 'stageId', true);
    const entered = date(c, visit, path, 'enteredAt', true);
    const left = date(c, visit, path, 'leftAt');
    if (entered !== undefined && left !== undefined && left < entered) c.add(`${path}.leftAt`, 'must not be before enteredAt');
  }
}

interface DealKeys {
  pipelineId: string | undefined;
  stageId: string | undefined;
  status: string | undefined;
}

function checkAgainstPipeline(c: Checker, view: PipelineView, { pipelineId, stageId, status }: DealKeys): void {
  if (pipelineId !== undefined && pipelineId !== view.id) {
    c.add('pipelineId', `must be "${String(view.id)}", the id of the given pipeline`);
  }
  if (stageId === undefined) return;
  if (!view.kinds.has(stageId)) {
    c.add('stageId', `must be a stage of pipeline "${String(view.id)}" ("${stageId}" is not)`);
    return;
  }
  const kind = view.kinds.get(stageId);
  if (status !== undefined && (STAGE_KINDS as readonly unknown[]).includes(kind) && kind !== status) {
    c.add('status', `must be "${String(kind)}" to match the kind of stage "${stageId}"`);
  }
}

function checkDeal(c: Checker, input: unknown, pipeline: unknown): void {
  const d = root(c, input);
  if (!d) return;
  id(c, d, '', 'id', true);
  text(c, d, '', 'title', FIELD_LIMITS.shortText, true);
  num(c, d, '', 'value', 0, null, true);
  currency(c, d, '', 'currency', true);
  const pipelineId = id(c, d, '', 'pipelineId', true);
  const stageId = id(c, d, '', 'stageId', true);
  id(c, d, '', 'ownerId');
  id(c, d, '', 'leadId');
  num(c, d, '', 'probability', 0, 1);
  date(c, d, '', 'expectedClose');
  const status = oneOf(c, d, '', 'status', DEAL_STATUSES, true);
  text(c, d, '', 'lostReason', FIELD_LIMITS.shortText);
  num(c, d, '', 'rank', null, null);
  date(c, d, '', 'createdAt', true);
  date(c, d, '', 'updatedAt', true);
  date(c, d, '', 'lastActivityAt');
  date(c, d, '', 'closedAt');
  checkHistory(c, d);
  if (pipeline === undefined) return;
  const view = viewPipeline(pipeline);
  if (view) checkAgainstPipeline(c, view, { pipelineId, stageId, status });
  else c.add('', 'cannot be checked against the given pipeline, which has no list of stages');
}

/**
 * Checks a deal: ids, a non-blank title, a finite `value` >= 0, an ISO 4217 `currency`, a valid
 * `status`, ISO dates, `probability` 0..1, and a `history` list whose visits have a stage id, an
 * ISO `enteredAt` and a `leftAt` not before it. With `pipeline`, also that `pipelineId` is its id,
 * `stageId` is one of its stages and `status` matches that stage's kind. History visits may name
 * stages no longer in the pipeline (stages can be removed), so those are not checked. A pipeline
 * without a `stages` list is reported once and otherwise ignored; validate it with validatePipeline.
 */
export function validateDeal(input: unknown, pipeline?: unknown): ValidationResult {
  return run((c) => checkDeal(c, input, pipeline));
}

// ---------------------------------------------------------------------------------------------
// Lead

const LEAD_SHORT_TEXT = ['name', 'company', 'title', 'industry', 'region', 'country', 'grade', 'nurtureReason'] as const;
const SOURCE_TEXT = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'campaign'] as const;
const SOURCE_URLS = ['referrer', 'page'] as const;

function email(c: Checker, o: Obj): void {
  const v = c.get(o, 'email', 'email', false);
  if (v === SKIP) return;
  // isValidEmail ignores surrounding spaces as people type them; a stored address has none.
  if (typeof v !== 'string' || v !== v.trim() || !isValidEmail(v)) {
    c.add('email', 'must be a valid e-mail address (one @, a dotted domain, no spaces)');
  }
}

function checkSource(c: Checker, l: Obj): void {
  const source = object(c, l, '', 'source');
  if (!source) return;
  for (const key of SOURCE_TEXT) text(c, source, 'source', key, FIELD_LIMITS.sourceText);
  for (const key of SOURCE_URLS) text(c, source, 'source', key, FIELD_LIMITS.url);
}

const LIFECYCLE_STAMPS = ['newAt', 'nurturingAt', 'mqlAt', 'sqlAt', 'disqualifiedAt', 'convertedAt'] as const;

function checkLifecycle(c: Checker, l: Obj): void {
  date(c, l, '', 'mqlAt');
  date(c, l, '', 'sqlAt');
  const lifecycle = object(c, l, '', 'lifecycle');
  if (!lifecycle) return;
  for (const key of LIFECYCLE_STAMPS) date(c, lifecycle, 'lifecycle', key);
}

function checkConsent(c: Checker, l: Obj): void {
  const consent = object(c, l, '', 'consent');
  if (!consent) return;
  text(c, consent, 'consent', 'text', FIELD_LIMITS.longText, true);
  text(c, consent, 'consent', 'version', FIELD_LIMITS.shortText, true);
  date(c, consent, 'consent', 'at', true);
}

function checkCustom(c: Checker, l: Obj): void {
  const custom = object(c, l, '', 'custom');
  if (!custom) return;
  const keys = Object.keys(custom);
  if (keys.length > FIELD_LIMITS.customKeys) {
    c.add('custom', `must have at most ${FIELD_LIMITS.customKeys} fields (it has ${keys.length})`);
  }
  for (let i = 0; i < Math.min(keys.length, FIELD_LIMITS.customKeys); i++) {
    const key = keys[i] as string;
    const path = `custom.${key}`;
    const v = c.get(custom, key, path, false);
    if (typeof v === 'string' && v.length > FIELD_LIMITS.longText) {
      c.add(path, `must be at most ${FIELD_LIMITS.longText} characters long (it has ${v.length})`);
    }
  }
}

function checkLead(c: Checker, input: unknown): void {
  const l = root(c, input);
  if (!l) return;
  id(c, l, '', 'id', true);
  date(c, l, '', 'createdAt', true);
  date(c, l, '', 'updatedAt', true);
  oneOf(c, l, '', 'status', LEAD_STATUSES, true);
  for (const key of LEAD_SHORT_TEXT) text(c, l, '', key, FIELD_LIMITS.shortText);
  text(c, l, '', 'phone', FIELD_LIMITS.phone);
  text(c, l, '', 'message', FIELD_LIMITS.longText);
  email(c, l);
  count(c, l, '', 'companySize');
  num(c, l, '', 'score', null, null);
  id(c, l, '', 'ownerId');
  id(c, l, '', 'teamId');
  id(c, l, '', 'duplicateOf');
  date(c, l, '', 'reentryAt');
  checkSource(c, l);
  checkConsent(c, l);
  checkLifecycle(c, l);
  checkCustom(c, l);
}

/**
 * Checks a lead: `id`, ISO `createdAt`/`updatedAt`, a valid `status`; optional text capped at
 * FIELD_LIMITS (name, company, title, industry, region, country, grade: 200; phone: 64; message:
 * 5,000; UTM values and campaign: 500; referrer and page: 2,048); an e-mail address when present
 * (see `isValidEmail`, and no surrounding spaces); `companySize` a non-negative integer; `score` a
 * finite number; `consent` with text, version and an ISO `at`; `custom` an object of at most 200
 * fields whose string values are at most 5,000 characters; `mqlAt`, `sqlAt` and the `lifecycle`
 * stamps ISO dates. `null` is not accepted for an optional
 * field: leave the field out instead.
 */
export function validateLead(input: unknown): ValidationResult {
  return run((c) => checkLead(c, input));
}

// ---------------------------------------------------------------------------------------------
// Activity and touch

function checkActivity(c: Checker, input: unknown): void {
  const a = root(c, input);
  if (!a) return;
  id(c, a, '', 'id', true);
  id(c, a, '', 'dealId');
  id(c, a, '', 'leadId');
  text(c, a, '', 'type', FIELD_LIMITS.shortText, true);
  date(c, a, '', 'at', true);
  date(c, a, '', 'dueAt');
  bool(c, a, '', 'done');
  text(c, a, '', 'note', FIELD_LIMITS.longText);
  if (a.engagement !== undefined) checkEngagement(c, a);
}

/** A page view or visit of the tracker (engagement.ts): of a lead, with an amount and a bare path. */
function checkEngagement(c: Checker, a: Obj): void {
  if (a.engagement !== true) c.add('engagement', 'must be true (a page view or visit recorded by the tracker) or left out');
  if (typeof a.type === 'string' && !(ENGAGEMENT_TYPES as readonly string[]).includes(a.type)) c.add('type', `must be ${ENGAGEMENT_TYPES.join(' or ')} on an engagement activity`);
  if (a.leadId === undefined) c.add('leadId', 'is required on an engagement activity');
  num(c, a, '', 'value', 0, MAX_ENGAGEMENT_VALUE);
  text(c, a, '', 'page', FIELD_LIMITS.url);
  if (typeof a.page === 'string' && !/^\/[^?#]*$/.test(a.page)) c.add('page', 'must be a path starting with / without a query string or fragment');
}

/**
 * Checks an activity: `id`, a non-blank `type`, an ISO `at`, optional ISO `dueAt`, boolean `done`,
 * `note` (5,000), ids. An engagement activity (`engagement: true`) is a `page-view` or `visit` of a
 * `leadId`, with a `value` of 0..86,400 and a `page` path without query string.
 */
export function validateActivity(input: unknown): ValidationResult {
  return run((c) => checkActivity(c, input));
}

function checkTouch(c: Checker, input: unknown): void {
  const t = root(c, input);
  if (!t) return;
  id(c, t, '', 'id');
  id(c, t, '', 'leadId');
  id(c, t, '', 'dealId');
  text(c, t, '', 'channel', FIELD_LIMITS.shortText, true);
  text(c, t, '', 'campaign', FIELD_LIMITS.sourceText);
  date(c, t, '', 'at', true);
  oneOf(c, t, '', 'milestone', TOUCH_MILESTONES);
}

/** Checks a marketing touch: a non-blank `channel`, an ISO `at`, an optional `milestone`, optional ids and `campaign`. */
export function validateTouch(input: unknown): ValidationResult {
  return run((c) => checkTouch(c, input));
}
