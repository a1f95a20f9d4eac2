/**
 * Benchmark of the reference server over loopback, on PGlite in memory (the embedded default) and
 * on PostgreSQL (TEST_DATABASE_URL, or a throwaway cluster; skipped without one):
 * - POST /leads throughput and latency with a form key: 2,000 form-like leads at concurrency 16,
 *   each with its own Idempotency-Key (the rate limit is off for this part), after 100 unmeasured
 *   warm-up requests. Before keys existed (issue 12) this measured 370-473 req/s unauthenticated.
 * - Floods: 1,000 POST /leads with a form key from one address (the default limit of 60 a minute
 *   applies; sent by a process at the lowest CPU priority, as from another machine) while a member
 *   writes deals at concurrency 4; the member's p99 latency beside its p99
 *   alone, in alternating rounds (issue 12 asks for at most 2x).
 * The server runs as `npm run server` does, in a process of its own (`server/main.ts`), so the load
 * generator does not share its event loop. Reported, never asserted in
 * tests. Run alone: `npx tsx bench/server.ts`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startInstance, testSchema, type Instance } from '../test/support/instances.js';
import { NO_POSTGRES, postgres } from './postgres.js';

export interface BenchRow {
  name: string;
  value: string;
  budget?: string;
  ok?: boolean;
}

const REQUESTS = 2000;
const CONCURRENCY = 16;
const WARMUP = 100;
const ROUNDS = 3;

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

// node:http with kept-alive connections costs the load generator a fifth of what fetch does: on a
// machine of two cores the generator would otherwise take the CPU the server is measured on.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs `body` as JSON; the status once the response has been read to its end. */
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` POST /leads with `concurrency` in flight; returns each latency in ms and the failures. */
async function load(url: string, key: string, count: number, concurrency: number, offset: number, expect = 201): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = offset + next++;
      const body = formLead(i);
      const started = performance.now();
      const status = await post(`${url}/leads`, { 'idempotency-key': randomUUID(), authorization: `Bearer ${key}` }, body);
      latencies.push(performance.now() - started);
      if (status !== expect && !(expect === 429 && status === 201)) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failures };
}

/**
 * A member writing deals at `concurrency`: `count` requests, or, with `until`, for as long as that
 * promise is pending (and at least `count`). Latencies in ms, sorted.
 */
async function memberWrites(url: string, key: string, count: number, concurrency: number, until?: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  let pending = until !== undefined;
  void until?.finally(() => { pending = false; });
  async function worker(): Promise<void> {
    while (next++ < count || pending) {
      const started = performance.now();
      const status = await post(`${url}/deals`, { authorization: `Bearer ${key}` },
        JSON.stringify({ title: 'Bench deal', value: 1000, currency: 'EUR', pipelineId: 'p', stageId: 'lead' }));
      if (status !== 201) throw new Error(`member write answered ${status}`);
      latencies.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

/**
 * A flood sent by another process at the lowest CPU priority (nice 19): on one machine of two
 * cores, a flooding client in the benchmark's own process took the CPU that the server and its
 * database are measured on, which an attacker on another machine does not. Resolves to the answers
 * other than 201/429.
 */
function floodFromElsewhere(url: string, key: string, count: number, offset: number): { started: Promise<void>; done: Promise<number> } {
  const child = spawn('nice', ['-n', '19', process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), '--flood', url, key, String(count), String(offset)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => { started = resolve; });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('sending\n')) started();
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      started();
      if (code === 0) resolve(Number(out.replace('sending\n', '').trim()));
      else reject(new Error(`the flood exited with ${code}`));
    });
  });
  return { started: startedP, done };
}

/**
 * The flood, on PGlite (in the server's process: every request it answers, even a 429, takes time
 * from the database's thread) or PostgreSQL (its own processes, as a deployed team server runs):
 * the default form limit applies; ROUNDS times, a member writes alone (150 deals), then while 1,000
 * form-key POST /leads from one address are in flight. Alternating keeps the machine's other load
 * from favouring either side. The member's p99 over all rounds, alone and during the floods.
 */
async function floodRows(db: string, env: Record<string, string>): Promise<BenchRow[]> {
  const { server, key } = await serve({ RATE_LIMIT_LEADS: '60', ...env });
  try {
    const form = await key('form');
    const member = await key('member');
    await memberWrites(server.url, member, 100, 4);
    const quiet: number[] = [];
    const busy: number[] = [];
    let failures = 0;
    let floodMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      quiet.push(...await memberWrites(server.url, member, 150, 4));
      const flood = floodFromElsewhere(server.url, form, 1000, round * 1000);
      // The member's writes count as during the flood from its first request on.
      await flood.started;
      const began = performance.now();
      busy.push(...await memberWrites(server.url, member, 0, 4, flood.done));
      failures += await flood.done;
      floodMs += performance.now() - began;
    }
    quiet.sort((x, y) => x - y);
    busy.sort((x, y) => x - y);
    const quietP99 = percentile(quiet, 99);
    const busyP99 = percentile(busy, 99);
    const label = `server (${db}): a member writing deals during floods of 1,000 form-key POST /leads from one address (${ROUNDS} rounds)`;
    return [
      { name: `${label}: member p99 alone`, value: `${quietP99.toFixed(1)} ms (${quiet.length} writes)` },
      { name: `${label}: member p99 during the floods`, value: `${busyP99.toFixed(1)} ms (${(busyP99 / quietP99).toFixed(2)}x, ${busy.length} writes)`, budget: '2x', ok: busyP99 <= 2 * quietP99 },
      { name: `${label}: flood answers other than 201/429`, value: String(failures), budget: '0', ok: failures === 0 },
      { name: `${label}: the floods' rate`, value: `${Math.round((ROUNDS * 1000) / (floodMs / 1000))} requests/s` },
    ];
  } finally {
    await server.stop();
  }
}

