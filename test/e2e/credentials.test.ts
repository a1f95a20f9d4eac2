/**
 * Issue 12, end to end against a server that needs credentials (no proxy adding a key): the lead
 * form with a publishable form key sends its lead; a provider with a member key reads it; the same
 * provider with the form key cannot (the server refuses every read, and the page is told).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Lead } from '../../src/core/model.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic, startApi, type TestApi } from './harness.js';

describe('credentials from the elements', { skip: cdnBuilt() ? false : 'run npm run build first (npm test does)' }, () => {
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

  /** A page at `path` with `body`, loading `bundle` from dist/cdn; records the API's answers. */
  async function open(path: string, bundle: string, body: string): Promise<{ page: Page; answers: string[] }> {
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    const page = await context.newPage();
    const answers: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(api.serverUrl) && r.request().method() !== 'OPTIONS') answers.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
    await page.route(`${files.url}${path}`, (route) => route.fulfill({
      status: 200, headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><script type="module" src="/dist/cdn/${bundle}"></script></head><body>${body}</body></html>`,
    }));
    await page.goto(`${files.url}${path}`);
    return { page, answers };
  }

  /** A provider page that loads the lead with `id` through the repository; resolves to it or undefined. */
  async function readThrough(key: string, id: string, db: string): Promise<{ lead: Lead | undefined; answers: string[]; state: unknown }> {
    const { page, answers } = await open(`/read-${db}.html`, 'l2c-elements.js',
      `<l2c-provider store="rest" endpoint="${api.serverUrl}" api-key="${key}" db-name="${db}"></l2c-provider>`);
    await page.waitForFunction(() => (document.querySelector('l2c-provider') as unknown as { repository?: unknown }).repository !== undefined);
    const result = await page.evaluate(async (leadId) => {
      const provider = document.querySelector('l2c-provider') as unknown as {
        repository: { sync(): Promise<void>; leads: { get(id: string): Promise<Lead | undefined> } };
      };
      let error = '';
      await provider.repository.sync().catch((e: unknown) => { error = String(e); });
      return { lead: await provider.repository.leads.get(leadId), error };
    }, id);
    await page.context().close();
    return { lead: result.lead, answers, state: result.error };
  }

  it('a form key sends the lead; a member key reads it; the form key cannot read it', async () => {
    const { page, answers } = await open('/contact.html', 'lead-capture-form.js',
      `<lead-capture-form endpoint="${api.serverUrl}" api-key="${api.keys.form}" db-name="keys-form" fields="name,email" min-fill-ms="0"></lead-capture-form>`);
    await page.evaluate(() => {
      const w = window as unknown as { synced?: Lead };
      document.querySelector('lead-capture-form')!.addEventListener('lead-synced', (e) => { w.synced = (e as CustomEvent<{ lead: Lead }>).detail.lead; });
    });
    const form = page.locator('lead-capture-form');
    await form.getByLabel('Name').fill('Katherine Johnson');
    await form.getByLabel('Email').fill('katherine@example.com');
    await form.getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => (window as unknown as { synced?: Lead }).synced !== undefined, undefined, { timeout: 20_000 });
    const synced = await page.evaluate(() => (window as unknown as { synced: Lead }).synced);
    assert.deepEqual(answers.filter((a) => a.startsWith('POST')), ['POST /leads 201']);
    assert.ok(answers.every((a) => a.startsWith('POST')), `the form only sends: ${answers.join(', ')}`);
    assert.equal(await form.locator('[part~="success"]').getAttribute('data-outcome'), 'sent');
    await page.context().close();

    const member = await readThrough(api.keys.member, synced.id, 'keys-member');
    assert.equal(member.lead?.name, 'Katherine Johnson');
    assert.equal((member.lead as Lead & { updatedBy?: string }).updatedBy?.startsWith('key:'), true);

    const withFormKey = await readThrough(api.keys.form, synced.id, 'keys-formreader');
    assert.equal(withFormKey.lead, undefined);
    assert.ok(withFormKey.answers.length > 0 && withFormKey.answers.every((a) => a.endsWith(' 403')), withFormKey.answers.join(', '));
    assert.match(String(withFormKey.state), /403/);
  });
});
