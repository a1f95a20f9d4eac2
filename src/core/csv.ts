/**
 * CSV import and export (DESIGN.md section 7). Parsing is RFC 4180 by d3-dsv; this module adds what
 * an import needs around it: BOM and delimiter handling, physical line numbers for every record,
 * header mapping onto Lead and Deal fields (Salesforce-style names included), per-line errors while
 * the rest imports, and an export that is safe against formula injection.
 */
import { dsvFormat } from 'd3-dsv';
import type { DSV } from 'd3-dsv';
import { newId as randomId } from './id.js';
import { LEAD_STATUSES } from './model.js';
import type { Deal, Lead, LeadStatus, Pipeline, StageKind, ValidationResult } from './model.js';
import { getPath } from './predicate.js';
import { isDateMs, toIso } from './time.js';
import { parseIsoDate, validateDeal, validateLead, validatePipeline } from './validate.js';

/** Delimiters a CSV file may use; the first is the default and wins ties when detecting. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Data rows an import reads by default; later rows are left out with one error. */
export const DEFAULT_MAX_ROWS = 100_000;

/**
 * Cell values an import treats as empty by default (compared after trimming, case-sensitively):
 * what spreadsheets and CRM exports write for "no value". The empty string is always empty. Pass
 * your own list where one of these is real data (`NA` as North America, `-` as a value).
 */
export const DEFAULT_PLACEHOLDERS = ['', 'N/A', 'n/a', 'NA', 'null', 'NULL', '-', '--', '#N/A', 'Select', 'none', 'None'] as const;

/** Orders a date such as 03/04/2024 can be read in: month first or day first. */
export const DATE_ORDERS = ['mdy', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/**
 * A problem with the input. `line` is the 1-based physical line (the header is line 1 unless blank
 * lines precede it) where the record starts; 0 means the input or the options as a whole. `path`
 * names the field for problems with one value; the message then reads after it ("value must be a
 * number ..."); without a path the message is a sentence.
 */
export interface CsvError {
  line: number;
  path?: string;
  message: string;
}

/** One data record and the physical line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** Options for parseCsv. */
export interface CsvParseOptions {
  /** Skip detection and use this delimiter. */
  delimiter?: CsvDelimiter;
  /** Data rows to read at most (a positive integer; default DEFAULT_MAX_ROWS). */
  maxRows?: number;
}

/** What parseCsv found. */
export interface CsvParseResult {
  delimiter: CsvDelimiter;
  /** Header cells, trimmed; empty when the file has no header. */
  header: string[];
  /** Line of the header (0 when there is none). */
  headerLine: number;
  /** Data records with as many cells as the header, cells untrimmed. */
  rows: CsvRow[];
  errors: CsvError[];
  /** Data records read (blank lines not counted, rows past maxRows not counted). */
  rowCount: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DETECT_LIMIT = 65_536;
const FORMATS = new Map<CsvDelimiter, DSV>();

function isDelimiter(value: unknown): value is CsvDelimiter {
  return (CSV_DELIMITERS as readonly unknown[]).includes(value);
}

function formatFor(delimiter: CsvDelimiter): DSV {
  let format = FORMATS.get(delimiter);
  if (!format) FORMATS.set(delimiter, (format = dsvFormat(delimiter)));
  return format;
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * The delimiter of a CSV text: of `,` `;` and tab, the one found most often in its first non-blank
 * line, counting only outside quotes (ties and a line with none give `,`). Only the first 64 KB are
 * looked at.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = [0, 0, 0];
  let inQuotes = false;
  let content = false;
  const end = Math.min(typeof text === 'string' ? text.length : 0, DETECT_LIMIT);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    if (inQuotes) continue;
    if (c === LF || c === CR) {
      if (content) break;
      continue;
    }
    if (c !== SPACE) content = true;
    const k = CSV_DELIMITERS.indexOf(text[i] as CsvDelimiter);
    if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
  return CSV_DELIMITERS[best] ?? ',';
}

/** Line breaks in a cell: CRLF, LF and a lone CR each end one physical line. */
function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === LF || (c === CR && cell.charCodeAt(i + 1) !== LF)) n++;
    }
  }
  return n;
}

/**
 * Whether a quoted field runs to the end of the text, scanning the way d3-dsv does: a quote opens a
 * field only where a field starts, `""` inside is an escaped quote, and the character after the
 * closing quote ends the field whatever it is.
 */
function hasUnclosedQuote(text: string, delimiter: CsvDelimiter): boolean {
  const d = delimiter.charCodeAt(0);
  let from = 0;
  let fieldStart = 0;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return false;
    const before = text.charCodeAt(q - 1);
    if (q !== fieldStart && before !== d && before !== LF && before !== CR) {
      from = q + 1;
      continue;
    }
    let k = text.indexOf('"', q + 1);
    while (k >= 0 && text.charCodeAt(k + 1) === QUOTE) k = text.indexOf('"', k + 2);
    if (k < 0) return true;
    fieldStart = k + (text.charCodeAt(k + 1) === CR && text.charCodeAt(k + 2) === LF ? 3 : 2);
    from = fieldStart;
  }
}

function isBlankRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

function rowLimit(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_ROWS;
}

/** parseCsv's running state. */
interface ParseState {
  result: CsvParseResult;
  maxRows: number;
  capped: boolean;
}

