/**
 * Data survives restarts (PGlite in a folder; PostgreSQL), migrations run once and in order, a
 * failing migration changes nothing, and old idempotency keys are purged while recent ones replay.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerOptions } from '../../server/app.js';
import { openDatabase } from '../../server/db.js';
import { purgeIdempotencyKeys } from '../../server/idempotency.js';
import { MIGRATIONS, migrate, type Migration } from '../../server/migrations.js';
import { createApiKey } from '../../server/workspaces.js';
import { BACKENDS, client, lead, openTestDatabase, pipeline, testWorkspace, uuid, type TestDatabase } from './helpers.js';

const VERSIONS = MIGRATIONS.map((m) => m.version);

describe('restart persistence with a PGlite folder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'l2c-pglite-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records, versions and idempotency keys across a restart, and migrates once', async () => {
    const first = await startServer({ pgliteDir: join(dir, 'db') });
    assert.equal(first.db, 'pglite');
    const { keys } = await testWorkspace(first);
    const api = client(first.url, keys.admin);
    const key = uuid();
    const l = lead({ name: 'Persisted' });
    const created = await api.post('/leads', l, { key });
    assert.equal(created.status, 201);
    const p = pipeline();
    await api.post('/pipelines', p);
    assert.equal((await api.patch(`/pipelines/${String(p.id)}`, { name: 'Renamed' })).headers.get('etag'), '"2"');
    await first.close();

    const second = await startServer({ pgliteDir: join(dir, 'db') });
    try {
      // The keys survived with the data.
      const again = client(second.url, keys.admin);
      const got = await again.get(`/leads/${String(l.id)}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, created.body);
      const pipe = await again.get(`/pipelines/${String(p.id)}`);
      assert.equal(pipe.headers.get('etag'), '"2"');
      assert.equal(pipe.body.name, 'Renamed');
      // The key survived too: a retry after the restart replays.
      const replayed = await again.post('/leads', l, { key });
      assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
      assert.equal(replayed.text, created.text);
      // New writes continue the sequence after the old ones.
      await again.post('/pipelines', pipeline({ name: 'After restart' }));
      const names = (await again.get('/pipelines')).body.items.map((r: { name: string }) => r.name);
      assert.deepEqual(names, ['Renamed', 'After restart']);
    } finally {
      await second.close();
    }

    const db = await openDatabase({ pgliteDir: join(dir, 'db') });
    try {
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => Number(r.version)), VERSIONS);
      assert.deepEqual(await migrate(db), []);
    } finally {
      await db.close();
    }
  });
});

for (const backend of BACKENDS) {
  describe(`migrations and key retention on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await openTestDatabase(backend.name, 'persistence');
    });
    after(async () => {
      await tdb?.cleanup();
    });

    it('applies every migration once, in order, and nothing on the next start', async () => {
      assert.deepEqual(await migrate(tdb.db), VERSIONS);
      assert.deepEqual(await migrate(tdb.db), []);
      const extra: Migration[] = [
        { version: 101, name: 'second', statements: ["INSERT INTO test_log VALUES ('second')"] },
        { version: 100, name: 'first', statements: ['CREATE TABLE test_log (entry text)', "INSERT INTO test_log VALUES ('first')"] },
      ];
      assert.deepEqual(await migrate(tdb.db, [...MIGRATIONS, ...extra]), [100, 101]);
      assert.deepEqual(await migrate(tdb.db, [...MIGRATIONS, ...extra]), []);
      const log = await tdb.db.query<{ entry: string }>('SELECT entry FROM test_log');
      assert.deepEqual(log.map((r) => r.entry), ['first', 'second']);
    });

    it('rolls back every migration of a run when one fails', async () => {
      const failing: Migration[] = [
        { version: 200, name: 'fine', statements: ['CREATE TABLE fine_table (x int)'] },
        { version: 201, name: 'broken', statements: ['CREATE TABLE broken_table (x int)', 'SELECT * FROM no_such_table'] },
      ];
      await assert.rejects(migrate(tdb.db, [...MIGRATIONS, ...failing]), /no_such_table/);
      const applied = await tdb.db.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version >= 200');
      assert.deepEqual(applied, []);
      const tables = await tdb.db.query("SELECT 1 FROM information_schema.tables WHERE table_name IN ('fine_table', 'broken_table') AND table_schema = current_schema()");
      assert.deepEqual(tables, []);
    });

    it('moves the records of a database from before workspaces into a "default" workspace, in their order', async () => {
      const old = await openTestDatabase(backend.name, 'persistence_v3');
      try {
        assert.deepEqual(await migrate(old.db, MIGRATIONS.filter((m) => m.version <= 3)), [1, 2, 3]);
        for (const [i, id] of ['a', 'b', 'c'].entries()) {
          await old.db.query(
            `INSERT INTO records (collection, id, data, version, seq, server_updated_at) VALUES ('leads', $1, $2::jsonb, 1, nextval('records_seq'), now())`,
            [id, JSON.stringify({ id, name: `Lead ${i}`, status: 'new', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z' })],
          );
        }
        assert.deepEqual(await migrate(old.db), [4, 5]);
        const s = await startServer({ db: old.db });
        try {
          const admin = await createApiKey(old.db, 'default', { role: 'member', label: 'after the upgrade' });
          const api = client(s.url, admin.key);
          const listed = await api.get('/leads');
          assert.deepEqual(listed.body.items.map((r: { id: string }) => r.id), ['a', 'b', 'c']);
          // New writes continue after the old sequence numbers.
          assert.equal((await api.post('/leads', lead({ id: 'd' }), { key: true })).status, 201);
          const page = await api.get(`/leads?since=${encodeURIComponent(listed.body.syncToken)}`);
          assert.deepEqual(page.body.items.map((r: { id: string }) => r.id), ['d']);
        } finally {
          await s.close();
        }
      } finally {
        await old.cleanup();
      }
    });

    it('restarts on the same database with the data intact', async () => {
      const options: ServerOptions = backend.name === 'postgres' ? { databaseUrl: tdb.databaseUrl } : { db: tdb.db };
      const first = await startServer(options);
      const { keys } = await testWorkspace(first);
      const l = lead();
      assert.equal((await client(first.url, keys.member).post('/leads', l, { key: true })).status, 201);
      await first.close();
      const second = await startServer(options);
      try {
        assert.equal((await client(second.url, keys.member).get(`/leads/${String(l.id)}`)).body.id, l.id);
      } finally {
        await second.close();
      }
      const rows = await tdb.db.query<{ n: string }>('SELECT count(*)::text AS n FROM schema_migrations WHERE version < 100');
      assert.equal(rows[0]?.n, String(VERSIONS.length));
    });

    it('keeps keys for at least 24 hours and purges those older than 48 at start', async () => {
      const s = await startServer({ db: tdb.db });
      const { keys } = await testWorkspace(s);
      const api = client(s.url, keys.member);
      const recent = { key: uuid(), body: lead() };
      const old = { key: uuid(), body: lead() };
      try {
        assert.equal((await api.post('/leads', recent.body, { key: recent.key })).status, 201);
        assert.equal((await api.post('/leads', old.body, { key: old.key })).status, 201);
      } finally {
        await s.close();
      }
      await tdb.db.query("UPDATE idempotency_keys SET created_at = now() - interval '30 hours' WHERE key = $1", [recent.key]);
      await tdb.db.query("UPDATE idempotency_keys SET created_at = now() - interval '49 hours' WHERE key = $1", [old.key]);

      const restarted = await startServer({ db: tdb.db });
      try {
        const again = client(restarted.url, keys.member);
        const replay = await again.post('/leads', recent.body, { key: recent.key });
        assert.equal(replay.headers.get('idempotent-replayed'), 'true');
        // The old key is gone: the same request is now a new create, which conflicts on the id.
        const reused = await again.post('/leads', old.body, { key: old.key });
        assert.equal(reused.status, 409);
        assert.ok(String(reused.body.type).endsWith('/conflict'));
      } finally {
        await restarted.close();
      }
      assert.equal(await purgeIdempotencyKeys(tdb.db, 24), 1);
    });
  });
}
