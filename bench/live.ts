/**
 * Live changes between two users (issue 18): two Chromium processes, each with a pipeline board on
 * its own server instance of two on one PostgreSQL (test/support/live-boards.ts); 200 moves of a
 * deal in the first browser, each timed until the second browser's board has it in the new stage,
 * rendered and painted. Reports p50, p99 and the worst delay. Uses TEST_DATABASE_URL, or starts a
 * throwaway PostgreSQL (scripts/pg-test-start.sh) for the run; needs the built bundles (npm run build).
 */
import { cdnBuilt } from '../test/e2e/harness.js';
import { startLiveBoards } from '../test/support/live-boards.js';
import { browserMissing } from './browser.js';
import { NO_POSTGRES, postgres } from './postgres.js';
import type { BenchRow } from './types.js';

const MOVES = Number(process.env.BENCH_LIVE_MOVES ?? 200);
const STAGES = ['qualified', 'proposal', 'lead'];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function bench(): Promise<BenchRow[]> {
  const missing = browserMissing() ?? (cdnBuilt() ? undefined : 'the bundles are not built (npm run build)');
  if (missing) return [{ name: 'live', value: `skipped: ${missing}` }];
  const pg = await postgres();
  if (!pg) return [{ name: 'live', value: NO_POSTGRES }];
  try {
    const boards = await startLiveBoards();
    const delays: number[] = [];
    try {
      for (let i = 0; i < MOVES; i++) {
        const stage = STAGES[i % STAGES.length]!;
        const seen = boards.seen(stage);
        const movedAt = await boards.move(stage);
        delays.push((await seen) - movedAt);
      }
    } finally {
      await boards.close();
    }
    const sorted = [...delays].sort((a, b) => a - b);
    const label = `live: a deal moved in one browser, shown on a colleague's board on another server instance (${MOVES} moves)`;
    return [
      { name: `${label}: p50`, value: `${percentile(sorted, 50)} ms`, budget: '<= 1 s', ok: percentile(sorted, 50) <= 1000 },
      { name: `${label}: p99`, value: `${percentile(sorted, 99)} ms`, budget: '<= 1 s', ok: percentile(sorted, 99) <= 1000 },
      { name: `${label}: slowest`, value: `${sorted.at(-1)} ms` },
    ];
  } finally {
    pg.stop();
  }
}
