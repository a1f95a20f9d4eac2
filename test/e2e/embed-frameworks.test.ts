/**
 * End to end: the embedding examples in demo/embed/ — a plain HTML page with the script-tag bundle,
 * a React 19 app and a Vue 3 app, the two apps built here with Vite's `build()` from their own
 * configs — in Chromium. As the custom-elements-everywhere suite checks a framework, each example
 * must hand rich data to the elements as properties and primitives as attributes, and receive
 * every element's events in its own handlers, which the test reads back from what the framework
 * rendered (the example's event table). With L2C_SCREENSHOTS=1 it also writes
 * screenshots/embed-<example>.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, cdnBuilt, launchChromium, serveStatic } from './harness.js';

const EXAMPLES = ['plain', 'react', 'vue'] as const;
type Example = (typeof EXAMPLES)[number];

// Every event an example listens to, in its table; each user action below causes exactly one.
const EVENTS = ['lead-submitted', 'deal-move', 'deal-moved', 'deal-opened', 'stage-selected', 'qualification-changed', 'change', 'node-selected'];
// The lead form's default minimum fill time (a quicker submission is taken for a bot).
const MIN_FILL_MS = 2000;

describe('embedding examples (plain HTML, React 19, Vue 3)', () => {
  let browser: Browser;
  let root: Awaited<ReturnType<typeof serveStatic>>;
  let apps: Awaited<ReturnType<typeof serveStatic>>;
  const out = mkdtempSync(join(tmpdir(), 'l2c-embed-'));

  before(async () => {
    // The two apps are built once, from their own Vite configs, as `npx vite build demo/embed/<app>` would.
    for (const app of ['react', 'vue']) {
      await build({
        configFile: join(ROOT, `demo/embed/${app}/vite.config.ts`),
        logLevel: 'warn',
        build: { outDir: join(out, app), emptyOutDir: true },
      });
    }
    root = await serveStatic(ROOT);
    apps = await serveStatic(out);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await root?.close();
    await apps?.close();
    rmSync(out, { recursive: true, force: true });
  });

  const url = (example: Example) => (example === 'plain' ? `${root.url}/demo/embed/plain/index.html` : `${apps.url}/${example}/`);

  /** Opens an example and waits for it to render; collects page errors and console errors. */
  async function open(example: Example): Promise<{ page: Page; errors: string[]; opened: number }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await page.goto(url(example));
    await page.locator('pipeline-board [part~="card"][data-deal-id="d1"]').waitFor({ timeout: 15_000 });
    // The app has rendered every element by now, the form included: its fill time runs from here at the latest.
    return { page, errors, opened: Date.now() };
  }

  /** The example's event table: count and last detail of each event, as its framework rendered them. */
  const table = (page: Page) => page.evaluate((names) => Object.fromEntries(names.map((name) => {
    const row = document.querySelector(`tr[data-event="${name}"]`)!;
    return [name, { count: Number(row.querySelector('.count')!.textContent), last: row.querySelector('.last')!.textContent ?? '' }];
  })), EVENTS);

  const columnTitles = (page: Page) => page.locator('pipeline-board [part~="column-title"]').allTextContents();

  for (const example of EXAMPLES) {
    const skip = example === 'plain' && !cdnBuilt() ? 'run `npm run build` first' : false;

    it(`${example}: rich data arrives as properties, primitives as attributes`, { skip }, async () => {
      const { page, errors } = await open(example);

      // Properties: each element holds the very data the app passed, and no attribute was made of it.
      const held = await page.evaluate(() => {
        type Props = { deals: { id: string }[]; pipeline: { id: string }; stages: unknown[]; process: { nodes: unknown[] }; schema: { name: string }[]; weights: Record<string, number> };
        // (No named function in here: tsx would name it with a helper the page does not have.)
        const [board, funnel, map, form, bant] = ['pipeline-board', 'funnel-chart', 'sales-process-map', 'lead-capture-form', 'bant-qualifier']
          .map((tag) => document.querySelector(tag) as unknown as Props) as [Props, Props, Props, Props, Props];
        return {
          deals: board.deals.map((d) => d.id).join(','), pipeline: board.pipeline.id, stages: funnel.stages.length,
          nodes: map.process.nodes.length, schema: form.schema.map((f) => f.name).join(','), budgetWeight: bant.weights['budget'],
          attributes: ['deals', 'pipeline', 'stages', 'process', 'schema', 'weights'].filter((a) => document.querySelector(`[${a}]`)),
        };
      });
      assert.deepEqual(held, { deals: 'd1,d2,d3,d4,d5', pipeline: 'sales', stages: 5, nodes: 7, schema: 'teamSize', budgetWeight: 3, attributes: [] });

      // ... and renders it: the pipeline's stages and deals, the funnel's figures, the process, the custom field.
      // Closed deals leave the open columns (Won and Lost are drop zones while a deal moves).
      assert.deepEqual(await columnTitles(page), ['Lead', 'Qualified', 'Proposal', 'Negotiation']);
      await page.locator('pipeline-board [data-stage-id="qualified"] [part~="card"][data-deal-id="d3"]').waitFor();
      assert.equal(await page.locator('pipeline-board [data-stage-id="lead"] [part="column-total"]').textContent(), '$20,500', 'currency="USD" from the provider');
      // The funnel's table and the form's custom fields are parts loaded after the first render: wait for them.
      await page.locator('funnel-chart [part="table"] tbody th').first().waitFor();
      await page.locator('lead-capture-form').getByLabel('Team size').waitFor();
      assert.deepEqual(await page.locator('funnel-chart [part="table"] tbody th').allTextContents(),
        ['Leads', 'Marketing qualified', 'Sales qualified', 'Proposal sent', 'Closed won']);
      assert.equal(await page.locator('funnel-chart [part="table"] caption').textContent(), 'Funnel figures');
      // A primitive the element has no property of that name for stays an attribute in every framework.
      assert.equal(await page.locator('funnel-chart').getAttribute('show-table'), '');
      await page.locator('funnel-chart').scrollIntoViewIfNeeded();
      assert.equal(await page.locator('funnel-chart').evaluate((el) => (el as unknown as { whenChartDrawn(): Promise<boolean> }).whenChartDrawn()), true);
      assert.equal(await page.locator('sales-process-map').evaluate((el) => (el as unknown as { layoutComplete: Promise<boolean> }).layoutComplete), true);
      assert.match(await page.locator('sales-process-map [data-node-id="qualify"]').textContent() ?? '', /Qualify \(BANT\)/);
      assert.equal(await page.locator('sales-process-map [part="lane"]').count(), 0, 'view="flow" draws no lanes');
      assert.deepEqual(await page.locator('lead-capture-form').getByLabel('Team size').locator('option').allTextContents().then((o) => o.filter(Boolean)),
        ['1-10', '11-50', '51-200', '200+']);

      // Primitives: the app's switches change them, and each element follows.
      await page.locator('#mode').selectOption('value');
      await page.locator('funnel-chart [part="table"] caption', { hasText: 'by value' }).waitFor();
      await page.locator('#view').selectOption('blueprint');
      await page.waitForFunction(() => document.querySelector('sales-process-map')!.shadowRoot!.querySelectorAll('[part="lane"]').length === 5);
      await page.locator('#locale').selectOption('zh-CN');
      await page.locator('lead-capture-form [part="submit"]', { hasText: '提交' }).waitFor();
      // Each element's Chinese messages are a chunk of their own: wait for every element to switch.
      await page.locator('funnel-chart [part="table"] caption', { hasText: '漏斗数据' }).waitFor();
      await page.locator('pipeline-board').getByLabel('搜索商机').waitFor();
      await page.locator('sales-process-map [part="lane-label"]').first().filter({ hasText: /\p{Script=Han}/u }).waitFor();
      await page.waitForFunction(() => /预算/.test(document.querySelector('bant-qualifier')?.shadowRoot?.textContent ?? ''));
      assert.equal(await page.locator('funnel-chart [part="table"] caption').textContent(), '漏斗数据（转化率与流失按金额计算）');
      assert.equal(await page.locator('pipeline-board').getByLabel('搜索商机').count(), 1);
      assert.match(await page.locator('sales-process-map [part="lane-label"]').first().textContent() ?? '', /\p{Script=Han}/u);
      assert.match(await page.locator('bant-qualifier').evaluate((el) => el.shadowRoot!.textContent ?? ''), /预算/);
      // The provider reflects its locale: the attribute is there whichever way the framework set it.
      assert.equal(await page.locator('l2c-provider').getAttribute('locale'), 'zh-CN');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it(`${example}: every element's events reach the app's handlers`, { skip }, async () => {
      const { page, errors, opened } = await open(example);
      const counts = async () => Object.fromEntries(Object.entries(await table(page)).map(([k, v]) => [k, v.count]));
      assert.deepEqual(Object.values(await counts()), EVENTS.map(() => 0));

      // pipeline-board, by keyboard: Enter opens the card (in the board's drawer, which Escape closes,
      // giving focus back to the card); Space, → and Enter move it a column on.
      const card = page.locator('pipeline-board [part~="card"][data-deal-id="d1"]');
      await card.focus();
      await page.keyboard.press('Enter');
      await page.locator('pipeline-board [part="drawer"] input[name="title"]').waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('pipeline-board')!.shadowRoot!.activeElement?.getAttribute('data-deal-id') === 'd1');
      await page.keyboard.press(' ');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      // The board is controlled: the card lands in the new column only because the app applied the move.
      await page.locator('pipeline-board [data-stage-id="qualified"] [part~="card"][data-deal-id="d1"]').waitFor();
      assert.equal(await page.locator('pipeline-board').evaluate((el) => (el as unknown as { deals: { id: string; stageId: string }[] }).deals
        .find((d) => d.id === 'd1')!.stageId), 'qualified');

      // funnel-chart: a click on the third segment of the drawn chart.
      await page.locator('funnel-chart').scrollIntoViewIfNeeded();
      await page.locator('funnel-chart').evaluate((el) => (el as unknown as { whenChartDrawn(): Promise<boolean> }).whenChartDrawn());
      await page.locator('funnel-chart [part~="segment"]').nth(2).click();

      // sales-process-map: a click on a node.
      await page.locator('sales-process-map').evaluate((el) => (el as unknown as { layoutComplete: Promise<boolean> }).layoutComplete);
      await page.locator('sales-process-map [data-node-id="qualify"]').click();

      // bant-qualifier: one answer, by keyboard.
      await page.locator('bant-qualifier input[data-criterion="budget"][value="yes"]').focus();
      await page.keyboard.press(' ');

      // lead-capture-form: filled in and sent, no quicker than a person.
      const form = page.locator('lead-capture-form');
      await form.getByLabel('Name').fill('Grace Hopper');
      await form.getByLabel('Email').fill('grace@example.com');
      await form.getByLabel('Team size').selectOption('11-50');
      await page.waitForTimeout(Math.max(0, opened + MIN_FILL_MS + 300 - Date.now()));
      await form.getByRole('button', { name: 'Send' }).click();
      await form.locator('[part~="success"]').waitFor();

      await page.waitForFunction(() => document.querySelector('tr[data-event="lead-submitted"] .count')?.textContent === '1');
      const seen = await table(page);
      // Exactly one of each: no event lost, none delivered twice (e.g. by a listener added twice).
      assert.deepEqual(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.count])), Object.fromEntries(EVENTS.map((e) => [e, 1])));
      assert.deepEqual(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.last])), {
        'lead-submitted': 'grace@example.com',
        'deal-move': 'Acme renewal: lead → qualified',
        'deal-moved': 'Acme renewal: lead → qualified',
        'deal-opened': 'Acme renewal',
        'stage-selected': 'sql',
        'qualification-changed': 'nurture, missing: authority need timeline',
        change: 'nurture',
        'node-selected': 'qualify',
      });
      assert.deepEqual(errors, []);
      if (process.env.L2C_SCREENSHOTS) {
        mkdirSync(join(ROOT, 'screenshots'), { recursive: true });
        await page.screenshot({ path: join(ROOT, `screenshots/embed-${example}.png`), fullPage: true });
      }
      await page.close();
    });
  }
});
