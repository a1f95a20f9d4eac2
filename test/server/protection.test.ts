/**
 * What protects the server from abuse: the rate limit on POST /leads, the honeypot and minimum
 * fill time, the CORS allowlist and the body size limit. Each configuration is its own server on
 * the same database; runs on PGlite and on PostgreSQL (when TEST_DATABASE_URL is set).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app.js';
import { BACKENDS, client, deal, lead, listAll, openTestDatabase, sleep, uuid, type TestDatabase } from './helpers.js';

for (const backend of BACKENDS) {
  describe(`abuse protection on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    const servers: RunningServer[] = [];

    async function serve(options: ServerOptions = {}): Promise<RunningServer> {
      const s = await startServer({ db: tdb.db, rateLimitLeads: 100_000, ...options });
      servers.push(s);
      return s;
    }

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'protection');
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await tdb?.cleanup();
    });

    describe('rate limit on POST /leads', () => {
      it('answers 429 with Retry-After once the bucket is empty, spares replays and other routes, and recovers', async () => {
        const s = await serve({ rateLimitLeads: 60 });
        const api = client(s.url);
        const firstKey = uuid();
        const first = lead();
        assert.equal((await api.post('/leads', first, { key: firstKey })).status, 201);
        // 59 more use up the bucket of 60.
        for (let batch = 0; batch < 59; batch += 10) {
          const n = Math.min(10, 59 - batch);
          const replies = await Promise.all(Array.from({ length: n }, () => api.post('/leads', lead(), { key: true })));
          for (const r of replies) assert.equal(r.status, 201, r.text);
        }
        // Tokens refill at one per second, so on a slow machine a few more may pass first.
        let limited = await api.post('/leads', lead(), { key: true, headers: { origin: 'http://localhost:5173' } });
        for (let i = 0; i < 20 && limited.status === 201; i++) {
          limited = await api.post('/leads', lead(), { key: true, headers: { origin: 'http://localhost:5173' } });
        }
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('content-type'), 'application/problem+json');
        assert.ok(String(limited.body.type).endsWith('/rate-limited'));
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
        assert.equal(limited.headers.get('access-control-allow-origin'), 'http://localhost:5173');
        assert.match(limited.headers.get('access-control-expose-headers') ?? '', /Retry-After/);

        // A replay of an accepted lead costs no token, and other collections are not limited.
        const replayed = await api.post('/leads', first, { key: firstKey });
        assert.equal(replayed.status, 201);
        assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
        assert.equal((await api.post('/deals', deal())).status, 201);
        // A limited request stored nothing, so it may be retried with its key later.
        let rejected = lead();
        let rejectedKey = uuid();
        let again = await api.post('/leads', rejected, { key: rejectedKey });
        if (again.status === 201) {
          // A token had refilled meanwhile; the next one is limited.
          rejected = lead();
          rejectedKey = uuid();
          again = await api.post('/leads', rejected, { key: rejectedKey });
        }
        assert.equal(again.status, 429);

        await sleep(Number(again.headers.get('retry-after')) * 1000 + 100);
        const recovered = await api.post('/leads', rejected, { key: rejectedKey });
        assert.equal(recovered.status, 201);
        assert.equal(recovered.headers.get('idempotent-replayed'), null);
      });

      it('keeps one bucket per client, taken from X-Forwarded-For only behind a trusted proxy', async () => {
        const trusted = client((await serve({ rateLimitLeads: 2, trustProxy: true })).url);
        const as = (ip: string) => ({ key: true as const, headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
        assert.equal((await trusted.post('/leads', lead(), as('203.0.113.1'))).status, 201);
        assert.equal((await trusted.post('/leads', lead(), as('203.0.113.1'))).status, 201);
        assert.equal((await trusted.post('/leads', lead(), as('203.0.113.1'))).status, 429);
        assert.equal((await trusted.post('/leads', lead(), as('203.0.113.2'))).status, 201);

        const direct = client((await serve({ rateLimitLeads: 2 })).url);
        assert.equal((await direct.post('/leads', lead(), as('203.0.113.3'))).status, 201);
        assert.equal((await direct.post('/leads', lead(), as('203.0.113.4'))).status, 201);
        // Not trusted: the header is ignored and both came from 127.0.0.1.
        assert.equal((await direct.post('/leads', lead(), as('203.0.113.5'))).status, 429);
      });
    });

    describe('honeypot and minimum fill time', () => {
      let api: ReturnType<typeof client>;
      before(async () => {
        api = client((await serve()).url);
      });

      async function assertDecoy(body: Record<string, unknown>): Promise<void> {
        const res = await api.post('/leads', body, { key: true });
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('etag'), '"1"');
        assert.equal(res.headers.get('location'), `/leads/${String(body.id)}`);
        assert.equal(res.body.id, body.id);
        assert.equal(res.body.name, body.name);
        assert.equal(res.body.status, 'new');
        assert.ok(Date.parse(res.body.createdAt) > 0);
        assert.ok(!Object.keys(res.body).some((k) => k.startsWith('_')));
        const got = await api.get(`/leads/${String(body.id)}`);
        assert.equal(got.status, 404, 'a bot lead must not be stored');
      }

      it('looks successful but stores nothing when the honeypot is filled', async () => {
        await assertDecoy(lead({ status: undefined, _hp: 'http://spam.example', _elapsedMs: 9000 }));
        await assertDecoy(lead({ _hp: true }));
      });

      it('looks successful but stores nothing when the form was filled too fast', async () => {
        await assertDecoy(lead({ _elapsedMs: 350 }));
        await assertDecoy(lead({ _elapsedMs: 1999 }));
        await assertDecoy(lead({ _elapsedMs: 'fast' }));
        // Even invalid data gets a normal-looking answer, so a bot learns nothing.
        await assertDecoy(lead({ _elapsedMs: 10, email: 'not an email' }));
      });

      it('stores people: honeypot empty and enough time, or no form meta at all (imports)', async () => {
        for (const body of [lead({ _hp: '', _elapsedMs: 2000 }), lead({ _hp: null, _elapsedMs: 45_000 }), lead()]) {
          const res = await api.post('/leads', body, { key: true });
          assert.equal(res.status, 201);
          const got = await api.get(`/leads/${String(body.id)}`);
          assert.equal(got.status, 200);
          assert.ok(!('_hp' in got.body) && !('_elapsedMs' in got.body));
        }
      });

      it('replays a decoy by key and applies the checks to PUT /leads too', async () => {
        const key = uuid();
        const body = lead({ _hp: 'x' });
        const first = await api.post('/leads', body, { key });
        const again = await api.post('/leads', body, { key });
        assert.equal(again.text, first.text);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        const put = lead({ _elapsedMs: 100 });
        assert.equal((await api.put(`/leads/${String(put.id)}`, put)).status, 201);
        assert.equal((await api.get(`/leads/${String(put.id)}`)).status, 404);
      });

      it('uses the configured minimum fill time', async () => {
        const quick = client((await serve({ minFillMs: 100 })).url);
        const body = lead({ _elapsedMs: 500, ownerId: uuid() });
        assert.equal((await quick.post('/leads', body, { key: true })).status, 201);
        assert.equal((await quick.get(`/leads/${String(body.id)}`)).status, 200);
        const listed = await listAll(quick, '/leads?status=new');
        assert.ok(listed.some((r) => r.id === body.id));
      });
    });

    describe('CORS', () => {
      it('echoes an allowed origin with exposed headers, and sends none to others', async () => {
        const api = client((await serve()).url);
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
        // Problem responses carry CORS headers too, so the browser can read the error.
        const problem = await api.get('/nope', { headers: { origin: 'http://localhost:5173' } });
        assert.equal(problem.status, 404);
        assert.equal(problem.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      });

      it('answers preflight for allowed origins and refuses others', async () => {
        const api = client((await serve({ corsOrigins: 'https://shop.example, https://www.shop.example/' })).url);
        const pre = await api.request('OPTIONS', '/leads', {
          headers: { origin: 'https://www.shop.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type, idempotency-key, if-match' },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), 'https://www.shop.example');
        const methods = pre.headers.get('access-control-allow-methods') ?? '';
        for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.match(methods, new RegExp(`\\b${m}\\b`));
        const headers = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
        for (const h of ['content-type', 'idempotency-key', 'if-match', 'if-none-match', 'authorization']) assert.ok(headers.includes(h), h);
        assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);

        const refused = await api.request('OPTIONS', '/leads', { headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), null);
        assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      });

      it('allows any origin with *', async () => {
        const api = client((await serve({ corsOrigins: ['*'] })).url);
        const res = await api.post('/deals', deal(), { headers: { origin: 'https://anything.example' } });
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        const pre = await api.request('OPTIONS', '/deals/x', { headers: { origin: 'https://anything.example', 'access-control-request-method': 'DELETE' } });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), '*');
      });
    });

    describe('database failure', () => {
      it('answers 500 problems without details and logs the error', async (t) => {
        const broken = await openTestDatabase(backend.name, 'failure');
        const logged: unknown[][] = [];
        t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args));
        const s = await startServer({ db: broken.db });
        try {
          await broken.db.close();
          const api = client(s.url);
          for (const res of [await api.get('/health'), await api.post('/leads', lead(), { key: true }), await api.get('/deals')]) {
            assert.equal(res.status, 500);
            assert.equal(res.headers.get('content-type'), 'application/problem+json');
            assert.ok(String(res.body.type).endsWith('/internal-error'));
            assert.doesNotMatch(res.text, /pglite|postgres|closed|pool/i);
          }
          assert.equal(logged.length, 3);
        } finally {
          await s.close();
          await broken.cleanup();
        }
      });
    });

    describe('body size limit', () => {
      it('answers 413 over the configured limit, by Content-Length or while reading a chunked body', async () => {
        const s = await serve({ bodyLimitBytes: 1024 });
        const api = client(s.url);
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
        const res = await fetch(`${s.url}/deals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
        assert.equal(res.status, 413);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        await res.body?.cancel();
        assert.equal((await api.get('/health')).status, 200);
      });
    });
  });
}
