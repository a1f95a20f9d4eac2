/** In the browser: fill IndexedDB past a small quota through the repository and report what happened. */
import { IndexedDbRepository } from '../../../src/storage/indexeddb.js';
import { StorageError } from '../../../src/storage/errors.js';

const lead = (id: string, message?: string) => ({
  id, createdAt: '2026-05-01T10:00:00.000Z', updatedAt: '2026-05-01T10:00:00.000Z', status: 'new' as const, name: `Lead ${id}`,
  ...(message ? { message } : {}),
});

(window as unknown as { scenario: () => Promise<unknown> }).scenario = async () => {
  const repo = new IndexedDbRepository({ dbName: 'quota' });
  await repo.leads.put(lead('kept'));
  // Random text: browsers compress stored values, so repeated characters would still fit.
  const noise = () => Array.from(crypto.getRandomValues(new Uint32Array(16_000)), (x) => x.toString(36)).join('');
  let error: unknown;
  try {
    await repo.leads.putMany(Array.from({ length: 20 }, (_, i) => lead(`big-${i}`, noise())));
  } catch (e) {
    error = e;
  }
  const kept = await repo.leads.get('kept');
  return {
    typed: error instanceof StorageError,
    code: (error as StorageError | undefined)?.code,
    message: (error as Error | undefined)?.message,
    kept: kept?.name,
  };
};
