/**
 * Strings the database cannot store: a NUL (U+0000) or an unpaired surrogate makes PostgreSQL
 * throw, so they are refused before any query, naming where they are.
 */
import { formatPath } from './schemas.js';

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Whether `s` can be stored as text: no NUL and no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The paths (`source.utm_source`, `custom["a b"]`) of strings or keys in `value` that cannot be stored. */
export function unstorableTextPaths(value: unknown, limit = 20): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (out.length >= limit) return;
    if (typeof v === 'string') {
      if (!isStorableText(v)) out.push(formatPath(path));
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        // A bad key is named by the path of its parent and the key as far as it can be shown.
        if (!isStorableText(key)) out.push(formatPath([...path, key.replace(UNSTORABLE_ALL, '\uFFFD')]));
        else walk(item, [...path, key]);
      }
    }
  };
  walk(value, []);
  return out;
}

/** The message for such a field. */
export const UNSTORABLE_MESSAGE = 'contains a character that cannot be stored (NUL, U+0000, or an unpaired surrogate)';
