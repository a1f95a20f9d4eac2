import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  ATTRIBUTION_MODELS,
  attributeRevenue,
  attributionWeights,
  campaignRoi,
  mqlToSqlRate,
  UNATTRIBUTED,
} from '../../src/core/attribution.js';
import type { AttributionModel, Journey } from '../../src/core/attribution.js';
import type { Lead, Touch, TouchMilestone } from '../../src/core/model.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const at = (day: number): string => new Date(T0 + day * DAY).toISOString();
const touch = (channel: string, day: number, extra: Partial<Touch> = {}): Touch => ({ channel, at: at(day), ...extra });
const days = (...list: number[]): Touch[] => list.map((d, i) => touch(`c${i}`, d));

function expectWeights(actual: number[], expected: number[]): void {
  expect(actual.length).to.equal(expected.length);
  actual.forEach((w, i) => expect(w, `weight ${i}`).to.be.closeTo(expected[i]!, 1e-12));
}

describe('attribution', () => {
  describe('attributionWeights', () => {
    it('gives nothing for no touches', () => {
      for (const model of ATTRIBUTION_MODELS) expect(attributionWeights([], model)).to.deep.equal([]);
      expect(attributionWeights(null as never, 'linear')).to.deep.equal([]);
    });

    it('first and last touch go by time, not by list order', () => {
      const touches = days(5, 1, 9);
      expect(attributionWeights(touches, 'first-touch')).to.deep.equal([0, 1, 0]);
      expect(attributionWeights(touches, 'last-touch')).to.deep.equal([0, 0, 1]);
    });

    it('breaks ties by list order and sorts unreadable times last', () => {
      const tied = [touch('a', 3), touch('b', 3)];
      expect(attributionWeights(tied, 'first-touch')).to.deep.equal([1, 0]);
      expect(attributionWeights(tied, 'last-touch')).to.deep.equal([0, 1]);
      const broken = [{ channel: 'x', at: 'soon' }, touch('y', 2), null] as unknown as Touch[];
      expect(attributionWeights(broken, 'first-touch')).to.deep.equal([0, 1, 0]);
      expect(attributionWeights(broken, 'last-touch')).to.deep.equal([0, 0, 1]);
    });

    it('linear shares equally, and is the fallback for an unknown model', () => {
      expect(attributionWeights(days(1, 2, 3, 4), 'linear')).to.deep.equal([0.25, 0.25, 0.25, 0.25]);
      expect(attributionWeights(days(1, 2), 'magic' as AttributionModel)).to.deep.equal([0.5, 0.5]);
    });

    it('u-shaped gives 40% to the first and the lead-creation touch, 20% to the middle', () => {
      expect(attributionWeights(days(1, 2, 3, 4), 'u-shaped')).to.deep.equal([0.4, 0.1, 0.1, 0.4]);
      const withLead = days(1, 2, 3, 4, 5);
      withLead[1]!.milestone = 'lead';
      expectWeights(attributionWeights(withLead, 'u-shaped'), [0.4, 0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3]);
      expect(attributionWeights(days(1), 'u-shaped')).to.deep.equal([1]);
      expect(attributionWeights(days(1, 2), 'u-shaped')).to.deep.equal([0.5, 0.5]);
      const firstIsLead = [touch('a', 1, { milestone: 'lead' }), touch('b', 2)];
      expect(attributionWeights(firstIsLead, 'u-shaped')).to.deep.equal([0.8, 0.2]);
    });

    it('w-shaped gives 30% each to first, lead and opportunity touches and 10% to the rest', () => {
      const full = days(1, 2, 3, 4, 5);
      full[1]!.milestone = 'lead';
      full[3]!.milestone = 'opportunity';
      expect(attributionWeights(full, 'w-shaped')).to.deep.equal([0.3, 0.3, 0.05, 0.3, 0.05]);
      // no milestones: lead and opportunity fall on the last touch
      expect(attributionWeights(days(1, 2, 3), 'w-shaped')).to.deep.equal([0.3, 0.1, 0.6]);
      expectWeights(attributionWeights(days(1, 2), 'w-shaped'), [1 / 3, 2 / 3]);
      expect(attributionWeights(days(1), 'w-shaped')).to.deep.equal([1]);
      const three = days(1, 2, 3);
      three[1]!.milestone = 'lead';
      three[2]!.milestone = 'opportunity';
      expectWeights(attributionWeights(three, 'w-shaped'), [1 / 3, 1 / 3, 1 / 3]);
      // only an opportunity milestone: the lead-creation touch is that same touch
      const oppOnly = days(1, 2, 3, 4);
      oppOnly[1]!.milestone = 'opportunity';
      expect(attributionWeights(oppOnly, 'w-shaped')).to.deep.equal([0.3, 0.6, 0.05, 0.05]);
      // the earliest touch with a milestone counts, whatever the list order
      const shuffled = [touch('o', 4, { milestone: 'opportunity' }), touch('f', 1), touch('l', 2, { milestone: 'lead' }), touch('l2', 3, { milestone: 'lead' })];
      expect(attributionWeights(shuffled, 'w-shaped')).to.deep.equal([0.3, 0.3, 0.3, 0.1]);
    });

    it('time decay halves the weight per half-life before conversion', () => {
      // raw 0.25, 0.5, 1 for 14, 7 and 0 days before the last touch
      expectWeights(attributionWeights(days(0, 7, 14), 'time-decay'), [1 / 7, 2 / 7, 4 / 7]);
      expectWeights(attributionWeights(days(0, 7, 14), 'time-decay', { conversionAt: at(21) }), [1 / 7, 2 / 7, 4 / 7]);
      expectWeights(attributionWeights(days(0, 14), 'time-decay', { halfLifeDays: 14 }), [1 / 3, 2 / 3]);
      expectWeights(attributionWeights(days(0, 14), 'time-decay', { halfLifeDays: -1 }), [0.2, 0.8]);
      expectWeights(attributionWeights(days(14, 0), 'time-decay', { conversionAt: T0 + 100 * DAY }), [0.8, 0.2]);
    });

    it('time decay counts touches after the conversion as at the conversion', () => {
      expectWeights(attributionWeights(days(0, 7, 14), 'time-decay', { conversionAt: at(7) }), [0.2, 0.4, 0.4]);
      expectWeights(attributionWeights(days(0, 7), 'time-decay', { conversionAt: 'unknown' }), [1 / 3, 2 / 3]);
    });

    it('time decay gives no weight to unreadable times and does not underflow', () => {
      const touches = [touch('a', 0), { channel: 'b', at: 'nope' } as Touch, touch('c', 7)];
      expectWeights(attributionWeights(touches, 'time-decay'), [1 / 3, 0, 2 / 3]);
      const unreadable = [{ channel: 'a', at: '' }, { channel: 'b' }] as unknown as Touch[];
      expect(attributionWeights(unreadable, 'time-decay')).to.deep.equal([0.5, 0.5]);
      const ancient = attributionWeights(days(0, 1), 'time-decay', { halfLifeDays: 0.001, conversionAt: at(365 * 50) });
      expectWeights(ancient, [0, 1]);
    });
  });

  describe('attributeRevenue', () => {
    const journeys: Journey[] = [
      { value: 1000, touches: [touch('email', 1, { campaign: 'spring' }), touch('paid-search', 5)] },
      { value: 600, touches: [touch('email', 2, { campaign: 'spring' })] },
      { value: 300, touches: [] },
      { value: Number.NaN, touches: [touch('webinar', 3, { campaign: ' ' })] },
    ];

    it('totals credit by campaign (else channel) and by channel', () => {
      const result = attributeRevenue(journeys, 'linear');
      expect(result.byCampaign).to.deep.equal([
        { key: 'spring', revenue: 1100, deals: 1.5 },
        { key: 'paid-search', revenue: 500, deals: 0.5 },
        { key: UNATTRIBUTED, revenue: 300, deals: 1 },
        { key: 'webinar', revenue: 0, deals: 1 },
      ]);
      expect(result.byChannel).to.deep.equal([
        { key: 'email', revenue: 1100, deals: 1.5 },
        { key: 'paid-search', revenue: 500, deals: 0.5 },
        { key: UNATTRIBUTED, revenue: 300, deals: 1 },
        { key: 'webinar', revenue: 0, deals: 1 },
      ]);
    });

    it('follows the model and a journey conversion time', () => {
      expect(attributeRevenue(journeys.slice(0, 1), 'first-touch').byChannel).to.deep.equal([
        { key: 'email', revenue: 1000, deals: 1 },
        { key: 'paid-search', revenue: 0, deals: 0 },
      ]);
      const decaying: Journey[] = [{ value: 700, touches: days(0, 7), conversionAt: at(7) }];
      const rows = attributeRevenue(decaying, 'time-decay', { halfLifeDays: 7, conversionAt: at(1000) }).byChannel;
      expect(rows.map((r) => r.key)).to.deep.equal(['c1', 'c0']);
      expect(rows[0]!.revenue).to.be.closeTo(466.6666666, 1e-6);
      expect(rows[1]!.revenue).to.be.closeTo(233.3333333, 1e-6);
    });

    it('credits touches without a channel to UNATTRIBUTED and ranks ties by key', () => {
      const result = attributeRevenue(
        [{ value: 100, touches: [{ at: at(1) } as Touch, touch('b', 2), touch('a', 3)] }, { value: -50, touches: [touch('z', 1)] }],
        'linear',
      );
      expect(result.byChannel.map((r) => [r.key, Math.round(r.revenue * 100) / 100])).to.deep.equal([
        [UNATTRIBUTED, 33.33],
        ['a', 33.33],
        ['b', 33.33],
        ['z', 0],
      ]);
    });

    it('skips what is not a journey', () => {
      expect(attributeRevenue(null as never, 'linear')).to.deep.equal({ byCampaign: [], byChannel: [] });
      const result = attributeRevenue([null, 'x', { value: 10, touches: 'email' }] as never, 'linear', null as never);
      expect(result.byChannel).to.deep.equal([{ key: UNATTRIBUTED, revenue: 10, deals: 1 }]);
    });
  });

  describe('campaignRoi', () => {
    const revenue = attributeRevenue(
      [
        { value: 1000, touches: [touch('email', 1, { campaign: 'spring' })] },
        { value: 100, touches: [touch('email', 1, { campaign: 'spring' })] },
      ],
      'linear',
    ).byCampaign;

    it('is (revenue - cost) / cost per campaign, merging duplicates', () => {
      const campaigns = [
        { id: 'spring', cost: 500 },
        { id: 'webinar', cost: 0 },
        { id: 'fall', cost: 200 },
        { id: 'spring', cost: 50 },
      ];
      expect(campaignRoi(campaigns, revenue)).to.deep.equal([
        { campaignId: 'spring', cost: 550, revenue: 1100, roi: 1 },
        { campaignId: 'webinar', cost: 0, revenue: 0, roi: null },
        { campaignId: 'fall', cost: 200, revenue: 0, roi: -1 },
      ]);
    });

    it('accepts a plain revenue object and bad costs', () => {
      const campaigns = [{ id: 'a', cost: 100 }, { id: 'b', cost: -10 }, { id: 'c', cost: Number.NaN }, { cost: 5 }, null] as never;
      expect(campaignRoi(campaigns, { a: 250, b: 40, c: 10, d: 'x' } as never)).to.deep.equal([
        { campaignId: 'a', cost: 100, revenue: 250, roi: 1.5 },
        { campaignId: 'b', cost: -10, revenue: 40, roi: null },
        { campaignId: 'c', cost: 0, revenue: 10, roi: null },
      ]);
      expect(campaignRoi(null as never, revenue)).to.deep.equal([]);
      expect(campaignRoi([{ id: 'a', cost: 10 }], null as never)).to.deep.equal([{ campaignId: 'a', cost: 10, revenue: 0, roi: -1 }]);
      expect(campaignRoi([{ id: 'a', cost: 10 }], [{ key: 'a', revenue: 5 }, { key: 'a', revenue: 15, deals: 1 }, null] as never)[0]!.roi).to.equal(1);
    });
  });

  describe('mqlToSqlRate', () => {
    const lead = (status: Lead['status'], extra: Partial<Lead> = {}): Lead => ({
      id: `${status}-${Math.random()}`, createdAt: at(0), updatedAt: at(0), status, ...extra,
    });

    it('counts MQLs, SQLs among them and the acceptance rate', () => {
      const leads = [
        lead('new'),
        lead('nurturing'),
        lead('mql'),
        lead('sql'),
        lead('converted'),
        lead('disqualified', { mqlAt: at(3) }),
        lead('nurturing', { sqlAt: at(4) }),
        lead('new', { mqlAt: '' }),
      ];
      expect(mqlToSqlRate(leads)).to.deep.equal({ mqls: 5, sqls: 3, rate: 0.6 });
    });

    it('has no rate without MQLs', () => {
      expect(mqlToSqlRate([])).to.deep.equal({ mqls: 0, sqls: 0, rate: null });
      expect(mqlToSqlRate([lead('new'), null as never])).to.deep.equal({ mqls: 0, sqls: 0, rate: null });
      expect(mqlToSqlRate('leads' as never)).to.deep.equal({ mqls: 0, sqls: 0, rate: null });
    });
  });

  describe('properties', () => {
    const touchArb: fc.Arbitrary<Touch> = fc.record({
      channel: fc.constantFrom('email', 'ads', 'social', ''),
      campaign: fc.option(fc.constantFrom('spring', 'fall'), { nil: undefined }),
      at: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: 3650 }).map((d) => at(d)) },
        { weight: 1, arbitrary: fc.constant('not a date') },
      ),
      milestone: fc.option(fc.constantFrom<TouchMilestone>('first', 'lead', 'opportunity', 'close'), { nil: undefined }),
    });
    const optionsArb = fc.record({
      halfLifeDays: fc.option(fc.double({ min: -5, max: 400 }), { nil: undefined }),
      conversionAt: fc.option(fc.integer({ min: 0, max: 4000 }).map((d) => T0 + d * DAY), { nil: undefined }),
    });
    const modelArb = fc.constantFrom(...ATTRIBUTION_MODELS);

    it('weights are non-negative and sum to 1 for every model and touch list', () => {
      fc.assert(
        fc.property(fc.array(touchArb, { minLength: 1, maxLength: 12 }), modelArb, optionsArb, (touches, model, options) => {
          const weights = attributionWeights(touches, model, options);
          expect(weights.length).to.equal(touches.length);
          for (const w of weights) expect(w).to.be.at.least(0);
          expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).to.be.at.most(1e-9);
        }),
        { numRuns: 200 },
      );
    });

    it('first and last touch put all the weight on one touch', () => {
      fc.assert(
        fc.property(fc.array(touchArb, { minLength: 1, maxLength: 12 }), fc.constantFrom<AttributionModel>('first-touch', 'last-touch'), (touches, model) => {
          const weights = attributionWeights(touches, model);
          expect(weights.filter((w) => w === 1).length).to.equal(1);
          expect(weights.filter((w) => w === 0).length).to.equal(touches.length - 1);
        }),
        { numRuns: 150 },
      );
    });

    it('attributed revenue adds up to the sum of the journey values', () => {
      const journeyArb = fc.record({
        value: fc.double({ min: 0, max: 1e7, noNaN: true }),
        touches: fc.array(touchArb, { maxLength: 6 }),
      });
      fc.assert(
        fc.property(fc.array(journeyArb, { maxLength: 10 }), modelArb, optionsArb, (journeys, model, options) => {
          const expected = journeys.reduce((sum, j) => sum + j.value, 0);
          const result = attributeRevenue(journeys, model, options);
          for (const rows of [result.byCampaign, result.byChannel]) {
            const revenue = rows.reduce((sum, r) => sum + r.revenue, 0);
            const deals = rows.reduce((sum, r) => sum + r.deals, 0);
            expect(Math.abs(revenue - expected)).to.be.at.most(1e-9 * Math.max(1, expected));
            expect(Math.abs(deals - journeys.length)).to.be.at.most(1e-9);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
