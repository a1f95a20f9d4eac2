/**
 * Screenshots of `<scoring-studio>` after training on generated leads with a planted signal (English
 * and Chinese), and of `<lead-inbox>` listing leads with their probability once the model is
 * applied, in the system Chromium.
 *
 *   npx tsx scripts/scoring-studio-screenshot.ts [out-dir]      (default /tmp/scoring-studio)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, servePage } from '../test/e2e/harness.js';

const out = process.argv[2] ?? '/tmp/scoring-studio';
mkdirSync(out, { recursive: true });
const served = await servePage('scripts/scoring-studio-page.ts', '<!doctype html><html lang="en"><body style="margin:24px;max-width:960px;font:15px system-ui"></body></html>');
const browser = await launchChromium();
try {
  for (const [name, locale, inbox] of [['studio-en', 'en', false], ['studio-zh', 'zh-CN', false], ['inbox-en', 'en', true]] as const) {
    const page = await browser.newPage({ viewport: { width: 1010, height: 900 } });
    await page.goto(served.url);
    await page.waitForFunction(() => 'show' in window);
    const said = await page.evaluate(([l, i]) => (window as unknown as { show(l: string, i: boolean): Promise<string> }).show(l, i), [locale, inbox] as const);
    const file = join(out, `scoring-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${file}: ${said}`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.close();
}
