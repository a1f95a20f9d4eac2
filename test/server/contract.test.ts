/**
 * The REST contract (DESIGN.md section 5) over real HTTP: create, idempotent replay, validation,
 * conditional requests, merge patch, soft delete and sync, pagination, filters and the OpenAPI
 * document. Runs once on PGlite and once on PostgreSQL (when TEST_DATABASE_URL is set).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LEAD_STATUSES } from '../../src/core/model.js';
import type { RunningServer } from '../../server/app.js';
import { ADMIN_TOKEN, BACKENDS, activity, client, deal, lead, listAll, openTestDatabase, pipeline, serveWithWorkspace, uuid, type Client, type TestDatabase, type TestWorkspace } from './helpers.js';

const PROBLEM = 'application/problem+json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertProblem(res: { status: number; headers: Headers; body: Record<string, unknown> }, status: number, typeSuffix: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.headers.get('content-type'), PROBLEM);
  assert.equal(res.body.status, status);
  assert.ok(String(res.body.type).endsWith(`/${typeSuffix}`), `type ${String(res.body.type)} should end with /${typeSuffix}`);
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
}

function errorPaths(res: { body: { errors?: { path: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.path);
}

for (const backend of BACKENDS) {
  describe(`REST contract on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    let server: RunningServer;
    let api: Client;
    let ws: TestWorkspace;

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'contract');
      const started = await serveWithWorkspace(tdb.db);
      server = started.server;
      ws = started.ws;
      // The admin key may do everything in its workspace; roles are tested in auth.test.ts.
      api = started.ws.as.admin;
    });

    after(async () => {
      await server?.close();
      await tdb?.cleanup();
    });

    describe('health and routing', () => {
      it('reports the database kind', async () => {
        const res = await api.get('/health');
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, { ok: true, db: backend.name });
      });

      it('answers unknown collections and routes with 404 problems and wrong methods with 405', async () => {
        assertProblem(await api.get('/contacts'), 404, 'not-found');
        assertProblem(await api.post('/contacts', {}), 404, 'not-found');
        assertProblem(await api.get('/leads/a/b'), 404, 'not-found');
        const wrong = await api.post('/leads/some-id', lead(), { key: true });
        assertProblem(wrong, 405, 'method-not-allowed');
        assert.match(wrong.headers.get('allow') ?? '', /PUT/);
        assertProblem(await api.request('DELETE', '/leads'), 405, 'method-not-allowed');
      });
    });

    describe('POST create and Idempotency-Key', () => {
      it('creates a lead: 201 with the stored record, ETag and Location; extra fields kept, meta fields not', async () => {
        const body = lead({ favouriteColour: 'teal', custom: { budget: '10k' }, _elapsedMs: 9000, _hp: '', _trace: 'x' });
        const res = await api.post('/leads', body, { key: true });
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.equal(res.headers.get('etag'), '"1"');
        assert.equal(res.headers.get('location'), `/leads/${String(body.id)}`);
        assert.equal(res.headers.get('idempotent-replayed'), null);
        assert.equal(res.body.id, body.id);
        assert.equal(res.body.favouriteColour, 'teal');
        assert.deepEqual(res.body.custom, { budget: '10k' });
        assert.equal(res.body.status, 'new');
        assert.ok(!('_elapsedMs' in res.body) && !('_hp' in res.body) && !('_trace' in res.body));
        assert.ok(Date.parse(res.body.createdAt) > Date.now() - 60_000);
        assert.equal(res.body.updatedAt, res.body.createdAt);
        const got = await api.get(`/leads/${String(body.id)}`);
        assert.equal(got.status, 200);
        assert.deepEqual(got.body, res.body);
        assert.equal(got.headers.get('etag'), '"1"');
      });

      it('gives a record without id a server UUID and defaults the lead status', async () => {
        const res = await api.post('/leads', { name: 'No Id' }, { key: true });
        assert.equal(res.status, 201);
        assert.match(res.body.id, UUID);
        assert.equal(res.body.status, 'new');
        assert.equal(res.headers.get('location'), `/leads/${String(res.body.id)}`);
        assert.equal((await api.get(`/leads/${String(res.body.id)}`)).status, 200);
      });

      it('keeps a valid client createdAt and replaces an invalid one with now', async () => {
        const kept = await api.post('/leads', lead({ createdAt: '2023-05-01T08:30:00Z' }), { key: true });
        assert.equal(kept.body.createdAt, '2023-05-01T08:30:00Z');
        assert.notEqual(kept.body.updatedAt, '2023-05-01T08:30:00Z');
        const replaced = await api.post('/leads', lead({ createdAt: 'yesterday', updatedAt: '1999-01-01T00:00:00Z' }), { key: true });
        assert.equal(replaced.status, 201);
        assert.ok(Date.parse(replaced.body.createdAt) > Date.now() - 60_000);
        assert.ok(Date.parse(replaced.body.updatedAt) > Date.now() - 60_000);
      });

      it('requires Idempotency-Key on POST /leads (400 naming the header) but not elsewhere', async () => {
        const res = await api.post('/leads', lead());
        assertProblem(res, 400, 'idempotency-key-required');
        assert.deepEqual(res.body.errors, [{ path: 'Idempotency-Key', message: 'is required', in: 'header' }]);
        assert.equal((await api.post('/deals', deal())).status, 201);
        assert.equal((await api.post('/activities', activity())).status, 201);
        const bad = await api.post('/leads', lead(), { headers: { 'idempotency-key': 'x'.repeat(300) } });
        assertProblem(bad, 400, 'bad-request');
        assert.equal(bad.body.errors[0].path, 'Idempotency-Key');
      });

      it('replays the first response for the same key and body, even with keys reordered', async () => {
        const key = uuid();
        const body = lead({ name: 'Replay Me', phone: '+49 30 1234567' });
        const first = await api.post('/leads', body, { key });
        assert.equal(first.status, 201);
        const again = await api.post('/leads', body, { key });
        assert.equal(again.status, 201);
        assert.equal(again.text, first.text);
        assert.equal(again.headers.get('etag'), first.headers.get('etag'));
        assert.equal(again.headers.get('location'), first.headers.get('location'));
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        const reordered = Object.fromEntries(Object.entries(body).reverse());
        const third = await api.post('/leads', reordered, { key });
        assert.equal(third.status, 201);
        assert.equal(third.headers.get('idempotent-replayed'), 'true');
        // Still one record at version 1.
        assert.equal((await api.get(`/leads/${String(body.id)}`)).headers.get('etag'), '"1"');
      });

      it('replays the first response even after the record changed', async () => {
        const key = uuid();
        const body = lead();
        const first = await api.post('/leads', body, { key });
        assert.equal((await api.patch(`/leads/${String(body.id)}`, { name: 'Changed' })).status, 200);
        const again = await api.post('/leads', body, { key });
        assert.equal(again.status, 201);
        assert.deepEqual(again.body, first.body);
        assert.equal(again.headers.get('etag'), '"1"');
      });

      it('answers 409 for the same key with a different body and stores nothing', async () => {
        const key = uuid();
        const a = lead();
        assert.equal((await api.post('/leads', a, { key })).status, 201);
        const b = lead();
        const res = await api.post('/leads', b, { key });
        assertProblem(res, 409, 'idempotency-key-reused');
        assert.equal(res.body.errors[0].path, 'Idempotency-Key');
        assertProblem(await api.get(`/leads/${String(b.id)}`), 404, 'not-found');
        // The same key on another path is also a different request.
        assertProblem(await api.post('/deals', deal(), { key }), 409, 'idempotency-key-reused');
      });

      it('answers 409 conflict for an existing id sent without its key', async () => {
        const body = lead();
        assert.equal((await api.post('/leads', body, { key: true })).status, 201);
        const res = await api.post('/leads', { ...body, name: 'Someone else' }, { key: true });
        assertProblem(res, 409, 'conflict');
        assert.equal(res.body.errors[0].path, 'id');
        const d = deal();
        assert.equal((await api.post('/deals', d)).status, 201);
        assertProblem(await api.post('/deals', d), 409, 'conflict');
        assert.equal((await api.get(`/leads/${String(body.id)}`)).body.name, 'Ada Lovelace');
      });

      it('stores one record when the same request races with itself', async () => {
        const key = uuid();
        const body = lead();
        const replies = await Promise.all(Array.from({ length: 6 }, () => api.post('/leads', body, { key })));
        for (const r of replies) {
          assert.equal(r.status, 201);
          assert.equal(r.body.id, body.id);
        }
        assert.equal(replies.filter((r) => r.headers.get('idempotent-replayed') !== 'true').length, 1);
        assert.equal(new Set(replies.map((r) => r.text)).size, 1);
        assert.equal((await api.get(`/leads/${String(body.id)}`)).headers.get('etag'), '"1"');
      });

      it('does not keep a key whose request failed, so a corrected retry succeeds', async () => {
        const key = uuid();
        const body = lead({ email: 'not-an-email' });
        assertProblem(await api.post('/leads', body, { key }), 422, 'validation-error');
        // A 422 stored nothing; the same key with the corrected body goes through.
        assert.equal((await api.post('/leads', { ...body, email: 'ok@example.com' }, { key })).status, 201);
      });
    });

    describe('validation and bad input', () => {
      it('answers 422 naming every invalid lead field by path', async () => {
        const res = await api.post(
          '/leads',
          lead({ email: 'ada@@example', status: 'hot', name: 'x'.repeat(201), source: { utm_source: 's'.repeat(501) }, companySize: -3, consent: { text: 'ok' } }),
          { key: true },
        );
        assertProblem(res, 422, 'validation-error');
        const paths = errorPaths(res);
        for (const p of ['email', 'status', 'name', 'source.utm_source', 'companySize', 'consent.version', 'consent.at']) {
          assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
        }
        for (const e of res.body.errors) assert.equal(e.in, 'body');
        const status = res.body.errors.find((e: { path: string }) => e.path === 'status');
        assert.match(status.message, /new, nurturing, mql, sql, disqualified, converted/);
      });

      it('names nested pipeline paths such as stages[2].probability', async () => {
        const p = pipeline();
        const stages = p.stages as Record<string, unknown>[];
        stages[2] = { ...stages[2], probability: 1.5 };
        stages[3] = { ...stages[3], id: 'lead' };
        const res = await api.post('/pipelines', { ...p, currency: 'euro', policy: { allowSkip: 'yes' } });
        assertProblem(res, 422, 'validation-error');
        const paths = errorPaths(res);
        for (const path of ['stages[2].probability', 'currency', 'policy.allowSkip', 'policy.allowBackward']) {
          assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
        }
        const prob = res.body.errors.find((e: { path: string }) => e.path === 'stages[2].probability');
        assert.equal(prob.message, 'must be a number between 0 and 1');
        assert.match(res.body.detail, /stages\[2\]\.probability|currency|policy/);
        // Cross-field rules run once the shape is right.
        const fresh = pipeline().stages as Record<string, unknown>[];
        const dup = await api.post('/pipelines', { ...pipeline(), stages: [fresh[0], { ...fresh[1], id: 'lead' }] });
        assertProblem(dup, 422, 'validation-error');
        assert.deepEqual(errorPaths(dup), ['stages[1].id']);
        const noOpen = await api.post('/pipelines', { ...pipeline(), stages: [fresh[2]] });
        assert.deepEqual(errorPaths(noOpen), ['stages']);
      });

      it('names deal and activity fields, including required ones and history items', async () => {
        const d = await api.post('/deals', deal({ value: -5, currency: 'usd', history: [{ stageId: 'lead', enteredAt: '2024-02-30' }], probability: 2 }));
        assertProblem(d, 422, 'validation-error');
        const paths = errorPaths(d);
        for (const p of ['value', 'currency', 'history[0].enteredAt', 'probability']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
        const a = await api.post('/activities', { id: uuid(), at: 'tomorrow' });
        assertProblem(a, 422, 'validation-error');
        const type = a.body.errors.find((e: { path: string }) => e.path === 'type');
        assert.equal(type.message, 'is required');
        assert.ok(errorPaths(a).includes('at'));
        const missing = await api.post('/deals', { title: 'No pipeline' });
        for (const p of ['value', 'currency', 'pipelineId', 'stageId']) assert.ok(errorPaths(missing).includes(p));
      });

      it('answers 422 for a body that is not an object and caps text fields', async () => {
        const arr = await api.post('/leads', [lead()], { key: true });
        assertProblem(arr, 422, 'validation-error');
        assert.deepEqual(arr.body.errors, [{ path: '', message: 'must be an object', in: 'body' }]);
        const long = await api.post('/leads', lead({ message: 'm'.repeat(5001) }), { key: true });
        assert.deepEqual(errorPaths(long), ['message']);
        assert.equal((await api.post('/leads', lead({ message: 'm'.repeat(5000) }), { key: true })).status, 201);
      });

      it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
        const bad = await api.post('/leads', '{"name": "Ada",', { key: true });
        assertProblem(bad, 400, 'malformed-json');
        assertProblem(await api.post('/leads', '', { key: true }), 400, 'malformed-json');
        const deep = await api.post('/deals', JSON.stringify(Array.from({ length: 100 }).reduce((acc) => ({ a: acc }), {})));
        assertProblem(deep, 400, 'malformed-json');
        const text = await api.post('/leads', 'name=Ada', { key: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assertProblem(text, 415, 'unsupported-media-type');
        assert.equal(text.body.errors[0].path, 'Content-Type');
      });

      it('answers 413 for a body over the limit', async () => {
        const res = await api.post('/leads', lead({ message: 'x'.repeat(300 * 1024) }), { key: true });
        assertProblem(res, 413, 'payload-too-large');
        assert.equal((await api.get('/health')).status, 200);
      });

      it('rejects a __proto__ member without polluting anything', async () => {
        const body = `{"id":"${uuid()}","name":"Proto","__proto__":{"polluted":true},"status":"new"}`;
        const res = await api.post('/leads', body, { key: true });
        assert.equal(res.status, 201);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.ok(!('polluted' in res.body));
      });
    });

    describe('ETags and conditional requests', () => {
      it('answers If-None-Match with 304 while the ETag is current', async () => {
        const body = lead();
        await api.post('/leads', body, { key: true });
        const path = `/leads/${String(body.id)}`;
        const notModified = await api.get(path, { headers: { 'if-none-match': '"1"' } });
        assert.equal(notModified.status, 304);
        assert.equal(notModified.text, '');
        assert.equal(notModified.headers.get('etag'), '"1"');
        assert.equal((await api.get(path, { headers: { 'if-none-match': 'W/"1", "7"' } })).status, 304);
        assert.equal((await api.patch(path, { name: 'Ada B.' })).headers.get('etag'), '"2"');
        const changed = await api.get(path, { headers: { 'if-none-match': '"1"' } });
        assert.equal(changed.status, 200);
        assert.equal(changed.headers.get('etag'), '"2"');
        assert.equal(changed.body.name, 'Ada B.');
      });

      it('PUT upserts: 201 then 200, keeps createdAt, honours If-Match and If-None-Match', async () => {
        const body = deal();
        const path = `/deals/${String(body.id)}`;
        const created = await api.put(path, body, { key: true });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get('etag'), '"1"');
        assert.equal(created.headers.get('location'), path);
        const { createdAt } = created.body;
        const { id: _id, ...withoutId } = body;
        const replaced = await api.put(path, { ...withoutId, title: 'Bigger deal', value: 5000 }, { key: true });
        assert.equal(replaced.status, 200);
        assert.equal(replaced.headers.get('etag'), '"2"');
        assert.equal(replaced.body.createdAt, createdAt);
        assert.equal(replaced.body.value, 5000);

        const stale = await api.put(path, { ...body, title: 'Stale' }, { headers: { 'if-match': '"1"' } });
        assertProblem(stale, 412, 'precondition-failed');
        assert.equal(stale.body.currentEtag, '"2"');
        assert.equal(stale.body.current.title, 'Bigger deal');
        assert.equal(stale.headers.get('etag'), '"2"');
        assert.equal((await api.put(path, { ...body, title: 'Fresh' }, { headers: { 'if-match': '"2"' } })).status, 200);
        assertProblem(await api.put(path, body, { headers: { 'if-none-match': '*' } }), 412, 'precondition-failed');
        const { id: _other, ...fresh } = deal();
        assertProblem(await api.put(`/deals/${uuid()}`, fresh, { headers: { 'if-match': '*' } }), 412, 'precondition-failed');
        assert.equal((await api.put(`/deals/${uuid()}`, fresh, { headers: { 'if-none-match': '*' } })).status, 201);
      });

      it('PUT rejects a body id that differs from the URL and replays by key', async () => {
        const body = lead();
        const res = await api.put(`/leads/${uuid()}`, body);
        assertProblem(res, 422, 'validation-error');
        assert.deepEqual(errorPaths(res), ['id']);
        const key = uuid();
        const path = `/leads/${String(body.id)}`;
        const first = await api.put(path, body, { key });
        const again = await api.put(path, body, { key });
        assert.equal(first.status, 201);
        assert.equal(again.status, 201);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal((await api.get(path)).headers.get('etag'), '"1"');
        // A plain retry without a key is still harmless: the same content at the next version.
        const retry = await api.put(path, body);
        assert.equal(retry.status, 200);
        assert.equal(retry.body.name, body.name);
      });
    });

    describe('PATCH (JSON merge patch)', () => {
      it('merges objects, removes members with null, replaces arrays and keeps unknown fields', async () => {
        const body = lead({
          phone: '+1 555 0100',
          source: { utm_source: 'newsletter', utm_campaign: 'spring' },
          tags: ['a', 'b'],
          custom: { size: 'L', colour: 'red' },
          createdAt: '2024-03-01T00:00:00Z',
        });
        const created = await api.post('/leads', body, { key: true });
        const path = `/leads/${String(body.id)}`;
        const res = await api.patch(
          path,
          { source: { utm_medium: 'email', utm_campaign: null }, phone: null, tags: ['c'], custom: { colour: 'blue' }, status: 'mql', _meta: 1 },
          { headers: { 'content-type': 'application/merge-patch+json' } },
        );
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('etag'), '"2"');
        assert.deepEqual(res.body.source, { utm_source: 'newsletter', utm_medium: 'email' });
        assert.ok(!('phone' in res.body));
        assert.deepEqual(res.body.tags, ['c']);
        assert.deepEqual(res.body.custom, { size: 'L', colour: 'blue' });
        assert.equal(res.body.status, 'mql');
        assert.equal(res.body.name, body.name);
        assert.equal(res.body.createdAt, '2024-03-01T00:00:00Z');
        assert.ok(res.body.updatedAt >= created.body.updatedAt);
        assert.ok(!('_meta' in res.body));
        assert.deepEqual((await api.get(path)).body, res.body);
      });

      it('validates the merged record and leaves it unchanged on 422', async () => {
        const body = lead();
        await api.post('/leads', body, { key: true });
        const path = `/leads/${String(body.id)}`;
        const res = await api.patch(path, { status: 'nope', email: null, source: { page: 'p'.repeat(3000) } });
        assertProblem(res, 422, 'validation-error');
        assert.deepEqual(errorPaths(res).sort(), ['source.page', 'status']);
        const got = await api.get(path);
        assert.equal(got.headers.get('etag'), '"1"');
        assert.equal(got.body.email, 'ada@example.com');
        assertProblem(await api.patch(path, { id: 'other' }), 422, 'validation-error');
        // Removing a field with a default (status) resets it; removing a required one is a 422.
        assert.equal((await api.patch(path, { status: null })).body.status, 'new');
        const d = deal();
        await api.post('/deals', d);
        const noTitle = await api.patch(`/deals/${String(d.id)}`, { title: null });
        assertProblem(noTitle, 422, 'validation-error');
        assert.deepEqual(noTitle.body.errors, [{ path: 'title', message: 'is required', in: 'body' }]);
      });

      it('answers a stale If-Match with 412 carrying the current record and its ETag', async () => {
        const body = pipeline();
        await api.post('/pipelines', body);
        const path = `/pipelines/${String(body.id)}`;
        assert.equal((await api.patch(path, { name: 'Renamed by Bob' }, { headers: { 'if-match': '"1"' } })).status, 200);
        const stale = await api.patch(path, { name: 'Renamed by Alice' }, { headers: { 'if-match': '"1"' } });
        assertProblem(stale, 412, 'precondition-failed');
        assert.equal(stale.body.currentEtag, '"2"');
        assert.equal(stale.headers.get('etag'), '"2"');
        assert.deepEqual(stale.body.current, (await api.get(path)).body);
        assert.equal(stale.body.current.name, 'Renamed by Bob');
        const retried = await api.patch(path, { name: 'Renamed by Alice' }, { headers: { 'if-match': stale.body.currentEtag } });
        assert.equal(retried.status, 200);
        assert.equal(retried.headers.get('etag'), '"3"');
        // Weak tags never match If-Match.
        assertProblem(await api.patch(path, { name: 'W' }, { headers: { 'if-match': 'W/"3"' } }), 412, 'precondition-failed');
      });

      it('answers 404 for a missing record and replays by key', async () => {
        assertProblem(await api.patch(`/deals/${uuid()}`, { title: 'x' }), 404, 'not-found');
        const body = deal();
        await api.post('/deals', body);
        const key = uuid();
        const path = `/deals/${String(body.id)}`;
        const first = await api.patch(path, { stageId: 'qualified' }, { key });
        const again = await api.patch(path, { stageId: 'qualified' }, { key });
        assert.equal(first.headers.get('etag'), '"2"');
        assert.equal(again.headers.get('etag'), '"2"');
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal((await api.get(path)).headers.get('etag'), '"2"');
      });
    });

    describe('DELETE and sync', () => {
      it('soft-deletes: 204, then 404 on read and delete, If-Match honoured', async () => {
        const body = activity();
        await api.post('/activities', body);
        const path = `/activities/${String(body.id)}`;
        assertProblem(await api.delete(path, { headers: { 'if-match': '"9"' } }), 412, 'precondition-failed');
        const del = await api.delete(path, { headers: { 'if-match': '"1"' } });
        assert.equal(del.status, 204);
        assert.equal(del.text, '');
        assertProblem(await api.get(path), 404, 'not-found');
        assertProblem(await api.delete(path), 404, 'not-found');
        assertProblem(await api.patch(path, { note: 'x' }), 404, 'not-found');
        assertProblem(await api.delete(`/activities/${uuid()}`), 404, 'not-found');
      });

      it('replays a DELETE by key, so a retried delete whose response was lost still gets 204', async () => {
        const body = activity();
        await api.post('/activities', body);
        const key = uuid();
        const path = `/activities/${String(body.id)}`;
        assert.equal((await api.delete(path, { key })).status, 204);
        const again = await api.delete(path, { key });
        assert.equal(again.status, 204);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
      });

      it('lists deleted records as tombstones only with updatedSince; PUT brings one back, POST conflicts', async () => {
        const dealId = uuid();
        const before = await api.post('/activities', activity({ dealId }));
        await new Promise((r) => setTimeout(r, 15));
        const since = new Date().toISOString();
        const kept = activity({ dealId });
        const gone = activity({ dealId });
        await api.post('/activities', kept);
        await api.post('/activities', gone);
        assert.equal((await api.delete(`/activities/${String(gone.id)}`)).status, 204);

        const plain = await listAll(api, `/activities?dealId=${dealId}`);
        assert.deepEqual(plain.map((r) => r.id).sort(), [before.body.id, kept.id].sort());

        const page = await api.get(`/activities?dealId=${dealId}&updatedSince=${encodeURIComponent(since)}`);
        assert.deepEqual(page.body.etags, { [String(kept.id)]: '"1"' }, 'ETags of live records only');
        const synced = await listAll(api, `/activities?dealId=${dealId}&updatedSince=${encodeURIComponent(since)}`);
        assert.equal(synced.length, 2);
        assert.equal(synced[0]!.id, kept.id);
        assert.equal(synced[0]!.note, 'Intro call');
        const tomb = synced[1]!;
        assert.deepEqual(Object.keys(tomb).sort(), ['deleted', 'deletedAt', 'id']);
        assert.equal(tomb.id, gone.id);
        assert.equal(tomb.deleted, true);
        assert.ok(Date.parse(String(tomb.deletedAt)) >= Date.parse(since));

        assertProblem(await api.post('/activities', gone), 409, 'conflict');
        const back = await api.put(`/activities/${String(gone.id)}`, gone);
        assert.equal(back.status, 201);
        assert.equal(back.headers.get('etag'), '"3"');
        const resynced = await listAll(api, `/activities?dealId=${dealId}&updatedSince=${encodeURIComponent(since)}`);
        assert.deepEqual(resynced.map((r) => [r.id, 'deleted' in r]), [[kept.id, false], [gone.id, false]]);
      });

      it('syncs by updatedSince: an unchanged record is left out, a changed one comes back', async () => {
        const pipelineId = uuid();
        const a = deal({ pipelineId });
        const b = deal({ pipelineId });
        await api.post('/deals', a);
        await api.post('/deals', b);
        const all = await listAll(api, `/deals?pipelineId=${pipelineId}`);
        const mark = all.map((r) => String(r.updatedAt)).sort().at(-1)!;
        await new Promise((r) => setTimeout(r, 15));
        await api.patch(`/deals/${String(b.id)}`, { stageId: 'qualified' });
        const changed = await listAll(api, `/deals?pipelineId=${pipelineId}&updatedSince=${encodeURIComponent(new Date(Date.parse(mark) + 1).toISOString())}`);
        assert.deepEqual(changed.map((r) => [r.id, r.stageId]), [[b.id, 'qualified']]);
      });
    });

    describe('listing', () => {
      it('pages in write order without misses or duplicates while writes happen between pages', async () => {
        const pipelineId = uuid();
        const initial: string[] = [];
        for (let i = 0; i < 23; i++) {
          const d = deal({ pipelineId, rank: i });
          initial.push(String(d.id));
          assert.equal((await api.post('/deals', d)).status, 201);
        }
        const seen: string[] = [];
        const added: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        const updatedLate = initial[20]!; // changed before it is reached: listed once, new version
        const updatedEarly = initial[1]!; // changed after it was listed: listed again at the end
        do {
          const res = await api.get(`/deals?pipelineId=${pipelineId}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.equal(res.status, 200);
          assert.ok(res.body.items.length <= 5);
          for (const item of res.body.items) seen.push(item.id);
          cursor = res.body.nextCursor;
          pages++;
          if (pages === 2) {
            for (let i = 0; i < 3; i++) {
              const d = deal({ pipelineId });
              added.push(String(d.id));
              await api.post('/deals', d);
            }
            await api.patch(`/deals/${updatedLate}`, { title: 'Updated late' });
            await api.patch(`/deals/${updatedEarly}`, { title: 'Updated early' });
          }
        } while (cursor !== null && pages < 50);
        assert.equal(cursor, null);
        const counts = new Map<string, number>();
        for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
        for (const id of [...initial, ...added]) assert.ok(counts.has(id), `missed ${id}`);
        assert.deepEqual([...counts].filter(([, n]) => n > 1).map(([id]) => id), [updatedEarly]);
        assert.equal(seen.length, initial.length + added.length + 1);
        assert.deepEqual(seen.slice(-2), [updatedLate, updatedEarly]);
        assert.equal(pages, Math.ceil(seen.length / 5));
      });

      it('ends with nextCursor null on an exact last page and returns an empty page past the end', async () => {
        const pipelineId = uuid();
        for (let i = 0; i < 4; i++) await api.post('/deals', deal({ pipelineId }));
        const first = await api.get(`/deals?pipelineId=${pipelineId}&limit=2`);
        assert.equal(first.body.items.length, 2);
        assert.equal(typeof first.body.nextCursor, 'string');
        const second = await api.get(`/deals?pipelineId=${pipelineId}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
        assert.equal(second.body.items.length, 2);
        assert.equal(second.body.nextCursor, null);
        const none = await api.get(`/deals?pipelineId=${uuid()}`);
        assert.deepEqual({ ...none.body, syncToken: undefined }, { items: [], nextCursor: null, etags: {}, syncToken: undefined });
        assert.equal(typeof none.body.syncToken, 'string');
      });

      it('filters by pipelineId, stageId and status (exact match)', async () => {
        const pipelineId = uuid();
        const mk = (stageId: string, status: string) => deal({ pipelineId, stageId, status, title: `${stageId}/${status}` });
        const rows = [mk('lead', 'open'), mk('lead', 'open'), mk('qualified', 'open'), mk('won', 'won'), mk('lost', 'lost')];
        for (const r of rows) await api.post('/deals', r);
        await api.post('/deals', deal({ stageId: 'lead' })); // another pipeline
        const titles = async (q: string) => (await listAll(api, `/deals?pipelineId=${pipelineId}${q}`)).map((r) => r.title);
        assert.equal((await titles('')).length, 5);
        assert.deepEqual(await titles('&stageId=lead'), ['lead/open', 'lead/open']);
        assert.deepEqual(await titles('&status=won'), ['won/won']);
        assert.deepEqual(await titles('&stageId=lead&status=won'), []);
        assert.deepEqual(await titles('&stageId=Lead'), []);
        const leadId = uuid();
        const l = lead({ status: 'sql', ownerId: leadId });
        await api.post('/leads', l, { key: true });
        const sql = await listAll(api, '/leads?status=sql');
        assert.ok(sql.some((r) => r.id === l.id));
        assert.ok(sql.every((r) => r.status === 'sql'));
      });

      it('answers invalid query values with 400 naming the parameter', async () => {
        for (const [query, name] of [
          ['limit=0', 'limit'],
          ['limit=1001', 'limit'],
          ['limit=ten', 'limit'],
          ['cursor=not-a-cursor', 'cursor'],
          [`cursor=${Buffer.from('{"s":"-1"}').toString('base64url')}`, 'cursor'],
          ['updatedSince=last-week', 'updatedSince'],
          ['updatedSince=2024-01-01T10:00:00', 'updatedSince'],
          [`stageId=${'s'.repeat(201)}`, 'stageId'],
          // A number beyond bigint, year 0000 and a NUL reached the database (500) before.
          [`cursor=${Buffer.from('{"s":"9223372036854775808"}').toString('base64url')}`, 'cursor'],
          [`cursor=${Buffer.from('{"s":"99999999999999999999"}').toString('base64url')}`, 'cursor'],
          ['since=garbage', 'since'],
          ['updatedSince=0000-01-01T00:00:00Z', 'updatedSince'],
          ['status=a%00b', 'status'],
          ['spam=maybe', 'spam'],
        ] as const) {
          const res = await api.get(`/leads?${query}`);
          assertProblem(res, 400, 'invalid-parameter');
          assert.deepEqual(errorPaths(res), [name], query);
          assert.equal(res.body.errors[0].in, 'query');
        }
        assert.equal((await api.get('/leads?limit=1000&updatedSince=2024-01-01')).status, 200);
      });
    });

    describe('OpenAPI document', () => {
      it('describes every collection route with schemas generated from zod', async () => {
        const res = await api.get('/openapi.json');
        assert.equal(res.status, 200);
        const doc = res.body;
        assert.equal(doc.openapi, '3.1.0');
        assert.equal(typeof doc.info.title, 'string');
        for (const [collection, name] of [['leads', 'Lead'], ['deals', 'Deal'], ['pipelines', 'Pipeline'], ['activities', 'Activity']] as const) {
          assert.deepEqual(Object.keys(doc.paths[`/${collection}`]).sort(), ['get', 'post']);
          assert.deepEqual(Object.keys(doc.paths[`/${collection}/{id}`]).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
          assert.ok(doc.components.schemas[name], name);
          assert.ok(doc.components.schemas[`${name}Write`], `${name}Write`);
          assert.ok(doc.components.schemas[`${name}Page`], `${name}Page`);
          assert.equal(doc.paths[`/${collection}`].post.requestBody.content['application/json'].schema.$ref, `#/components/schemas/${name}Write`);
          assert.equal(doc.paths[`/${collection}/{id}`].patch.responses['412'].$ref, '#/components/responses/PreconditionFailed');
        }
        const s = doc.components.schemas;
        assert.deepEqual(s.Lead.properties.status.enum, [...LEAD_STATUSES]);
        assert.deepEqual(s.Stage.properties.probability, { type: 'number', minimum: 0, maximum: 1, description: s.Stage.properties.probability.description });
        assert.equal(s.Pipeline.properties.stages.items.$ref, '#/components/schemas/Stage');
        assert.equal(s.Lead.properties.name.maxLength, 200);
        assert.equal(s.Lead.properties.message.maxLength, 5000);
        assert.equal(s.Lead.properties.email.format, 'email');
        assert.ok(s.Lead.required.includes('createdAt'));
        assert.ok(!(s.LeadWrite.required ?? []).includes('createdAt'));
        assert.ok(s.Problem.properties.errors);
        assert.ok(s.PreconditionFailedProblem.properties.current);
        const postLeads = doc.paths['/leads'].post;
        const keyParam = doc.components.parameters[postLeads.parameters[0].$ref.split('/').at(-1)];
        assert.equal(keyParam.name, 'Idempotency-Key');
        assert.equal(keyParam.required, true);
        assert.ok(postLeads.responses['429']);
        assert.equal(doc.components.responses.ValidationError.content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
        const listParams = doc.paths['/leads'].get.parameters.map((p: { $ref: string }) => doc.components.parameters[p.$ref.split('/').at(-1)!].name);
        for (const p of ['since', 'updatedSince', 'cursor', 'limit', 'deleted', 'spam', 'pipelineId', 'stageId', 'status']) assert.ok(listParams.includes(p), p);
        for (const name of ['Lead', 'Deal', 'Pipeline', 'Activity']) {
          assert.equal(s[name].properties.updatedBy.type, 'string', `${name}.updatedBy`);
          assert.equal(s[`${name}Page`].properties.syncToken.type, 'string', `${name}Page.syncToken`);
          assert.ok(!s[`${name}Page`].required.includes('syncToken'), 'only on the last page');
        }
        assert.equal(s.Lead.properties.spam.type, 'boolean');
        assert.equal(s.Lead.properties.spamSignals.type, 'array');
        // Every reference resolves.
        const refs: string[] = [];
        JSON.stringify(doc, (k, v: unknown) => {
          if (k === '$ref') refs.push(String(v));
          return v;
        });
        assert.ok(refs.length > 50);
        for (const r of refs) {
          const target = r.replace(/^#\//, '').split('/').reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], doc);
          assert.ok(target, `unresolved ${r}`);
        }
      });

      it('describes who may call what: security schemes, public routes, 401/403/429/503 on every protected operation, as the server answers', async () => {
        const doc = (await api.get('/openapi.json')).body;
        const { securitySchemes } = doc.components;
        assert.deepEqual(Object.keys(securitySchemes).sort(), ['accessToken', 'adminToken', 'apiKey']);
        for (const scheme of Object.values(securitySchemes) as { type: string; scheme: string; description: string }[]) {
          assert.equal(scheme.type, 'http');
          assert.equal(scheme.scheme, 'bearer');
          assert.ok(scheme.description.length > 40);
        }
        assert.equal(securitySchemes.accessToken.bearerFormat, 'JWT');
        assert.match(securitySchemes.apiKey.description, /l2c_pk_.*l2c_sk_/);
        assert.deepEqual(doc.security, [{ apiKey: [] }, { accessToken: [] }]);
        const resolve = (r: { $ref: string }) => doc.components.responses[r.$ref.split('/').at(-1)!];
        for (const [name, status, slug] of [['Unauthorized', 401, 'unauthorized'], ['Forbidden', 403, 'forbidden'], ['RateLimited', 429, 'rate-limited'], ['ServiceUnavailable', 503, 'service-unavailable']] as const) {
          assert.equal(doc.components.responses[name].content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
          assert.equal(doc['x-problem-types'][`https://l2c-elements.dev/problems/${slug}`].status, status);
        }
        assert.ok(doc.components.responses.Unauthorized.headers['WWW-Authenticate']);
        assert.ok(doc.components.responses.RateLimited.headers['Retry-After']);

        const keyId = (await api.post(`/admin/workspaces/${ws.id}/keys`, { role: 'viewer', label: 'for the document test' })).body.id;
        const operations: string[] = [];
        for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, { security?: unknown[]; responses: Record<string, { $ref?: string }> }>][]) {
          const url = path.replace('{id}', uuid()).replace('{workspaceId}', ws.id).replace('{keyId}', keyId);
          for (const [method, op] of Object.entries(item)) {
            if (method === 'parameters') continue;
            operations.push(`${method.toUpperCase()} ${path}`);
            const anonymous = method === 'get' && path === '/changes'
              ? await fetch(server.url + url).then(async (r) => ({ status: r.status, text: await r.text() }))
              : await client(server.url).request(method.toUpperCase(), url, { body: ['post', 'put', 'patch'].includes(method) ? {} : undefined });
            if (['/', '/health', '/openapi.json'].includes(path)) {
              assert.deepEqual(op.security, [], `${method} ${path} is public`);
              assert.equal(anonymous.status, 200, `${method} ${path}`);
              continue;
            }
            assert.equal(anonymous.status, 401, `${method} ${path} answers 401 without a credential`);
            assert.equal(resolve(op.responses['401'] as { $ref: string }), doc.components.responses.Unauthorized, `${method} ${path} 401`);
            assert.equal(resolve(op.responses['403'] as { $ref: string }), doc.components.responses.Forbidden, `${method} ${path} 403`);
            assert.ok(op.responses['503'], `${method} ${path} 503`);
            const isAdmin = path.startsWith('/admin/');
            // The admin API is not rate limited; everything behind the role check is.
            assert.equal(op.responses['429'] !== undefined, !isAdmin, `${method} ${path} 429`);
            if (isAdmin) {
              assert.ok(op.security?.some((r) => Object.keys(r as object).includes('adminToken')), `${method} ${path} takes the operator token`);
              const memberCanToo = path !== '/admin/workspaces';
              assert.equal(op.security?.some((r) => Object.keys(r as object).includes('apiKey')), memberCanToo, `${method} ${path} takes an admin key`);
            } else assert.equal(op.security, undefined, `${method} ${path} uses the global security`);
          }
        }
        assert.equal(operations.length, 41, operations.join(', '));
        for (const [path, method] of [['/changes', 'get'], ['/audit', 'get'], ['/workspace', 'get'], ['/workspace', 'patch'], ['/admin/workspaces', 'post'], ['/admin/workspaces', 'get'],
          ['/admin/workspaces/{workspaceId}/keys', 'post'], ['/admin/workspaces/{workspaceId}/keys', 'get'], ['/admin/workspaces/{workspaceId}/keys/{keyId}', 'delete']] as const) {
          assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
        }
        const changes = doc.paths['/changes'].get;
        assert.ok(changes.responses['200'].content['text/event-stream']);
        const paramNames = (op: { parameters: { $ref: string }[] }) => op.parameters.map((p) => doc.components.parameters[p.$ref.split('/').at(-1)!]).map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
        assert.deepEqual(paramNames(changes), ['header:Last-Event-ID', 'query:lastEventId']);
        assert.deepEqual(paramNames(doc.paths['/audit'].get), ['query:since', 'query:cursor', 'query:limit']);
        assert.equal(doc.paths['/audit'].get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/AuditPage');
        const created = doc.components.schemas.CreatedApiKey;
        assert.ok(created.required.includes('key'));
        assert.ok(!('key' in doc.components.schemas.ApiKey.properties), 'a listed key has no secret');
        assert.deepEqual(doc.components.schemas.ApiKeyCreate.properties.role.enum, ['form', 'viewer', 'member', 'admin']);
        // The document is what the server answers: a created key, a listed one, the audit log and the workspace fit their schemas' fields.
        const made = await client(server.url, ADMIN_TOKEN).post(`/admin/workspaces/${ws.id}/keys`, { role: 'form', label: 'shape' });
        assert.deepEqual(Object.keys(made.body).sort(), Object.keys(created.properties).sort());
        const listed = (await api.get(`/admin/workspaces/${ws.id}/keys`)).body.items[0];
        assert.deepEqual(Object.keys(listed).sort(), Object.keys(doc.components.schemas.ApiKey.properties).sort());
        assert.deepEqual(Object.keys((await api.get('/workspace')).body).sort(), Object.keys(doc.components.schemas.Workspace.properties).sort());
        const entry = (await api.get('/audit?limit=1')).body.items[0];
        for (const k of Object.keys(entry)) assert.ok(k in doc.components.schemas.AuditEntry.properties, k);
      });
    });
  });
}
