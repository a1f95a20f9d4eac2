import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import { html } from 'lit';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { LeadCaptureForm } from '../../src/components/lead-capture-form/lead-capture-form.js';
import { consentVersion, safeRedirect } from '../../src/components/lead-capture-form/submit-extras.js';
import { buildFields, fieldError, isCalendarDate, shown, type Field, type FieldValue, type FormField } from '../../src/components/lead-capture-form/schema.js';
import { leadFormStrings } from '../../src/components/lead-capture-form/strings.js';
import type { LeadFailedDetail } from '../../src/components/lead-capture-form/events.js';
import type { Lead } from '../../src/core/model.js';
import { isIsoDate } from '../../src/core/validate.js';
import { RestRepository } from '../../src/storage/rest.js';
import type { FaultPlan, FaultStats } from '../support/fault-proxy.js';
import * as env from '../support/env.js';
import { API_URL, PROXY_URL } from '../support/env.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { $, control, fill, leadCaptureFormSuite, submit, text } from './lead-capture-form.suite.js';

/** A vendor's white-labelled form: same behaviour under its own tag. */
class AcmeLeadForm extends LeadCaptureForm {}

leadCaptureFormSuite(LeadCaptureForm, 'lead-capture-form');
leadCaptureFormSuite(AcmeLeadForm, 'acme-lead-form');

describe('lead-capture-form helpers', () => {
  const s = leadFormStrings.for('en');
  const bound = (v: number | string) => String(v);
  const field = (entry: FormField): Field => buildFields('', null, [entry]).fields[0]!;

  it('gives every field message for the value it is about', () => {
    const date = field({ name: 'd', type: 'date', min: '2030-01-01', max: '2030-12-31' });
    expect(fieldError(date, '2030-02-30', s, bound)).to.equal('Enter a real date.');
    expect(fieldError(date, '30/01/2030', s, bound)).to.equal('Enter a real date.');
    expect(fieldError(date, '2029-12-31', s, bound)).to.equal('Choose 2030-01-01 or later.');
    expect(fieldError(date, '2031-01-01', s, bound)).to.equal('Choose 2030-12-31 or earlier.');
    expect(fieldError(date, '2030-06-15', s, bound)).to.equal(undefined);
    const n = field({ name: 'n', type: 'number', min: -1, max: 1 });
    for (const bad of ['0x10', 'Infinity', '1 2', '1e400']) expect(fieldError(n, bad, s, bound), bad).to.equal('Enter a number.');
    expect(fieldError(n, '-0.5', s, bound)).to.equal(undefined);
    expect(fieldError(n, '.5e0', s, bound)).to.equal(undefined);
    const phone = field({ name: 'phone', type: 'tel' });
    expect(fieldError(phone, '12', s, bound), 'unchecked until the phone rules load').to.equal(undefined);
    expect(fieldError(phone, '12', s, bound, () => 'too-short')).to.equal('This phone number is too short.');
    const group = field({ name: 'g', type: 'checkbox', options: ['a', 'b'] });
    expect(fieldError(group, ['a', 'z'], s, bound)).to.equal('Choose one of the listed options.');
    expect(fieldError(group, [], s, bound)).to.equal(undefined);
    expect(fieldError(field({ name: 'e', type: 'email' }), ' ada@example.com ', s, bound)).to.equal(undefined);
  });

  it('reads dates exactly as the core does', () => {
    let checked = 0;
    for (const year of ['0099', '1900', '2000', '2023', '2024', '2100']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isCalendarDate(value), value).to.equal(isIsoDate(value));
          checked++;
        }
      }
    }
    for (const odd of ['2024-2-01', '2024-02-01T00:00:00Z', ' 2024-02-01', '２０２４-02-01', '']) expect(isCalendarDate(odd), odd).to.equal(false);
    expect(checked).to.equal(6 * 14 * 33);
  });

  it('shows a field by its condition, through a chain of conditions', () => {
    const { fields } = buildFields('', null, [
      { name: 'a', type: 'checkbox' },
      { name: 'b', type: 'select', options: ['x', 'y'], showIf: { field: 'a' } },
      { name: 'c', showIf: { field: 'b', equals: ['y'] } },
      { name: 'd', type: 'checkbox', options: ['p', 'q'] },
      { name: 'e', showIf: { field: 'd', equals: 'q' } },
      { name: 'f', showIf: { field: 'a', equals: false } },
    ]);
    const byName = new Map(fields.map((f) => [f.name, f]));
    const visible = (values: Record<string, FieldValue>) => fields.filter((f) => shown(f, values, byName)).map((f) => f.name);
    expect(visible({})).to.deep.equal(['a', 'd', 'f']);
    expect(visible({ a: true, b: 'y', d: ['p', 'q'] })).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    // c's condition holds, but b is hidden, so c is too.
    expect(visible({ a: false, b: 'y' })).to.deep.equal(['a', 'd', 'f']);
  });

  it('drops fields whose conditions loop, naming them', () => {
    const { fields, problems } = buildFields('email', null, [
      { name: 'x', showIf: { field: 'y' } },
      { name: 'y', showIf: { field: 'x' } },
    ]);
    expect(fields.map((f) => f.name)).to.deep.equal(['email']);
    expect(problems).to.deep.equal([
      'schema field "x": showIf names a loop of conditions',
      'schema field "y": showIf names a loop of conditions',
    ]);
  });

  it('hashes consent text with SHA-256, or with FNV-1a where Web Crypto is missing', async () => {
    expect(await consentVersion('abc')).to.equal('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const digest = crypto.subtle.digest;
    crypto.subtle.digest = () => Promise.reject(new Error('insecure context'));
    try {
      expect(await consentVersion('abc')).to.equal('fnv1a32:1a47e90b');
    } finally {
      crypto.subtle.digest = digest;
    }
  });

  it('redirects only to http(s) URLs', () => {
    expect(safeRedirect('https://example.com/thanks')).to.equal('https://example.com/thanks');
    expect(safeRedirect('/thanks')).to.equal(`${location.origin}/thanks`);
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'http://[bad']) {
      expect(safeRedirect(bad), bad).to.equal(undefined);
    }
  });
});

