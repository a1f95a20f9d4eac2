/**
 * End to end, server-side rendering (issue 15): the marketing page of examples/ssr/page.ts rendered
 * in Node with @lit-labs/ssr (no DOM shim), from the built package (dist/), then loaded in
 * Chromium, Firefox and WebKit while its client script is held back. First paint (no script run
 * yet) already shows the form with its labels and fields, and the consent box unticked; once the
 * script is let through, the form hydrates without changing (same pixels in Chromium, the box
 * still unticked, no error) and a submit stores the lead (`lead-submitted`, with consent).
 * Firefox runs through puppeteer (WebDriver BiDi), WebKit through WebKitWebDriver under xvfb; a
 * browser that is not installed is skipped, saying so.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { build } from 'esbuild';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ROOT, launchChromium } from './harness.js';

const built = existsSync(join(ROOT, 'dist/define.js'));

/** What the test needs from a browser: open a page, run a function in it, a screenshot (Chromium). */
interface Driver {
  open(url: string): Promise<void>;
  run<T>(fn: string): Promise<T>;
  screenshot?(): Promise<Buffer>;
  close(): Promise<void>;
}

// The page's state as one object, computed in the page (every driver runs the same source).
const STATE = `(() => {
  const form = document.querySelector('lead-capture-form');
  const root = form && form.shadowRoot;
  const q = (s) => root && root.querySelector(s);
  const box = (el) => { if (!el) return 0; const r = el.getBoundingClientRect(); return Math.round(r.width * r.height); };
  const consent = q('input[name="consent"]');
  return {
    defined: Boolean(customElements.get('lead-capture-form')),
    hydrated: Boolean(form && form.hasUpdated),
    shadow: Boolean(root),
    emailArea: box(q('input[name="email"]')),
    submitArea: box(q('[part~="submit"]')),
    labels: root ? [...root.querySelectorAll('label')].map((l) => l.textContent.trim()).filter(Boolean).slice(0, 3) : [],
    consentChecked: consent ? consent.checked : null,
    consentAttr: consent ? consent.hasAttribute('checked') : null,
    errors: window.__errors || [],
    submitted: window.__submitted || null,
  };
})()`;

// After hydration: type as a person would (input events), tick consent, submit.
const FILL = `(() => {
  const root = document.querySelector('lead-capture-form').shadowRoot;
  const set = (name, value) => {
    const el = root.querySelector('[name="' + name + '"]');
    el.focus();
    el.value = value;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    el.blur();
  };
  set('name', 'Mei Chen');
  set('email', 'mei.chen@example.com');
  set('company', 'Globex');
  root.querySelector('input[name="consent"]').click();
  root.querySelector('[part~="submit"]').click();
  return true;
})()`;

// Errors and the submitted lead, recorded from the start (inline, before the held script).
const RECORDER = `<script>
  window.__errors = [];
  addEventListener('error', (e) => window.__errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
  const error = console.error;
  console.error = (...a) => { window.__errors.push(a.map(String).join(' ')); error(...a); };
  document.addEventListener('lead-submitted', (e) => { window.__submitted = { email: e.detail.lead.email, consent: Boolean(e.detail.lead.consent) }; });
</script>`;

interface Site {
  url: string;
  release(): void;
  close(): Promise<void>;
}

