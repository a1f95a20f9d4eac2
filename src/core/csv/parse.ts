/**
 * CSV parsing (DESIGN.md section 7). Parsing is RFC 4180 by d3-dsv; this module adds BOM and
 * delimiter handling, physical line numbers for every record and per-line errors.
 */
import { dsvFormat } from 'd3-dsv';
import type { DSV } from 'd3-dsv';
import { isDelimiter } from './util.js';

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

function formatFor(delimiter: CsvDelimiter): DSV {
  let format = FORMATS.get(delimiter);
  if (!format) FORMATS.set(delimiter, (format = dsvFormat(delimiter)));
  return format;
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

