/**
 * Live changes end to end (issue 18): two browsers, each on its own server instance of two on one
 * PostgreSQL; a deal moved in one appears on the other's board through the change stream, long
 * before the 30 s poll. The delay itself (p50, p99 over 200 moves) is `npm run bench -- live`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveBoards, type LiveBoards } from '../support/live-boards.js';
import { cdnBuilt } from './harness.js';

const skip = !process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL is not set (npm test starts a PostgreSQL for this)'
  : !cdnBuilt() ? 'run npm run build first (npm test does)' : false;

describe('live changes between two users on two server instances', { skip }, () => {
  let boards: LiveBoards;
  before(async () => {
    boards = await startLiveBoards();
  });
  after(async () => {
    await boards?.close();
  });

  it('shows a move made in one browser on the other\'s board, through the change stream, not the 30 s poll', { timeout: 120_000 }, async () => {
    for (const stage of ['qualified', 'proposal', 'lead']) {
      const seen = boards.seen(stage);
      const movedAt = await boards.move(stage);
      // Well under the poll interval: only the stream can have brought it.
      const shownAt = await Promise.race([seen, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not shown within 10 s: ${stage}`)), 10_000))]);
      assert.ok(shownAt >= movedAt);
      assert.equal(await boards.shownStage(), stage);
    }
  });
});
