/**
 * Issue 14, end to end: a visitor submits `<lead-capture-form>` with consent through the REST
 * endpoint and a form key; on the next page of the site, `l2c-track.js` (zero-config from its script
 * tag) records a visit as the page loads and the page view when the page is hidden, and the server
 * stores both as activities of that lead. A visitor who did not consent is not followed. The page
 * is hidden as a tab switch does (headless Chromium never hides a page); delivery while a page
 * unloads (keepalive) depends on the browser and is not asserted here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Lead } from '../../src/core/model.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic, startApi, type TestApi } from './harness.js';

describe('engagement tracking over REST', { skip: cdnBuilt() ? false : 'run npm run build first (npm test does)' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  let api: TestApi;

  before(async () => {
    browser = await launchChromium();
    files = await serveStatic(ROOT);
    api = await startApi({ minFillMs: 0, rateLimitLeads: 0 });
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    await api?.close();
  });

  const page = (context: BrowserContext, path: string, head: string, body = '') =>
    context.route(`${files.url}${path}`, (route) => route.fulfill({
      status: 200, headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`,
    }));

  /** The activities the server holds for `leadId`, read with the member key. */
  async function activitiesOf(leadId: string): Promise<Record<string, unknown>[]> {
    const res = await fetch(`${api.serverUrl}/activities?leadId=${encodeURIComponent(leadId)}`, { headers: { authorization: `Bearer ${api.keys.member}` } });
    assert.equal(res.status, 200);
    return ((await res.json()) as { items: Record<string, unknown>[] }).items;
  }

  /** Submits the form (ticking the consent box when `consent`), then opens /pricing: the tab, the lead, the tracker's requests. */
  async function visit(consent: boolean, db: string) {
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    const attrs = `endpoint="${api.serverUrl}" api-key="${api.keys.form}" db-name="${db}"`;
    await page(context, '/contact.html', '<script type="module" src="/dist/cdn/lead-capture-form.js"></script>',
      `<lead-capture-form ${attrs} fields="name,email" min-fill-ms="0"${consent ? ' consent="You may contact me about Acme."' : ''}></lead-capture-form>`);
    await page(context, '/pricing.html', `<script type="module" src="/dist/cdn/l2c-track.js" data-endpoint="${api.serverUrl}" data-api-key="${api.keys.form}" data-db-name="${db}"></script>`, '<h1>Pricing</h1>');
    const tab = await context.newPage();
    const tracked: string[] = [];
    const answered: string[] = [];
    tab.on('request', (r) => {
      if (r.url() === `${api.serverUrl}/activities`) tracked.push(`${r.method()} ${r.postData() ?? ''}`);
    });
    tab.on('response', (r) => {
      if (r.url() === `${api.serverUrl}/activities` && r.request().method() === 'POST') answered.push(`${(JSON.parse(r.request().postData() ?? '{}') as { type?: string }).type} ${r.status()}`);
    });
    await tab.goto(`${files.url}/contact.html`);
    await tab.evaluate(() => {
      document.querySelector('lead-capture-form')!.addEventListener('lead-synced', (e) => { (window as unknown as { synced: Lead }).synced = (e as CustomEvent<{ lead: Lead }>).detail.lead; });
    });
    const form = tab.locator('lead-capture-form');
    await form.getByLabel('Name').fill('Mary Jackson');
    await form.getByLabel('Email').fill(`mary.${db}@example.com`);
    if (consent) await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await tab.waitForFunction(() => (window as unknown as { synced?: Lead }).synced !== undefined, undefined, { timeout: 20_000 });
    const lead = await tab.evaluate(() => (window as unknown as { synced: Lead }).synced);
    // The next page: the tracker starts on its own from its script tag's data attributes.
    await tab.goto(`${files.url}/pricing.html`);
    await tab.waitForFunction(() => document.readyState === 'complete');
    return { context, tab, lead, tracked, answered };
  }

  /** Hides the open page as switching tabs does (headless Chromium never hides a page itself). */
  const hide = (tab: Page) => tab.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });

  it('records the page view and visit of a visitor who consented, as activities of their lead', async () => {
    const { context, tab, lead, answered } = await visit(true, 'track-yes');
    await hide(tab);
    // Both answers seen by the page (the visit went out as the page loaded; the page view as it hid).
    for (let i = 0; i < 200 && !(answered.includes('visit 201') && answered.includes('page-view 201')); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual([...answered].sort(), ['page-view 201', 'visit 201']);
    const stored = await activitiesOf(lead.id);
    await context.close();
    const view = stored.find((a) => a.type === 'page-view');
    assert.ok(view, `no page view stored: ${JSON.stringify(stored)}`);
    assert.equal(view.leadId, lead.id);
    assert.equal(view.page, '/pricing.html');
    assert.equal(view.engagement, true);
    assert.ok(typeof view.value === 'number' && view.value >= 0, `seconds visible: ${String(view.value)}`);
    assert.match(String(view.updatedBy), /^key:/);
    assert.ok(stored.some((a) => a.type === 'visit' && a.leadId === lead.id), 'a visit began');
  });

  it('does not follow a visitor who submitted without consent', async () => {
    const { context, tab, lead, tracked } = await visit(false, 'track-no');
    // The page is hidden while still open: a tracker that meant to send would be seen sending.
    await hide(tab);
    await tab.evaluate(() => dispatchEvent(new Event('pagehide')));
    await tab.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    await context.close();
    assert.deepEqual(tracked, []);
    assert.deepEqual(await activitiesOf(lead.id), []);
  });
});
