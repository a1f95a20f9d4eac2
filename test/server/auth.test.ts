/**
 * Who may do what (issue 12): every role against every route, workspace isolation over HTTP and in
 * the database itself (row-level security), API keys (shown once, last used, revoked at once on
 * every instance), OpenID Connect access tokens, the audit log and `updatedBy`, and idempotency
 * keys scoped to their workspace and credential. Runs on PGlite and on PostgreSQL (when
 * TEST_DATABASE_URL is set); every request goes over loopback HTTP to a real server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app.js';
import type { Role } from '../../server/auth.js';
import type { Database } from '../../server/db.js';
import { inWorkspace } from '../../server/scope.js';
import { createApiKey, createWorkspace, revokeApiKey } from '../../server/workspaces.js';
import {
  ADMIN_TOKEN, BACKENDS, activity, client, deal, lead, listAll, openTestDatabase, pipeline, serveWithWorkspace, sleep, testWorkspace, uuid,
  type Client, type Reply, type TestDatabase, type TestWorkspace,
} from './helpers.js';

const PROBLEM = 'application/problem+json';
const COLLECTIONS = ['leads', 'deals', 'pipelines', 'activities'] as const;
type Collection = (typeof COLLECTIONS)[number];
const BUILD: Record<Collection, (extra?: Record<string, unknown>) => Record<string, unknown>> = { leads: lead, deals: deal, pipelines: pipeline, activities: activity };
/** A merge patch that changes one field of a record of each collection. */
const PATCH: Record<Collection, Record<string, unknown>> = {
  leads: { company: 'Patched Ltd' }, deals: { title: 'Patched deal' }, pipelines: { name: 'Patched pipeline' }, activities: { note: 'Patched note' },
};

function assertProblem(res: Reply, status: number, slug: string, detail?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('content-type'), PROBLEM, res.text);
  assert.equal(res.body.status, status);
  assert.equal(res.body.type, `https://l2c-elements.dev/problems/${slug}`);
  if (detail) assert.match(res.body.detail, detail);
  if (status === 401) assert.equal(res.headers.get('www-authenticate'), 'Bearer');
}

/** A clock the test moves (rate limits and token expiry read it). */
function fakeClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Polls `check` every 20 ms until it returns a value other than undefined, or fails after `ms`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------------
// The change stream as a client reads it

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

interface ChangeStream {
  status: number;
  headers: Headers;
  /** The body when the answer is not a stream (a problem). */
  text?: string;
  /** The next event, or a failure after `ms`. */
  next(ms?: number): Promise<SseEvent>;
  close(): void;
}

async function openChanges(base: string, credential: string | undefined, headers: Record<string, string> = {}): Promise<ChangeStream> {
  const ac = new AbortController();
  const res = await fetch(`${base}/changes`, {
    headers: { ...(credential ? { authorization: `Bearer ${credential}` } : {}), ...headers },
    signal: ac.signal,
  });
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, next: () => Promise.reject(new Error(`not a stream: ${text}`)), close: () => undefined };
  }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (ms = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const ev: SseEvent = {};
        for (const line of block.split('\n')) {
          const [, field, value] = /^([a-z]+): ?(.*)$/.exec(line) ?? [];
          if (field === 'id' || field === 'event' || field === 'data') ev[field] = value;
        }
        if (ev.event) return ev;
        continue; // a comment (keep-alive)
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event in time')), left))),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += chunk.value;
    }
  };
  return { status: res.status, headers: res.headers, next, close: () => ac.abort() };
}

/** What the database holds, read as its owner (row-level security does not apply): equal before and after a refused request. */
async function fingerprint(tdb: TestDatabase): Promise<Record<string, unknown>> {
  const rows = await tdb.db.query(`SELECT
      (SELECT count(*)::int FROM records) AS records,
      (SELECT coalesce(sum(version), 0)::int FROM records) AS versions,
      (SELECT count(*)::int FROM records WHERE deleted_at IS NOT NULL) AS deleted,
      (SELECT string_agg(id || ':' || name || ':' || settings::text || ':' || seq::text, ',' ORDER BY id) FROM workspaces) AS workspaces,
      (SELECT string_agg(id || ':' || (revoked_at IS NULL)::text, ',' ORDER BY id) FROM api_keys) AS keys,
      (SELECT count(*)::int FROM audit_log) AS audit,
      (SELECT count(*)::int FROM idempotency_keys) AS idempotency`);
  return rows[0]!;
}

// ---------------------------------------------------------------------------------------------
// Every role x every route. `{id}` is a record made for the request, `{missing}` an id nobody
// used, `{ws}` the caller's workspace (the operator's: the same one), `{keyId}` a key made for the
// request. 2xx and 404 are what a role may do; 403 what it may not; 401 for no or an unknown
// credential whatever the route, even one that does not exist.

const WHO = ['form', 'viewer', 'member', 'admin', 'operator', 'none', 'garbage'] as const;
type Who = (typeof WHO)[number];
type Row = [method: string, route: string, ...statuses: number[]];

