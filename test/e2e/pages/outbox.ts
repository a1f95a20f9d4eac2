/**
 * A page with one REST repository (endpoint, key and database from the query string), for the
 * end-to-end chaos test: `window.l2c` writes leads, reads the outbox, and closes.
 */
import type { Lead } from '../../../src/core/model.js';
import { RestRepository } from '../../../src/storage/rest.js';

const params = new URLSearchParams(location.search);
const repo = new RestRepository({
  endpoint: params.get('endpoint')!,
  apiKey: params.get('key')!,
  dbName: params.get('db')!,
  // Quicker retries than a real page's, so a run with hundreds of faults ends in a minute.
  backoff: { baseMs: 50, maxMs: 1000 },
  pollIntervalMs: 0,
});

Object.assign(window, {
  l2c: {
    async write(leads: Lead[]): Promise<void> {
      for (const lead of leads) await repo.leads.put(lead);
    },
    async outbox(): Promise<{ pending: number; dead: number }> {
      return { pending: (await repo.outbox.pending()).length, dead: (await repo.outbox.deadLetters()).length };
    },
  },
});
