/**
 * Routing on the server (issue 17), on PGlite and PostgreSQL: `PUT /settings/routing` (admin only,
 * read by members, a bad configuration refused with its fields named and the stored one kept), a
 * lead from a public form assigned as it is stored (no browser anywhere), dedup first, the pool,
 * re-entry and SLA sweeps on an injected clock, and two server instances on one database sharing
 * the round robin and capacities (in-process on PGlite; separate processes on PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { previewRouting } from '../../src/core/handoff.js';
import type { RoutingConfig } from '../../src/core/routing.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { openDatabase, type Database } from '../../server/db.js';
import { createApiKey, createWorkspace } from '../../server/workspaces.js';
import { startInstance, testSchema, type Instance } from '../support/instances.js';
import {
  ADMIN_TOKEN, BACKENDS, client, lead, listAll, openTestDatabase, serveWithWorkspace, testWorkspace, uuid, type Client, type TestDatabase, type TestWorkspace,
} from './helpers.js';

const HOUR = 3_600_000;

const ROUTING = {
  period: 'day',
  defaultOwnerId: 'boss',
  teams: [
    { id: 'smb', members: [{ ownerId: 'ana', weight: 2 }, { ownerId: 'ben', weight: 1 }] },
    { id: 'apac', members: [{ ownerId: 'chen', capacity: 3 }, { ownerId: 'dara', capacity: 2 }] },
  ],
  rules: [
    { id: 'enterprise', when: [{ field: 'companySize', op: 'gte', value: 1000 }], ownerId: 'emil' },
    { id: 'apac', when: [{ field: 'region', op: 'eq', value: 'APAC' }], teamId: 'apac' },
    { id: 'rest', when: [{ field: 'country', op: 'exists' }], teamId: 'smb' },
  ],
};

/** The same with an SLA of 4 hours after which an overdue lead goes to someone else. */
const WITH_SLA = { ...ROUTING, sla: { hours: 4, reroute: true } };

/** How many leads each owner gets when `n` identical leads are routed one after another (the core, no server). */
function expectedShares(config: unknown, n: number): Record<string, number> {
  const rows = previewRouting(Array.from({ length: n }, (_, i) => ({ id: `l${i}`, createdAt: '', updatedAt: '', status: 'new' as const })), config as RoutingConfig);
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.ownerId ?? 'none'] = (counts[r.ownerId ?? 'none'] ?? 0) + 1;
  return counts;
}

function tally(owners: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of owners) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

/** A lead as a public form sends it: spam signals of a person, and an owner it tries to choose. */
const formLead = (extra: Record<string, unknown> = {}) => ({ ...lead({ id: uuid(), email: `${uuid()}@example.com`, ...extra }), _hp: '', _elapsedMs: 9000 });

