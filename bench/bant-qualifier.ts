/**
 * Benchmark of <bant-qualifier>: the core evaluation in Node (100,000 qualifications), and in
 * headless Chromium the first render of one qualifier and of 50 on a page, and the repaint after a
 * keyboard answer (arrow key in a level group: evaluate, form value, validity, re-render).
 * DESIGN.md section 6 sets no budget for this element; the repaint is held to the pipeline board's
 * 100 ms keyboard budget as a target. The page is bundled from the sources with esbuild into a
 * temporary folder. Run alone: `npm run bench -- bant-qualifier`.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { BANT_CRITERIA, evaluateBant, type BantAnswers } from '../src/core/bant.js';
import { launchChromium, serveStatic } from '../test/e2e/harness.js';
import { buildBenchPage, count, expect, guarded, measure, skippedRow, summarize, timedRow } from './measure.js';
import type { BenchRow } from './types.js';

const REPAINT_TARGET_MS = 100;
const RUNS = 5;

// The page: registers the element and exposes timing helpers on `window.bantBench`.
const PAGE = `
import { BantQualifier } from './src/components/bant-qualifier/bant-qualifier.ts';
BantQualifier.define();
const host = document.getElementById('host');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
window.bantBench = {
  async mount(n) {
    host.replaceChildren();
    await frame();
    const start = performance.now();
    const els = [];
    for (let i = 0; i < n; i++) {
      const el = document.createElement('bant-qualifier');
      el.setAttribute('name', 'q' + i);
      el.answers = { budget: { level: 'yes' }, need: { level: i % 2 ? 'partial' : 'yes' } };
      host.append(el);
      els.push(el);
    }
    await Promise.all(els.map((el) => el.updateComplete));
    await frame();
    return { ms: performance.now() - start, rendered: els.filter((el) => el.shadowRoot.querySelectorAll('fieldset').length === 4).length };
  },
  focusFirst() {
    const el = host.querySelector('bant-qualifier');
    const radio = el.shadowRoot.querySelector('input[data-criterion="timeline"]');
    radio.focus();
    return el.shadowRoot.activeElement === radio;
  },
  nextRepaint() {
    const el = host.querySelector('bant-qualifier');
    return new Promise((resolve) => {
      document.addEventListener('keydown', () => {
        const start = performance.now();
        el.addEventListener('qualification-changed', async () => {
          await el.updateComplete;
          await frame();
          resolve({ ms: performance.now() - start, outcome: el.result.outcome });
        }, { once: true });
      }, { once: true, capture: true });
    });
  },
};
`;

function coreRows(): Promise<BenchRow[]> {
  return guarded('bant-qualifier: evaluateBant', async () => {
    const levels = ['yes', 'partial', 'no', ''];
    const sets: BantAnswers[] = Array.from({ length: 100_000 }, (_, i) => {
      const answers: BantAnswers = {};
      BANT_CRITERIA.forEach((c, k) => {
        const level = levels[(i >> (2 * k)) % 4]!;
        if (level) answers[c] = { level };
      });
      return answers;
    });
    let sql = 0;
    const timing = await measure(() => {
      let n = 0;
      for (const answers of sets) if (evaluateBant(answers, { model: 'weighted', weights: { budget: 2, need: 2 } }).outcome === 'sql') n++;
      return n;
    }, (n) => { sql = n; });
    expect(sql > 0 && sql < sets.length, 'every or no answer set qualified');
    return [timedRow(`bant-qualifier: evaluateBant, ${count(sets.length)} answer sets (core)`, timing, { detail: `${count(sql)} SQL` })];
  });
}

async function browserRows(browser: Browser, url: string): Promise<BenchRow[]> {
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => 'bantBench' in window);
  const rows: BenchRow[] = [];
  const mount = (n: number) => page.evaluate((k) => (window as unknown as { bantBench: { mount(n: number): Promise<{ ms: number; rendered: number }> } }).bantBench.mount(k), n);

  for (const n of [1, 50]) {
    rows.push(...await guarded(`bant-qualifier: first render, ${n}`, async () => {
      await mount(n); // warm-up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await mount(n);
        expect(r.rendered === n, `${r.rendered} of ${n} qualifiers rendered`);
        times.push(r.ms);
      }
      return [timedRow(`bant-qualifier: first render, ${n} qualifier${n === 1 ? '' : 's'} on a page`, summarize(times))];
    }));
  }

  rows.push(...await guarded('bant-qualifier: keyboard answer repaint', async () => {
    await mount(50);
    const times: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      expect(await page.evaluate(() => (window as unknown as { bantBench: { focusFirst(): boolean } }).bantBench.focusFirst()), 'no radio took focus');
      const pending = page.evaluate(() => (window as unknown as { bantBench: { nextRepaint(): Promise<{ ms: number; outcome: string }> } }).bantBench.nextRepaint());
      await page.waitForTimeout(20);
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      const r = await pending;
      expect(['sql', 'nurture', 'disqualified'].includes(r.outcome), 'no outcome after the answer');
      times.push(r.ms);
    }
    return [timedRow('bant-qualifier: repaint after a keyboard answer, 50 on the page', summarize(times), {
      budgetMs: REPAINT_TARGET_MS, budgetNote: '(target; DESIGN.md states none)',
    })];
  }));
  await page.close();
  return rows;
}

/** The bench rows of the qualifier. */
export async function bench(): Promise<BenchRow[]> {
  const rows = await coreRows();
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return [...rows, skippedRow('bant-qualifier: browser', `${chromium} not found`)];
  const dir = await buildBenchPage('bant-qualifier', PAGE);
  const files = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    rows.push(...await browserRows(browser, `${files.url}/index.html`));
  } finally {
    await browser.close();
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
