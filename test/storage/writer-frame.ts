/** A page that writes leads through its own RestRepository, for the reload-half-way chaos test. */
import type { Lead } from '../../src/core/model.js';
import { RestRepository } from '../../src/storage/rest.js';

const params = new URLSearchParams(location.search);
const repo = new RestRepository({
  endpoint: params.get('endpoint')!,
  dbName: params.get('dbName')!,
  backoff: { baseMs: 10, maxMs: 100 },
  pollIntervalMs: 0,
});

addEventListener('message', async (event: MessageEvent<{ type: string; leads: Lead[] }>) => {
  if (event.data?.type !== 'write') return;
  try {
    for (const lead of event.data.leads) await repo.leads.put(lead);
    parent.postMessage({ type: 'written' }, '*');
  } catch (error) {
    parent.postMessage({ type: 'error', message: String(error) }, '*');
  }
});
