/**
 * End-to-end harness (node:test + playwright-core): the reference server in-process, a static file
 * server for built bundles and test pages, and the system Chromium.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app.js';
import { ROLES, type Role } from '../../server/auth.js';
import { createApiKey, createWorkspace } from '../../server/workspaces.js';
import { startAuthProxy } from '../support/auth-proxy.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The project root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A static file server over `root`, with optional extra response headers (e.g. a strict CSP). */
export async function serveStatic(root: string, headers: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** The reference server of an end-to-end test, with one workspace and a key of every role. */
export interface TestApi {
  /** A proxy adding the admin key to requests without credentials (pages and checks that are not about keys). */
  url: string;
  /** The server itself: every request needs a credential. */
  serverUrl: string;
  workspaceId: string;
  keys: Record<Role, string>;
  server: RunningServer;
  close(): Promise<void>;
}

/** The reference server on an in-memory database, with a workspace and its keys. */
export async function startApi(options: ServerOptions = {}): Promise<TestApi> {
  const server = await startServer({ port: 0, pgliteDir: 'memory://', corsOrigins: '*', ...options });
  const ws = await createWorkspace(server.database, 'End-to-end tests');
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey(server.database, ws.id, { role, label: `${role} (e2e)` })).key;
  const proxy = await startAuthProxy(server.url, keys.admin);
  return {
    url: proxy.url,
    serverUrl: server.url,
    workspaceId: ws.id,
    keys,
    server,
    async close() {
      await proxy.close();
      await server.close();
    },
  };
}

/** Requests held back by `holdRoute` until `release()`. */
export interface HeldRoute {
  release(): void;
  /** Resolves at the first request held; rejects, naming the URL, if none comes within `ms`. */
  asked(ms?: number): Promise<void>;
}

/** Holds the page's requests for `url` (a glob) until `release()`, as a slow network would. */
export async function holdRoute(page: Page, url: string): Promise<HeldRoute> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let ask!: () => void;
  const requested = new Promise<void>((resolve) => { ask = resolve; });
  await page.route(url, async (route) => {
    ask();
    await held;
    await route.continue();
  });
  return {
    release,
    asked: (ms = 5000) => Promise.race([requested, new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error(`no request for ${url} within ${ms} ms`)), ms).unref();
    })]),
  };
}

/** The system Chromium, headless, with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** Whether the built script-tag bundles exist (npm test builds them before this suite). */
export function cdnBuilt(): boolean {
  return existsSync(join(ROOT, 'dist/cdn/l2c-elements.js'));
}

/**
 * Bundles a TypeScript entry with esbuild (decorators lowered, as in the build) and serves it in a
 * blank page at `/`; for tests and benches that drive a page of their own.
 */
export async function servePage(entry: string, html = '<!doctype html><html lang="en"><body></body></html>'): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [entry], bundle: true, format: 'esm', target: 'es2022', write: false, minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = bundle.outputFiles[0]!.text;
  const page = html.replace('</body>', '<script type="module" src="/page.js"></script></body>');
  const server: Server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