function collectRow(state: ParseState, cells: string[], line: number): void {
  const { result, maxRows } = state;
  if (isBlankRow(cells)) return;
  if (result.headerLine === 0) {
    result.header = cells.map((cell) => cell.trim());
    result.headerLine = line;
    return;
  }
  if (result.rowCount === maxRows) {
    if (!state.capped) {
      result.errors.push({
        line,
        message: `The file has more than ${maxRows} rows, so it was capped: rows from line ${line} on were not imported.`,
      });
    }
    state.capped = true;
    return;
  }
  result.rowCount++;
  if (cells.length === result.header.length) result.rows.push({ line, cells });
  else result.errors.push({ line, message: `This row has ${cells.length} cells but the header has ${result.header.length}.` });
}

/** Drops what the record with an unclosed quote produced (it swallowed the rest of the file). */
function reportUnclosedQuote(result: CsvParseResult, line: number): void {
  while ((result.rows.at(-1)?.line ?? 0) >= line) result.rows.pop();
  while ((result.errors.at(-1)?.line ?? 0) >= line) result.errors.pop();
  if (result.headerLine >= line) {
    result.header = [];
    result.headerLine = 0;
  }
  result.errors.push({ line, message: 'A quoted field in the record starting on this line is never closed, so the rest of the file could not be read.' });
}

/**
 * Parses CSV text (RFC 4180 by d3-dsv): strips a leading BOM, detects the delimiter unless given,
 * accepts CRLF, LF or CR line ends and quoted fields spanning lines, and gives each record the
 * physical line it starts on. The first non-blank record is the header (its cells trimmed); lines
 * whose cells are all blank are skipped. A record with a different number of cells than the header,
 * a quoted field never closed (that record is dropped), rows past `maxRows` (one error at the first
 * such line) and a missing header are reported in `errors`; everything else is returned. Non-text
 * input gives one error on line 0.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const source = typeof text === 'string' ? (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) : '';
  const delimiter = isDelimiter(options.delimiter) ? options.delimiter : detectDelimiter(source);
  const result: CsvParseResult = { delimiter, header: [], headerLine: 0, rows: [], errors: [], rowCount: 0 };
  if (typeof text !== 'string') {
    result.errors.push({ line: 0, message: 'The input is not text.' });
    return result;
  }
  const state: ParseState = { result, maxRows: rowLimit(options.maxRows), capped: false };
  let next = 1;
  let last = 0;
  formatFor(delimiter).parseRows(source, (cells) => {
    last = next;
    next += 1 + lineBreaks(cells);
    collectRow(state, cells, last);
    return null;
  });
  if (last > 0 && hasUnclosedQuote(source, delimiter)) reportUnclosedQuote(result, last);
  if (result.headerLine === 0 && result.errors.length === 0) {
    result.errors.push({ line: 1, message: 'The file is empty: it has no header line.' });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Cell values

const WHITESPACE = /\s+/g;
const CURRENCY_AFFIX = /^[A-Z]{0,3}[$€£¥￥₹₩₽₺₫₱₪]|[$€£¥￥₹₩₽₺₫₱₪元]$/g;
const PLAIN = /^\d+$/;
const THOUSANDS_COMMA = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const THOUSANDS_DOT = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const DECIMAL_DOT = /^\d*\.\d+$/;
const DECIMAL_COMMA = /^\d*,\d+$/;
const EXPONENT = /^\d+(?:\.\d+)?[eE][+-]?\d+$/;

function unsignedNumber(s: string, decimalComma: boolean): number | null {
  if (PLAIN.test(s) || EXPONENT.test(s)) return Number(s);
  const thousands = decimalComma ? THOUSANDS_DOT : THOUSANDS_COMMA;
  if (thousands.test(s)) return Number(decimalComma ? s.replaceAll('.', '').replace(',', '.') : s.replaceAll(',', ''));
  if (DECIMAL_DOT.test(s)) return Number(s);
  if (DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return null;
}

/**
 * Reads a number as spreadsheets and CRM exports write it, or `null` when it is not one. Spaces are
 * ignored; a leading `-`/`+` or surrounding parentheses give the sign; one currency symbol before or
 * after is ignored (`$1,200`, `US$5`, `¥3000`, `3000元`, `€1.234,50`). The decimal mark is `.`, or `,`
 * when `decimalComma` (files delimited by `;`). The other mark is a thousands separator when it
 * groups digits by three (`1,234.50`; `1.234,50` with `decimalComma`); used once and not followed
 * by three digits it is read as a decimal mark too (`12,5` -> 12.5; `12.5` with `decimalComma`).
 * Anything else (`1.234,50` without `decimalComma`, `12abc`, `1,23,4`) is rejected, not guessed.
 */
export function parseNumberCell(text: string, decimalComma = false): number | null {
  if (typeof text !== 'string') return null;
  let s = text.replace(WHITESPACE, '');
  let sign = 1;
  if (s.startsWith('(') && s.endsWith(')')) {
    sign = -1;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -sign;
    s = s.slice(1);
  }
  const n = unsignedNumber(s.replace(CURRENCY_AFFIX, ''), decimalComma);
  if (n === null || !Number.isFinite(n)) return null;
  return n === 0 ? 0 : sign * n;
}

