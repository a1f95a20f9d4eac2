// A node:test reporter that writes how many tests passed, failed and were skipped as JSON
// (suites are not counted, only the tests in them), for scripts/test.mjs to sum, and names each failure.
export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const failure = (data) => ({
    file: data.file?.replace(process.cwd() + '/', '') ?? '',
    name: data.name,
    error: String(data.details?.error?.cause?.message ?? data.details?.error?.message ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ').slice(0, 300),
  });
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') {
      // A skipped suite (e.g. PostgreSQL when no database is configured) shows as one skipped line.
      if (event.data.skip) totals.skipped += 1;
      // A suite that failed outside its tests (a hook, a load error) still counts as a failure.
      if (event.type === 'test:fail' && event.data.details?.error?.failureType !== 'subtestsFailed') {
        totals.failed += 1;
        totals.failures.push(failure(event.data));
      }
      continue;
    }
    if (event.data.skip || event.data.todo) totals.skipped += 1;
    else if (event.type === 'test:pass') totals.passed += 1;
    else {
      totals.failed += 1;
      totals.failures.push(failure(event.data));
    }
  }
  yield JSON.stringify(totals);
}
