/**
 * Routing through the reference server (issue 17), on PGlite in memory: 10,000 leads from a form key
 * at concurrency 16 with 20 rules and 3 teams, routed as each is stored (in the lead's transaction,
 * round-robin state and counts in the database). Reported: throughput, p50/p99, how far each team's
 * round-robin shares are from its weights (budget: 1 percentage point), whether any capacity was
 * exceeded (budget: never); then the same with two server instances on one database, the leads
 * sent alternately to each, which must agree as one router would.
 *
 * The load generator shares the process (and the event loop) with the servers, so the figures are
 * conservative. Reported, never asserted in tests. Run alone: `npx tsx bench/routing.ts`;
 * BENCH_ROUTING_LEADS=2000 for a quicker run.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { startServer, type RunningServer } from '../server/app.js';
import { createApiKey, createWorkspace } from '../server/workspaces.js';
import type { BenchRow } from './types.js';

const LEADS = Number(process.env.BENCH_ROUTING_LEADS ?? 10_000);
const CONCURRENCY = 16;
// Enough leads reach the capacity team that its capacities are reached and must hold.
const CAPACITIES: Record<string, number> = { fay: 600, gus: 400 };

const COUNTRIES = ['US', 'CA', 'MX', 'BR', 'AR', 'DE', 'FR', 'ES', 'IT', 'NL', 'SE', 'PL', 'JP', 'CN', 'IN', 'AU', 'SG', 'KR', 'ID'];
const TEAM_OF_COUNTRY = (i: number): string => (i < 5 ? 'amer' : i < 12 ? 'emea' : 'apac');

/** 3 teams, 20 rules: 19 by country, then one by score, in order; a default owner for the rest. */
const CONFIG = {
  period: 'day',
  defaultOwnerId: 'desk',
  teams: [
    { id: 'amer', members: [{ ownerId: 'ana', weight: 3 }, { ownerId: 'ben', weight: 2 }, { ownerId: 'cy', weight: 1 }] },
    { id: 'emea', members: [{ ownerId: 'dee', weight: 1 }, { ownerId: 'eli', weight: 1 }] },
    { id: 'apac', members: [{ ownerId: 'fay', capacity: CAPACITIES.fay }, { ownerId: 'gus', capacity: CAPACITIES.gus }] },
  ],
  rules: [
    ...COUNTRIES.map((country, i) => ({ id: `country-${country}`, when: [{ field: 'country', op: 'eq', value: country }], teamId: TEAM_OF_COUNTRY(i) })),
    { id: 'hot', when: [{ field: 'score', op: 'gte', value: 50 }], teamId: 'emea' },
  ],
};

const WEIGHTS: Record<string, Record<string, number>> = {
  amer: { ana: 3, ben: 2, cy: 1 },
  emea: { dee: 1, eli: 1 },
};

