/**
 * End to end, the catalogue (issue 15): `npm run site` builds dist-site/ offline from the built
 * package; every element page, served statically, loads in Chromium without a console error or a
 * failed request, passes axe (WCAG 2.1 A and AA), shows its element drawn on the sample data, an attribute control for each
 * attribute, and the dark theme when chosen; the index links every page and the API reference.
 * L2C_SCREENSHOTS=1 saves each page to screenshots/site-<tag>.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchChromium } from './harness.js';

const built = existsSync(join(ROOT, 'dist/cdn/l2c-elements.js'));
const SITE = join(ROOT, 'dist-site');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** What axe-core (WCAG 2.1 A and AA rules) finds on the page, one line per violation and node. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } })
      .axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

describe('the catalogue (npm run site)', { skip: built ? false : 'run `npm run build` first' }, () => {
  let server: Server;
  let url: string;
  let browser: Browser;
  const tags: string[] = [];

  before(async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/site.ts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `the site builds: ${r.stderr}${r.stdout}`);
    tags.push(...readdirSync(join(SITE, 'elements')).map((f) => f.replace(/\.html$/, '')));
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url!, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(SITE, path.endsWith('/') ? `${path}index.html` : path);
      if (!file.startsWith(SITE) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    server?.close();
  });

  it('has a page for every element the manifest defines, and the API reference', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string; customElement?: boolean }[] }[] };
    const defined = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName!).sort();
    assert.deepEqual([...tags].sort(), defined);
    const page = await browser.newPage();
    await page.goto(`${url}/index.html`);
    const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const tag of tags) assert.ok(links.includes(`elements/${tag}.html`), `the index links ${tag}`);
    await page.goto(`${url}/api/index.html`);
    assert.match(await page.title(), /core and storage/);
    await page.goto(`${url}/api/functions/core.scoreLead.html`);
    assert.match(await page.locator('h1').first().textContent() ?? '', /scoreLead/);
    await page.close();
  });

  it('shows each element live, with its attributes as controls and the dark theme, without an error', async () => {
    for (const tag of tags) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
      await page.goto(`${url}/elements/${tag}.html`);
      await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
      const state = await page.evaluate((t) => {
        const el = document.querySelector(`#stage ${t}`) ?? document.querySelector(`#stage`)!.firstElementChild!;
        return {
          defined: Boolean(customElements.get(t)),
          drawn: Boolean(el.shadowRoot),
          controls: document.querySelectorAll('.attributes [name]').length,
        };
      }, tag);
      assert.ok(state.defined && state.drawn, `${tag} is defined and drawn`);
      const manifestAttrs = await page.evaluate(() => (JSON.parse(document.getElementById('config')!.textContent!) as { attributes: unknown[] }).attributes.length);
      assert.equal(state.controls, manifestAttrs, `${tag}: a control per attribute`);
      assert.deepEqual(await axe(page), [], `${tag}: axe finds nothing (WCAG 2.1 A and AA)`);
      await page.selectOption('select[name="theme"]', 'dark');
      const bg = await page.evaluate(() => getComputedStyle(document.getElementById('stage')!).getPropertyValue('--l2c-surface').trim());
      assert.notEqual(bg, '', `${tag}: the dark theme's tokens are set`);
      await page.selectOption('select[name="lang"]', 'zh-CN');
      await page.waitForFunction(() => document.getElementById('stage')!.getAttribute('lang') === 'zh-CN');
      assert.deepEqual(await axe(page), [], `${tag}: axe finds nothing in the dark theme and Chinese either`);
      if (process.env['L2C_SCREENSHOTS']) {
        mkdirSync(join(ROOT, 'screenshots'), { recursive: true });
        await page.screenshot({ path: join(ROOT, `screenshots/site-${tag}.png`), fullPage: false });
      }
      assert.deepEqual(problems, [], `${tag}: no error`);
      await page.close();
    }
  });
});
