/**
 * Engagement over HTTP (issue 14): a form key may record page views and visits of the workspace's
 * own leads (POST /activities with `engagement: true`, what l2c-elements/track sends) and nothing
 * more. Runs on PGlite and on PostgreSQL (when TEST_DATABASE_URL is set).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/app.js';
import { ADMIN_TOKEN, BACKENDS, activity, client, lead, listAll, openTestDatabase, serveWithWorkspace, testWorkspace, uuid, type Reply, type TestDatabase, type TestWorkspace } from './helpers.js';

const pageView = (leadId: string, extra: Record<string, unknown> = {}) => ({ id: uuid(), leadId, type: 'page-view', at: new Date().toISOString(), value: 42, page: '/pricing', engagement: true, ...extra });

function assertProblem(res: Reply, status: number, paths?: string[]): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  if (paths) assert.deepEqual([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort(), paths.sort(), res.text);
}

for (const backend of BACKENDS) {
  describe(`engagement activities from a form key on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    let server: RunningServer;
    let ws: TestWorkspace;
    let other: TestWorkspace;
    let leadId: string;
    const servers: RunningServer[] = [];

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'engagement');
      ({ server, ws } = await serveWithWorkspace(tdb.db));
      servers.push(server);
      other = await testWorkspace(server, 'Other workspace');
      leadId = uuid();
      assert.equal((await ws.as.form.post('/leads', lead({ id: leadId }), { key: true })).status, 201);
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await tdb?.cleanup();
    });

    it('stores a page view and a visit of a lead, which the team then reads as its activities', async () => {
      const view = pageView(leadId);
      const visit = { id: uuid(), leadId, type: 'visit', at: new Date().toISOString(), page: '/', engagement: true };
      const made = await ws.as.form.post('/activities', view);
      assert.equal(made.status, 201, made.text);
      assert.equal(made.body.updatedBy, `key:${ws.keyIds.form}`);
      assert.equal((await ws.as.form.post('/activities', visit)).status, 201);
      const stored = (await listAll(ws.as.viewer, '/activities')).filter((a) => a.leadId === leadId);
      assert.deepEqual(stored.map((a) => [a.type, a.value ?? null, a.page]).sort(), [['page-view', 42, '/pricing'], ['visit', null, '/']]);
    });

    it('refuses any other activity from a form key with 403, and stores nothing', async () => {
      const before = (await listAll(ws.as.viewer, '/activities')).length;
      for (const body of [
        activity({ leadId }),
        pageView(leadId, { engagement: undefined }),
        pageView(leadId, { engagement: false }),
        pageView(leadId, { type: 'call' }),
        pageView(leadId, { type: 'task' }),
      ]) assertProblem(await ws.as.form.post('/activities', body), 403);
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        assertProblem(await ws.as.form.request(method, `/activities/${uuid()}`, { body: pageView(leadId) }), 403);
      }
      assertProblem(await ws.as.form.get('/activities'), 403);
      assert.equal((await listAll(ws.as.viewer, '/activities')).length, before);
    });

    it('answers bad values with 422 naming the field', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [pageView(leadId, { value: -1 }), ['value']],
        [pageView(leadId, { value: 86_401 }), ['value']],
        [pageView(leadId, { value: 'ten' }), ['value']],
        [pageView(leadId, { page: '/pricing?email=ana@example.com' }), ['page']],
        [pageView(leadId, { page: 'https://example.com/' }), ['page']],
        [pageView(leadId, { at: 'yesterday' }), ['at']],
        [pageView(leadId, { at: new Date(Date.now() + 86_400_000).toISOString() }), ['at']],
        [pageView(leadId, { note: 'hi', dealId: 'd1' }), ['dealId', 'note']],
        [pageView(leadId, { leadId: undefined }), ['leadId']],
      ];
      for (const [body, paths] of cases) assertProblem(await ws.as.form.post('/activities', body), 422, paths);
      // The same bound holds for the team: a page view is a page view whoever records it.
      assertProblem(await ws.as.member.post('/activities', pageView(leadId, { value: 90_000 })), 422, ['value']);
      assertProblem(await ws.as.member.post('/activities', { ...activity({ leadId }), engagement: true }), 422, ['type']);
    });

    it('answers a lead that is not one of the workspace\'s with the same 422 leadId, whatever the reason', async () => {
      const foreign = uuid();
      assert.equal((await other.as.form.post('/leads', lead({ id: foreign }), { key: true })).status, 201);
      const deleted = uuid();
      assert.equal((await ws.as.admin.post('/leads', lead({ id: deleted }), { key: true })).status, 201);
      assert.equal((await ws.as.admin.delete(`/leads/${deleted}`)).status, 204);
      const answers = [];
      for (const id of [foreign, deleted, uuid()]) {
        const res = await ws.as.form.post('/activities', pageView(id));
        assertProblem(res, 422, ['leadId']);
        answers.push(JSON.stringify(res.body.errors));
      }
      assert.equal(new Set(answers).size, 1, 'the answers differ, so they tell a lead of another workspace from none');
      // The other workspace's own form key may record it.
      assert.equal((await other.as.form.post('/activities', pageView(foreign))).status, 201);
    });

    it('counts page views against the same per-address limit as the form\'s leads', async () => {
      const limited = await startServer({ db: tdb.db, adminToken: ADMIN_TOKEN, rateLimitLeads: 2, authFailuresPerMinute: 0 });
      servers.push(limited);
      const form = client(limited.url, ws.keys.form);
      assert.equal((await form.post('/leads', lead(), { key: true })).status, 201);
      assert.equal((await form.post('/activities', pageView(leadId))).status, 201);
      const spent = await form.post('/activities', pageView(leadId));
      assert.equal(spent.status, 429, spent.text);
      assert.equal((await form.post('/leads', lead(), { key: true })).status, 429);
    });
  });
}