for (const backend of BACKENDS) {
  describe(`routing on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    let server: RunningServer;
    let ws: TestWorkspace;
    // The server's clock for sweeps; the database stamps routing with its own (the present).
    let clock = Date.now();

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'routing');
      ({ server, ws } = await serveWithWorkspace(tdb.db, { routingSweepMs: 0, now: () => clock }));
    });

    after(async () => {
      await server?.close();
      await tdb?.cleanup();
    });

    it('stores the routing configuration for admins only, shows it to members, and refuses a bad one naming each field while keeping the old', async () => {
      assert.equal((await ws.as.member.put('/settings/routing', ROUTING)).status, 403);
      assert.equal((await ws.as.form.get('/settings/routing')).status, 403);
      const put = await ws.as.admin.put('/settings/routing', ROUTING);
      assert.equal(put.status, 201, put.text);
      const read = await ws.as.member.get('/settings/routing');
      assert.equal(read.status, 200);
      assert.deepEqual(read.body.teams, ROUTING.teams);
      assert.equal((await ws.as.viewer.get('/settings')).body.items.length, 1);

      const bad = await ws.as.admin.put('/settings/routing', {
        ...ROUTING,
        teams: [{ id: 'smb', members: [{ ownerId: 'ana', capacity: -1 }] }],
        rules: [
          { id: 'ghost', when: [], teamId: 'enterprise' },
          { id: 'never', when: [{ field: 'score', op: 'gt', value: 80 }, { field: 'score', op: 'lt', value: 20 }], ownerId: 'ana' },
        ],
      });
      assert.equal(bad.status, 422, bad.text);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ['teams[0].members[0].capacity', 'rules[0].teamId', 'rules[1].when']);
      assert.match(bad.body.errors[1].message, /unknown team "enterprise"/);
      assert.match(bad.body.errors[2].message, /can never match/);
      assert.deepEqual((await ws.as.member.get('/settings/routing')).body.rules, ROUTING.rules, 'the previous configuration is kept');

      assert.equal((await ws.as.admin.get('/settings/nonsense')).status, 404);
      assert.equal((await ws.as.admin.post('/settings', { id: 'routing', ...ROUTING })).status, 405);
      const costs = await ws.as.member.put('/settings/campaigns', { campaigns: [{ id: 'spring', cost: 1200 }] });
      assert.equal(costs.status, 201, 'members enter campaign costs');
      assert.equal((await ws.as.member.put('/settings/campaigns', { campaigns: [{ id: '', cost: -5 }] })).status, 422);
    });

    it('routes a lead from a public form as it is stored: rule, round robin, default owner; a form cannot choose the owner', async () => {
      const big = await ws.as.form.post('/leads', formLead({ companySize: 5000, ownerId: 'mallory', routing: { ownerId: 'mallory' } }), { key: true });
      assert.equal(big.status, 201, big.text);
      assert.equal(big.body.ownerId, 'emil');
      assert.deepEqual({ ...big.body.routing, at: undefined }, { ownerId: 'emil', reason: 'rule-owner', ruleId: 'enterprise', trigger: 'arrival', at: undefined });
      const owners: string[] = [];
      for (let i = 0; i < 6; i++) owners.push((await ws.as.form.post('/leads', formLead({ country: 'US' }), { key: true })).body.ownerId);
      assert.deepEqual(owners, ['ana', 'ben', 'ana', 'ana', 'ben', 'ana']);
      const nowhere = await ws.as.form.post('/leads', formLead(), { key: true });
      assert.deepEqual([nowhere.body.ownerId, nowhere.body.routing.reason], ['boss', 'default']);
      // Readers see what the server decided, with no browser involved.
      const stored = await ws.as.member.get(`/leads/${big.body.id}`);
      assert.equal(stored.body.routing.reason, 'rule-owner');
    });

    it('sends a returning person to the owner of their earlier lead (dedup first), whatever the rules say', async () => {
      const first = await ws.as.form.post('/leads', formLead({ email: 'Ada.Lovelace+spring@gmail.com', country: 'US' }), { key: true });
      const again = await ws.as.form.post('/leads', formLead({ email: 'adalovelace@gmail.com', companySize: 9000 }), { key: true });
      assert.equal(again.body.ownerId, first.body.ownerId);
      assert.equal(again.body.routing.reason, 'returning');
      assert.equal(again.body.duplicateOf, first.body.id);
    });

    it('keeps capacities: a full team sends the rest to the default owner', async () => {
      const apac: string[] = [];
      for (let i = 0; i < 7; i++) apac.push((await ws.as.form.post('/leads', formLead({ region: 'APAC' }), { key: true })).body.ownerId);
      assert.deepEqual(apac.filter((o) => o === 'chen').length, 3);
      assert.deepEqual(apac.filter((o) => o === 'dara').length, 2);
      assert.deepEqual(apac.slice(5), ['boss', 'boss']);
    });

    it('routes again a pooled lead whose re-entry date passed, and an overdue lead, at the server clock, recorded in the audit log', async () => {
      const w = await testWorkspace(server, 'Sweeps');
      assert.equal((await w.as.admin.put('/settings/routing', WITH_SLA)).status, 201);
      const routed = (await w.as.form.post('/leads', formLead({ country: 'US' }), { key: true })).body;
      assert.equal(routed.ownerId, 'ana');
      // The rep rejects it with a re-entry date a day later (the inbox does this with a PUT).
      const rejected = {
        ...routed, status: 'nurturing', ownerId: undefined, routing: undefined, nurtureReason: 'Not now', reentryAt: new Date(clock + 24 * HOUR).toISOString(),
        rejection: { reason: 'Not now', at: new Date(clock).toISOString(), ownerId: 'ana' },
      };
      assert.equal((await w.as.member.put(`/leads/${routed.id}`, rejected)).status, 200);
      const overdue = (await w.as.form.post('/leads', formLead({ country: 'US' }), { key: true })).body;
      assert.equal(overdue.ownerId, 'ben');
      clock += 5 * HOUR;
      assert.equal(await server.sweepRouting(), 1, 'only the overdue lead is due after 5 hours');
      const moved = (await w.as.member.get(`/leads/${overdue.id}`)).body;
      assert.equal(moved.ownerId, 'ana');
      assert.deepEqual([moved.routing.trigger, moved.routing.previousOwnerId], ['sla', 'ben']);
      assert.equal(moved.updatedBy, 'system:routing');
      clock += 20 * HOUR;
      assert.equal(await server.sweepRouting(), 2, 'the pooled lead comes back, and the re-routed one is overdue again');
      const back = (await w.as.member.get(`/leads/${routed.id}`)).body;
      assert.deepEqual([back.status, back.routing.trigger, back.ownerId, back.reentryAt], ['new', 'reentry', 'ben', undefined], 'not to the rep who turned it down');
      assert.equal(back.rejection.reason, 'Not now', 'the reason is kept');
      const audit = await listAll(w.as.admin, '/audit');
      assert.ok(audit.some((e) => e.action === 'route.sla' && e.actor === 'system:routing' && e.id === overdue.id));
      assert.ok(audit.some((e) => e.action === 'route.reentry' && e.id === routed.id));
      assert.equal(await server.sweepRouting(), 0, 'nothing twice');
    });

    it('keeps a lead that matches nothing in the pool when there is no default owner, never losing it', async () => {
      const { defaultOwnerId: _d, ...noDefault } = ROUTING;
      assert.equal((await ws.as.admin.put('/settings/routing', noDefault)).status, 200);
      const pooled = await ws.as.form.post('/leads', formLead(), { key: true });
      assert.equal(pooled.status, 201);
      assert.equal(pooled.body.ownerId, undefined);
      assert.equal(pooled.body.routing.reason, 'unassigned');
      assert.equal((await ws.as.member.get(`/leads/${pooled.body.id}`)).status, 200);
    });

    it('shares the round robin and capacities between two server instances on one database', async () => {
      const other = await startServer({ db: tdb.db, adminToken: ADMIN_TOKEN, rateLimitLeads: 100_000, routingSweepMs: 0 });
      try {
        const ws2 = await createWorkspace(tdb.db, 'Two instances');
        const adminKey = (await createApiKey(tdb.db, ws2.id, { role: 'admin', label: 'a' })).key;
        const formKey = (await createApiKey(tdb.db, ws2.id, { role: 'form', label: 'f' })).key;
        const config2 = {
          period: 'day', defaultOwnerId: 'overflow',
          teams: [{ id: 't', members: [{ ownerId: 'a', weight: 3 }, { ownerId: 'b', weight: 1, capacity: 10 }, { ownerId: 'c', weight: 1 }] }],
          rules: [{ id: 'all', when: [], teamId: 't' }],
        };
        assert.equal((await client(server.url, adminKey).put('/settings/routing', config2)).status, 201);
        const forms = [client(server.url, formKey), client(other.url, formKey)];
        const owners = await sendConcurrently(forms, 100, 8);
        // Whichever instance took each lead, the shares are those of one router taking them in turn.
        assert.deepEqual(tally(owners), expectedShares(config2, 100));
        assert.equal(tally(owners).b, 10, 'b never above its capacity');
      } finally {
        await other.close();
      }
    });
  });
}

/** Sends `n` leads through the given clients, `concurrency` at a time, alternating; gives the owners. */
async function sendConcurrently(clients: Client[], n: number, concurrency: number): Promise<string[]> {
  const owners: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const res = await clients[i % clients.length]!.post('/leads', formLead(), { key: true });
      assert.equal(res.status, 201, res.text);
      owners.push(res.body.ownerId ?? 'none');
    }
  }));
  return owners;
}

describe('routing with two server processes on one PostgreSQL', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let instances: Instance[] = [];
  let db: Database;

  before(async () => {
    schema = await testSchema('routing2');
    instances = [await startInstance({ DATABASE_URL: schema.url, RATE_LIMIT_LEADS: '0', ROUTING_SWEEP_MS: '0' })];
    instances.push(await startInstance({ DATABASE_URL: schema.url, RATE_LIMIT_LEADS: '0', ROUTING_SWEEP_MS: '0' }));
    db = await openDatabase({ databaseUrl: schema.url, poolSize: 2 });
  });

  after(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await db?.close();
    await schema?.drop();
  });

  it('agrees on shares within 1 % of the weights and never exceeds a capacity, whichever instance takes each lead', async () => {
    const ws = await createWorkspace(db, 'Processes');
    const adminKey = (await createApiKey(db, ws.id, { role: 'admin', label: 'a' })).key;
    const formKey = (await createApiKey(db, ws.id, { role: 'form', label: 'f' })).key;
    const config = {
      period: 'day', defaultOwnerId: 'overflow',
      teams: [{ id: 't', members: [{ ownerId: 'a', weight: 5 }, { ownerId: 'b', weight: 3 }, { ownerId: 'c', weight: 2 }, { ownerId: 'd', weight: 1, capacity: 20 }] }],
      rules: [{ id: 'all', when: [], teamId: 't' }],
    };
    assert.equal((await client(instances[0]!.url, adminKey).put('/settings/routing', config)).status, 201);
    const owners = await sendConcurrently(instances.map((i) => client(i.url, formKey)), 600, 16);
    assert.deepEqual(tally(owners), expectedShares(config, 600), 'exactly the shares of one router taking the leads in turn');
    const count = (o: string) => owners.filter((x) => x === o).length;
    assert.equal(count('d'), 20);
    const rest = 600 - 20;
    for (const [o, w] of [['a', 5], ['b', 3], ['c', 2]] as const) {
      assert.ok(Math.abs(count(o) / rest - w / 10) < 0.01, `${o}: ${count(o)} of ${rest}`);
    }
    const state = await db.query<{ state: { teams: { t: { counts: Record<string, number> } } } }>('SELECT state FROM routing_state WHERE workspace_id = $1', [ws.id]);
    assert.deepEqual(state[0]!.state.teams.t.counts, { a: count('a'), b: count('b'), c: count('c'), d: 20 });
  });
});
