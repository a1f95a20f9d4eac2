/**
 * The behaviour of `<lead-capture-form>`, reusable for a vendor subclass under its own tag
 * (STYLE.md habit 8): `leadCaptureFormSuite(LeadCaptureForm, 'lead-capture-form')`.
 */
import { expect } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { html } from 'lit';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { LeadCaptureForm } from '../../src/components/lead-capture-form/lead-capture-form.js';
import type { FormField } from '../../src/components/lead-capture-form/schema.js';
import type { Lead } from '../../src/core/model.js';
import type { ScoringModel } from '../../src/core/scoring.js';
import { StorageError } from '../../src/storage/errors.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import type { Repository } from '../../src/storage/types.js';
import { mount } from '../fixture.js';
import { hold } from '../support/hold.js';
import { until } from '../storage/repository-suite.js';

/** What a test sets up: the form, its repository and its shadow root. */
export interface Setup {
  el: LeadCaptureForm;
  repo: Repository;
  root: ShadowRoot;
}

/** Options of `setup`. */
export interface SetupOptions {
  attrs?: Record<string, string>;
  schema?: FormField[];
  scoring?: ScoringModel;
  repo?: Repository;
  locale?: string;
  /** Light-DOM children (slotted content). */
  children?: string[];
}

/** Elements of the shadow root, typed. */
export const $ = <T extends Element = HTMLElement>(el: LeadCaptureForm, selector: string): T | null => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: LeadCaptureForm, selector: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(selector)];

/** The control named `name`. */
export function control<T extends HTMLElement = HTMLInputElement>(el: LeadCaptureForm, name: string): T {
  const c = $<T>(el, `[name="${name}"]`);
  if (!c) throw new Error(`no control named ${name}`);
  return c;
}

/** Types a value as a person would (input events), then leaves the field. */
export async function fill(el: LeadCaptureForm, name: string, value: string): Promise<void> {
  const c = control<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, name);
  c.focus();
  c.value = value;
  c.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  c.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  c.blur();
  // Reaching a phone field asks for the phone rules; a person types for longer than they take.
  await (el as unknown as { phoneLoad?: Promise<unknown> }).phoneLoad;
  await el.updateComplete;
}

/** Ticks (or unticks) a checkbox or picks a radio by value. */
export async function tick(el: LeadCaptureForm, name: string, value?: string, on = true): Promise<void> {
  const c = value === undefined ? control(el, name) : $<HTMLInputElement>(el, `[name="${name}"][value="${value}"]`)!;
  if (c.checked !== on) c.click();
  await el.updateComplete;
}

/** Presses the submit (or Next) button. */
export async function submit(el: LeadCaptureForm): Promise<void> {
  // The first submit of a form with a phone field waits for the phone rules; wait here instead,
  // so that the checks below see the outcome of this submit.
  await (el as unknown as { phoneLoad?: Promise<unknown> }).phoneLoad;
  $<HTMLButtonElement>(el, '[part~="submit"], [part~="next"]')!.click();
  await el.updateComplete;
  // Submitting awaits the phone rules and storage; let that settle.
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
}

/** The error shown next to the field `name`, or ''. */
export function errorOf(el: LeadCaptureForm, name: string): string {
  const c = control(el, name);
  const field = c.closest('[part~="field"]');
  return field?.querySelector('[part~="error"]')?.textContent?.trim() ?? '';
}

/** The lines of the error summary. */
export function summaryLines(el: LeadCaptureForm): string[] {
  return $$(el, '[part~="summary-link"]').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
}

