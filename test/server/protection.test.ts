/**
 * What protects the server from abuse: limits by channel (form keys per client address, team keys
 * per key, shared by every instance on the database), suspected spam stored flagged (never a
 * success for nothing stored), caps on free-form data and list responses, the CORS allowlist and
 * the body size limit. Each configuration is its own server (and workspace) on the same database;
 * runs on PGlite and on PostgreSQL (when TEST_DATABASE_URL is set). Rate limits run on an injected
 * clock, so no test depends on how fast the machine is.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app.js';
import { Authenticator } from '../../server/auth.js';
import { earlyRefusal } from '../../server/early.js';
import { LocalBuckets, RateLimiter } from '../../server/rate-limit.js';
import { BACKENDS, client, deal, lead, listAll, openTestDatabase, serveWithWorkspace, testWorkspace, uuid, type TestDatabase, type TestWorkspace } from './helpers.js';

for (const backend of BACKENDS) {
  describe(`abuse protection on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    const servers: RunningServer[] = [];

    async function serve(options: ServerOptions = {}): Promise<{ server: RunningServer; ws: TestWorkspace }> {
      const started = await serveWithWorkspace(tdb.db, options);
      servers.push(started.server);
      return started;
    }

    /** A clock the test moves. */
    function fakeClock(): { now: () => number; advance(ms: number): void } {
      let t = Date.parse('2026-01-01T00:00:00Z');
      return { now: () => t, advance: (ms) => void (t += ms) };
    }

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'protection');
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await tdb?.cleanup();
    });

    describe('limits by channel', () => {
      it('limits a form key per client address: 429 with Retry-After once the bucket is empty, then recovers as the clock moves', async () => {
        const clock = fakeClock();
        const { ws } = await serve({ rateLimitLeads: 60, rateLimitLeadsBurst: 10, now: clock.now });
        const form = ws.as.form;
        const replies = [];
        // Ten at once (the burst)...
        for (let i = 0; i < 10; i++) replies.push(await form.post('/leads', lead(), { key: true }));
        assert.deepEqual([...new Set(replies.map((r) => r.status))], [201]);
        const rejected = lead();
        const rejectedKey = uuid();
        const limited = await form.post('/leads', rejected, { key: rejectedKey, headers: { origin: 'http://localhost:5173' } });
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('content-type'), 'application/problem+json');
        assert.ok(String(limited.body.type).endsWith('/rate-limited'));
        assert.equal(limited.headers.get('retry-after'), '1');
        assert.equal(limited.headers.get('access-control-allow-origin'), 'http://localhost:5173');
        assert.match(limited.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
        // Still limited in memory until a token has refilled, then the same request goes through.
        clock.advance(500);
        assert.equal((await form.post('/leads', rejected, { key: rejectedKey })).status, 429);
        clock.advance(600);
        const recovered = await form.post('/leads', rejected, { key: rejectedKey });
        assert.equal(recovered.status, 201);
        assert.equal(recovered.headers.get('idempotent-replayed'), null);
        // Nothing limited was stored.
        assert.equal((await ws.as.viewer.get(`/leads/${String(rejected.id)}`)).status, 200);
        // ...and then 60 a minute: one a second goes through, a second one in the same second does not.
        for (let i = 0; i < 60; i++) {
          clock.advance(1000);
          assert.equal((await form.post('/leads', lead(), { key: true })).status, 201, `the lead of second ${i + 1}`);
          assert.equal((await form.post('/leads', lead(), { key: true })).status, 429);
        }
      });

      it('answers a flood of one form key arriving together with one key look-up and one bucket query at a time', async () => {
        const clock = fakeClock();
        let keyLookups = 0;
        let bucketQueries = 0;
        let bucketQueriesAtOnce = 0;
        // The same database, counted, and slow to answer the first key look-up and bucket query, so
        // that the other requests arrive while they are under way (each would otherwise ask again).
        const slowFirst = new Set<string>();
        const slow = async (kind: string) => {
          if (slowFirst.has(kind)) return;
          slowFirst.add(kind);
          await new Promise((resolve) => setTimeout(resolve, 300));
        };
        const counted = {
          ...tdb.db,
          async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
            if (/FROM api_keys WHERE id/.test(sql)) {
              keyLookups++;
              await slow('key');
            }
            if (!/rate_buckets/.test(sql)) return tdb.db.query<T>(sql, params);
            bucketQueriesAtOnce = Math.max(bucketQueriesAtOnce, ++bucketQueries);
            try {
              await slow('bucket');
              return await tdb.db.query<T>(sql, params);
            } finally {
              bucketQueries--;
            }
          },
        };
        const { ws } = await serve({ db: counted, rateLimitLeads: 60, rateLimitLeadsBurst: 3, now: clock.now });
        keyLookups = 0;
        const statuses = await Promise.all(Array.from({ length: 40 }, () => ws.as.form.post('/leads', lead(), { key: true }).then((r) => r.status)));
        assert.deepEqual(statuses.filter((s) => s === 201).length, 3);
        assert.deepEqual(statuses.filter((s) => s === 429).length, 37);
        assert.equal(keyLookups, 1, 'one look-up of the form key for all 40');
        assert.equal(bucketQueriesAtOnce, 1, 'the bucket is queried by one request at a time');
      });

      it('lets public forms have two write transactions of a workspace under way at once; the rest wait their turn and are all stored', async () => {
        let open = 0;
        let most = 0;
        let slowed = Infinity;
        const counted = {
          ...tdb.db,
          async transaction<T>(fn: (tx: Parameters<Parameters<typeof tdb.db.transaction>[0]>[0]) => Promise<T>, options?: Parameters<typeof tdb.db.transaction>[1]): Promise<T> {
            most = Math.max(most, ++open);
            try {
              // The first ones are slow, so that the others arrive while they are under way.
              if (slowed++ < 4) await new Promise((resolve) => setTimeout(resolve, 150));
              return await tdb.db.transaction(fn, options);
            } finally {
              open--;
            }
          },
        };
        const { ws } = await serve({ db: counted, rateLimitLeads: 0 });
        most = 0;
        slowed = 0;
        const leads = Array.from({ length: 12 }, () => lead());
        const statuses = await Promise.all(leads.map((l) => ws.as.form.post('/leads', l, { key: true }).then((r) => r.status)));
        assert.deepEqual([...new Set(statuses)], [201]);
        assert.equal(most, 2, 'at most two form writes at once');
        // The team's writes do not wait for those turns.
        most = 0;
        slowed = 0;
        const member = await Promise.all(Array.from({ length: 4 }, () => ws.as.member.post('/deals', deal(), { key: true }).then((r) => r.status)));
        assert.deepEqual([...new Set(member)], [201]);
        assert.equal(most, 4, 'four member writes at once');
        const stored = await listAll(ws.as.viewer, '/leads?limit=1000');
        for (const l of leads) assert.ok(stored.some((r) => r.id === l.id), `lead ${String(l.id)} stored`);
      });

      it('holds the default burst at 10 and never above the rate', async () => {
        const clock = fakeClock();
        const { ws } = await serve({ rateLimitLeads: 60, now: clock.now });
        const statuses = [];
        for (let i = 0; i < 11; i++) statuses.push((await ws.as.form.post('/leads', lead(), { key: true })).status);
        assert.deepEqual(statuses, [...Array(10).fill(201), 429]);
        const slow = await serve({ rateLimitLeads: 3, rateLimitLeadsBurst: 50, now: clock.now });
        const few = [];
        for (let i = 0; i < 4; i++) few.push((await slow.ws.as.form.post('/leads', lead(), { key: true })).status);
        assert.deepEqual(few, [201, 201, 201, 429]);
      });

      it('gives a team key a generous quota of its own: a burst of hundreds of writes from one member key is accepted', async () => {
        const clock = fakeClock();
        const { ws } = await serve({ rateLimitLeads: 2, now: clock.now });
        // The form key is spent after two leads...
        assert.equal((await ws.as.form.post('/leads', lead(), { key: true })).status, 201);
        assert.equal((await ws.as.form.post('/leads', lead(), { key: true })).status, 201);
        assert.equal((await ws.as.form.post('/leads', lead(), { key: true })).status, 429);
        // ...while a member importing leads from the same address is not taken for a bot.
        const statuses = new Set<number>();
        for (let batch = 0; batch < 300; batch += 25) {
          const replies = await Promise.all(Array.from({ length: 25 }, () => ws.as.member.post('/leads', lead(), { key: true })));
          for (const r of replies) statuses.add(r.status);
        }
        assert.deepEqual([...statuses], [201]);
        assert.equal((await listAll(ws.as.viewer, '/leads?limit=1000')).length, 302);
      });

      it('answers a flood\'s 429s before the framework exactly as the app does, and leaves every other request to the app', async () => {
        const clock = fakeClock();
        const { ws, server } = await serve({ rateLimitLeads: 60, rateLimitLeadsBurst: 2, now: clock.now });
        const fromPage = { key: true as const, headers: { origin: 'http://localhost:5173' } };
        assert.equal((await ws.as.form.post('/leads', lead(), fromPage)).status, 201);
        assert.equal((await ws.as.form.post('/leads', lead(), fromPage)).status, 201);
        // The app finds the bucket empty; from then on this process knows it and answers early.
        const fromApp = await ws.as.form.post('/leads', lead(), fromPage);
        const early = await ws.as.form.post('/leads', lead(), fromPage);
        for (const reply of [fromApp, early]) assert.equal(reply.status, 429);
        assert.deepEqual(early.body, fromApp.body);
        for (const name of ['content-type', 'retry-after', 'access-control-allow-origin', 'access-control-expose-headers', 'vary']) {
          assert.equal(early.headers.get(name), fromApp.headers.get(name), name);
        }
        assert.equal(early.headers.get('access-control-allow-origin'), 'http://localhost:5173');
        // Not for the early path: 401 and 403 still come first, and other roles and routes are the app's.
        assert.equal((await client(server.url, 'l2c_pk_nope_nope').post('/leads', lead(), { key: true })).status, 401);
        assert.equal((await ws.as.form.get('/leads')).status, 403);
        assert.equal((await ws.as.member.post('/leads', lead(), { key: true })).status, 201);
        const restricted = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'form', label: 'shop', origins: ['https://shop.example'] });
        const shop = client(server.url, restricted.body.key as string);
        const fromShop = { key: true as const, headers: { origin: 'https://shop.example' } };
        for (let i = 0; i < 3; i++) await shop.post('/leads', lead(), fromShop);
        assert.equal((await shop.post('/leads', lead(), fromShop)).status, 429);
        assert.equal((await shop.post('/leads', lead(), { key: true, headers: { origin: 'https://evil.example' } })).status, 403);
        // A revoked key is refused at once (401), not answered from the bucket it spent.
        assert.equal((await ws.as.admin.delete(`/admin/workspaces/${ws.id}/keys/${restricted.body.id as string}`)).status, 204);
        assert.equal((await shop.post('/leads', lead(), fromShop)).status, 401);
        // The bucket refills with the clock.
        clock.advance(60_000);
        assert.equal((await ws.as.form.post('/leads', lead(), fromPage)).status, 201);
      });

      it('takes for the early path only a cached form key posting a lead from a client whose bucket is known empty', async () => {
        const clock = fakeClock();
        const { ws } = await serve();
        const auth = new Authenticator(tdb.db, { now: clock.now });
        const limiter = new RateLimiter(tdb.db, clock.now);
        const failures = new LocalBuckets(2, clock.now);
        const refuse = earlyRefusal({ auth, limiter, failures, corsOrigins: ['*'], trustedProxyHops: 0 });
        // A server whose app answers 599: what the early path leaves to it.
        const probe = createServer((req, res) => {
          if (!refuse(req, res)) res.writeHead(599).end();
        });
        await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
        try {
          const base = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
          const form = client(base, ws.keys.form);
          const address = '127.0.0.1';
          const bucket = `form:key:${ws.keyIds.form}:${address}`;
          // Not verified by this process yet: the app's.
          assert.equal((await form.post('/leads', lead())).status, 599);
          await auth.authenticate(`Bearer ${ws.keys.form}`);
          // Verified, but the bucket is not known empty: the app's.
          assert.equal((await form.post('/leads', lead())).status, 599);
          assert.equal((await limiter.take(bucket, 60, 1)).ok, true);
          assert.equal((await limiter.take(bucket, 60, 1)).ok, false);
          const refused = await form.post('/leads?x=1', lead());
          assert.equal(refused.status, 429);
          assert.equal(refused.headers.get('retry-after'), '1');
          assert.equal(refused.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
          assert.deepEqual(refused.body, { type: 'https://l2c-elements.dev/problems/rate-limited', title: 'Too many requests', status: 429, detail: 'Too many requests from this client; retry in 1 s.', instance: '/leads' });
          // Other methods, routes and roles: the app's.
          assert.equal((await form.get('/leads')).status, 599);
          assert.equal((await form.post('/deals', deal())).status, 599);
          await auth.authenticate(`Bearer ${ws.keys.member}`);
          assert.equal((await client(base, ws.keys.member).post('/leads', lead())).status, 599);
          // A client whose credentials keep failing: the app's (its own 429 says why).
          failures.take(address);
          failures.take(address);
          assert.equal((await form.post('/leads', lead())).status, 599);
          // Once the bucket has refilled: the app's.
          clock.advance(60_000);
          assert.equal((await form.post('/leads', lead())).status, 599);
        } finally {
          await new Promise((done) => probe.close(done));
        }
      });

      it('spends a team key\'s tokens in leases: a burst of member writes asks the database for a token once per 50 writes', async () => {
        const clock = fakeClock();
        let bucketQueries = 0;
        const counted = {
          ...tdb.db,
          query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
            if (/rate_buckets/.test(sql)) bucketQueries++;
            return tdb.db.query<T>(sql, params);
          },
        };
        // The default quota (10,000 a minute) leases 50 tokens at a time.
        const { ws } = await serve({ db: counted, now: clock.now });
        bucketQueries = 0;
        for (let batch = 0; batch < 200; batch += 20) {
          const replies = await Promise.all(Array.from({ length: 20 }, () => ws.as.member.post('/deals', deal(), { key: true })));
          assert.deepEqual([...new Set(replies.map((r) => r.status))], [201]);
        }
        assert.equal(bucketQueries, 4, '200 writes, 4 leases of 50');
      });

      it('never lets instances that lease tokens exceed a team key\'s limit together', async () => {
        const clock = fakeClock();
        // 400 a minute leases 2 tokens at a time.
        const { server: a, ws } = await serve({ rateLimitKeys: 400, now: clock.now });
        const b = await startServer({ db: tdb.db, rateLimitKeys: 400, now: clock.now });
        servers.push(b);
        const onA = client(a.url, ws.keys.member);
        const onB = client(b.url, ws.keys.member);
        let accepted = 0;
        for (let i = 0; i < 225; i++) {
          const [x, y] = await Promise.all([onA.get('/pipelines'), onB.get('/pipelines')]);
          accepted += Number(x.status === 200) + Number(y.status === 200);
          assert.ok([200, 429].includes(x.status) && [200, 429].includes(y.status));
        }
        // Unspent leases (at most one per instance, 1 token each here) are the only tokens not used.
        assert.ok(accepted <= 400 && accepted >= 398, `${accepted} accepted of a limit of 400`);
        // A minute later the bucket has refilled for both instances.
        clock.advance(60_000);
        assert.equal((await onA.get('/pipelines')).status, 200);
        assert.equal((await onB.get('/pipelines')).status, 200);
      });

      it('limits a team key at its own rate when configured', async () => {
        const clock = fakeClock();
        const { ws } = await serve({ rateLimitKeys: 3, now: clock.now });
        for (let i = 0; i < 3; i++) assert.equal((await ws.as.member.get('/deals')).status, 200);
        const limited = await ws.as.member.get('/deals');
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '20');
        assert.match(limited.body.detail, /this key/);
        // Another key of the workspace has a bucket of its own.
        assert.equal((await ws.as.viewer.get('/deals')).status, 200);
        clock.advance(20_000);
        assert.equal((await ws.as.member.get('/deals')).status, 200);
      });

      it('takes the client address from the trusted proxy hops counted from the right, never from what the client wrote', async () => {
        const clock = fakeClock();
        const { ws } = await serve({ rateLimitLeads: 2, trustedProxyHops: 1, now: clock.now });
        // One trusted proxy appended the address it saw; whatever is left of it the client wrote.
        const from = (client: string, spoofed = uuid()) => ({ key: true as const, headers: { 'x-forwarded-for': `${spoofed}, ${client}` } });
        assert.equal((await ws.as.form.post('/leads', lead(), from('203.0.113.1'))).status, 201);
        assert.equal((await ws.as.form.post('/leads', lead(), from('203.0.113.1'))).status, 201);
        // A new made-up leftmost address each time does not give a new bucket.
        assert.equal((await ws.as.form.post('/leads', lead(), from('203.0.113.1'))).status, 429);
        assert.equal((await ws.as.form.post('/leads', lead(), from('203.0.113.2'))).status, 201);

        const two = await serve({ rateLimitLeads: 2, trustedProxyHops: 2, now: clock.now });
        const via2 = (client: string) => ({ key: true as const, headers: { 'x-forwarded-for': `${uuid()}, ${client}, 10.0.0.7` } });
        assert.equal((await two.ws.as.form.post('/leads', lead(), via2('198.51.100.1'))).status, 201);
        assert.equal((await two.ws.as.form.post('/leads', lead(), via2('198.51.100.1'))).status, 201);
        assert.equal((await two.ws.as.form.post('/leads', lead(), via2('198.51.100.1'))).status, 429);

        const direct = await serve({ rateLimitLeads: 2, now: clock.now });
        assert.equal((await direct.ws.as.form.post('/leads', lead(), from('203.0.113.3'))).status, 201);
        assert.equal((await direct.ws.as.form.post('/leads', lead(), from('203.0.113.4'))).status, 201);
        // No trusted proxy: the header is ignored and all came from 127.0.0.1.
        assert.equal((await direct.ws.as.form.post('/leads', lead(), from('203.0.113.5'))).status, 429);
      });

      it('shares one limit between server instances on the same database', async () => {
        const clock = fakeClock();
        const { server: a, ws } = await serve({ rateLimitLeads: 3, now: clock.now });
        const b = await startServer({ db: tdb.db, rateLimitLeads: 3, now: clock.now });
        servers.push(b);
        const onA = client(a.url, ws.keys.form);
        const onB = client(b.url, ws.keys.form);
        assert.equal((await onA.post('/leads', lead(), { key: true })).status, 201);
        assert.equal((await onB.post('/leads', lead(), { key: true })).status, 201);
        assert.equal((await onA.post('/leads', lead(), { key: true })).status, 201);
        assert.equal((await onB.post('/leads', lead(), { key: true })).status, 429);
        assert.equal((await onA.post('/leads', lead(), { key: true })).status, 429);
      });
    });

    describe('refused credentials', () => {
      it('refuses a client address whose credentials keep failing before looking them up, and lets it try again later', async () => {
        const clock = fakeClock();
        const { server, ws } = await serve({ authFailuresPerMinute: 3, trustedProxyHops: 1, now: clock.now });
        const from = (address: string, key: string) => client(server.url, key).get('/leads', { headers: { 'x-forwarded-for': address } });
        const guess = () => `l2c_sk_${'0'.repeat(16)}_${'x'.repeat(32)}`;
        for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.7', guess())).status, 401);
        const limited = await from('198.51.100.7', guess());
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '20');
        // Even a good key waits: the address is the one guessing. Another address is not touched.
        assert.equal((await from('198.51.100.7', ws.keys.viewer)).status, 429);
        assert.equal((await from('198.51.100.8', ws.keys.viewer)).status, 200);
        clock.advance(20_000);
        assert.equal((await from('198.51.100.7', ws.keys.viewer)).status, 200);
      });
    });

    describe('suspected spam is stored, flagged and hidden; never a success for nothing stored', () => {
      let ws: TestWorkspace;
      before(async () => {
        ({ ws } = await serve());
      });

      async function assertFlagged(body: Record<string, unknown>, signals: string[]): Promise<void> {
        const res = await ws.as.form.post('/leads', body, { key: true });
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.spam, true);
        assert.deepEqual(res.body.spamSignals, signals);
        assert.ok(!Object.keys(res.body).some((k) => k.startsWith('_')));
        const got = await ws.as.viewer.get(`/leads/${String(body.id)}`);
        assert.equal(got.status, 200, 'what was answered 201 is stored');
        assert.equal(got.body.spam, true);
        const listed = await listAll(ws.as.viewer, '/leads?limit=1000');
        assert.ok(!listed.some((r) => r.id === body.id), 'suspected spam is hidden from lists');
        const spam = await listAll(ws.as.viewer, '/leads?spam=true&limit=1000');
        assert.ok(spam.some((r) => r.id === body.id), 'and listed when asked for');
      }

      it('flags a filled honeypot, a fill faster than the minimum and a timing that is not a number', async () => {
        await assertFlagged(lead({ status: undefined, _hp: 'http://spam.example', _elapsedMs: 9000 }), ['honeypot']);
        await assertFlagged(lead({ _elapsedMs: 350 }), ['fast-fill']);
        await assertFlagged(lead({ _elapsedMs: 1999 }), ['fast-fill']);
        await assertFlagged(lead({ _elapsedMs: 'fast' }), ['bad-timing']);
        await assertFlagged(lead({ _hp: 'x', _elapsedMs: 10 }), ['honeypot', 'fast-fill']);
      });

      it('takes a person using autofill, or a page whose own minimum is lower, for a person', async () => {
        for (const body of [
          lead({ _hp: '', _elapsedMs: 2000 }),
          lead({ _hp: null, _elapsedMs: 45_000 }),
          lead({ _elapsedMs: 600, _autofill: true }),
          lead({ _elapsedMs: 600, _minFillMs: 500 }),
          lead(),
        ]) {
          const res = await ws.as.form.post('/leads', body, { key: true });
          assert.equal(res.status, 201);
          assert.equal(res.body.spam, undefined);
          const listed = await listAll(ws.as.viewer, '/leads?limit=1000');
          assert.ok(listed.some((r) => r.id === body.id));
        }
        // A page's minimum counts only when it is lower than the server's.
        await assertFlagged(lead({ _elapsedMs: 1500, _minFillMs: 5000 }), ['fast-fill']);
      });

      it('validates a suspected bot like anyone: invalid data is a 422 and nothing is stored', async () => {
        const body = lead({ _elapsedMs: 10, email: 'not an email' });
        const res = await ws.as.form.post('/leads', body, { key: true });
        assert.equal(res.status, 422);
        assert.equal((await ws.as.viewer.get(`/leads/${String(body.id)}`)).status, 404);
      });

      it('lets a member release a lead (it then syncs like any other) or purge it for good', async () => {
        const kept = lead({ _elapsedMs: 5 });
        const purged = lead({ _hp: 'bot' });
        await ws.as.form.post('/leads', kept, { key: true });
        await ws.as.form.post('/leads', purged, { key: true });
        const token = (await ws.as.viewer.get('/leads?limit=1000')).body.syncToken as string;
        assert.equal((await ws.as.viewer.patch(`/leads/${String(kept.id)}`, { spam: false })).status, 403);
        const released = await ws.as.member.patch(`/leads/${String(kept.id)}`, { spam: false });
        assert.equal(released.status, 200);
        assert.equal(released.body.spam, false);
        const since = await ws.as.viewer.get(`/leads?since=${encodeURIComponent(token)}`);
        assert.deepEqual(since.body.items.map((r: { id: string }) => r.id), [kept.id]);
        assert.equal((await ws.as.member.delete(`/leads/${String(purged.id)}`)).status, 204);
        assert.equal((await ws.as.viewer.get(`/leads/${String(purged.id)}`)).status, 404);
        assert.ok(!(await listAll(ws.as.viewer, '/leads?spam=true&limit=1000')).some((r) => r.id === purged.id));
        // Purged spam leaves no tombstone: no client ever had it.
        const after = await ws.as.viewer.get(`/leads?since=${encodeURIComponent(token)}`);
        assert.ok(!after.body.items.some((r: { id: string }) => r.id === purged.id));
        const log = await ws.as.admin.get('/audit?limit=1000');
        const actions = log.body.items.filter((e: { id?: string }) => e.id === kept.id || e.id === purged.id).map((e: { action: string }) => e.action);
        assert.deepEqual(actions, ['create.spam', 'create.spam', 'release', 'purge']);
      });
    });

    describe('caps on free-form data and list responses', () => {
      it('refuses more than the cap of unknown fields and custom per record, naming the field', async () => {
        const { ws } = await serve({ freeFormLimitBytes: 1024 });
        const fine = lead({ favourite: 'x'.repeat(400), custom: { notes: 'y'.repeat(400) } });
        assert.equal((await ws.as.form.post('/leads', fine, { key: true })).status, 201);
        const big = lead({ favourite: 'x'.repeat(300), padding: 'p'.repeat(2000) });
        const res = await ws.as.form.post('/leads', big, { key: true });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['padding']);
        assert.match(res.body.errors[0].message, /1024 bytes/);
        const nested = lead({ source: { utm_source: 'x', tracking: 'z'.repeat(2000) } });
        const deep = await ws.as.form.post('/leads', nested, { key: true });
        assert.equal(deep.status, 422);
        assert.deepEqual(deep.body.errors.map((e: { path: string }) => e.path), ['source.tracking']);
        const custom = await ws.as.member.post('/leads', lead({ custom: { a: 'q'.repeat(2000) } }), { key: true });
        assert.deepEqual(custom.body.errors.map((e: { path: string }) => e.path), ['custom']);
        assert.equal((await ws.as.member.post('/deals', deal({ notes: 'n'.repeat(2000) }))).status, 422);
        assert.equal((await ws.as.viewer.get(`/leads/${String(big.id)}`)).status, 404);
      });

      it('caps a list response in bytes as well as in count, and the next page carries on', async () => {
        const { ws } = await serve({ listLimitBytes: 4096 });
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const d = deal({ notes: 'n'.repeat(900) });
          ids.push(String(d.id));
          await ws.as.member.post('/deals', d);
        }
        const first = await ws.as.viewer.get('/deals?limit=1000');
        assert.ok(first.body.items.length >= 1 && first.body.items.length < 12, `${first.body.items.length} items`);
        assert.ok(Buffer.byteLength(JSON.stringify(first.body.items)) <= 4096 + 1100);
        assert.equal(typeof first.body.nextCursor, 'string');
        assert.deepEqual((await listAll(ws.as.viewer, '/deals?limit=1000')).map((d) => d.id), ids);
      });
    });

    describe('CORS', () => {
      it('echoes an allowed origin with exposed headers, and sends none to others', async () => {
        const { server, ws } = await serve();
        const api = client(server.url);
        const allowed = await api.get('/health', { headers: { origin: 'http://localhost:5173' } });
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
        const exposed = (allowed.headers.get('access-control-expose-headers') ?? '').split(/\s*,\s*/);
        for (const h of ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed']) assert.ok(exposed.includes(h), h);
        assert.match(allowed.headers.get('vary') ?? '', /Origin/);
        assert.equal((await api.get('/health', { headers: { origin: 'http://127.0.0.1:5173' } })).headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');

        const denied = await api.get('/health', { headers: { origin: 'https://evil.example' } });
        assert.equal(denied.status, 200);
        assert.equal(denied.headers.get('access-control-allow-origin'), null);
        assert.equal(denied.headers.get('access-control-expose-headers'), null);
        // Problem responses carry CORS headers too, so the browser can read the error: a missing
        // credential (401) as well as a missing route.
        const unauthorised = await api.get('/nope', { headers: { origin: 'http://localhost:5173' } });
        assert.equal(unauthorised.status, 401);
        assert.equal(unauthorised.headers.get('access-control-allow-origin'), 'http://localhost:5173');
        const problem = await ws.as.viewer.get('/nope', { headers: { origin: 'http://localhost:5173' } });
        assert.equal(problem.status, 404);
        assert.equal(problem.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      });

      it('answers preflight for allowed origins (no credential needed) and refuses others', async () => {
        const { server } = await serve({ corsOrigins: 'https://shop.example, https://www.shop.example/' });
        const api = client(server.url);
        const pre = await api.request('OPTIONS', '/leads', {
          headers: { origin: 'https://www.shop.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type, idempotency-key, if-match, authorization' },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), 'https://www.shop.example');
        const methods = pre.headers.get('access-control-allow-methods') ?? '';
        for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.match(methods, new RegExp(`\\b${m}\\b`));
        const headers = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
        for (const h of ['content-type', 'idempotency-key', 'if-match', 'if-none-match', 'authorization', 'last-event-id']) assert.ok(headers.includes(h), h);
        assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);

        const refused = await api.request('OPTIONS', '/leads', { headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), null);
        assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      });

      it('allows any origin with *', async () => {
        const { server, ws } = await serve({ corsOrigins: ['*'] });
        const res = await ws.as.member.post('/deals', deal(), { headers: { origin: 'https://anything.example' } });
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        const pre = await client(server.url).request('OPTIONS', '/deals/x', { headers: { origin: 'https://anything.example', 'access-control-request-method': 'DELETE' } });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), '*');
      });
    });

    describe('database failure', () => {
      it('answers 500 problems without details and logs the error', async (t) => {
        const broken = await openTestDatabase(backend.name, 'failure');
        const logged: unknown[][] = [];
        const s = await startServer({ db: broken.db });
        const { keys } = await testWorkspace(s);
        t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args));
        try {
          await broken.db.close();
          const api = client(s.url, keys.member);
          for (const res of [await api.get('/health'), await api.post('/leads', lead(), { key: true }), await api.get('/deals')]) {
            assert.equal(res.status, 500);
            assert.equal(res.headers.get('content-type'), 'application/problem+json');
            assert.ok(String(res.body.type).endsWith('/internal-error'));
            assert.doesNotMatch(res.text, /pglite|postgres|closed|pool/i);
          }
          assert.equal(logged.filter((args) => /failed:/.test(String(args[0]))).length, 3);
        } finally {
          await s.close();
          await broken.cleanup();
        }
      });
    });

    describe('body size limit', () => {
      it('answers 413 over the configured limit, by Content-Length or while reading a chunked body', async () => {
        const { server, ws } = await serve({ bodyLimitBytes: 1024 });
        const api = ws.as.member;
        assert.equal((await api.post('/deals', deal({ notes: 'n'.repeat(500) }))).status, 201);
        const big = await api.post('/deals', deal({ notes: 'n'.repeat(2000) }));
        assert.equal(big.status, 413);
        assert.ok(String(big.body.type).endsWith('/payload-too-large'));

        const chunks = [JSON.stringify(deal()).slice(0, -1), `,"notes":"${'n'.repeat(1500)}"}`];
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
            controller.close();
          },
        });
        const res = await fetch(`${server.url}/deals`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.keys.member}` }, body: stream, duplex: 'half',
        } as RequestInit);
        assert.equal(res.status, 413);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        await res.body?.cancel();
        assert.equal((await api.get('/health')).status, 200);
      });
    });
  });
}