const ADMIN = 'bench-operator-token-0123456789abcdef';

/** A server process on PGlite in memory, and keys of a new workspace made through the admin API. */
async function serve(env: Record<string, string> = {}): Promise<{ server: Instance; url: string; key(role: string): Promise<string> }> {
  const server = await startInstance({ PGLITE_DIR: 'memory://', ADMIN_TOKEN: ADMIN, ...env });
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: string; key: string }>;
  };
  const ws = await call('/admin/workspaces', { name: 'bench' });
  return { server, url: server.url, key: async (role) => (await call(`/admin/workspaces/${ws.id}/keys`, { role, label: role })).key };
}

/** POST /leads with a form key at concurrency 16, the rate limit off. */
async function throughputRows(db: string, env: Record<string, string>): Promise<BenchRow[]> {
  const { server, key } = await serve({ RATE_LIMIT_LEADS: '0', ...env });
  try {
    const form = await key('form');
    await load(server.url, form, WARMUP, CONCURRENCY, 0);
    const started = performance.now();
    const { latencies, failures } = await load(server.url, form, REQUESTS, CONCURRENCY, WARMUP);
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const label = `server POST /leads with a form key (${db}, ${REQUESTS} requests, concurrency ${CONCURRENCY}; 370 req/s on PGlite before keys)`;
    return [
      { name: `${label}: throughput`, value: `${Math.round(REQUESTS / seconds)} req/s` },
      { name: `${label}: p50 latency`, value: `${percentile(sorted, 50).toFixed(1)} ms` },
      { name: `${label}: p99 latency`, value: `${percentile(sorted, 99).toFixed(1)} ms` },
      { name: `${label}: responses other than 201`, value: String(failures), budget: '0', ok: failures === 0 },
    ];
  } finally {
    await server.stop();
  }
}

export async function benchServer(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...await throughputRows('PGlite', {}));
  rows.push(...await floodRows('PGlite', {}));
  const pg = await postgres();
  if (!pg) rows.push({ name: 'server: flood on PostgreSQL', value: NO_POSTGRES });
  else {
    try {
      for (const measure of [throughputRows, floodRows]) {
        const schema = await testSchema('bench_server');
        try {
          rows.push(...await measure('PostgreSQL', { DATABASE_URL: schema.url }));
        } finally {
          await schema.drop();
        }
      }
    } finally {
      pg.stop();
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--flood') {
  const [url, key, count, offset] = process.argv.slice(3) as [string, string, string, string];
  process.stdout.write('sending\n');
  const { failures } = await load(url, key, Number(count), CONCURRENCY, Number(offset), 429);
  console.log(failures);
  agent.destroy();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchServer();
  for (const row of rows) {
    const verdict = row.ok === undefined ? '' : row.ok ? '  ok' : '  OVER BUDGET';
    console.log(`${row.name}: ${row.value}${row.budget ? ` (budget ${row.budget})` : ''}${verdict}`);
  }
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
}
