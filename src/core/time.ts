/**
 * Times as core reads and writes them: milliseconds since the epoch inside, ISO 8601 strings in
 * records. Shared by the modules so that every one reads a time the same way. Internal to core
 * (not exported from index.ts).
 */

/** Milliseconds in a day; core counts days as 86,400,000 ms (UTC, no daylight saving). */
export const DAY_MS = 86_400_000;

/** The farthest a `Date` reaches from the epoch, either way, in ms (about 273,790 years). */
export const MAX_DATE_MS = 8.64e15;

/** Whether `ms` is a time a `Date` can hold: finite and within ±`MAX_DATE_MS`. */
export function isDateMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/**
 * Milliseconds since the epoch from a finite number (taken as it is, even beyond what a `Date`
 * holds), a string `Date.parse` reads, or a valid `Date`; `null` for anything else, including
 * NaN, ±Infinity, an invalid `Date` and a string that does not parse.
 */
export function toMs(value: unknown): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = Date.parse(value);
  else if (value instanceof Date) ms = value.getTime();
  else return null;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `toMs(value)` when that is a time a `Date` can hold, else the current time: for a `now` that must
 * always give a usable date.
 */
export function msOrNow(value: unknown): number {
  const ms = toMs(value);
  return ms !== null && isDateMs(ms) ? ms : Date.now();
}

/**
 * An ISO 8601 string for a time: a string is returned as it is (records keep the time they were
 * given), a number of ms becomes UTC `toISOString()` form. A number a `Date` cannot hold (NaN,
 * ±Infinity, beyond ±`MAX_DATE_MS`) gives the current time, so this never throws.
 */
export function toIso(value: string | number): string {
  if (typeof value !== 'number') return value;
  return new Date(isDateMs(value) ? value : Date.now()).toISOString();
}
