/**
 * Sync that never hides a record (issue 18): paging and `since` pulls are correct by construction,
 * property-tested against thousands of records with writes landing between pages; and the change
 * stream (`GET /changes`, Server-Sent Events) delivers every write, resumes from the last event id
 * and reaches clients of another server instance on the same database. Both backends.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../../server/app.js';
import type { Database } from '../../server/db.js';
import { inWorkspace } from '../../server/scope.js';
import { lockWorkspace } from '../../server/store.js';
import { BACKENDS, client, lead, openTestDatabase, serveWithWorkspace, type Client, type TestDatabase, type TestWorkspace } from './helpers.js';

type Item = Record<string, unknown> & { id: string };

/**
 * Stores `n` leads in workspace `ws` in one statement, numbered by the workspace's sequence as the
 * server numbers them (thousands through the API would take a minute of the suite's time).
 */
async function seedLeads(db: Database, ws: string, n: number): Promise<string[]> {
  const rows = await inWorkspace(db, ws, async (tx) => {
    await lockWorkspace(tx, ws);
    return tx.query<{ id: string }>(
      `WITH s AS (UPDATE workspaces SET seq = seq + $2 WHERE id = $1 RETURNING seq - $2 AS base)
       INSERT INTO records (workspace_id, collection, id, data, version, seq, server_updated_at)
       SELECT $1, 'leads', 'seed-' || i, jsonb_build_object('id', 'seed-' || i, 'name', 'Lead ' || i, 'status', 'new',
                'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z'),
              1, s.base + i, now()
       FROM s, generate_series(1, $2::int) AS i
       RETURNING id`,
      [ws, n],
    );
  });
  return rows.map((r) => r.id);
}

/** Every page of `path` (following nextCursor), and the final syncToken. */
async function pages(api: Client, path: string, between?: () => Promise<void>): Promise<{ items: Item[]; syncToken: string; count: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let count = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    assert.equal(res.status, 200, res.text);
    items.push(...(res.body.items as Item[]));
    count += 1;
    cursor = res.body.nextCursor as string | null;
    if (cursor === null) {
      assert.equal(typeof res.body.syncToken, 'string');
      return { items, syncToken: res.body.syncToken as string, count };
    }
    assert.equal(res.body.syncToken, undefined, 'only the last page carries a syncToken');
    await between?.();
  }
}

type Sse = { id?: string; event: string; data: unknown };

/** An open GET /changes: its events so far, a wait for the ones a test expects, and closing. */
interface Stream {
  status: number;
  events: Sse[];
  /** Resolves once `until(events)` holds; rejects after `ms` (naming what it waited for). */
  waitFor(until: (events: Sse[]) => boolean, ms?: number): Promise<Sse[]>;
  /** Resolves true when the server ends the stream within `ms`. */
  ended(ms?: number): Promise<boolean>;
  close(): void;
}

async function openStream(url: string, key: string, lastEventId?: string): Promise<Stream> {
  const controller = new AbortController();
  const events: Sse[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const res = await fetch(`${url}/changes`, {
    headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  if (res.ok && res.body) {
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const e: Sse = { event: 'message', data: undefined };
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) e.id = line.slice(4);
              else if (line.startsWith('event: ')) e.event = line.slice(7);
              else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
            }
            if (e.id !== undefined || e.data !== undefined) events.push(e);
          }
          notify();
        }
        ended = !controller.signal.aborted;
      } catch {
        // aborted by the test
      }
      notify();
    })();
  } else {
    await res.body?.cancel();
  }
  const wait = (check: () => boolean, ms: number, what: string): Promise<void> => new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(test);
      reject(new Error(`no ${what} within ${ms} ms; events: ${JSON.stringify(events)}`));
    }, ms);
    const test = () => {
      if (!check()) return;
      clearTimeout(timer);
      waiters.delete(test);
      resolve();
    };
    waiters.add(test);
    test();
  });
  return {
    status: res.status,
    events,
    async waitFor(until, ms = 5000) {
      await wait(() => until(events), ms, 'expected events');
      return events;
    },
    async ended(ms = 5000) {
      return wait(() => ended, ms, 'end of stream').then(() => true, () => false);
    },
    close: () => controller.abort(),
  };
}

