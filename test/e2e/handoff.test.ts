/**
 * End to end (issue 17): the hand-off through the reference REST server. An admin stores the
 * routing; a lead sent with a public form key is routed by the server as it is stored, with no
 * browser open; the rep's `<lead-inbox>` from the script-tag bundle l2c-handoff.js, under a strict
 * CSP, shows it with why it came, the rep accepts it by keyboard, and the server has it accepted.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ROOT, launchChromium, serveStatic, startApi } from './harness.js';

const built = existsSync(join(ROOT, 'dist/cdn/l2c-handoff.js'));

// The bundle's classes defined explicitly as well (idempotent), as the other end-to-end pages do.
const DEFINE = `
import { L2cProvider, LeadInbox } from '/dist/cdn/l2c-handoff.js';
L2cProvider.define();
LeadInbox.define();
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://127.0.0.1:*";

const ROUTING = {
  period: 'day',
  defaultOwnerId: 'desk',
  teams: [{ id: 'smb', members: [{ ownerId: 'ana', weight: 1 }, { ownerId: 'ben', weight: 1 }] }],
  rules: [{ id: 'us', when: [{ field: 'country', op: 'eq', value: 'US' }], teamId: 'smb' }],
};

describe('the hand-off end to end', { skip: built ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  const site = mkdtempSync(join(tmpdir(), 'handoff-e2e-'));

  const call = async (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.serverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'define.js'), DEFINE);
    browser = await launchChromium();
    files = await serveStatic(site, { 'content-security-policy': CSP });
    api = await startApi({ minFillMs: 0, rateLimitLeads: 0, routingSweepMs: 0 });
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    await api?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('routes a public-form lead with no browser open; the rep accepts it in the inbox by keyboard, and the server has it accepted', async () => {
    assert.equal((await call('PUT', '/settings/routing', api.keys.admin, ROUTING)).status, 201);
    const sent = await call('POST', '/leads', api.keys.form, {
      id: randomUUID(), status: 'new', name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines', country: 'US',
      source: { utm_source: 'linkedin', utm_campaign: 'spring' }, _hp: '', _elapsedMs: 9000,
    }, { 'idempotency-key': randomUUID() });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const owner = sent.body.ownerId as string;
    assert.ok(owner === 'ana' || owner === 'ben', `routed to ${owner}`);
    assert.deepEqual({ ...(sent.body.routing as object), at: undefined }, { ownerId: owner, reason: 'round-robin', ruleId: 'us', teamId: 'smb', trigger: 'arrival', at: undefined });

    writeFileSync(join(site, 'inbox.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>inbox</title>
      <script type="module" src="/define.js"></script></head><body>
      <l2c-provider store="rest" endpoint="${api.serverUrl}" api-key="${api.keys.member}" db-name="handoff-e2e" user-id="${owner}">
        <lead-inbox></lead-inbox>
      </l2c-provider></body></html>`);
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      await page.goto(`${files.url}/inbox.html`);
      const row = page.locator('lead-inbox [part="lead"]', { hasText: 'Ada Lovelace' });
      await row.waitFor({ timeout: 15_000 });
      assert.equal((await row.locator('[part="reason"]').textContent())?.replace(/\s+/g, ' ').trim(), 'Round robin in smb (rule “us”)');
      assert.deepEqual(await row.locator('[part="actions"] button').allTextContents().then((t) => t.map((s) => s.trim())), ['Accept', 'Reject', 'Reassign']);

      await row.focus();
      await page.keyboard.press('a');
      await row.waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('lead-inbox [part="announcer"]', { hasText: 'Accepted Ada Lovelace.' }).waitFor({ state: 'attached' });

      // The write went through the outbox to the server.
      let stored: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && stored?.status !== 'sql'; i++) {
        stored = (await call('GET', `/leads/${sent.body.id as string}`, api.keys.member)).body;
        if (stored?.status !== 'sql') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(stored?.status, 'sql');
      assert.equal(stored?.ownerId, owner);
      assert.equal(typeof stored?.acceptedAt, 'string');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
    } finally {
      await page.close();
    }
  });
});