/** A probability cell: `45%` is 0.45; a plain number above 1 is a percentage (45 -> 0.45). */
function parseProbability(text: string, decimalComma: boolean): number | null {
  const percent = text.endsWith('%');
  const n = parseNumberCell(percent ? text.slice(0, -1) : text, decimalComma);
  return n === null ? null : percent || n > 1 ? n / 100 : n;
}

/** A date cell read by parseDateCell: the ISO string, or why it was refused. */
export type DateCell = { ok: true; value: string } | { ok: false; message: string };

/** Options for parseDateCell. */
export interface DateCellOptions {
  /** How to read `03/04/2024` when both numbers could be the month. */
  dateOrder?: DateOrder;
  /** Return a full UTC date-time (`2024-03-04T00:00:00.000Z`) even for a plain date. */
  dateTime?: boolean;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const ISO_SHAPED = /^\d{4}-\d{2}-\d{2}(?:[Tt]\d|$)/;
// Salesforce's API writes zones as +0000.
const COMPACT_OFFSET = /^(\d{4}-\d{2}-\d{2}[Tt].*[+-]\d{2})(\d{2})$/;

function pad2(n: string): string {
  return n.length === 1 ? `0${n}` : n;
}

function notCalendar(original: string): DateCell {
  return { ok: false, message: `must be a valid calendar date and time of day (got ${quoted(original)})` };
}

function fromIso(iso: string, original: string, dateTime: boolean): DateCell {
  const ms = parseIsoDate(iso);
  if (ms === null) return notCalendar(original);
  return { ok: true, value: dateTime || iso.length > 10 ? toIso(ms) : iso };
}

function yearLast(m: RegExpExecArray, text: string, options: DateCellOptions): DateCell {
  const [, a = '', separator, b = '', year = ''] = m;
  const first = Number(a);
  const second = Number(b);
  const order: DateOrder | undefined = separator === '.' ? 'dmy'
    : options.dateOrder ?? (first > 12 ? 'dmy' : second > 12 || first === second ? 'mdy' : undefined);
  if (!order) {
    return { ok: false, message: `is an ambiguous date (${quoted(text)} may be month/day or day/month); write it as YYYY-MM-DD or set the dateOrder option` };
  }
  const [month, day] = order === 'mdy' ? [a, b] : [b, a];
  return fromIso(`${year}-${pad2(month)}-${pad2(day)}`, text, options.dateTime === true);
}

/**
 * Reads a date cell into ISO 8601. Accepted: ISO dates and date-times with a zone (see isIsoDate),
 * also with a zone written `+0000` as Salesforce does; `YYYY-MM-DD HH:MM[:SS]` or with `T` and no
 * zone, read as UTC; `YYYY/MM/DD` and `YYYY.MM.DD`;
 * `DD.MM.YYYY` (dots are always day first); `MM/DD/YYYY` and `DD/MM/YYYY` (also with `-`) when
 * the order is clear (a number above 12 is the day, equal numbers need no order) or `dateOrder` is
 * given, and otherwise refused as ambiguous rather than guessed. Two-digit years, month names and
 * impossible dates (February 30) are refused. Date-times always come back as UTC `toISOString()`;
 * plain dates as `YYYY-MM-DD` unless `dateTime`.
 */
export function parseDateCell(text: string, options: DateCellOptions = {}): DateCell {
  const dateTime = options.dateTime === true;
  const iso = parseIsoDate(text);
  if (iso !== null) return { ok: true, value: dateTime || text.length > 10 ? toIso(iso) : text };
  // No date is longer; skipping longer text keeps the patterns below cheap on huge cells.
  const s = typeof text === 'string' && text.length <= 64 ? text : '';
  let m = COMPACT_OFFSET.exec(s);
  if (m) return fromIso(`${m[1]}:${m[2]}`, s, true);
  m = LOCAL_DATE_TIME.exec(s);
  if (m) return fromIso(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}Z`, s, dateTime);
  m = YEAR_FIRST.exec(s);
  if (m) return fromIso(`${m[1]}-${pad2(m[2] ?? '')}-${pad2(m[3] ?? '')}`, s, dateTime);
  m = YEAR_LAST.exec(s);
  if (m) return yearLast(m, s, options);
  if (ISO_SHAPED.test(s)) return notCalendar(s);
  return { ok: false, message: `must be a date such as 2024-03-31 (got ${quoted(typeof text === 'string' ? text : '')})` };
}

// ---------------------------------------------------------------------------------------------
// Header mapping

const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** How headers (and status or stage names) are compared: NFKC, lowercase, letters and digits only. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(NOT_ALNUM, '');
}

/** Lead fields a column can map onto; `firstName` and `lastName` are combined into `name`. */
export const LEAD_IMPORT_FIELDS = [
  'id', 'name', 'firstName', 'lastName', 'email', 'phone', 'company', 'title', 'industry', 'companySize',
  'region', 'country', 'message', 'source.utm_source', 'source.utm_medium', 'source.utm_campaign',
  'source.utm_term', 'source.utm_content', 'source.referrer', 'source.page', 'source.campaign', 'status',
  'createdAt', 'updatedAt', 'score', 'grade', 'ownerId', 'teamId', 'nurtureReason', 'reentryAt', 'duplicateOf',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];

/**
 * Deal fields a column can map onto. `account` is kept as an extra field and is the title of a row
 * without one; `expectedClose` is also the `closedAt` of a won or lost deal.
 */
export const DEAL_IMPORT_FIELDS = [
  'id', 'title', 'value', 'currency', 'stageId', 'ownerId', 'leadId', 'probability', 'expectedClose',
  'closedAt', 'createdAt', 'updatedAt', 'lastActivityAt', 'lostReason', 'rank', 'account',
] as const;
export type DealImportField = (typeof DEAL_IMPORT_FIELDS)[number];

/**
 * Header names recognised for each lead field, compared by headerKey (so `Lead Source`,
 * `LeadSource` and `lead_source` are one). Each field's own name is recognised too
 * (`companySize`, `source.utm_source`), so an export by key imports back.
 */
export const LEAD_FIELD_ALIASES: Readonly<Record<LeadImportField, readonly string[]>> = {
  id: ['Lead ID', 'Record ID'],
  name: ['Lead Name', 'Full Name', 'Contact Name', 'Contact', '姓名', '联系人'],
  firstName: ['First Name', 'Given Name', 'First', '名'],
  lastName: ['Last Name', 'Surname', 'Family Name', 'Last', '姓'],
  email: ['E-mail', 'Email Address', 'Mail', '邮箱', '电子邮件', '电子邮箱'],
  phone: ['Phone Number', 'Telephone', 'Tel', 'Mobile', 'MobilePhone', 'Cell', 'Cell Phone', '电话', '手机', '手机号'],
  company: ['Company Name', 'Account', 'Account Name', 'Organization', 'Organisation', '公司', '公司名称'],
  title: ['Job Title', 'Position', '职位', '职务'],
  industry: ['行业'],
  companySize: ['NumberOfEmployees', 'No. of Employees', 'Employees', 'Number of Employees', 'Headcount', '员工数', '公司规模'],
  region: ['State', 'State/Province', 'Province', '地区', '省份'],
  country: ['Country Code', '国家'],
  message: ['Description', 'Notes', 'Note', 'Comments', 'Comment', '留言', '备注'],
  'source.utm_source': ['LeadSource', 'Lead Source', 'Source', 'Origin', 'utm_source', '来源'],
  'source.utm_medium': ['utm_medium', 'Medium'],
  'source.utm_campaign': ['utm_campaign'],
  'source.utm_term': ['utm_term'],
  'source.utm_content': ['utm_content'],
  'source.referrer': ['Referrer', 'Referer'],
  'source.page': ['Page', 'Landing Page', 'Page URL'],
  'source.campaign': ['Campaign', 'Campaign Name', '活动'],
  status: ['Lead Status', '状态'],
  createdAt: ['CreatedDate', 'Created Date', 'Created', 'Created On', 'Date Created', 'First Contact Date', '创建时间'],
  updatedAt: ['LastModifiedDate', 'Last Modified Date', 'Last Modified', 'Updated', 'Modified'],
  score: ['Lead Score'],
  grade: ['Lead Grade'],
  ownerId: ['Owner', 'OwnerId', 'Lead Owner', '负责人'],
  teamId: ['Team'],
  nurtureReason: [],
  reentryAt: [],
  duplicateOf: [],
};

/** Header names recognised for each deal field, like LEAD_FIELD_ALIASES. */
export const DEAL_FIELD_ALIASES: Readonly<Record<DealImportField, readonly string[]>> = {
  id: ['Opportunity ID', 'opportunity_id', 'Deal ID'],
  title: ['Name', 'Opportunity Name', 'Deal', 'Deal Name', '商机名称'],
  value: ['Amount', 'Value', 'close_value', 'Deal Value', '金额'],
  currency: ['CurrencyIsoCode', 'Currency Code', '币种'],
  stageId: ['StageName', 'Stage', 'Stage Name', 'deal_stage', '阶段'],
  ownerId: ['Owner', 'OwnerId', 'Opportunity Owner', 'Deal Owner', 'sales_agent', '负责人'],
  leadId: ['Lead ID'],
  probability: ['Probability (%)', 'Win Probability'],
  expectedClose: ['CloseDate', 'Close Date', 'close_date', 'Expected Close', 'Expected Close Date'],
  closedAt: ['Closed Date', 'Date Closed', 'Actual Close Date'],
  createdAt: ['CreatedDate', 'Created Date', 'engage_date', 'Created', 'Created On'],
  updatedAt: ['LastModifiedDate', 'Last Modified Date', 'Updated'],
  lastActivityAt: ['LastActivityDate', 'Last Activity', 'Last Activity Date'],
  lostReason: ['Lost Reason', 'Loss Reason', 'Closed Lost Reason'],
  rank: [],
  account: ['Account Name', 'Company', 'Customer'],
};

/** How a column's cells become a field value. */
type Kind = 'text' | 'number' | 'percent' | 'timestamp' | 'date' | 'leadStatus' | 'stage' | 'currency' | 'namePart';

const LEAD_KINDS: Readonly<Record<LeadImportField, Kind>> = {
  id: 'text', name: 'text', firstName: 'namePart', lastName: 'namePart', email: 'text', phone: 'text',
  company: 'text', title: 'text', industry: 'text', companySize: 'number', region: 'text', country: 'text',
  message: 'text', 'source.utm_source': 'text', 'source.utm_medium': 'text', 'source.utm_campaign': 'text',
  'source.utm_term': 'text', 'source.utm_content': 'text', 'source.referrer': 'text', 'source.page': 'text',
  'source.campaign': 'text', status: 'leadStatus', createdAt: 'timestamp', updatedAt: 'timestamp',
  score: 'number', grade: 'text', ownerId: 'text', teamId: 'text', nurtureReason: 'text', reentryAt: 'date',
  duplicateOf: 'text',
};

const DEAL_KINDS: Readonly<Record<DealImportField, Kind>> = {
  id: 'text', title: 'text', value: 'number', currency: 'currency', stageId: 'stage', ownerId: 'text',
  leadId: 'text', probability: 'percent', expectedClose: 'date', closedAt: 'timestamp', createdAt: 'timestamp',
  updatedAt: 'timestamp', lastActivityAt: 'timestamp', lostReason: 'text', rank: 'number', account: 'text',
};

/** Fields of a deal an unknown column must not overwrite. */
const DEAL_RESERVED: ReadonlySet<string> = new Set([...DEAL_IMPORT_FIELDS, 'pipelineId', 'status', 'history', '__proto__']);

/** Where one column goes: `record[top]`, or `record[top][sub]`. */
interface ColumnPlan {
  index: number;
  path: string;
  top: string;
  sub: string | undefined;
  kind: Kind;
}

/** The known fields of one record type and what to do with other headers. */
interface RecordSpec {
  aliases: ReadonlyMap<string, string>;
  kinds: Readonly<Record<string, Kind>>;
  /** Target of an unrecognised header, or null to ignore it. */
  unknown: (header: string) => string | null;
  /** Whether a target outside `kinds` (from the defaults or a caller's mapping) is allowed. */
  extra: (target: string) => boolean;
  /** Whether a dotted target (`source.page`, `custom.x`) names a field of a nested object. */
  nested: boolean;
}

function aliasIndex(aliases: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) {
    for (const name of [field, ...names]) {
      const key = headerKey(name);
      if (!index.has(key)) index.set(key, field);
    }
  }
  return index;
}

function customKey(target: string): string | undefined {
  const key = target.startsWith('custom.') ? target.slice(7) : '';
  return key !== '' && key !== '__proto__' ? key : undefined;
}

const LEAD_SPEC: RecordSpec = {
  aliases: aliasIndex(LEAD_FIELD_ALIASES),
  kinds: LEAD_KINDS,
  unknown: (header) => (customKey(header) ? header : header === '__proto__' ? null : `custom.${header}`),
  extra: (target) => customKey(target) !== undefined,
  nested: true,
};

const DEAL_SPEC: RecordSpec = {
  aliases: aliasIndex(DEAL_FIELD_ALIASES),
  kinds: DEAL_KINDS,
  unknown: (header) => (DEAL_RESERVED.has(header) ? null : header),
  extra: (target) => target !== '' && !DEAL_RESERVED.has(target),
  nested: false,
};

function planFor(spec: RecordSpec, target: string, index: number): ColumnPlan | undefined {
  const kind = Object.hasOwn(spec.kinds, target) ? spec.kinds[target] : spec.extra(target) ? 'text' : undefined;
  if (kind === undefined) return undefined;
  const dot = target.indexOf('.');
  const nested = spec.nested && dot > 0;
  return { index, path: target, top: nested ? target.slice(0, dot) : target, sub: nested ? target.slice(dot + 1) : undefined, kind };
}

interface Mapping {
  columns: ColumnPlan[];
  mapping: Record<string, string | null>;
  unmapped: string[];
}

function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The target of one header: the caller's choice, else an alias, else the unknown-header rule. */
function targetOf(spec: RecordSpec, header: string, override: Readonly<Record<string, string | null>> | undefined): [string | null, boolean] {
  if (override && Object.hasOwn(override, header)) {
    const chosen = override[header];
    return [typeof chosen === 'string' ? chosen : null, false];
  }
  if (header === '') return [null, false];
  const field = spec.aliases.get(headerKey(header));
  return field !== undefined ? [field, false] : [spec.unknown(header), true];
}

function mapHeader(spec: RecordSpec, header: readonly string[], override: ImportOptions['mapping'], errors: CsvError[], line: number): Mapping {
  const result: Mapping = { columns: [], mapping: {}, unmapped: [] };
  header.forEach((name, index) => {
    const [target, unknown] = targetOf(spec, name, override);
    if (unknown) result.unmapped.push(name);
    const plan = target === null ? undefined : planFor(spec, target, index);
    if (target !== null && !plan) {
      errors.push({ line, message: `The mapping for column ${quoted(name)} names an unknown field ${quoted(target)}, so the column is ignored.` });
    }
    if (plan) result.columns.push(plan);
    if (!Object.hasOwn(result.mapping, name)) setOwn(result.mapping, name, plan ? target : null);
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Import

/** Options shared by importLeads and importDeals. */
export interface ImportOptions extends CsvParseOptions {
  /** Header -> field path (`email`, `source.utm_source`, `custom.budget`, an extra deal field) or null to ignore the column. */
  mapping?: Readonly<Record<string, string | null>>;
  /** Values treated as empty (default DEFAULT_PLACEHOLDERS). */
  placeholders?: readonly string[];
  /** The import time (ISO string or ms): the default of createdAt and updatedAt. Default: the current time. */
  now?: string | number;
  /** Makes ids for rows without one (default: random UUIDs). */
  newId?: () => string;
  /** How to read dates such as 03/04/2024 (see parseDateCell). */
  dateOrder?: DateOrder;
}

/** Options of importDeals. */
export interface DealImportOptions extends ImportOptions {
  /** The pipeline deals go into; stage cells are matched against its stage ids and labels. */
  pipeline: Pipeline;
  /** Currency of rows without one (default: the pipeline's, else USD). */
  currency?: string;
}

/** What an import produced. */
export interface ImportResult<T> {
  /** Valid records, in file order. */
  records: T[];
  /** Every problem, by line; a row with any problem is not in `records`. */
  errors: CsvError[];
  /** Each header and the field it went to (null: ignored). */
  mapping: Record<string, string | null>;
  /** Headers that matched no known field: kept in `custom` (leads) or as extra fields (deals). */
  unmapped: string[];
  /** Data rows read (see CsvParseResult.rowCount). */
  rowCount: number;
  delimiter: CsvDelimiter;
}

type Draft = Record<string, unknown>;

/** Per-import state; caches hold the few distinct status and stage spellings a file has. */
interface ImportContext {
  placeholders: ReadonlySet<string>;
  decimalComma: boolean;
  dateOrder: DateOrder | undefined;
  now: string;
  newId: () => string;
  statusCache: Map<string, LeadStatus | null>;
  stages: Map<string, string>;
  stageCache: Map<string, string | null>;
  stageKinds: Map<string, StageKind>;
  pipelineName: string;
}

/** Per-row state, reset for each row. */
interface RowState {
  line: number;
  errors: CsvError[];
  failed: Set<string> | undefined;
  first: string | undefined;
  last: string | undefined;
}

/** Ways CRM exports spell lead statuses, by headerKey. */
const LEAD_STATUS_SYNONYMS: Readonly<Record<LeadStatus, readonly string[]>> = {
  new: ['Open - Not Contacted', 'Open', 'Not Contacted', 'Unassigned'],
  nurturing: ['Working - Contacted', 'Working', 'Contacted', 'In Progress', 'Nurture', 'Attempted to Contact'],
  mql: ['Marketing Qualified', 'Marketing Qualified Lead'],
  sql: ['Sales Qualified', 'Sales Qualified Lead', 'Qualified'],
  disqualified: ['Closed - Not Converted', 'Not Converted', 'Unqualified', 'Junk', 'Bad Timing'],
  converted: ['Closed - Converted', 'Customer'],
};
const STATUS_INDEX = aliasIndex(LEAD_STATUS_SYNONYMS) as ReadonlyMap<string, LeadStatus>;

// Only a strict ISO string (or ms) is a usable `now`: an import must not guess dates.
function isoNow(now: unknown): string | undefined {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? parseIsoDate(now) : null;
  return ms !== null && isDateMs(ms) ? toIso(ms) : undefined;
}

function createContext(options: ImportOptions, parsed: CsvParseResult, errors: CsvError[]): ImportContext {
  let now = isoNow(options.now ?? Date.now());
  if (now === undefined) {
    errors.push({ line: 0, message: 'The option now is not a valid date, so the current time was used.' });
    now = toIso(Date.now());
  }
  return {
    placeholders: new Set(['', ...(options.placeholders ?? DEFAULT_PLACEHOLDERS)].map((p) => p.trim())),
    decimalComma: parsed.delimiter === ';',
    dateOrder: options.dateOrder,
    now,
    newId: options.newId ?? randomId,
    statusCache: new Map(),
    stages: new Map(),
    stageCache: new Map(),
    stageKinds: new Map(),
    pipelineName: '',
  };
}

function fail(row: RowState, path: string, message: string): undefined {
  row.errors.push({ line: row.line, path, message });
  (row.failed ??= new Set()).add(path);
  return undefined;
}

function leadStatus(value: string, ctx: ImportContext): LeadStatus | null {
  let status = ctx.statusCache.get(value);
  if (status === undefined) {
    status = STATUS_INDEX.get(headerKey(value)) ?? null;
    ctx.statusCache.set(value, status);
  }
  return status;
}

function stageId(value: string, ctx: ImportContext): string | null {
  let id = ctx.stageCache.get(value);
  if (id === undefined) {
    id = ctx.stages.get(headerKey(value)) ?? null;
    ctx.stageCache.set(value, id);
  }
  return id;
}

function dateValue(value: string, path: string, ctx: ImportContext, row: RowState, dateTime: boolean): string | undefined {
  const cell = parseDateCell(value, { dateOrder: ctx.dateOrder, dateTime });
  return cell.ok ? cell.value : fail(row, path, cell.message);
}

/** The value of one non-empty cell, or undefined after recording why it is unusable. */
function convert(col: ColumnPlan, value: string, ctx: ImportContext, row: RowState): unknown {
  switch (col.kind) {
    case 'number': {
      const n = parseNumberCell(value, ctx.decimalComma);
      return n ?? fail(row, col.path, `must be a number (got ${quoted(value)})`);
    }
    case 'percent': {
      const p = parseProbability(value, ctx.decimalComma);
      return p ?? fail(row, col.path, `must be a percentage or a number between 0 and 1 (got ${quoted(value)})`);
    }
    case 'timestamp':
      return dateValue(value, col.path, ctx, row, true);
    case 'date':
      return dateValue(value, col.path, ctx, row, false);
    case 'leadStatus':
      return leadStatus(value, ctx) ?? fail(row, col.path, `must be a lead status such as ${LEAD_STATUSES.join(', ')} (got ${quoted(value)})`);
    case 'stage':
      return stageId(value, ctx) ?? fail(row, col.path, `must name a stage of pipeline ${quoted(ctx.pipelineName)} by id or label (got ${quoted(value)})`);
    case 'currency':
      return value.toUpperCase();
    default:
      return value;
  }
}

/** Sets a field unless an earlier column already filled it: the first non-empty value wins. */
function assign(draft: Draft, col: ColumnPlan, value: unknown, row: RowState): void {
  if (col.kind === 'namePart') {
    if (col.top === 'firstName') row.first ??= value as string;
    else row.last ??= value as string;
    return;
  }
  // hasOwn, not `=== undefined`: a column named `constructor` or `toString` must still be kept.
  if (col.sub === undefined) {
    if (!Object.hasOwn(draft, col.top)) draft[col.top] = value;
    return;
  }
  const inner = (draft[col.top] ??= {}) as Draft;
  if (!Object.hasOwn(inner, col.sub)) inner[col.sub] = value;
}

function fillDraft(cells: readonly string[], columns: readonly ColumnPlan[], ctx: ImportContext, row: RowState): Draft {
  const draft: Draft = {};
  for (const col of columns) {
    const value = (cells[col.index] ?? '').trim();
    if (ctx.placeholders.has(value)) continue;
    const converted = convert(col, value, ctx, row);
    if (converted !== undefined) assign(draft, col, converted, row);
  }
  return draft;
}

/** Keeps the record when the row converted cleanly and validates; else records the new problems. */
function accept(result: ValidationResult, row: RowState): boolean {
  for (const error of result.errors) {
    if (!row.failed?.has(error.path)) row.errors.push({ line: row.line, path: error.path, message: error.message });
  }
  return result.ok && row.failed === undefined;
}

function runImport<T>(
  text: string,
  options: ImportOptions,
  spec: RecordSpec,
  build: (draft: Draft, ctx: ImportContext, row: RowState) => ValidationResult,
  setup?: (ctx: ImportContext) => void,
): ImportResult<T> {
  const parsed = parseCsv(text, options);
  const errors: CsvError[] = [];
  const ctx = createContext(options, parsed, errors);
  setup?.(ctx);
  const { columns, mapping, unmapped } = mapHeader(spec, parsed.header, options.mapping, errors, parsed.headerLine);
  const records: T[] = [];
  const row: RowState = { line: 0, errors, failed: undefined, first: undefined, last: undefined };
  for (const { line, cells } of parsed.rows) {
    row.line = line;
    row.failed = row.first = row.last = undefined;
    const draft = fillDraft(cells, columns, ctx, row);
    if (accept(build(draft, ctx, row), row)) records.push(draft as T);
  }
  const all = [...parsed.errors, ...errors].sort((a, b) => a.line - b.line);
  return { records, errors: all, mapping, unmapped, rowCount: parsed.rowCount, delimiter: parsed.delimiter };
}

function buildLead(draft: Draft, ctx: ImportContext, row: RowState): ValidationResult {
  if (draft.name === undefined && (row.first !== undefined || row.last !== undefined)) {
    draft.name = [row.first, row.last].filter((part) => part !== undefined).join(' ');
  }
  if (draft.region === undefined && draft.country !== undefined) draft.region = draft.country;
  draft.id ??= ctx.newId();
  draft.status ??= 'new';
  draft.createdAt ??= ctx.now;
  draft.updatedAt ??= ctx.now;
  return validateLead(draft);
}

/**
 * Imports leads from CSV. Headers map onto lead fields by LEAD_FIELD_ALIASES (case, spaces and
 * punctuation ignored; Salesforce labels and API names included) unless `options.mapping` says
 * otherwise; other headers go to `custom` under their own name (a `custom.x` header to `custom.x`).
 * Cells are trimmed; placeholders are empty. When several columns map to one field the first
 * non-empty value wins. First and last name make `name` when there is no name column; `region`
 * falls back to `country`. Statuses accept CRM spellings ("Open - Not Contacted" is new, "Working -
 * Contacted" nurturing, "Closed - Converted" converted, "Closed - Not Converted" disqualified).
 * Numbers and dates are read by parseNumberCell (decimal comma in `;` files) and parseDateCell.
 * Rows without an id, status or timestamps get a new id, `new`, and `now`. Each record is checked
 * with validateLead; a row with any problem is left out and each problem is an error naming its
 * line and field, while the other rows import.
 */
export function importLeads(text: string, options: ImportOptions = {}): ImportResult<Lead> {
  return runImport<Lead>(text, options, LEAD_SPEC, buildLead);
}

/** Stage ids, labels and `won`/`lost`/`closed won`/`closed lost` by headerKey; the first stage wins a clash. */
function indexStages(pipeline: Pipeline, ctx: ImportContext): void {
  ctx.pipelineName = pipeline.name;
  const add = (name: string, id: string): void => {
    const key = headerKey(name);
    if (!ctx.stages.has(key)) ctx.stages.set(key, id);
  };
  for (const stage of pipeline.stages) {
    ctx.stageKinds.set(stage.id, stage.kind);
    add(stage.id, stage.id);
  }
  for (const stage of pipeline.stages) add(stage.label, stage.id);
  for (const stage of pipeline.stages) {
    if (stage.kind !== 'open') {
      add(stage.kind, stage.id);
      add(`closed ${stage.kind}`, stage.id);
    }
  }
}

function closingTime(date: unknown): string | undefined {
  const ms = parseIsoDate(date);
  return ms === null ? undefined : toIso(ms);
}

function dealBuilder(pipeline: Pipeline, currency: string) {
  return (draft: Draft, ctx: ImportContext): ValidationResult => {
    const stage = typeof draft.stageId === 'string' ? draft.stageId : undefined;
    const kind = stage === undefined ? undefined : ctx.stageKinds.get(stage);
    draft.id ??= ctx.newId();
    draft.title ??= draft.account ?? draft.id;
    draft.value ??= 0;
    draft.currency ??= currency;
    draft.pipelineId = pipeline.id;
    draft.status = kind ?? 'open';
    draft.createdAt ??= ctx.now;
    draft.updatedAt ??= ctx.now;
    const closed = kind === 'won' || kind === 'lost';
    if (closed && draft.closedAt === undefined) {
      const at = closingTime(draft.expectedClose);
      if (at !== undefined) draft.closedAt = at;
    }
    const leftAt = closed ? draft.closedAt : undefined;
    draft.history = stage === undefined ? [] : [{ stageId: stage, enteredAt: draft.createdAt, ...(leftAt !== undefined ? { leftAt } : {}) }];
    return validateDeal(draft, pipeline);
  };
}

/**
 * Imports deals into `options.pipeline`, like importLeads. Stage cells match a stage by id or label
 * (headerKey, so case and punctuation are ignored), and `Won`, `Lost`, `Closed Won`, `Closed Lost`
 * match the pipeline's first won or lost stage; an unknown stage is an error for that line. The
 * stage's kind sets `status`; a won or lost deal takes `closedAt` from its close date. History is one
 * visit of the current stage entered at `createdAt` (left at `closedAt` for closed deals). An empty
 * amount is 0; a probability above 1 is a percentage; currency defaults to `options.currency`, the
 * pipeline's, else USD; a row without a title is titled by its account, else its id. Other headers
 * are kept as extra fields under their own name, except names of deal fields (ignored). An invalid
 * pipeline gives errors on line 0 and no records.
 */
export function importDeals(text: string, options: DealImportOptions): ImportResult<Deal> {
  const pipeline = options?.pipeline;
  const checked = validatePipeline(pipeline);
  if (!checked.ok) {
    return {
      records: [], mapping: {}, unmapped: [], rowCount: 0, delimiter: ',',
      errors: checked.errors.map((e) => ({ line: 0, path: e.path === '' ? 'pipeline' : `pipeline.${e.path}`, message: e.message })),
    };
  }
  const currency = options.currency ?? pipeline.currency ?? 'USD';
  return runImport<Deal>(text, options, DEAL_SPEC, dealBuilder(pipeline, currency), (ctx) => indexStages(pipeline, ctx));
}

// ---------------------------------------------------------------------------------------------
// Export

/** A column of toCsv: the field (`key`, a dot path such as `source.utm_source` if not an own key) and its header. */
export interface CsvColumn {
  key: string;
  header?: string;
}

/** Options of toCsv. */
export interface ToCsvOptions {
  delimiter?: CsvDelimiter;
  /** Start with a UTF-8 byte order mark, so Excel reads non-ASCII text correctly. */
  bom?: boolean;
}

const NEEDS_QUOTES: Readonly<Record<CsvDelimiter, RegExp>> = { ',': /[",\r\n]/, ';': /[";\r\n]/, '\t': /["\t\r\n]/ };
/** First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value !== 'object' || value === null) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * One CSV cell. Finite numbers are written as numbers (with a decimal comma when the delimiter is
 * `;`) and never prefixed, even when negative; NaN and Infinity are empty. Text whose first
 * character is = + - @ tab or CR gets a leading `'` so spreadsheets show it instead of running it as
 * a formula. Booleans are `true`/`false`, dates ISO, objects and arrays JSON (empty if they cannot
 * be serialised), null, undefined, symbols and functions empty. A cell containing the delimiter, a
 * quote or a line break is quoted with quotes doubled (RFC 4180).
 */
export function csvCell(value: unknown, delimiter: CsvDelimiter = ','): string {
  const d = isDelimiter(delimiter) ? delimiter : ',';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return d === ';' ? String(value).replace('.', ',') : String(value);
  }
  let text = textOf(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES[d].test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellValue(row: unknown, key: string): unknown {
  if (typeof row !== 'object' || row === null) return undefined;
  try {
    return Object.hasOwn(row, key) ? (row as Record<string, unknown>)[key] : getPath(row, key);
  } catch {
    return undefined;
  }
}

/**
 * Rows as CSV text: a header line (`header`, else `key`) and one line per row, each ended by CRLF,
 * cells written by csvCell. An empty column list gives an empty string. Note that a row whose cells
 * are all empty reads back as a blank line, which parseCsv skips.
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly CsvColumn[], options: ToCsvOptions = {}): string {
  if (!Array.isArray(columns) || columns.length === 0) return '';
  const d = isDelimiter(options.delimiter) ? options.delimiter : ',';
  const line = (cells: unknown[]): string => cells.map((cell) => csvCell(cell, d)).join(d);
  const lines = [line(columns.map((c) => c.header ?? c.key))];
  for (const row of Array.isArray(rows) ? rows : []) lines.push(line(columns.map((c) => cellValue(row, c.key))));
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