const changesOf = (events: { event: string; data: unknown }[]) =>
  events.filter((e) => e.event === 'change').map((e) => e.data as { collection: string; id: string; record?: Item; deleted?: boolean; etag?: string });

for (const backend of BACKENDS) {
  describe(`sync on ${backend.name}`, { skip: backend.skip }, () => {
    let tdb: TestDatabase;
    let server: RunningServer;
    let ws: TestWorkspace;
    const servers: RunningServer[] = [];

    before(async () => {
      tdb = await openTestDatabase(backend.name, 'sync');
      ({ server, ws } = await serveWithWorkspace(tdb.db));
      servers.push(server);
    });

    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await tdb?.cleanup();
    });

    describe('paging', () => {
      let initial: string[];
      before(async () => {
        initial = await seedLeads(tdb.db, ws.id, 2000);
      });

      it('lists 2,000 leads exactly once whatever the page size (numeric order: 9 before 10)', async () => {
        for (const limit of [1000, 100, 7]) {
          const { items } = await pages(ws.as.viewer, `/leads?limit=${limit}`);
          const ids = items.map((i) => i.id);
          assert.equal(ids.length, 2000, `limit ${limit}`);
          assert.equal(new Set(ids).size, 2000, `limit ${limit}: no record twice`);
          assert.deepEqual(new Set(ids), new Set(initial));
        }
      });

      it('property: with writes between pages, every record present at the start comes exactly once unless changed, and the next pull sees every write made meanwhile', async () => {
        const write = fc.oneof(
          fc.record({ op: fc.constant('create' as const) }),
          fc.record({ op: fc.constant('update' as const), pick: fc.nat() }),
          fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
        );
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 50, max: 700 }), fc.array(fc.array(write, { maxLength: 4 }), { minLength: 1, maxLength: 12 }), async (limit, plan) => {
            // The server's state before, as the list API gives it.
            const start = await pages(ws.as.viewer, '/leads?limit=1000');
            const present = new Map(start.items.map((i) => [i.id, i]));
            const live = [...present.keys()];
            const touched = new Set<string>();
            let step = 0;
            const between = async (): Promise<void> => {
              for (const w of plan[step++ % plan.length]!) {
                if (w.op === 'create') {
                  const body = lead();
                  await ws.as.member.post('/leads', body, { key: true });
                  touched.add(String(body.id));
                  live.push(String(body.id));
                } else if (live.length) {
                  const id = live[w.pick % live.length]!;
                  touched.add(id);
                  if (w.op === 'update') await ws.as.member.patch(`/leads/${id}`, { name: `Changed ${step}` });
                  else {
                    await ws.as.member.delete(`/leads/${id}`);
                    live.splice(live.indexOf(id), 1);
                  }
                }
              }
            };
            // A full sync (deletes included, as a syncing client asks) while others write, then the
            // next pull from its syncToken. (A plain list shows live records only, so a record
            // deleted after its page was read would stay in a replica built from it.)
            const listed = await pages(ws.as.viewer, `/leads?deleted=true&limit=${limit}`, between);
            const counts = new Map<string, number>();
            for (const i of listed.items) if (!i.deleted) counts.set(i.id, (counts.get(i.id) ?? 0) + 1);
            for (const id of present.keys()) {
              if (touched.has(id)) continue;
              assert.equal(counts.get(id), 1, `${id}, present at the start and never changed, listed ${counts.get(id) ?? 0} times`);
            }
            const next = await pages(ws.as.viewer, `/leads?since=${encodeURIComponent(listed.syncToken)}&limit=${limit}`);
            // Replaying the list and then the pull gives exactly what the server holds now.
            const replica = new Map<string, Item>();
            for (const i of [...listed.items, ...next.items]) {
              if (i.deleted) replica.delete(i.id);
              else replica.set(i.id, i);
            }
            const now = await pages(ws.as.viewer, '/leads?limit=1000');
            assert.equal(replica.size, now.items.length);
            for (const i of now.items) assert.deepEqual(replica.get(i.id), i, `${i.id} as the server has it`);
            // And a pull from the newest token brings nothing new.
            const quiet = await ws.as.viewer.get(`/leads?since=${encodeURIComponent(next.syncToken)}`);
            assert.deepEqual(quiet.body.items, []);
          }),
          { numRuns: 8, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
        );
      });
    });

    describe('strings the database cannot store', () => {
      /** Every string in `value` (with its path), and object keys. */
      function stringPaths(value: unknown, path = ''): string[] {
        if (typeof value === 'string') return [path];
        if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, `${path}[${i}]`));
        if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => stringPaths(v, path ? `${path}.${k}` : k));
        return [];
      }
      function withBad(value: unknown, target: string, bad: string, path = ''): unknown {
        if (typeof value === 'string') return path === target ? `${value.slice(0, 1)}${bad}${value.slice(1)}` : value;
        if (Array.isArray(value)) return value.map((v, i) => withBad(v, target, bad, `${path}[${i}]`));
        if (typeof value === 'object' && value !== null) {
          return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBad(v, target, bad, path ? `${path}.${k}` : k)]));
        }
        return value;
      }
      const records: Record<string, Record<string, unknown>> = {
        leads: lead({ phone: '+4930123456', message: 'Hello', source: { utm_source: 'x', page: 'https://a.example/' }, custom: { notes: 'n' }, consent: { text: 'Yes', version: 'v1', at: '2024-01-01T00:00:00Z' } }),
        deals: { title: 'Deal', value: 5, currency: 'EUR', pipelineId: 'p', stageId: 's', history: [{ stageId: 's', enteredAt: '2024-01-01T00:00:00Z' }], lostReason: 'r' },
        pipelines: { name: 'P', stages: [{ id: 'a', label: 'A', kind: 'open', probability: 0.5, guidance: 'g' }], lostReasons: ['x'] },
        activities: { type: 'call', at: '2024-01-01T00:00:00Z', note: 'n' },
      };

      it('answers 422 naming the field for a NUL or an unpaired surrogate in any string of any record, and stores nothing', async () => {
        let checked = 0;
        for (const [collection, record] of Object.entries(records)) {
          for (const path of stringPaths(record)) {
            if (path === 'id') continue;
            for (const bad of ['\u0000', '\ud800', '\udc00']) {
              const body = { ...(withBad(record, path, bad) as Record<string, unknown>), id: `bad-${checked}` };
              const res = await ws.as.admin.post(`/${collection}`, body, { key: true });
              assert.equal(res.status, 422, `${collection} ${path} ${JSON.stringify(bad)}: ${res.text}`);
              assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), [path]);
              assert.equal((await ws.as.viewer.get(`/${collection}/bad-${checked}`)).status, 404);
              checked += 1;
            }
          }
        }
        assert.ok(checked > 40, `${checked} cases`);
        // In a key, in a PUT and in a PATCH too.
        const keyed = await ws.as.member.post('/leads', lead({ custom: { 'a\u0000b': 'x' } }), { key: true });
        assert.equal(keyed.status, 422);
        assert.match(keyed.body.errors[0].path, /^custom\.a/);
        const l = lead();
        assert.equal((await ws.as.member.put(`/leads/${String(l.id)}`, { ...l, name: 'x\u0000' })).status, 422);
        await ws.as.member.post('/leads', l, { key: true });
        const patched = await ws.as.member.patch(`/leads/${String(l.id)}`, { message: 'x\ud83d' });
        assert.deepEqual(patched.body.errors.map((e: { path: string }) => e.path), ['message']);
        // Whole characters outside the basic plane are fine.
        assert.equal((await ws.as.member.patch(`/leads/${String(l.id)}`, { message: 'thanks \ud83d\ude00' })).status, 200);
      });

      it('answers 400 naming the parameter for such a character in any query parameter, and 404 for one in an id', async () => {
        for (const name of ['pipelineId', 'stageId', 'status', 'leadId', 'dealId', 'cursor', 'since', 'updatedSince', 'limit', 'spam']) {
          const res = await ws.as.viewer.get(`/deals?${name}=a%00b`);
          assert.equal(res.status, 400, `${name}: ${res.text}`);
          assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), [name]);
        }
        assert.equal((await ws.as.viewer.get('/audit?since=%00')).status, 403);
        assert.equal((await ws.as.admin.get('/audit?since=%00')).status, 400);
        const id = await ws.as.viewer.get('/leads/a%00b');
        assert.equal(id.status, 404);
        assert.equal(id.headers.get('content-type'), 'application/problem+json');
      });
    });

    describe('the change stream', () => {
      const ready = (events: Sse[]) => events.some((e) => e.event === 'ready');

      it('streams every write of the workspace as it happens, deletes as tombstones, each with its position', async () => {
        const stream = await openStream(server.url, ws.keys.viewer);
        try {
          assert.equal(stream.status, 200);
          await stream.waitFor(ready);
          const body = lead({ name: 'Live' });
          await ws.as.member.post('/leads', body, { key: true });
          await ws.as.member.patch(`/leads/${String(body.id)}`, { name: 'Live, changed' });
          await ws.as.member.delete(`/leads/${String(body.id)}`);
          const events = await stream.waitFor((e) => changesOf(e).length >= 3);
          assert.equal(events[0]!.event, 'ready');
          const changes = changesOf(events);
          assert.deepEqual(changes.map((c) => [c.collection, c.id, c.record?.name ?? (c.deleted ? 'deleted' : '?')]), [
            ['leads', body.id, 'Live'], ['leads', body.id, 'Live, changed'], ['leads', body.id, 'deleted'],
          ]);
          assert.equal(changes[1]!.etag, '"2"');
          assert.ok(events.filter((e) => e.event === 'change').every((e) => typeof e.id === 'string'));
        } finally {
          stream.close();
        }
      });

      it('resumes from Last-Event-ID: what was written while away comes once, as it is now, in write order', async () => {
        const first = await openStream(server.url, ws.keys.viewer);
        const from = (await first.waitFor(ready))[0]!.id!;
        first.close();
        const a = lead({ name: 'While away 1' });
        const b = lead({ name: 'While away 2' });
        await ws.as.member.post('/leads', a, { key: true });
        await ws.as.member.post('/leads', b, { key: true });
        await ws.as.member.patch(`/leads/${String(a.id)}`, { name: 'While away 1, changed' });
        const resumed = await openStream(server.url, ws.keys.viewer, from);
        const events = await resumed.waitFor((e) => changesOf(e).length >= 2 && ready(e));
        resumed.close();
        assert.deepEqual(changesOf(events).map((c) => c.record?.name), ['While away 2', 'While away 1, changed']);
        // Resuming from the last one is quiet: its ready event comes with nothing before it.
        const lastId = events.filter((e) => e.event === 'change').at(-1)!.id!;
        const quiet = await openStream(server.url, ws.keys.viewer, lastId);
        assert.deepEqual(changesOf(await quiet.waitFor(ready)), []);
        quiet.close();
        assert.equal((await ws.as.viewer.get('/changes', { headers: { 'last-event-id': 'nonsense' } })).status, 400);
      });

      it('reaches clients of another server instance on the same database within a second, and hides spam', async () => {
        const other = await startServer({ db: tdb.db });
        servers.push(other);
        const stream = await openStream(other.url, ws.keys.viewer);
        try {
          await stream.waitFor(ready);
          await ws.as.form.post('/leads', lead({ name: 'Bot', _hp: 'x' }), { key: true });
          const person = lead({ name: 'Through instance A' });
          const t0 = performance.now();
          await ws.as.member.post('/leads', person, { key: true });
          const events = await stream.waitFor((e) => changesOf(e).length >= 1);
          const delay = performance.now() - t0;
          assert.deepEqual(changesOf(events).map((c) => c.record?.name), ['Through instance A']);
          // The figure the issue asks for; generous here, the benchmark reports the real delays.
          assert.ok(delay < 1000, `${delay.toFixed(0)} ms`);
        } finally {
          stream.close();
        }
      });

      it('is refused to a form key and ends when its key is revoked', async () => {
        const refused = await openStream(server.url, ws.keys.form);
        assert.equal(refused.status, 403);
        const extra = await ws.as.admin.post(`/admin/workspaces/${ws.id}/keys`, { role: 'viewer', label: 'to revoke' });
        const open = await openStream(server.url, extra.body.key as string);
        try {
          await open.waitFor(ready);
          assert.equal((await ws.as.admin.delete(`/admin/workspaces/${ws.id}/keys/${String(extra.body.id)}`)).status, 204);
          assert.equal(await open.ended(), true, 'the server ended the stream');
          assert.equal((await client(server.url, extra.body.key as string).get('/leads')).status, 401);
        } finally {
          open.close();
        }
      });
    });
  });
}
