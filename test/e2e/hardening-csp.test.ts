/**
 * End to end: every element from the script-tag bundle on a page served with a strict
 * Content-Security-Policy — no 'unsafe-inline' for scripts or styles, no 'unsafe-eval', Trusted
 * Types required for every script sink, and no `trusted-types` allowlist (any policy name may be
 * created; none is needed by the page itself) — under `<l2c-provider store="rest">` against the
 * reference server. Each element does its work there (a board move stored on the server, the
 * funnel's chart and the process map's layout from their lazy chunks, a lead sent, a BANT answer)
 * with no `securitypolicyviolation` event and no console error. The same again with the strictest
 * Trusted Types allowlist the suite can run under, `trusted-types lit-html`: Lit's policy is the only
 * one the suite creates (chart.js and dagre create none). A control page first proves that this
 * browser enforces the policy and that the test sees violations. With L2C_SCREENSHOTS=1 it also
 * writes screenshots/hardening-csp.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Deal, Lead } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { generateDataset } from '../generate.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic, startApi } from './harness.js';

const policy = (api: string, extra: string[] = []) => [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", `connect-src 'self' ${api}`,
  "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'", ...extra,
].join('; ');

// The two policies: the issue's, which allows any Trusted Types policy name, and one that allows only Lit's.
const VARIANTS = [
  { name: 'require-trusted-types-for', extra: [] as string[], deal: 'csp-1', email: 'ada@example.com', screenshot: true },
  { name: 'plus trusted-types lit-html', extra: ['trusted-types lit-html'], deal: 'csp-2', email: 'grace@example.com', screenshot: false },
];

// The page's own code: an external module (inline scripts are blocked), recording the elements' events.
const PAGE_JS = `
window.seen = [];
for (const name of ['deal-moved', 'stage-selected', 'node-selected', 'qualification-changed', 'lead-submitted', 'lead-synced']) {
  document.addEventListener(name, (e) => window.seen.push(name + ' ' + JSON.stringify(e.detail.deal?.id ?? e.detail.stageId ?? e.detail.nodeId ?? e.detail.outcome ?? e.detail.lead?.email)));
}
`;

const PAGE_CSS = `
body { margin: 0; font-family: system-ui, sans-serif; background: #f9fafb; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; padding: 16px; }
.wide { grid-column: 1 / -1; }
`;

// Violations and Trusted Types failures, recorded from the first byte of the page.
function watch(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  // The browser asks for a favicon the site does not have; that is no error of the elements.
  void page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  void page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.violations.push(`${e.violatedDirective} blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} sample=${e.sample}`);
    });
  });
  return { errors };
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

describe('strict Content-Security-Policy with Trusted Types', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  let filesLit: Awaited<ReturnType<typeof serveStatic>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  const site = mkdtempSync(join(tmpdir(), 'l2c-csp-'));

  const post = async (collection: string, body: unknown) => {
    const res = await fetch(`${api.url}/${collection}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, `${collection}: ${await res.text()}`);
  };

  before(async () => {
    api = await startApi({ minFillMs: 0, rateLimitLeads: 0 });
    // Pages are real files next to a link to dist/ (see bant-qualifier.test.ts for why).
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'page.js'), PAGE_JS);
    writeFileSync(join(site, 'page.css'), PAGE_CSS);
    files = await serveStatic(site, { 'content-security-policy': policy(api.url) });
    filesLit = await serveStatic(site, { 'content-security-policy': policy(api.url, VARIANTS[1]!.extra) });
    browser = await launchChromium();

    // The server holds a pipeline with history, so the funnel and the map have something to show.
    const data = generateDataset({ deals: 60, leads: 0, templates: ['l2c'], seed: 7 });
    await post('pipelines', pipelineFromTemplate('l2c', { currency: 'USD' }));
    const now = new Date().toISOString();
    const mine = VARIANTS.map((v, i): Deal => ({
      id: v.deal, title: ['Acme renewal', 'Globex pilot'][i]!, value: 24_000, currency: 'USD', pipelineId: 'l2c', stageId: 'lead', status: 'open',
      rank: -2 + i, createdAt: now, updatedAt: now, history: [{ stageId: 'lead', enteredAt: now }],
    }));
    await Promise.all([...mine, ...data.deals].map((d) => post('deals', d)));
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    await filesLit?.close();
    await api?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('is enforced: an inline style, an inline script and a string HTML sink are reported (control)', async () => {
    writeFileSync(join(site, 'control.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>control</title>
      <script type="module" src="/control.js"></script></head>
      <body><p style="color: red">inline style</p><script>window.inlineRan = true;</script></body></html>`);
    writeFileSync(join(site, 'control.js'), `try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); } catch (e) { window.sinkError = e.name; }`);
    const page = await browser.newPage();
    watch(page);
    await page.goto(`${files.url}/control.html`);
    await page.waitForFunction(() => (window as unknown as { violations: string[] }).violations.length >= 3);
    const directives = (await violations(page)).map((v) => v.split(' ')[0]).sort();
    assert.deepEqual(directives, ['require-trusted-types-for', 'script-src-elem', 'style-src-attr']);
    assert.equal(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan), undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { sinkError?: string }).sinkError), 'TypeError');
    await page.close();
  });

  for (const variant of VARIANTS) {
    it(`runs every element with zero violations (${variant.name}): board move, funnel chart, process map, lead sent, BANT answer`, async () => {
      const db = `csp-e2e-${variant.deal}-${Date.now()}`;
      const server = variant.extra.length ? filesLit : files;
      writeFileSync(join(site, 'all.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict CSP</title>
        <link rel="stylesheet" href="/page.css">
        <script type="module" src="/dist/cdn/l2c-elements.js"></script>
        <script type="module" src="/page.js"></script></head>
        <body><l2c-provider store="rest" endpoint="${api.url}" db-name="${db}"><div class="grid">
          <pipeline-board class="wide" pipeline-id="l2c"></pipeline-board>
          <funnel-chart pipeline-id="l2c" show-table></funnel-chart>
          <lead-capture-form required="name,email" consent="I agree that Acme may contact me." min-fill-ms="0"></lead-capture-form>
          <sales-process-map class="wide" pipeline-id="l2c" highlight-bottlenecks></sales-process-map>
          <bant-qualifier class="wide" name="bant"></bant-qualifier>
        </div></l2c-provider></body></html>`);
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
      const { errors } = watch(page);
      const scripts: string[] = [];
      page.on('response', (r) => { if (r.ok() && r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname); });
      await page.goto(`${server.url}/all.html`);

      // pipeline-board: the deals come from the server; a keyboard move goes back to it.
      const card = page.locator(`pipeline-board [part~="card"][data-deal-id="${variant.deal}"]`);
      await card.waitFor({ timeout: 15_000 });
      await card.focus();
      await page.keyboard.press(' ');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.locator(`pipeline-board [data-stage-id="nurturing"] [part~="card"][data-deal-id="${variant.deal}"]`).waitFor();
      // The card moves at once; `deal-moved` follows once the move is stored: wait for it, so the events keep their order.
      await page.waitForFunction((id) => (window as unknown as { seen: string[] }).seen.includes(`deal-moved "${id}"`), variant.deal);

      // funnel-chart: chart.js, loaded lazily, draws on its canvas; a click on a segment selects a stage.
      const funnel = page.locator('funnel-chart');
      await funnel.scrollIntoViewIfNeeded();
      assert.equal(await funnel.evaluate((el) => (el as unknown as { whenChartDrawn(): Promise<boolean> }).whenChartDrawn()), true);
      const painted = await funnel.evaluate((el) => {
        const canvas = el.shadowRoot!.querySelector('canvas')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      });
      assert.ok(painted > 1000, `the chart painted ${painted} pixels`);
      await page.locator('funnel-chart [part~="segment"]').first().click();

      // sales-process-map: dagre, loaded lazily, lays out the pipeline; a click selects a node.
      const map = page.locator('sales-process-map');
      await map.scrollIntoViewIfNeeded();
      assert.equal(await map.evaluate((el) => (el as unknown as { layoutComplete: Promise<boolean> }).layoutComplete), true);
      assert.ok(await page.locator('sales-process-map [data-node-id]').count() >= 10);
      await page.locator('sales-process-map [data-node-id="lead"]').click();

      // bant-qualifier: an answer by keyboard.
      await page.locator('bant-qualifier input[data-criterion="budget"][value="yes"]').focus();
      await page.keyboard.press(' ');

      // lead-capture-form: sent through the outbox to the server (the phone field loads its own chunk).
      const form = page.locator('lead-capture-form');
      await form.scrollIntoViewIfNeeded();
      await form.getByLabel('Name').fill('Ada Lovelace');
      await form.getByLabel('Email').fill(variant.email);
      await form.getByLabel('Phone').fill('+44 20 7946 0958');
      await form.getByLabel('I agree that Acme may contact me.').check();
      await form.getByRole('button', { name: 'Send' }).click();
      await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.some((s) => s.startsWith('lead-synced')), undefined, { timeout: 15_000 });

      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      assert.deepEqual(seen.filter((s) => !s.startsWith('qualification-changed')), [
        `deal-moved "${variant.deal}"`, 'stage-selected "lead"', 'node-selected "lead"', `lead-submitted "${variant.email}"`, `lead-synced "${variant.email}"`,
      ]);
      assert.ok(seen.includes('qualification-changed "nurture"'), seen.join('\n'));

      // The server has both writes.
      const leads = await (await fetch(`${api.url}/leads?limit=10`)).json() as { items: Lead[] };
      assert.deepEqual(leads.items.filter((l) => l.email === variant.email).map((l) => l.phone), ['+442079460958']);
      // Once the page's outbox is empty, the move has been sent.
      await page.evaluate(() => (document.querySelector('l2c-provider') as unknown as { repository: { outbox: { drained(ms: number): Promise<void> } } })
        .repository.outbox.drained(30_000));
      const stored = await (await fetch(`${api.url}/deals/${variant.deal}`)).json() as Deal;
      assert.equal(stored.stageId, 'nurturing');

      // Every lazy chunk ran under the policy.
      for (const chunk of [/\/chunks\/funnel-chart\.chart-/, /\/chunks\/process-map-/, /\/chunks\/phone-/]) {
        assert.ok(scripts.some((s) => chunk.test(s)), `${chunk} loaded: ${scripts.join(', ')}`);
      }
      if (process.env.L2C_SCREENSHOTS && variant.screenshot) {
        mkdirSync(join(ROOT, 'screenshots'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'screenshots/hardening-csp.png'), fullPage: true });
      }
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