const TABLE: Row[] = [
  // method    route                                      form viewer member admin operator none garbage
  ['GET',     '/',                                         200, 200,  200,   200,  200,     200,  200],
  ['GET',     '/health',                                   200, 200,  200,   200,  200,     200,  200],
  ['GET',     '/openapi.json',                             200, 200,  200,   200,  200,     200,  200],
  ['GET',     '/leads',                                    403, 200,  200,   200,  403,     401,  401],
  ['POST',    '/leads',                                    201, 403,  201,   201,  403,     401,  401],
  ['GET',     '/leads/{id}',                               403, 200,  200,   200,  403,     401,  401],
  ['GET',     '/leads/{missing}',                          403, 404,  404,   404,  403,     401,  401],
  ['PUT',     '/leads/{id}',                               403, 403,  200,   200,  403,     401,  401],
  ['PATCH',   '/leads/{id}',                               403, 403,  200,   200,  403,     401,  401],
  ['DELETE',  '/leads/{id}',                               403, 403,  204,   204,  403,     401,  401],
  ['DELETE',  '/leads/{missing}',                          403, 403,  404,   404,  403,     401,  401],
  ['GET',     '/deals',                                    403, 200,  200,   200,  403,     401,  401],
  ['POST',    '/deals',                                    403, 403,  201,   201,  403,     401,  401],
  ['GET',     '/deals/{id}',                               403, 200,  200,   200,  403,     401,  401],
  ['PUT',     '/deals/{id}',                               403, 403,  200,   200,  403,     401,  401],
  ['PATCH',   '/deals/{id}',                               403, 403,  200,   200,  403,     401,  401],
  ['PATCH',   '/deals/{missing}',                          403, 403,  404,   404,  403,     401,  401],
  ['DELETE',  '/deals/{id}',                               403, 403,  204,   204,  403,     401,  401],
  ['GET',     '/pipelines',                                403, 200,  200,   200,  403,     401,  401],
  ['POST',    '/pipelines',                                403, 403,  403,   201,  403,     401,  401],
  ['GET',     '/pipelines/{id}',                           403, 200,  200,   200,  403,     401,  401],
  ['PUT',     '/pipelines/{id}',                           403, 403,  403,   200,  403,     401,  401],
  ['PATCH',   '/pipelines/{id}',                           403, 403,  403,   200,  403,     401,  401],
  ['DELETE',  '/pipelines/{id}',                           403, 403,  403,   204,  403,     401,  401],
  ['GET',     '/activities',                               403, 200,  200,   200,  403,     401,  401],
  ['POST',    '/activities',                               403, 403,  201,   201,  403,     401,  401],
  // A page view of a lead (issue 14, l2c-elements/track): the one activity a form key may create.
  ['POST',    '/activities (page view of a lead)',         201, 403,  201,   201,  403,     401,  401],
  ['GET',     '/activities/{id}',                          403, 200,  200,   200,  403,     401,  401],
  ['PUT',     '/activities/{id}',                          403, 403,  200,   200,  403,     401,  401],
  ['PATCH',   '/activities/{id}',                          403, 403,  200,   200,  403,     401,  401],
  ['DELETE',  '/activities/{id}',                          403, 403,  204,   204,  403,     401,  401],
  ['GET',     '/changes',                                  403, 200,  200,   200,  403,     401,  401],
  ['GET',     '/audit',                                    403, 403,  403,   200,  403,     401,  401],
  ['GET',     '/workspace',                                403, 200,  200,   200,  403,     401,  401],
  ['PATCH',   '/workspace',                                403, 403,  403,   200,  403,     401,  401],
  ['POST',    '/admin/workspaces',                         403, 403,  403,   403,  201,     401,  401],
  ['GET',     '/admin/workspaces',                         403, 403,  403,   403,  200,     401,  401],
  ['POST',    '/admin/workspaces/{ws}/keys',               403, 403,  403,   201,  201,     401,  401],
  ['GET',     '/admin/workspaces/{ws}/keys',               403, 403,  403,   200,  200,     401,  401],
  ['DELETE',  '/admin/workspaces/{ws}/keys/{keyId}',       403, 403,  403,   204,  204,     401,  401],
  // Settings (issue 17): routing and scoring are the admin's, campaign costs the members'; every team role reads them.
  ['PUT',     '/settings/routing',                         403, 403,  403,   201,  403,     401,  401],
  ['GET',     '/settings',                                 403, 200,  200,   200,  403,     401,  401],
  ['GET',     '/settings/routing',                         403, 200,  200,   200,  403,     401,  401],
  ['PATCH',   '/settings/routing',                         403, 403,  403,   200,  403,     401,  401],
  ['PUT',     '/settings/campaigns',                       403, 403,  201,   200,  403,     401,  401],
  ['PUT',     '/settings/scoring',                         403, 403,  403,   201,  403,     401,  401],
  ['DELETE',  '/settings/routing',                         403, 403,  403,   204,  403,     401,  401],
  ['POST',    '/settings',                                 403, 403,  405,   405,  403,     401,  401],
  ['GET',     '/settings/nonsense',                        403, 404,  404,   404,  403,     401,  401],
  ['GET',     '/contacts',                                 403, 404,  404,   404,  403,     401,  401],
  ['GET',     '/no/such/route',                            404, 404,  404,   404,  404,     401,  401],
];

const ROUTING_SETTINGS = { period: 'day', teams: [{ id: 't', members: [{ ownerId: 'ana' }] }], rules: [{ id: 'all', when: [], teamId: 't' }] };

/** A page view of the lead `leadId` as the tracker records it. */
const pageView = (leadId: string | undefined) => ({ id: uuid(), leadId, type: 'page-view', at: new Date().toISOString(), value: 42, page: '/pricing', engagement: true });

function bodyFor(method: string, route: string, id: string | undefined, who: Who): unknown {
  if (route.endsWith('(page view of a lead)')) return pageView(id);
  const collection = COLLECTIONS.find((c) => route.startsWith(`/${c}`));
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (collection && method === 'POST') return BUILD[collection]();
  if (collection && method === 'PUT') return BUILD[collection]({ id, note: `put by ${who}` });
  if (collection && method === 'PATCH') return PATCH[collection];
  if (route === '/settings/routing') return method === 'PATCH' ? { defaultOwnerId: who } : ROUTING_SETTINGS;
  if (route === '/settings/campaigns') return { campaigns: [{ id: 'spring', cost: 100 }] };
  if (route === '/settings/scoring') return { model: { fit: [], engagement: [], mqlThreshold: 50 }, appliedAt: '2026-01-01T00:00:00.000Z', appliedBy: who };
  if (route === '/settings') return { id: 'routing', ...ROUTING_SETTINGS };
  if (route === '/workspace') return { settings: { touchedBy: who } };
  if (route === '/admin/workspaces') return { name: `Made by ${who}` };
  if (route.endsWith('/keys') && method === 'POST') return { role: 'viewer', label: `made by ${who}` };
  return undefined;
}

