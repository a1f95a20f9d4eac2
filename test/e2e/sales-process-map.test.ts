/**
 * End to end: `<sales-process-map>` from the script-tag bundle, under a strict CSP. The layout
 * chunk (with dagre) is fetched once, only when a map has something to draw; both views draw,
 * respond to the keyboard and export SVG there. With L2C_SCREENSHOTS=1 it also writes screenshots
 * (flowchart and blueprint, en and zh-CN, top to bottom, zoomed in, dark) to screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { generateDataset } from '../generate.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic } from './harness.js';

// Deals of the l2c pipeline, as a CRM would hold them, in both languages.
const DATA = Object.fromEntries(['en', 'zh-CN'].map((locale) => {
  const data = generateDataset({ templates: ['l2c'], deals: 240, locale, seed: 11 });
  return [locale, { pipeline: data.pipelines[0], deals: data.deals.filter((d) => d.pipelineId === data.pipelines[0]!.id) }];
}));

// The bundle's own define side effect is not relied on (see bant-qualifier.test.ts): define here.
const PAGE_JS = `
import { SalesProcessMap, THEMES, applyTheme } from '/dist/cdn/l2c-elements.js';
SalesProcessMap.define();
const data = ${JSON.stringify(DATA)};
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.draw = async () => {
  const el = document.querySelector('sales-process-map');
  const { pipeline, deals } = data[document.documentElement.lang] ?? data.en;
  if (el.dataset.theme === 'dark') {
    applyTheme(el, THEMES.dark);
    document.body.style.background = THEMES.dark.surface;
  }
  el.now = '2026-11-01T09:00:00.000Z';
  el.deals = deals;
  el.pipeline = pipeline;
  return el.layoutComplete;
};
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

function pageHtml(body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>sales-process-map</title>
<link rel="stylesheet" href="/page.css"><script type="module" src="/page.js"></script></head><body>${body}</body></html>`;
}

const PAGE_CSS = `
body { margin: 24px; font-family: system-ui, sans-serif; background: #fff; }
sales-process-map { max-width: 1240px; }
`;

describe('sales-process-map end to end', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  const site = mkdtempSync(join(tmpdir(), 'process-map-e2e-'));
  const pages = {
    'flow-en': pageHtml('<sales-process-map highlight-bottlenecks></sales-process-map>'),
    'flow-zh-CN': pageHtml('<sales-process-map highlight-bottlenecks></sales-process-map>', 'zh-CN'),
    'blueprint-en': pageHtml('<sales-process-map view="blueprint" highlight-bottlenecks></sales-process-map>'),
    'blueprint-zh-CN': pageHtml('<sales-process-map view="blueprint" highlight-bottlenecks></sales-process-map>', 'zh-CN'),
    'flow-tb-en': pageHtml('<sales-process-map direction="TB" highlight-bottlenecks></sales-process-map>'),
    'dark': pageHtml('<sales-process-map data-theme="dark" highlight-bottlenecks></sales-process-map>'),
  };

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'page.js'), PAGE_JS);
    writeFileSync(join(site, 'page.css'), PAGE_CSS);
    for (const [name, html] of Object.entries(pages)) writeFileSync(join(site, `${name}.html`), html);
    files = await serveStatic(site, { 'content-security-policy': CSP });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    rmSync(site, { recursive: true, force: true });
  });

  async function open(path: string, viewport = { width: 1300, height: 900 }): Promise<{ page: Page; requests: string[]; asked: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    // Every request, as the page makes it (requests: those answered).
    const asked: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => asked.push(r.url()));
    page.on('response', (r) => {
      if (r.ok()) requests.push(r.url());
      // Vite's module preload asks for chunks relative to the site root ('/chunks/…') rather than
      // to the bundle (a build setting, base '/'); the import itself then loads them from the
      // right place. Those 404s are left out here; any other failed request is an error.
      else if (!r.url().endsWith('/favicon.ico') && !new URL(r.url()).pathname.startsWith('/chunks/')) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${files.url}/${path}`);
    await page.waitForFunction(() => customElements.get('sales-process-map') !== undefined);
    return { page, requests, asked, errors };
  }

  const draw = (page: Page) => page.evaluate(() => (window as unknown as { draw: () => Promise<boolean> }).draw());

  it('fetches the layout chunk once, only when there is something to draw', async () => {
    const { page, requests, asked, errors } = await open('flow-en.html');
    const isChunk = (u: string) => /\/dist\/cdn\/chunks\/process-map-[\w-]+\.js$/.test(u);
    const chunks = () => requests.filter(isChunk);
    // The map has rendered and found nothing to draw: had it asked for the layout code, it would have by now.
    await page.locator('sales-process-map [part~="status"]', { hasText: 'Nothing to draw yet' }).waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    assert.deepEqual(asked.filter(isChunk), [], 'an empty map loads no layout code');
    assert.equal(await draw(page), true);
    assert.equal(chunks().length, 1);
    assert.equal(await page.locator('sales-process-map [data-node-id]').count(), 12);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says so when the blueprint code fails to load, keeps the flowchart drawn, and tries again', async () => {
    const layoutComplete = (page: Page) => page.evaluate(() => (document.querySelector('sales-process-map') as unknown as { layoutComplete: Promise<boolean> }).layoutComplete);
    const setView = (page: Page, view: string) => page.evaluate((v) => { document.querySelector('sales-process-map')!.setAttribute('view', v); }, view);
    const status = (page: Page) => page.locator('sales-process-map [part~="status"]');

    // A blueprint whose code fails to load says so.
    const first = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await first.route('**/chunks/blueprint-content-*.js', (route) => route.abort('internetdisconnected'));
    await first.goto(`${files.url}/blueprint-en.html`);
    await first.waitForFunction(() => customElements.get('sales-process-map') !== undefined);
    assert.equal(await draw(first), false, 'nothing drawn without the blueprint code');
    assert.match(await status(first).textContent() ?? '', /could not be drawn/);
    await first.close();

    // A flowchart switched to the blueprint and back while that code downloads, and then fails.
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    let fail!: () => void;
    const failing = new Promise<void>((resolve) => { fail = resolve; });
    let asks = 0;
    let asked!: () => void;
    const firstAsk = new Promise<void>((resolve) => { asked = resolve; });
    await page.route('**/chunks/blueprint-content-*.js', async (route) => {
      if (++asks > 1) return route.continue();
      asked();
      await failing;
      return route.abort('internetdisconnected');
    });
    await page.goto(`${files.url}/flow-en.html`);
    await page.waitForFunction(() => customElements.get('sales-process-map') !== undefined);
    assert.equal(await draw(page), true);
    await setView(page, 'blueprint');
    await Promise.race([firstAsk, new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error('the blueprint code was not asked for within 30 s')), 30_000).unref();
    })]);
    assert.equal(asks, 1, 'the blueprint code was asked for');
    await setView(page, 'flow');
    assert.equal(await layoutComplete(page), true);
    // The download fails; once the page has seen it fail and had a frame to show what follows:
    const failed = page.waitForEvent('requestfailed', (r) => /\/chunks\/blueprint-content-/.test(r.url()));
    fail();
    await failed;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    assert.equal(await status(page).count(), 0, 'the flowchart is not replaced by the blueprint\'s failure');
    assert.equal(await page.locator('sales-process-map [data-node-id]').count(), 12);
    // Back to the blueprint: its code is asked for again, and arrives.
    await setView(page, 'blueprint');
    assert.equal(await layoutComplete(page), true);
    assert.equal(await page.locator('sales-process-map [part="lane"]').count(), 5);
    assert.equal(asks, 2, 'asked twice: the failure and the retry');
    await page.close();
  });

  it('draws both views under a strict CSP, follows the keyboard and exports SVG', async () => {
    for (const name of ['flow-en', 'blueprint-zh-CN']) {
      const { page, errors } = await open(`${name}.html`);
      assert.equal(await draw(page), true, name);
      // The viewport takes the drawing's height through CSSOM, which the CSP allows.
      const height = await page.locator('sales-process-map [part~="viewport"]').evaluate((v) => v.getBoundingClientRect().height);
      assert.notEqual(Math.round(height), 420, `${name}: the viewport has the drawing's own height`);
      assert.ok(await page.locator('sales-process-map [part~="bottleneck"]:not([data-node-id])').isVisible(), `${name}: the bottleneck is named`);
      // Tab into the map lands on the start node; right goes to the first stage; Enter selects it.
      await page.locator('sales-process-map [part~="zoom-reset"]').focus();
      await page.keyboard.press('Tab');
      // The listener is in place (awaited) before the keys that fire the event.
      await page.evaluate(() => {
        (window as unknown as { selected: Promise<string> }).selected = new Promise<string>((resolve) =>
          document.querySelector('sales-process-map')!.addEventListener('node-selected', (e) => resolve(e.detail.nodeId), { once: true }));
      });
      const selected = page.evaluate(() => (window as unknown as { selected: Promise<string> }).selected);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      assert.equal(await selected, 'lead', name);
      // A real drag pans; + zooms.
      const box = (await page.locator('sales-process-map [part~="viewport"]').boundingBox())!;
      const transform = () => page.locator('sales-process-map [part~="canvas"]').getAttribute('transform');
      const before = await transform();
      // Near the bottom of what shows of the viewport (a flowchart drawn top to bottom is taller than the window).
      const y = box.y + Math.min(box.height, 400) - 10;
      await page.mouse.move(box.x + 40, y);
      await page.mouse.down();
      await page.mouse.move(box.x + 140, y, { steps: 4 });
      await page.mouse.up();
      // The pan re-renders the canvas asynchronously: wait for its transform to change.
      await page.waitForFunction((b) => document.querySelector('sales-process-map')!.shadowRoot!.querySelector('[part~="canvas"]')!.getAttribute('transform') !== b, before);
      assert.notEqual(await transform(), before, `${name}: dragging pans`);
      const svg = await page.evaluate(() => {
        const text = document.querySelector('sales-process-map')!.toSVG();
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { ok: !doc.querySelector('parsererror'), texts: [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' ') };
      });
      assert.equal(svg.ok, true, name);
      assert.match(svg.texts, name.endsWith('zh-CN') ? /线索.*是否赢单？/ : /Lead.*Won\?/);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), [], name);
      assert.deepEqual(errors, [], name);
      await page.close();
    }
  });

  it('prints black on white, without the toolbar, the whole map fitted to the page', async () => {
    const { page, errors } = await open('blueprint-en.html', { width: 900, height: 900 });
    assert.equal(await draw(page), true);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const printed = await page.evaluate(async () => {
      const el = document.querySelector('sales-process-map')!;
      await el.updateComplete;
      const root = el.shadowRoot!;
      const svg = root.querySelector('svg')!;
      const shape = root.querySelector('[data-node-id="lead"] .shape')!;
      return {
        toolbar: getComputedStyle(root.querySelector('[part~="toolbar"]')!).display,
        viewBox: svg.getAttribute('viewBox'),
        svgWidth: svg.getBoundingClientRect().width,
        pageWidth: document.documentElement.clientWidth,
        transform: root.querySelector('[part~="canvas"]')!.getAttribute('transform'),
        stroke: getComputedStyle(shape).stroke,
        fill: getComputedStyle(shape).fill,
      };
    });
    assert.equal(printed.toolbar, 'none');
    assert.match(printed.viewBox ?? '', /^0 0 \d+ \d+$/);
    assert.equal(printed.transform, '');
    assert.ok(printed.svgWidth <= printed.pageWidth, 'the drawing fits the page width');
    assert.equal(printed.stroke, 'rgb(0, 0, 0)');
    assert.equal(printed.fill, 'rgb(255, 255, 255)');
    if (process.env.L2C_SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'screenshots', 'sales-process-map-print.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('writes screenshots (L2C_SCREENSHOTS=1)', { skip: process.env.L2C_SCREENSHOTS ? false : 'set L2C_SCREENSHOTS=1' }, async () => {
    const dir = join(ROOT, 'screenshots');
    mkdirSync(dir, { recursive: true });
    for (const name of Object.keys(pages)) {
      const { page, errors } = await open(`${name}.html`);
      assert.equal(await draw(page), true, name);
      await page.waitForTimeout(100);
      await page.locator('sales-process-map').screenshot({ path: join(dir, `sales-process-map-${name}.png`) });
      if (name === 'flow-en' || name === 'blueprint-en') {
        // Zoomed in on the bottleneck, focused from the keyboard.
        const id = await page.locator('sales-process-map [part~="node"][part~="bottleneck"]').getAttribute('data-node-id');
        await page.evaluate((nodeId) => document.querySelector('sales-process-map')!.focusNode(nodeId!), id);
        await page.keyboard.press('+');
        await page.keyboard.press('+');
        await page.evaluate((nodeId) => document.querySelector('sales-process-map')!.focusNode(nodeId!), id);
        await page.waitForTimeout(100);
        await page.locator('sales-process-map').screenshot({ path: join(dir, `sales-process-map-${name}-zoomed.png`) });
      }
      assert.deepEqual(errors, [], name);
      await page.close();
    }
  });
});
