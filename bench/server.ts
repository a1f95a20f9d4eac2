/**
 * Benchmark of the reference server: POST /leads throughput and latency over loopback, on PGlite
 * in memory. A bounded load: 2,000 form-like leads at concurrency 16, each with its own
 * Idempotency-Key (the rate limit is off for the run), after 100 unmeasured warm-up requests.
 * The load generator shares the process (and the event loop) with the server, so the figures are
 * conservative. Reported, never asserted in tests. Run alone: `npx tsx bench/server.ts`.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { startServer } from '../server/app.js';

export interface BenchRow {
  name: string;
  value: string;
  budget?: string;
  ok?: boolean;
}

const REQUESTS = 2000;
const CONCURRENCY = 16;
const WARMUP = 100;

function formLead(i: number): string {
  return JSON.stringify({
    id: randomUUID(),
    status: 'new',
    name: `Bench Person ${i}`,
    email: `person${i}@example.com`,
    company: 'Example GmbH',
    phone: '+49 30 1234567',
    message: 'We would like a demo of the pipeline board for our sales team of twelve people. '.repeat(2),
    source: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring', page: 'https://example.com/contact' },
    consent: { text: 'I agree to be contacted.', version: 'c0ffee', at: new Date().toISOString() },
    _hp: '',
    _elapsedMs: 8000,
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Sends `count` POST /leads with `concurrency` in flight; returns each latency in ms and the failures. */
async function load(url: string, count: number, concurrency: number, offset: number): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = offset + next++;
      const body = formLead(i);
      const started = performance.now();
      const res = await fetch(`${url}/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body,
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      if (res.status !== 201) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failures };
}

export async function benchServer(): Promise<BenchRow[]> {
  const server = await startServer({ pgliteDir: 'memory://', rateLimitLeads: 0 });
  try {
    await load(server.url, WARMUP, CONCURRENCY, 0);
    const started = performance.now();
    const { latencies, failures } = await load(server.url, REQUESTS, CONCURRENCY, WARMUP);
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const label = `server POST /leads (PGlite, ${REQUESTS} requests, concurrency ${CONCURRENCY})`;
    return [
      { name: `${label}: throughput`, value: `${Math.round(REQUESTS / seconds)} req/s` },
      { name: `${label}: p50 latency`, value: `${percentile(sorted, 50).toFixed(1)} ms` },
      { name: `${label}: p99 latency`, value: `${percentile(sorted, 99).toFixed(1)} ms` },
      { name: `${label}: responses other than 201`, value: String(failures), budget: '0', ok: failures === 0 },
    ];
  } finally {
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchServer();
  for (const row of rows) {
    const verdict = row.ok === undefined ? '' : row.ok ? '  ok' : '  OVER BUDGET';
    console.log(`${row.name}: ${row.value}${row.budget ? ` (budget ${row.budget})` : ''}${verdict}`);
  }
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
