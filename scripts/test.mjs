#!/usr/bin/env node
// `npm test`: first installs what the suites need where it is missing (scripts/setup.sh: the browsers,
// a CJK font, PostgreSQL; nothing to do, no apt), then type check, lint, manifest and README checks,
// then every test suite: the browser suites (unit, component, storage) in Chromium, Firefox and WebKit
// in turn, then the Node suites (server, end to end), those on a throwaway PostgreSQL it starts and
// stops unless TEST_DATABASE_URL is set. What cannot run is skipped with a line saying how to install
// it. Ends with one line "N passed, N failed" summing every suite; exits non-zero on any failure.
//
// After the Node suites, the package check (scripts/check-package.mjs) on the same build.
//
// Options: --only static|browser|node   --browsers chromium,firefox,webkit   --files a.test.ts,b.test.ts
// Environment: L2C_NO_INSTALL=1 only says what is missing; TEST_DATABASE_URL uses that PostgreSQL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('only');
const wantedBrowsers = (opt('browsers') ?? process.env.L2C_BROWSERS ?? 'chromium,firefox,webkit').split(',');
const files = opt('files');
const RESULTS = '.test-results';
const failures = [];
// Failed steps that no test count reflects (type check, lint, a suite that crashed before reporting).
let uncountedFailures = 0;

const BROWSERS = {
  chromium: { path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', install: 'apt-get install -y chromium' },
  firefox: { path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', install: 'apt-get install -y firefox-esr' },
  webkit: {
    path: process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    driver: 'WebKitWebDriver',
    install: 'apt-get install -y webkit2gtk-driver xvfb',
  },
};

function step(title) {
  console.log(`\n=== ${title} ===`);
}

function run(title, cmd, cmdArgs, env = {}, resultFile = undefined) {
  step(title);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.signal === 'SIGINT' || r.signal === 'SIGTERM' || r.status === 130) {
    // Ctrl-C (or a kill) stopped the step: stop the run, and the PostgreSQL it started.
    stopPostgres();
    console.log(`\nInterrupted during: ${title}`);
    process.exit(130);
  }
  if (r.status !== 0) {
    failures.push(`${title} (exit ${r.status ?? r.signal})`);
    let counted = 0;
    try {
      counted = resultFile && existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')).failed : 0;
    } catch {
      // A suite that died while writing its counts: its failure is counted here.
    }
    if (!counted) uncountedFailures += 1;
  }
  return r.status === 0;
}

// What the suites about to run need, installed where missing (see scripts/setup.sh).
function setup() {
  const needs = new Set();
  if (!only || only === 'browser') {
    for (const name of wantedBrowsers) needs.add(name);
    needs.add('fonts');
  }
  if (!only || only === 'node') {
    needs.add('chromium');
    if (!process.env.TEST_DATABASE_URL) needs.add('postgresql');
  }
  if (needs.size === 0) return;
  const r = spawnSync('bash', ['scripts/setup.sh', ...needs], { stdio: 'inherit' });
  if (r.status !== 0) console.log('Not everything the tests need is installed (see above): what cannot run is skipped.');
}

// A throwaway PostgreSQL for the Node suites (scripts/pg-test-start.sh) on a free port, so that two
// runs on one machine do not share one; stopped by stopPostgres() at the end, also after a Ctrl-C
// (the handlers below keep this process alive until it has).
let postgresPort;

async function startPostgres() {
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const r = spawnSync('bash', ['scripts/pg-test-start.sh', String(port)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const url = r.status === 0 ? r.stdout.trim() : '';
  if (!url) {
    console.log('PostgreSQL did not start (apt-get install postgresql): the server suite runs on PGlite only and says so.');
    return;
  }
  postgresPort = port;
  process.env.TEST_DATABASE_URL = url;
  console.log(`Throwaway PostgreSQL for the Node suites: ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stopPostgres();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

function stopPostgres() {
  if (postgresPort === undefined) return;
  spawnSync('bash', ['scripts/pg-test-stop.sh', String(postgresPort)], { stdio: 'ignore' });
  postgresPort = undefined;
  delete process.env.TEST_DATABASE_URL;
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status > 0) return true;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function available(name) {
  const b = BROWSERS[name];
  if (!existsSync(b.path)) return `${b.path} not found`;
  if (b.driver && !onPath(b.driver)) return `${b.driver} not found`;
  if (b.driver && !onPath('xvfb-run')) return 'xvfb-run not found';
  return null;
}

async function browserSuites() {
  const ready = [];
  for (const name of wantedBrowsers) {
    if (!BROWSERS[name]) throw new Error(`Unknown browser "${name}"`);
    const missing = available(name);
    if (missing) console.log(`SKIPPED ${name}: ${missing}. Install it with: ${BROWSERS[name].install}`);
    else ready.push(name);
  }
  if (ready.length === 0) {
    failures.push('no browser');
    uncountedFailures += 1;
    console.error('No browser is installed, so no browser test can run. Install at least one:\n'
      + Object.values(BROWSERS).map((b) => `  ${b.install}`).join('\n'));
    return;
  }
  for (const name of ready) {
    const env = { L2C_BROWSER: name, L2C_COVERAGE: name === 'chromium' && !files ? '1' : '0', CI: process.env.CI ?? '' };
    if (files) env.L2C_FILES = files;
    let driver;
    if (name === 'webkit') {
      const port = await freePort();
      env.L2C_WEBDRIVER_PORT = String(port);
      // xvfb-run gives WebKitGTK a display; the driver is killed with its whole process group afterwards.
      driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
      if (!(await waitForHttp(`http://127.0.0.1:${port}/status`, 15000))) {
        failures.push('webkit driver did not start');
        uncountedFailures += 1;
        try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ }
        continue;
      }
    }
    try {
      run(`browser tests: ${name}`, 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], env,
        join(RESULTS, `browser-${name}.json`));
    } finally {
      if (driver) {
        try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ }
      }
    }
    if (name === 'chromium' && !files) coverageGate();
  }
}

