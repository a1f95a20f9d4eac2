/**
 * End to end: `<funnel-chart>` from the script-tag bundle. The chart chunk is fetched only when the
 * funnel scrolls into view; the chart draws under a strict CSP; the planner works there too. With
 * L2C_SCREENSHOTS=1 it also writes screenshots (vertical, horizontal, planner; en and zh-CN; dark)
 * to screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ROOT, cdnBuilt, launchChromium, serveStatic } from './harness.js';

const STAGES = {
  en: [
    { id: 'lead', label: 'Leads', count: 4800, value: 0 },
    { id: 'mql', label: 'Marketing qualified', count: 1900 },
    { id: 'sql', label: 'Sales qualified', count: 760 },
    { id: 'proposal', label: 'Proposal', count: 310 },
    { id: 'negotiation', label: 'Negotiation', count: 150 },
    { id: 'won', label: 'Won', count: 96, value: 2_304_000 },
  ],
  'zh-CN': [
    { id: 'lead', label: '线索', count: 4800 },
    { id: 'mql', label: '市场认可线索', count: 1900 },
    { id: 'sql', label: '销售认可线索', count: 760 },
    { id: 'proposal', label: '方案报价', count: 310 },
    { id: 'negotiation', label: '商务谈判', count: 150 },
    { id: 'won', label: '赢单', count: 96, value: 2_304_000 },
  ],
};

// The dark theme's chart and surface tokens (src/internal/themes.ts), set as a host page would.
const DARK = {
  surface: '#111827', 'surface-alt': '#1f2937', border: '#4b5563', text: '#f3f4f6', 'text-muted': '#c2c8d0',
  'color-primary': '#93b4ff', 'focus-ring': '2px solid #93b4ff',
  'chart-1': '#56b4e9', 'chart-2': '#f0b84a', 'chart-3': '#34d399', 'chart-4': '#e5a0c6', 'chart-5': '#93c5fd', 'chart-6': '#fb923c',
};

// The bundle's own define side effect is not relied on (see bant-qualifier.test.ts): define here.
const PAGE_JS = `
import { FunnelChart } from '/dist/cdn/l2c-elements.js';
FunnelChart.define();
const stages = ${JSON.stringify(STAGES)};
const dark = ${JSON.stringify(DARK)};
for (const el of document.querySelectorAll('funnel-chart')) {
  el.stages = stages[document.documentElement.lang] ?? stages.en;
  if (el.dataset.theme === 'dark') {
    for (const [name, value] of Object.entries(dark)) el.style.setProperty('--l2c-' + name, value);
    el.style.background = dark.surface;
  }
}
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

function pageHtml(body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>funnel-chart</title>
<link rel="stylesheet" href="/page.css"><script type="module" src="/page.js"></script></head><body>${body}</body></html>`;
}

const PAGE_CSS = `
body { margin: 24px; font-family: system-ui, sans-serif; background: #fff; }
.spacer { height: 3000px; }
funnel-chart { max-width: 860px; padding: 16px; border-radius: 8px; }
`;

describe('funnel-chart end to end', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  const site = mkdtempSync(join(tmpdir(), 'funnel-e2e-'));

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'page.js'), PAGE_JS);
    writeFileSync(join(site, 'page.css'), PAGE_CSS);
    writeFileSync(join(site, 'lazy.html'), pageHtml('<h1>Report</h1><div class="spacer"></div><funnel-chart></funnel-chart>'));
    writeFileSync(join(site, 'top.html'), pageHtml('<funnel-chart planner target="3000000" show-table></funnel-chart>'));
    for (const lang of ['en', 'zh-CN']) {
      writeFileSync(join(site, `vertical-${lang}.html`), pageHtml('<funnel-chart></funnel-chart>', lang));
      writeFileSync(join(site, `horizontal-${lang}.html`), pageHtml('<funnel-chart orientation="horizontal" percent="previous"></funnel-chart>', lang));
      writeFileSync(join(site, `planner-${lang}.html`), pageHtml('<funnel-chart planner target="3000000" show-table></funnel-chart>', lang));
    }
    writeFileSync(join(site, 'dark.html'), pageHtml('<funnel-chart data-theme="dark" show-table></funnel-chart>'));
    files = await serveStatic(site, { 'content-security-policy': CSP });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    rmSync(site, { recursive: true, force: true });
  });

  async function open(path: string, viewport = { width: 1000, height: 800 }): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${files.url}/${path}`);
    await page.waitForFunction(() => customElements.get('funnel-chart') !== undefined);
    return { page, requests, errors };
  }

  // The stage of the next `stage-selected` event: listen first, act, then read.
  const expectSelection = (page: Page) => page.evaluate(() => {
    (window as unknown as { selection: Promise<string> }).selection = new Promise<string>((resolve) =>
      document.querySelector('funnel-chart')!.addEventListener('stage-selected', (e) => resolve(e.detail.stageId), { once: true }));
  });
  const selection = (page: Page) => page.evaluate(() => (window as unknown as { selection: Promise<string> }).selection);

  const drawn = (page: Page) => page.evaluate(() => document.querySelector('funnel-chart')!.whenChartDrawn());

  // Opaque pixels of the canvas in the default chart-1 colour (#0072b2).
  const chartPixels = (page: Page) => page.evaluate(() => {
    const canvas = document.querySelector('funnel-chart')!.shadowRoot!.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 250 && Math.abs(data[i]! - 0) <= 3 && Math.abs(data[i + 1]! - 114) <= 3 && Math.abs(data[i + 2]! - 178) <= 3) n++;
    }
    return n;
  });

  it('fetches the chart chunk only when the funnel scrolls into view', async () => {
    const { page, requests, errors } = await open('lazy.html');
    const chartChunks = () => requests.filter((u) => /chunks\/funnel-chart\.chart-[\w-]+\.js$/.test(u));
    // The element is defined and has rendered its table; the chart waits below the fold.
    await page.waitForFunction(() => document.querySelector('funnel-chart')!.shadowRoot!.querySelectorAll('[part="table"] tbody tr').length === 6);
    // Once the browser has told an intersection observer made now where the funnel is, it has told
    // the element's own (made before): had that asked for the chart code, it would have by now.
    const visible = await page.evaluate(() => new Promise<boolean>((resolve) => {
      const observer = new IntersectionObserver(([entry]) => {
        observer.disconnect();
        resolve(entry!.isIntersecting);
      });
      observer.observe(document.querySelector('funnel-chart')!);
    }));
    assert.equal(visible, false, 'below the fold');
    assert.deepEqual(chartChunks(), []);
    await page.evaluate(() => document.querySelector('funnel-chart')!.scrollIntoView());
    assert.equal(await drawn(page), true);
    assert.equal(chartChunks().length, 1);
    assert.ok(await chartPixels(page) > 100, 'the canvas shows the first bar');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws, selects and plans under a strict CSP without a single violation', async () => {
    const { page, errors } = await open('top.html');
    assert.equal(await drawn(page), true);
    assert.ok(await chartPixels(page) > 100);
    // A real click on the third segment, then the keyboard. Each listener is in place before the
    // input that fires the event (an un-awaited evaluate could lose the race and wait for ever).
    const third = page.locator('funnel-chart [part~="segment"]').nth(2);
    await expectSelection(page);
    await third.click();
    assert.equal(await selection(page), 'sql');
    await page.keyboard.press('ArrowDown');
    // The focus moves once the chart has re-rendered.
    await page.waitForFunction(() => {
      const root = document.querySelector('funnel-chart')!.shadowRoot!;
      return root.activeElement === root.querySelectorAll('[part~="segment"]')[3];
    });
    await expectSelection(page);
    await page.keyboard.press('Enter');
    assert.equal(await selection(page), 'proposal');
    const plan = await page.locator('funnel-chart [part="plan-summary"]').textContent();
    assert.equal(plan, 'Reaching $3,000,000 at an average deal value of $24,000 (measured on the last stage) takes 125 wins.');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('writes screenshots (L2C_SCREENSHOTS=1)', { skip: process.env.L2C_SCREENSHOTS ? false : 'set L2C_SCREENSHOTS=1' }, async () => {
    const dir = join(ROOT, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const shots = ['vertical-en', 'vertical-zh-CN', 'horizontal-en', 'horizontal-zh-CN', 'planner-en', 'planner-zh-CN', 'dark'];
    for (const name of shots) {
      const { page, errors } = await open(`${name}.html`, { width: 940, height: 900 });
      assert.equal(await drawn(page), true, name);
      if (name.startsWith('planner')) {
        // Show a what-if: MQL to SQL conversion up from 40% to 45%.
        await page.locator('funnel-chart select[name="what-if-step"]').selectOption('mql');
        await page.locator('funnel-chart input[name="what-if-rate"]').fill('45');
        // Focus a segment so the focus ring shows.
        await page.locator('funnel-chart [part~="segment"]').nth(1).focus();
      }
      await page.locator('funnel-chart').screenshot({ path: join(dir, `funnel-chart-${name}.png`) });
      assert.deepEqual(errors, [], name);
      await page.close();
    }
  });
});
