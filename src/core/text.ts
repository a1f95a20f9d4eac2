/**
 * Characters that must never reach storage or the server: a NUL (U+0000), which PostgreSQL text
 * cannot hold, and an unpaired UTF-16 surrogate, which has no UTF-8 form. They come from pasted
 * text or a link such as `?utm_source=%00`. `badCharacterPaths` finds them in any JSON value and
 * names where; `cleanText` and `cleanStrings` make text safe to store. Also the fill time a lead
 * form and the server agree on.
 */

/** The shortest time (ms) a person takes to fill a lead form: faster is a sign of a bot (form and server default). */
export const DEFAULT_MIN_FILL_MS = 2000;

// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units:
// no `u` flag, which would not see lone surrogates).
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// C0 control characters other than tab, line feed and carriage return (finding them is the point).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\0-\x08\x0b\x0c\x0e-\x1f]/g;

/** Whether `text` holds a NUL or an unpaired surrogate. */
export function hasBadCharacters(text: string): boolean {
  // `search` ignores the `g` flag's lastIndex.
  return text.includes('\0') || text.search(LONE) >= 0;
}

/**
 * The paths (as validate.ts names them: `source.utm_source`, `custom.notes`, `tags[2]`) of every
 * string in `value` that holds a NUL or an unpaired surrogate; a bad object key names its own path.
 * `[]` when there is none; `''` is `value` itself.
 */
export function badCharacterPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return hasBadCharacters(value) ? [path] : [];
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...badCharacterPaths(item, `${path}[${i}]`)));
    return found;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (hasBadCharacters(key)) found.push(at);
    found.push(...badCharacterPaths(item, at));
  }
  return found;
}

/**
 * `text` made safe to store: C0 control characters other than tab, line feed and carriage return
 * (NUL among them) removed, and each unpaired surrogate replaced by U+FFFD (as a UTF-8 encoder does).
 */
export function cleanText(text: string): string {
  return text.replace(LONE, '\ufffd').replace(CONTROLS, '');
}

/**
 * `value` with `cleanText` applied to every string in it, object keys included: a copy where
 * something changed, the same value where nothing did. Arrays and objects are entered by their own
 * enumerable properties (a Date or other object with none is kept as it is).
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (!value || typeof value !== 'object') return value;
  let changed = false;
  const out: Record<string, unknown> = Array.isArray(value) ? [] as unknown as Record<string, unknown> : {};
  for (const [key, item] of Object.entries(value)) {
    const k = cleanText(key);
    const v = cleanStrings(item);
    changed ||= k !== key || v !== item;
    // Defined, not assigned: a key "__proto__" (JSON.parse makes it an own property) stays data
    // instead of setting the copy's prototype and vanishing.
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return (changed ? out : value) as T;
}