/** Serves the rendered page at / and the client bundle at /client.js, held until `release()`. */
async function serveSite(html: string, client: string): Promise<Site> {
  let release!: () => void;
  let held = new Promise<void>((r) => { release = r; });
  const server: Server = createServer((req, res) => {
    if (req.url === '/client.js') {
      void held.then(() => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(client));
      return;
    }
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    release: () => release(),
    close: () => new Promise<void>((r) => {
      // A fresh gate for the next browser's page.
      held = new Promise<void>((res) => { release = res; });
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < end) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (e) {
      error = e; // a page still navigating
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)}${error ? `, ${String(error)}` : ''})`);
}

async function chromium(): Promise<Driver> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  return {
    // 'commit': the page is being parsed; its module script is held, so no later event would come.
    open: async (url) => { await page.goto(url, { waitUntil: 'commit' }); },
    run: (fn) => page.evaluate(fn),
    screenshot: () => page.locator('lead-capture-form').screenshot({ animations: 'disabled' }),
    close: () => browser.close(),
  };
}

async function firefox(): Promise<Driver> {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Skip(`${path} not found (apt-get install firefox-esr)`);
  const { default: puppeteer } = await import('puppeteer');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: path, headless: true });
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 900 });
  return {
    open: async (url) => { void page.goto(url, { waitUntil: [] as never }).catch(() => undefined); },
    run: (fn) => page.evaluate(fn) as never,
    close: () => browser.close(),
  };
}

async function webkit(): Promise<Driver> {
  const binary = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
  const onPath = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
  if (!existsSync(binary) || !onPath('WebKitWebDriver') || !onPath('xvfb-run')) throw new Skip('WebKitWebDriver, MiniBrowser or xvfb-run not found (apt-get install webkit2gtk-driver xvfb)');
  const port = await new Promise<number>((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => r(p));
    });
  });
  const driver: ChildProcess = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const stop = () => { try { process.kill(-driver.pid!, 'SIGTERM'); } catch { /* gone */ } };
  try {
    await until('WebKitWebDriver', () => fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok), Boolean);
    const { remote } = await import('webdriverio');
    const browser = await remote({
      hostname: '127.0.0.1', port, logLevel: 'error',
      capabilities: { pageLoadStrategy: 'none', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } } as never,
    });
    return {
      open: async (url) => { await browser.url(url); },
      run: (fn) => browser.execute(`return ${fn}`) as never,
      close: async () => {
        await browser.deleteSession().catch(() => undefined);
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

class Skip extends Error {}

describe('server-side rendering: the marketing page', { skip: built ? false : 'run `npm run build` first' }, () => {
  let html: string;
  let client: string;

  before(async () => {
    // Rendered in this Node process from the built package, as an adopter's server would.
    const { renderPage } = await import('../../examples/ssr/page.js');
    html = (await renderPage({ script: '/client.js' })).replace('<head>', `<head>${RECORDER}`);
    const bundle = await build({
      entryPoints: [join(ROOT, 'examples/ssr/client.ts')], bundle: true, format: 'esm', minify: true, write: false, target: 'es2022',
    });
    client = bundle.outputFiles[0]!.text;
  });

  it('renders every element in Node without a DOM shim', async () => {
    // Every tag define.js registers (the manifest's definitions), from the built package.
    const { render } = await import('@lit-labs/ssr');
    const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
    const { html: staticHtml, unsafeStatic } = await import('lit/static-html.js');
    await import('l2c-elements/define.js');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as { modules: { path: string; exports?: { kind: string; name: string }[] }[] };
    const tags = manifest.modules.find((m) => m.path === 'dist/define.js')!.exports!.filter((e) => e.kind === 'custom-element-definition').map((e) => e.name);
    assert.ok(tags.length >= 7, `the tags define.js registers: ${tags.join(', ')}`);
    for (const tag of tags) {
      const out = await collectResult(render(staticHtml`<${unsafeStatic(tag)}></${unsafeStatic(tag)}>`));
      assert.match(out, new RegExp(`<${tag}[^>]*><template shadowroot(mode)?="open"`), `<${tag}> renders with its shadow root`);
    }
    assert.ok(html.includes('<lead-capture-form'), 'the form is in the page');
    assert.match(html, /<template shadowroot(mode)?="open"/, 'with its shadow root');
    const consent = /<input[^>]*name="consent"[^>]*>/.exec(html)?.[0] ?? '';
    assert.ok(consent, 'the consent box is rendered');
    assert.doesNotMatch(consent, /\bchecked\b/, `the consent box is unticked in the HTML: ${consent}`);
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined', 'no DOM shim in this process');
  });

  it('Chromium: every element, rendered on the server inside a provider, hydrates without an error', async () => {
    const { render } = await import('@lit-labs/ssr');
    const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
    const { html: litHtml } = await import('lit');
    const body = await collectResult(render(litHtml`<l2c-provider store="memory">
      <lead-capture-form consent="I agree."></lead-capture-form>
      <pipeline-board pipeline-id="l2c"></pipeline-board>
      <funnel-chart pipeline-id="l2c" show-table="false"></funnel-chart>
      <bant-qualifier></bant-qualifier>
      <sales-process-map pipeline-id="l2c"></sales-process-map>
      <deal-view></deal-view>
    </l2c-provider>`));
    const tags = ['l2c-provider', 'lead-capture-form', 'pipeline-board', 'funnel-chart', 'bant-qualifier', 'sales-process-map', 'deal-view'];
    for (const tag of tags) assert.match(body, new RegExp(`<${tag}[^>]*>\\s*<template shadowroot(mode)?="open"`), `<${tag}> is rendered with its shadow root`);
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">${RECORDER}<script type="module" src="/client.js"></script></head><body>${body}</body></html>`;
    const driver = await chromium();
    const site = await serveSite(page, client);
    try {
      await driver.open(site.url);
      site.release();
      const all = `[${tags.map((t) => JSON.stringify(t)).join(',')}].every((t) => { const el = document.querySelector(t); return el && el.hasUpdated; })`;
      await until('every element hydrated', () => driver.run<boolean>(all), Boolean);
      // Give the stores a moment to answer and the elements to render what they read.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(await driver.run<string[]>('window.__errors'), [], 'no hydration mismatch or other error');
      assert.equal(await driver.run<boolean>(`document.querySelector('funnel-chart').showTable`), false, 'show-table="false" is false');
    } finally {
      await driver.close();
      await site.close();
    }
  });

  for (const [name, launch] of [['Chromium', chromium], ['Firefox', firefox], ['WebKit', webkit]] as const) {
    it(`${name}: the form at first paint, hydrated without a change, and a submit works`, async (t) => {
      let driver: Driver;
      try {
        driver = await launch();
      } catch (e) {
        if (e instanceof Skip) {
          t.skip(e.message);
          return;
        }
        throw e;
      }
      const site = await serveSite(html, client);
      try {
        await driver.open(site.url);
        type State = { defined: boolean; hydrated: boolean; shadow: boolean; emailArea: number; submitArea: number; labels: string[]; consentChecked: boolean | null; consentAttr: boolean | null; errors: string[]; submitted: { email: string; consent: boolean } | null };
        const state = () => driver.run<State>(STATE);
        // First paint: no script has run, and the form is there, drawn.
        const first = await until('the server-rendered form on screen', state, (s) => s.shadow && s.emailArea > 0 && s.submitArea > 0);
        assert.equal(first.defined, false, 'the elements are not defined yet (the script is held)');
        assert.deepEqual(first.labels.slice(0, 2), ['Name', 'Email *']);
        assert.equal(first.consentChecked, false, 'the consent box is unticked before hydration');
        const before = await driver.screenshot?.();

        site.release();
        const hydrated = await until('hydrated', state, (s) => s.defined && s.hydrated);
        // Give any late update a frame, then compare.
        await new Promise((r) => setTimeout(r, 300));
        const after = await state();
        assert.equal(after.consentChecked, false, 'the consent box is unticked after hydration');
        assert.equal(after.consentAttr, false);
        assert.deepEqual(after.errors, [], 'no error while hydrating (a mismatch throws)');
        assert.ok(hydrated.emailArea > 0);
        if (before && driver.screenshot) {
          const [a, b] = [PNG.sync.read(before), PNG.sync.read(await driver.screenshot())];
          assert.deepEqual([b.width, b.height], [a.width, a.height], 'the form keeps its size when it hydrates');
          const changed = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });
          assert.equal(changed, 0, `${changed} pixels of the form changed when it hydrated (a flash)`);
        }

        await driver.run(FILL);
        const done = await until('lead-submitted', state, (s) => s.submitted !== null);
        assert.deepEqual(done.submitted, { email: 'mei.chen@example.com', consent: true });
        assert.deepEqual(done.errors, []);
      } finally {
        await driver.close();
        await site.close();
      }
    });
  }
});
