/**
 * Sample data on first start: a generated data set (test/generate.ts) of three pipelines, hundreds
 * of deals with stage histories, leads with UTM sources and open activities, written into whichever
 * store is active when it is empty.
 *
 * IndexedDB: through the repository (`putMany`, one transaction per chunk).
 * REST: `npm start` puts the sample data on its server itself (scripts/demo-setup.ts, with an admin
 * key). A page finding another server empty puts it there with its own key, straight to the server
 * with `PUT /{collection}/{id}`, eight at a time, then one pull into the adapter's cache (pipelines
 * need an admin key: with a member key the seed fails and says so). A PUT is idempotent, so a seed
 * interrupted by a reload is simply done again.
 */
import { scoreLeads, type Deal, type Lead, type Pipeline, type Activity } from '../src/core/index.js';
import type { Repository } from '../src/storage/index.js';
import { RestRepository } from '../src/storage/index.js';
import { generateDataset, type Dataset } from '../test/generate.js';
import { DEMO_SCORING } from './scoring.js';

/** How much sample data the demo adds. */
export const SAMPLE = { deals: 400, leads: 250 } as const;

/** The sample data, relative to today, with leads scored against the demo's profile. */
export function sampleData(now = new Date()): Dataset {
  const data = generateDataset({ seed: 2026, deals: SAMPLE.deals, leads: SAMPLE.leads, now: now.toISOString(), currency: 'USD' });
  const scores = scoreLeads(data.leads, [], DEMO_SCORING, now.getTime());
  data.leads = data.leads.map((lead, i) => ({ ...lead, score: scores[i]!.score, grade: scores[i]!.grade }));
  return data;
}

/** What a seed added. */
export interface SeedReport {
  pipelines: number;
  deals: number;
  leads: number;
}

/** The server answered, but refused the page's key (HTTP 401 or 403). */
export class KeyRefused extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const bearer = (key: string): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

/**
 * Whether the REST server answers, and whether it holds any pipeline (undefined for a key that may
 * not read, such as the marketing page's form key: only /health is asked). Throws KeyRefused when
 * the server refuses the key, and a network error when it is unreachable.
 */
export async function probeServer(endpoint: string, key: string, canRead = true, timeoutMs = 4000): Promise<{ empty?: boolean }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${endpoint}${canRead ? '/pipelines?limit=1' : '/health'}`, {
      headers: { accept: 'application/json', ...(canRead ? bearer(key) : {}) }, signal: controller.signal,
    });
    if (response.status === 401 || response.status === 403) throw new KeyRefused(response.status);
    if (!response.ok) throw new Error(`GET /pipelines answered HTTP ${response.status}`);
    if (!canRead) return {};
    const page = await response.json() as { items?: unknown[] };
    return { empty: !page.items || page.items.length === 0 };
  } finally {
    clearTimeout(timer);
  }
}

async function putAll(endpoint: string, key: string, collection: string, records: readonly { id: string }[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const record = records[next++]!;
      const response = await fetch(`${endpoint}/${collection}/${encodeURIComponent(record.id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': crypto.randomUUID(), ...bearer(key) },
        body: JSON.stringify(record),
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => undefined) as { title?: string; errors?: { path: string; message: string }[] } | undefined;
        const first = problem?.errors?.[0];
        throw new Error(`PUT /${collection}/${record.id}: HTTP ${response.status}${first ? ` (${first.path}: ${first.message})` : problem?.title ? ` (${problem.title})` : ''}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Adds the sample data when the store is empty; resolves to what was added, or undefined when nothing was needed. */
export async function seedIfEmpty(repository: Repository, onSeeding: () => void = () => {}, key = ''): Promise<SeedReport | undefined> {
  if (repository instanceof RestRepository) {
    const { empty } = await probeServer(repository.endpoint, key);
    if (!empty) {
      await repository.sync();
      return undefined;
    }
    onSeeding();
    const data = sampleData();
    await putAll(repository.endpoint, key, 'pipelines', data.pipelines);
    await putAll(repository.endpoint, key, 'deals', data.deals);
    await putAll(repository.endpoint, key, 'leads', data.leads);
    await putAll(repository.endpoint, key, 'activities', data.activities);
    await repository.sync();
    return { pipelines: data.pipelines.length, deals: data.deals.length, leads: data.leads.length };
  }
  // Two tabs opening the demo at once seed once; the generator is deterministic, so a race would only rewrite the same records.
  const run = async (): Promise<SeedReport | undefined> => {
    if (await repository.pipelines.count() > 0) return undefined;
    onSeeding();
    const data = sampleData();
    await repository.pipelines.putMany(data.pipelines as Pipeline[]);
    await repository.deals.putMany(data.deals as Deal[]);
    await repository.leads.putMany(data.leads as Lead[]);
    await repository.activities.putMany(data.activities as Activity[]);
    return { pipelines: data.pipelines.length, deals: data.deals.length, leads: data.leads.length };
  };
  return navigator.locks ? navigator.locks.request('l2c-demo-seed', run) : run();
}
