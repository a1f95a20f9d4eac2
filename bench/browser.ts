/**
 * Browser benches: bundle a TypeScript entry with esbuild (decorators lowered, as in the build),
 * serve it on loopback and open it in headless Chromium through playwright-core. The entry sets
 * `window.bench` to an async function; its result comes back to Node.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser benches cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

/** Bundles `entry` and opens it in a fresh page; `use` drives the page and returns the figures. */
export async function inBrowser<T>(entry: string, use: (page: Page) => Promise<T>, html = '<!doctype html><html lang="en"><body></body></html>'): Promise<T> {
  const bundle = await build({
    entryPoints: [entry], bundle: true, format: 'esm', target: 'es2022', write: false, minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = bundle.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(html.replace('</body>', '<script type="module" src="/bench.js"></script></body>'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof (window as { bench?: unknown }).bench === 'function');
    return await use(page);
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}
