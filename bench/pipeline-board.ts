/**
 * Benchmark of <pipeline-board> in headless Chromium (DESIGN.md section 6, issue 13): first render with
 * 10,000 deals (<= 1 s), the first cards of 10,000 and 100,000 deals beside jKanban's 10,000 cards in
 * the same run (<= 0.3x and <= 0.6x its time), the most cards in the DOM while scrolling every column
 * (<= 300), the repaint after a keyboard move step and after a drop (<= 50 ms), a deal created with
 * "Add deal" on a 10,000-deal board shown (<= 50 ms), and 100,000 deals loading and scrolling.
 * The page is bundled from the sources with esbuild (bench/pipeline-board-page.ts) and served from a
 * temporary folder; timings are taken inside the page. Run alone: `npm run bench -- pipeline-board`.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchChromium, serveStatic } from '../test/e2e/harness.js';
import { count, expect, formatMs, guarded, skippedRow, timedRow, type Timing } from './measure.js';
import type { BenchRow } from './types.js';

const FIRST_RENDER_BUDGET_MS = 1000;
// DESIGN.md says 100 ms; issue 13 asks for 50, and the issue wins.
const KEY_REPAINT_BUDGET_MS = 50;
const CREATE_REPAINT_BUDGET_MS = 50;
const JKANBAN_RATIO_10K = 0.3;
const JKANBAN_RATIO_100K = 0.6;
const MAX_CARDS = 300;
const RUNS = 5;

interface BoardApi {
  prepare(n: number): number;
  mount(n: number, mode?: 'controlled' | 'memory'): Promise<{ ms: number; cards: number }>;
  firstCards(n: number): Promise<{ ms: number; cards: number }>;
  jkanban(n: number): Promise<{ ms: number; cards: number }>;
  nextCreateRepaint(title: string): Promise<number>;
  scrollAll(steps?: number): Promise<{ maxCards: number; columns: number; reachedEnd: boolean }>;
  focusFirst(): Promise<boolean>;
  nextKeyRepaint(): Promise<number>;
  announced(): string;
  moves: string[];
}

declare global {
  interface Window {
    boardBench: BoardApi;
  }
}

/** Bundles the bench page into a temporary folder; returns the folder (remove it when done). */
export async function buildBoardPage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-board-bench-'));
  await build({
    entryPoints: [join(ROOT, 'bench/pipeline-board-page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, 'board.js'),
    logLevel: 'error',
    tsconfig: join(ROOT, 'tsconfig.json'),
  });
  // jKanban (a dev dependency for this comparison only), as its README says to load it.
  const jk = join(ROOT, 'node_modules/jkanban/dist');
  const withJk = existsSync(join(jk, 'jkanban.min.js'));
  if (withJk) for (const f of ['jkanban.min.js', 'jkanban.min.css']) copyFileSync(join(jk, f), join(dir, f));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pipeline-board bench</title>
<style>body { margin: 16px; font-family: system-ui, sans-serif; }</style>${withJk ? '<link rel="stylesheet" href="./jkanban.min.css"><script src="./jkanban.min.js"></script>' : ''}</head>
<body><script type="module" src="./board.js"></script></body></html>`);
  return dir;
}

function summarize(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

async function keyRepaint(page: Page, key: string): Promise<number> {
  const pending = page.evaluate(() => window.boardBench.nextKeyRepaint());
  // The listener is registered before the key is pressed.
  await page.waitForTimeout(20);
  await page.keyboard.press(key);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void page.evaluate(() => window.boardBench.announced()).then((said) =>
        reject(new Error(`no repaint within 10 s after ${key} (last announcement: "${said}")`)));
    }, 10_000);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(browser: Browser, url: string): Promise<BenchRow[]> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.bringToFront();
  await page.waitForFunction(() => 'boardBench' in window);
  const rows: BenchRow[] = [];

  rows.push(...await guarded('pipeline-board: first render, 10,000 deals', async () => {
    await page.evaluate(() => window.boardBench.prepare(10_000));
    const times: number[] = [];
    let shown = 0;
    await page.evaluate(() => window.boardBench.mount(10_000)); // warm-up
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(() => window.boardBench.mount(10_000));
      times.push(r.ms);
      shown = r.cards;
    }
    expect(shown > 0, 'the board rendered no card');
    return [timedRow('pipeline-board: first render, 10,000 deals (controlled)', summarize(times), {
      budgetMs: FIRST_RENDER_BUDGET_MS, detail: `${shown} cards in the DOM`,
    })];
  }));

  rows.push(...await guarded('pipeline-board: first cards beside jKanban', async () => {
    if (!(await page.evaluate(() => 'jKanban' in window))) return [skippedRow('pipeline-board: beside jKanban', 'jkanban is not installed (npm install)')];
    await page.evaluate(() => window.boardBench.prepare(100_000));
    await page.evaluate(() => window.boardBench.jkanban(10_000)); // warm-ups
    await page.evaluate(() => window.boardBench.firstCards(10_000));
    const jk: number[] = [];
    const b10: number[] = [];
    const b100: number[] = [];
    let jkCards = 0;
    let cards = 0;
    // Interleaved, so that whatever else the machine does weighs on both alike.
    for (let i = 0; i < RUNS; i++) {
      const j = await page.evaluate(() => window.boardBench.jkanban(10_000));
      jk.push(j.ms);
      jkCards = j.cards;
      const b = await page.evaluate(() => window.boardBench.firstCards(10_000));
      b10.push(b.ms);
      cards = b.cards;
      b100.push((await page.evaluate(() => window.boardBench.firstCards(100_000))).ms);
    }
    expect(jkCards === 10_000, `jKanban drew ${jkCards} cards`);
    const j = summarize(jk);
    const r10 = summarize(b10);
    const r100 = summarize(b100);
    return [
      timedRow('pipeline-board: jKanban, 10,000 cards to first paint (reference)', j, { detail: `${count(jkCards)} cards in the DOM` }),
      {
        name: 'pipeline-board: first cards of 10,000 deals painted, beside jKanban',
        value: `${formatMs(r10.median)} (${formatMs(r10.min)}-${formatMs(r10.max)}), ${(r10.median / j.median).toFixed(2)}x jKanban's ${formatMs(j.median)}; ${cards} cards in the DOM`,
        budget: `<= ${JKANBAN_RATIO_10K}x`,
        ok: r10.median / j.median <= JKANBAN_RATIO_10K,
      },
      {
        name: 'pipeline-board: first cards of 100,000 deals painted, beside jKanban',
        value: `${formatMs(r100.median)} (${formatMs(r100.min)}-${formatMs(r100.max)}), ${(r100.median / j.median).toFixed(2)}x jKanban's ${formatMs(j.median)} for 10,000`,
        budget: `<= ${JKANBAN_RATIO_100K}x`,
        ok: r100.median / j.median <= JKANBAN_RATIO_100K,
      },
    ];
  }));

  rows.push(...await guarded('pipeline-board: first render from a repository', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await page.evaluate(() => window.boardBench.mount(10_000, 'memory'))).ms);
    return [timedRow('pipeline-board: first render, 10,000 deals from a memory repository', summarize(times), {
      budgetMs: FIRST_RENDER_BUDGET_MS, detail: 'list() + board',
    })];
  }));

  rows.push(...await guarded('pipeline-board: cards in the DOM while scrolling', async () => {
    await page.evaluate(() => window.boardBench.mount(10_000));
    const r = await page.evaluate(() => window.boardBench.scrollAll(16));
    expect(r.reachedEnd, 'scrolling to the bottom did not show the last deal of every column');
    return [{
      name: 'pipeline-board: most cards in the DOM, scrolling all columns, 10,000 deals',
      value: `${r.maxCards} cards (${r.columns} columns, each scrolled to its end)`,
      budget: `<= ${MAX_CARDS}`,
      ok: r.maxCards <= MAX_CARDS,
    }];
  }));

  rows.push(...await guarded('pipeline-board: keyboard move repaint', async () => {
    await page.evaluate(() => window.boardBench.mount(10_000));
    expect(await page.evaluate(() => window.boardBench.focusFirst()), 'no card took focus');
    const steps: number[] = [];
    const drops: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      expect(await page.evaluate(() => window.boardBench.focusFirst()), `no card took focus before move ${i + 1}`);
      await keyRepaint(page, 'Space'); // pick up
      steps.push(await keyRepaint(page, 'ArrowRight'));
      steps.push(await keyRepaint(page, 'ArrowDown'));
      drops.push(await keyRepaint(page, 'Space'));
      await page.waitForTimeout(50);
      const said = await page.evaluate(() => window.boardBench.announced());
      expect(said.startsWith('Moved'), `the drop was announced as "${said}"`);
    }
    const moves = await page.evaluate(() => window.boardBench.moves.length);
    expect(moves >= RUNS, `only ${moves} moves were reported`);
    return [
      timedRow('pipeline-board: keyboard move step repaint (arrow), 10,000 deals', summarize(steps), { budgetMs: KEY_REPAINT_BUDGET_MS }),
      timedRow('pipeline-board: keyboard drop repaint (Space, deal moved), 10,000 deals', summarize(drops), { budgetMs: KEY_REPAINT_BUDGET_MS }),
    ];
  }));

  rows.push(...await guarded('pipeline-board: a created deal shown', async () => {
    await page.evaluate(() => window.boardBench.prepare(10_000));
    await page.evaluate(() => window.boardBench.mount(10_000, 'memory'));
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const title = `Bench deal ${i}`;
      await page.locator('pipeline-board [part="add-deal"]').first().click();
      await page.locator('pipeline-board dialog.create[open] input[name="title"]').fill(title);
      const shown = page.evaluate((t) => window.boardBench.nextCreateRepaint(t), title);
      await page.waitForTimeout(20);
      await page.keyboard.press('Enter');
      const ms = await shown;
      if (i > 0) times.push(ms); // the first is a warm-up
      await page.locator('pipeline-board dialog.create[open]').waitFor({ state: 'detached' }).catch(() => undefined);
      await page.waitForFunction(() => !document.querySelector('pipeline-board')!.shadowRoot!.querySelector('dialog.create[open]'));
    }
    return [timedRow('pipeline-board: "Add deal" on a 10,000-deal board, Enter to the new card painted', summarize(times), {
      budgetMs: CREATE_REPAINT_BUDGET_MS, detail: 'stored in a memory repository',
    })];
  }));

  rows.push(...await guarded('pipeline-board: 100,000 deals', async () => {
    await page.evaluate(() => window.boardBench.prepare(100_000));
    const first = await page.evaluate(() => window.boardBench.mount(100_000));
    const scrolled = await page.evaluate(() => window.boardBench.scrollAll(8));
    expect(scrolled.reachedEnd, 'the last deals of 100,000 could not be scrolled to');
    await page.evaluate(() => window.boardBench.focusFirst());
    const step = await keyRepaint(page, 'Space');
    const arrow = await keyRepaint(page, 'ArrowRight');
    const drop = await keyRepaint(page, 'Space');
    return [{
      name: 'pipeline-board: 100,000 deals load and scroll',
      value: `first render ${formatMs(first.ms)}; at most ${count(scrolled.maxCards)} cards while scrolling to every column's end; `
        + `keyboard pick up ${formatMs(step)}, arrow ${formatMs(arrow)}, drop ${formatMs(drop)}`,
      budget: 'works (no budget)',
      ok: scrolled.maxCards <= MAX_CARDS,
    }];
  }));

  await page.close();
  return rows;
}

/** The bench module's entry (see bench/run.ts). */
export async function bench(): Promise<BenchRow[]> {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executable)) return [skippedRow('pipeline-board', `no Chromium at ${executable}`)];
  const dir = await buildBoardPage();
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    return await run(browser, `${server.url}/index.html`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
