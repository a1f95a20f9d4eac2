/**
 * IndexedDB full: in a fresh Chromium profile with the origin's quota shrunk through the DevTools
 * protocol (the quota must be set before the origin first opens IndexedDB, hence its own browser).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, servePage } from './harness.js';

describe('IndexedDbRepository when the browser storage is full', () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof servePage>>;
  before(async () => {
    served = await servePage(fileURLToPath(new URL('./pages/quota.ts', import.meta.url)));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('reports QuotaExceededError as a typed quota error and keeps what was stored', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: served.url, quotaSize: 1024 * 1024 });
    await page.goto(served.url);
    await page.waitForFunction(() => typeof (window as { scenario?: unknown }).scenario === 'function');
    const result = await page.evaluate(() => (window as unknown as { scenario: () => Promise<Record<string, unknown>> }).scenario());
    assert.equal(result['typed'], true, 'a StorageError, not a raw DOMException');
    assert.equal(result['code'], 'quota');
    assert.match(String(result['message']), /storage for this site is full/);
    assert.equal(result['kept'], 'Lead kept', 'what was stored before stays');
    await context.close();
  });
});
