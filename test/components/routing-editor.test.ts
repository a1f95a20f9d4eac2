/**
 * `<routing-editor>` (issue 17) as a sales manager uses it, in Chromium, Firefox and WebKit: the
 * stored configuration in a form; a bad one (a rule sending leads to a team that no longer exists,
 * a rule that can never match, a capacity below zero) refused with each problem next to its field
 * and nothing saved; a preview of where the 20 most recent leads would go before saving; saving
 * by keyboard, after which new leads are routed by it; Chinese; controlled use; a member's key the
 * server refuses. Runs against the element and a vendor's subclass.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { RoutingEditor } from '../../src/components/routing-editor/routing-editor.js';
import type { Lead, Settings } from '../../src/core/model.js';
import type { RoutingConfig } from '../../src/core/routing.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { RestRepository } from '../../src/storage/rest.js';
import * as env from '../support/env.js';
import { API_URL } from '../support/env.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';

class AcmeRoutingEditor extends RoutingEditor {}

before(() => {
  L2cProvider.define();
  RoutingEditor.define();
  AcmeRoutingEditor.define('acme-routing-editor');
});

const T0 = Date.parse('2026-06-01T09:00:00Z');
const OWNERS = { ana: 'Ana Silva', ben: 'Ben Okafor', chen: 'Chen Jing', boss: 'Dara Byrne' };
const CONFIG: RoutingConfig = {
  period: 'day', defaultOwnerId: 'boss',
  teams: [
    { id: 'smb', members: [{ ownerId: 'ana', weight: 2 }, { ownerId: 'ben' }] },
    { id: 'apac', members: [{ ownerId: 'chen', capacity: 5 }] },
  ],
  rules: [
    { id: 'asia', when: [{ field: 'region', op: 'eq', value: 'APAC' }], teamId: 'apac' },
    { id: 'us', when: [{ field: 'country', op: 'eq', value: 'US' }], teamId: 'smb' },
  ],
};

/** 25 leads, the newest last in the list but first by createdAt. */
const LEADS: Lead[] = Array.from({ length: 25 }, (_, i) => ({
  id: `l${i}`, name: `Lead ${i}`, status: 'new', createdAt: new Date(T0 - (25 - i) * 60_000).toISOString(), updatedAt: '',
  ...(i % 3 === 0 ? { region: 'APAC' } : { country: 'US' }), custom: { budget: String(i * 1000) },
}));

const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const control = (el: Element, path: string) => root(el).querySelector<HTMLInputElement & HTMLSelectElement>(`[data-path="${path}"]`)!;
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
function change(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('change'));
}
const labelOf = (el: Element, input: Element) => text(root(el).querySelector(`label[for="${input.id}"]`));

