/** Helpers shared by the CSV modules; not part of the public API. */
import { CSV_DELIMITERS } from './parse.js';
import type { CsvDelimiter } from './parse.js';

export function isDelimiter(value: unknown): value is CsvDelimiter {
  return (CSV_DELIMITERS as readonly unknown[]).includes(value);
}

/** A cell value for a message: JSON-quoted, cut at 40 characters. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
