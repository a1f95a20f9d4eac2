/**
 * The behaviour every `<bant-qualifier>` keeps, whatever tag it is registered under (Lion-style
 * reusable suite): run it against the default tag and a vendor subclass.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html, unsafeStatic } from 'lit/static-html.js';
import type { BantQualifier } from '../../src/components/bant-qualifier/bant-qualifier.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { historyExamples, learnScoring } from '../../src/core/index.js';
import type { Deal, Lead, Settings } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { StorageError } from '../../src/storage/errors.js';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import type { Repository } from '../../src/storage/types.js';
import { mount } from '../fixture.js';
import { hold } from '../support/hold.js';
import { until } from '../storage/repository-suite.js';
import { NOW, plantedHistory } from '../core/learn-fixture.js';

type Criterion = 'budget' | 'authority' | 'need' | 'timeline';

const T = '2026-05-01T10:00:00.000Z';

function leadRecord(extra: Partial<Lead> = {}): Lead {
  return {
    id: 'lead-1', createdAt: T, updatedAt: T, status: 'mql', name: 'Ana Silva', company: 'Northwind',
    email: 'ana@northwind.test', ownerId: 'ben', ...extra,
  };
}

const root = (el: BantQualifier) => el.shadowRoot!;
const part = (el: BantQualifier, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: BantQualifier, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const radio = (el: BantQualifier, c: Criterion, level: string) =>
  root(el).querySelector<HTMLInputElement>(`input[data-criterion="${c}"][value="${level}"]`)!;
const note = (el: BantQualifier, c: Criterion) => root(el).querySelector<HTMLTextAreaElement>(`fieldset[data-criterion="${c}"] textarea`)!;
const checkedLevel = (el: BantQualifier, c: Criterion) =>
  root(el).querySelector<HTMLInputElement>(`input[data-criterion="${c}"]:checked`)?.value;

async function choose(el: BantQualifier, answers: Partial<Record<Criterion, string>>): Promise<void> {
  for (const [c, level] of Object.entries(answers)) {
    radio(el, c as Criterion, level).click();
    await el.updateComplete;
  }
}

function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * Types `text` one key at a time: WebKit's WebDriver drops repeated keys from one `type` command.
 * The space bar is `' '`, a name every driver knows (Firefox's BiDi lacks `Space`).
 */
async function typeKeys(value: string): Promise<void> {
  for (const key of value) await sendKeys({ press: key });
}

function button(el: BantQualifier, name: string): HTMLButtonElement {
  const b = part(el, name);
  if (!(b instanceof HTMLButtonElement)) throw new Error(`no ${name}`);
  return b;
}

