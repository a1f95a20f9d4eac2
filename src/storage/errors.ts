/** Typed storage errors: the user must be told, never left with a silent failure. */

/** Codes of storage failures. */
export const STORAGE_ERROR_CODES = ['blocked', 'unavailable', 'quota', 'outdated', 'closed', 'failed'] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

const MESSAGES: Record<StorageErrorCode, string> = {
  blocked: 'The database is being upgraded but another tab of this site still has it open. Close the other tabs and try again.',
  unavailable: 'This browser does not allow storing data here (private browsing, or storage turned off).',
  quota: 'The browser storage for this site is full. Free some space and try again.',
  outdated: 'A newer version of this page upgraded the database in another tab. Reload this page.',
  closed: 'The database connection was closed.',
  failed: 'The browser failed to store data.',
};

/** A storage failure with a code an element can translate. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(readonly code: StorageErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code], options);
  }
}

/** Maps a DOMException or IndexedDB failure onto a `StorageError` (other errors pass through). */
export function toStorageError(error: unknown): Error {
  if (error instanceof StorageError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as { message?: unknown } | null)?.message;
  const detail = typeof message === 'string' ? message : undefined;
  switch (name) {
    case 'QuotaExceededError':
      return new StorageError('quota', detail, { cause: error });
    case 'SecurityError':
    case 'InvalidStateError':
      return new StorageError('unavailable', detail, { cause: error });
    case 'VersionError':
      return new StorageError('outdated', detail, { cause: error });
    case 'UnknownError':
    case 'AbortError':
    case 'DataError':
    case 'DataCloneError':
    case 'TransactionInactiveError':
      return new StorageError('failed', detail, { cause: error });
    default:
      return error instanceof Error ? error : new StorageError('failed', String(error), { cause: error });
  }
}
