/**
 * End to end: the demo site (`npm start`) as a new user meets it, on Vite's dev server with the
 * project's vite.config.ts and the reference server in-process. The workspace seeds itself and
 * shows deals in the board, funnel and map; a stage chosen in the funnel filters the board; the
 * language switch turns the texts Chinese; the Acme brand uses acme-* tags and its token colour;
 * a CSV import shows its mapping step (a Salesforce export recognised, generic columns flagged, a
 * pipeline from the file's stages) and reports rows imported, the bad line and the warnings; the REST store shows the server's data and
 * says so when the server is unreachable. Each test has a fresh browser context (empty IndexedDB).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { sampleLeadsCsv } from '../../demo/sample-csv.js';
import { pipelineFromTemplate } from '../../src/core/index.js';
import { ROOT, launchChromium, startApi } from './harness.js';

type Api = Awaited<ReturnType<typeof startApi>>;

let api: Api;
let vite: ViteDevServer;
let browser: Browser;
let demo: string;
const contexts: BrowserContext[] = [];

before(async () => {
  api = await startApi();
  vite = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'demo'),
    // No file watching or hot reload: a page must not reload because a source file changed mid-test.
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    // The three demo pages only (demo/embed/ holds other apps with their own configs).
    optimizeDeps: { entries: ['index.html', 'marketing.html', 'workspace.html'] },
    logLevel: 'error',
    clearScreen: false,
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0];
  assert.ok(url, 'Vite reports the demo URL');
  demo = url.replace(/\/$/, '');
  browser = await launchChromium();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await vite?.close();
  await api?.close();
});

/** A screenshot of the import dialog's mapping step into $L2C_SCREENSHOTS (a folder), when set. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.L2C_SCREENSHOTS;
  if (!dir) return;
  await page.locator('#import-mapping').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(dir, name) });
}

/** A fresh page (its own IndexedDB and localStorage) that fails the test on any page error. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

const STATUS = '#status';

/** Opens the workspace on IndexedDB, in English, default theme, and waits for the sample data. */
async function openWorkspace(page: Page, query = 'store=indexeddb&lang=en&theme=default'): Promise<void> {
  await page.goto(`${demo}/workspace.html?${query}&api=${encodeURIComponent(api.url)}`);
  await page.waitForSelector('#board [part~="card"]', { timeout: 20_000 });
}

