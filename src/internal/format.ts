/**
 * Intl formatting helpers. Formatters are cached per locale and options: a board of 10,000 cards
 * formats money 20,000 times and constructing Intl objects dominates that.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      // An invalid currency code from data must not break rendering.
      return new Intl.NumberFormat(locale, { ...options, style: 'decimal', currency: undefined });
    }
  });
}

/** Money in `currency`, e.g. "$12,500" or "¥12,500"; whole units unless the value has cents. */
export function formatMoney(value: number, currency: string, locale: string, options: { compact?: boolean } = {}): string {
  if (!Number.isFinite(value)) return '—';
  const whole = Number.isInteger(value);
  return numberFormat(locale, {
    style: 'currency',
    currency: /^[A-Z]{3}$/i.test(currency) ? currency.toUpperCase() : 'USD',
    ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : whole ? { maximumFractionDigits: 0 } : {}),
  }).format(value);
}

/** A ratio (0.25) as a percentage ("25%"); null or non-finite gives "—". */
export function formatPercent(ratio: number | null | undefined, locale: string, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** A plain number with grouping ("12,345"). */
export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A date (ISO string or ms) in the locale's medium style; invalid input gives "—". */
export function formatDate(value: string | number | undefined, locale: string, style: 'short' | 'medium' | 'long' = 'medium'): string {
  if (value === undefined) return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return '—';
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return cached(`d|${locale}|${style}|${dateOnly}`, () =>
    // A bare date is a calendar day: show it in UTC so it never shifts a day with the time zone.
    new Intl.DateTimeFormat(locale, { dateStyle: style, ...(dateOnly ? { timeZone: 'UTC' } : {}) })).format(ms);
}

/** "3 days ago" / "in 2 days" relative to `now`. */
export function formatRelativeDays(value: string | number, now: number, locale: string): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return '—';
  const days = Math.round((ms - now) / 86_400_000);
  return cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(days, 'day');
}

/**
 * A date with its time ("Nov 3, 2026, 10:00 AM"); `short` leaves out the year ("Nov 3, 10:00 AM"),
 * for a card. A bare date (`YYYY-MM-DD`) has no time; invalid input gives "—".
 */
export function formatDateTime(value: string | number | undefined, locale: string, short = false): string {
  const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (dateOnly && !short) return formatDate(value, locale);
  const ms = typeof value === 'number' ? value : Date.parse(value ?? '');
  if (!Number.isFinite(ms)) return '—';
  return cached(`t|${locale}|${short}|${dateOnly}`, () => new Intl.DateTimeFormat(locale, short
    ? { month: 'short', day: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : { hour: 'numeric', minute: '2-digit' }) }
    : { dateStyle: 'medium', timeStyle: 'short' })).format(ms);
}

/** The user's calendar day at `ms` (`YYYY-MM-DD` in the browser's zone) and when that day ends (ms). */
export function localDay(ms: number): { today: string; dayEnd: number } {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    today: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    dayEnd: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime(),
  };
}

/** A locale Intl accepts: the requested tag (en-GB formats as in Britain), else the resolved one (`en`, `zh-CN`). */
export function intlLocale(requested: string, resolved: string): string {
  try {
    return Intl.getCanonicalLocales(requested)[0] ?? resolved;
  } catch {
    return resolved;
  }
}
