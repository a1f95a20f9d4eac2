/**
 * End to end: the npm build's `trainScoringModel` (dist/internal/learn-client.js) on a page served
 * with a strict Content-Security-Policy (`worker-src 'self'`, no inline or eval): the build emits the
 * learner's worker as a file of its own, the page starts it as a module worker, and the model comes
 * back from it, with no `securitypolicyviolation` and no console error. Again under Trusted Types
 * (`require-trusted-types-for 'script'`), where the client passes its worker URL through a policy
 * of its own. Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ROOT, launchChromium, serveStatic } from './harness.js';

const CLIENT = join(ROOT, 'dist/internal/learn-client.js');

const BASE = ["default-src 'self'", "script-src 'self'", "worker-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'"];
const POLICIES = [
  { name: "worker-src 'self'", csp: BASE.join('; ') },
  { name: "worker-src 'self' with Trusted Types", csp: [...BASE, "require-trusted-types-for 'script'"].join('; ') },
];

// The page's own code (an external module: inline scripts are blocked): 400 leads where SaaS converts.
const PAGE_JS = `
import { trainScoringModel } from './dist/internal/learn-client.js';
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
const examples = Array.from({ length: 400 }, (_, i) => ({
  lead: { id: 'l' + i, industry: ['SaaS', 'Retail', 'Health'][i % 3] },
  converted: i % 3 === 0 ? i % 5 !== 0 : i % 7 === 0,
}));
window.result = trainScoringModel(examples, { seed: 1 }).then(
  (model) => ({ auc: model.metrics.auc, saas: model.predict({ industry: 'SaaS' }), retail: model.predict({ industry: 'Retail' }) }),
  (error) => ({ error: String(error) }),
);
`;

describe('trainScoringModel from the build under a strict CSP', { skip: existsSync(CLIENT) ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  const site = mkdtempSync(join(tmpdir(), 'l2c-learn-csp-'));

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'page.js'), PAGE_JS);
    writeFileSync(join(site, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>learn</title><script type="module" src="./page.js"></script></head><body></body></html>');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('emits the worker as a file of its own beside the modules', () => {
    assert.ok(readdirSync(join(ROOT, 'dist/assets')).some((f) => /^learn-worker-.*\.js$/.test(f)), 'dist/assets/learn-worker-*.js');
  });

  for (const { name, csp } of POLICIES) {
    it(`trains in a module worker under ${name}`, async () => {
      const files = await serveStatic(site, { 'content-security-policy': csp });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      // The browser asks for a favicon the site does not have; that is no error of the client.
      await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
      try {
        await page.goto(`${files.url}/index.html`);
        await page.waitForFunction(() => 'result' in window);
        const result = await page.evaluate(() => (window as unknown as { result: Promise<Record<string, number | string>> }).result);
        assert.equal(result.error, undefined, String(result.error));
        assert.ok((result.saas as number) > (result.retail as number), 'SaaS scores above Retail');
        assert.deepEqual(workers.map((u) => new URL(u).pathname.replace(/^(.*\/learn-worker)-.*\.js$/, '$1.js')), ['/dist/assets/learn-worker.js']);
        assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
        await files.close();
      }
    });
  }
});