describe('demo site', () => {
  it('seeds the workspace and shows the deals in the board, funnel and map; a funnel stage filters the board', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Added sample data'), STATUS);
    assert.match(await page.textContent(STATUS) ?? '', /3 pipelines, 400 deals with stage histories, 250 leads/);

    // The board: the lead-to-cash pipeline with its cards and a deal count.
    const boardCount = await page.locator('#board [part~="count"]').textContent();
    const total = Number(/(\d+)/.exec(boardCount ?? '')?.[1]);
    assert.ok(total > 100, `the board shows the pipeline's deals (${boardCount})`);
    assert.ok(await page.locator('#board [part~="card"]').count() > 5, 'cards are drawn');

    // The funnel: one segment per open stage and won, and the first one counts every deal of the pipeline.
    // The chart code loads when the funnel comes into view, as a person scrolls to it.
    await page.locator('#funnel').scrollIntoViewIfNeeded();
    await page.waitForSelector('#funnel [part~="segment"][data-stage-id="negotiation"]');
    assert.ok(await page.locator('#funnel [part~="segment"]').count() >= 8);
    // The map: the stages as nodes, with counts.
    await page.waitForSelector('#map [data-node-id="negotiation"]', { timeout: 15_000 });
    await page.waitForFunction((n) => document.querySelector('#map')?.shadowRoot?.querySelector('[part~="metrics"][data-metrics-for="lead"]')?.textContent?.startsWith(`${n} `), total);

    // Choosing a stage in the funnel filters the board to the deals that reached it.
    await page.click('#funnel [part~="segment"][data-stage-id="negotiation"]');
    await page.waitForSelector('#stage-filter');
    const filter = await page.textContent('#stage-filter') ?? '';
    const reached = Number(/(\d+) deals that reached “Negotiation”/.exec(filter)?.[1]);
    assert.ok(reached > 0 && reached < total, filter);
    await page.waitForFunction((n) => document.querySelector('#board')?.shadowRoot?.querySelector('[part~="count"]')?.textContent?.includes(`${n} deals`), reached);
    assert.equal(await page.getAttribute('#funnel', 'selected'), 'negotiation');
    // And a map node does the same.
    await page.click('#map [data-node-id="contract"]');
    await page.waitForFunction(() => document.querySelector('#stage-filter')?.textContent?.includes('“Contract”'));
    await page.click('#clear-filter');
    await page.waitForFunction((n) => document.querySelector('#board')?.shadowRoot?.querySelector('[part~="count"]')?.textContent?.includes(`${n} deals`), total);

    // Opening a deal shows it in the deal panel.
    const title = (await page.locator('#board [part~="card-title"]').first().textContent())?.trim() ?? '';
    await page.locator('#board [part~="card-title"]').first().click();
    await page.waitForFunction((t) => document.querySelector('#deal-name')?.textContent === t, title);
    assert.deepEqual(errors, []);
  });

  it('switches the language to Chinese', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    await page.selectOption('#lang-select', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.equal(await page.textContent('nav a[aria-current="page"]'), '销售工作台');
    assert.equal(await page.textContent('#import-open'), '导入 CSV');
    // The elements follow: the funnel's toolbar and the board's column titles.
    await page.waitForFunction(() => document.querySelector('#funnel')?.shadowRoot?.querySelector('[part~="table-toggle"]')?.textContent?.trim() === '表格');
    await page.waitForFunction(() => document.querySelector('#board')?.shadowRoot?.querySelector('[part~="column"][data-stage-id="negotiation"] [part~="column-title"]')?.textContent?.includes('商务谈判'));
    // Remembered: a reload stays Chinese.
    await page.reload();
    await page.waitForSelector('#board [part~="card"]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.deepEqual(errors, []);
  });

  it('renames the tags and restyles through tokens and parts for the Acme brand', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    await Promise.all([page.waitForEvent('load'), page.selectOption('#theme-select', 'acme')]);
    await page.waitForSelector('acme-pipeline-board [part~="card"]', { timeout: 20_000 });
    const tags = await page.evaluate(() => [...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.includes('-')))].sort());
    assert.deepEqual(tags, ['acme-bant-qualifier', 'acme-funnel-chart', 'acme-pipeline-board', 'acme-process-map', 'acme-provider']);
    assert.equal(await page.evaluate(() => customElements.get('pipeline-board')), undefined, 'the default tags are not registered');
    // Acme's primary colour (acme.css sets --l2c-color-primary: #b43c0a) reaches inside the elements
    // through the token sheet, and its ::part rules paint with it: the cards' edge, the column headers' rule.
    const colours = await page.evaluate(() => {
      const board = document.querySelector('acme-pipeline-board')!;
      const card = board.shadowRoot!.querySelector('[part~="card"]')!;
      const header = board.shadowRoot!.querySelector('[part~="column-header"]')!;
      return {
        token: getComputedStyle(board).getPropertyValue('--_l2c-color-primary').trim(),
        edge: getComputedStyle(card).borderLeftColor,
        header: getComputedStyle(header).borderBottomColor,
      };
    });
    assert.deepEqual(colours, { token: '#b43c0a', edge: 'rgb(180, 60, 10)', header: 'rgb(180, 60, 10)' });
    assert.deepEqual(errors, []);
  });

  it('imports a CSV of leads and reports the rows imported and the bad line', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    const sample = sampleLeadsCsv(12, 5, 4242);
    await page.click('#import-open');
    await page.setInputFiles('#import-file', { name: sample.name, mimeType: 'text/csv', buffer: Buffer.from(sample.text) });
    // The mapping step comes first, and nothing is stored until Import is pressed.
    assert.equal(await page.isVisible('#import-run'), false);
    await page.click('#import-preview');
    await page.waitForSelector('#import-mapping-table');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'import-mapping-title');
    const rows = await page.locator('#import-mapping-table tbody tr').evaluateAll((trs) => trs.map((tr) => [
      tr.querySelector('th')?.textContent, (tr.querySelector('select') as HTMLSelectElement | null)?.value, tr.classList.contains('unsure'),
    ]));
    assert.deepEqual(rows.slice(0, 3), [['Full Name', 'name', false], ['Email', 'email', false], ['Company', 'company', false]]);
    assert.equal(await page.locator('#import-mapping-table tbody tr').count(), 9);
    await page.click('#import-run');
    await page.waitForSelector('#import-summary');
    assert.equal(await page.textContent('#import-summary'), '11 rows imported, 1 line rejected.');
    const lines = await page.locator('#import-errors li').allTextContents();
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`^Line ${sample.badLine}: email: `));
    // The imported leads are stored: the lead list finds one of them.
    const name = /\r?\n([^,\r\n]+),/.exec(sample.text)?.[1] ?? '';
    await page.click('#import-close');
    await page.selectOption('#lead-filter', 'all');
    await page.fill('#lead-search', name);
    await page.waitForFunction((n) => [...document.querySelectorAll('#lead-list .lead-name')].some((e) => e.textContent === n), name);
    assert.deepEqual(errors, []);
  });

  it('shows a mapping step that flags generic columns and imports Salesforce deals into a pipeline made of their stages', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    await page.click('#import-open');
    await page.check('#import-kind-deals');
    const csv = [
      'Id,AccountId,Name,StageName,Amount,Probability,CloseDate,IsClosed,IsWon,ForecastCategory,CreatedDate,contact',
      '006A,001A,Zeta One - Loans,Qualification,1000,10,2024-11-10,,,Pipeline,2024-01-22T16:14:25.000+0000,cellular',
      '006B,001B,Zeta Two - Loans,Negotiation,2000,0,2024-11-10,,,Pipeline,2024-01-22T16:14:25.000+0000,telephone',
      '006C,001C,Zeta Three - Loans,Closed Won,3000,100,2023-06-17,1,1,Closed,2024-01-22T16:14:25.000+0000,cellular',
      '006D,001D,Zeta Four - Loans,Closed Lost,4000,0,2023-05-01,1,,Closed,2024-01-22T16:14:25.000+0000,telephone',
    ].join('\n');
    await page.fill('#import-text', csv);
    await page.click('#import-preview');
    await page.waitForSelector('#import-mapping-table');
    assert.match(await page.textContent('#import-preset-found') ?? '', /Salesforce Opportunity/);
    assert.equal(await page.locator('#import-mapping-table tr[data-header="Name"] select').inputValue(), 'title');
    assert.equal(await page.locator('#import-mapping-table tr[data-header="ForecastCategory"] select').inputValue(), '');
    assert.match(await page.textContent('label[for="import-new-pipeline"]') ?? '', /4 stage names \(Qualification › Negotiation › Closed Won › Closed Lost\)/);
    assert.equal(await page.isChecked('#import-new-pipeline'), true);
    assert.equal(await page.isDisabled('#import-pipeline'), true);
    // The person changes a field with the keyboard: the contact channel is left out.
    await page.focus('#import-mapping-table tr[data-header="contact"] select');
    await page.selectOption('#import-mapping-table tr[data-header="contact"] select', '');
    await shoot(page, 'import-mapping-deals.png');
    await page.click('#import-run');
    await page.waitForSelector('#import-summary');
    assert.equal(await page.textContent('#import-summary'), '4 rows imported, 0 lines rejected.');
    const warnings = await page.locator('#import-warnings li').allTextContents();
    assert.deepEqual(warnings.map((w) => w.split(':').slice(0, 2).join(':')), ['Line 3: probability', 'Line 4: createdAt', 'Line 5: createdAt']);
    await page.click('#import-close');
    // The new pipeline is stored: the next import offers it.
    await page.click('#import-open');
    await page.check('#import-kind-deals');
    await page.waitForFunction(() => [...document.querySelectorAll('#import-pipeline option')].some((o) => o.textContent === 'Imported from pasted text'));
    assert.deepEqual(errors, []);
  });

  it('highlights a generic column whose values do not fit as one to check (bank file contact channel)', async () => {
    const { page, errors } = await newPage();
    await openWorkspace(page);
    await page.click('#import-open');
    const lines = ['age;job;contact;campaign;y'];
    for (let i = 0; i < 12; i++) lines.push(`${30 + i};admin.;${i % 2 ? 'cellular' : 'telephone'};${1 + (i % 3)};no`);
    await page.fill('#import-text', lines.join('\n'));
    await page.click('#import-preview');
    await page.waitForSelector('#import-mapping-table');
    const contact = page.locator('#import-mapping-table tr[data-header="contact"]');
    assert.equal(await contact.getAttribute('class'), 'unsure');
    assert.equal(await contact.locator('select').inputValue(), 'custom.contact');
    assert.match(await contact.locator('.unsure-note').textContent() ?? '', /named like name/);
    assert.match(await page.textContent('#import-mapping-summary') ?? '', /5 columns: 2 to check/);
    await shoot(page, 'import-mapping-unsure.png');
    assert.deepEqual(errors, []);
  });

  it('switches to the REST server and shows its data; says when the server is unreachable', async () => {
    // The server already has data of its own, so the demo shows it and adds no sample data.
    const pipeline = pipelineFromTemplate('l2c', { currency: 'USD' });
    const now = new Date().toISOString();
    const deal = {
      id: 'server-deal-1', title: 'Zephyr server-only deal', value: 42_000, currency: 'USD', pipelineId: 'l2c', stageId: 'qualified',
      status: 'open', createdAt: now, updatedAt: now, history: [{ stageId: 'lead', enteredAt: now, leftAt: now }, { stageId: 'qualified', enteredAt: now }],
    };
    for (const [path, body] of [['/pipelines/l2c', pipeline], ['/deals/server-deal-1', deal]] as const) {
      const res = await fetch(`${api.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
      assert.ok(res.ok, `${path}: ${res.status}`);
    }

    const { page, errors } = await newPage();
    await openWorkspace(page);
    assert.equal(await page.locator('#board [part~="card"]', { hasText: 'Zephyr server-only deal' }).count(), 0);
    await page.selectOption('#store-select', 'rest');
    await page.waitForSelector('#board [part~="card"]:has-text("Zephyr server-only deal")', { timeout: 20_000 });
    // The board may show the server's data before the server check is done: wait for the status to settle.
    await page.waitForSelector(`${STATUS}[data-kind="store"]`);
    assert.match(await page.textContent(STATUS) ?? '', /Data comes from the REST server at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(await page.textContent('#board [part~="count"]') ?? '', /^\s*1 deal/);
    // Remembered across a reload.
    await page.reload();
    await page.waitForSelector('#board [part~="card"]:has-text("Zephyr server-only deal")');
    assert.equal(await page.inputValue('#store-select'), 'rest');

    // A server that does not answer is named, with a way to retry.
    await page.goto(`${demo}/workspace.html?store=rest&api=${encodeURIComponent('http://127.0.0.1:9')}`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('is not reachable'), STATUS);
    assert.match(await page.textContent(STATUS) ?? '', /The REST server at http:\/\/127\.0\.0\.1:9 is not reachable\. Start it with “npm start”/);
    assert.equal(await page.locator('#retry').count(), 1);
    assert.deepEqual(errors, []);
  });
});