export const text = (node: Element | null | undefined): string => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Runs the form's behaviour against `Form` registered under `tag`. */
export function leadCaptureFormSuite(Form: typeof LeadCaptureForm, tag: string): void {
  async function setup(options: SetupOptions = {}): Promise<Setup> {
    const el = document.createElement(tag) as LeadCaptureForm;
    // Tests fill forms faster than people: the minimum fill time is tested on its own.
    el.setAttribute('min-fill-ms', '0');
    for (const [k, v] of Object.entries(options.attrs ?? {})) el.setAttribute(k, v);
    if (options.schema) el.schema = options.schema;
    if (options.scoring) el.scoring = options.scoring;
    for (const child of options.children ?? []) {
      const wrapper = document.createElement('div');
      wrapper.textContent = child.split('|')[1] ?? '';
      wrapper.slot = child.split('|')[0]!;
      el.append(wrapper);
    }
    const repo = options.repo ?? new MemoryRepository();
    await mount(html`<l2c-provider .repository=${repo}>${el}</l2c-provider>`, { locale: options.locale ?? 'en' });
    await el.updateComplete;
    return { el, repo, root: el.shadowRoot! };
  }

  function events<T>(el: LeadCaptureForm, name: string): T[] {
    const seen: T[] = [];
    el.addEventListener(name, (e) => seen.push((e as CustomEvent<T>).detail));
    return seen;
  }

  describe(`<${tag}>`, function () {
    this.timeout(20_000);

    before(() => {
      L2cProvider.define();
      Form.define(tag);
    });

    beforeEach(() => {
      localStorage.clear();
    });

    it('is accessible, empty, with errors shown, and in Chinese', async () => {
      const { el } = await setup({ attrs: { consent: 'I agree to be contacted.' } });
      await expect(el).to.be.accessible();
      await submit(el);
      expect(summaryLines(el).length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
      const zh = await setup({ locale: 'zh-CN', schema: [{ name: 'plan', type: 'radio', options: ['a', 'b'], required: true, step: 2 }] });
      await expect(zh.el).to.be.accessible();
    });

    it('renders a native form of labelled inputs named after the fields', async () => {
      const { el } = await setup();
      expect($(el, 'form')).to.not.equal(null);
      const names = $$<HTMLInputElement>(el, 'form [name]').filter((c) => c.type !== 'hidden' && c.name !== 'homepage').map((c) => c.name);
      expect(names).to.deep.equal(['name', 'email', 'company', 'phone', 'message']);
      for (const name of names) {
        const c = control(el, name);
        const label = $(el, `label[for="${c.id}"]`);
        expect(text(label), name).to.not.equal('');
      }
      expect(text($(el, `label[for="${control(el, 'email').id}"]`))).to.equal('Email *');
      expect(control(el, 'email').required).to.equal(true);
      expect(control(el, 'name').required).to.equal(false);
      expect(control(el, 'email').type).to.equal('email');
      expect(control(el, 'phone').getAttribute('autocomplete')).to.equal('tel');
      expect(control(el, 'message').localName).to.equal('textarea');
    });

    it('is filled in and sent with the keyboard alone', async () => {
      const { el, repo } = await setup({ attrs: { fields: 'name,email,message', required: 'name,email' } });
      const submitted = events<{ lead: Lead }>(el, 'lead-submitted');
      control(el, 'name').focus();
      await sendKeys({ type: 'Ada Lovelace' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'ada@example.com' });
      await sendKeys({ press: 'Tab' });
      // No doubled letters: WebKitWebDriver drops the second of two identical keys in a row.
      await sendKeys({ type: 'Ring me' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('submit');
      await sendKeys({ press: 'Enter' });
      await until(() => submitted.length === 1, 5000, 'lead-submitted');
      const leads = await repo.leads.list();
      expect(leads).to.have.length(1);
      expect(leads[0]).to.include({ name: 'Ada Lovelace', email: 'ada@example.com', message: 'Ring me', status: 'new' });
      await el.updateComplete;
      const success = $(el, '[part~="success"]')!;
      expect(text(success)).to.equal('Thank you! We will be in touch soon.');
      await until(() => el.shadowRoot!.activeElement === success, 2000, 'focus on the success message');
    });

    it('submits with Enter from a text field and moves focus to the first invalid field', async () => {
      const { el, repo } = await setup({ attrs: { fields: 'name,email', required: 'name,email' } });
      control(el, 'email').focus();
      await sendKeys({ type: 'not-an-email' });
      await sendKeys({ press: 'Enter' });
      await until(() => errorOf(el, 'name') !== '', 2000, 'the errors');
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'name'));
      expect(errorOf(el, 'name')).to.equal('Fill in this field.');
      expect(errorOf(el, 'email')).to.equal('Enter an email address like name@example.com.');
      expect(await repo.leads.count()).to.equal(0);
    });

    it('shows every error next to its field and in one summary, linked by aria', async () => {
      const schema: FormField[] = [
        { name: 'website', label: 'Website', pattern: 'https?://.+' },
        { name: 'code', label: 'Code', pattern: '[A-Z]{3}', patternMessage: 'Three capital letters.' },
        { name: 'nick', label: 'Nickname', minLength: 3, maxLength: 5 },
        { name: 'seats', label: 'Seats', type: 'number', min: 1, max: 500 },
        { name: 'budget', label: 'Budget', type: 'number' },
        { name: 'start', label: 'Start', type: 'date', min: '2030-01-01', max: '2030-12-31' },
        { name: 'plan', label: 'Plan', type: 'select', options: ['basic', 'pro'], required: true },
        { name: 'size', label: 'Size', type: 'radio', options: ['S', 'M'], required: true },
        { name: 'topics', label: 'Topics', type: 'checkbox', options: ['crm', 'erp'], required: true },
        { name: 'terms', label: 'Terms', type: 'checkbox', required: true },
        // The exact number rather than the built-in ranges.
        { name: 'companySize', type: 'number' },
      ];
      const { el } = await setup({ attrs: { fields: 'name,email,phone,companySize', required: 'name', 'phone-region': 'US', consent: 'You may call me.' }, schema });
      await fill(el, 'email', 'ada@example');
      await fill(el, 'phone', '12');
      await fill(el, 'companySize', '2.5');
      await fill(el, 'website', 'ftp://x');
      await fill(el, 'code', 'abc');
      await fill(el, 'nick', 'ab');
      await fill(el, 'seats', '0');
      await fill(el, 'budget', '12abc');
      await fill(el, 'start', '2029-05-01');
      await submit(el);
      await until(() => errorOf(el, 'phone') !== '', 3000, 'the phone rules to load');
      const expected: Record<string, string> = {
        name: 'Fill in this field.',
        email: 'Enter an email address like name@example.com.',
        phone: 'This phone number is too short.',
        companySize: 'Enter a whole number.',
        website: 'Check the format of this entry.',
        code: 'Three capital letters.',
        nick: 'Use at least 3 characters.',
        seats: 'Enter 1 or more.',
        budget: 'Enter a number.',
        start: 'Choose Jan 1, 2030 or later.',
        plan: 'Choose an option.',
        size: 'Choose an option.',
        topics: 'Choose an option.',
        terms: 'Tick this box to continue.',
        consent: 'Tick the box to agree before sending.',
      };
      for (const [name, message] of Object.entries(expected)) expect(errorOf(el, name), name).to.equal(message);
      expect(summaryLines(el)).to.include('Name: Fill in this field.');
      expect(summaryLines(el)).to.include('Plan: Choose an option.');
      expect(summaryLines(el)).to.include('Tick the box to agree before sending.');
      expect(summaryLines(el)).to.have.length(Object.keys(expected).length);
      expect(text($(el, '[part~="summary-heading"]'))).to.equal('There are 15 problems to fix');
      // aria: invalid, described by its error
      const email = control(el, 'email');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = email.getAttribute('aria-describedby')!.split(' ');
      expect(describedBy.map((id) => text(el.shadowRoot!.getElementById(id)))).to.include('Enter an email address like name@example.com.');
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'name'));
      // A summary line takes focus to its field.
      $$(el, '[part~="summary-link"]').find((b) => b.textContent!.includes('Plan'))!.click();
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'plan'));
      // The remaining messages: other bounds and lengths, phone shapes, an option not offered.
      await fill(el, 'nick', 'abcdef');
      expect(errorOf(el, 'nick')).to.equal('Use at most 5 characters.');
      await fill(el, 'seats', '501');
      expect(errorOf(el, 'seats')).to.equal('Enter 500 or less.');
      await fill(el, 'start', '2031-01-01');
      expect(errorOf(el, 'start')).to.equal('Choose Dec 31, 2030 or earlier.');
      await fill(el, 'phone', '1234567890123456789');
      expect(errorOf(el, 'phone')).to.equal('This phone number is too long.');
      await fill(el, 'phone', '+999 1234567');
      expect(errorOf(el, 'phone')).to.equal('Start with the country code, like +44 20 7946 0958.');
      await fill(el, 'phone', '(201) 555-012');
      expect(errorOf(el, 'phone')).to.be.oneOf(['This phone number is too short.', 'Enter a valid phone number.']);
      await fill(el, 'phone', '123 456 7890');
      expect(errorOf(el, 'phone')).to.equal('Enter a valid phone number.');
      const plan = control<HTMLSelectElement>(el, 'plan');
      plan.append(Object.assign(document.createElement('option'), { value: 'gold', textContent: 'Gold' }));
      await fill(el, 'plan', 'gold');
      expect(errorOf(el, 'plan')).to.equal('Choose one of the listed options.');
      await fill(el, 'plan', 'pro');
      expect(errorOf(el, 'plan')).to.equal('');
      expect(control(el, 'plan').getAttribute('aria-invalid')).to.equal('false');
    });

    it('offers company size as ranges and stores the lower bound of the one chosen', async () => {
      const { el, repo } = await setup({ attrs: { fields: 'email,companySize', required: 'email' } });
      const size = control<HTMLSelectElement>(el, 'companySize');
      expect([...size.options].map((o) => o.textContent!.trim()))
        .to.deep.equal(['', '1\u201310', '11\u201350', '51\u2013200', '201\u2013500', '501\u20131,000', '1,001\u20135,000', '5,001\u201310,000', '10,001+']);
      await fill(el, 'email', 'ada@example.com');
      await fill(el, 'companySize', '51');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      expect(lead!.companySize).to.equal(51);
    });

    it('asks for the exact company size when a schema field says number: a whole number, 0 or more', async () => {
      const { el } = await setup({ attrs: { fields: 'email,companySize', required: 'email' }, schema: [{ name: 'companySize', type: 'number', min: 0 }] });
      await fill(el, 'email', 'ada@example.com');
      await fill(el, 'companySize', '-3');
      await submit(el);
      expect(errorOf(el, 'companySize')).to.equal('Enter 0 or more.');
      await fill(el, 'companySize', '250');
      expect(errorOf(el, 'companySize')).to.equal('');
    });

    it('caps text at the lead field limits', async () => {
      const { el } = await setup({ schema: [{ name: 'note', type: 'textarea' }, { name: 'short', maxLength: 10 }] });
      expect(control(el, 'name').maxLength).to.equal(200);
      expect(control(el, 'email').maxLength).to.equal(254);
      expect(control(el, 'phone').maxLength).to.equal(64);
      expect(control(el, 'message').maxLength).to.equal(5000);
      expect(control(el, 'note').maxLength).to.equal(5000);
      expect(control(el, 'short').maxLength).to.equal(10);
      // Set by script past the cap: refused with the limit named.
      await fill(el, 'name', 'x'.repeat(201));
      await submit(el);
      expect(errorOf(el, 'name')).to.equal('Use at most 200 characters.');
    });

    it('checks a field as it is typed once it has been left, not before', async () => {
      const { el } = await setup();
      const email = control(el, 'email');
      email.focus();
      email.value = 'ada@';
      email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      expect(errorOf(el, 'email'), 'no error while first typing').to.equal('');
      email.blur();
      await el.updateComplete;
      expect(errorOf(el, 'email')).to.equal('Enter an email address like name@example.com.');
      email.focus();
      email.value = 'ada@example.com';
      email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      expect(errorOf(el, 'email'), 'fixed as typed').to.equal('');
      // Tabbing through an empty required field says nothing until the person tries to send.
      control(el, 'name').focus();
      control(el, 'name').blur();
      await el.updateComplete;
      expect(errorOf(el, 'name')).to.equal('');
    });

    it('sends on a mouse click while a field that will show an error still has focus', async () => {
      const { el } = await setup({ attrs: { fields: 'name,email,phone', required: 'name,email' } });
      // Typed, never left: leaving it by pressing Send must not move Send away before the click lands.
      control(el, 'email').focus();
      await sendKeys({ type: 'ada@' });
      control(el, 'phone').focus();
      await sendKeys({ type: '12' });
      const box = $(el, '[part~="submit"]')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      await resetMouse();
      await until(() => summaryLines(el).length > 0, 5000, 'the submit to run');
      expect(summaryLines(el)).to.include('Name: Fill in this field.');
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'name'));
    });

    it('shows messages in Chinese', async () => {
      const { el } = await setup({ locale: 'zh-CN', attrs: { consent: '我同意接收联系。' } });
      expect(text($(el, `label[for="${control(el, 'email').id}"]`))).to.equal('电子邮箱 *');
      await fill(el, 'email', 'x@');
      await submit(el);
      expect(errorOf(el, 'email')).to.equal('请输入有效的电子邮箱，例如 name@example.com。');
      expect(errorOf(el, 'consent')).to.equal('提交前请勾选同意。');
      expect(text($(el, '[part~="summary-heading"]'))).to.equal('有 2 处需要修改');
      expect(summaryLines(el)).to.deep.equal(['电子邮箱：请输入有效的电子邮箱，例如 name@example.com。', '提交前请勾选同意。']);
      expect(text($(el, '[part~="submit"]'))).to.equal('提交');
    });

    it('records consent with its text, a SHA-256 version and the time', async () => {
      const consent = 'I agree that Acme may contact me about its products. <b>Not bold</b>';
      const { el, repo } = await setup({ attrs: { consent, fields: 'email' } });
      const label = $(el, '[part~="consent"] label')!;
      expect(text(label)).to.equal(`${consent} *`);
      await fill(el, 'email', 'ada@example.com');
      await submit(el);
      expect(errorOf(el, 'consent')).to.equal('Tick the box to agree before sending.');
      expect(await repo.leads.count()).to.equal(0);
      const before = new Date().toISOString();
      await tick(el, 'consent');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(consent));
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
      expect(lead!.consent).to.deep.include({ text: consent, version: `sha256:${hex}` });
      expect(lead!.consent!.at >= before).to.equal(true);
    });

    it('keeps the UTM parameters, referrer, page and campaign on the lead', async () => {
      const original = location.href;
      history.replaceState(null, '', `${location.pathname}?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20launch&utm_term=crm&utm_content=cta&x=1#pricing`);
      try {
        const { el, repo } = await setup({ attrs: { fields: 'email', campaign: 'Q2 webinar' } });
        await fill(el, 'email', 'ada@example.com');
        await submit(el);
        await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
        const [lead] = await repo.leads.list();
        expect(lead!.source).to.deep.include({
          utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring launch', utm_term: 'crm', utm_content: 'cta', campaign: 'Q2 webinar',
        });
        expect(lead!.source!.page).to.equal(`${location.origin}${location.pathname}?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20launch&utm_term=crm&utm_content=cta&x=1`);
        if (document.referrer) expect(lead!.source!.referrer).to.equal(document.referrer);
      } finally {
        history.replaceState(null, '', original);
      }
    });

    it('shows a field only when its condition holds, and stores only what is shown', async () => {
      const schema: FormField[] = [
        { name: 'interest', label: 'Interest', type: 'select', options: ['demo', 'pricing', 'other'] },
        { name: 'demoDate', label: 'Demo date', type: 'date', showIf: { field: 'interest', equals: 'demo' }, required: true },
        { name: 'other', label: 'Tell us more', showIf: { field: 'interest', equals: ['other'] } },
        { name: 'newsletter', label: 'Newsletter', type: 'checkbox' },
        { name: 'frequency', label: 'How often', type: 'radio', options: ['weekly', 'monthly'], showIf: { field: 'newsletter' } },
      ];
      const { el, repo } = await setup({ attrs: { fields: 'email' }, schema });
      expect($(el, '[name="demoDate"]')).to.equal(null);
      expect($(el, '[name="frequency"]')).to.equal(null);
      await fill(el, 'interest', 'demo');
      expect($(el, '[name="demoDate"]')).to.not.equal(null);
      expect($(el, '[name="other"]')).to.equal(null);
      await fill(el, 'interest', 'other');
      expect($(el, '[name="demoDate"]')).to.equal(null);
      await fill(el, 'other', 'Integration');
      await tick(el, 'newsletter');
      expect($(el, '[name="frequency"]')).to.not.equal(null);
      await tick(el, 'frequency', 'monthly');
      await fill(el, 'email', 'ada@example.com');
      // A hidden required field does not block sending; a value typed before it was hidden is dropped.
      await fill(el, 'interest', 'demo');
      await fill(el, 'demoDate', '2031-01-02');
      await fill(el, 'interest', 'pricing');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      expect(lead!.custom).to.deep.equal({ interest: 'pricing', newsletter: true, frequency: 'monthly' });
    });

    it('walks through steps with a progress indicator, Back and Next, and an event per step', async () => {
      const schema: FormField[] = [
        { name: 'email', type: 'email', step: 1 },
        { name: 'role', label: 'Role', step: 2, required: true },
        { name: 'budget', label: 'Budget', type: 'number', step: 3 },
      ];
      const { el, repo } = await setup({ attrs: { fields: 'email', consent: 'OK to contact me.' }, schema });
      const steps = events<{ from: number; to: number; total: number }>(el, 'form-step-changed');
      expect(text($(el, '[part~="progress-label"]'))).to.equal('Step 1 of 3');
      expect($<HTMLProgressElement>(el, 'progress')!.value).to.equal(1);
      expect($(el, '[name="role"]')).to.equal(null);
      expect($(el, '[name="consent"]'), 'consent waits for the last step').to.equal(null);
      expect($(el, '[part~="back"]')).to.equal(null);
      await submit(el);
      expect(errorOf(el, 'email')).to.equal('Fill in this field.');
      expect(steps).to.have.length(0);
      await fill(el, 'email', 'ada@example.com');
      await submit(el);
      expect(steps).to.deep.equal([{ from: 1, to: 2, total: 3 }]);
      expect(text($(el, '[part~="progress-label"]'))).to.equal('Step 2 of 3');
      expect(text($(el, '[role="status"]'))).to.equal('Step 2 of 3');
      expect(el.shadowRoot!.activeElement).to.equal(control(el, 'role'));
      expect($(el, '[name="email"]')).to.equal(null);
      await submit(el);
      expect(errorOf(el, 'role')).to.equal('Fill in this field.');
      $<HTMLButtonElement>(el, '[part~="back"]')!.click();
      await el.updateComplete;
      expect(steps.at(-1)).to.deep.equal({ from: 2, to: 1, total: 3 });
      expect(control(el, 'email').value).to.equal('ada@example.com');
      await submit(el);
      await fill(el, 'role', 'CTO');
      await submit(el);
      expect(text($(el, '[part~="progress-label"]'))).to.equal('Step 3 of 3');
      expect(text($(el, '[part~="submit"]'))).to.equal('Send');
      await fill(el, 'budget', '5000');
      await tick(el, 'consent');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      expect(lead).to.deep.include({ email: 'ada@example.com', custom: { role: 'CTO', budget: 5000 } });
      expect(steps.map((s) => s.to)).to.deep.equal([2, 1, 2, 3]);
    });

    it('asks a returning visitor new questions instead of known ones, and updates the same lead', async () => {
      const repo = new MemoryRepository();
      const schema: FormField[] = [
        { name: 'role', label: 'Role', progressive: true },
        { name: 'budget', label: 'Budget', type: 'number', progressive: true },
        { name: 'timeline', label: 'Timeline', progressive: true },
      ];
      const first = await setup({ repo, attrs: { fields: 'name,email,company' }, schema });
      expect($(first.el, '[name="role"]'), 'progressive questions wait for a return').to.equal(null);
      await fill(first.el, 'name', 'Ada');
      await fill(first.el, 'email', 'ada@example.com');
      await submit(first.el);
      await until(() => !!$(first.el, '[part~="success"]'), 3000, 'success');
      const [stored] = await repo.leads.list();

      const again = await setup({ repo, attrs: { fields: 'name,email,company' }, schema });
      await until(() => !!$(again.el, '[part~="returning"]'), 3000, 'the returning visitor');
      expect(text($(again.el, '[part~="returning"]'))).to.contain('Welcome back, Ada.');
      const names = $$<HTMLInputElement>(again.el, 'form [name]').map((c) => c.name).filter((n) => n !== 'homepage');
      // name and email are known: two progressive questions take their place; company is still unknown.
      expect(names).to.deep.equal(['company', 'role', 'budget']);
      await fill(again.el, 'company', 'Analytical Engines');
      await fill(again.el, 'role', 'Founder');
      await submit(again.el);
      await until(() => !!$(again.el, '[part~="success"]'), 3000, 'success');
      const leads = await repo.leads.list();
      expect(leads).to.have.length(1);
      expect(leads[0]).to.deep.include({ id: stored!.id, createdAt: stored!.createdAt, name: 'Ada', email: 'ada@example.com', company: 'Analytical Engines', submissions: 2 });
      expect(leads[0]!.custom).to.deep.equal({ role: 'Founder' });

      const third = await setup({ repo, attrs: { fields: 'name,email,company' }, schema });
      await until(() => !!$(third.el, '[part~="returning"]'), 3000, 'the returning visitor');
      expect($$<HTMLInputElement>(third.el, 'form [name]').map((c) => c.name).filter((n) => n !== 'homepage')).to.deep.equal(['budget', 'timeline']);
      // Not you? The full form again, and a new person's lead is a new lead.
      $<HTMLButtonElement>(third.el, '[part~="restart"]')!.click();
      await third.el.updateComplete;
      expect($(third.el, '[part~="returning"]')).to.equal(null);
      expect($$<HTMLInputElement>(third.el, 'form [name]').map((c) => c.name).filter((n) => n !== 'homepage')).to.deep.equal(['name', 'email', 'company']);
      await fill(third.el, 'email', 'grace@example.com');
      await submit(third.el);
      await until(() => !!$(third.el, '[part~="success"]'), 3000, 'success');
      expect(await repo.leads.count()).to.equal(2);
    });

    it('updates the lead with the same normalised email instead of adding one, unless allow-duplicates', async () => {
      const repo = new MemoryRepository();
      const createdAt = '2026-01-05T09:00:00.000Z';
      await repo.leads.put({ id: 'old', createdAt, updatedAt: createdAt, status: 'mql', name: 'J. Doe', email: 'Jane.Doe@Example.com', company: 'Acme', custom: { source: 'fair' } });
      const { el } = await setup({ repo, attrs: { fields: 'name,email,message' } });
      const submitted = events<{ lead: Lead }>(el, 'lead-submitted');
      await fill(el, 'name', 'Jane Doe');
      await fill(el, 'email', '  jane.doe@EXAMPLE.com ');
      await fill(el, 'message', 'Pricing please');
      await submit(el);
      await until(() => submitted.length === 1, 3000, 'lead-submitted');
      const leads = await repo.leads.list();
      expect(leads).to.have.length(1);
      expect(leads[0]).to.deep.include({ id: 'old', createdAt, status: 'mql', name: 'Jane Doe', email: 'jane.doe@EXAMPLE.com', company: 'Acme', message: 'Pricing please', submissions: 2 });
      expect(leads[0]!.custom).to.deep.equal({ source: 'fair' });
      expect(submitted[0]!.lead.id).to.equal('old');

      localStorage.clear();
      const dup = await setup({ repo, attrs: { fields: 'email', 'allow-duplicates': '' } });
      await fill(dup.el, 'email', 'jane.doe@example.com');
      await submit(dup.el);
      await until(() => !!$(dup.el, '[part~="success"]'), 3000, 'success');
      expect(await repo.leads.count()).to.equal(2);
    });

    it('stores one lead when Send is pressed twice in a row, consent and all', async () => {
      const { el, repo } = await setup({ attrs: { fields: 'name,email', consent: 'You may contact me.' } });
      const submitted = events<{ lead: Lead }>(el, 'lead-submitted');
      await fill(el, 'name', 'Ada');
      await fill(el, 'email', 'ada@example.com');
      await tick(el, 'consent');
      // A double click: the second press comes while the first one is still loading and storing.
      const send = $<HTMLButtonElement>(el, '[part~="submit"]')!;
      send.click();
      send.click();
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      await new Promise((r) => setTimeout(r, 50));
      expect(await repo.leads.count()).to.equal(1);
      expect(submitted).to.have.length(1);
    });

    it('keeps the whole form for a returning visitor who started typing before being recognised', async () => {
      const repo = new MemoryRepository();
      const first = await setup({ repo, attrs: { fields: 'name,email,company' } });
      await fill(first.el, 'name', 'Ada');
      await fill(first.el, 'email', 'ada@example.com');
      await submit(first.el);
      await until(() => !!$(first.el, '[part~="success"]'), 3000, 'success');

      // The look-up of the visitor's earlier lead is slow, and someone else starts typing meanwhile.
      const lookUp = hold(repo.leads, 'get');
      try {
        const again = await setup({ repo, attrs: { fields: 'name,email,company' } });
        await until(() => lookUp.asked, 3000, 'the look-up of the earlier lead');
        await fill(again.el, 'name', 'Grace');
        lookUp.release();
        await new Promise((r) => setTimeout(r, 100));
        await again.el.updateComplete;
        expect(text($(again.el, '[part~="returning"]')), 'no welcome back for someone already typing').to.equal('');
        expect($$<HTMLInputElement>(again.el, 'form [name]').map((c) => c.name).filter((n) => n !== 'homepage')).to.deep.equal(['name', 'email', 'company']);
        expect(control(again.el, 'name').value).to.equal('Grace');
        await fill(again.el, 'email', 'grace@example.com');
        await submit(again.el);
        await until(() => !!$(again.el, '[part~="success"]'), 3000, 'success');
        const leads = await repo.leads.list();
        expect(leads.map((l) => `${l.name} ${l.email}`).sort()).to.deep.equal(['Ada ada@example.com', 'Grace grace@example.com']);
      } finally {
        lookUp.restore();
      }
    });

    it('drops a filled honeypot in the visitor\'s own storage, but keeps a fast submission (autofill is not a bot)', async () => {
      const { el, repo } = await setup({ attrs: { fields: 'email' } });
      const submitted = events(el, 'lead-submitted');
      const honeypot = control(el, 'homepage');
      expect(honeypot.tabIndex).to.equal(-1);
      expect(honeypot.getAttribute('autocomplete')).to.equal('off');
      expect(honeypot.closest('[aria-hidden="true"]')).to.not.equal(null);
      expect(getComputedStyle(honeypot.parentElement!).position).to.equal('absolute');
      honeypot.value = 'http://spam.example';
      await fill(el, 'email', 'bot@example.com');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'the decoy success');
      expect(text($(el, '[part~="success"]'))).to.equal('Thank you! We will be in touch soon.');
      expect(await repo.leads.count()).to.equal(0);
      expect(submitted).to.have.length(0);

      // Filled in a blink (as with autofill), well under min-fill-ms: a person's lead all the same.
      const fast = await setup({ attrs: { fields: 'email', 'min-fill-ms': '60000' } });
      const fastSubmitted = events<{ lead: Lead }>(fast.el, 'lead-submitted');
      await fill(fast.el, 'email', 'quick@example.com');
      await submit(fast.el);
      await until(() => !!$(fast.el, '[part~="success"]'), 3000, 'the success');
      expect((await fast.repo.leads.list()).map((l) => l.email)).to.deep.equal(['quick@example.com']);
      expect(fastSubmitted.map((d) => d.lead.email)).to.deep.equal(['quick@example.com']);
    });

    it('refuses a NUL or a broken character typed into a field, naming the field, and cleans what the page gives', async () => {
      const original = location.href;
      history.replaceState(null, '', `${location.pathname}?utm_source=%00news%01letter&utm_medium=%ED%A0%80`);
      try {
        const { el, repo } = await setup({ attrs: { fields: 'name,email,message' }, schema: [{ name: 'notes', label: 'Notes' }] });
        await fill(el, 'name', 'Ada\u0000');
        await fill(el, 'email', 'ada@example.com');
        await fill(el, 'message', 'pasted \ud83d text');
        await fill(el, 'notes', 'fine 😀');
        await submit(el);
        const message = 'Remove the invisible or broken character from this entry (it may have come with pasted text).';
        expect(errorOf(el, 'name')).to.equal(message);
        expect(errorOf(el, 'message')).to.equal(message);
        expect(errorOf(el, 'notes')).to.equal('');
        expect(summaryLines(el)).to.deep.equal([`Name: ${message}`, `Message: ${message}`]);
        expect(await repo.leads.count()).to.equal(0);
        await fill(el, 'name', 'Ada');
        await fill(el, 'message', 'pasted text');
        await submit(el);
        await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
        const [lead] = await repo.leads.list();
        expect(lead).to.deep.include({ name: 'Ada', message: 'pasted text', custom: { notes: 'fine 😀' } });
        // Captured, not typed: cleaned instead of refused.
        expect(lead!.source!.utm_source).to.equal('newsletter');
        // Bytes that are not UTF-8 decode to U+FFFD (one per byte or per sequence, by engine).
        expect(lead!.source!.utm_medium).to.match(/^\ufffd+$/);
        expect(lead!.source!.page).to.equal(`${location.origin}${location.pathname}?utm_source=%00news%01letter&utm_medium=%ED%A0%80`);

        const zh = await setup({ locale: 'zh-CN', attrs: { fields: 'email,message' } });
        await fill(zh.el, 'email', 'ada@example.com');
        await fill(zh.el, 'message', 'a\u0000');
        await submit(zh.el);
        expect(errorOf(zh.el, 'message')).to.equal('请删除此项中不可见或残缺的字符（可能是随粘贴的文本带入的）。');
      } finally {
        history.replaceState(null, '', original);
      }
    });

    it('stores markup typed into any field as text and shows it as text', async () => {
      const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
      const schema: FormField[] = [
        { name: 'note', label: `Note ${evil}`, help: `Help ${evil}`, placeholder: evil },
        { name: 'pick', label: 'Pick', type: 'select', options: [{ value: 'a', label: `A ${evil}` }] },
      ];
      const { el, repo } = await setup({ attrs: { fields: 'name,email,company,phone,message,title', consent: `Consent ${evil}` }, schema });
      for (const name of ['name', 'company', 'message', 'title', 'note']) await fill(el, name, `${name} ${evil}`);
      await fill(el, 'email', 'ada@example.com');
      await fill(el, 'phone', evil);
      await submit(el);
      expect(errorOf(el, 'phone')).to.not.equal('');
      expect(text($(el, `label[for="${control(el, 'note').id}"]`))).to.equal(`Note ${evil}`);
      expect(text($(el, '[part~="help"]'))).to.equal(`Help ${evil}`);
      expect($$(el, 'script, img')).to.have.length(0);
      await fill(el, 'phone', '');
      await fill(el, 'pick', 'a');
      await tick(el, 'consent');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      for (const name of ['name', 'company', 'message', 'title']) expect(lead![name]).to.equal(`${name} ${evil}`);
      expect(lead!.custom).to.deep.equal({ note: `note ${evil}`, pick: 'a' });
      expect(lead!.consent!.text).to.equal(`Consent ${evil}`);
      // Shown back to a returning visitor as text.
      await repo.leads.put({ ...lead!, name: evil });
      const again = await setup({ repo, attrs: { fields: 'name,email,company' } });
      await until(() => !!$(again.el, '[part~="returning"]'), 3000, 'the returning visitor');
      expect(text($(again.el, '[part~="returning"]'))).to.contain(evil);
      expect($$(again.el, 'script, img')).to.have.length(0);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('reports a bad schema by index and key, and still renders the valid fields', async () => {
      const schema = [
        { name: 'ok', label: 'Fine' },
        { name: 'bad', type: 'colour' },
        { name: 'sel', type: 'select' },
        { name: 'pat', pattern: '([a-z' },
        'nonsense',
        { name: 'ok', label: 'Again' },
        { name: 'cond', showIf: { field: 'missing' } },
        { name: '9lives' },
      ] as unknown as FormField[];
      const { el } = await setup({ attrs: { fields: 'name,email,bogus', required: 'email,nothing' }, schema });
      const problems = $$(el, '[part~="problems"] li').map((li) => text(li));
      expect(problems).to.include('schema[1].type: must be one of text, email, tel, number, select, radio, checkbox, textarea, hidden, date');
      expect(problems).to.include('schema[2].options: must be a list of 1 to 200 options');
      expect(problems).to.include('schema[3].pattern: must be a valid regular expression');
      expect(problems).to.include('schema[4]: must be an object with a name');
      expect(problems).to.include('schema[5].name: "ok" is used by another field');
      expect(problems.some((p) => p.startsWith('schema[7].name:'))).to.equal(true);
      expect(problems).to.include('schema field "cond": showIf names "missing", which is not a field of this form');
      expect(problems.some((p) => p.startsWith('fields: "bogus" is not a built-in field'))).to.equal(true);
      expect(problems).to.include('required: "nothing" is not a field of this form');
      expect(text($(el, `label[for="${control(el, 'ok').id}"]`))).to.equal('Fine');
      expect($$<HTMLInputElement>(el, 'form [name]').map((c) => c.name).filter((n) => n !== 'homepage')).to.deep.equal(['name', 'email', 'ok']);
      el.schema = 'not a list' as unknown as FormField[];
      await el.updateComplete;
      expect($$(el, '[part~="problems"] li').map((li) => text(li))).to.include('schema: must be a list of fields');
    });

    it('scores the lead with a .scoring model', async () => {
      const scoring: ScoringModel = {
        fit: [{ id: 'saas', when: [{ field: 'industry', op: 'eq', value: 'Software and IT' }], points: 60 }],
        engagement: [],
        mqlThreshold: 50,
      };
      const { el, repo } = await setup({ attrs: { fields: 'email,industry' }, scoring });
      await fill(el, 'email', 'ada@example.com');
      await fill(el, 'industry', 'Software and IT');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      expect(lead).to.include({ score: 60, grade: 'A3' });
    });

    /** A form configured in markup only: attributes and a <script type="application/json"> child. */
    async function fromMarkup(json: string, attrs: Record<string, string> = {}, locale = 'en'): Promise<Setup> {
      const el = document.createElement(tag) as LeadCaptureForm;
      el.setAttribute('min-fill-ms', '0');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      const script = document.createElement('script');
      script.type = 'application/json';
      script.textContent = json;
      el.append(script);
      const repo = new MemoryRepository();
      await mount(html`<l2c-provider .repository=${repo}>${el}</l2c-provider>`, { locale });
      await el.updateComplete;
      return { el, repo, root: el.shadowRoot! };
    }

    it('takes its fields, choices, help, hidden fields and scoring from a <script type="application/json"> child', async () => {
      const { el, repo } = await fromMarkup(JSON.stringify({
        schema: [
          { name: 'plan', type: 'select', label: 'Plan', required: true, help: 'You can change it later.', options: [{ value: 'team', label: 'Team' }, { value: 'enterprise', label: 'Enterprise' }] },
          { name: 'source', type: 'hidden', value: 'webinar' },
        ],
        scoring: { fit: [{ id: 'big', when: [{ field: 'custom.plan', op: 'eq', value: 'enterprise' }], points: 60 }], engagement: [], mqlThreshold: 50 },
      }), { fields: 'email', required: 'email' });
      expect($$(el, '[part~="problems"] li')).to.have.length(0);
      const plan = control<HTMLSelectElement>(el, 'plan');
      expect([...plan.options].map((o) => o.textContent!.trim())).to.deep.equal(['', 'Team', 'Enterprise']);
      expect(text(plan.closest('[part~="field"]'))).to.contain('You can change it later.');
      await fill(el, 'email', 'ada@example.com');
      await submit(el);
      expect(errorOf(el, 'plan')).to.not.equal('', 'the plan is required');
      await fill(el, 'plan', 'enterprise');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      expect(lead!.custom).to.deep.include({ plan: 'enterprise', source: 'webinar' });
      expect(lead!.score).to.equal(60);
    });

    it('names what is wrong with its markup configuration', async () => {
      const broken = await fromMarkup('{ "schema": [ ');
      expect($$(broken.el, '[part~="problems"] li').map((li) => text(li)).join('\n')).to.contain('<script type="application/json">');
      const bad = await fromMarkup('[{ "name": "9lives", "type": "text" }]', { fields: 'email' });
      expect($$(bad.el, '[part~="problems"] li').map((li) => text(li)).join('\n')).to.match(/schema\[0\]\.name/);
    });

    it('lets a custom field of the same name replace a built-in choice field', async () => {
      const { el } = await fromMarkup('[{ "name": "country", "type": "radio", "label": "Where", "options": ["DE", "FR"] }]', { fields: 'email,country' });
      expect($$<HTMLInputElement>(el, 'input[name="country"]').map((i) => i.value)).to.deep.equal(['DE', 'FR']);
    });

    it('offers industry and country as choices, the countries named in the reader\'s language', async () => {
      const { el, repo } = await fromMarkup('[]', { fields: 'email,industry,country', required: 'email' }, 'zh-CN');
      const country = control<HTMLSelectElement>(el, 'country');
      const germany = [...country.options].find((o) => o.value === 'DE')!;
      expect(germany.textContent!.trim()).to.equal('德国');
      expect(country.options.length).to.be.greaterThan(240);
      const industry = control<HTMLSelectElement>(el, 'industry');
      const software = [...industry.options].find((o) => o.value === 'Software and IT')!;
      expect(software.textContent!.trim()).to.equal('软件与信息技术');
      await fill(el, 'email', 'li@example.com');
      await fill(el, 'country', 'DE');
      await fill(el, 'industry', 'Software and IT');
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      const [lead] = await repo.leads.list();
      // Stored as codes and English values whatever the language shown.
      expect(lead).to.include({ country: 'DE', industry: 'Software and IT' });
    });

    it('names the choices again when the page\'s language changes', async () => {
      const { el } = await fromMarkup('[]', { fields: 'email,industry,country,companySize', required: 'email' }, 'zh-CN');
      const label = (name: string, value: string) => [...control<HTMLSelectElement>(el, name).options].find((o) => o.value === value)!.textContent!.trim();
      expect(label('country', 'DE')).to.equal('德国');
      expect(label('industry', 'Healthcare')).to.equal('医疗健康');
      el.parentElement!.closest('[lang]')!.setAttribute('lang', 'en');
      await until(() => label('country', 'DE') === 'Germany', 3000, 'the English country names');
      expect(label('industry', 'Healthcare')).to.equal('Healthcare');
      expect(label('companySize', '1001')).to.equal('1,001\u20135,000');
    });

    it('shows its own success message, or goes to an http(s) redirect and never to javascript:', async () => {
      const custom = await setup({ attrs: { fields: 'email', 'success-message': 'Merci <3' } });
      await fill(custom.el, 'email', 'ada@example.com');
      await submit(custom.el);
      await until(() => !!$(custom.el, '[part~="success"]'), 3000, 'success');
      expect(text($(custom.el, '[part~="success"]'))).to.equal('Merci <3');

      for (const [redirect, expected] of [['/thanks?x=1', `${location.origin}/thanks?x=1`], ['javascript:alert(1)', undefined]] as const) {
        localStorage.clear();
        const { el } = await setup({ attrs: { fields: 'email', redirect } });
        const went: string[] = [];
        (el as unknown as { navigate(url: string): void }).navigate = (url) => went.push(url);
        await fill(el, 'email', 'ada@example.com');
        await submit(el);
        await until(() => went.length > 0 || !!$(el, '[part~="success"]'), 3000, 'the outcome');
        expect(went).to.deep.equal(expected ? [expected] : []);
      }
    });

    it('says so when the browser cannot store the lead, and keeps what was typed to try again', async () => {
      const repo = new MemoryRepository();
      const put = repo.leads.put.bind(repo.leads);
      let full = true;
      repo.leads.put = (lead: Lead) => (full ? Promise.reject(new StorageError('quota')) : put(lead));
      const { el } = await setup({ repo, attrs: { fields: 'email' } });
      const submitted = events(el, 'lead-submitted');
      await fill(el, 'email', 'ada@example.com');
      await submit(el);
      await until(() => !!$(el, '[part~="failure"]'), 3000, 'the failure message');
      expect(text($(el, '[part~="failure"]'))).to.equal('The browser storage for this site is full. Free some space and try again.');
      expect($(el, '[part~="failure"]')!.getAttribute('role')).to.equal('alert');
      expect(control(el, 'email').value).to.equal('ada@example.com');
      expect(submitted).to.have.length(0);
      full = false;
      await submit(el);
      await until(() => !!$(el, '[part~="success"]'), 3000, 'success');
      expect(await repo.leads.count()).to.equal(1);
    });

    it('has slots for a header and a footer, and parts for its pieces', async () => {
      const { el } = await setup({ children: ['header|Talk to sales', 'footer|We never share your data.'] });
      expect($(el, '[part~="header"]')!.hidden).to.equal(false);
      expect($<HTMLSlotElement>(el, 'slot[name="header"]')!.assignedNodes().map((n) => n.textContent)).to.deep.equal(['Talk to sales']);
      expect($<HTMLSlotElement>(el, 'slot[name="footer"]')!.assignedNodes().map((n) => n.textContent)).to.deep.equal(['We never share your data.']);
      for (const part of ['panel', 'form', 'field', 'label', 'input', 'actions', 'submit', 'required', 'required-note']) {
        expect($(el, `[part~="${part}"]`), part).to.not.equal(null);
      }
      const plain = await setup();
      expect($(plain.el, '[part~="header"]')!.hidden).to.equal(true);
    });

    it('follows its component tokens', async () => {
      const { el } = await setup();
      el.style.setProperty('--l2c-lead-capture-form-padding', '3px');
      el.style.setProperty('--l2c-lead-capture-form-label-weight', '300');
      expect(getComputedStyle($(el, '[part~="panel"]')!).paddingTop).to.equal('3px');
      expect(getComputedStyle($(el, '[part~="label"]')!).fontWeight).to.equal('300');
    });
  });
}