for (const tag of ['routing-editor', 'acme-routing-editor']) {
  const t = unsafeStatic(tag);

  async function stored(locale = 'en'): Promise<{ el: RoutingEditor; repo: MemoryRepository }> {
    const repo = new MemoryRepository();
    await repo.settings.put({ id: 'routing', ...CONFIG } as Settings);
    await repo.leads.putMany(LEADS);
    const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} .owners=${OWNERS} .now=${T0}></${t}></l2c-provider>`, { locale });
    const el = provider.querySelector(tag) as RoutingEditor;
    await until(() => !!root(el).querySelector('[part="editor"] [part="rule"]'), 5000, 'the stored rules');
    await el.updateComplete;
    return { el, repo };
  }

  describe(`<${tag}>`, () => {
    it('shows the stored rules, teams and defaults in a labelled form, and previews the 20 most recent leads', async () => {
      const { el } = await stored();
      await expect(el).to.be.accessible();
      expect([...root(el).querySelectorAll('[part="rule"]')].map((r) => (r as HTMLElement).dataset.ruleId)).to.deep.equal(['asia', 'us']);
      const ruleName = control(el, 'rules[0].id');
      expect(labelOf(el, ruleName)).to.equal('Name');
      expect(ruleName.value).to.equal('asia');
      expect(control(el, 'rules[0].when[0].field').value).to.equal('region');
      expect(control(el, 'rules[0].when[0].op').value).to.equal('eq');
      expect(control(el, 'teams[1].members[0].capacity').value).to.equal('5');
      expect(labelOf(el, control(el, 'teams[1].members[0].capacity'))).to.equal('Most leads per day');
      expect(control(el, 'defaultOwnerId').value).to.equal('boss');
      // The preview: the 20 newest leads, where they would go now.
      const rows = [...root(el).querySelectorAll<HTMLElement>('[part~="preview-row"]')];
      expect(rows).to.have.length(20);
      expect(rows[0]!.dataset.leadId).to.equal('l24');
      expect(text(rows[0]!.querySelector('td'))).to.equal('Chen Jing Round robin in apac (rule “asia”)');
      expect(text(rows[1]!.querySelector('td'))).to.equal('Ana Silva Round robin in smb (rule “us”)');
      expect(text(root(el).querySelector('[part="preview-changed"]'))).to.equal('0 leads would go elsewhere.');
      // Fields a form sent but the product does not know are offered too.
      expect([...root(el).querySelectorAll('#routing-fields option')].map((o) => (o as HTMLOptionElement).value)).to.include.members(['score', 'source.utm_campaign', 'custom.budget']);
    });

    it('refuses a team that no longer exists, a rule that can never match and a capacity below zero, naming each field, saving nothing', async () => {
      const { el, repo } = await stored();
      let saved = 0;
      el.addEventListener('routing-saved', () => saved++);
      // Removing the team "apac" leaves the rule "asia" pointing at it.
      root(el).querySelectorAll<HTMLButtonElement>('[part="remove-team"]')[1]!.click();
      await el.updateComplete;
      change(control(el, 'teams[0].members[1].capacity'), '-1');
      await el.updateComplete;
      // The rule "us" gets a second condition that contradicts the first.
      root(el).querySelectorAll<HTMLButtonElement>('[part="add-condition"]')[1]!.click();
      await el.updateComplete;
      change(control(el, 'rules[1].when[1].field'), 'country');
      change(control(el, 'rules[1].when[1].value'), 'CA');
      await el.updateComplete;
      root(el).querySelector<HTMLButtonElement>('[part="save"]')!.click();
      await until(() => !!root(el).querySelector('[part="problems"]'), 3000, 'the problems');
      expect([...root(el).querySelectorAll('[part="problem-link"]')].map(text)).to.deep.equal([
        'Team smb: Use a whole number of 0 or more, or leave it empty for no limit.',
        'Rule 1: There is no team apac.',
        'Rule 2: This rule can never match: conditions 1, 2 contradict each other.',
      ]);
      const capacity = control(el, 'teams[0].members[1].capacity');
      expect(capacity.getAttribute('aria-invalid')).to.equal('true');
      expect(text(root(el).getElementById(capacity.getAttribute('aria-describedby')!))).to.equal('Use a whole number of 0 or more, or leave it empty for no limit.');
      expect(deepActive(), 'focus on the first problem').to.equal(capacity);
      expect(el.matches(':state(invalid)')).to.equal(true);
      expect(saved).to.equal(0);
      expect((await repo.settings.get('routing'))!.teams).to.deep.equal(CONFIG.teams, 'the stored configuration is kept');
      await expect(el).to.be.accessible();
      // A problem's link takes the keyboard to its field.
      root(el).querySelectorAll<HTMLButtonElement>('[part="problem-link"]')[1]!.click();
      await until(() => deepActive() === control(el, 'rules[0].teamId'), 3000, 'focus on the rule\'s team');
    });

    it('saves by keyboard, after which new leads are routed by the new rules, and the preview compares with the saved ones', async () => {
      const { el, repo } = await stored();
      const saved: Settings[] = [];
      el.addEventListener('routing-saved', (e) => saved.push(e.detail.settings));
      // Add a rule (by keyboard) sending enterprise leads to Ben, and move it first.
      root(el).querySelector<HTMLButtonElement>('[part="add-rule"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => deepActive() === control(el, 'rules[2].id'), 3000, 'focus on the new rule');
      change(control(el, 'rules[2].id'), 'enterprise');
      change(control(el, 'rules[2].when[0].field'), 'custom.budget');
      change(control(el, 'rules[2].when[0].op'), 'gte');
      await el.updateComplete;
      change(control(el, 'rules[2].when[0].value'), '20000');
      await el.updateComplete;
      const sendTo = root(el).querySelectorAll('[part="rule"]')[2]!.querySelector<HTMLSelectElement>('.target select')!;
      expect(labelOf(el, sendTo)).to.equal('Send to');
      change(sendTo, 'owner');
      await el.updateComplete;
      change(control(el, 'rules[2].ownerId'), 'ben');
      await el.updateComplete;
      for (let i = 0; i < 2; i++) {
        root(el).querySelectorAll<HTMLButtonElement>('[part="move-up"]')[2 - i]!.click();
        await el.updateComplete;
      }
      expect(el.matches(':state(dirty)')).to.equal(true);
      // l20..l24 have budgets of 20,000 and more: they go to Ben now (l22 went to him already), and
      // with l24 and l21 no longer taking Chen's capacity of 5, l9 and l6 go to him, not the default owner.
      expect(text(root(el).querySelector('[part="preview-changed"]'))).to.equal('6 leads would go elsewhere.');
      expect([...root(el).querySelectorAll<HTMLElement>('tr.moved')].map((r) => r.dataset.leadId)).to.deep.equal(['l24', 'l23', 'l21', 'l20', 'l9', 'l6']);
      root(el).querySelector<HTMLButtonElement>('[part="save"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => saved.length === 1, 3000, 'the save');
      expect(text(root(el).querySelector('[part="status"]'))).to.equal('Routing saved. New leads are routed by it from now on.');
      const kept = (await repo.settings.get("routing"))!;
      expect((kept.rules as RoutingConfig["rules"]).map((r) => r.id)).to.deep.equal(['enterprise', 'asia', 'us']);
      expect((kept.rules as RoutingConfig["rules"])[0]).to.deep.equal({ id: 'enterprise', when: [{ field: 'custom.budget', op: 'gte', value: '20000' }], ownerId: 'ben' });
      const routed = await repo.leads.put({ id: 'new', name: 'Big Budget', status: 'new', createdAt: new Date().toISOString(), updatedAt: '', custom: { budget: 50000 } });
      expect(routed.routing).to.deep.include({ ownerId: 'ben', reason: 'rule-owner', ruleId: 'enterprise' });
      expect(el.matches(':state(dirty)')).to.equal(false);
    });

    it('reads in Chinese', async () => {
      const { el } = await stored('zh-CN');
      await until(() => text(root(el).querySelector('[part="title"]')) === '线索分配', 5000, 'the Chinese messages');
      expect(labelOf(el, control(el, 'rules[0].id'))).to.equal('名称');
      expect(text(root(el).querySelector('[part="save"]'))).to.equal('保存分配规则');
      expect(labelOf(el, control(el, 'teams[1].members[0].capacity'))).to.equal('每天最多线索数');
    });

    it('in controlled use only fires routing-saved', async () => {
      const el = await mount<RoutingEditor>(staticHtml`<${t} .config=${CONFIG} .leads=${LEADS.slice(0, 3)} .owners=${OWNERS}></${t}>`);
      expect(el.repository).to.equal(undefined);
      expect(root(el).querySelectorAll('[part~="preview-row"]')).to.have.length(3);
      const seen: Settings[] = [];
      el.addEventListener('routing-saved', (e) => seen.push(e.detail.settings));
      change(control(el, 'defaultOwnerId'), 'chen');
      await el.updateComplete;
      root(el).querySelector<HTMLButtonElement>('[part="save"]')!.click();
      await until(() => seen.length === 1, 3000, 'the event');
      expect(seen[0]).to.deep.include({ id: 'routing', defaultOwnerId: 'chen' });
    });
  });
}

describe('<routing-editor> with a member\'s key on the REST server', function () {
  this.timeout(120_000);

  it('keeps the change on the device and says the server wants an admin key', async () => {
    const member = (env as { API_KEYS?: Record<string, string> }).API_KEYS?.member ?? 'member';
    const repo = new RestRepository({ endpoint: API_URL, apiKey: member, dbName: `routing-editor-${Date.now()}`, pollIntervalMs: 0, backoff: { baseMs: 20, maxMs: 200, authBaseMs: 60_000 } });
    try {
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><routing-editor .leads=${[]}></routing-editor></l2c-provider>`);
      const el = provider.querySelector('routing-editor') as RoutingEditor;
      await until(() => !!root(el).querySelector('[part="add-team"]'), 10_000, 'the editor');
      root(el).querySelector<HTMLButtonElement>('[part="add-team"]')!.click();
      await el.updateComplete;
      change(control(el, 'teams[0].members[0].ownerId'), 'ana');
      await el.updateComplete;
      root(el).querySelector<HTMLButtonElement>('[part="save"]')!.click();
      await until(() => /needs an admin key/.test(text(root(el).querySelector('[part="status"]'))), 30_000, 'the refusal');
      expect((await repo.outbox.pending()).map((e) => [e.collection, e.id, e.lastStatus])).to.deep.equal([['settings', 'routing', 403]]);
      expect((await fetch(`${API_URL}/settings/routing`)).status, 'nothing on the server').to.equal(404);
    } finally {
      repo.close();
    }
  });
});