function formLead(i: number): string {
  // One lead in 20 has no country (the score rule or the default owner takes it).
  const country = i % 20 === 19 ? undefined : COUNTRIES[i % COUNTRIES.length];
  return JSON.stringify({
    id: randomUUID(),
    status: 'new',
    name: `Routed Person ${i}`,
    email: `routed${i}-${randomUUID()}@example.com`,
    company: 'Example GmbH',
    score: i % 7 === 0 ? 60 : 20,
    ...(country ? { country } : {}),
    source: { utm_source: 'newsletter', utm_campaign: 'spring' },
    _hp: '',
    _elapsedMs: 8000,
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Sent {
  latencies: number[];
  owners: Map<string, number>;
  failures: number;
  seconds: number;
}

/** POSTs `count` leads, `concurrency` in flight, alternating between the servers' URLs. */
async function send(urls: readonly string[], key: string, count: number, concurrency: number): Promise<Sent> {
  const latencies: number[] = [];
  const owners = new Map<string, number>();
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      const res = await fetch(`${urls[i % urls.length]}/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), authorization: `Bearer ${key}` },
        body: formLead(i),
      });
      const body = (await res.json()) as { ownerId?: string };
      latencies.push(performance.now() - t);
      if (res.status !== 201) failures++;
      else owners.set(body.ownerId ?? 'none', (owners.get(body.ownerId ?? 'none') ?? 0) + 1);
    }
  }));
  return { latencies: latencies.sort((a, b) => a - b), owners, failures, seconds: (performance.now() - started) / 1000 };
}

/** The largest distance, in percentage points, between a member's share of its team's leads and its weight's share. */
function worstShareGap(owners: Map<string, number>): { gap: number; detail: string } {
  let gap = 0;
  const detail: string[] = [];
  for (const [team, weights] of Object.entries(WEIGHTS)) {
    const total = Object.keys(weights).reduce((s, o) => s + (owners.get(o) ?? 0), 0);
    const weightSum = Object.values(weights).reduce((s, w) => s + w, 0);
    for (const [owner, weight] of Object.entries(weights)) {
      const share = total ? (owners.get(owner) ?? 0) / total : 0;
      gap = Math.max(gap, Math.abs(share - weight / weightSum) * 100);
    }
    detail.push(`${team} ${Object.keys(weights).map((o) => owners.get(o) ?? 0).join(':')}`);
  }
  return { gap, detail: detail.join(', ') };
}

async function run(label: string, servers: readonly RunningServer[]): Promise<BenchRow[]> {
  const db = servers[0]!.database;
  const ws = await createWorkspace(db, `routing ${label}`);
  const admin = (await createApiKey(db, ws.id, { role: 'admin', label: 'admin' })).key;
  const form = (await createApiKey(db, ws.id, { role: 'form', label: 'form' })).key;
  const put = await fetch(`${servers[0]!.url}/settings/routing`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(CONFIG),
  });
  if (put.status !== 201) throw new Error(`PUT /settings/routing answered ${put.status}: ${await put.text()}`);
  const sent = await send(servers.map((s) => s.url), form, LEADS, CONCURRENCY);
  const shares = worstShareGap(sent.owners);
  const over = Object.entries(CAPACITIES).filter(([o, cap]) => (sent.owners.get(o) ?? 0) > cap);
  const routed = [...sent.owners].filter(([o]) => o !== 'none').reduce((s, [, n]) => s + n, 0);
  const name = `${LEADS.toLocaleString('en')} leads, concurrency ${CONCURRENCY}, 20 rules, 3 teams, ${label}`;
  return [
    { name: `${name}: throughput`, value: `${Math.round(LEADS / sent.seconds)} leads/s` },
    { name: `${name}: p50 / p99 latency`, value: `${percentile(sent.latencies, 50).toFixed(1)} / ${percentile(sent.latencies, 99).toFixed(1)} ms` },
    { name: `${name}: worst round-robin share vs weight (${shares.detail})`, value: `${shares.gap.toFixed(2)} points`, budget: '<= 1 point', ok: shares.gap <= 1 },
    {
      name: `${name}: capacities exceeded (apac fay ${sent.owners.get('fay') ?? 0}/${CAPACITIES.fay}, gus ${sent.owners.get('gus') ?? 0}/${CAPACITIES.gus}, default owner ${sent.owners.get('desk') ?? 0})`,
      value: over.length ? over.map(([o]) => o).join(', ') : 'none', budget: 'none', ok: over.length === 0,
    },
    { name: `${name}: leads lost (not 201 or not routed)`, value: String(LEADS - routed), budget: '0', ok: sent.failures === 0 && routed === LEADS },
  ];
}

export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const first = await startServer({ pgliteDir: 'memory://', rateLimitLeads: 0, routingSweepMs: 0 });
  try {
    rows.push(...(await run('one server', [first])));
    const second = await startServer({ db: first.database, rateLimitLeads: 0, routingSweepMs: 0 });
    try {
      rows.push(...(await run('two servers on one database', [first, second])));
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await bench()) {
    const verdict = row.ok === undefined ? '' : row.ok ? '  ok' : '  OVER BUDGET';
    console.log(`${row.name}: ${row.value}${row.budget ? ` (budget ${row.budget})` : ''}${verdict}`);
  }
}