for (const backend of BACKENDS) {
  describe(`authentication and authorisation on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    let server: RunningServer;
    let ws: TestWorkspace;
    const servers: RunningServer[] = [];

    async function serve(options: ServerOptions = {}): Promise<RunningServer> {
      const s = await startServer({ db: tdb.db, adminToken: ADMIN_TOKEN, rateLimitLeads: 100_000, authFailuresPerMinute: 0, ...options });
      servers.push(s);
      return s;
    }

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'auth');
      ({ server, ws } = await serveWithWorkspace(tdb.db));
      servers.push(server);
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await tdb?.cleanup();
    });

    const operator = (base = server.url): Client => client(base, ADMIN_TOKEN);

    describe('every role x every route (form, viewer, member, admin, operator token, no credential, garbage)', () => {
      const credentialOf = (who: Who): string | undefined =>
        who === 'none' ? undefined : who === 'garbage' ? 'not-a-credential' : who === 'operator' ? ADMIN_TOKEN : ws.keys[who];

      for (const [method, route, ...statuses] of TABLE) {
        WHO.forEach((who, i) => {
          const expected = statuses[i]!;
          it(`${who.padEnd(8)} ${method.padEnd(6)} ${route.padEnd(37)} -> ${expected}`, async () => {
            const collection = COLLECTIONS.find((c) => route.startsWith(`/${c}/`));
            let id: string | undefined;
            let path = route.replace('{ws}', ws.id).replace('{missing}', `missing-${uuid()}`).replace(/ \(.*\)$/, '');
            let leadId: string | undefined;
            if (route.endsWith('(page view of a lead)')) {
              leadId = uuid();
              assert.equal((await ws.as.admin.post('/leads', lead({ id: leadId }), { key: true })).status, 201);
            }
            if (collection && route.includes('{id}')) {
              id = uuid();
              const made = await ws.as.admin.post(`/${collection}`, BUILD[collection]({ id }), { key: true });
              assert.equal(made.status, 201, made.text);
              path = path.replace('{id}', id);
            }
            if (route.includes('{keyId}')) path = path.replace('{keyId}', (await createApiKey(tdb.db, ws.id, { role: 'viewer', label: 'to revoke' })).id);
            const credential = credentialOf(who);
            const before = await fingerprint(tdb);

            if (route === '/changes') {
              const stream = await openChanges(server.url, credential);
              stream.close();
              assert.equal(stream.status, expected, stream.text);
              if (expected === 200) {
                assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
                assert.equal(stream.headers.get('cache-control'), 'no-store');
              } else assert.equal(stream.headers.get('content-type'), PROBLEM);
            } else {
              const res = await client(server.url, credential).request(method, path, { body: bodyFor(method, route, id ?? leadId, who), key: method === 'GET' ? undefined : true });
              if (expected >= 400) {
                assertProblem(res, expected, { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed' }[expected]!);
              } else assert.equal(res.status, expected, res.text);
            }

            if (expected >= 400) assert.deepEqual(await fingerprint(tdb), before, 'a refused request changes nothing');
            else if (id && method !== 'GET') {
              const written = await ws.as.viewer.get(`/${collection}/${id}`);
              if (method === 'DELETE') assert.equal(written.status, 404);
              else assert.equal(written.body.updatedBy, `key:${ws.keyIds[who as Role]}`);
            }
          });
        });
      }

      it('checks the credential before the route, the record, the Idempotency-Key and the body, and the role before the body', async () => {
        const anonymous = client(server.url);
        const before = await fingerprint(tdb);
        assertProblem(await anonymous.post('/leads', '{not json'), 401, 'unauthorized', /Send a credential/);
        assertProblem(await anonymous.request('PATCH', '/leads'), 401, 'unauthorized');
        assertProblem(await anonymous.post('/leads', lead({ email: 'not an email' }), { headers: { 'content-type': 'text/plain' } }), 401, 'unauthorized');
        assertProblem(await client(server.url, 'l2c_sk_0123456789abcdef_' + 'x'.repeat(32)).put('/pipelines/x', '{', { key: 'k' }), 401, 'unauthorized');
        assertProblem(await ws.as.form.post('/deals', '{not json'), 403, 'forbidden');
        assertProblem(await ws.as.viewer.put(`/leads/${uuid()}`, '{', { headers: { 'idempotency-key': 'x'.repeat(300) } }), 403, 'forbidden');
        // Allowed, the request itself is looked at: 400 for the missing key, then for the body.
        assertProblem(await ws.as.form.post('/leads', lead()), 400, 'idempotency-key-required');
        assertProblem(await ws.as.form.post('/leads', '{not json', { key: true }), 400, 'malformed-json');
        assert.deepEqual(await fingerprint(tdb), before);
      });

      it('checks the role before the rate limit, and the limit before the route and the body', async () => {
        const limited = await serve({ rateLimitKeys: 1, rateLimitLeads: 1, now: fakeClock().now });
        const member = client(limited.url, ws.keys.member);
        const form = client(limited.url, ws.keys.form);
        assert.equal((await member.get('/deals')).status, 200);
        assert.equal((await form.post('/leads', lead(), { key: true })).status, 201);
        const before = await fingerprint(tdb);
        assertProblem(await member.put(`/pipelines/${uuid()}`, '{'), 403, 'forbidden');
        assertProblem(await form.get('/leads'), 403, 'forbidden');
        assertProblem(await client(limited.url).post('/deals', '{'), 401, 'unauthorized');
        const spent = await member.post('/deals', '{not json');
        assertProblem(spent, 429, 'rate-limited', /this key/);
        assert.equal(spent.headers.get('retry-after'), '60');
        assertProblem(await member.get(`/deals/${uuid()}`), 429, 'rate-limited');
        assertProblem(await form.post('/leads', '{not json', { key: true }), 429, 'rate-limited', /this client/);
        assert.deepEqual(await fingerprint(tdb), before);
      });

      it('answers a malformed Authorization header with 401 naming the scheme', async () => {
        for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'l2c_sk_x']) {
          const res = await client(server.url).get('/leads', { headers: { authorization: header } });
          assertProblem(res, 401, 'unauthorized', /must be "Bearer <API key or access token>"/);
        }
        assertProblem(await client(server.url, 'just-some-words').get('/leads'), 401, 'unauthorized', /neither an API key \(l2c_…\), a JWT access token nor this server's operator token \(ADMIN_TOKEN\)/);
        assertProblem(await client(server.url, 'a.b.c').get('/leads'), 401, 'unauthorized', /accepts API keys only/);
      });
    });

    /** Two workspaces with a record of each collection in both. */
    async function twoWorkspaces(): Promise<{ a: TestWorkspace; b: TestWorkspace; aIds: Record<Collection, string>; bIds: Record<Collection, string> }> {
      const a = await testWorkspace(server, 'Workspace A');
      const b = await testWorkspace(server, 'Workspace B');
      const aIds = {} as Record<Collection, string>;
      const bIds = {} as Record<Collection, string>;
      for (const c of COLLECTIONS) {
        for (const [w, ids] of [[a, aIds], [b, bIds]] as const) {
          const rec = BUILD[c]();
          const res = await w.as.admin.post(`/${c}`, rec, { key: true });
          assert.equal(res.status, 201, res.text);
          ids[c] = String(rec.id);
        }
      }
      return { a, b, aIds, bIds };
    }

    /** A workspace's rows as the database owner reads them (no row-level security). */
    async function rowsOf(wsId: string): Promise<unknown[]> {
      return tdb.db.query(
        `SELECT 'record' AS t, collection || '/' || id AS k, version::text || ':' || data::text || ':' || coalesce(deleted_at::text, '') AS v FROM records WHERE workspace_id = $1
         UNION ALL SELECT 'workspace', id, name || ':' || seq::text FROM workspaces WHERE id = $1
         UNION ALL SELECT 'audit', seq::text, action FROM audit_log WHERE workspace_id = $1
         ORDER BY 1, 2`,
        [wsId],
      );
    }

    describe('workspace isolation over HTTP', () => {
      let a: TestWorkspace;
      let b: TestWorkspace;
      let aIds: Record<Collection, string>;
      let bIds: Record<Collection, string>;
      let bBefore: unknown[];

      before(async () => {
        ({ a, b, aIds, bIds } = await twoWorkspaces());
        bBefore = await rowsOf(b.id);
      });

      it('lists only its own records in every collection', async () => {
        for (const c of COLLECTIONS) {
          const ofA = (await listAll(a.as.viewer, `/${c}?limit=1000`)).map((r) => r.id);
          const ofB = (await listAll(b.as.viewer, `/${c}?limit=1000`)).map((r) => r.id);
          assert.deepEqual(ofA, [aIds[c]], c);
          assert.deepEqual(ofB, [bIds[c]], c);
        }
      });

      it('answers 404 (never 403) when a key of A gets, patches or deletes a record of B, the same as for an id nobody used, and B is unchanged', async () => {
        for (const c of COLLECTIONS) {
          const never = `never-used-${uuid()}`;
          for (const api of c === 'pipelines' ? [a.as.admin] : [a.as.member, a.as.admin]) {
            for (const [method, options] of [['GET', {}], ['PATCH', { body: PATCH[c] }], ['DELETE', {}]] as const) {
              const theirs = await api.request(method, `/${c}/${bIds[c]}`, options);
              const nobodys = await api.request(method, `/${c}/${never}`, options);
              assertProblem(theirs, 404, 'not-found');
              assert.equal(theirs.body.detail, nobodys.body.detail.replace(never, bIds[c]), `${method} ${c}`);
              assert.ok(!theirs.text.includes(b.id), 'the answer never names the other workspace');
            }
            // If-Match on a PUT: the record does not exist as far as A knows, as for any unused id.
            const conditional = await api.put(`/${c}/${bIds[c]}`, BUILD[c]({ id: bIds[c] }), { headers: { 'if-match': '"1"' } });
            assertProblem(conditional, 412, 'precondition-failed', /does not exist/);
            assert.equal(conditional.body.current, undefined);
          }
        }
        assert.deepEqual(await rowsOf(b.id), bBefore);
      });

      it("lets a PUT of a B record's id create A's own record (ids are per workspace), leaving B's alone", async () => {
        for (const c of COLLECTIONS) {
          const res = await a.as.admin.put(`/${c}/${bIds[c]}`, BUILD[c]({ id: bIds[c] }));
          assert.equal(res.status, 201, res.text);
          assert.equal(res.headers.get('etag'), '"1"');
          assert.equal((await a.as.admin.delete(`/${c}/${bIds[c]}`)).status, 204);
          assert.equal((await b.as.viewer.get(`/${c}/${bIds[c]}`)).headers.get('etag'), '"1"');
        }
        assert.deepEqual(await rowsOf(b.id), bBefore);
      });

      it("never carries B's writes in A's pulls since a sync token", async () => {
        const tokens = {} as Record<Collection, string>;
        for (const c of COLLECTIONS) tokens[c] = (await a.as.viewer.get(`/${c}?limit=1000`)).body.syncToken;
        const mine = {} as Record<Collection, string>;
        for (const c of COLLECTIONS) {
          const extra = BUILD[c]();
          assert.equal((await b.as.admin.post(`/${c}`, extra, { key: true })).status, 201);
          assert.equal((await b.as.admin.patch(`/${c}/${String(extra.id)}`, PATCH[c])).status, 200);
          assert.equal((await b.as.admin.delete(`/${c}/${String(extra.id)}`)).status, 204);
          const own = BUILD[c]();
          assert.equal((await a.as.admin.post(`/${c}`, own, { key: true })).status, 201);
          mine[c] = String(own.id);
        }
        for (const c of COLLECTIONS) {
          const pulled = await a.as.viewer.get(`/${c}?since=${encodeURIComponent(tokens[c])}`);
          assert.deepEqual(pulled.body.items.map((r: { id: string }) => r.id), [mine[c]], c);
        }
        bBefore = await rowsOf(b.id);
      });

      it("never carries B's records in A's change stream", async () => {
        const streamA = await openChanges(server.url, a.keys.viewer);
        const streamB = await openChanges(server.url, b.keys.viewer);
        try {
          assert.equal((await streamA.next()).event, 'ready');
          assert.equal((await streamB.next()).event, 'ready');
          const theirs = new Set<string>();
          for (const c of COLLECTIONS) {
            const rec = BUILD[c]();
            theirs.add(String(rec.id));
            assert.equal((await b.as.admin.post(`/${c}`, rec, { key: true })).status, 201);
            assert.equal((await b.as.admin.patch(`/${c}/${bIds[c]}`, PATCH[c])).status, 200);
          }
          const last = lead();
          assert.equal((await a.as.member.post('/leads', last, { key: true })).status, 201);
          // B's stream carries B's writes (so they were sent somewhere)...
          const seenByB: string[] = [];
          while (seenByB.length < 8) seenByB.push(JSON.parse((await streamB.next()).data!).id);
          assert.deepEqual(new Set(seenByB), new Set([...theirs, ...Object.values(bIds)]));
          // ...and A's, up to A's own write, none of them.
          for (;;) {
            const change = JSON.parse((await streamA.next()).data!);
            assert.ok(!theirs.has(change.id) && !Object.values(bIds).includes(change.id), `A's stream carried ${change.id}`);
            if (change.id === last.id) break;
          }
        } finally {
          streamA.close();
          streamB.close();
        }
        bBefore = await rowsOf(b.id);
      });

      it("answers 404 to A's keys for B's keys, whatever the role; B's keys keep working", async () => {
        for (const role of ['admin', 'member', 'viewer', 'form'] as const) {
          const api = a.as[role];
          const bKey = b.keyIds.member;
          assertProblem(await api.get(`/admin/workspaces/${b.id}/keys`), 404, 'not-found');
          assertProblem(await api.post(`/admin/workspaces/${b.id}/keys`, { role: 'admin', label: 'mine now' }), 404, 'not-found');
          assertProblem(await api.delete(`/admin/workspaces/${b.id}/keys/${bKey}`), 404, 'not-found');
          // The same as for a workspace that does not exist.
          const nobody = await api.get(`/admin/workspaces/${uuid()}/keys`);
          assertProblem(nobody, 404, 'not-found');
        }
        assertProblem(await a.as.admin.delete(`/admin/workspaces/${a.id}/keys/${b.keyIds.member}`), 404, 'not-found');
        assert.equal((await b.as.member.get('/leads')).status, 200);
        assert.deepEqual(await rowsOf(b.id), bBefore);
      });

      it("shows A nothing of B in its audit log and workspace", async () => {
        const log = await listAll(a.as.admin, '/audit?limit=1000');
        assert.ok(log.length > 0);
        const text = JSON.stringify(log);
        // (B's record ids are there: A wrote records of its own under them above.)
        for (const id of [b.id, ...Object.values(b.keyIds)]) assert.ok(!text.includes(id), id);
        const w = await a.as.viewer.get('/workspace');
        assert.equal(w.body.id, a.id);
        assert.equal(w.body.name, 'Workspace A');
      });
    });

    describe('isolation in the database: requests run as l2c_app under row-level security', () => {
      let a: TestWorkspace;
      let b: TestWorkspace;

      before(async () => {
        ({ a, b } = await twoWorkspaces());
      });

      const countOf = async (sql: string, params: unknown[] = []): Promise<number> => Number((await tdb.db.query<{ n: number }>(sql, params))[0]!.n);

      it('a query with no WHERE counts only the rows of the workspace set for the transaction', async () => {
        const ofA = await countOf('SELECT count(*) AS n FROM records WHERE workspace_id = $1', [a.id]);
        const all = await countOf('SELECT count(*) AS n FROM records');
        assert.ok(ofA === 4 && all > ofA, `${ofA} of ${all}`);
        const seen = await inWorkspace(tdb.db, a.id, async (tx) => ({
          records: Number((await tx.query<{ n: number }>('SELECT count(*) AS n FROM records'))[0]!.n),
          owners: (await tx.query<{ w: string }>('SELECT DISTINCT workspace_id AS w FROM records UNION SELECT DISTINCT workspace_id FROM audit_log UNION SELECT id FROM workspaces')).map((r) => r.w),
        }));
        assert.deepEqual(seen, { records: ofA, owners: [a.id] });
      });

      it('an UPDATE with no WHERE touches only that workspace', async () => {
        const touched = await inWorkspace(tdb.db, a.id, (tx) =>
          tx.query<{ w: string }>(`UPDATE records SET data = data || '{"touched": true}'::jsonb RETURNING workspace_id AS w`));
        assert.deepEqual([...new Set(touched.map((r) => r.w))], [a.id]);
        assert.equal(touched.length, 4);
        assert.equal(await countOf(`SELECT count(*) AS n FROM records WHERE data ? 'touched'`), 4);
        assert.equal(await countOf(`SELECT count(*) AS n FROM records WHERE data ? 'touched' AND workspace_id <> $1`, [a.id]), 0);
      });

      it("cannot insert a row into another workspace, nor move one there", async () => {
        const before = await rowsOf(b.id);
        await assert.rejects(
          inWorkspace(tdb.db, a.id, (tx) =>
            tx.query(`INSERT INTO records (workspace_id, collection, id, data, version, seq, server_updated_at) VALUES ($1, 'leads', 'planted', '{}', 1, 999999, now())`, [b.id])),
          /row-level security/,
        );
        await assert.rejects(inWorkspace(tdb.db, a.id, (tx) => tx.query('UPDATE records SET workspace_id = $1', [b.id])), /row-level security/);
        await assert.rejects(
          inWorkspace(tdb.db, a.id, (tx) => tx.query(`INSERT INTO audit_log (workspace_id, seq, at, actor, action) VALUES ($1, 999999, now(), 'me', 'forged')`, [b.id])),
          /row-level security/,
        );
        assert.deepEqual(await rowsOf(b.id), before);
      });

      it('keeps the audit log append-only and keys, rate limits and migrations out of reach', async () => {
        const entries = await countOf('SELECT count(*) AS n FROM audit_log');
        for (const sql of [
          'DELETE FROM audit_log',
          "UPDATE audit_log SET actor = 'nobody'",
          'TRUNCATE audit_log',
          'SELECT secret_hash FROM api_keys',
          "UPDATE api_keys SET revoked_at = NULL",
          'SELECT * FROM rate_buckets',
          'DELETE FROM workspaces',
          'INSERT INTO workspaces (id, name) VALUES (gen_random_uuid()::text, $$new$$)',
          'DROP TABLE records',
        ]) {
          await assert.rejects(inWorkspace(tdb.db, a.id, (tx) => tx.query(sql)), /permission denied|must be owner/, sql);
        }
        assert.equal(await countOf('SELECT count(*) AS n FROM audit_log'), entries);
      });

      it('as l2c_app with no workspace set, sees no rows at all', async () => {
        const counts = await tdb.db.transaction(async (tx) => {
          await tx.query("SELECT set_config('role', 'l2c_app', true)");
          const out: Record<string, number> = {};
          for (const table of ['records', 'audit_log', 'idempotency_keys', 'workspaces']) {
            out[table] = Number((await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
          }
          return out;
        });
        assert.deepEqual(counts, { records: 0, audit_log: 0, idempotency_keys: 0, workspaces: 0 });
        assert.ok((await countOf('SELECT count(*) AS n FROM records')) >= 8);
      });
    });

    describe('a database user that may not create roles', { skip: backend.name !== 'postgres' && 'PostgreSQL only (PGlite has one user)' }, () => {
      it('refuses to start naming what an administrator must run, and starts with row-level security once it ran', async () => {
        const user = `l2c_plain_${process.pid}`;
        const schema = `${user}_data`;
        const dba = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await dba.connect();
        try {
          await dba.query(`CREATE ROLE ${user} LOGIN`);
          await dba.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${user}`);
          const url = new URL(process.env.TEST_DATABASE_URL!);
          url.username = user;
          url.searchParams.set('options', `-c search_path=${schema}`);
          await assert.rejects(startServer({ databaseUrl: url.toString(), adminToken: ADMIN_TOKEN }), (err: Error) => {
            assert.match(err.message, /As a PostgreSQL administrator run: CREATE ROLE l2c_app NOLOGIN; GRANT l2c_app TO /);
            return true;
          });
          await dba.query(`GRANT l2c_app TO ${user}`);
          const s = await startServer({ databaseUrl: url.toString(), adminToken: ADMIN_TOKEN });
          try {
            const one = await testWorkspace(s, 'One');
            const two = await testWorkspace(s, 'Two');
            const mine = lead();
            assert.equal((await one.as.member.post('/leads', mine, { key: true })).status, 201);
            assert.equal((await two.as.member.post('/leads', lead(), { key: true })).status, 201);
            assert.deepEqual((await listAll(one.as.viewer, '/leads')).map((r) => r.id), [mine.id]);
            assert.equal((await two.as.viewer.get(`/leads/${String(mine.id)}`)).status, 404);
          } finally {
            await s.close();
          }
        } finally {
          await dba.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await dba.query(`DROP ROLE IF EXISTS ${user}`);
          await dba.end();
        }
      });
    });

    describe('API keys', () => {
      const KEY_FIELDS = ['createdAt', 'createdBy', 'id', 'label', 'lastUsedAt', 'origins', 'revokedAt', 'role'];
      const hashes = async (): Promise<string[]> => (await tdb.db.query<{ h: string }>('SELECT secret_hash AS h FROM api_keys')).map((r) => r.h);

      it('shows a created key in full once; lists show its label, role and dates but never the secret or its hash', async () => {
        const made = await operator().post(`/admin/workspaces/${ws.id}/keys`, { role: 'member', label: 'CRM import' });
        assert.equal(made.status, 201, made.text);
        assert.equal(made.headers.get('cache-control'), 'no-store');
        const { key, id } = made.body;
        assert.match(key, /^l2c_sk_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/);
        assert.equal(key.split('_')[2], id);
        assert.deepEqual({ ...made.body, key: undefined, createdAt: undefined }, {
          id, key: undefined, role: 'member', label: 'CRM import', origins: null, createdAt: undefined, createdBy: 'operator', lastUsedAt: null, revokedAt: null,
        });
        const secret = key.slice(`l2c_sk_${id}_`.length);
        const [row] = await tdb.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys WHERE id = $1', [id]);
        assert.equal(row!.secret_hash, createHash('sha256').update(secret).digest('hex'), 'stored as its SHA-256');
        for (const lister of [operator(), ws.as.admin]) {
          const listed = await lister.get(`/admin/workspaces/${ws.id}/keys`);
          assert.equal(listed.status, 200);
          const entry = listed.body.items.find((k: { id: string }) => k.id === id);
          assert.deepEqual(Object.keys(entry).sort(), KEY_FIELDS);
          assert.equal(entry.label, 'CRM import');
          assert.ok(!listed.text.includes(secret), 'no secret');
          for (const h of await hashes()) assert.ok(!listed.text.includes(h), 'no hash');
        }
        const form = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'form', label: 'Landing page' });
        assert.match(form.body.key, /^l2c_pk_/);
        assert.equal(form.body.createdBy, `key:${ws.keyIds.admin}`);
      });

      it('records when a key was last used, shortly after the request', async () => {
        const made = await operator().post(`/admin/workspaces/${ws.id}/keys`, { role: 'viewer', label: 'dashboard' });
        const used = Date.now();
        assert.equal((await client(server.url, made.body.key).get('/deals')).status, 200);
        const at = await eventually('last_used_at', async () => {
          const [row] = await tdb.db.query<{ at: Date | string | null }>('SELECT last_used_at AS at FROM api_keys WHERE id = $1', [made.body.id]);
          return row?.at ?? undefined;
        });
        assert.ok(Math.abs(new Date(at).getTime() - used) < 60_000);
        const listed = await operator().get(`/admin/workspaces/${ws.id}/keys`);
        const entry = listed.body.items.find((k: { id: string }) => k.id === made.body.id);
        assert.equal(entry.lastUsedAt, new Date(at).toISOString());
        assert.equal(entry.label, 'dashboard');
      });

      it('takes a revocation into account on the very next request', async () => {
        const made = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'member', label: 'to revoke' });
        const api = client(server.url, made.body.key);
        assert.equal((await api.get('/leads')).status, 200); // now cached
        assert.equal((await ws.as.admin.delete(`/admin/workspaces/${ws.id}/keys/${made.body.id}`)).status, 204);
        assertProblem(await api.get('/leads'), 401, 'unauthorized', /revoked/);
        assertProblem(await api.post('/leads', lead(), { key: true }), 401, 'unauthorized', /revoked/);
        const entry = (await ws.as.admin.get(`/admin/workspaces/${ws.id}/keys`)).body.items.find((k: { id: string }) => k.id === made.body.id);
        assert.equal(typeof entry.revokedAt, 'string');
        assertProblem(await ws.as.admin.delete(`/admin/workspaces/${ws.id}/keys/${made.body.id}`), 404, 'not-found');
      });

      it('reaches a second server instance on the same database within a second (NOTIFY), whoever revokes', async () => {
        // PostgreSQL: a second pool and listening connection, as another process would have; PGlite: the one database.
        const second = backend.name === 'postgres'
          ? await startServer({ databaseUrl: tdb.databaseUrl!, adminToken: ADMIN_TOKEN })
          : await serve();
        servers.push(second);
        for (const revoke of ['over HTTP on the first', 'directly in the database'] as const) {
          const made = await createApiKey(tdb.db, ws.id, { role: 'member', label: `revoked ${revoke}` });
          const onFirst = client(server.url, made.key);
          const onSecond = client(second.url, made.key);
          assert.equal((await onFirst.get('/leads')).status, 200);
          assert.equal((await onSecond.get('/leads')).status, 200); // cached on both for a minute
          const t0 = Date.now();
          if (revoke === 'over HTTP on the first') assert.equal((await ws.as.admin.delete(`/admin/workspaces/${ws.id}/keys/${made.id}`)).status, 204);
          else assert.equal(await revokeApiKey(tdb.db, ws.id, made.id, 'operator'), true);
          if (revoke === 'over HTTP on the first') assertProblem(await onFirst.get('/leads'), 401, 'unauthorized', /revoked/);
          const refused = await eventually(`401 on the second instance (${revoke})`, async () => {
            const res = await onSecond.get('/leads');
            return res.status === 401 ? res : undefined;
          }, 1000);
          assertProblem(refused, 401, 'unauthorized', /revoked/);
          assert.ok(Date.now() - t0 < 1000);
          assertProblem(await onFirst.get('/leads'), 401, 'unauthorized', /revoked/);
        }
      });

      it('does not keep a key cached that was read from the database while it was being revoked', async () => {
        // The key's look-up has read the row (still live) but not yet answered when the revocation lands.
        let held: { reached: () => void; release: Promise<void> } | undefined;
        const slowed: Database = Object.create(tdb.db, {
          query: {
            value: async (sql: string, params?: readonly unknown[]) => {
              const rows = await tdb.db.query(sql, params);
              const h = held;
              if (h && /FROM api_keys WHERE id = \$1/.test(sql)) {
                held = undefined;
                h.reached();
                await h.release;
              }
              return rows;
            },
          },
        });
        const s = await serve({ db: slowed });
        const made = await createApiKey(tdb.db, ws.id, { role: 'member', label: 'revoked mid-look-up' });
        let release!: () => void;
        const reached = new Promise<void>((resolve) => (held = { reached: resolve, release: new Promise((r) => (release = r)) }));
        const inFlight = client(s.url, made.key).get('/leads');
        await reached;
        assert.equal((await client(s.url, ws.keys.admin).delete(`/admin/workspaces/${ws.id}/keys/${made.id}`)).status, 204);
        release();
        // Checked before the revocation, so it may pass; what comes after may not.
        assert.equal((await inFlight).status, 200);
        assertProblem(await client(s.url, made.key).get('/leads'), 401, 'unauthorized', /revoked/);
      });

      it('answers revoked, unknown and malformed keys with a 401 that says which and leaks nothing', async () => {
        const revoked = await createApiKey(tdb.db, ws.id, { role: 'member', label: 'gone' });
        await revokeApiKey(tdb.db, ws.id, revoked.id, 'operator');
        const live = ws.keys.member;
        const liveId = ws.keyIds.member;
        const cases: [string, string, RegExp][] = [
          ['revoked', revoked.key, /^The API key was revoked; ask an administrator of the workspace for a new one\.$/],
          ['unknown', `l2c_sk_${'0'.repeat(16)}_${'A'.repeat(32)}`, /^The API key is not known to this server\.$/],
          ['a live id with a wrong secret', `l2c_sk_${liveId}_${'B'.repeat(32)}`, /^The API key is not known to this server\.$/],
          ['a revoked id with a wrong secret (revocation not told)', `l2c_sk_${revoked.id}_${'C'.repeat(32)}`, /^The API key is not known to this server\.$/],
          ['a secret key sent as publishable', live.replace('l2c_sk_', 'l2c_pk_'), /^The API key is not known to this server\.$/],
          ['cut short', live.slice(0, -1), /^The API key is malformed: copy it again in full/],
          ['with a character too many', `${live}x`, /^The API key is malformed/],
          ['of no kind', live.replace('l2c_sk_', 'l2c_xx_'), /^The API key is malformed/],
        ];
        const secrets = [...(await hashes()), ws.id, liveId, revoked.id];
        const before = await fingerprint(tdb);
        for (const [what, key, message] of cases) {
          for (const res of [await client(server.url, key).get('/leads'), await client(server.url, key).post('/leads', lead(), { key: true })]) {
            assertProblem(res, 401, 'unauthorized', message);
            for (const secret of secrets) assert.ok(!res.text.includes(secret), `${what}: the answer shows ${secret}`);
          }
        }
        assert.deepEqual(await fingerprint(tdb), before);
      });

      it('refuses a form key for reading (403), and one restricted to origins from any other origin', async () => {
        for (const path of ['/leads', `/leads/${uuid()}`, '/deals', '/workspace', '/changes']) {
          assertProblem(await ws.as.form.get(path), 403, 'forbidden', /A form key can only create leads \(POST \/leads\) and record page views and visits/);
        }
        const made = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'form', label: 'shop', origins: ['https://shop.example'] });
        assert.equal(made.status, 201, made.text);
        assert.deepEqual(made.body.origins, ['https://shop.example']);
        const form = client(server.url, made.body.key);
        const kept = lead();
        assert.equal((await form.post('/leads', kept, { key: true, headers: { origin: 'https://shop.example' } })).status, 201);
        assert.equal((await ws.as.viewer.get(`/leads/${String(kept.id)}`)).status, 200);
        for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example', undefined]) {
          const refused = lead();
          const res = await form.post('/leads', refused, { key: true, headers: origin ? { origin } : {} });
          assertProblem(res, 403, 'forbidden', /may be used only from its listed origins/);
          assert.equal((await ws.as.viewer.get(`/leads/${String(refused.id)}`)).status, 404);
        }
        const wrong = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'member', label: 'x', origins: ['https://shop.example/path'] });
        assertProblem(wrong, 422, 'validation-error');
        assert.deepEqual(wrong.body.errors.map((e: { path: string }) => e.path).sort(), ['origins', 'origins[0]']);
      });

      it('answers 404, never 500, for workspace and key ids the database cannot store (a NUL, a lone surrogate)', async (t) => {
        const errors = t.mock.method(console, 'error', () => undefined);
        for (const bad of ['%00', 'a%00b', '%ED%A0%80']) {
          for (const api of [operator(), ws.as.admin]) {
            assertProblem(await api.get(`/admin/workspaces/${bad}/keys`), 404, 'not-found');
            assertProblem(await api.post(`/admin/workspaces/${bad}/keys`, { role: 'viewer', label: 'x' }), 404, 'not-found');
            assertProblem(await api.delete(`/admin/workspaces/${ws.id}/keys/${bad}`), 404, 'not-found');
          }
        }
        assert.equal(errors.mock.callCount(), 0);
      });

      it('checks what a new key is: a known role, a label', async () => {
        const res = await operator().post(`/admin/workspaces/${ws.id}/keys`, { role: 'owner', label: '' });
        assertProblem(res, 422, 'validation-error');
        assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['role', 'label']);
      });
    });

    describe('OpenID Connect access tokens', () => {
      const AUDIENCE = 'l2c-api';
      const clock = fakeClock();
      let idp: Server;
      let issuer: string;
      let signing: CryptoKey;
      let other: CryptoKey;
      let jwks: { keys: JWK[] };
      let oidcUrl: string;
      let dir: string;

      before(async () => {
        const pair = await generateKeyPair('RS256');
        signing = pair.privateKey;
        other = (await generateKeyPair('RS256')).privateKey;
        jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }] };
        idp = createServer((req, res) => {
          const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : req.url === '/jwks' ? jwks : undefined;
          res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
        });
        await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
        issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
        oidcUrl = (await serve({ oidc: { issuer, audience: AUDIENCE }, now: clock.now })).url;
        dir = await mkdtemp(join(tmpdir(), 'l2c-oidc-'));
      });

      after(async () => {
        await new Promise((resolve) => idp?.close(resolve));
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      interface TokenOptions {
        key?: CryptoKey;
        kid?: string;
        iss?: string;
        aud?: string | undefined;
        sub?: string | undefined;
        /** Seconds from the server's clock until it expires. */
        expiresIn?: number;
      }

      /** A signed access token for workspace `ws` with role member unless the claims say otherwise. */
      function token(claims: Record<string, unknown> = {}, o: TokenOptions = {}): Promise<string> {
        const now = Math.floor(clock.now() / 1000);
        const jwt = new SignJWT({ l2c_workspace: ws.id, l2c_role: 'member', ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'key-1' })
          .setIssuer(o.iss ?? issuer)
          .setIssuedAt(now)
          .setExpirationTime(now + (o.expiresIn ?? 300));
        if (!('aud' in o) || o.aud !== undefined) jwt.setAudience(o.aud ?? AUDIENCE);
        if (!('sub' in o) || o.sub !== undefined) jwt.setSubject(o.sub ?? 'alice');
        return jwt.sign(o.key ?? signing);
      }

      it('lets a valid token of a member read and write, recording user:<sub> as the author', async () => {
        const alice = client(oidcUrl, await token());
        assert.equal((await alice.get('/leads')).status, 200);
        const created = await alice.post('/leads', lead(), { key: true });
        assert.equal(created.status, 201, created.text);
        assert.equal(created.body.updatedBy, 'user:alice');
        const patched = await alice.patch(`/leads/${String(created.body.id)}`, { company: 'Alice & Co' });
        assert.equal(patched.body.updatedBy, 'user:alice');
        assertProblem(await alice.put(`/pipelines/${uuid()}`, pipeline()), 403, 'forbidden', /member role may not write pipelines/);
        assert.equal((await alice.get('/workspace')).body.role, 'member');
        const log = await listAll(ws.as.admin, '/audit?limit=1000');
        assert.deepEqual(log.filter((e) => e.id === created.body.id).map((e) => [e.action, e.actor]), [['create', 'user:alice'], ['update', 'user:alice']]);
      });

      it('maps a list claim to roles with roleMap (the highest wins), from claims named in the config', async () => {
        const mapped = await serve({
          now: clock.now,
          oidc: { issuer, audience: AUDIENCE, roleClaim: 'groups', workspaceClaim: 'tenant', roleMap: { 'crm-readers': 'viewer', 'crm-sales': 'member', 'crm-admins': 'admin' } },
        });
        const as = async (groups: unknown): Promise<Client> => client(mapped.url, await token({ tenant: ws.id, groups, l2c_workspace: undefined, l2c_role: undefined }));
        const sales = await as(['everyone', 'crm-readers', 'crm-sales']);
        assert.equal((await sales.post('/deals', deal())).status, 201);
        assertProblem(await sales.put(`/pipelines/${uuid()}`, pipeline()), 403, 'forbidden');
        const id = uuid();
        assert.equal((await (await as(['crm-admins'])).put(`/pipelines/${id}`, pipeline({ id }))).status, 201);
        assert.equal((await (await as('crm-readers')).get('/deals')).status, 200);
        assertProblem(await (await as(['crm-readers'])).post('/deals', deal()), 403, 'forbidden');
        assertProblem(await (await as(['marketing', 'member'])).get('/deals'), 401, 'unauthorized', /"groups" claim names no role/);
        const noTenant = client(mapped.url, await token({ groups: ['crm-sales'], l2c_role: undefined }));
        assertProblem(await noTenant.get('/deals'), 401, 'unauthorized', /no "tenant" claim/);
      });

      it('refuses an expired token, also one that expired after it was first accepted', async () => {
        const short = client(oidcUrl, await token({}, { expiresIn: 60 }));
        assert.equal((await short.get('/leads')).status, 200);
        clock.advance(61_000);
        assertProblem(await short.get('/leads'), 401, 'unauthorized', /^The access token has expired; sign in again\.$/);
        assertProblem(await client(oidcUrl, await token({}, { expiresIn: -1 })).get('/leads'), 401, 'unauthorized', /has expired/);
      });

      it('answers each bad token with a 401 that says what is wrong, leaks nothing and stores nothing', async () => {
        const other2 = await createWorkspace(tdb.db, 'Never named');
        const cases: [string, Promise<string> | string, RegExp][] = [
          ['wrong issuer', token({}, { iss: 'https://idp.evil.example' }), /^The access token was issued by another identity provider than the one this server trusts\.$/],
          ['wrong audience', token({}, { aud: 'another-api' }), /^The access token is meant for another audience\.$/],
          ['no audience', token({}, { aud: undefined }), /meant for another audience/],
          ['signed by another key under the known kid', token({}, { key: other }), /^The access token's signature does not verify\.$/],
          ['signed by a key the issuer does not list', token({}, { key: other, kid: 'key-2' }), /^The access token is signed with a key the identity provider does not list\.$/],
          ['no workspace claim', token({ l2c_workspace: undefined }), /^The access token has no "l2c_workspace" claim naming a workspace\.$/],
          ['no role claim', token({ l2c_role: undefined }), /^The access token's "l2c_role" claim names no role of this server/],
          ['an unknown role', token({ l2c_role: 'owner' }), /"l2c_role" claim names no role/],
          ['an unknown workspace', token({ l2c_workspace: `ws-${uuid()}` }), /^The access token names a workspace this server does not have\.$/],
          ['no subject', token({}, { sub: undefined }), /^The access token has no "sub" claim\.$/],
          ['a workspace claim with a NUL', token({ l2c_workspace: `${ws.id}\u0000` }), /no "l2c_workspace" claim naming a workspace/],
          ['a subject with a NUL', token({}, { sub: 'mallory\u0000' }), /no "sub" claim/],
          ['three parts, none of them JSON', 'bm90IGpzb24.bm90IGpzb24.c2ln', /^The access token is malformed\.$/],
          ['a valid header over a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', /^The access token's signature does not verify\.$/],
          ['unsigned (alg none)', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer, aud: AUDIENCE, sub: 'x', l2c_workspace: ws.id, l2c_role: 'admin' })).toString('base64url')}.`, /algorithm this server does not accept|malformed/],
        ];
        const before = await fingerprint(tdb);
        for (const [what, made, message] of cases) {
          const t = await made;
          for (const res of [await client(oidcUrl, t).get('/leads'), await client(oidcUrl, t).post('/leads', lead(), { key: true })]) {
            assertProblem(res, 401, 'unauthorized', message);
            assert.ok(!res.text.includes(other2.id) && (what === 'an unknown workspace' || !res.text.includes(ws.id)), `${what} leaks a workspace id`);
          }
        }
        assert.deepEqual(await fingerprint(tdb), before);
      });

      it('reads the keys from a JWKS file for offline set-ups', async () => {
        const file = join(dir, 'jwks.json');
        await writeFile(file, JSON.stringify(jwks));
        // The issuer's host does not resolve: nothing is fetched.
        const offline = 'https://idp.invalid';
        const url = (await serve({ now: clock.now, oidc: { issuer: offline, audience: AUDIENCE, jwksFile: file } })).url;
        const bob = client(url, await token({}, { iss: offline, sub: 'bob' }));
        assert.equal((await bob.post('/deals', deal())).body.updatedBy, 'user:bob');
        assertProblem(await client(url, await token({}, { iss: offline, key: other, kid: 'key-9' })).get('/deals'), 401, 'unauthorized', /does not list/);
      });

      it("answers 503 with Retry-After when the identity provider's keys cannot be loaded", async (t) => {
        const errors = t.mock.method(console, 'error', () => undefined);
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
        await new Promise((resolve) => closed.close(resolve));
        const url = (await serve({ now: clock.now, oidc: { issuer: gone } })).url;
        const res = await client(url, await token({}, { iss: gone })).get('/leads');
        assertProblem(res, 503, 'service-unavailable', /identity provider's keys could not be loaded/);
        assert.equal(res.headers.get('retry-after'), '30');
        assert.equal(errors.mock.callCount(), 1);
        // API keys still work meanwhile.
        assert.equal((await client(url, ws.keys.viewer).get('/leads')).status, 200);
      });
    });

    describe('audit log and updatedBy', () => {
      it('records the author of every write on the record, whatever the body says', async () => {
        const w = await testWorkspace(server, 'Authors');
        const body = lead({ updatedBy: 'user:mallory' });
        const created = await w.as.member.post('/leads', body, { key: true });
        assert.equal(created.body.updatedBy, `key:${w.keyIds.member}`);
        const patched = await w.as.admin.patch(`/leads/${String(body.id)}`, { updatedBy: 'user:mallory', company: 'X' });
        assert.equal(patched.body.updatedBy, `key:${w.keyIds.admin}`);
        const put = await w.as.member.put(`/leads/${String(body.id)}`, { ...body, updatedBy: null });
        assert.equal(put.body.updatedBy, `key:${w.keyIds.member}`);
        const viaForm = await w.as.form.post('/leads', lead(), { key: true });
        assert.equal(viaForm.body.updatedBy, `key:${w.keyIds.form}`);
        assert.equal((await w.as.viewer.get(`/leads/${String(body.id)}`)).body.updatedBy, `key:${w.keyIds.member}`);
      });

      it('lists create, replace, update, delete, key.create and key.revoke in order with their actor, paged with a cursor and from a time with since', async () => {
        const w = await testWorkspace(server, 'Audited');
        const member = `key:${w.keyIds.member}`;
        const admin = `key:${w.keyIds.admin}`;
        const d = deal();
        await w.as.member.post('/deals', d);
        await w.as.member.put(`/deals/${String(d.id)}`, { ...d, value: 2000 });
        await w.as.member.patch(`/deals/${String(d.id)}`, { value: 3000 });
        await w.as.member.delete(`/deals/${String(d.id)}`);
        const key = await w.as.admin.post(`/admin/workspaces/${w.id}/keys`, { role: 'viewer', label: 'audited' });
        await w.as.admin.delete(`/admin/workspaces/${w.id}/keys/${key.body.id}`);
        await operator().post(`/admin/workspaces/${w.id}/keys`, { role: 'form', label: 'by the operator' });
        await w.as.admin.patch('/workspace', { name: 'Audited workspace' });

        const all = await w.as.admin.get('/audit?limit=1000');
        assert.equal(all.status, 200);
        assert.equal(all.body.nextCursor, null);
        const entries = all.body.items as { at: string; actor: string; action: string; collection?: string; id?: string; version?: number; detail?: Record<string, unknown> }[];
        // testWorkspace made one key of each role (as the operator) first.
        assert.deepEqual(entries.slice(0, 4).map((e) => [e.action, e.actor, e.detail?.role]), [
          ['key.create', 'operator', 'form'], ['key.create', 'operator', 'viewer'], ['key.create', 'operator', 'member'], ['key.create', 'operator', 'admin'],
        ]);
        assert.deepEqual(entries.slice(4).map((e) => [e.action, e.actor, e.collection, e.id, e.version]), [
          ['create', member, 'deals', d.id, 1],
          ['replace', member, 'deals', d.id, 2],
          ['update', member, 'deals', d.id, 3],
          ['delete', member, 'deals', d.id, 4],
          ['key.create', admin, undefined, undefined, undefined],
          ['key.revoke', admin, undefined, undefined, undefined],
          ['key.create', 'operator', undefined, undefined, undefined],
          ['workspace.update', admin, undefined, undefined, undefined],
        ]);
        assert.deepEqual(entries[8]!.detail, { keyId: key.body.id, role: 'viewer', label: 'audited' });
        assert.deepEqual(entries[9]!.detail, { keyId: key.body.id });
        const times = entries.map((e) => Date.parse(e.at));
        assert.deepEqual(times, [...times].sort((x, y) => x - y), 'in time order');

        const paged: unknown[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Reply = await w.as.admin.get(`/audit?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.ok(page.body.items.length <= 3);
          paged.push(...page.body.items);
          cursor = page.body.nextCursor;
          pages++;
        } while (cursor);
        assert.equal(pages, 4);
        assert.deepEqual(paged, entries);

        const since = entries[6]!.at;
        const from = await w.as.admin.get(`/audit?since=${encodeURIComponent(since)}`);
        assert.deepEqual(from.body.items, entries.filter((e) => Date.parse(e.at) >= Date.parse(since)));
        assert.ok(from.body.items.length >= 6 && from.body.items.length < entries.length);
        assertProblem(await w.as.admin.get('/audit?since=yesterday'), 400, 'invalid-parameter');
        assertProblem(await w.as.admin.get('/audit?cursor=nonsense'), 400, 'invalid-parameter');
      });
    });

    describe('idempotency keys are scoped to the workspace and the credential', () => {
      it('creates two records when two keys of one workspace send the same Idempotency-Key and body', async () => {
        const w = await testWorkspace(server, 'Idempotency');
        const key = `shared-${uuid()}`;
        const body = { name: 'Same body, no id', email: 'same@example.com' };
        const byMember = await w.as.member.post('/leads', body, { key });
        const byAdmin = await w.as.admin.post('/leads', body, { key });
        const byForm = await w.as.form.post('/leads', body, { key });
        for (const res of [byMember, byAdmin, byForm]) {
          assert.equal(res.status, 201);
          assert.equal(res.headers.get('idempotent-replayed'), null);
        }
        assert.equal(new Set([byMember.body.id, byAdmin.body.id, byForm.body.id]).size, 3);
        // Each credential's own retry is a replay of its own first answer.
        const again = await w.as.admin.post('/leads', body, { key });
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal(again.body.id, byAdmin.body.id);
        assert.equal((await listAll(w.as.viewer, '/leads?limit=1000')).length, 3);
      });

      it('creates one record in each workspace when two workspaces send the same Idempotency-Key and body', async () => {
        const w1 = await testWorkspace(server, 'Idempotency 1');
        const w2 = await testWorkspace(server, 'Idempotency 2');
        const key = `shared-${uuid()}`;
        const body = lead();
        const first = await w1.as.member.post('/leads', body, { key });
        const second = await w2.as.member.post('/leads', body, { key });
        assert.equal(first.status, 201);
        assert.equal(second.status, 201);
        assert.equal(second.headers.get('idempotent-replayed'), null);
        assert.equal(first.body.updatedBy, `key:${w1.keyIds.member}`);
        assert.equal(second.body.updatedBy, `key:${w2.keyIds.member}`);
        for (const w of [w1, w2]) assert.deepEqual((await listAll(w.as.viewer, '/leads?limit=1000')).map((r) => r.id), [body.id]);
      });
    });
  });
}
