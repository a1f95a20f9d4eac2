/** Storage benches: IndexedDB import of 10,000 leads in headless Chromium (budget 1 s). */
import { fileURLToPath } from 'node:url';
import { browserMissing, inBrowser } from './browser.js';
import type { BenchRow } from './types.js';

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** IndexedDB import timing. */
export async function bench(): Promise<BenchRow[]> {
  const missing = browserMissing();
  const name = 'IndexedDB import: 10,000 leads (putMany, Chromium)';
  if (missing) return [{ name, value: `skipped: ${missing}` }];
  const times = await inBrowser(fileURLToPath(new URL('./pages/storage.ts', import.meta.url)),
    (page) => page.evaluate(() => (window as unknown as { bench: (n: number) => Promise<number[]> }).bench(10_000)));
  // The first run pays for creating the database files; report the median of the rest.
  const timed = times.slice(1).sort((a, b) => a - b);
  const median = timed[Math.floor(timed.length / 2)]!;
  return [{
    name,
    value: `${fmt(median)} (${fmt(timed[0]!)}-${fmt(timed.at(-1)!)}, ${timed.length} runs; first run ${fmt(times[0]!)})`,
    budget: '<= 1 s',
    ok: median <= 1000,
  }];
}
