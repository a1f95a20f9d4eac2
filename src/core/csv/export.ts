/** CSV export that is safe against formula injection. */
import { getPath } from '../predicate.js';
import type { CsvDelimiter } from './parse.js';
import { isDelimiter } from './util.js';


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
