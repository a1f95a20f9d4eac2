/** Storage adapters behind one Repository interface (DESIGN.md section 4). */
export * from './types.js';
export { StorageError, STORAGE_ERROR_CODES, toStorageError, type StorageErrorCode } from './errors.js';
export { MemoryRepository } from './memory.js';
export { IndexedDbRepository, type IndexedDbOptions, type ConnectionStatus } from './indexeddb.js';
export { DB_VERSION, MIGRATIONS, type OutboxEntry, type DeadLetter } from './schema.js';
export { RestRepository, Outbox, type RestOptions, type OutboxEvent } from './rest.js';
export { sweepRouting, InvalidSettingsError, type RecordProblem } from './routing-write.js';
