/**
 * Issue 18's chaos run, end to end: 1,000 leads written in a browser through a REST repository with
 * a member key (not throttled), through a load balancer over two server instances on one
 * PostgreSQL that injects faults (drops, 500, 503/429 with Retry-After, slow and lost responses);
 * half-way one instance is killed with SIGKILL and the page is reloaded. Exactly 1,000 distinct
 * leads end up on the server, counted through the paged API and in the database, and the outbox is
 * empty with no dead letter. Needs TEST_DATABASE_URL (npm test starts a PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { openDatabase, type Database } from '../../server/db.js';
import { createApiKey, createWorkspace } from '../../server/workspaces.js';
import { startBalancer, type Balancer } from '../support/balancer.js';
import { startInstance, testSchema, type Instance } from '../support/instances.js';
import { launchChromium, servePage } from './harness.js';

const TOTAL = 1000;
const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set (npm test starts a PostgreSQL for this)';

describe('sync under chaos, two server instances', { skip }, () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let db: Database;
  let instances: Instance[] = [];
  let balancer: Balancer;
  let page: Awaited<ReturnType<typeof servePage>>;
  let browser: Browser;
  let workspaceId: string;
  let member: string;

  before(async () => {
    schema = await testSchema('chaos');
    instances = [await startInstance({ DATABASE_URL: schema.url, CORS_ORIGINS: '*' })];
    instances.push(await startInstance({ DATABASE_URL: schema.url, CORS_ORIGINS: '*' }));
    db = await openDatabase({ databaseUrl: schema.url, poolSize: 2 });
    workspaceId = (await createWorkspace(db, 'Chaos')).id;
    member = (await createApiKey(db, workspaceId, { role: 'member', label: 'chaos' })).key;
    balancer = await startBalancer(instances.map((i) => i.url));
    page = await servePage(fileURLToPath(new URL('./pages/outbox.ts', import.meta.url)));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await page?.close();
    await balancer?.close();
    await Promise.all(instances.map((i) => i.stop()));
    await db?.close();
    await schema?.drop();
  });

  /** Leads on the server, through the paged API. */
  async function listed(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await fetch(`${instances[1]!.url}/leads?limit=1000${q}`, { headers: { authorization: `Bearer ${member}` } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  }

  async function stored(): Promise<number> {
    const rows = await db.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM records WHERE workspace_id = $1 AND collection = 'leads' AND deleted_at IS NULL", [workspaceId],
    );
    return Number(rows[0]!.n);
  }

  it('ends with exactly 1,000 leads, an empty outbox and no dead letter after faults, a killed instance and a reload', { timeout: 600_000 }, async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    const url = `${page.url}/?endpoint=${encodeURIComponent(balancer.url)}&key=${encodeURIComponent(member)}&db=chaos-${randomUUID()}`;
    await tab.goto(url);
    await tab.waitForFunction(() => 'l2c' in window);
    balancer.setFaults(0.15);
    const leads = Array.from({ length: TOTAL }, (_, i) => ({
      id: randomUUID(), status: 'new', name: `Chaos ${i}`, email: `chaos${i}@example.com`,
      createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    }));
    const ids = new Set<string>(leads.map((l) => l.id));
    // Every lead is in the outbox first (a person's submit is stored locally at once) ...
    await tab.evaluate((all) => (window as unknown as { l2c: { write(l: unknown[]): Promise<void> } }).l2c.write(all), leads);
    // ... then, half-way through the sending, one instance dies and the page is reloaded.
    for (let i = 0; i < 1200 && (await stored()) < TOTAL / 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await stored()) >= TOTAL / 2, 'half of the leads arrived');
    instances[0]!.kill();
    await tab.reload();
    await tab.waitForFunction(() => 'l2c' in window);
    const outbox = () => tab.evaluate(() => (window as unknown as { l2c: { outbox(): Promise<{ pending: number; dead: number }> } }).l2c.outbox());
    let state = await outbox();
    for (let i = 0; i < 2400 && state.pending > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      state = await outbox();
    }
    const stats = balancer.stats();
    assert.deepEqual(state, { pending: 0, dead: 0 }, `the outbox drained (${JSON.stringify(stats)})`);
    const onServer = await listed();
    assert.equal(onServer.length, TOTAL);
    assert.equal(new Set(onServer).size, TOTAL);
    assert.ok(onServer.every((id) => ids.has(id)));
    assert.equal(await stored(), TOTAL);
    assert.ok(stats.faults > 50, `faults were injected (${stats.faults} of ${stats.requests} requests)`);
    assert.ok(stats.perInstance[0]! > 0 && stats.perInstance[1]! > 0, 'both instances took requests');
    assert.deepEqual(errors, []);
    console.log(`chaos: ${stats.requests} requests, ${stats.faults} faults, per instance ${stats.perInstance.join('/')}`);
    await context.close();
  });
});
