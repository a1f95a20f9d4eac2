import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  bestThreshold,
  calibrationBins,
  learnScoring,
  liftCurve,
  LearnInputError,
  loadLearnedScoring,
  rocAuc,
  scoreLead,
  validateScoringModel,
  POINTS_PER_LOG_ODDS,
  THRESHOLD_POINTS,
  type LearnExample,
  type LearnedScoring,
} from '../../src/core/index.js';
import { INDUSTRIES, NOW, plantedExamples } from './learn-fixture.js';

const OPTIONS = { seed: 3, now: NOW, labels: { 'events.visit.value': 'Time on site' }, units: { 'events.visit.value': 's' } };
const logit = (p: number): number => Math.log(p / (1 - p));
const visit = (seconds: number) => ({ type: 'visit', at: '2026-05-01T00:00:00.000Z', value: seconds });

function thrown(run: () => unknown): LearnInputError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LearnInputError);
    return error as LearnInputError;
  }
  throw new Error('expected a LearnInputError');
}

describe('learnScoring', () => {
  let examples: LearnExample[];
  let model: LearnedScoring;
  before(() => {
    examples = plantedExamples(3000, 7);
    model = learnScoring(examples, OPTIONS);
  });

  it('finds the planted signal: AUC above 0.8 on the leads it held out, lift in the top decile', () => {
    expect(model.metrics.auc).to.be.above(0.8);
    expect(model.metrics.n).to.equal(model.heldOut.length);
    expect(model.metrics.n + model.metrics.nTrain).to.equal(3000);
    expect(model.metrics.n).to.be.closeTo(900, 2);
    expect(model.metrics.lift.top).to.be.above(1.8);
    expect(model.metrics.lift.deciles).to.have.length(10);
    expect(model.metrics.lift.deciles.at(-1)!.cumulativeCapture).to.equal(1);
    // Calibrated: every well-filled bin predicts within 0.12 of what happened.
    for (const bin of model.metrics.calibration.filter((b) => b.n >= 60)) expect(Math.abs(bin.predicted - bin.observed)).to.be.below(0.12);
  });

  it('holds out a stratified share of each outcome', () => {
    const converted = examples.filter((e) => e.converted).length;
    const heldConverted = model.heldOut.filter((i) => examples[i]!.converted).length;
    expect(heldConverted).to.equal(Math.round(converted * 0.3));
    expect(model.metrics.baseRate).to.be.closeTo(converted / 3000, 0.01);
  });

  it('ranks the planted fields first and explains in plain words', () => {
    const spread = model.toJSON().groups.map((g) => ({ key: g.key, spread: Math.max(...g.features.map((f) => f.weight)) - Math.min(...g.features.map((f) => f.weight)) }));
    spread.sort((a, b) => b.spread - a.spread);
    expect(spread.slice(0, 2).map((s) => s.key).sort()).to.deep.equal(['events.visit.value', 'industry']);
    const lead = { industry: 'SaaS', country: 'DE' };
    const factors = model.explain(lead, [visit(900)]);
    expect(factors[0]!.weight).to.be.above(0);
    expect(factors.slice(0, 2).map((f) => f.feature).sort()).to.deep.equal(['events.visit.value', 'industry']);
    expect(factors.map((f) => f.factor)).to.include('Industry is SaaS');
    expect(factors.find((f) => f.feature === 'events.visit.value')!.factor).to.match(/^Time on site \d+ or more s$/);
    const against = model.explain({ industry: 'Retail' }, []);
    expect(against.at(-1)!.weight).to.be.below(0);
    expect(against.map((f) => f.factor)).to.include('Industry is Retail');
    expect(against.find((f) => f.feature === 'industry')!.value).to.equal('Retail');
  });

  it('is deterministic for a seed, and another seed makes another split', () => {
    const again = learnScoring(examples, OPTIONS);
    expect(JSON.stringify(again.toJSON())).to.equal(JSON.stringify(model.toJSON()));
    const other = learnScoring(examples, { ...OPTIONS, seed: 4 });
    expect(other.heldOut).to.not.deep.equal(model.heldOut);
  });

  it('becomes rules that scoreLead ranks like predict (AUC within 0.01), MQL at the suggested threshold', () => {
    const rules = model.toScoringModel();
    expect(validateScoringModel(rules).errors).to.deep.equal([]);
    expect(rules.mqlThreshold).to.equal(THRESHOLD_POINTS);
    const held = model.heldOut.map((i) => examples[i]!);
    const outcomes = held.map((e) => e.converted);
    const scores = held.map((e) => scoreLead(e.lead, e.events ?? [], rules, NOW).score);
    const probabilities = held.map((e) => model.predict(e.lead, e.events));
    expect(Math.abs(rocAuc(scores, outcomes)! - rocAuc(probabilities, outcomes)!)).to.be.below(0.01);
    // Points are scaled log-odds: 10 points double the odds, the threshold scores 50.
    held.forEach((e, k) => {
      const expected = THRESHOLD_POINTS + POINTS_PER_LOG_ODDS * (logit(probabilities[k]!) - logit(model.threshold.score));
      expect(scores[k]).to.be.closeTo(expected, 0.2);
    });
    const mql = held.filter((e) => scoreLead(e.lead, e.events ?? [], rules, NOW).mql);
    expect(mql.length / held.length).to.be.closeTo(model.threshold.share, 0.02);
  });

  it('suggests a threshold with the precision and recall it buys on the held-out leads', () => {
    const held = model.heldOut.map((i) => examples[i]!);
    const picked = held.filter((e) => model.predict(e.lead, e.events) >= model.threshold.score);
    const hits = picked.filter((e) => e.converted).length;
    expect(model.threshold.precision).to.be.closeTo(hits / picked.length, 1e-9);
    expect(model.threshold.recall).to.be.closeTo(hits / held.filter((e) => e.converted).length, 1e-9);
  });

  it('handles missing values and values it never saw', () => {
    const p = model.predict({});
    expect(p).to.be.within(0, 1);
    expect(model.predict({ industry: 'Aerospace', country: 'ZZ', companySize: 'many' as never, custom: { plan: 42 } })).to.be.within(0, 1);
    expect(model.explain({ industry: 'Aerospace' }).map((f) => f.factor)).to.not.include('Industry is SaaS');
    // Spelling as the rules read it: trimmed and case-insensitive.
    expect(model.predict({ industry: ' saas ' })).to.equal(model.predict({ industry: 'SaaS' }));
    expect(model.predict({ industry: 'SaaS' })).to.be.above(model.predict({ industry: 'Retail' }));
  });

  it('finds nothing in noise: AUC near 0.5', () => {
    const noise = learnScoring(plantedExamples(2000, 11, { noise: true }), { seed: 2 });
    expect(noise.metrics.auc).to.be.closeTo(0.5, 0.07);
  });

  it('does not learn from excluded or default-excluded fields', () => {
    const leaky = examples.map((e) => ({ ...e, lead: { ...e.lead, custom: { ...e.lead.custom, tags: e.converted ? 'won' : 'lost' } } }));
    const leaked = learnScoring(leaky, OPTIONS);
    expect(leaked.metrics.auc).to.be.above(0.99);
    const clean = learnScoring(leaky, { ...OPTIONS, exclude: ['custom.tags'] });
    expect(clean.toJSON().groups.map((g) => g.key)).to.not.include('custom.tags');
    expect(clean.metrics.auc).to.be.below(0.9);
    const keys = model.toJSON().groups.map((g) => g.key);
    for (const field of ['id', 'email', 'status', 'createdAt']) expect(keys).to.not.include(field);
  });

  it('reads events up to `now` only, now and when scoring', () => {
    const later = { type: 'visit', at: '2026-07-01T00:00:00.000Z', value: 5000 };
    expect(model.predict({ industry: 'Retail' }, [visit(30), later])).to.equal(model.predict({ industry: 'Retail' }, [visit(30)]));
    const time = model.toScoringModel().engagement.find((r) => r.id === 'learned:events.visit.value')!;
    expect(time.activeTo).to.equal(NOW);
    expect(time.measure).to.equal('value');
    const rules = model.toScoringModel();
    expect(scoreLead({ industry: 'Retail' }, [visit(30), later], rules, NOW).score).to.equal(scoreLead({ industry: 'Retail' }, [visit(30)], rules, NOW).score);
  });

  it('leaves out excluded event groups and names fields in plain words', () => {
    const without = learnScoring(examples, { ...OPTIONS, exclude: ['events.visit'] });
    const keys = without.toJSON().groups.map((g) => g.key);
    expect(keys.filter((k) => k.startsWith('events.'))).to.deep.equal([]);
    expect(without.metrics.auc).to.be.below(model.metrics.auc);
    const labels = Object.fromEntries(model.toJSON().groups.map((g) => [g.key, g.label]));
    expect(labels).to.include({ 'custom.plan': 'Plan', companySize: 'Company size', 'source.utm_source': 'UTM source', 'events.visit.count': 'Visit events' });
  });

  it('smooths neighbouring ranges more with a larger `smooth`', () => {
    const steps = (m: LearnedScoring): number => {
      const weights = m.toJSON().groups.find((g) => g.key === 'events.visit.value')!.features.map((f) => f.weight);
      return weights.slice(1).reduce((sum, w, i) => sum + Math.abs(w - weights[i]!), 0);
    };
    const rough = learnScoring(examples, { ...OPTIONS, smooth: 0 });
    const smooth = learnScoring(examples, { ...OPTIONS, smooth: 200 });
    expect(steps(smooth)).to.be.below(steps(rough));
  });

  describe('properties', () => {
    const small = plantedExamples(1200, 5);
    const learned = learnScoring(small, { seed: 1, now: NOW });
    const leadArb = fc.record({
      industry: fc.option(fc.constantFrom(...INDUSTRIES, 'Other', ' saas'), { nil: undefined }),
      country: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
      companySize: fc.option(fc.oneof(fc.integer({ min: -10, max: 5000 }), fc.constant('n/a' as unknown as number)), { nil: undefined }),
    }, { requiredKeys: [] });
    const secondsArb = fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 5 });

    it('predicts a probability in [0, 1]', () => {
      fc.assert(fc.property(leadArb, secondsArb, (lead, seconds) => {
        const p = learned.predict(lead, seconds.map(visit));
        expect(p).to.be.within(0, 1);
      }), { numRuns: 200 });
    });

    it('never predicts less for more time on site in one visit', () => {
      fc.assert(fc.property(leadArb, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), (lead, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(model.predict(lead, [visit(hi)])).to.be.at.least(model.predict(lead, [visit(lo)]));
      }), { numRuns: 200 });
    });

    it('predicts identically after a JSON round trip', () => {
      const loaded = loadLearnedScoring(JSON.stringify(learned));
      fc.assert(fc.property(leadArb, secondsArb, (lead, seconds) => {
        const events = seconds.map(visit);
        expect(loaded.predict(lead, events)).to.equal(learned.predict(lead, events));
        expect(loaded.explain(lead, events)).to.deep.equal(learned.explain(lead, events));
      }), { numRuns: 100 });
      expect(loaded.toScoringModel()).to.deep.equal(learned.toScoringModel());
    });
  });

  describe('metrics', () => {
    it('measures AUC with ties counted half, and the reverse ranking as 1 - AUC', () => {
      expect(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).to.equal(1);
      expect(rocAuc([0.5, 0.5], [true, false])).to.equal(0.5);
      expect(rocAuc([0.3, 0.4], [true, true])).to.equal(null);
      fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 40 }), (pairs) => {
        const scores = pairs.map(([s]) => s);
        const outcomes = pairs.map(([, y]) => y);
        const auc = rocAuc(scores, outcomes);
        if (auc === null) return;
        expect(auc).to.be.within(0, 1);
        expect(rocAuc(scores.map((x) => -x), outcomes)).to.be.closeTo(1 - auc, 1e-9);
      }));
    });

    it('lifts the best tenth of a perfect ranking to 1 / base rate and captures every conversion', () => {
      const scores = Array.from({ length: 100 }, (_, i) => 100 - i);
      const converted = scores.map((_, i) => i < 10);
      const lift = liftCurve(scores, converted);
      expect(lift.top).to.equal(10);
      expect(lift.deciles[0]!.cumulativeCapture).to.equal(1);
      expect(lift.deciles.map((d) => d.n)).to.deep.equal(Array(10).fill(10));
      const best = bestThreshold(scores, converted)!;
      expect(best).to.deep.equal({ score: 91, precision: 1, recall: 1, share: 0.1 });
      const bins = calibrationBins([0.05, 0.07, 0.95], [false, true, true]);
      expect(bins.map((b) => [b.from, b.to, b.n, b.observed])).to.deep.equal([[0, 0.1, 2, 0.5], [0.9, 1, 1, 1]]);
      expect(bins[0]!.predicted).to.be.closeTo(0.06, 1e-12);
    });
  });

  describe('bad input', () => {
    it('names what is wrong', () => {
      expect(thrown(() => learnScoring([])).path).to.equal('examples');
      expect(thrown(() => learnScoring('x' as never)).path).to.equal('examples');
      const one = plantedExamples(50, 1).map((e) => ({ ...e, converted: true }));
      const err = thrown(() => learnScoring(one));
      expect(err.path).to.equal('examples');
      expect(err.message).to.contain('found 50 converted, 0 not converted');
      const bad = plantedExamples(50, 1);
      (bad[7] as { converted: unknown }).converted = 'yes';
      expect(thrown(() => learnScoring(bad)).message).to.equal('examples[7].converted must be true or false');
      (bad[7] as { converted: unknown }).converted = true;
      (bad[3] as { lead: unknown }).lead = null;
      expect(thrown(() => learnScoring(bad)).path).to.equal('examples[3].lead');
      const good = plantedExamples(50, 1);
      expect(thrown(() => learnScoring(good, { holdout: 1 })).path).to.equal('options.holdout');
      expect(thrown(() => learnScoring(good, { seed: 1.5 })).path).to.equal('options.seed');
      expect(thrown(() => learnScoring(good, { now: 'soon' })).path).to.equal('options.now');
      expect(thrown(() => learnScoring(good, { exclude: 'tags' as never })).path).to.equal('options.exclude');
    });

    it('refuses a saved model with a bad field, naming it', () => {
      const json = learnScoring(plantedExamples(300, 2), { seed: 1 }).toJSON();
      const broken = JSON.parse(JSON.stringify(json));
      broken.groups[0].features[0].weight = 'heavy';
      expect(thrown(() => loadLearnedScoring(broken)).message).to.equal('groups[0].features[0].weight must be a finite number');
      expect(thrown(() => loadLearnedScoring({ ...json, kind: 'other' })).path).to.equal('kind');
      expect(thrown(() => loadLearnedScoring('{')).path).to.equal('json');
      expect(thrown(() => loadLearnedScoring({ ...json, threshold: { ...json.threshold, score: 1 } })).path).to.equal('threshold.score');
    });
  });
});
