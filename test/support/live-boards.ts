/**
 * Two colleagues on two server instances: one PostgreSQL schema, two `server/main.ts` processes,
 * and two separate Chromium processes, each with a pipeline board under `<l2c-provider>` (REST,
 * member key) on its own instance. `move()` moves a deal in the first browser (through its
 * repository, as the board does); `seen()` resolves when the second browser's board shows it in
 * the new stage (its repository has it and the board has rendered and painted). For the live
 * changes end-to-end test and `npm run bench -- live`. Needs TEST_DATABASE_URL and dist/cdn.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Database } from '../../server/db.js';
import { createApiKey, createWorkspace } from '../../server/workspaces.js';
import { ROOT, launchChromium, serveStatic } from '../e2e/harness.js';
import { startInstance, testSchema, type Instance } from './instances.js';

export interface LiveBoards {
  /** Moves the deal to `stageId` in the first browser; resolves to the time of the move (ms since the epoch). */
  move(stageId: string): Promise<number>;
  /** Resolves to the time (ms since the epoch) the second browser's board has the deal in `stageId`, painted. */
  seen(stageId: string): Promise<number>;
  /** The deal's stage as the second browser's board shows it. */
  shownStage(): Promise<string | undefined>;
  close(): Promise<void>;
}

const STAGES = ['lead', 'qualified', 'proposal', 'won', 'lost'];

function pageHtml(endpoint: string, key: string, db: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Board</title>
<script type="module" src="/dist/cdn/l2c-elements.js"></script></head><body>
<l2c-provider store="rest" endpoint="${endpoint}" api-key="${key}" db-name="${db}"><pipeline-board pipeline-id="live"></pipeline-board></l2c-provider>
<script type="module">
const provider = document.querySelector('l2c-provider');
const board = document.querySelector('pipeline-board');
await customElements.whenDefined('l2c-provider');
while (!provider.repository) await new Promise((r) => setTimeout(r, 20));
const repo = provider.repository;
const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
window.live = {
  async ready(id) {
    const end = Date.now() + 30000;
    while (!(await repo.deals.get(id))) {
      if (Date.now() > end) throw new Error('the deal never reached this browser');
      await new Promise((r) => setTimeout(r, 20));
    }
    await board.updateComplete;
  },
  async move(id, stageId) {
    const deal = await repo.deals.get(id);
    const at = Date.now();
    await repo.deals.put({ ...deal, stageId, updatedAt: new Date(at).toISOString() });
    return at;
  },
  seen(id, stageId) {
    return new Promise((resolve) => {
      let stop;
      const check = async () => {
        const deal = await repo.deals.get(id);
        if (deal?.stageId !== stageId) return;
        stop?.();
        stop = undefined;
        await board.updateComplete;
        await painted();
        resolve(Date.now());
      };
      stop = repo.subscribe(() => void check());
      void check();
    });
  },
  async stage(id) {
    return (await repo.deals.get(id))?.stageId;
  },
};
</script></body></html>`;
}

export async function startLiveBoards(): Promise<LiveBoards> {
  const schema = await testSchema(`live${process.pid}`);
  const instances: Instance[] = [];
  const browsers: Browser[] = [];
  let db: Database | undefined;
  let files: Awaited<ReturnType<typeof serveStatic>> | undefined;
  const close = async (): Promise<void> => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await files?.close();
    await Promise.all(instances.map((i) => i.stop()));
    await db?.close();
    await schema.drop();
  };
  try {
    for (let i = 0; i < 2; i++) instances.push(await startInstance({ DATABASE_URL: schema.url, CORS_ORIGINS: '*' }));
    db = await openDatabase({ databaseUrl: schema.url, poolSize: 2 });
    const ws = (await createWorkspace(db, 'Live')).id;
    const admin = (await createApiKey(db, ws, { role: 'admin', label: 'set-up' })).key;
    const member = (await createApiKey(db, ws, { role: 'member', label: 'colleagues' })).key;
    const now = new Date().toISOString();
    const dealId = randomUUID();
    const put = async (path: string, body: unknown) => {
      const res = await fetch(`${instances[0]!.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
    };
    await put('/pipelines/live', {
      id: 'live', name: 'Live', currency: 'USD',
      stages: STAGES.map((id, i) => ({ id, label: id, kind: id === 'won' ? 'won' : id === 'lost' ? 'lost' : 'open', probability: i / 4 })),
    });
    await put(`/deals/${dealId}`, {
      id: dealId, title: 'Moving deal', value: 1000, currency: 'USD', pipelineId: 'live', stageId: 'lead', status: 'open',
      createdAt: now, updatedAt: now, history: [{ stageId: 'lead', enteredAt: now }],
    });
    files = await serveStatic(ROOT);
    const pages: Page[] = [];
    for (const [i, instance] of instances.entries()) {
      const browser = await launchChromium();
      browsers.push(browser);
      // The servers are on other loopback ports: Chromium's Local Network Access would ask first.
      const page = await (await browser.newContext({ permissions: ['local-network-access'] })).newPage();
      const path = `/live-${i}.html`;
      const html = pageHtml(instance.url, member, `live-${i}-${randomUUID()}`);
      await page.route(`${files.url}${path}`, (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html }));
      await page.goto(`${files.url}${path}`);
      await page.waitForFunction(() => 'live' in window, undefined, { timeout: 30_000 });
      await page.evaluate((id) => (window as unknown as { live: { ready(id: string): Promise<void> } }).live.ready(id), dealId);
      pages.push(page);
    }
    const [a, b] = pages as [Page, Page];
    type Live = { live: { move(id: string, s: string): Promise<number>; seen(id: string, s: string): Promise<number>; stage(id: string): Promise<string | undefined> } };
    return {
      move: (stageId) => a.evaluate(([id, s]) => (window as unknown as Live).live.move(id, s), [dealId, stageId] as const),
      seen: (stageId) => b.evaluate(([id, s]) => (window as unknown as Live).live.seen(id, s), [dealId, stageId] as const),
      shownStage: () => b.evaluate((id) => (window as unknown as Live).live.stage(id), dealId),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
