/**
 * Screenshots of `<sales-forecast>` on Maven CRM's opportunities (../shared/data; see
 * bench/forecast.ts for how they become deals), as of 1 October 2017: months in English and
 * quarters in Chinese, in the system Chromium. Without the data folder it says so and exits 0.
 *
 *   npx tsx scripts/forecast-screenshot.ts [out-dir]      (default /tmp/sales-forecast)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAVEN_PIPELINE, mavenDeals } from '../bench/forecast.js';
import type { ShowForecast } from '../bench/sales-forecast-page.js';
import { launchChromium, servePage } from '../test/e2e/harness.js';

const out = process.argv[2] ?? '/tmp/sales-forecast';
const deals = mavenDeals();
if (!deals) {
  console.log('skipped: ../shared/data/maven_crm_sales_opportunities not found');
  process.exit(0);
}
mkdirSync(out, { recursive: true });
const served = await servePage('bench/sales-forecast-page.ts', '<!doctype html><html lang="en"><body style="margin:24px;max-width:960px;font:15px system-ui"></body></html>');
const browser = await launchChromium();
try {
  for (const [name, locale, period] of [['en-month', 'en', 'month'], ['zh-quarter', 'zh-CN', 'quarter']] as const) {
    const page = await browser.newPage({ viewport: { width: 1010, height: 900 } });
    await page.goto(served.url);
    const drawn = await page.evaluate(
      ([d, p, o]) => (window as unknown as { showForecast: ShowForecast }).showForecast(d, p, o),
      [deals, MAVEN_PIPELINE, { asOf: '2017-10-01', period, locale, currency: 'USD' }] as const,
    );
    const file = join(out, `sales-forecast-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${file}: chart drawn ${drawn}`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.close();
}
