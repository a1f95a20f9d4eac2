// A @web/test-runner reporter that writes how many tests passed, failed and were skipped to a JSON
// file, so scripts/test.mjs can sum every suite into one line, and names each failure (the end of a
// long CI log is often all that is kept).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const brief = (text) => String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ').slice(0, 300);

function count(suite, totals, file, path) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else {
      totals.failed += 1;
      totals.failures.push({ file, name: [...path, test.name].join(' > '), error: brief(test.error?.message) });
    }
  }
  for (const child of suite.suites ?? []) count(child, totals, file, [...path, child.name]);
}

export function countReporter({ file, browser }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { browser, passed: 0, failed: 0, skipped: 0, files: 0, fileErrors: 0, failures: [] };
      for (const session of sessions) {
        totals.files += 1;
        const file = session.testFile?.replace(process.cwd() + '/', '') ?? '';
        if (session.testResults) count(session.testResults, totals, file, []);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          totals.fileErrors += 1;
          totals.failed += 1;
          totals.failures.push({ file, name: '(the file itself)', error: brief(session.errors[0]?.message) });
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
