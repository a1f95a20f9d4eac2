import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Condition } from '../../src/core/predicate.js';
import {
  compileScoringModel,
  decayFactor,
  DEFAULT_GRADE_BANDS,
  gradeOf,
  scoreLead,
  scoreLeads,
  validateScoringModel,
} from '../../src/core/scoring.js';
import type { AdjustOp, EngagementEvent, FitRule, ScoringModel } from '../../src/core/scoring.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 1);
const daysAgo = (days: number): string => new Date(NOW - days * DAY).toISOString();
const ev = (type: string, ageDays: number, leadId?: string): EngagementEvent =>
  leadId === undefined ? { type, at: daysAgo(ageDays) } : { type, at: daysAgo(ageDays), leadId };

function model(partial: Partial<ScoringModel>): ScoringModel {
  return { fit: [], engagement: [], mqlThreshold: 50, ...partial };
}

const icp: FitRule[] = [
  { id: 'industry', label: 'Target industry', when: [{ field: 'industry', op: 'in', value: ['saas', 'fintech'] }], points: 20 },
  { id: 'size', when: [{ field: 'companySize', op: 'between', value: [50, 500] }], points: 15 },
  { id: 'us', when: [{ field: 'region', op: 'eq', value: 'US' }], points: 10 },
  { id: 'eu-boost', when: [{ field: 'region', op: 'eq', value: 'EU' }], points: 2, op: 'x' },
  { id: 'no-phone', when: [{ field: 'phone', op: 'missing' }], points: 5, op: '-' },
];

