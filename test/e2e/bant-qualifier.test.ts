/**
 * End to end: `<bant-qualifier>` from the script-tag bundle under a strict CSP, as a form control
 * posting to a server, and on a lead stored on the reference REST server, converted into a deal
 * there. With L2C_SCREENSHOTS=1 it also writes screenshots to screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic, startApi } from './harness.js';

// The script-tag bundle, with the two tags defined explicitly as well (idempotent): the bundle's
// own \`import '../define.js'\` is tree-shaken away while package.json's "sideEffects" names only
// dist/ paths (reported to the lead); this page must not depend on that.
const DEFINE = `
import { L2cProvider, BantQualifier } from '/dist/cdn/l2c-elements.js';
L2cProvider.define();
BantQualifier.define();
`;

// Seeds the memory store of the screenshot pages: two pipelines and a lead with saved answers.
const SEED = `
import { pipelineFromTemplate, L2cProvider, BantQualifier } from '/dist/cdn/l2c-elements.js';
L2cProvider.define();
BantQualifier.define();
const params = new URL(import.meta.url).searchParams;
const locale = params.get('locale') ?? 'en';
const levels = (params.get('answers') ?? '').split(',');
const answers = {};
['budget', 'authority', 'need', 'timeline'].forEach((c, i) => { if (levels[i]) answers[c] = { level: levels[i] }; });
if (answers.budget) answers.budget.note = locale === 'en' ? 'Approved for Q3, about 50k' : '三季度预算已批，约 5 万';
const provider = document.querySelector('l2c-provider');
await customElements.whenDefined('l2c-provider');
const repo = provider.repository;
await repo.pipelines.putMany([pipelineFromTemplate('l2c', { locale, currency: 'CNY' }), pipelineFromTemplate('classic', { locale, currency: 'USD' })]);
const now = new Date().toISOString();
await repo.leads.put({
  id: 'lead-1', createdAt: now, updatedAt: now, status: 'mql', value: 48000,
  name: locale === 'en' ? 'Ana Silva' : '王伟', company: locale === 'en' ? 'Northwind Traders' : '海尔集团', ownerId: 'ben',
  bant: { answers },
});
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://127.0.0.1:*";

describe('bant-qualifier end to end', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  let api: Awaited<ReturnType<typeof startApi>>;

  // Pages are real files next to a link to dist/: a response made up by the test (route.fulfill)
  // has no address, so Chromium's local network access rules would block its calls to the API.
  const site = mkdtempSync(join(tmpdir(), 'bant-e2e-'));

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'bant-define.js'), DEFINE);
    writeFileSync(join(site, 'bant-seed.js'), SEED);
    writeFileSync(join(site, 'page.css'), 'body { margin: 0; background: #f9fafb; } .wrap { max-width: 960px; margin: 16px auto; padding: 0 12px; } .wide { margin: 16px; }');
    browser = await launchChromium();
    files = await serveStatic(site, { 'content-security-policy': CSP });
    api = await startApi({ minFillMs: 0, rateLimitLeads: 0 });
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    await api?.close();
    rmSync(site, { recursive: true, force: true });
  });

  /** Opens a page at `path` whose HTML is `body`, served with the strict CSP; records CSP violations. */
  async function open(path: string, body: string, viewport = { width: 1000, height: 900 }): Promise<Page> {
    writeFileSync(join(site, path), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bant-qualifier</title>
      <link rel="stylesheet" href="/page.css"><script type="module" src="/bant-define.js"></script></head><body>${body}</body></html>`);
    const page = await browser.newPage({ viewport });
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${files.url}/${path}`);
    await page.waitForFunction(() => customElements.get('bant-qualifier') !== undefined);
    return page;
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  it('posts its JSON result with a host form, and a required one blocks the submit until complete', async () => {
    const page = await open('bant-form.html', `
      <form method="post" action="/submit">
        <label for="bq">Qualification</label>
        <bant-qualifier id="bq" name="bant" required></bant-qualifier>
        <button>Send</button>
      </form>`);
    let posted: string | undefined;
    await page.route(`${files.url}/submit`, async (route) => {
      posted = route.request().postData() ?? '';
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>thanks</p>' });
    });

    await page.getByRole('button', { name: 'Send' }).click();
    const message = await page.locator('bant-qualifier').evaluate((el) => (el as HTMLElement & { validationMessage: string }).validationMessage);
    assert.equal(message, 'Answer every BANT question. Still to answer: Budget, Authority, Need, and Timeline.');
    assert.equal(posted, undefined);
    await page.locator('bant-qualifier [part~="error"]').waitFor();
    // The browser moves focus to the validity anchor: the first radio of the first unanswered group.
    const focused = await page.evaluate(() => {
      const el = document.querySelector('bant-qualifier')!;
      const active = el.shadowRoot!.activeElement as HTMLInputElement | null;
      return document.activeElement === el && active ? `${active.dataset.criterion}:${active.value}` : 'elsewhere';
    });
    assert.equal(focused, 'budget:yes');

    // Keyboard only: the label focuses the first group; arrows choose; Tab moves on.
    await page.locator('bant-qualifier input[data-criterion="budget"][value="yes"]').focus();
    await page.keyboard.press(' ');
    for (const _ of ['note', 'authority']) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The CFO signs, the CTO decides');
    await page.keyboard.press('Tab');
    await page.keyboard.press(' ');
    for (const _ of ['note', 'timeline']) await page.keyboard.press('Tab');
    await page.keyboard.press(' ');
    await page.locator('bant-qualifier [part~="outcome-badge"]', { hasText: 'Sales-qualified (SQL)' }).waitFor();

    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(`${files.url}/submit`);
    const value = JSON.parse(new URLSearchParams(posted).get('bant')!);
    assert.deepEqual(value.answers, {
      budget: { level: 'yes' },
      authority: { level: 'partial', note: 'The CFO signs, the CTO decides' },
      need: { level: 'yes' },
      timeline: { level: 'yes' },
    });
    assert.equal(value.outcome, 'sql');
    assert.equal(value.total, 0.875);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('qualifies a lead stored on the server and converts it into a deal there', async () => {
    const post = (collection: string, body: unknown) => fetch(`${api.url}/${collection}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    const now = new Date().toISOString();
    assert.equal((await post('pipelines', pipelineFromTemplate('classic', { currency: 'EUR' }))).status, 201);
    const leadRes = await post('leads', {
      id: 'lead-e2e', createdAt: now, updatedAt: now, status: 'mql', name: 'Chen Jia', company: 'Globex', email: 'jia@globex.test', value: 48000,
    });
    assert.equal(leadRes.status, 201);

    const page = await open('bant-lead.html', `
      <l2c-provider store="rest" endpoint="${api.url}" db-name="bq-e2e-${Date.now()}">
        <bant-qualifier lead-id="lead-e2e"></bant-qualifier>
      </l2c-provider>`);
    await page.locator('bant-qualifier [part~="lead-name"]', { hasText: 'Chen Jia · Globex' }).waitFor({ timeout: 15_000 });
    for (const c of ['budget', 'authority', 'need', 'timeline']) {
      await page.locator(`bant-qualifier input[data-criterion="${c}"][value="yes"]`).check();
    }
    await page.locator('bant-qualifier [part~="pipeline-select"]').selectOption('classic');
    assert.equal(await page.locator('bant-qualifier [part~="value-input"]').inputValue(), '48000');
    await page.getByRole('button', { name: 'Convert to deal' }).click();
    await page.locator('bant-qualifier [part~="notice"]', { hasText: 'Converted' }).waitFor();

    // The outbox sends the deal and the lead; once it is empty, the server has both.
    await page.evaluate(() => (document.querySelector('l2c-provider') as unknown as { repository: { outbox: { drained(ms: number): Promise<void> } } })
      .repository.outbox.drained(30_000));
    const deals = await (await fetch(`${api.url}/deals`)).json() as { items: Array<Record<string, unknown>> };
    assert.equal(deals.items.length, 1);
    const deal = deals.items[0]!;
    assert.equal(deal.leadId, 'lead-e2e');
    assert.equal(deal.pipelineId, 'classic');
    assert.equal(deal.stageId, 'prospecting');
    assert.equal(deal.value, 48000);
    assert.equal(deal.currency, 'EUR');
    const lead = await (await fetch(`${api.url}/leads/lead-e2e`)).json() as Record<string, unknown>;
    assert.equal(lead.status, 'converted');
    assert.equal((lead.bant as { outcome: string }).outcome, 'sql');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it('writes screenshots when asked', { skip: process.env.L2C_SCREENSHOTS ? false : 'set L2C_SCREENSHOTS=1' }, async () => {
    const dir = join(ROOT, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const seeded = (locale: string, answers: string, wrap = 'wrap') => `
      <div class="${wrap}" lang="${locale}">
        <l2c-provider store="memory"><bant-qualifier lead-id="lead-1"></bant-qualifier></l2c-provider>
      </div>
      <script type="module" src="/bant-seed.js?answers=${answers}&amp;locale=${locale}"></script>`;
    const shots: Array<[string, string, { width: number; height: number }?]> = [
      ['bant-qualifier-en-empty', `<div class="wrap"><bant-qualifier></bant-qualifier></div>`],
      ['bant-qualifier-en-sql', seeded('en', 'yes,yes,yes,partial')],
      ['bant-qualifier-zh-CN-sql', seeded('zh-CN', 'yes,yes,yes,partial')],
      ['bant-qualifier-en-nurture', seeded('en', 'yes,partial,yes,no')],
      ['bant-qualifier-en-disqualified', seeded('en', 'no,yes,partial,yes')],
      ['bant-qualifier-zh-CN-disqualified', seeded('zh-CN', 'yes,yes,no,')],
      ['bant-qualifier-en-wide', seeded('en', 'yes,partial,,', 'wide'), { width: 1400, height: 900 }],
      ['bant-qualifier-en-mobile', seeded('en', 'yes,yes,yes,yes'), { width: 390, height: 1600 }],
    ];
    for (const [name, body, viewport] of shots) {
      const page = await open(`${name}.html`, body, viewport ?? { width: 1000, height: 1300 });
      await page.waitForFunction(() => {
        const el = document.querySelector('bant-qualifier');
        return !!el?.shadowRoot?.querySelector('[part~="outcome"]') && !el.shadowRoot.textContent?.includes('Loading');
      });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      await page.close();
    }
  });
});