/** Runs the qualifier's contract against `Element` registered as `tag`. */
export function bantQualifierSuite(Element: typeof BantQualifier, tag: string): void {
  const t = unsafeStatic(tag);

  describe(`<${tag}>`, () => {
    before(() => {
      L2cProvider.define();
      Element.define(tag);
    });

    it('is accessible, and asks the four default questions with three levels each', async () => {
      const el = await mount<BantQualifier>(html`<${t}></${t}>`);
      await expect(el).to.be.accessible();
      expect(el).to.be.instanceOf(Element);
      const legends = [...root(el).querySelectorAll('legend')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
      expect(legends).to.deep.equal([
        'Budget Does the budget fit the offer?',
        'Authority Can the contact make the buying decision?',
        'Need Does the need match the product?',
        'Timeline Does the timeline fit the sales cycle?',
      ]);
      const levels = [...root(el).querySelectorAll('fieldset[data-criterion="budget"] [part~="level-label"]')].map((l) => l.textContent!.trim());
      expect(levels).to.deep.equal(['Yes', 'Partly', 'No (disqualifies)']);
      expect(root(el).querySelectorAll('textarea')).to.have.length(4);
      expect(text(el, 'outcome-badge')).to.equal('Nurture');
      expect(text(el, 'missing')).to.equal('Still to answer: Budget, Authority, Need, and Timeline.');
    });

    it('speaks Chinese under lang="zh-CN"', async () => {
      const el = await mount<BantQualifier>(html`<${t}></${t}>`, { locale: 'zh-CN' });
      await expect(el).to.be.accessible();
      expect(text(el, 'question')).to.equal('预算 预算是否足以覆盖我们的报价？');
      await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'partial' });
      expect(text(el, 'outcome-badge')).to.equal('销售认可线索（SQL）');
      expect(text(el, 'missing')).to.equal('各项标准均已满足。');
      expect(text(el, 'score')).to.contain('得分 88%');
    });

    it('qualifies by keyboard alone: Tab to each group, arrows or Space to choose, type a note', async () => {
      const wrapper = await mount<HTMLDivElement>(html`<div><button>before</button><${t}></${t}></div>`);
      const el = wrapper.querySelector(tag) as BantQualifier;
      await el.updateComplete;
      const changes: string[] = [];
      el.addEventListener('qualification-changed', (e) => changes.push(e.detail.outcome));
      const focused = () => root(el).activeElement as HTMLInputElement | HTMLTextAreaElement | null;
      wrapper.querySelector('button')!.focus();

      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).to.equal(el);
      expect(focused()).to.equal(radio(el, 'budget', 'yes'));
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(checkedLevel(el, 'budget')).to.equal('partial');
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect(checkedLevel(el, 'budget')).to.equal('yes');
      expect(focused()).to.equal(radio(el, 'budget', 'yes'));

      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(note(el, 'budget'));
      await typeKeys('Approved for Q3');
      await el.updateComplete;
      expect(el.answers.budget).to.deep.equal({ level: 'yes', note: 'Approved for Q3' });

      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(radio(el, 'authority', 'yes'));
      await sendKeys({ press: ' ' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(radio(el, 'need', 'yes'));
      await sendKeys({ press: ' ' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(radio(el, 'timeline', 'yes'));
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;

      expect(el.answers).to.deep.equal({
        budget: { level: 'yes', note: 'Approved for Q3' }, authority: { level: 'yes' }, need: { level: 'yes' }, timeline: { level: 'partial' },
      });
      expect(text(el, 'outcome-badge')).to.equal('Sales-qualified (SQL)');
      expect(changes.at(-1)).to.equal('sql');
      expect(changes.length).to.equal(5);
      await until(() => text(el, 'announcer') !== '', 1000, 'the announcement');
      expect(text(el, 'announcer')).to.equal('Sales-qualified (SQL). Every criterion is met.');
    });

    it('fires qualification-changed and a bubbling change for a person, and nothing for a script', async () => {
      const wrapper = await mount<HTMLDivElement>(html`<div><${t}></${t}></div>`);
      const el = wrapper.firstElementChild as BantQualifier;
      const changes: Event[] = [];
      wrapper.addEventListener('change', (e) => changes.push(e));
      setTimeout(() => radio(el, 'need', 'no').click());
      const event = await oneEvent(wrapper, 'qualification-changed');
      expect(event.detail).to.deep.equal({
        answers: { need: { level: 'no' } },
        scores: { budget: null, authority: null, need: 0, timeline: null },
        total: 0,
        outcome: 'disqualified',
        missing: ['budget', 'authority', 'need', 'timeline'],
      });
      expect(event.composed).to.equal(true);
      expect(changes).to.have.length(1);
      expect(changes[0]!.target).to.equal(el);
      expect(text(el, 'missing')).to.equal('Disqualified by: Need.');
      await until(() => text(el, 'announcer') === 'Disqualified. Disqualified by: Need.', 1000, 'the announcement');

      typeInto(note(el, 'need'), 'They build it in-house');
      expect(changes).to.have.length(2);
      expect(el.answers.need).to.deep.equal({ level: 'no', note: 'They build it in-house' });

      let fired = 0;
      el.addEventListener('qualification-changed', () => fired++);
      el.answers = { budget: { level: 'yes' } };
      await el.updateComplete;
      expect(fired).to.equal(0);
      expect(changes).to.have.length(2);
      expect(checkedLevel(el, 'budget')).to.equal('yes');
      expect(checkedLevel(el, 'need')).to.equal(undefined);
    });

    it('follows model, threshold and weights', async () => {
      const el = await mount<BantQualifier>(html`<${t}></${t}>`);
      await choose(el, { budget: 'yes', authority: 'partial', need: 'yes', timeline: 'partial' });
      expect(el.result.total).to.equal(0.75);
      expect(el.result.outcome).to.equal('sql');
      expect(text(el, 'score')).to.equal('Score 75% · SQL from 75%');
      // The bar is sized through CSSOM (allowed by a strict CSP), and the state is styleable.
      expect(part(el, 'score-fill')!.style.inlineSize).to.equal('75%');
      expect(part(el, 'score-threshold')!.style.insetInlineStart).to.equal('calc(75% - 1px)');
      expect(el.matches(':state(sql)')).to.equal(true);
      expect(el.matches(':state(complete)')).to.equal(true);

      el.threshold = 0.8;
      await el.updateComplete;
      expect(text(el, 'outcome-badge')).to.equal('Nurture');
      expect(el.matches(':state(nurture)')).to.equal(true);
      expect(el.matches(':state(sql)')).to.equal(false);
      expect(text(el, 'missing')).to.equal('Every criterion is met.');

      el.weights = { budget: 3, authority: 1, need: 3, timeline: 1 };
      await el.updateComplete;
      expect(el.result.total).to.equal(0.875);
      expect(text(el, 'outcome-badge')).to.equal('Sales-qualified (SQL)');

      el.setAttribute('model', 'all');
      await el.updateComplete;
      expect(text(el, 'outcome-badge')).to.equal('Nurture');
      expect(text(el, 'missing')).to.equal('Not met: Authority and Timeline.');
      expect(text(el, 'score')).to.contain('Every criterion must be met');
      expect(part(el, 'score-threshold')).to.equal(null);
    });

    it('takes questions, levels and guidance from .config, per locale', async () => {
      const el = await mount<BantQualifier>(html`<${t} .config=${{
        model: 'weighted',
        threshold: 0.6,
        criteria: {
          budget: { label: { en: 'Money', 'zh-CN': '资金' }, question: 'Is there an approved budget over $10k?', guidance: 'Ask for the amount.' },
        },
        levels: {
          timeline: [
            { id: 'quarter', score: 1, label: { en: 'This quarter', 'zh-CN': '本季度' } },
            { id: 'year', score: 0.5, label: 'This year' },
            { id: 'never', score: 0, disqualifies: true, label: 'No plan' },
          ],
        },
      }}></${t}>`);
      await expect(el).to.be.accessible();
      expect(text(el, 'question')).to.equal('Money Is there an approved budget over $10k?');
      expect(text(el, 'guidance')).to.equal('Ask for the amount.');
      const timeline = [...root(el).querySelectorAll('fieldset[data-criterion="timeline"] [part~="level-label"]')].map((l) => l.textContent!.trim());
      expect(timeline).to.deep.equal(['This quarter', 'This year', 'No plan (disqualifies)']);
      await choose(el, { budget: 'partial', authority: 'yes', need: 'partial', timeline: 'year' });
      expect(el.result.total).to.equal(0.625);
      expect(text(el, 'outcome-badge')).to.equal('Sales-qualified (SQL)');
      expect(part(el, 'config-error')).to.equal(null);
      document.documentElement.lang = 'zh-CN';
      el.locale = 'zh-CN';
      await el.updateComplete;
      expect(text(el, 'criterion-name')).to.equal('资金');
      expect(root(el).querySelector('[value="quarter"] + [part~="level-label"]')!.textContent!.trim()).to.equal('本季度');
      document.documentElement.lang = 'en';
    });

    it('names each invalid setting and uses the defaults for it, keeping the valid ones', async () => {
      const el = await mount<BantQualifier>(html`<${t} model="strict" .config=${{
        threshold: 2,
        weights: { budget: -1 },
        levels: { budget: [{ id: 'yes', score: 'high' }], need: [{ id: 'ok', score: 1, label: 'Clear need' }] },
        criteria: { authority: { question: 42 }, money: {} },
      }}></${t}>`);
      await expect(el).to.be.accessible();
      const message = text(el, 'config-error');
      for (const path of ['model', 'threshold', 'weights.budget', 'levels.budget[0].score', 'criteria.authority.question', 'criteria.money']) {
        expect(message).to.contain(path);
      }
      // The broken budget levels fall back to the defaults; the valid need levels stay.
      expect(radio(el, 'budget', 'partial')).to.be.instanceOf(HTMLInputElement);
      expect(radio(el, 'need', 'ok')).to.be.instanceOf(HTMLInputElement);
      expect(text(el, 'question')).to.contain('Does the budget fit the offer?');
      await choose(el, { budget: 'yes', authority: 'yes', need: 'ok', timeline: 'partial' });
      expect(el.result.outcome).to.equal('sql');
    });

    describe('in a form', () => {
      it('puts the JSON result in FormData under its name, and nothing without a name', async () => {
        const form = await mount<HTMLFormElement>(html`<form><${t} name="bant"></${t}><${t}></${t}><button>Send</button></form>`);
        const [el, unnamed] = [...form.querySelectorAll(tag)] as BantQualifier[];
        await unnamed!.updateComplete;
        expect(el!.form).to.equal(form);
        await choose(el!, { budget: 'yes', authority: 'no', need: 'partial' });
        typeInto(note(el!, 'authority'), 'CFO signs');
        await choose(unnamed!, { budget: 'yes' });

        let submitted: FormData | undefined;
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          submitted = new FormData(form);
        });
        form.requestSubmit();
        expect(submitted, 'the form was submitted').to.be.instanceOf(FormData);
        expect([...submitted!.keys()]).to.deep.equal(['bant']);
        const value = JSON.parse(submitted!.get('bant') as string);
        expect(value).to.deep.include({
          answers: { budget: { level: 'yes' }, authority: { level: 'no', note: 'CFO signs' }, need: { level: 'partial' } },
          scores: { budget: 1, authority: 0, need: 0.5, timeline: null },
          total: 0.375,
          outcome: 'nurture',
          missing: ['authority', 'timeline'],
          complete: false,
        });
        expect(el!.value).to.equal(submitted!.get('bant'));
      });

      it('blocks a required, incomplete submit with a message, and lets it through once complete', async () => {
        const form = await mount<HTMLFormElement>(html`<form><label for="q">Qualification</label><${t} id="q" name="bant" required></${t}></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await el.updateComplete;
        expect([...el.labels].map((l) => l.textContent)).to.deep.equal(['Qualification']);
        let submits = 0;
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          submits++;
        });
        await choose(el, { budget: 'yes', need: 'yes' });
        expect(el.validity.valueMissing).to.equal(true);
        expect(el.willValidate).to.equal(true);
        form.requestSubmit();
        expect(submits).to.equal(0);
        expect(form.checkValidity()).to.equal(false);
        expect(el.reportValidity()).to.equal(false);
        expect(el.validationMessage).to.equal('Answer every BANT question. Still to answer: Authority and Timeline.');
        await el.updateComplete;
        expect(text(el, 'error')).to.equal(el.validationMessage);
        expect(root(el).querySelectorAll('[part~="criterion-error"]')).to.have.length(2);
        await expect(el).to.be.accessible();

        await choose(el, { authority: 'no', timeline: 'partial' });
        expect(el.validity.valid).to.equal(true);
        expect(part(el, 'error')).to.equal(null);
        form.requestSubmit();
        expect(submits).to.equal(1);
      });

      it('submits an optional qualifier however incomplete, and honours setCustomValidity', async () => {
        const form = await mount<HTMLFormElement>(html`<form><${t} name="bant"></${t}></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await el.updateComplete;
        expect(el.checkValidity()).to.equal(true);
        expect(JSON.parse(new FormData(form).get('bant') as string).outcome).to.equal('nurture');
        el.setCustomValidity('Ask your manager first.');
        expect(el.checkValidity()).to.equal(false);
        expect(el.validity.customError).to.equal(true);
        expect(el.validationMessage).to.equal('Ask your manager first.');
        el.setCustomValidity('');
        expect(el.checkValidity()).to.equal(true);
      });

      it('goes back to its default answers on form.reset()', async () => {
        const form = await mount<HTMLFormElement>(html`<form><${t} name="bant" required></${t}></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        typeInto(note(el, 'need'), 'Replacing spreadsheets');
        form.reset();
        await el.updateComplete;
        expect(el.answers).to.deep.equal({});
        expect(checkedLevel(el, 'budget')).to.equal(undefined);
        expect(note(el, 'need').value).to.equal('');
        expect(el.validity.valueMissing).to.equal(true);
        expect(JSON.parse(new FormData(form).get('bant') as string).answers).to.deep.equal({});

        el.defaultAnswers = { budget: { level: 'partial', note: 'Pending approval' } };
        await choose(el, { budget: 'no' });
        form.reset();
        await el.updateComplete;
        expect(checkedLevel(el, 'budget')).to.equal('partial');
        expect(note(el, 'budget').value).to.equal('Pending approval');
      });

      it('restores its answers from a saved form state', async () => {
        const form = await mount<HTMLFormElement>(html`<form><${t} name="bant"></${t}></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await choose(el, { budget: 'yes', authority: 'partial' });
        typeInto(note(el, 'authority'), 'Needs the CTO');
        const state = el.value;

        const again = await mount<HTMLFormElement>(html`<form><${t} name="bant"></${t}></form>`);
        const restored = again.querySelector(tag) as BantQualifier;
        await restored.updateComplete;
        // Browsers call this after a back/forward navigation or autofill; tests call it as they would.
        restored.formStateRestoreCallback(state);
        await restored.updateComplete;
        expect(checkedLevel(restored, 'budget')).to.equal('yes');
        expect(checkedLevel(restored, 'authority')).to.equal('partial');
        expect(note(restored, 'authority').value).to.equal('Needs the CTO');
        expect(JSON.parse(new FormData(again).get('bant') as string).answers).to.deep.equal(el.answers);
        // A state that is not JSON restores nothing rather than throwing.
        restored.formStateRestoreCallback('{not json');
        expect(restored.answers).to.deep.equal({});
      });

      it('is disabled by its attribute: no controls, no value, no blocked submit', async () => {
        const form = await mount<HTMLFormElement>(html`<form><${t} name="bant" required disabled></${t}></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await el.updateComplete;
        expect(el.matches(':disabled')).to.equal(true);
        expect([...root(el).querySelectorAll('input, textarea')].every((c) => (c as HTMLInputElement).disabled)).to.equal(true);
        expect(new FormData(form).has('bant')).to.equal(false);
        expect(form.checkValidity()).to.equal(true);
        el.disabled = false;
        await el.updateComplete;
        expect(radio(el, 'budget', 'yes').disabled).to.equal(false);
        expect(form.checkValidity()).to.equal(false);
      });

      it('is disabled by a disabled fieldset around it', async () => {
        const form = await mount<HTMLFormElement>(html`<form><fieldset disabled><${t} name="bant"></${t}></fieldset></form>`);
        const el = form.querySelector(tag) as BantQualifier;
        await el.updateComplete;
        expect(el.matches(':disabled')).to.equal(true);
        expect(radio(el, 'need', 'yes').disabled).to.equal(true);
        expect(note(el, 'need').disabled).to.equal(true);
        expect(new FormData(form).has('bant')).to.equal(false);
        form.querySelector('fieldset')!.disabled = false;
        await el.updateComplete;
        expect(radio(el, 'need', 'yes').disabled).to.equal(false);
        await choose(el, { need: 'yes' });
        expect(JSON.parse(new FormData(form).get('bant') as string).scores.need).to.equal(1);
      });
    });

    describe('with lead-id', () => {
      let repo: MemoryRepository;
      beforeEach(async () => {
        repo = new MemoryRepository();
        await repo.pipelines.putMany([pipelineFromTemplate('l2c', { currency: 'EUR' }), pipelineFromTemplate('classic', { currency: 'USD' })]);
      });

      async function mountLead(r: Repository, attrs: { pipelineId?: string } = {}, locale = 'en'): Promise<BantQualifier> {
        const provider = await mount<L2cProvider>(
          html`<l2c-provider .repository=${r}><${t} lead-id="lead-1" pipeline-id=${attrs.pipelineId ?? ''}></${t}></l2c-provider>`,
          { locale },
        );
        const el = provider.querySelector(tag) as BantQualifier;
        await until(() => part(el, 'lead-name') !== null || text(el, 'lead').includes('no lead'), 3000, 'the lead to load');
        return el;
      }

      it('loads the lead and its saved answers, and saves the result and status on it', async () => {
        await repo.leads.put(leadRecord({ bant: { answers: { budget: { level: 'yes', note: 'Approved' } } } }));
        const el = await mountLead(repo);
        await expect(el).to.be.accessible();
        expect(text(el, 'lead-name')).to.equal('Ana Silva · Northwind');
        expect(text(el, 'lead-status')).to.equal('Marketing qualified');
        expect(checkedLevel(el, 'budget')).to.equal('yes');
        expect(note(el, 'budget').value).to.equal('Approved');

        await choose(el, { authority: 'yes', need: 'yes', timeline: 'partial' });
        const pressed = Date.now();
        setTimeout(() => button(el, 'save-button').click());
        const saved = await oneEvent(el, 'qualification-saved');
        const answered = Date.now();
        const stored = (await repo.leads.get('lead-1'))!;
        expect(saved.detail.lead).to.deep.equal(stored);
        expect(stored.status).to.equal('sql');
        const bant = stored.bant as Record<string, unknown>;
        expect(bant).to.deep.include({
          answers: { budget: { level: 'yes', note: 'Approved' }, authority: { level: 'yes' }, need: { level: 'yes' }, timeline: { level: 'partial' } },
          scores: { budget: 1, authority: 1, need: 1, timeline: 0.5 },
          total: 0.875,
          outcome: 'sql',
          missing: [],
        });
        expect(Date.parse(bant.at as string), 'the time of the save').to.be.within(pressed, answered);
        // The change of status is stamped (the lead was an MQL before: only sqlAt is new).
        expect(stored.lifecycle?.sqlAt).to.equal(bant.at);
        expect(stored.sqlAt).to.equal(bant.at);
        await until(() => text(el, 'lead-status') === 'Sales qualified', 2000, 'the new status');
        expect(text(el, 'notice')).to.equal('Qualification saved. The lead is now “Sales qualified”.');
      });

      it('shows the lead\'s probability and, on demand, why, once a learned scoring model is applied, in English and Chinese', async () => {
        const history = plantedHistory(1500, 8);
        const learned = learnScoring(historyExamples(history.leads, history.deals, { now: NOW }).examples, { seed: 1, now: NOW });
        const lead = leadRecord({ industry: 'SaaS', custom: { pageViews: 25 } });
        await repo.leads.put(lead);
        const plain = await mountLead(repo);
        expect(part(plain, 'probability')).to.equal(null);
        await repo.settings.put({ id: 'scoring', model: learned.toScoringModel(), learned: learned.toJSON(), appliedAt: NOW } as Settings);
        await until(() => part(plain, 'probability') !== null, 3000, 'the probability after the model is applied');
        const p = learned.predict(lead);
        expect(text(plain, 'probability')).to.equal(`${Math.round(p * 100)}% likely to convert`);
        const summary = root(plain).querySelector<HTMLElement>('[part="why"] summary')!;
        summary.focus();
        await sendKeys({ press: 'Enter' });
        await until(() => root(plain).querySelector<HTMLDetailsElement>('[part="why"]')!.open, 2000, 'the reasons');
        const reasons = [...root(plain).querySelectorAll<HTMLElement>('[part="why-factor"]')];
        expect(reasons.map((r) => r.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(learned.explain(lead).map((f) => `${f.weight > 0 ? 'Raises' : 'Lowers'}: ${f.factor}`));
        expect(reasons.some((r) => r.dataset.direction === 'for' && r.textContent!.includes('Industry is SaaS'))).to.equal(true);
        await expect(plain).to.be.accessible();
        const zh = await mountLead(repo, {}, 'zh-CN');
        await until(() => text(zh, 'probability').startsWith('转化可能性'), 3000, 'the Chinese probability');
      });

      it('keeps what the person answered while the lead was loading, over the saved answers', async () => {
        await repo.leads.put(leadRecord({ bant: { answers: { budget: { level: 'no' }, need: { level: 'partial' } } } }));
        // The lead takes a while to arrive; the person answers meanwhile.
        const read = hold(repo.leads, 'get');
        const provider = await mount<L2cProvider>(html`<l2c-provider .repository=${repo}><${t} lead-id="lead-1"></${t}></l2c-provider>`);
        const el = provider.querySelector(tag) as BantQualifier;
        await until(() => !!el.shadowRoot?.querySelector('input[type="radio"]'), 3000, 'the questions');
        await choose(el, { budget: 'yes' });
        read.release();
        await until(() => part(el, 'lead-name') !== null, 3000, 'the lead to load');
        await el.updateComplete;
        expect(checkedLevel(el, 'budget'), 'the answer given while loading').to.equal('yes');
        expect(el.answers).to.deep.equal({ budget: { level: 'yes' } });
        setTimeout(() => button(el, 'save-button').click());
        await oneEvent(el, 'qualification-saved');
        const stored = (await repo.leads.get('lead-1'))!;
        expect((stored.bant as { answers: unknown }).answers).to.deep.equal({ budget: { level: 'yes' } });
      });

      it('saves the answers given to a lead even when the host switches to another lead during the save', async () => {
        await repo.leads.putMany([leadRecord(), leadRecord({ id: 'lead-2', name: 'Bo Chen', company: 'Contoso' })]);
        const el = await mountLead(repo);
        await choose(el, { budget: 'yes', authority: 'yes' });
        // The save's fresh read of the lead is slow; the host moves on to the next lead meanwhile.
        const read = hold(repo.leads, 'get', (id) => id === 'lead-1');
        const saved = oneEvent(el, 'qualification-saved');
        button(el, 'save-button').click();
        el.leadId = 'lead-2';
        await until(() => text(el, 'lead-name') === 'Bo Chen · Contoso', 3000, 'the next lead');
        read.release();
        expect((await saved).detail.lead.id).to.equal('lead-1');
        const first = (await repo.leads.get('lead-1'))!;
        expect((first.bant as { answers: unknown }).answers).to.deep.equal({ budget: { level: 'yes' }, authority: { level: 'yes' } });
        expect((await repo.leads.get('lead-2'))!.bant).to.equal(undefined);
        await el.updateComplete;
        // The next lead starts blank, and the earlier lead's outcome is not shown as its own.
        expect(el.answers).to.deep.equal({});
        expect(text(el, 'notice')).to.equal('');
      });

      it('saves unfinished answers without deciding the status, and a disqualification with it', async () => {
        await repo.leads.put(leadRecord());
        const el = await mountLead(repo);
        await choose(el, { budget: 'partial' });
        button(el, 'save-button').click();
        await until(() => text(el, 'notice') !== '', 2000, 'the save');
        let stored = (await repo.leads.get('lead-1'))!;
        expect(stored.status).to.equal('mql');
        expect((stored.bant as { answers: unknown }).answers).to.deep.equal({ budget: { level: 'partial' } });

        await choose(el, { budget: 'no' });
        button(el, 'save-button').click();
        await until(() => text(el, 'lead-status') === 'Disqualified', 2000, 'the disqualification');
        stored = (await repo.leads.get('lead-1'))!;
        expect(stored.status).to.equal('disqualified');
        expect((stored.bant as { outcome: string }).outcome).to.equal('disqualified');
      });

      it('converts an SQL into a deal in the first open stage of the chosen pipeline', async () => {
        await repo.leads.put(leadRecord({ value: 12000 }));
        const el = await mountLead(repo);
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        await expect(el).to.be.accessible();
        const select = part(el, 'pipeline-select') as HTMLSelectElement;
        // In the repository's order (by id here); each option names the stage the deal would start in.
        expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Classic sales — Prospecting', 'Lead to cash — Lead']);
        select.value = 'l2c';
        select.dispatchEvent(new Event('change'));
        await el.updateComplete;
        expect(root(el).querySelector('label[for$="-value"]')!.textContent).to.equal('Deal value (EUR)');
        expect((part(el, 'value-input') as HTMLInputElement).value).to.equal('12000');
        select.value = 'classic';
        select.dispatchEvent(new Event('change'));
        await el.updateComplete;
        expect(root(el).querySelector('label[for$="-value"]')!.textContent).to.equal('Deal value (USD)');
        typeInto(part(el, 'value-input') as HTMLInputElement, '15000');

        setTimeout(() => button(el, 'convert-button').click());
        const created = await oneEvent(el, 'deal-created');
        const deals = await repo.deals.list({ where: { leadId: 'lead-1' } });
        expect(deals).to.have.length(1);
        const deal = deals[0] as Deal;
        expect(created.detail.deal).to.deep.equal(deal);
        expect(deal).to.deep.include({
          title: 'Northwind', value: 15000, currency: 'USD', pipelineId: 'classic', stageId: 'prospecting',
          status: 'open', leadId: 'lead-1', ownerId: 'ben',
        });
        expect(deal.history).to.deep.equal([{ stageId: 'prospecting', enteredAt: deal.createdAt }]);
        const stored = (await repo.leads.get('lead-1'))!;
        expect(stored.status).to.equal('converted');
        expect((stored.bant as { outcome: string }).outcome).to.equal('sql');
        expect(stored.lifecycle?.convertedAt).to.equal(stored.updatedAt);
        expect(created.detail.lead).to.deep.equal(stored);
        await until(() => text(el, 'lead-status') === 'Converted', 2000, 'the converted status');
        expect(text(el, 'notice')).to.equal('Converted: the deal “Northwind” is in Prospecting of Classic sales.');
        expect(part(el, 'convert-button')).to.equal(null);
      });

      it('uses the pipelines of the provider and the pipeline-id attribute, and takes the lead value', async () => {
        await repo.leads.put(leadRecord({ company: undefined, custom: { budget: '8000' } }));
        const provider = await mount<L2cProvider>(html`<l2c-provider .repository=${repo}
          .pipelines=${[pipelineFromTemplate('five-phase', { id: 'fp', currency: 'CNY' }), pipelineFromTemplate('aida', { id: 'aida' })]}>
          <${t} lead-id="lead-1" pipeline-id="aida"></${t}></l2c-provider>`);
        const el = provider.querySelector(tag) as BantQualifier;
        await until(() => part(el, 'lead-name') !== null, 3000, 'the lead');
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        expect((part(el, 'pipeline-select') as HTMLSelectElement).value).to.equal('aida');
        setTimeout(() => button(el, 'convert-button').click());
        const { detail } = await oneEvent(el, 'deal-created');
        expect(detail.deal).to.deep.include({ title: 'Ana Silva', value: 8000, pipelineId: 'aida', stageId: 'awareness' });
      });

      it('refuses a negative deal value with a message and writes nothing', async () => {
        await repo.leads.put(leadRecord());
        const el = await mountLead(repo);
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        typeInto(part(el, 'value-input') as HTMLInputElement, '-5');
        button(el, 'convert-button').click();
        await el.updateComplete;
        expect(root(el).querySelector('[id$="-value-error"]')!.textContent).to.equal('Enter a value of 0 or more, or leave it empty.');
        expect(part(el, 'value-input')!.getAttribute('aria-invalid')).to.equal('true');
        expect(await repo.deals.count()).to.equal(0);
      });

      it('sends a not-ready lead to nurture with a reason and a re-entry date', async () => {
        await repo.leads.put(leadRecord());
        const el = await mountLead(repo);
        await choose(el, { budget: 'yes', authority: 'partial', need: 'yes', timeline: 'no' });
        expect(text(el, 'outcome-badge')).to.equal('Nurture');
        await expect(el).to.be.accessible();
        const reason = part(el, 'reason-input') as HTMLInputElement;
        const reentry = part(el, 'reentry-input') as HTMLInputElement;
        // A partial answer meets a criterion under the weighted model (passScore 0.5): only Timeline is missing.
        expect(reason.value).to.equal('Not ready: Timeline not met.');
        const in30 = new Date(Date.now() + 30 * 86_400_000);
        const expected = `${in30.getFullYear()}-${String(in30.getMonth() + 1).padStart(2, '0')}-${String(in30.getDate()).padStart(2, '0')}`;
        expect(reentry.value).to.equal(expected);

        typeInto(reason, '');
        button(el, 'nurture-button').click();
        await el.updateComplete;
        expect(root(el).querySelector('[id$="-reason-error"]')!.textContent).to.equal('Say why the lead is not ready.');
        expect(reason.getAttribute('aria-invalid')).to.equal('true');
        expect((await repo.leads.get('lead-1'))!.status).to.equal('mql');

        typeInto(reason, 'Budget cycle starts in autumn');
        typeInto(reentry, '2099-09-01');
        setTimeout(() => button(el, 'nurture-button').click());
        const nurtured = await oneEvent(el, 'lead-nurtured');
        const stored = (await repo.leads.get('lead-1'))!;
        expect(stored).to.deep.include({ status: 'nurturing', nurtureReason: 'Budget cycle starts in autumn', reentryAt: '2099-09-01' });
        expect(stored.ownerId).to.equal(undefined);
        expect((stored.bant as { outcome: string }).outcome).to.equal('nurture');
        expect(nurtured.detail).to.deep.equal({ lead: stored, reason: 'Budget cycle starts in autumn', reentryAt: '2099-09-01' });
        await until(() => text(el, 'notice').startsWith('The lead is in nurture until'), 2000, 'the notice');
        expect(text(el, 'notice')).to.contain('2099');
      });

      it('lets an SQL lead go to nurture instead, and refuses a past re-entry date', async () => {
        await repo.leads.put(leadRecord());
        const el = await mountLead(repo);
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        expect(part(el, 'nurture')).to.equal(null);
        button(el, 'nurture-toggle').click();
        await el.updateComplete;
        typeInto(part(el, 'reason-input') as HTMLInputElement, 'Wants to wait for the new CFO');
        typeInto(part(el, 'reentry-input') as HTMLInputElement, '2020-01-01');
        button(el, 'nurture-button').click();
        await el.updateComplete;
        expect(root(el).querySelector('[id$="-reentry-error"]')!.textContent).to.equal('Choose a date after today.');
        expect((await repo.leads.get('lead-1'))!.status).to.equal('mql');
      });

      it('reports a failed write and keeps the answers', async () => {
        await repo.leads.put(leadRecord());
        const full = new StorageError('quota');
        // The repository's collections are read-only properties: the failing one is defined, not assigned.
        const failing = Object.create(repo, {
          leads: { value: Object.assign(Object.create(repo.leads) as MemoryRepository['leads'], { put: () => Promise.reject(full) }) },
        }) as MemoryRepository;
        const el = await mountLead(failing);
        await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
        button(el, 'save-button').click();
        await until(() => text(el, 'notice') !== '', 2000, 'the failure');
        expect(text(el, 'notice')).to.equal('That did not work: The browser storage for this site is full. Free some space and try again.');
        expect(button(el, 'save-button').disabled).to.equal(false);
        expect(checkedLevel(el, 'timeline')).to.equal('yes');
        expect((await repo.leads.get('lead-1'))!.status).to.equal('mql');
      });

      it('says so when the lead does not exist', async () => {
        const el = await mountLead(repo);
        expect(text(el, 'lead')).to.equal('There is no lead with the id “lead-1”.');
        await expect(el).to.be.accessible();
      });

      it('persists through IndexedDB and shows a change made elsewhere', async () => {
        const idb = new IndexedDbRepository({ dbName: `bant-${tag}-${Date.now()}` });
        try {
          await idb.pipelines.put(pipelineFromTemplate('l2c'));
          await idb.leads.put(leadRecord());
          const el = await mountLead(idb, {}, 'zh-CN');
          expect(text(el, 'lead-status')).to.equal('市场认可线索');
          await choose(el, { budget: 'yes', authority: 'yes', need: 'yes', timeline: 'yes' });
          setTimeout(() => button(el, 'convert-button').click());
          await oneEvent(el, 'deal-created');
          const [deal] = await idb.deals.list({ where: { leadId: 'lead-1' } });
          expect(deal).to.deep.include({ stageId: 'lead', pipelineId: 'l2c', title: 'Northwind' });
          expect((await idb.leads.get('lead-1'))!.status).to.equal('converted');
          await until(() => text(el, 'lead-status') === '已转化', 2000, 'the converted status');
          expect(text(el, 'notice')).to.contain('已转化');

          // Another writer (a tab, the server) qualifies the lead again: untouched answers follow.
          const lead = (await idb.leads.get('lead-1'))!;
          await idb.leads.put({ ...lead, bant: { answers: { budget: { level: 'partial' } } } });
          await until(() => checkedLevel(el, 'budget') === 'partial', 2000, 'the outside change');
        } finally {
          idb.close();
        }
      });
    });
  });
}