// The test workspace's form key, once the server has keys (test/server-plugins.mjs).
const FORM_KEY = (env as { API_KEYS?: { form: string } }).API_KEYS?.form ?? 'form-key';

const faults = (plan: FaultPlan, reset = false) => executeServerCommand<FaultStats, { plan: FaultPlan; reset: boolean }>('l2c-faults', { plan, reset });

describe('<lead-capture-form> with REST storage (reference server behind the fault proxy)', function () {
  this.timeout(60_000);
  const repos: RestRepository[] = [];
  const names: string[] = [];

  function make(options: Partial<ConstructorParameters<typeof RestRepository>[0]> = {}): RestRepository {
    const dbName = `l2c-form-${crypto.randomUUID()}`;
    names.push(dbName);
    const repo = new RestRepository({ endpoint: PROXY_URL, dbName, backoff: { baseMs: 50, maxMs: 300 }, pollIntervalMs: 0, ...options });
    repos.push(repo);
    return repo;
  }

  async function form(repo: RestRepository, attrs: Record<string, string> = {}): Promise<LeadCaptureForm> {
    L2cProvider.define();
    LeadCaptureForm.define();
    const el = document.createElement('lead-capture-form');
    el.setAttribute('fields', 'name,email');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    await mount(html`<l2c-provider .repository=${repo}>${el}</l2c-provider>`);
    return el;
  }

  beforeEach(async () => {
    localStorage.clear();
    await faults({}, true);
  });

  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await faults({}, true);
  });

  after(async () => {
    await Promise.all(names.map((n) => deleteDB(n).catch(() => undefined)));
  });

  it('saves an offline submission, says it will be sent, then sends it and reports lead-synced', async () => {
    const repo = make();
    // The server is unreachable for a while: every request fails until the queue runs out.
    await faults({ queue: ['drop', '503', 'drop', '503', '500'], retryAfterSeconds: 1 });
    const el = await form(repo);
    const synced: Lead[] = [];
    const submitted: Lead[] = [];
    el.addEventListener('lead-synced', (e) => synced.push(e.detail.lead));
    el.addEventListener('lead-submitted', (e) => submitted.push(e.detail.lead));
    await fill(el, 'name', 'Offline Ada');
    await fill(el, 'email', 'offline.ada@example.com');
    // The server refuses forms filled faster than its minimum fill time (2 s here, as by default).
    await new Promise((r) => setTimeout(r, 2100));
    await submit(el);
    await until(() => submitted.length === 1, 5000, 'lead-submitted');
    expect((await repo.leads.get(submitted[0]!.id))?.name, 'stored locally first').to.equal('Offline Ada');
    await until(() => text($(el, '[part~="success"]')).includes('will be sent'), 10_000, 'the saved-offline message');
    expect(synced).to.have.length(0);
    await until(() => synced.length === 1, 30_000, 'lead-synced');
    expect(synced[0]!.id).to.equal(submitted[0]!.id);
    await el.updateComplete;
    expect(text($(el, '[part~="success"]'))).to.equal('Thank you! We will be in touch soon.');
    const res = await fetch(`${API_URL}/leads/${submitted[0]!.id}`);
    expect(res.status).to.equal(200);
    const onServer = await res.json() as Lead;
    expect(onServer).to.include({ name: 'Offline Ada', email: 'offline.ada@example.com' });
    expect(onServer.source?.page).to.be.a('string');
    expect(onServer).to.not.have.property('_hp');
  });

  it('shows "saved, will be sent" at once when the browser is offline', async () => {
    const repo = make();
    const el = await form(repo, { 'min-fill-ms': '0' });
    const online = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      await fill(el, 'email', 'plane@example.com');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 5000, 'the outcome');
      expect(text($(el, '[part~="success"]'))).to.contain('saved on this device');
      expect(el.matches(':state(pending)') || !('CustomStateSet' in window)).to.equal(true);
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')).to.deep.equal(online);
    }
  });

  it('reports lead-failed when the server refuses the lead for good', async () => {
    const refuse: typeof fetch = async (input, init) => {
      if (init?.method === 'POST') {
        return new Response(JSON.stringify({ type: 'about:blank', title: 'Validation failed', status: 422, errors: [{ path: 'email', message: 'no' }] }), {
          status: 422, headers: { 'content-type': 'application/problem+json' },
        });
      }
      return fetch(input, init);
    };
    const repo = make({ fetch: refuse });
    const el = await form(repo, { 'min-fill-ms': '0' });
    const failed: LeadFailedDetail[] = [];
    el.addEventListener('lead-failed', (e) => failed.push(e.detail));
    await fill(el, 'email', 'refused@example.com');
    await submit(el);
    await until(() => failed.length === 1, 10_000, 'lead-failed');
    expect(failed[0]!.lead.email).to.equal('refused@example.com');
    expect(failed[0]!.error).to.deep.include({ reason: 'rejected', status: 422 });
    await el.updateComplete;
    // Said plainly, with the field the server named.
    expect(text($(el, '[part~="success"]'))).to.equal('Sorry, our server did not accept your details (check: Email). Please contact us another way.');
    expect($(el, '[part~="success"]')!.dataset['outcome']).to.equal('refused');
    expect((await repo.outbox.deadLetters()).map((l) => l.id)).to.deep.equal([failed[0]!.lead.id]);
  });

  /** Collects console.error lines while `run` runs. */
  async function consoleErrors(run: (lines: string[]) => Promise<void>): Promise<string[]> {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { lines.push(args.map(String).join(' ')); };
    try {
      await run(lines);
    } finally {
      console.error = original;
    }
    return lines;
  }

  const outcome = (el: LeadCaptureForm) => $(el, '[part~="success"]')?.dataset['outcome'];
  const live = (el: LeadCaptureForm) => text(el.shadowRoot!.querySelector('.visually-hidden[role="status"]'));

  it('never says "Thank you" before the server has the lead: unreachable while online is "saved, will be sent", with one console error for the site owner', async () => {
    let down = true;
    const repo = make({ fetch: (input, init) => (down ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init)) });
    const el = await form(repo, { 'min-fill-ms': '0' });
    const other = await form(repo, { 'min-fill-ms': '0' });
    const synced: Lead[] = [];
    for (const f of [el, other]) f.addEventListener('lead-synced', (e) => synced.push(e.detail.lead));
    const errors = await consoleErrors(async () => {
      for (const [f, email] of [[el, 'one@example.com'], [other, 'two@example.com']] as const) {
        localStorage.clear();
        await fill(f, 'email', email);
        await submit(f);
        await until(() => !!$(f, '[part~="success"]'), 10_000, 'the outcome');
        expect(outcome(f)).to.equal('waiting');
        expect(text($(f, '[part~="success"]'))).to.equal('Thank you! Your details are saved on this device and will be sent automatically as soon as our server can be reached.');
      }
    });
    expect(errors, 'one console error, for the site owner').to.have.length(1);
    expect(errors[0]).to.contain(PROXY_URL).and.contain(location.origin).and.contain('CORS_ORIGINS').and.contain('endpoint attribute').and.contain('not running');
    // The server comes back: the message changes to the thank-you, and is announced.
    down = false;
    await repo.outbox.retryNow();
    await until(() => outcome(el) === 'sent', 10_000, 'sent');
    expect(text($(el, '[part~="success"]'))).to.equal('Thank you! We will be in touch soon.');
    expect(live(el)).to.equal('Thank you! We will be in touch soon.');
    await until(() => synced.length === 2, 10_000, 'both leads synced');
  });

  it('sends a fast, autofilled submission with its signals for the server to judge (never dropped on the page)', async () => {
    const bodies: Record<string, unknown>[] = [];
    const repo = make({ fetch: (input, init) => {
      if (init?.method === 'POST') bodies.push(JSON.parse(String(init.body)) as Record<string, unknown>);
      return fetch(input, init);
    } });
    const el = await form(repo);
    expect(el.minFillMs).to.equal(2000);
    const email = control(el, 'email');
    // As a browser's autofill leaves a field: matching :autofill (each engine spells it its way).
    const matches = email.matches.bind(email);
    email.matches = ((selector: string) => /autofill/.test(selector) || matches(selector)) as typeof email.matches;
    const submitted: Lead[] = [];
    el.addEventListener('lead-submitted', (e) => submitted.push(e.detail.lead));
    await fill(el, 'email', 'autofilled@example.com');
    await submit(el);
    await until(() => outcome(el) === 'sent', 10_000, 'sent');
    expect(submitted).to.have.length(1);
    expect(bodies).to.have.length(1);
    expect(bodies[0]).to.deep.include({ _hp: '', _minFillMs: 2000, _autofill: true, email: 'autofilled@example.com' });
    expect(bodies[0]!['_elapsedMs']).to.be.a('number').below(2000);
    expect((await fetch(`${API_URL}/leads/${submitted[0]!.id}`)).status).to.equal(200);
  });

  it('says so when the server kept failing and the lead became a dead letter', async () => {
    const repo = make({ maxFailures: 2, backoff: { baseMs: 20, maxMs: 40 } });
    await faults({ poison: { marker: 'poisoned.example' } });
    const el = await form(repo, { 'min-fill-ms': '0' });
    const failed: LeadFailedDetail[] = [];
    el.addEventListener('lead-failed', (e) => failed.push(e.detail));
    await fill(el, 'email', 'ada@poisoned.example');
    await submit(el);
    await until(() => failed.length === 1, 10_000, 'lead-failed');
    expect(failed[0]!.error).to.deep.include({ reason: 'failed', status: 500, attempts: 2 });
    await until(() => outcome(el) === 'failed', 5000, 'the failed outcome');
    expect(text($(el, '[part~="success"]'))).to.equal('Sorry, we could not send your details. Please try again later or contact us another way.');
  });

  it('without IndexedDB: sends directly, and until it could, says the lead is not saved on this device', async () => {
    const open = indexedDB.open.bind(indexedDB);
    indexedDB.open = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
    try {
      const repo = make({ writeOnly: true });
      await faults({ rate: 1, kinds: ['503'], retryAfterSeconds: 0 });
      const el = await form(repo, { 'min-fill-ms': '0' });
      const synced: Lead[] = [];
      el.addEventListener('lead-synced', (e) => synced.push(e.detail.lead));
      await fill(el, 'email', 'private@example.com');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 10_000, 'the outcome');
      expect(outcome(el)).to.equal('unsaved');
      expect(text($(el, '[part~="success"]'))).to.contain('does not let us save them on this device').and.contain('keep this page open');
      await faults({});
      await repo.outbox.retryNow();
      await until(() => synced.length === 1, 10_000, 'lead-synced');
      expect(outcome(el)).to.equal('sent');
      expect((await fetch(`${API_URL}/leads/${synced[0]!.id}`)).status).to.equal(200);

      // Submitted while the server answers at once: a person's lead reaches it.
      const second = await form(make({ writeOnly: true }), { 'min-fill-ms': '0' });
      await fill(second, 'email', 'private2@example.com');
      await submit(second);
      await until(() => outcome(second) === 'sent', 10_000, 'sent');
    } finally {
      indexedDB.open = open;
    }
  });

  it('with a refused api-key, keeps the lead, says the form is not set up, tells the console which attribute; a working key sends it', async () => {
    LeadCaptureForm.define();
    const dbName = `l2c-form-${crypto.randomUUID()}`;
    names.push(dbName);
    await faults({ rate: 1, kinds: ['401'], methods: ['POST'] }, true);
    const el = document.createElement('lead-capture-form');
    el.setAttribute('fields', 'email');
    el.setAttribute('min-fill-ms', '0');
    el.setAttribute('endpoint', PROXY_URL);
    el.setAttribute('db-name', dbName);
    el.setAttribute('api-key', 'not-a-key');
    await mount(html`${el}`);
    const synced: Lead[] = [];
    el.addEventListener('lead-synced', (e) => synced.push(e.detail.lead));
    const errors = await consoleErrors(async () => {
      await until(() => !!el.repository, 5000, 'the REST adapter');
      await fill(el, 'email', 'keyed@example.com');
      await submit(el);
      await until(() => outcome(el) === 'unauthorized', 10_000, 'not authorised');
    });
    expect(text($(el, '[part~="success"]'))).to.contain('this form is not set up correctly').and.contain('kept on this device');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('401').and.contain('api-key attribute of <lead-capture-form>');
    expect((await faults({})).authorization).to.deep.equal(['Bearer not-a-key']);
    // The site fixes the key: sent at once (not at the next retry in minutes), and the message follows.
    el.setAttribute('api-key', FORM_KEY);
    await until(() => synced.length === 1, 15_000, 'lead-synced');
    await until(() => outcome(el) === 'sent', 5000, 'sent');
    expect((await faults({})).authorization.at(-1)).to.equal(`Bearer ${FORM_KEY}`);
    el.remove();
  });
});
