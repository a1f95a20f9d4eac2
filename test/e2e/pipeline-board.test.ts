/**
 * End to end: `<pipeline-board>` from the script-tag bundle under a strict CSP, reading and writing
 * deals on the reference REST server through `<l2c-provider store="rest">`. A card is dragged with a
 * real mouse in Chromium, and the server's copy of the deal must carry the new stage and its stage
 * history; the drag ghost stays under the pointer on a scrolled page and at 200 % zoom; a deal and
 * an activity created on the board are on the server and back after a reload. With L2C_SCREENSHOTS=1
 * it also writes screenshots (en, zh-CN, dragging, drop zones, the Add deal form, the deal drawer, a
 * card with its next activity, 390 px, the lost-reason dialog, dark theme) to screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Activity, Deal, StageVisit } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { generateDataset } from '../generate.js';
import { ROOT, cdnBuilt, holdRoute, launchChromium, serveStatic, startApi } from './harness.js';

// The bundle's elements, defined explicitly as well (idempotent), as the other end-to-end pages do.
const DEFINE = `
import { L2cProvider, PipelineBoard } from '/dist/cdn/l2c-elements.js';
L2cProvider.define();
PipelineBoard.define();
`;

// Seeds the memory store of the screenshot pages from a generated data set.
const SEED = `
import { L2cProvider, PipelineBoard } from '/dist/cdn/l2c-elements.js';
L2cProvider.define();
PipelineBoard.define();
const params = new URL(import.meta.url).searchParams;
const locale = params.get('locale') ?? 'en';
const data = await (await fetch('/data-' + locale + '.json')).json();
if (params.get('strict')) data.pipelines[0].policy = { allowSkip: false, allowBackward: false };
await customElements.whenDefined('l2c-provider');
const provider = document.querySelector('l2c-provider');
const board = document.querySelector('pipeline-board');
board.now = '2026-11-01T09:00:00.000Z';
board.owners = data.owners;
await provider.repository.pipelines.putMany(data.pipelines);
await provider.repository.activities.putMany(data.activities);
await provider.repository.deals.putMany(data.deals);
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://127.0.0.1:*";
const T0 = Date.parse('2026-10-01T09:00:00.000Z');
const at = (days: number) => new Date(T0 + days * 86_400_000).toISOString();

function deal(id: string, title: string, stageId: string, rank: number): Deal {
  return {
    id, title, value: 12_000 + rank * 1000, currency: 'USD', pipelineId: 'l2c', stageId, status: 'open', ownerId: 'ana', rank,
    createdAt: at(0), updatedAt: at(2), history: [{ stageId, enteredAt: at(2) }],
  };
}

describe('pipeline-board end to end', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  const site = mkdtempSync(join(tmpdir(), 'board-e2e-'));

  const post = (collection: string, body: unknown) => fetch(`${api.url}/${collection}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });

  before(async () => {
    // Pages are real files next to a link to dist/ (see bant-qualifier.test.ts for why).
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'board-define.js'), DEFINE);
    writeFileSync(join(site, 'board-seed.js'), SEED);
    writeFileSync(join(site, 'page.css'), 'body { margin: 0; background: #f9fafb; } .wrap { margin: 16px; } .dark { background: #0b1220; padding: 16px; margin: 0; } .spacer { height: 1400px; }');
    for (const locale of ['en', 'zh-CN']) {
      const data = generateDataset({ deals: 400, leads: 0, templates: ['l2c', 'classic'], locale, currency: locale === 'en' ? 'USD' : 'CNY', seed: 11 });
      const owners = locale === 'en'
        ? { ana: 'Ana Silva', ben: 'Ben Okafor', chen: 'Chen Jia', dara: 'Dara Byrne', emil: 'Emil Berg', fatima: 'Fatima Haddad' }
        : { ana: '王伟', ben: '李娜', chen: '张敏', dara: '刘洋', emil: '陈静', fatima: '杨磊' };
      writeFileSync(join(site, `data-${locale}.json`), JSON.stringify({ ...data, owners }));
    }
    browser = await launchChromium();
    files = await serveStatic(site, { 'content-security-policy': CSP });
    api = await startApi({ minFillMs: 0, rateLimitLeads: 0 });
    assert.equal((await post('pipelines', pipelineFromTemplate('l2c', { currency: 'USD' }))).status, 201);
    for (const d of [deal('e1', 'Acme renewal', 'lead', 1), deal('e2', 'Globex pilot', 'lead', 2), deal('e3', 'Initech expansion', 'nurturing', 1)]) {
      assert.equal((await post('deals', d)).status, 201);
    }
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    await api?.close();
    rmSync(site, { recursive: true, force: true });
  });

  /** Opens a page; with `clock`, the page's timers run on a clock the test can stop and move on (page.clock). */
  async function open(path: string, body: string, options: { lang?: string; viewport?: { width: number; height: number }; touch?: boolean; clock?: boolean } = {}): Promise<Page> {
    writeFileSync(join(site, path), `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>pipeline-board</title>
      <link rel="stylesheet" href="/page.css"><script type="module" src="/board-define.js"></script></head><body>${body}</body></html>`);
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 860 }, hasTouch: options.touch ?? false });
    if (options.clock) await page.clock.install();
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${files.url}/${path}`);
    await page.waitForFunction(() => customElements.get('pipeline-board') !== undefined);
    return page;
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  async function serverDeal(id: string, until: (d: Deal) => boolean): Promise<Deal> {
    let d = await (await fetch(`${api.url}/deals/${id}`)).json() as Deal;
    for (let i = 0; i < 150 && !until(d); i++) {
      await new Promise((r) => setTimeout(r, 100));
      d = await (await fetch(`${api.url}/deals/${id}`)).json() as Deal;
    }
    return d;
  }

  function checkHistory(history: StageVisit[], stages: string[], since: number): void {
    assert.deepEqual(history.map((v) => v.stageId), stages);
    const last = history.at(-1)!;
    const before = history.at(-2)!;
    assert.equal(last.leftAt, undefined, 'the current visit is open');
    assert.equal(before.leftAt, last.enteredAt, 'the previous visit ends when the new one starts');
    const entered = Date.parse(last.enteredAt);
    assert.ok(entered >= since && entered <= Date.now(), `entered at the time of the move (${last.enteredAt})`);
  }

  it('drags a card to another column with a real mouse; the server stores the stage and its history', async () => {
    const page = await open('board-drag.html', `<div class="wrap">
      <l2c-provider store="rest" endpoint="${api.url}" db-name="board-e2e-${Date.now()}"><pipeline-board pipeline-id="l2c"></pipeline-board></l2c-provider>
    </div>`);
    const card = page.locator('pipeline-board [part~="card"][data-deal-id="e1"]');
    await card.waitFor({ timeout: 15_000 });
    // The listener is in place before the drag (awaited, so it cannot lose the race with the drop).
    await page.evaluate(() => {
      (window as unknown as { moved: Promise<string> }).moved = new Promise<string>((resolve) => {
        document.addEventListener('deal-moved', (e) => {
          const d = (e as CustomEvent<{ deal: Deal; from: string; to: string }>).detail;
          resolve(`${d.deal.id} ${d.from}->${d.to}`);
        }, { once: true });
      });
    });
    const moved = page.evaluate(() => (window as unknown as { moved: Promise<string> }).moved);
    const from = (await card.locator('[part="card-value"]').boundingBox())!;
    const target = (await page.locator('pipeline-board [part~="column"][data-stage-id="qualified"] [part="column-body"]').boundingBox())!;
    const started = Date.now();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + 40, { steps: 15 });
    // Mid-drag: a ghost follows the pointer and the target column shows where the card will land.
    await page.locator('pipeline-board [part="drag-ghost"]').waitFor();
    await page.locator('pipeline-board [part~="column-target"][data-stage-id="qualified"] [part="drop-placeholder"]').waitFor();
    await page.mouse.up();
    assert.equal(await moved, 'e1 lead->qualified');
    await page.locator('pipeline-board [data-stage-id="qualified"] [part~="card"][data-deal-id="e1"]').waitFor();

    // The outbox sends the write; the server's record has the stage and the visit history.
    const stored = await serverDeal('e1', (d) => d.stageId === 'qualified');
    assert.equal(stored.stageId, 'qualified');
    assert.equal(stored.status, 'open');
    checkHistory(stored.history, ['lead', 'qualified'], started - 1000);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  /** Drags a card of `page` with the mouse and returns the ghost's distance from where it should be under the pointer. */
  async function ghostDistance(page: Page, id: string): Promise<number> {
    const card = page.locator(`pipeline-board [part~="card"][data-deal-id="${id}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.scrollIntoViewIfNeeded();
    const box = (await card.boundingBox())!;
    const value = (await card.locator('[part="card-value"]').boundingBox())!;
    const from = { x: value.x + 12, y: value.y + value.height / 2 };
    const to = { x: from.x + 180, y: from.y + 40 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    const ghost = page.locator('pipeline-board [part="drag-ghost"]');
    await ghost.waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const g = (await ghost.boundingBox())!;
    await page.keyboard.press('Escape');
    await page.mouse.up();
    return Math.hypot(g.x + (from.x - box.x) - to.x, g.y + (from.y - box.y) - to.y);
  }

  it('keeps the drag ghost under the pointer where the card was grabbed: page scrolled, and at 200 % zoom', async () => {
    const board = `<l2c-provider store="rest" endpoint="${api.url}" db-name="board-e2e-ghost-${Date.now()}"><pipeline-board pipeline-id="l2c"></pipeline-board></l2c-provider>`;
    const page = await open('board-ghost.html', `<div class="spacer">Above the board</div><div class="wrap">${board}</div><div class="spacer"></div>`);
    await page.locator('pipeline-board [part~="card"][data-deal-id="e3"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => window.scrollTo(0, 1300));
    assert.ok(await page.evaluate(() => window.scrollY) > 1000, 'the page is scrolled');
    assert.ok(await ghostDistance(page, 'e3') <= 4, 'the ghost is within 4 px of the grab point');
    await page.close();
    // 200 % zoom: twice the device pixels per CSS pixel, half the CSS width, as a browser zoomed in.
    const zoomed = await browser.newPage({ viewport: { width: 700, height: 430 }, deviceScaleFactor: 2 });
    writeFileSync(join(site, 'board-zoom.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>zoom</title>
      <link rel="stylesheet" href="/page.css"><script type="module" src="/board-define.js"></script></head><body><div class="wrap">${board.replace('ghost-', 'zoom-')}</div></body></html>`);
    await zoomed.goto(`${files.url}/board-zoom.html`);
    assert.equal(await zoomed.evaluate(() => window.devicePixelRatio), 2);
    const distance = await ghostDistance(zoomed, 'e3');
    assert.ok(distance <= 4, `the ghost is within 4 px of the grab point at 200 % (${distance.toFixed(1)} px)`);
    await zoomed.close();
  });

  it('creates a deal and schedules an activity on it; after a reload both come from the server', async () => {
    const db = `board-e2e-create-${Date.now()}`;
    const body = `<div class="wrap"><l2c-provider store="rest" endpoint="${api.url}" db-name="${db}"><pipeline-board pipeline-id="l2c"></pipeline-board></l2c-provider></div>`;
    const page = await open('board-create.html', body);
    await page.locator('pipeline-board [part~="card"]').first().waitFor({ timeout: 15_000 });
    const board = page.locator('pipeline-board');
    await board.locator('[part~="column"][data-stage-id="presentation"]').getByRole('button', { name: 'Add deal', exact: true }).click();
    await board.getByLabel('Title', { exact: true }).fill('Vandelay import deal');
    await board.getByLabel('Value', { exact: true }).fill('48,000');
    await board.getByLabel('Title', { exact: true }).press('Enter');
    const card = board.locator('[part~="card"]', { hasText: 'Vandelay import deal' });
    await card.waitFor();
    assert.equal(await card.evaluate((el) => el.closest('[part~="column"]')!.getAttribute('data-stage-id')), 'presentation');
    // The deal drawer: schedule a call for tomorrow at 10:00.
    await card.locator('[part="card-title"]').click();
    const drawer = board.locator('[part="drawer"]');
    await drawer.getByLabel('Subject', { exact: true }).fill('Call the buyer');
    const due = new Date(Date.now() + 86_400_000);
    const day = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
    await drawer.getByLabel('Due', { exact: true }).fill(day);
    await drawer.getByLabel('Time', { exact: true }).fill('10:00');
    await drawer.getByRole('button', { name: /schedule activity/i }).click();
    await drawer.locator('[part="activity"]', { hasText: 'Call the buyer' }).waitFor();
    await page.keyboard.press('Escape');
    await card.locator('[part="card-next"]', { hasText: 'Call the buyer' }).waitFor();

    // The outbox sends both; the server has them.
    const onServer = async <T>(collection: string, find: (items: T[]) => T | undefined): Promise<T> => {
      for (let i = 0; i < 150; i++) {
        const items = (await (await fetch(`${api.url}/${collection}?limit=500`)).json() as { items: T[] }).items;
        const found = find(items);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`not on the server: ${collection}`);
    };
    const deal = await onServer<Deal>('deals', (items) => items.find((d) => d.title === 'Vandelay import deal'));
    assert.equal(deal.value, 48_000);
    assert.equal(deal.stageId, 'presentation');
    assert.deepEqual(deal.history.map((v) => v.stageId), ['presentation']);
    const activity = await onServer<Activity>('activities', (items) => items.find((a) => a.dealId === deal.id));
    assert.equal(activity['subject'], 'Call the buyer');
    assert.equal(activity.type, 'call');
    assert.equal(Date.parse(activity.dueAt!), new Date(`${day}T10:00:00`).getTime());
    await page.close();

    // A fresh page with a fresh cache: the deal and its next activity come from the server.
    const again = await open('board-create-2.html', body.replace(db, `${db}-fresh`));
    const fresh = again.locator('pipeline-board [part~="card"]', { hasText: 'Vandelay import deal' });
    await fresh.waitFor({ timeout: 15_000 });
    await fresh.locator('[part="card-next"]', { hasText: 'Call the buyer' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await violations(again), []);
    await again.close();
  });

  it('moves a deal by keyboard; after a reload the board reads the move back from the server', async () => {
    const db = `board-e2e-kb-${Date.now()}`;
    const body = `<div class="wrap"><l2c-provider store="rest" endpoint="${api.url}" db-name="${db}"><pipeline-board pipeline-id="l2c"></pipeline-board></l2c-provider></div>`;
    const page = await open('board-keys.html', body);
    const card = page.locator('pipeline-board [part~="card"][data-deal-id="e2"]');
    await card.waitFor({ timeout: 15_000 });
    await card.focus();
    const started = Date.now();
    await page.keyboard.press(' ');
    await page.keyboard.press('ArrowRight');
    const said = page.locator('pipeline-board [part="announcer"]');
    assert.equal((await said.textContent())?.trim(), 'Globex pilot: Nurturing, position 1 of 2.');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal((await said.textContent())?.trim(), 'Moved Globex pilot to Nurturing, position 2 of 2.');
    const stored = await serverDeal('e2', (d) => d.stageId === 'nurturing');
    checkHistory(stored.history, ['lead', 'nurturing'], started - 1000);
    await page.close();

    // A fresh page with a fresh cache: everything comes from the server.
    const again = await open('board-keys-2.html', body.replace(db, `${db}-fresh`));
    await again.locator('pipeline-board [data-stage-id="nurturing"] [part~="card"][data-deal-id="e2"]').waitFor({ timeout: 15_000 });
    const order = await again.evaluate(() => [...document.querySelector('pipeline-board')!.shadowRoot!
      .querySelectorAll<HTMLElement>('[data-stage-id="nurturing"] [part~="card"]')].map((c) => c.dataset.dealId));
    assert.deepEqual(order, ['e3', 'e2']);
    await again.close();
  });

  /** A controlled board whose moving half (keys, drags) is held back until `release()`; the page applies each move. */
  async function openHeld(): Promise<{ page: Page; release: () => void; events: () => Promise<string[]> }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const moves = await holdRoute(page, '**/chunks/board-actions-*.js');
    writeFileSync(join(site, 'board-early.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pipeline-board</title>
      <script type="module" src="/board-define.js"></script></head><body><div class="wrap"><pipeline-board></pipeline-board></div></body></html>`);
    await page.goto(`${files.url}/board-early.html`);
    // (A string: tsx would add helpers the page does not have.)
    await page.evaluate(`(async () => {
      await customElements.whenDefined('pipeline-board');
      const board = document.querySelector('pipeline-board');
      const now = new Date().toISOString();
      board.pipeline = ${JSON.stringify(pipelineFromTemplate('l2c'))};
      board.deals = [{ id: 'k1', title: 'Early bird', value: 5000, currency: 'USD', pipelineId: 'l2c', stageId: 'lead', status: 'open', rank: 1,
        createdAt: now, updatedAt: now, history: [{ stageId: 'lead', enteredAt: now }] }];
      window.events = [];
      board.addEventListener('deal-opened', (e) => window.events.push('deal-opened ' + e.detail.deal.id));
      board.addEventListener('deal-moved', (e) => {
        window.events.push('deal-moved ' + e.detail.deal.id + ' ' + e.detail.to + ' ' + e.detail.source);
        board.deals = board.deals.map((d) => (d.id === e.detail.deal.id ? e.detail.deal : d));
      });
    })()`);
    await page.locator('pipeline-board [part~="card"][data-deal-id="k1"]').waitFor({ timeout: 15_000 });
    // The board asks for its moving half right after the first render.
    await moves.asked();
    return { page, release: moves.release, events: () => page.evaluate(() => (window as unknown as { events: string[] }).events) };
  }

  it('keeps the keys pressed on a card before the moving code has arrived, and plays them in order', async () => {
    const { page, release, events } = await openHeld();
    await page.locator('pipeline-board [part~="card"][data-deal-id="k1"]').focus();
    // Open, pick up, one column on, drop: all before the code that handles them has arrived.
    for (const key of ['Enter', ' ', 'ArrowRight', 'Enter']) await page.keyboard.press(key);
    assert.deepEqual(await events(), []);
    release();
    await page.locator('pipeline-board [data-stage-id="nurturing"] [part~="card"][data-deal-id="k1"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(await events(), ['deal-opened k1', 'deal-moved k1 nurturing keyboard']);
    assert.equal((await page.locator('pipeline-board [part="announcer"]').textContent())?.trim(), 'Moved Early bird to Nurturing, position 1 of 1.');
    await page.close();
  });

  it('drags a card pressed before the moving code has arrived, if the button is still held then', async () => {
    const { page, release, events } = await openHeld();
    const from = (await page.locator('pipeline-board [part~="card"][data-deal-id="k1"] [part="card-value"]').boundingBox())!;
    const target = (await page.locator('pipeline-board [data-stage-id="qualified"] [part="column-body"]').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    release();
    await page.waitForFunction(() => (document.querySelector('pipeline-board') as unknown as { updateComplete: Promise<boolean> }).updateComplete);
    await page.mouse.move(target.x + target.width / 2, target.y + 40, { steps: 15 });
    await page.locator('pipeline-board [part="drag-ghost"]').waitFor({ timeout: 10_000 });
    await page.mouse.up();
    await page.locator('pipeline-board [data-stage-id="qualified"] [part~="card"][data-deal-id="k1"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(await events(), ['deal-moved k1 qualified pointer']);
    await page.close();
  });

  it('drags by touch after a long press, while a quick swipe does not drag', async () => {
    const page = await open('board-touch.html', '<div class="wrap"><pipeline-board></pipeline-board></div>', { touch: true, clock: true });
    // Stops the page's clock: what the finger does until the clock moves on takes no time at all
    // for the board, which tells a swipe from a long press by the time between them.
    const stopClock = async () => page.clock.pauseAt(await page.evaluate(() => Date.now()) + 1);
    // A string, not a function: tsx would add helpers the page does not have.
    await page.evaluate(`(async () => {
      const board = document.querySelector('pipeline-board');
      const now = new Date().toISOString();
      const make = (id, title, rank) => ({
        id, title, value: 1000, currency: 'USD', pipelineId: 'l2c', stageId: 'lead', status: 'open', rank,
        createdAt: now, updatedAt: now, history: [{ stageId: 'lead', enteredAt: now }],
      });
      board.pipeline = ${JSON.stringify(pipelineFromTemplate('l2c'))};
      board.deals = [make('t1', 'Touch deal', 1), ...Array.from({ length: 30 }, (_, i) => make('f' + i, 'Filler ' + i, i + 2))];
      window.moves = [];
      board.addEventListener('deal-moved', (e) => {
        window.moves.push(e.detail.deal.id + ' ' + e.detail.from + '->' + e.detail.to + ' ' + e.detail.source);
        board.deals = board.deals.map((d) => (d.id === e.detail.deal.id ? e.detail.deal : d));
      });
    })()`);
    const card = page.locator('pipeline-board [part~="card"][data-deal-id="t1"]');
    await card.waitFor();
    const from = (await card.locator('[part="card-value"]').boundingBox())!;
    const target = (await page.locator('pipeline-board [data-stage-id="nurturing"] [part="column-body"]').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: string, x?: number, y?: number) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: x === undefined ? [] : [{ x: Math.round(x), y: Math.round(y!) }],
    } as never);
    const sx = from.x + from.width / 2;
    const sy = from.y + from.height / 2;

    // A swipe that moves at once is left to the browser: the column scrolls, nothing is dragged.
    const body = page.locator('pipeline-board [data-stage-id="lead"] [part="column-body"]');
    await stopClock();
    await touch('touchStart', sx, sy + 100);
    for (let i = 1; i <= 8; i++) await touch('touchMove', sx, sy + 100 - i * 25);
    await touch('touchEnd');
    await page.waitForFunction(() => document.querySelector('pipeline-board')!.shadowRoot!
      .querySelector<HTMLElement>('[data-stage-id="lead"] [part="column-body"]')!.scrollTop > 50);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { moves: string[] }).moves), []);
    await page.clock.resume();
    // Let the fling end (the column has not scrolled for 10 frames), then go back to the top, where the card to drag is.
    // A string, not a function: tsx would add helpers the page does not have.
    await page.evaluate(`new Promise((resolve) => {
      const column = document.querySelector('pipeline-board').shadowRoot.querySelector('[data-stage-id="lead"] [part="column-body"]');
      let last = -1;
      let still = 0;
      const frame = () => {
        still = column.scrollTop === last ? still + 1 : 0;
        last = column.scrollTop;
        if (still >= 10) resolve();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })`);
    await body.evaluate((el) => { el.scrollTop = 0; });
    await page.waitForFunction(() => document.querySelector('pipeline-board')!.shadowRoot!
      .querySelector<HTMLElement>('[data-stage-id="lead"] [part="column-body"]')!.scrollTop === 0);
    const held = (await card.locator('[part="card-value"]').boundingBox())!;
    const hx = held.x + held.width / 2;
    const hy = held.y + held.height / 2;

    // Press and hold (the page's clock moves on a second while the finger stays), then move: the
    // card follows the finger and lands in the other column.
    await stopClock();
    await touch('touchStart', hx, hy);
    await page.clock.runFor(1000);
    await page.clock.resume();
    for (let i = 1; i <= 10; i++) await touch('touchMove', hx + ((target.x + target.width / 2 - hx) * i) / 10, hy + ((target.y + 30 - hy) * i) / 10);
    await page.locator('pipeline-board [part="drag-ghost"]').waitFor();
    await touch('touchEnd');
    await page.waitForFunction(() => (window as unknown as { moves: string[] }).moves.length === 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { moves: string[] }).moves), ['t1 lead->nurturing pointer']);
    await page.locator('pipeline-board [data-stage-id="nurturing"] [part~="card"][data-deal-id="t1"]').waitFor();
    await page.close();
  });

  it('writes screenshots (L2C_SCREENSHOTS=1)', { skip: process.env.L2C_SCREENSHOTS ? false : 'set L2C_SCREENSHOTS=1' }, async () => {
    const dir = join(ROOT, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const board = (locale: string, cls = 'wrap', attrs = '', query = '') => `<div class="${cls}">
      <l2c-provider store="memory" currency="${locale === 'en' ? 'USD' : 'CNY'}"><pipeline-board pipeline-id="l2c" ${attrs}></pipeline-board></l2c-provider></div>
      <script type="module" src="/board-seed.js?locale=${locale}${query}"></script>`;
    const ready = (page: Page) => page.waitForFunction(() => (document.querySelector('pipeline-board')?.shadowRoot?.querySelectorAll('[part~="card"]').length ?? 0) > 20);

    for (const locale of ['en', 'zh-CN']) {
      const page = await open(`board-${locale}.html`, board(locale, 'wrap', 'card-fields="expectedClose"'), { lang: locale });
      await ready(page);
      await page.screenshot({ path: join(dir, `pipeline-board-${locale}.png`) });
      await page.close();
    }

    const page = await open('board-states.html', board('en', 'wrap', '', '&amp;strict=1'));
    await ready(page);
    const first = page.locator('pipeline-board [data-stage-id="qualified"] [part~="card"]').first();
    const box = (await first.locator('[part="card-value"]').boundingBox())!;
    const target = (await page.locator('pipeline-board [data-stage-id="presentation"] [part="column-body"]').boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + 150, { steps: 10 });
    await page.locator('pipeline-board [part="drop-placeholder"]').waitFor();
    await page.screenshot({ path: join(dir, 'pipeline-board-dragging.png') });
    await page.keyboard.press('Escape');
    await page.mouse.up();

    await page.locator('pipeline-board [data-stage-id="lead"] [part="card-menu-button"]').first().click();
    await page.locator('pipeline-board [part="menu"]').waitFor();
    await page.screenshot({ path: join(dir, 'pipeline-board-menu.png') });
    await page.locator('pipeline-board [part="menu-item"][data-stage-id="lost"]').click();
    await page.locator('pipeline-board [part="dialog"] button[type="submit"]').click();
    await page.screenshot({ path: join(dir, 'pipeline-board-lost-dialog.png') });
    await page.keyboard.press('Escape');

    // This page's pipeline forbids skipping stages: a jump of two columns is refused with the reason.
    const card = page.locator('pipeline-board [data-stage-id="lead"] [part~="card"]').first();
    await card.focus();
    await page.keyboard.press(' ');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    await page.locator('pipeline-board [part="notice"]').waitFor();
    await page.screenshot({ path: join(dir, 'pipeline-board-refused.png') });
    await page.close();

    // Issue 13: the Add deal form, the deal drawer with an activity, the drop zones, a card with its
    // next activity, Chinese, and a 390 px wide screen.
    const work = await open('board-work.html', board('en', 'wrap', 'allow-delete'));
    await ready(work);
    await work.locator('pipeline-board [part~="column"][data-stage-id="lead"] [part="add-deal"]').click();
    await work.locator('pipeline-board [part="create-dialog"] input[name="title"]').fill('Zephyr platform deal');
    await work.locator('pipeline-board [part="create-dialog"] input[name="value"]').fill('12 apples');
    await work.keyboard.press('Enter');
    await work.locator('pipeline-board [part="create-dialog"] .error').first().waitFor();
    await work.screenshot({ path: join(dir, 'pipeline-board-create.png') });
    await work.locator('pipeline-board [part="create-dialog"] input[name="value"]').fill('24,000');
    await work.keyboard.press('Enter');
    const created = work.locator('pipeline-board [part~="card"]', { hasText: 'Zephyr platform deal' });
    await created.waitFor();
    await created.locator('[part="card-title"]').click();
    const drawer = work.locator('pipeline-board [part="drawer"]');
    await drawer.getByLabel('Subject', { exact: true }).fill('Demo for the buying committee');
    await drawer.getByLabel('Due', { exact: true }).fill('2026-11-03');
    await drawer.getByLabel('Time', { exact: true }).fill('10:30');
    await drawer.getByRole('button', { name: /schedule activity/i }).click();
    await drawer.locator('[part="activity"]').first().waitFor();
    await work.screenshot({ path: join(dir, 'pipeline-board-deal.png') });
    await work.keyboard.press('Escape');
    await created.locator('[part="card-next"]', { hasText: 'Demo for the buying committee' }).waitFor();
    const lead = work.locator('pipeline-board [part~="column"][data-stage-id="lead"]');
    await lead.screenshot({ path: join(dir, 'pipeline-board-card.png') });
    const other = work.locator('pipeline-board [data-stage-id="qualified"] [part~="card"]').first();
    const ob = (await other.locator('[part="card-value"]').boundingBox())!;
    await work.mouse.move(ob.x + 10, ob.y + 5);
    await work.mouse.down();
    await work.mouse.move(ob.x + 60, ob.y + 400, { steps: 8 });
    const won = (await work.locator('pipeline-board [part~="drop-zone"][data-zone="won"]').boundingBox())!;
    await work.mouse.move(won.x + won.width / 2, won.y + won.height / 2, { steps: 8 });
    await work.locator('pipeline-board [part~="drop-zone-target"]').waitFor();
    await work.screenshot({ path: join(dir, 'pipeline-board-drop-zones.png') });
    await work.keyboard.press('Escape');
    await work.mouse.up();
    await work.close();

    const zh = await open('board-work-zh.html', board('zh-CN', 'wrap', ''), { lang: 'zh-CN' });
    await ready(zh);
    await zh.locator('pipeline-board [part~="column"][data-stage-id="lead"] [part="add-deal"]').click();
    await zh.locator('pipeline-board [part="create-dialog"] input[name="title"]').waitFor();
    await zh.screenshot({ path: join(dir, 'pipeline-board-create-zh-CN.png') });
    await zh.close();

    const phone = await open('board-390.html', board('en', 'wrap', ''), { viewport: { width: 390, height: 844 } });
    await ready(phone);
    await phone.locator('pipeline-board [part="filters-button"]').waitFor();
    await phone.screenshot({ path: join(dir, 'pipeline-board-390.png') });
    await phone.close();

    const compact = await open('board-compact.html', board('en', 'dark', 'compact'));
    await compact.evaluate(() => {
      const host = document.querySelector('.dark') as HTMLElement;
      const dark: Record<string, string> = {
        'color-primary': '#93b4ff', 'color-on-primary': '#0b1220', 'color-danger': '#fca5a5', 'color-success': '#86efac',
        'color-warning': '#fcd34d', surface: '#111827', 'surface-alt': '#1f2937', border: '#4b5563', text: '#f3f4f6', 'text-muted': '#c2c8d0',
        'focus-ring': '2px solid #93b4ff',
      };
      for (const [k, v] of Object.entries(dark)) host.style.setProperty(`--l2c-${k}`, v);
    });
    await ready(compact);
    await compact.screenshot({ path: join(dir, 'pipeline-board-compact-dark.png') });
    await compact.close();
  });
});
