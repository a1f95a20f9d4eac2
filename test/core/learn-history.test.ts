import { expect } from '@open-wc/testing';
import {
  compareWithRules,
  historyExamples,
  learnScoring,
  settingsProblems,
  scoringSettingsOf,
  topFactors,
  type Lead,
  type ScoringModel,
} from '../../src/core/index.js';
import { NOW, plantedHistory } from './learn-fixture.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();
const lead = (id: string, status: Lead['status'], days: number, extra: Partial<Lead> = {}): Lead => ({ id, status, createdAt: ago(days), updatedAt: ago(days), ...extra });

describe('core/learn-history: historyExamples', () => {
  it('counts converted leads and leads with a won deal as converted, disqualified and stale open leads as not, and leaves out recent open leads and spam', () => {
    const leads = [
      lead('conv', 'converted', 5),
      lead('won', 'sql', 5),
      lead('lost-deal', 'sql', 5),
      lead('dq', 'disqualified', 2),
      lead('stale', 'nurturing', 91),
      lead('recent', 'mql', 89),
      lead('spam', 'disqualified', 200, { spam: true }),
    ];
    const deals = [
      { id: 'd1', leadId: 'won', status: 'won' },
      { id: 'd2', leadId: 'lost-deal', status: 'lost' },
    ] as never[];
    const h = historyExamples(leads, deals, { now: NOW });
    expect(h.examples.map((e) => [e.lead.id, e.converted])).to.deep.equal([['conv', true], ['won', true], ['dq', false], ['stale', false]]);
    expect([h.converted, h.notConverted, h.leftOut, h.baseRate]).to.deep.equal([2, 2, 3, 0.5]);
    // lost-deal is recent and open: left out; with a shorter horizon it is stale.
    expect(historyExamples(leads, deals, { now: NOW, staleDays: 3 }).notConverted).to.equal(4);
  });

  it('refuses an unreadable now and a horizon that is not positive, naming them', () => {
    expect(() => historyExamples([], [], { now: 'soon' })).to.throw(RangeError, /now/);
    expect(() => historyExamples([], [], { now: NOW, staleDays: 0 })).to.throw(RangeError, /staleDays/);
  });

  it('finds the planted history: every outcome counted as it was made', () => {
    const { leads, deals, counts } = plantedHistory(400, 11);
    const h = historyExamples(leads, deals, { now: NOW });
    expect(h.converted).to.equal(counts.converted + counts.wonDeal);
    expect(h.notConverted).to.equal(counts.disqualified + counts.stale);
    expect(h.leftOut).to.equal(counts.open);
  });
});

describe('core/learn-history: compareWithRules', () => {
  const { leads, deals } = plantedHistory(1500, 5);
  const { examples } = historyExamples(leads, deals, { now: NOW });
  const learned = learnScoring(examples, { seed: 2, now: NOW });
  const onIndustry: ScoringModel = { fit: [{ id: 'saas', when: [{ field: 'industry', op: 'eq', value: 'SaaS' }], points: 30 }], engagement: [], mqlThreshold: 20 };
  const upsideDown: ScoringModel = { fit: [{ id: 'not-saas', when: [{ field: 'industry', op: 'neq', value: 'SaaS' }], points: 30 }], engagement: [], mqlThreshold: 20 };

  it('measures rules on the same held-out leads: the learned model beats rules on half the signal, rules against it fall below 0.5', () => {
    const half = compareWithRules(learned, examples, onIndustry, NOW);
    const wrong = compareWithRules(learned, examples, upsideDown, NOW);
    expect(half.n).to.equal(learned.heldOut.length);
    expect(half.learnedAuc).to.be.closeTo(learned.metrics.auc, 1e-9);
    expect(half.rulesAuc).to.be.above(0.55);
    expect(half.learnedAuc).to.be.above(half.rulesAuc! + 0.03);
    expect(wrong.rulesAuc).to.be.closeTo(1 - half.rulesAuc!, 1e-9);
  });

  it('gives no rules AUC without rules, and 0.5 for rules that score every lead alike', () => {
    expect(compareWithRules(learned, examples, undefined, NOW).rulesAuc).to.equal(null);
    expect(compareWithRules(learned, examples, { fit: [], engagement: [], mqlThreshold: 50 }, NOW).rulesAuc).to.equal(0.5);
  });
});

describe('core/settings: the scoring record', () => {
  const { leads, deals } = plantedHistory(300, 9);
  const learned = learnScoring(historyExamples(leads, deals, { now: NOW }).examples, { seed: 1, now: NOW });
  const good = { id: 'scoring', model: learned.toScoringModel(), learned: learned.toJSON(), appliedAt: NOW, appliedBy: 'ana' };

  it('accepts a learned model applied with its JSON, and rules without one', () => {
    expect(settingsProblems(good)).to.deep.equal([]);
    expect(settingsProblems({ id: 'scoring', model: { fit: [], engagement: [], mqlThreshold: 40 }, appliedAt: NOW })).to.deep.equal([]);
    expect(scoringSettingsOf(good)?.learned?.kind).to.equal('l2c-learned-scoring');
    expect(scoringSettingsOf({ id: 'routing' })).to.equal(undefined);
  });

  it('names the field of a bad model, a bad learned model and a missing applied time', () => {
    const bad = { ...good, model: { ...good.model, mqlThreshold: 'high' }, learned: { ...good.learned, intercept: null }, appliedAt: 'yesterday' };
    expect(settingsProblems(bad).map((p) => [p.path, p.code])).to.deep.equal([
      ['model.mqlThreshold', 'scoring-model'],
      ['learned.intercept', 'learned-model'],
      ['appliedAt', 'applied-at'],
    ]);
    expect(settingsProblems({ id: 'scoring', appliedAt: NOW }).map((p) => p.path)).to.deep.equal(['model']);
  });
});

describe('core/learn-history: topFactors', () => {
  it('puts the planted signal first: SaaS and many page views for, few page views against', () => {
    const { leads, deals } = plantedHistory(2000, 4);
    const learned = learnScoring(historyExamples(leads, deals, { now: NOW }).examples, { seed: 1, now: NOW });
    const top = topFactors(learned.toJSON(), 3);
    expect(top.for).to.have.length(3);
    expect(top.for.map((f) => f.feature)).to.include('industry');
    expect(top.for.concat(top.against).every((f) => ['industry', 'custom.pageViews'].includes(f.feature))).to.equal(true);
    expect(top.for.find((f) => f.feature === 'industry')!.factor).to.equal('Industry is SaaS');
    expect(top.against[0]!.weight).to.be.below(0);
    expect(top.for.every((f, i) => i === 0 || f.weight <= top.for[i - 1]!.weight)).to.equal(true);
  });
});
