/**
 * Browser benches: bundle a TypeScript entry with esbuild (decorators lowered, as in the build),
 * serve it on loopback and open it in headless Chromium through playwright-core. The entry sets
 * `window.bench` to an async function; its result comes back to Node.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, servePage } from '../test/e2e/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser benches cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

/** Bundles `entry` and opens it in a fresh page; `use` drives the page and returns the figures. */
export async function inBrowser<T>(entry: string, use: (page: Page) => Promise<T>, html?: string): Promise<T> {
  const served = await servePage(entry, html);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => typeof (window as { bench?: unknown }).bench === 'function');
    return await use(page);
  } finally {
    await browser.close();
    await served.close();
  }
}
