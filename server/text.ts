/**
 * Strings the database cannot store: a NUL (U+0000) or an unpaired surrogate makes PostgreSQL
 * throw, so they are refused before any query, naming where they are. The rule is the core's
 * (src/core/text.ts), the same the browser applies before a write enters its outbox.
 */
import { badCharacterPaths, hasBadCharacters } from '../src/core/text.js';

/** Whether `s` can be stored as text: no NUL and no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !hasBadCharacters(s);
}

/** The paths (`source.utm_source`, `custom.notes`) of strings or keys in `value` that cannot be stored. */
export function unstorableTextPaths(value: unknown, limit = 20): string[] {
  return badCharacterPaths(value).slice(0, limit);
}

/** The message for such a field. */
export const UNSTORABLE_MESSAGE = 'contains a character that cannot be stored (NUL, U+0000, or an unpaired surrogate)';
