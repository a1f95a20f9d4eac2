/**
 * Calendar periods (UTC months and quarters) and the `asOf` cut-off of a forecast. Internal to the
 * forecast modules.
 */
import { DAY_MS, isDateMs } from '../time.js';

/** The period lengths a forecast knows. */
export const FORECAST_PERIODS = ['month', 'quarter'] as const;
export type ForecastPeriod = (typeof FORECAST_PERIODS)[number];

/** A span of time in ms, `end` exclusive. */
export interface Span {
  startMs: number;
  endMs: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Throws a RangeError naming `name` unless `period` is `'month'` or `'quarter'`. */
export function checkPeriod(period: unknown, name: string): ForecastPeriod {
  if (period === 'month' || period === 'quarter') return period;
  throw new RangeError(`${name} must be 'month' or 'quarter', got ${JSON.stringify(period) ?? String(period)}`);
}

/**
 * The instant everything known at `value` happened before (exclusive). A date without a time
 * (`2017-04-15`) means the end of that day, so what was dated that day is known; a date-time is
 * the instant itself. Throws a RangeError naming `name` for anything else.
 */
export function cutoffOf(value: unknown, name: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (typeof value !== 'string' || !isDateMs(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new RangeError(`${name} must be an ISO 8601 date or date-time, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return DATE_ONLY.test(value) ? ms + DAY_MS : ms;
}

/** The instant `asOf` names, for finding its period (a date means its start, a date-time itself). */
export function instantOf(value: string): number {
  return Date.parse(value);
}

/** The period (UTC) that contains `ms`. */
export function periodContaining(ms: number, period: ForecastPeriod): Span {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = period === 'month' ? d.getUTCMonth() : d.getUTCMonth() - (d.getUTCMonth() % 3);
  const step = period === 'month' ? 1 : 3;
  return { startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + step, 1) };
}

/** The period after `span`. */
export function nextPeriod(span: Span, period: ForecastPeriod): Span {
  return periodContaining(span.endMs, period);
}

/** The period before `span`. */
export function previousPeriod(span: Span, period: ForecastPeriod): Span {
  return periodContaining(span.startMs - 1, period);
}

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
