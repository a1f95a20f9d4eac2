/** A failed read or write as a sentence for the person: storage failures they can act on in their language, others as reported. */
import { StorageError } from '../storage/errors.js';
import type { LocalizeController } from './localize.js';

/** The sentence for `error` in the element's language. */
export function errorText(localize: LocalizeController, error: unknown): string {
  if (error instanceof StorageError) {
    if (error.code === 'blocked') return localize.term('storageBlocked');
    if (error.code === 'unavailable') return localize.term('storageUnavailable');
    if (error.code === 'quota') return localize.term('storageQuota');
  }
  return error instanceof Error ? error.message : String(error);
}
