/** Reading number and date cells as spreadsheets and CRM exports write them. */
import { parseIsoDate } from '../validate.js';
import { toIso } from '../time.js';
import type { DateOrder } from './parse.js';
import { quoted } from './util.js';

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

