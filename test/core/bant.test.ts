import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  BANT_CRITERIA,
  BANT_OUTCOMES,
  bantWeights,
  DEFAULT_BANT_LEVELS,
  evaluateBant,
  validateBantConfig,
} from '../../src/core/bant.js';
import type { BantAnswers, BantConfig, BantCriterion, BantLevel } from '../../src/core/bant.js';

const answer = (budget?: string, authority?: string, need?: string, timeline?: string): BantAnswers => {
  const result: BantAnswers = {};
  if (budget) result.budget = { level: budget };
  if (authority) result.authority = { level: authority };
  if (need) result.need = { level: need };
  if (timeline) result.timeline = { level: timeline, note: 'Q3' };
  return result;
};

describe('bant', () => {
  describe('weighted model (default)', () => {
    it('is an SQL when every criterion is a yes', () => {
      expect(evaluateBant(answer('yes', 'yes', 'yes', 'yes'))).to.deep.equal({
        scores: { budget: 1, authority: 1, need: 1, timeline: 1 },
        total: 1,
        outcome: 'sql',
        missing: [],
        disqualifiedBy: [],
        complete: true,
      });
    });

    it('reaches the 0.75 threshold exactly with two partial answers', () => {
      const result = evaluateBant(answer('yes', 'partial', 'yes', 'partial'), { model: 'weighted' });
      expect(result.total).to.equal(0.75);
      expect(result.outcome).to.equal('sql');
      expect(result.missing).to.deep.equal([]);
    });

    it('nurtures below the threshold and names what is missing', () => {
      const result = evaluateBant(answer('yes', 'partial', 'partial', 'partial'), { model: 'weighted' });
      expect(result.total).to.equal(0.625);
      expect(result.outcome).to.equal('nurture');
      expect(result.missing).to.deep.equal([]);
      const unanswered = evaluateBant(answer('yes', undefined, 'yes'), { model: 'weighted' });
      expect(unanswered.scores).to.deep.equal({ budget: 1, authority: null, need: 1, timeline: null });
      expect(unanswered.total).to.equal(0.5);
      expect(unanswered.outcome).to.equal('nurture');
      expect(unanswered.missing).to.deep.equal(['authority', 'timeline']);
      expect(unanswered.complete).to.equal(false);
      const noTimeline = evaluateBant(answer('yes', 'yes', 'yes', 'no'), { model: 'weighted' });
      expect([noTimeline.total, noTimeline.outcome, noTimeline.missing]).to.deep.equal([0.75, 'sql', ['timeline']]);
    });

    it('uses weights, and a custom threshold and pass score', () => {
      const weights = { budget: 3, authority: 1, need: 0, timeline: 0 };
      const result = evaluateBant(answer('yes', 'no'), { model: 'weighted', weights });
      expect(result.total).to.equal(0.75);
      expect(result.outcome).to.equal('sql');
      expect(result.missing).to.deep.equal(['authority', 'need', 'timeline']);
      const strict = evaluateBant(answer('yes', 'partial', 'yes', 'partial'), { model: 'weighted', threshold: 0.8, passScore: 1 });
      expect([strict.outcome, strict.missing]).to.deep.equal(['nurture', ['authority', 'timeline']]);
      expect(evaluateBant(answer('partial', 'partial'), { model: 'weighted', threshold: 0.25 }).outcome).to.equal('sql');
    });

    it('does not miss the threshold by float noise', () => {
      // 0.3 / (0.3 + 0.1) is 0.7499999999999999 in floating point
      const result = evaluateBant(answer('yes'), { model: 'weighted', weights: { budget: 0.3, authority: 0.1, need: 0, timeline: 0 } });
      expect(result.total).to.be.closeTo(0.75, 1e-12);
      expect(result.outcome).to.equal('sql');
    });
  });

  describe('all model', () => {
    it('is an SQL only when every criterion is fully met', () => {
      expect(evaluateBant(answer('yes', 'yes', 'yes', 'yes'), { model: 'all' }).outcome).to.equal('sql');
      const partial = evaluateBant(answer('yes', 'partial', 'yes', 'yes'), { model: 'all' });
      expect([partial.outcome, partial.missing, partial.total]).to.deep.equal(['nurture', ['authority'], 0.875]);
      const unanswered = evaluateBant(answer('yes', 'yes', 'yes'), { model: 'all' });
      expect([unanswered.outcome, unanswered.missing]).to.deep.equal(['nurture', ['timeline']]);
    });

    it('accepts partial answers with a lower pass score and ignores the threshold', () => {
      const config: BantConfig = { model: 'all', passScore: 0.5, threshold: 1 };
      expect(evaluateBant(answer('partial', 'partial', 'partial', 'partial'), config).outcome).to.equal('sql');
      expect(evaluateBant(answer('partial', 'no', 'partial', 'partial'), config).missing).to.deep.equal(['authority']);
    });
  });

  describe('disqualification', () => {
    it('disqualifies on a clear no for need or budget by default', () => {
      const noNeed = evaluateBant(answer('yes', 'yes', 'no', 'yes'));
      expect([noNeed.outcome, noNeed.disqualifiedBy, noNeed.missing]).to.deep.equal(['disqualified', ['need'], ['need']]);
      expect(evaluateBant(answer('no', 'yes', 'no'), { model: 'all' }).disqualifiedBy).to.deep.equal(['budget', 'need']);
      expect(evaluateBant(answer('yes', 'no', 'yes', 'no')).outcome).to.equal('nurture');
    });

    it('is configurable through the levels', () => {
      const lenient: BantLevel[] = [{ id: 'yes', score: 1 }, { id: 'no', score: 0 }];
      const config: BantConfig = { model: 'weighted', threshold: 0.7, levels: { need: lenient, authority: [{ id: 'no', score: 0, disqualifies: true }] } };
      expect(evaluateBant(answer('yes', 'yes', 'no', 'yes'), config).outcome).to.equal('nurture');
      const blocked = evaluateBant(answer('yes', 'no', 'yes', 'yes'), config);
      expect([blocked.outcome, blocked.disqualifiedBy]).to.deep.equal(['disqualified', ['authority']]);
      // authority's custom list has no "yes": that answer counts as unanswered
      const unknown = evaluateBant(answer('yes', 'yes', 'yes', 'yes'), config);
      expect([unknown.scores.authority, unknown.complete, unknown.missing]).to.deep.equal([null, false, ['authority']]);
    });
  });

  describe('bad input', () => {
    it('treats unknown levels and junk answers as unanswered', () => {
      const answers = { budget: { level: 'maybe' }, authority: 'yes', need: { level: 3 }, timeline: null } as unknown as BantAnswers;
      const result = evaluateBant(answers);
      expect(result.scores).to.deep.equal({ budget: null, authority: null, need: null, timeline: null });
      expect([result.total, result.outcome, result.complete]).to.deep.equal([0, 'nurture', false]);
      expect(result.missing).to.deep.equal([...BANT_CRITERIA]);
      expect(evaluateBant(null as never).outcome).to.equal('nurture');
    });

    it('falls back to defaults for a broken config', () => {
      const all = answer('yes', 'yes', 'yes', 'partial');
      expect(evaluateBant(all, null as never).outcome).to.equal('sql');
      expect(evaluateBant(all, { model: 'best' } as never).outcome).to.equal('sql');
      expect(evaluateBant(all, { model: 'weighted', threshold: Number.NaN, passScore: 'x' } as never).outcome).to.equal('sql');
      expect(evaluateBant(all, { model: 'weighted', threshold: 2 }).outcome).to.equal('nurture');
      expect(evaluateBant(all, { model: 'all', passScore: -1 }).outcome).to.equal('sql');
    });

    it('clamps level scores to 0..1 and reads a non-finite score as 0', () => {
      const levels = { budget: [{ id: 'huge', score: 5 }, { id: 'neg', score: -1 }, { id: 'nan', score: Number.NaN }, null] } as unknown as BantConfig['levels'];
      expect(evaluateBant({ budget: { level: 'huge' } }, { model: 'weighted', levels }).scores.budget).to.equal(1);
      expect(evaluateBant({ budget: { level: 'neg' } }, { model: 'weighted', levels }).scores.budget).to.equal(0);
      expect(evaluateBant({ budget: { level: 'nan' } }, { model: 'weighted', levels }).scores.budget).to.equal(0);
    });
  });

  describe('bantWeights', () => {
    it('zeroes bad weights and falls back to equal when nothing is left', () => {
      expect(bantWeights({ budget: 2, authority: -1, need: Number.NaN, timeline: Number.POSITIVE_INFINITY })).to.deep.equal({
        budget: 2, authority: 0, need: 0, timeline: 0,
      });
      const equal = { budget: 1, authority: 1, need: 1, timeline: 1 };
      expect(bantWeights()).to.deep.equal(equal);
      expect(bantWeights({ budget: 0, need: -3 })).to.deep.equal(equal);
      expect(bantWeights('heavy' as never)).to.deep.equal(equal);
      expect(bantWeights({ budget: Number.MAX_VALUE, need: Number.MAX_VALUE })).to.deep.equal(equal);
    });

    it('changes the outcome when all weights are zero only through the equal fallback', () => {
      const result = evaluateBant(answer('yes', 'yes'), { model: 'weighted', weights: { budget: 0, authority: 0, need: 0, timeline: 0 } });
      expect(result.total).to.equal(0.5);
    });
  });

  describe('validateBantConfig', () => {
    it('accepts valid configs', () => {
      expect(validateBantConfig({ model: 'all' })).to.deep.equal({ ok: true, errors: [] });
      expect(validateBantConfig({
        model: 'weighted', threshold: 0.6, passScore: 0.5, weights: { budget: 2, need: 0 },
        levels: { budget: [{ id: 'yes', score: 1 }, { id: 'no', score: 0, disqualifies: false }] },
      }).ok).to.equal(true);
    });

    it('names every problem by path', () => {
      const result = validateBantConfig({
        model: 'some',
        threshold: 1.5,
        passScore: '1',
        weights: { budget: -1, speed: 2, need: 'high' },
        levels: { need: [], budget: [{ id: 'yes', score: 2 }, { id: 'yes', score: 0.5, disqualifies: 'no' }, 'x', { score: 1 }], wish: [] },
      });
      expect(result.ok).to.equal(false);
      expect(result.errors.map((e) => e.path)).to.deep.equal([
        'model',
        'threshold',
        'passScore',
        'weights.speed',
        'weights.budget',
        'weights.need',
        'weights',
        'levels.wish',
        'levels.budget[0].score',
        'levels.budget[1].id',
        'levels.budget[1].disqualifies',
        'levels.budget[2]',
        'levels.budget[3].id',
        'levels.need',
      ]);
    });

    it('rejects what is not a config', () => {
      expect(validateBantConfig(undefined)).to.deep.equal({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
      expect(validateBantConfig({ model: 'all', weights: 3, levels: [] }).errors.map((e) => e.path)).to.deep.equal(['weights', 'levels']);
    });
  });

  describe('properties', () => {
    const weightArb = fc.oneof(fc.double(), fc.constant(undefined), fc.integer({ min: 0, max: 10 }));
    const weightsArb = fc.record({ budget: weightArb, authority: weightArb, need: weightArb, timeline: weightArb });
    // Levels without disqualifiers, sorted by score so a higher index is a higher level.
    const levelsArb = fc
      .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 })
      .map((scores) => [...scores].sort((a, b) => a - b).map((score, i): BantLevel => ({ id: `l${i}`, score })));
    const configArb = fc.record({
      model: fc.constantFrom('all' as const, 'weighted' as const),
      threshold: fc.double({ min: 0, max: 1, noNaN: true }),
      passScore: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      weights: weightsArb as fc.Arbitrary<BantConfig['weights']>,
      levels: fc.record({ budget: levelsArb, authority: levelsArb, need: levelsArb, timeline: levelsArb }),
    });
    // -1 is unanswered, otherwise an index into the criterion's levels.
    const picksArb = fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 }));

    function answersFor(config: BantConfig, picks: readonly number[]): BantAnswers {
      const answers: BantAnswers = {};
      BANT_CRITERIA.forEach((c, i) => {
        const levels = config.levels![c]!;
        const pick = picks[i]!;
        if (pick >= 0) answers[c] = { level: levels[Math.min(pick, levels.length - 1)]!.id };
      });
      return answers;
    }

    it('the total stays within 0..1', () => {
      fc.assert(
        fc.property(configArb, picksArb, (config, picks) => {
          const { total } = evaluateBant(answersFor(config, picks), config);
          expect(total).to.be.within(0, 1);
        }),
        { numRuns: 200 },
      );
    });

    it('raising an answer never worsens the outcome', () => {
      fc.assert(
        fc.property(configArb, picksArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), (config, picks, which, step) => {
          const raised = [...picks];
          raised[which] = Math.min(3, raised[which]! + step);
          const before = BANT_OUTCOMES.indexOf(evaluateBant(answersFor(config, picks), config).outcome);
          const after = BANT_OUTCOMES.indexOf(evaluateBant(answersFor(config, raised), config).outcome);
          expect(after).to.be.at.least(before);
        }),
        { numRuns: 200 },
      );
    });

    it('under the all model, nothing is missing exactly when the lead is an SQL', () => {
      fc.assert(
        fc.property(configArb, picksArb, (config, picks) => {
          const result = evaluateBant(answersFor(config, picks), { ...config, model: 'all' });
          expect(result.missing.length === 0).to.equal(result.outcome === 'sql');
          expect(result.outcome).to.not.equal('disqualified');
        }),
        { numRuns: 200 },
      );
    });
  });

  it('ships yes, partial and no for every criterion', () => {
    for (const c of BANT_CRITERIA as readonly BantCriterion[]) {
      expect(DEFAULT_BANT_LEVELS[c].map((l) => [l.id, l.score])).to.deep.equal([['yes', 1], ['partial', 0.5], ['no', 0]]);
    }
  });
});
