/**
 * The behaviour every `<scoring-studio>` keeps, whatever tag it is registered under: run against
 * the default tag and a vendor subclass. Stored leads with a planted signal (industry SaaS and page
 * views drive conversion); the studio must find it, beat rules that see half of it on the same
 * held-out leads, and apply the model to the `scoring` settings record.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html, unsafeStatic } from 'lit/static-html.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { ScoringStudio } from '../../src/components/scoring-studio/scoring-studio.js';
import { loadLearnedScoring, scoreLead, type ScoringModel, type Settings } from '../../src/core/index.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { NOW, plantedHistory } from '../core/learn-fixture.js';

const ON_INDUSTRY: ScoringModel = { fit: [{ id: 'saas', when: [{ field: 'industry', op: 'eq', value: 'SaaS' }], points: 30 }], engagement: [], mqlThreshold: 20 };

const root = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const announced = (el: Element) => text(part(el, 'announcer'));
const num = (el: Element, name: string) => Number(text(part(el, name)?.querySelector('dd')));

export function scoringStudioSuite(ctor: typeof ScoringStudio, tag: string): void {
  const t = unsafeStatic(tag);

  before(() => {
    L2cProvider.define();
    if (!customElements.get(tag)) ctor.define(tag);
  });

  async function studio(options: { n?: number; rules?: ScoringModel; locale?: string; open?: number } = {}) {
    const repo = new MemoryRepository();
    const { leads, deals } = plantedHistory(options.n ?? 1200, 3, options.open ?? 0.1);
    await repo.leads.putMany(leads);
    await repo.deals.putMany(deals);
    if (options.rules) await repo.settings.put({ id: 'scoring', model: options.rules, appliedAt: NOW } as Settings);
    const provider = await mount<L2cProvider>(html`<l2c-provider .repository=${repo} user-id="ops"><${t} .now=${NOW}></${t}></l2c-provider>`, { locale: options.locale ?? 'en' });
    const el = provider.querySelector(tag) as ScoringStudio;
    await until(() => !!part(el, 'train'), 5000, 'the Train button');
    return { el, repo, leads, deals };
  }

  async function trained(options: Parameters<typeof studio>[0] = {}) {
    const s = await studio(options);
    part(s.el, 'train')!.click();
    await until(() => !!part(s.el, 'quality'), 20000, 'the quality');
    await s.el.updateComplete;
    return s;
  }

  describe(`<${tag}>`, () => {
    it('counts the leads it learns from and the base rate before training, accessibly', async () => {
      const { el } = await studio();
      const h = el.history;
      expect(h.examples.length + h.leftOut).to.equal(1200);
      expect(text(part(el, 'counts'))).to.contain(`${h.examples.length} leads to learn from`).and.contain(`${h.converted} converted`).and.contain(`${h.leftOut} left out`);
      expect(text(part(el, 'intro'))).to.contain('90 days');
      expect(part(el, 'problem')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('trains off the page, then shows AUC, lift by decile, the threshold and the planted factors, and beats half the signal on the same leads', async () => {
      const { el } = await trained({ rules: ON_INDUSTRY });
      expect(el.model).to.not.equal(undefined);
      const auc = num(el, 'auc');
      expect(auc).to.be.above(0.75);
      expect(auc).to.equal(Number(el.model!.metrics.auc.toFixed(2)));
      expect(Number(text(part(el, 'top-lift')?.querySelector('dd')).replace('×', ''))).to.be.above(1.5);
      expect(root(el).querySelectorAll('[part~="lift-table"] tbody tr')).to.have.length(10);
      expect(root(el).querySelectorAll('[part~="lift-chart"] rect')).to.have.length(10);
      expect(text(part(el, 'threshold'))).to.match(/\d+% or more/);
      const forFeatures = [...root(el).querySelectorAll<HTMLElement>('[part~="factors-for"] [part="factor"]')].map((f) => f.dataset.feature);
      expect(forFeatures).to.include('industry');
      expect(text(part(el, 'factors-for'))).to.contain('Industry is SaaS');
      const rules = num(el, 'rules-auc');
      expect(rules).to.be.above(0.5);
      expect(auc).to.be.above(rules);
      expect(text(part(el, 'verdict'))).to.contain('The learned model ranks leads better');
      expect(announced(el)).to.contain('Trained. AUC');
      await expect(el).to.be.accessible();
    });

    it('says there are no rules to compare with when none are applied', async () => {
      const { el } = await trained();
      expect(text(part(el, 'rules-auc'))).to.contain('No rules applied yet');
      expect(part(el, 'verdict')).to.equal(null);
    });

    it('applies the model after confirmation, by keyboard: the scoring record holds its rules and JSON, and scores as it predicts', async () => {
      const { el, repo, leads } = await trained();
      part(el, 'apply')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => !!root(el).querySelector('dialog')?.open, 2000, 'the dialog');
      expect(text(root(el).querySelector('dialog'))).to.contain('instead of no rules');
      await expect(el).to.be.accessible();
      const applied = oneEvent(el, 'scoring-applied');
      part(el, 'confirm')!.focus();
      await sendKeys({ press: 'Enter' });
      const { detail } = await applied;
      const stored = await repo.settings.get('scoring');
      expect(stored?.appliedBy).to.equal('ops');
      expect(stored?.appliedAt).to.equal(NOW);
      expect(detail.settings.learned).to.deep.equal(stored?.learned);
      const model = loadLearnedScoring(stored!.learned);
      const lead = leads[0]!;
      expect(model.predict(lead)).to.equal(el.model!.predict(lead));
      // The rules say MQL exactly where the probability reaches the suggested threshold.
      const mql = scoreLead(lead, [], stored!.model as ScoringModel, NOW).mql;
      expect(mql).to.equal(model.predict(lead) >= model.threshold.score);
      expect(announced(el)).to.contain('is applied');
      expect(root(el).querySelector('dialog')!.open).to.equal(false);
      await until(() => !!part(el, 'applied'), 2000, 'the applied note');
    });

    it('closes the dialog on Escape without storing anything', async () => {
      const { el, repo } = await trained();
      part(el, 'apply')!.click();
      await until(() => !!root(el).querySelector('dialog')?.open, 2000, 'the dialog');
      await sendKeys({ press: 'Escape' });
      await until(() => !root(el).querySelector('dialog')!.open, 2000, 'the dialog to close');
      expect(await repo.settings.get('scoring')).to.equal(undefined);
    });

    it('cancels a training under way, and says so', async () => {
      const { el } = await studio({ n: 4000 });
      part(el, 'train')!.click();
      await until(() => !!part(el, 'cancel'), 5000, 'the Cancel button');
      expect(part(el, 'progress')).to.not.equal(null);
      part(el, 'cancel')!.click();
      await until(() => announced(el).includes('Training cancelled'), 5000, 'the cancellation');
      expect(part(el, 'quality')).to.equal(null);
      expect(el.model).to.equal(undefined);
    });

    it('names why it cannot train: too few leads, or one outcome only', async () => {
      const few = await studio({ n: 20 });
      expect(text(part(few.el, 'problem'))).to.match(/Too few leads to learn from: \d+ converted and \d+ not converted; at least 10 of each/);
      expect((part(few.el, 'train') as HTMLButtonElement).disabled).to.equal(true);
      const open = await studio({ n: 30, open: 1 });
      expect(text(part(open.el, 'problem'))).to.contain('No lead converted yet');
      await expect(open.el).to.be.accessible();
    });

    it('speaks Chinese', async () => {
      const { el } = await trained({ locale: 'zh-CN' });
      expect(text(part(el, 'title'))).to.equal('根据历史数据的线索评分');
      expect(text(part(el, 'train'))).to.equal('重新训练');
      expect(text(part(el, 'compare'))).to.contain('尚未应用规则');
    });
  });
}
