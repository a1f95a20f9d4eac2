// @web/test-runner configuration. One browser per run (scripts/test.mjs runs them in turn), chosen by
// L2C_BROWSER, so that a 2-core machine never drives three browsers at once.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { defaultReporter, summaryReporter } from '@web/test-runner';

const browser = process.env.L2C_BROWSER ?? 'chromium';
const files = process.env.L2C_FILES ? process.env.L2C_FILES.split(',') : ['test/**/*.test.ts', '!test/e2e/**', '!test/server/**', '!test/node/**'];

async function launcher() {
  if (browser === 'chromium') {
    return chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
          // Several test pages run at once; a background page must still get animation frames and timers.
          '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
      },
    });
  }
  if (browser === 'firefox') {
    const { puppeteerLauncher } = await import('@web/test-runner-puppeteer');
    return puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', headless: true },
    });
  }
  if (browser === 'webkit') {
    const { webdriverLauncher } = await import('@web/test-runner-webdriver');
    return webdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port: Number(process.env.L2C_WEBDRIVER_PORT ?? 4445),
      logLevel: 'error',
      capabilities: {
        'webkitgtk:browserOptions': {
          binary: process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      },
    });
  }
  throw new Error(`Unknown L2C_BROWSER "${browser}" (chromium, firefox or webkit)`);
}

const { serverPlugins } = await import('./test/server-plugins.mjs');
// After server-plugins.mjs, which registers tsx: the build's rewrite of Lit's property decorators
// (scripts/lit-properties.ts), so the tests run the elements as they ship.
const { lowerLitProperties } = await import('./scripts/lit-properties.ts');
const { parseSync } = await import('vite');
const litProperties = {
  name: 'l2c-lit-properties',
  transform(context) {
    if (!/^\/src\/.*\.ts$/.test(context.path) || typeof context.body !== 'string') return undefined;
    const body = lowerLitProperties(context.body, (code) => parseSync(context.path, code).program, context.path);
    return body === null ? undefined : { body };
  },
};

export default {
  files,
  nodeResolve: { exportConditions: ['browser'] },
  port: process.env.L2C_PORT ? Number(process.env.L2C_PORT) : undefined,
  // One page at a time: a page in the background gets no animation frames, which breaks rendering tests.
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers: [await launcher()],
  testFramework: { config: { timeout: 20000 } },
  // Every test file is preceded by test/support/readable-failures.ts: a failed assertion about a DOM
  // node is then reported like any other failure instead of hanging the run (see that file).
  testRunnerHtml: (testFramework) => '<!DOCTYPE html><html><head></head><body>'
    + `<script type="module" src="/test/support/readable-failures.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  testsFinishTimeout: 600000,
  browserStartTimeout: 60000,
  coverage: browser === 'chromium' && process.env.L2C_COVERAGE !== '0',
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    reporters: ['text-summary', 'json-summary', 'lcov'],
  },
  plugins: [
    litProperties,
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    ...serverPlugins,
  ],
  reporters: [
    process.env.CI ? summaryReporter({ flatten: false }) : defaultReporter(),
    countReporter({ file: `.test-results/browser-${browser}.json`, browser }),
  ],
};
