// A node:test reporter that writes how many tests passed, failed and were skipped as JSON
// (suites are not counted, only the tests in them), for scripts/test.mjs to sum.
export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') {
      // A skipped suite (e.g. PostgreSQL when no database is configured) shows as one skipped line.
      if (event.data.skip) totals.skipped += 1;
      // A suite that failed outside its tests (a hook, a load error) still counts as a failure.
      if (event.type === 'test:fail' && event.data.details?.error?.failureType !== 'subtestsFailed') totals.failed += 1;
      continue;
    }
    if (event.data.skip || event.data.todo) totals.skipped += 1;
    else if (event.type === 'test:pass') totals.passed += 1;
    else totals.failed += 1;
  }
  yield JSON.stringify(totals);
}
