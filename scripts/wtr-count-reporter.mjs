// A @web/test-runner reporter that writes how many tests passed, failed and were skipped to a JSON
// file, so scripts/test.mjs can sum every suite into one line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function countReporter({ file, browser }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { browser, passed: 0, failed: 0, skipped: 0, files: 0, fileErrors: 0 };
      for (const session of sessions) {
        totals.files += 1;
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          totals.fileErrors += 1;
          totals.failed += 1;
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