describe('scoring', () => {
  describe('fit rules', () => {
    it('applies matching rules in order with + - x / and explains each rule', () => {
      const lead = { id: 'l1', industry: 'SaaS ', companySize: 200, region: 'EU' };
      const result = scoreLead(lead, [], model({ fit: icp }), NOW);
      // ((20 + 15) x 2) - 5 = 65
      expect(result.fit).to.equal(65);
      expect(result.engagement).to.equal(0);
      expect(result.score).to.equal(65);
      expect(result.explanation).to.deep.equal([
        { ruleId: 'industry', label: 'Target industry', kind: 'fit', op: '+', points: 20, matched: true },
        { ruleId: 'size', kind: 'fit', op: '+', points: 15, matched: true },
        { ruleId: 'us', kind: 'fit', op: '+', points: 0, matched: false },
        { ruleId: 'eu-boost', kind: 'fit', op: 'x', points: 35, matched: true },
        { ruleId: 'no-phone', kind: 'fit', op: '-', points: -5, matched: true },
      ]);
    });

    it('divides the running fit and lets fit go below zero', () => {
      const fit: FitRule[] = [
        { id: 'base', when: [], points: 30 },
        { id: 'half', when: [], points: 2, op: '/' },
        { id: 'competitor', when: [{ field: 'company', op: 'contains', value: 'rival' }], points: 40, op: '-' },
      ];
      const result = scoreLead({ company: 'Rival Corp' }, [], model({ fit }), NOW);
      expect(result.fit).to.equal(-25);
      expect(result.explanation.map((e) => e.points)).to.deep.equal([30, -15, -40]);
    });

    it('ignores division by zero, negative factors and bad points, and says so', () => {
      const fit = [
        { id: 'base', when: [], points: 10 },
        { id: 'div0', when: [], points: 0, op: '/' },
        { id: 'neg', when: [], points: -3, op: 'x' },
        { id: 'nan', when: [], points: Number.NaN },
        { id: 'text', when: [], points: '5' },
      ] as unknown as FitRule[];
      const result = scoreLead({}, [], model({ fit }), NOW);
      expect(result.fit).to.equal(10);
      expect(result.explanation.slice(1)).to.deep.equal([
        { ruleId: 'div0', kind: 'fit', op: '/', points: 0, matched: true, ignored: 'divide-by-zero' },
        { ruleId: 'neg', kind: 'fit', op: 'x', points: 0, matched: true, ignored: 'negative-factor' },
        { ruleId: 'nan', kind: 'fit', op: '+', points: 0, matched: true, ignored: 'invalid-points' },
        { ruleId: 'text', kind: 'fit', op: '+', points: 0, matched: true, ignored: 'invalid-points' },
      ]);
    });

    it('multiplying by zero wipes the fit gathered so far', () => {
      const fit: FitRule[] = [
        { id: 'a', when: [], points: 40 },
        { id: 'student', when: [{ field: 'email', op: 'contains', value: '.edu' }], points: 0, op: 'x' },
        { id: 'b', when: [], points: 5 },
      ];
      expect(scoreLead({ email: 'x@uni.edu' }, [], model({ fit }), NOW).fit).to.equal(5);
      expect(scoreLead({ email: 'x@acme.com' }, [], model({ fit }), NOW).fit).to.equal(45);
    });

    it('treats broken rules and leads defensively', () => {
      const fit = [
        { id: 'no-when', points: 10 },
        { id: 'bad-op', when: [], points: 7, op: '^' },
        null,
        { when: [], points: 1 },
      ] as unknown as FitRule[];
      const result = scoreLead({}, [], model({ fit }), NOW);
      expect(result.fit).to.equal(8);
      expect(result.explanation.map((e) => [e.ruleId, e.op, e.matched])).to.deep.equal([
        ['no-when', '+', false],
        ['bad-op', '+', true],
        ['fit[2]', '+', false],
        ['fit[3]', '+', true],
      ]);
      const fromGarbage = scoreLead('not a lead' as never, 'nope' as never, model({ fit }), NOW);
      expect(fromGarbage.fit).to.equal(8);
    });
  });

  describe('engagement rules', () => {
    it('counts a once-only rule once however many events there are', () => {
      const engagement = [{ id: 'webinar', event: 'webinar', points: 10 }];
      const result = scoreLead({}, [ev('webinar', 1), ev('webinar', 2), ev('visit', 1)], model({ engagement }), NOW);
      expect(result.engagement).to.equal(10);
      expect(result.explanation).to.deep.equal([
        { ruleId: 'webinar', kind: 'engagement', op: '+', points: 10, matched: true, count: 1 },
      ]);
    });

    it('counts repeatable events up to maxCount, and negative points lower the score', () => {
      const engagement = [
        { id: 'visit', event: 'visit', points: 2, repeatable: true, maxCount: 3 },
        { id: 'open', event: 'email-open', points: 1.5, repeatable: true },
        { id: 'unsub', event: 'unsubscribe', points: -20 },
        { id: 'idle', event: 'never', points: 100 },
      ];
      const events = [...Array.from({ length: 5 }, () => ev('visit', 1)), ev('email-open', 1), ev('email-open', 2), ev('unsubscribe', 0)];
      const result = scoreLead({}, events, model({ engagement }), NOW);
      // 3 x 2 + 2 x 1.5 - 20 = -11
      expect(result.engagement).to.equal(-11);
      expect(result.explanation.map((e) => [e.ruleId, e.count, e.points, e.matched])).to.deep.equal([
        ['visit', 3, 6, true],
        ['open', 2, 3, true],
        ['unsub', 1, -20, true],
        ['idle', 0, 0, false],
      ]);
    });

    it('matches event types exactly', () => {
      const engagement = [{ id: 'v', event: 'visit', points: 5 }];
      expect(scoreLead({}, [ev('Visit', 0), ev('visit ', 0)], model({ engagement }), NOW).engagement).to.equal(0);
    });

    it('ignores events outside the active dates; a date-only activeTo covers its whole day', () => {
      const engagement = [
        { id: 'promo', event: 'visit', points: 1, repeatable: true, activeFrom: '2024-03-01', activeTo: '2024-03-31' },
      ];
      const events: EngagementEvent[] = [
        { type: 'visit', at: '2024-02-29T23:59:59Z' },
        { type: 'visit', at: '2024-03-01T00:00:00Z' },
        { type: 'visit', at: '2024-03-31T23:30:00Z' },
        { type: 'visit', at: '2024-04-01T00:00:00Z' },
      ];
      expect(scoreLead({}, events, model({ engagement }), NOW).engagement).to.equal(2);
      const exact = [{ ...engagement[0]!, activeTo: '2024-03-31T23:00:00Z' }];
      expect(scoreLead({}, events, model({ engagement: exact }), NOW).engagement).to.equal(1);
    });

    it('decays points with the model half-life, and a rule may override it', () => {
      const engagement = [
        { id: 'visit', event: 'visit', points: 10, repeatable: true },
        { id: 'reply', event: 'reply', points: 40, halfLifeDays: 14 },
      ];
      const events = [ev('visit', 0), ev('visit', 7), ev('visit', 14), ev('reply', 14)];
      const result = scoreLead({}, events, model({ engagement, halfLifeDays: 7 }), NOW);
      // visits 10 + 5 + 2.5, reply 40 x 0.5
      expect(result.explanation.map((e) => e.points)).to.deep.equal([17.5, 20]);
      expect(result.engagement).to.equal(37.5);
    });

    it('a once-only decaying rule keeps the most recent event', () => {
      const engagement = [{ id: 'demo', event: 'demo', points: 8, halfLifeDays: 7 }];
      expect(scoreLead({}, [ev('demo', 14), ev('demo', 7), ev('demo', 21)], model({ engagement }), NOW).engagement).to.equal(4);
    });

    it('a capped decaying rule keeps the most recent maxCount events', () => {
      const engagement = [{ id: 'visit', event: 'visit', points: 8, repeatable: true, maxCount: 2, halfLifeDays: 7 }];
      const result = scoreLead({}, [ev('visit', 14), ev('visit', 0), ev('visit', 21), ev('visit', 7)], model({ engagement }), NOW);
      expect(result.engagement).to.equal(12);
      expect(result.explanation[0]!.count).to.equal(2);
    });

    it('does not decay future events or when now is unreadable', () => {
      const engagement = [{ id: 'v', event: 'visit', points: 10, halfLifeDays: 1 }];
      expect(scoreLead({}, [ev('visit', -3)], model({ engagement }), NOW).engagement).to.equal(10);
      expect(scoreLead({}, [ev('visit', 30)], model({ engagement }), 'not a date').engagement).to.equal(10);
      expect(scoreLead({}, [ev('visit', 1)], model({ engagement }), new Date(NOW).toISOString()).engagement).to.equal(5);
    });

    it('skips unreadable event times only for rules that need a time', () => {
      const engagement = [
        { id: 'plain', event: 'visit', points: 3, repeatable: true },
        { id: 'decayed', event: 'visit', points: 4, repeatable: true, halfLifeDays: 30 },
      ];
      const events = [
        { type: 'visit', at: 'yesterday' },
        { type: 'visit', at: Number.POSITIVE_INFINITY },
        { type: 'visit', at: NOW },
        'junk',
      ] as unknown as EngagementEvent[];
      const result = scoreLead({}, events, model({ engagement }), NOW);
      expect(result.explanation.map((e) => e.count)).to.deep.equal([3, 1]);
      expect(result.engagement).to.equal(13);
    });

    it('ignores events of another lead', () => {
      const engagement = [{ id: 'v', event: 'visit', points: 1, repeatable: true }];
      const events = [ev('visit', 0, 'a'), ev('visit', 0, 'b'), ev('visit', 0)];
      expect(scoreLead({ id: 'a' }, events, model({ engagement }), NOW).engagement).to.equal(2);
      expect(scoreLead({}, events, model({ engagement }), NOW).engagement).to.equal(3);
    });

    it('treats bad rule options as absent', () => {
      const engagement = [
        { id: 'v', event: 'visit', points: 1, repeatable: true, maxCount: 0, halfLifeDays: -2, activeFrom: 'soon', activeTo: 'later' },
        { id: 'nameless', points: 5 },
        { id: 'nan', event: 'visit', points: Number.NaN },
      ] as unknown as ScoringModel['engagement'];
      const result = scoreLead({}, [ev('visit', 100), ev('visit', 200)], model({ engagement, halfLifeDays: Number.NaN }), NOW);
      expect(result.engagement).to.equal(2);
      expect(result.explanation[2]).to.deep.equal({
        ruleId: 'nan', kind: 'engagement', op: '+', points: 0, matched: true, count: 1, ignored: 'invalid-points',
      });
    });
  });

  describe('totals, MQL and grade', () => {
    it('adds fit and engagement, rounding to 2 decimals at the end only', () => {
      const result = scoreLead(
        {},
        [ev('visit', 0)],
        model({ fit: [{ id: 'f', when: [], points: 1.004 }], engagement: [{ id: 'e', event: 'visit', points: 1.004 }] }),
        NOW,
      );
      expect(result.fit).to.equal(1);
      expect(result.engagement).to.equal(1);
      expect(result.score).to.equal(2.01);
      expect(scoreLead({}, [], model({ fit: [{ id: 'f', when: [], points: 1.005 }] }), NOW).score).to.equal(1.01);
      expect(scoreLead({}, [], model({ fit: [{ id: 'f', when: [], points: 1.005 }, { id: 'g', when: [], points: -1, op: '-' }] }), NOW).score).to.equal(2.01);
      expect(scoreLead({}, [], model({ fit: [{ id: 'f', when: [], points: -1.005 }] }), NOW).score).to.equal(-1.01);
      expect(Object.is(scoreLead({}, [], model({ fit: [{ id: 'f', when: [], points: -0.001 }] }), NOW).score, 0)).to.equal(true);
    });

    it('flags an MQL at or above the threshold', () => {
      const fit: FitRule[] = [{ id: 'f', when: [{ field: 'industry', op: 'eq', value: 'saas' }], points: 50 }];
      expect(scoreLead({ industry: 'saas' }, [], model({ fit }), NOW).mql).to.equal(true);
      expect(scoreLead({ industry: 'saas' }, [], model({ fit, mqlThreshold: 50.01 }), NOW).mql).to.equal(false);
      expect(scoreLead({ industry: 'retail' }, [], model({ fit, mqlThreshold: 0 }), NOW).mql).to.equal(true);
      const noThreshold = { fit, engagement: [] } as unknown as ScoringModel;
      expect(scoreLead({ industry: 'saas' }, [], noThreshold, NOW).mql).to.equal(true);
      expect(scoreLead({ industry: 'retail' }, [], noThreshold, NOW).mql).to.equal(false);
    });

    it('grades fit A-C and engagement 1-3 with the bands', () => {
      const engagement = [{ id: 'v', event: 'visit', points: 10, repeatable: true }];
      const fit: FitRule[] = [{ id: 'f', when: [], points: 30 }];
      const events = [ev('visit', 0), ev('visit', 0)];
      expect(scoreLead({}, events, model({ fit, engagement }), NOW).grade).to.equal('B3');
      const bands = { fit: [30, 10] as [number, number], engagement: [25, 20] as [number, number] };
      expect(scoreLead({}, events, model({ fit, engagement, gradeBands: bands }), NOW).grade).to.equal('A2');
      expect(gradeOf(50, 50)).to.equal('A1');
      expect(gradeOf(49.99, 24.99)).to.equal('B3');
      expect(gradeOf(24, 25)).to.equal('C2');
      expect(gradeOf(Number.NaN, Number.NaN)).to.equal('C3');
      expect(gradeOf(10, 10, { fit: [10, 5], engagement: [Number.NaN, 1] as [number, number] })).to.equal('A3');
      expect(DEFAULT_GRADE_BANDS).to.deep.equal({ fit: [50, 25], engagement: [50, 25] });
    });

    it('scores nothing for a model that is not a model', () => {
      const result = scoreLead({ industry: 'saas' }, [ev('visit', 0)], null as unknown as ScoringModel, NOW);
      expect(result).to.deep.equal({ score: 0, fit: 0, engagement: 0, grade: 'C3', mql: false, explanation: [] });
    });

    it('never returns Infinity or NaN', () => {
      const fit: FitRule[] = [
        { id: 'big', when: [], points: Number.MAX_VALUE },
        { id: 'bigger', when: [], points: 10, op: 'x' },
      ];
      const result = scoreLead({}, [], model({ fit }), NOW);
      expect(result.fit).to.equal(Number.MAX_VALUE);
      expect(result.score).to.equal(Number.MAX_VALUE);
      const cancel = scoreLead({}, [], model({ fit: [...fit, { id: 'zero', when: [], points: 0, op: 'x' }] }), NOW);
      expect(Number.isFinite(cancel.score)).to.equal(true);
    });
  });

  describe('compileScoringModel and scoreLeads', () => {
    const scoringModel = model({
      fit: icp,
      engagement: [
        { id: 'visit', event: 'visit', points: 2, repeatable: true },
        { id: 'reply', event: 'reply', points: 15 },
      ],
      halfLifeDays: 7,
      mqlThreshold: 40,
    });
    const leads = [
      { id: 'a', industry: 'saas', companySize: 100, region: 'US', phone: '1' },
      { id: 'b', industry: 'retail', region: 'EU' },
      { id: 'a', industry: 'retail' },
      { industry: 'fintech' },
    ];
    const events = [ev('visit', 0, 'a'), ev('reply', 7, 'b'), ev('visit', 7, 'a'), ev('visit', 0), ev('visit', 0, 'zzz')];

    it('a compiled scorer gives the same results as scoreLead and keeps no state between leads', () => {
      const scorer = compileScoringModel(scoringModel);
      const first = scorer(leads[0]!, events, NOW);
      expect(first).to.deep.equal(scoreLead(leads[0]!, events, scoringModel, NOW));
      // fit 20 + 15 + 10; visits 2 + 1 (7 days old) + 2 (an event without leadId counts for any lead)
      expect([first.fit, first.engagement, first.score, first.mql, first.grade]).to.deep.equal([45, 5, 50, true, 'B3']);
      // reply 15 x 0.5 + the unowned visit
      expect(scorer(leads[1]!, events, NOW).engagement).to.equal(9.5);
      expect(scorer(leads[0]!, [], NOW).engagement).to.equal(0);
      expect(compileScoringModel(scoringModel, { explain: false })(leads[0]!, events, NOW).explanation).to.deep.equal([]);
    });

    it('scores many leads in order, grouping events by leadId', () => {
      const results = scoreLeads(leads, events, scoringModel, NOW);
      expect(results.map((r) => [r.fit, r.engagement])).to.deep.equal([[45, 3], [-5, 7.5], [-5, 3], [15, 0]]);
      expect(results[0]!.explanation).to.deep.equal([]);
      const explained = scoreLeads(leads, events, scoringModel, NOW, { explain: true });
      expect(explained[1]).to.deep.equal(scoreLead(leads[1]!, events.filter((e) => e.leadId === 'b'), scoringModel, NOW));
    });

    it('copes with empty and broken input', () => {
      expect(scoreLeads([], events, scoringModel, NOW)).to.deep.equal([]);
      expect(scoreLeads(null as never, null as never, scoringModel, NOW)).to.deep.equal([]);
      const noRules = scoreLeads([{ id: 'a' }], events, model({}), NOW);
      expect(noRules.map((r) => r.score)).to.deep.equal([0]);
      const junk = scoreLeads([null as never, { id: 'a' }], [null as never, ...events], scoringModel, NOW);
      expect(junk.map((r) => r.engagement)).to.deep.equal([0, 3]);
    });

    it('defaults now to the current time', () => {
      const engagement = [{ id: 'v', event: 'visit', points: 10, halfLifeDays: 1 }];
      const recent = [{ type: 'visit', at: new Date().toISOString(), leadId: 'a' }];
      expect(scoreLead({ id: 'a' }, recent, model({ engagement })).engagement).to.be.within(9.9, 10);
      expect(scoreLeads([{ id: 'a' }], recent, model({ engagement }))[0]!.engagement).to.be.within(9.9, 10);
    });
  });

  describe('decayFactor', () => {
    it('halves per half-life and does nothing without one', () => {
      expect(decayFactor(7, 7)).to.equal(0.5);
      expect(decayFactor(21, 7)).to.equal(0.125);
      expect(decayFactor(0, 7)).to.equal(1);
      expect(decayFactor(-3, 7)).to.equal(1);
      expect(decayFactor(Number.NaN, 7)).to.equal(1);
      expect(decayFactor(Number.POSITIVE_INFINITY, 7)).to.equal(0);
      expect(decayFactor(10)).to.equal(1);
      expect(decayFactor(10, 0)).to.equal(1);
      expect(decayFactor(10, -5)).to.equal(1);
      expect(decayFactor(10, Number.POSITIVE_INFINITY)).to.equal(1);
    });
  });

  describe('validateScoringModel', () => {
    it('accepts a valid model', () => {
      const valid = model({
        fit: icp,
        engagement: [{ id: 'v', event: 'visit', points: 1, repeatable: true, maxCount: 5, activeFrom: '2024-01-01', activeTo: '2024-12-31', halfLifeDays: 30 }],
        gradeBands: { fit: [60, 30], engagement: [20, 10] },
        halfLifeDays: 14,
      });
      expect(validateScoringModel(valid)).to.deep.equal({ ok: true, errors: [] });
      expect(validateScoringModel(JSON.parse(JSON.stringify(valid))).ok).to.equal(true);
    });

    it('names every problem by path', () => {
      const result = validateScoringModel({
        fit: [
          { id: 'a', when: [{ field: '', op: 'like' }], points: 1 },
          { id: 'a', label: 3, when: 'x', points: 'ten' },
          { id: 'c', when: [{ field: 'n', op: 'in', value: 'saas' }, { field: 'n', op: 'between', value: [1] }, { field: 'n', op: 'gt', value: 'big' }, 7], points: 0, op: '/' },
          { id: 'd', when: [], points: -2, op: 'x' },
          { id: 'e', when: [], points: 1, op: '%' },
          'rule',
        ],
        engagement: [
          { id: 'v', event: '', points: 1, repeatable: 'yes', maxCount: 1.5, halfLifeDays: 0, activeFrom: '2024-05-01', activeTo: '2024-04-01' },
          { id: 'w', event: 'visit', points: 1, activeFrom: 'not a date' },
          null,
        ],
        mqlThreshold: '50',
        halfLifeDays: -1,
        gradeBands: { fit: [10, 20], engagement: [5] },
      });
      expect(result.ok).to.equal(false);
      expect(result.errors.map((e) => e.path)).to.deep.equal([
        'fit[0].when[0].field',
        'fit[0].when[0].op',
        'fit[1].id',
        'fit[1].label',
        'fit[1].points',
        'fit[1].when',
        'fit[2].when[0].value',
        'fit[2].when[1].value',
        'fit[2].when[2].value',
        'fit[2].when[3]',
        'fit[2].points',
        'fit[3].points',
        'fit[4].op',
        'fit[5]',
        'engagement[0].event',
        'engagement[0].repeatable',
        'engagement[0].maxCount',
        'engagement[0].halfLifeDays',
        'engagement[0].activeTo',
        'engagement[1].activeFrom',
        'engagement[2]',
        'mqlThreshold',
        'halfLifeDays',
        'gradeBands.fit',
        'gradeBands.engagement',
      ]);
      expect(result.errors.find((e) => e.path === 'fit[1].id')!.message).to.contain('duplicate');
      expect(result.errors.find((e) => e.path === 'fit[2].points')!.message).to.contain('divide by 0');
    });

    it('rejects what is not a model', () => {
      expect(validateScoringModel(null)).to.deep.equal({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
      expect(validateScoringModel({}).errors.map((e) => e.path)).to.deep.equal(['fit', 'engagement', 'mqlThreshold']);
      expect(validateScoringModel(model({ gradeBands: 'A' as never })).errors.map((e) => e.path)).to.deep.equal(['gradeBands']);
      expect(validateScoringModel(model({ fit: [{ id: 'x', when: [{ field: 'n', op: 'lt', value: ' 5 ' }], points: 1 }] })).ok).to.equal(true);
      expect(validateScoringModel(model({ fit: [{ id: 'x', when: [{ field: 'n', op: 'lt', value: ' ' }], points: 1 }] })).ok).to.equal(false);
    });
  });

  describe('properties', () => {
    const leadArb = fc.record({
      industry: fc.constantFrom('saas', 'retail', 'fintech'),
      companySize: fc.integer({ min: 0, max: 1000 }),
      region: fc.constantFrom('EU', 'US', 'APAC'),
    });
    const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
      fc.record({ field: fc.constant('industry'), op: fc.constant('eq' as const), value: fc.constantFrom('saas', 'retail', 'fintech') }),
      fc.record({ field: fc.constant('companySize'), op: fc.constantFrom('gte' as const, 'lt' as const), value: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ field: fc.constant('region'), op: fc.constant('neq' as const), value: fc.constantFrom('EU', 'US') }),
    );
    const ruleArb: fc.Arbitrary<FitRule> = fc.record({
      id: fc.string(),
      when: fc.array(conditionArb, { maxLength: 2 }),
      op: fc.constantFrom<AdjustOp>('+', '-', 'x', '/'),
      // Quarter points keep the arithmetic exact, so the property is not about float noise.
      points: fc.integer({ min: -400, max: 400 }).map((q) => q / 4),
    });

    it('adding a + rule with positive points never lowers the score', () => {
      fc.assert(
        fc.property(fc.array(ruleArb, { maxLength: 8 }), ruleArb, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.nat(), leadArb, (rules, extra, points, at, lead) => {
          const added: FitRule = { ...extra, op: '+', points };
          const index = at % (rules.length + 1);
          const before = scoreLead(lead, [], model({ fit: rules }), NOW).score;
          const after = scoreLead(lead, [], model({ fit: [...rules.slice(0, index), added, ...rules.slice(index)] }), NOW).score;
          expect(after).to.be.at.least(before);
        }),
        { numRuns: 150 },
      );
    });

    it('decay never increases points and is monotone in age', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -10, max: 3650, noNaN: true }),
          fc.double({ min: 0, max: 3650, noNaN: true }),
          fc.double({ min: 0.1, max: 365, noNaN: true }),
          fc.integer({ min: 1, max: 100 }),
          (age, extra, halfLife, points) => {
            expect(decayFactor(age, halfLife)).to.be.at.most(1);
            expect(decayFactor(age + extra, halfLife)).to.be.at.most(decayFactor(age, halfLife));
            const engagement = [{ id: 'v', event: 'visit', points, halfLifeDays: halfLife }];
            const younger = scoreLead({}, [{ type: 'visit', at: NOW - age * DAY }], model({ engagement }), NOW).engagement;
            const older = scoreLead({}, [{ type: 'visit', at: NOW - (age + extra) * DAY }], model({ engagement }), NOW).engagement;
            expect(younger).to.be.at.most(points);
            expect(older).to.be.at.most(younger);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('a repeatable rule with n events scores n x points without decay', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -4000, max: 4000 }), (n, quarters) => {
          const points = quarters / 4;
          const engagement = [{ id: 'v', event: 'visit', points, repeatable: true }];
          const events = Array.from({ length: n }, (_, i) => ev('visit', i * 3));
          const result = scoreLead({}, events, model({ engagement }), NOW);
          expect(result.engagement).to.equal(n * points + 0);
          expect(result.explanation[0]!.count).to.equal(n);
        }),
        { numRuns: 150 },
      );
    });

    it('the grade letter is monotone in fit', () => {
      const bandArb = fc.tuple(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
      fc.assert(
        fc.property(
          fc.double({ noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ noNaN: true }),
          bandArb,
          bandArb,
          (fit, more, engagement, fitBand, engagementBand) => {
            const bands = { fit: fitBand, engagement: engagementBand };
            const lower = gradeOf(fit, engagement, bands);
            const higher = gradeOf(fit + more, engagement, bands);
            expect(higher[0]! <= lower[0]!).to.equal(true);
            expect(higher[1]).to.equal(lower[1]);
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});

describe('scoring: engagement amounts', () => {
  const visit = (ageDays: number, seconds?: number): EngagementEvent =>
    seconds === undefined ? { type: 'visit', at: daysAgo(ageDays) } : { type: 'visit', at: daysAgo(ageDays), value: seconds };

  it('gives points per unit of the summed value, capped', () => {
    const m = model({ engagement: [{ id: 'time', event: 'visit', measure: 'value', points: 1, per: 60, cap: 10 }] });
    expect(scoreLead({}, [visit(0, 120), visit(0, 60)], m, NOW).engagement).to.equal(3);
    expect(scoreLead({}, [visit(0, 6000)], m, NOW).engagement).to.equal(10);
    // An event without a value adds nothing to the amount, but is counted.
    const result = scoreLead({}, [visit(0), visit(0, 30)], m, NOW);
    expect(result.engagement).to.equal(0.5);
    expect(result.explanation[0]!.count).to.equal(2);
  });

  it('decays each event\'s amount with its age', () => {
    const m = model({ halfLifeDays: 10, engagement: [{ id: 'time', event: 'visit', measure: 'value', points: 1 }] });
    // 100 s today and 100 s ten days ago (half of it left).
    expect(scoreLead({}, [visit(0, 100), visit(10, 100)], m, NOW).engagement).to.equal(150);
  });

  it('gives the points of the band the amount falls in, including 0 for a lead without events', () => {
    const bands = [{ max: 1, points: -5 }, { min: 1, max: 300, points: 10 }, { min: 300, points: 25 }];
    const m = model({ engagement: [{ id: 'time', event: 'visit', measure: 'value', points: 0, bands }] });
    expect(scoreLead({}, [], m, NOW).engagement).to.equal(-5);
    expect(scoreLead({}, [visit(1, 299)], m, NOW).engagement).to.equal(10);
    expect(scoreLead({}, [visit(1, 200), visit(2, 100)], m, NOW).engagement).to.equal(25);
    // The explanation says a band held, with no event counted.
    expect(scoreLead({}, [], m, NOW).explanation[0]).to.include({ matched: true, count: 0, points: -5 });
    const counted = model({ engagement: [{ id: 'pages', event: 'visit', points: 0, bands: [{ min: 3, points: 7 }] }] });
    expect(scoreLead({}, [visit(0), visit(0)], counted, NOW).engagement).to.equal(0);
    expect(scoreLead({}, [visit(0), visit(0), visit(0)], counted, NOW).engagement).to.equal(7);
  });

  it('scores amounts the same one lead at a time and in bulk', () => {
    const m = model({
      halfLifeDays: 7,
      engagement: [
        { id: 'time', event: 'visit', measure: 'value', points: 1, per: 30, cap: 40, maxCount: 2 },
        { id: 'band', event: 'visit', points: 0, bands: [{ max: 2, points: 1 }, { min: 2, points: 4 }] },
      ],
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 900 })), { maxLength: 6 }), (visits) => {
        const events = visits.map(([age, seconds]) => ({ ...visit(age, seconds), leadId: 'a' }));
        const one = scoreLead({ id: 'a' }, events, m, NOW);
        const [bulk] = scoreLeads([{ id: 'a' }], events, m, NOW);
        expect(bulk!.engagement).to.equal(one.engagement);
        expect(one.engagement).to.be.at.most(44);
      }),
      { numRuns: 100 },
    );
  });

  it('names every bad amount setting by path', () => {
    const result = validateScoringModel(model({
      engagement: [{ id: 'x', event: 'visit', points: 1, measure: 'seconds' as never, per: 0, cap: -1, bands: [{ min: 5, max: 5, points: 1 }, { points: Number.NaN }] }],
    }));
    expect(result.errors.map((e) => e.path)).to.deep.equal([
      'engagement[0].measure', 'engagement[0].per', 'engagement[0].cap', 'engagement[0].bands[0].max', 'engagement[0].bands[1].points',
    ]);
    expect(validateScoringModel(model({ engagement: [{ id: 'x', event: 'visit', points: 0, bands: [] }] })).errors[0]!.path).to.equal('engagement[0].bands');
    expect(validateScoringModel(model({ engagement: [{ id: 'x', event: 'visit', points: 0, measure: 'value', per: 60, cap: 5 }] })).ok).to.equal(true);
  });
});
