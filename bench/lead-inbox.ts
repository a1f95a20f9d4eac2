/**
 * Benchmark of <lead-inbox> (issue 17) in headless Chromium: a rep with 5,000 routed leads in a
 * memory repository (the inbox sweeps and reads them all as it opens), the first render (its first
 * page of rows shown), and a keyboard accept (the `a` key on a focused row: the lead stored as
 * accepted, the row gone, the next one focused and painted). Held to the pipeline board's budgets
 * as the issue asks: first render <= 1 s, a keyboard step's repaint <= 50 ms. The page is bundled
 * from the sources with esbuild into a temporary folder. Run alone: `npm run bench -- lead-inbox`.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, serveStatic } from '../test/e2e/harness.js';
import { buildBenchPage, expect, guarded, skippedRow, summarize, timedRow } from './measure.js';
import type { BenchRow } from './types.js';

const LEADS = 5000;
const FIRST_RENDER_BUDGET_MS = 1000;
const KEY_REPAINT_BUDGET_MS = 50;
const RUNS = 5;

// The page: a provider with a memory repository of LEADS leads routed to `ana`, and timing helpers on window.inboxBench.
const PAGE = `
import { L2cProvider } from './src/components/l2c-provider/l2c-provider.ts';
import { LeadInbox } from './src/components/lead-inbox/lead-inbox.ts';
import { MemoryRepository } from './src/storage/memory.ts';
L2cProvider.define();
LeadInbox.define();
const host = document.getElementById('host');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const rowsOf = (el) => el.shadowRoot ? el.shadowRoot.querySelectorAll('[part="lead"]') : [];
function leads(n) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(now - i * 60_000).toISOString();
    return {
      id: 'lead-' + i, name: 'Person ' + i, company: 'Company ' + (i % 300), email: 'p' + i + '@example.com', status: 'new',
      createdAt: at, updatedAt: at, ownerId: 'ana', score: i % 100, grade: 'B1',
      source: { utm_source: 'newsletter', utm_campaign: 'spring-' + (i % 12) },
      routing: { ownerId: 'ana', reason: 'round-robin', ruleId: 'us', teamId: 'smb', at, trigger: 'arrival' },
    };
  });
}
window.inboxBench = {
  async mount(n) {
    host.replaceChildren();
    const repo = new MemoryRepository();
    await repo.settings.put({ id: 'routing', period: 'day', sla: { hours: 48 }, teams: [{ id: 'smb', members: [{ ownerId: 'ana' }, { ownerId: 'ben' }] }], rules: [] });
    await repo.leads.putMany(leads(n));
    await frame();
    const start = performance.now();
    const provider = document.createElement('l2c-provider');
    provider.repository = repo;
    provider.setAttribute('user-id', 'ana');
    const el = document.createElement('lead-inbox');
    el.owners = { ana: 'Ana Silva', ben: 'Ben Okafor' };
    provider.append(el);
    host.append(provider);
    while (rowsOf(el).length === 0) {
      await new Promise((r) => requestAnimationFrame(r));
      if (performance.now() - start > 30_000) throw new Error('no rows after 30 s');
    }
    await frame();
    window.inboxBench.el = el;
    window.inboxBench.repo = repo;
    return { ms: performance.now() - start, rows: rowsOf(el).length };
  },
  focusFirst() {
    const row = rowsOf(window.inboxBench.el)[0];
    row.focus();
    return row.dataset.leadId;
  },
  nextAccept(id) {
    const el = window.inboxBench.el;
    return new Promise((resolve) => {
      document.addEventListener('keydown', () => {
        const start = performance.now();
        const check = async () => {
          const gone = ![...rowsOf(el)].some((r) => r.dataset.leadId === id);
          if (!gone) return requestAnimationFrame(check);
          await new Promise((r) => requestAnimationFrame(r));
          const ms = performance.now() - start;
          const stored = await window.inboxBench.repo.leads.get(id);
          resolve({ ms, status: stored.status, next: el.shadowRoot.activeElement?.dataset?.leadId ?? null });
        };
        requestAnimationFrame(check);
      }, { once: true, capture: true });
    });
  },
};
`;

interface InboxApi {
  mount(n: number): Promise<{ ms: number; rows: number }>;
  focusFirst(): string;
  nextAccept(id: string): Promise<{ ms: number; status: string; next: string | null }>;
}
// Runs in the page: nothing from this module is there, so each call names window.inboxBench itself.
interface InboxWindow { inboxBench: InboxApi }

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => 'inboxBench' in window);
  return page;
}

const mount = (page: Page) => page.evaluate((n) => (window as unknown as InboxWindow).inboxBench.mount(n), LEADS);

// Each case on a page of its own: six inboxes of 5,000 leads in one page grew the renderer enough
// to be killed now and then on a 2-core machine shared with other work.
async function browserRows(browser: Browser, url: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...await guarded('lead-inbox: first render', async () => {
    const page = await openPage(browser, url);
    try {
      await mount(page); // warm-up
      const times: number[] = [];
      let shown = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await mount(page);
        expect(r.rows > 0, 'no rows rendered');
        shown = r.rows;
        times.push(r.ms);
      }
      return [timedRow(`lead-inbox: first render, 5,000 leads routed to the rep`, summarize(times), { budgetMs: FIRST_RENDER_BUDGET_MS, detail: `${shown} rows on the first page` })];
    } finally {
      await page.close();
    }
  }));
  rows.push(...await guarded('lead-inbox: keyboard accept', async () => {
    const page = await openPage(browser, url);
    try {
      await mount(page);
      const times: number[] = [];
      for (let i = 0; i < RUNS * 2; i++) {
        const id = await page.evaluate(() => (window as unknown as InboxWindow).inboxBench.focusFirst());
        const pending = page.evaluate((lead) => (window as unknown as InboxWindow).inboxBench.nextAccept(lead), id);
        await page.waitForTimeout(20);
        await page.keyboard.press('a');
        const r = await pending;
        expect(r.status !== 'new', `lead ${id} still new after the accept`);
        expect(r.next !== null && r.next !== id, 'focus did not move to the next lead');
        times.push(r.ms);
      }
      return [timedRow('lead-inbox: keyboard accept (stored, row gone, next focused and painted), 5,000 leads', summarize(times), { budgetMs: KEY_REPAINT_BUDGET_MS })];
    } finally {
      await page.close();
    }
  }));
  return rows;
}

/** The bench rows of the inbox. */
export async function bench(): Promise<BenchRow[]> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return [skippedRow('lead-inbox: browser', `${chromium} not found`)];
  const dir = await buildBenchPage('lead-inbox', PAGE);
  const files = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    return await browserRows(browser, `${files.url}/index.html`);
  } finally {
    await browser.close();
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