// src/core must keep at least 95% line coverage (issue 2); measured in Chromium.
function coverageGate() {
  const file = 'coverage/coverage-summary.json';
  if (!existsSync(file)) {
    failures.push('coverage summary missing');
    uncountedFailures += 1;
    return;
  }
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  let covered = 0;
  let total = 0;
  for (const [path, data] of Object.entries(summary)) {
    if (!path.includes('/src/core/')) continue;
    covered += data.lines.covered;
    total += data.lines.total;
  }
  const pct = total ? (100 * covered) / total : 0;
  console.log(`src/core line coverage: ${pct.toFixed(2)}% (${covered}/${total} lines)`);
  if (pct < 95) {
    failures.push(`src/core line coverage ${pct.toFixed(2)}% is below 95%`);
    uncountedFailures += 1;
  }
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (/\.test\.ts$/.test(entry)) out.push(p);
  }
  return out.sort();
}

async function nodeSuites() {
  const suites = ['server', 'e2e']
    .map((suite) => ({ suite, suiteFiles: listTests(join('test', suite)).filter((f) => !files || files.split(',').includes(f)) }))
    .filter(({ suiteFiles }) => suiteFiles.length > 0);
  if (suites.length === 0) return;
  await startPostgres();
  try {
    for (const { suite, suiteFiles } of suites) nodeSuite(suite, suiteFiles);
  } finally {
    stopPostgres();
  }
}

function nodeSuite(suite, suiteFiles) {
  // End-to-end pages are opened in Chromium.
  const missing = suite === 'e2e' ? available('chromium') : null;
  if (missing) {
    console.log(`SKIPPED the end-to-end suite: ${missing}. Install it with: ${BROWSERS.chromium.install}`);
    return;
  }
  // End-to-end pages load the built bundles, as users do.
  if (suite === 'e2e' && !buildOnce()) return;
  run(`node tests: ${suite}`, process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-count-reporter.mjs', `--test-reporter-destination=${RESULTS}/node-${suite}.json`,
    ...suiteFiles,
  ], {}, join(RESULTS, `node-${suite}.json`));
}

// One build for the end-to-end suite and the package check.
let built;
function buildOnce() {
  built ??= run('build (npm run build)', 'npm', ['run', 'build', '--silent']);
  return built;
}

// The package as npm would publish it: contents, publint, are-the-types-wrong, a strict consumer's
// type check of the README's examples and the framework typings (scripts/check-package.mjs).
function packageCheck() {
  if (files) return;
  if (buildOnce()) run('package: contents, publint, attw, consumer type check', process.execPath, ['scripts/check-package.mjs']);
}

function summary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failedTests = [];
  if (existsSync(RESULTS)) {
    for (const f of readdirSync(RESULTS)) {
      if (!f.endsWith('.json')) continue;
      let r;
      try {
        r = JSON.parse(readFileSync(join(RESULTS, f), 'utf8'));
      } catch {
        // A suite that died while writing its counts (its step is already counted as failed).
        console.log(`  ${f.replace(/\.json$/, '')}: no counts`);
        continue;
      }
      console.log(`  ${f.replace(/\.json$/, '')}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
      passed += r.passed;
      failed += r.failed;
      skipped += r.skipped ?? 0;
      for (const t of r.failures ?? []) failedTests.push(`  - ${f.replace(/\.json$/, '')}: ${t.file} > ${t.name}${t.error ? `\n      ${t.error}` : ''}`);
    }
  }
  if (failedTests.length) console.log(`\nFailed tests:\n${failedTests.join('\n')}`);
  if (failures.length) console.log(`\nFailed steps:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  if (skipped) console.log(`${skipped} skipped`);
  console.log(`${passed} passed, ${failed + uncountedFailures} failed`);
  return failed + uncountedFailures === 0 && failures.length === 0;
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });
setup();
if (!only || only === 'static') {
  run('type check (TypeScript 7)', process.execPath, ['node_modules/typescript7/bin/tsc', '-p', 'tsconfig.json']);
  run('type check src/core without DOM', process.execPath, ['node_modules/typescript7/bin/tsc', '-p', 'tsconfig.core.json']);
  run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
  run('custom-elements.json is current', process.execPath, ['scripts/check-manifest.mjs']);
  run('README.md generated parts are current', process.execPath, ['scripts/docs.mjs', '--check']);
  run('integrations/ (editor data, framework types) are current', process.execPath, ['scripts/integrations.mjs', '--check']);
}
if (!only || only === 'browser') await browserSuites();
if (!only || only === 'node') {
  await nodeSuites();
  packageCheck();
}
process.exit(summary() ? 0 : 1);
