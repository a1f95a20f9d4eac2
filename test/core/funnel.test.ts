import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Deal, DealStatus, Pipeline, StageVisit } from '../../src/core/model.js';
import {
  forecastByMonth,
  funnelFromCounts,
  funnelFromDeals,
  planFromFunnel,
  ratesFromFunnel,
  reversePlan,
  salesCycle,
  timeInStage,
  velocity,
  weightedPipeline,
  whatIf,
  winRate,
  type FunnelStep,
} from '../../src/core/funnel.js';

const pipeline: Pipeline = {
  id: 'sales',
  name: 'Sales',
  stages: [
    { id: 'lead', label: 'Lead', kind: 'open', probability: 0.1 },
    { id: 'qualified', label: 'Qualified', kind: 'open', probability: 0.3 },
    { id: 'proposal', label: 'Proposal', kind: 'open', probability: 0.6 },
    { id: 'negotiation', label: 'Negotiation', kind: 'open', probability: 0.8 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

const iso = (date: string): string => `${date}T00:00:00.000Z`;

/** History from [stageId, entered, left?] triples (dates as YYYY-MM-DD). */
function visits(...rows: [string, string, string?][]): StageVisit[] {
  return rows.map(([stageId, entered, left]) =>
    left === undefined ? { stageId, enteredAt: iso(entered) } : { stageId, enteredAt: iso(entered), leftAt: iso(left) },
  );
}

function deal(id: string, status: DealStatus, stageId: string, value: number, history: StageVisit[], extra: Partial<Deal> = {}): Deal {
  return {
    id,
    title: id,
    value,
    currency: 'EUR',
    pipelineId: 'sales',
    stageId,
    status,
    createdAt: iso('2025-01-01'),
    updatedAt: iso('2025-03-01'),
    history,
    ...extra,
  };
}

// A small realistic pipeline: two won deals (one skipped the proposal), one lost, three open.
const d1 = deal('d1', 'won', 'won', 1000, visits(
  ['lead', '2025-01-01', '2025-01-03'], ['qualified', '2025-01-03', '2025-01-08'],
  ['proposal', '2025-01-08', '2025-01-18'], ['negotiation', '2025-01-18', '2025-01-21'], ['won', '2025-01-21'],
), { closedAt: iso('2025-01-21') });
const d2 = deal('d2', 'won', 'won', 3000, visits(
  ['lead', '2025-01-01', '2025-01-02'], ['qualified', '2025-01-02', '2025-01-06'],
  ['negotiation', '2025-01-06', '2025-01-11'], ['won', '2025-01-11'],
));
const d3 = deal('d3', 'lost', 'lost', 2000, visits(
  ['lead', '2025-01-01', '2025-01-05'], ['qualified', '2025-01-05', '2025-01-15'],
  ['proposal', '2025-01-15', '2025-01-31'], ['lost', '2025-01-31'],
), { closedAt: iso('2025-01-31'), lostReason: 'price' });
const d4 = deal('d4', 'open', 'proposal', 500, visits(
  ['lead', '2025-02-01', '2025-02-02'], ['qualified', '2025-02-02', '2025-02-04'], ['proposal', '2025-02-04'],
), { expectedClose: '2025-03-15' });
const d5 = deal('d5', 'open', 'qualified', 800, visits(['lead', '2025-02-01', '2025-02-03'], ['qualified', '2025-02-03']), {
  probability: 0.5,
  expectedClose: '2025-02-20T17:00:00-05:00',
});
const d6 = deal('d6', 'open', 'lead', 1200, []);
const other = deal('x', 'won', 'won', 9999, [], { pipelineId: 'other' });
const deals = [d1, d2, d3, d4, d5, d6, other];

function pick(steps: FunnelStep[], key: keyof FunnelStep): unknown[] {
  return steps.map((s) => s[key]);
}

function closeTo(actual: number | null, expected: number): void {
  expect(actual).to.be.a('number');
  expect(actual as number).to.be.closeTo(expected, 1e-9);
}

describe('funnel', () => {
  describe('funnelFromCounts', () => {
    it('computes step and cumulative conversion and drop-off', () => {
      const steps = funnelFromCounts([
        { id: 'leads', count: 1000, value: 50 },
        { id: 'mql', count: 400 },
        { id: 'sql', count: 100 },
        { id: 'won', count: 25 },
      ]);
      expect(pick(steps, 'id')).to.deep.equal(['leads', 'mql', 'sql', 'won']);
      expect(pick(steps, 'value')).to.deep.equal([50, 0, 0, 0]);
      expect(pick(steps, 'stepConversion')).to.deep.equal([null, 0.4, 0.25, 0.25]);
      expect(pick(steps, 'cumulativeConversion')).to.deep.equal([1, 0.4, 0.1, 0.025]);
      expect(pick(steps, 'dropOff')).to.deep.equal([null, 600, 300, 75]);
      expect(pick(steps, 'dropOffRate')).to.deep.equal([null, 0.6, 0.75, 0.75]);
    });

    it('reports non-monotone counts as they are', () => {
      const steps = funnelFromCounts([
        { id: 'a', count: 100 },
        { id: 'b', count: 150 },
        { id: 'c', count: 0 },
        { id: 'd', count: 30 },
      ]);
      expect(pick(steps, 'stepConversion')).to.deep.equal([null, 1.5, 0, null]);
      expect(pick(steps, 'cumulativeConversion')).to.deep.equal([1, 1.5, 0, 0.3]);
      expect(pick(steps, 'dropOff')).to.deep.equal([null, -50, 150, -30]);
      expect(pick(steps, 'dropOffRate')).to.deep.equal([null, -0.5, 1, null]);
    });

    it('gives null conversions when the top is zero', () => {
      const steps = funnelFromCounts([{ id: 'a', count: 0 }, { id: 'b', count: 5 }]);
      expect(pick(steps, 'cumulativeConversion')).to.deep.equal([null, null]);
      expect(pick(steps, 'stepConversion')).to.deep.equal([null, null]);
      expect(pick(steps, 'dropOff')).to.deep.equal([null, -5]);
    });

    it('treats negative and non-finite counts and values as 0, and empty input as no steps', () => {
      const steps = funnelFromCounts([
        { id: 'a', count: 10, value: -4 },
        { id: 'b', count: -5, value: Number.NaN },
        { id: 'c', count: Number.POSITIVE_INFINITY },
      ]);
      expect(pick(steps, 'count')).to.deep.equal([10, 0, 0]);
      expect(pick(steps, 'value')).to.deep.equal([0, 0, 0]);
      expect(funnelFromCounts([])).to.deep.equal([]);
      expect(funnelFromCounts(null as unknown as [])).to.deep.equal([]);
    });

    it('makes cumulative conversion the product of the step conversions (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 8 }), (counts) => {
          const steps = funnelFromCounts(counts.map((count, i) => ({ id: `s${i}`, count })));
          let product = 1;
          for (const [i, step] of steps.entries()) {
            if (i > 0) {
              if (step.stepConversion === null) return true; // undefined from here on
              product *= step.stepConversion;
            }
            if (step.cumulativeConversion === null) return counts[0] === 0;
            if (Math.abs(step.cumulativeConversion - product) > 1e-9 * Math.max(1, product)) return false;
          }
          return true;
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('funnelFromDeals', () => {
    it('counts every stage a deal visited in any mode', () => {
      const steps = funnelFromDeals(deals, pipeline);
      expect(pick(steps, 'id')).to.deep.equal(['lead', 'qualified', 'proposal', 'negotiation', 'won']);
      expect(pick(steps, 'count')).to.deep.equal([6, 5, 3, 2, 2]);
      expect(pick(steps, 'value')).to.deep.equal([8500, 7300, 3500, 4000, 4000]);
      closeTo(steps[1]?.stepConversion ?? null, 5 / 6);
      closeTo(steps[2]?.stepConversion ?? null, 3 / 5);
      closeTo(steps[3]?.cumulativeConversion ?? null, 1 / 3);
      expect(steps[4]?.stepConversion).to.equal(1);
      expect(pick(steps, 'dropOff')).to.deep.equal([null, 1, 2, 1, 0]);
    });

    it('counts a deal in strict mode only as far as it went through every stage in order', () => {
      // d2 skipped the proposal, so it stops at qualified and its win does not count.
      const steps = funnelFromDeals(deals, pipeline, { mode: 'strict' });
      expect(pick(steps, 'count')).to.deep.equal([6, 5, 3, 1, 1]);
      expect(pick(steps, 'value')).to.deep.equal([8500, 7300, 3500, 1000, 1000]);
    });

    it('uses first visits in strict mode: a stage first reached out of order does not count', () => {
      const bounced = deal('b', 'open', 'proposal', 10, visits(
        ['lead', '2025-01-01', '2025-01-02'], ['proposal', '2025-01-02', '2025-01-03'],
        ['qualified', '2025-01-03', '2025-01-04'], ['proposal', '2025-01-04'],
      ));
      // first visits: lead, proposal, qualified. Lead -> qualified is in order; proposal came too early.
      expect(pick(funnelFromDeals([bounced], pipeline, { mode: 'strict' }), 'count')).to.deep.equal([1, 1, 0, 0, 0]);
      expect(pick(funnelFromDeals([bounced], pipeline), 'count')).to.deep.equal([1, 1, 1, 0, 0]);
    });

    it('counts a deal with status won at the won step even when its stage says otherwise', () => {
      const odd = deal('o', 'won', 'negotiation', 100, visits(
        ['lead', '2025-01-01', '2025-01-02'], ['qualified', '2025-01-02', '2025-01-03'],
        ['proposal', '2025-01-03', '2025-01-04'], ['negotiation', '2025-01-04'],
      ));
      expect(pick(funnelFromDeals([odd], pipeline, { mode: 'strict' }), 'count')).to.deep.equal([1, 1, 1, 1, 1]);
    });

    it('merges several won stages into one step and works without any won stage', () => {
      const twoWins: Pipeline = {
        id: 'sales',
        name: 'Two wins',
        stages: [
          { id: 'open', label: 'Open', kind: 'open', probability: 0.5 },
          { id: 'won-new', label: 'Won new', kind: 'won', probability: 1 },
          { id: 'won-upsell', label: 'Won upsell', kind: 'won', probability: 1 },
        ],
      };
      const upsell = deal('u', 'won', 'won-upsell', 70, visits(['open', '2025-01-01', '2025-01-02'], ['won-upsell', '2025-01-02']));
      const steps = funnelFromDeals([upsell], twoWins, { mode: 'strict' });
      expect(pick(steps, 'id')).to.deep.equal(['open', 'won-new']);
      expect(pick(steps, 'count')).to.deep.equal([1, 1]);

      const aida: Pipeline = {
        id: 'sales',
        name: 'AIDA',
        stages: ['awareness', 'interest', 'desire', 'action'].map((id) => ({ id, label: id, kind: 'open' as const, probability: 0 })),
      };
      const won = deal('w', 'won', 'action', 5, visits(['awareness', '2025-01-01'], ['interest', '2025-01-02']));
      expect(pick(funnelFromDeals([won], aida), 'count')).to.deep.equal([1, 1, 0, 1]);
    });

    it('gives zero counts with null conversions for no deals, and no steps for no stages', () => {
      const steps = funnelFromDeals([], pipeline);
      expect(pick(steps, 'count')).to.deep.equal([0, 0, 0, 0, 0]);
      expect(pick(steps, 'stepConversion')).to.deep.equal([null, null, null, null, null]);
      expect(pick(steps, 'cumulativeConversion')).to.deep.equal([null, null, null, null, null]);
      expect(funnelFromDeals(deals, { id: 'sales', name: 'Empty', stages: [] })).to.deep.equal([]);
      expect(funnelFromDeals(deals, null as unknown as Pipeline)).to.deep.equal([]);
    });

    it('skips bad records, unknown stages and other pipelines', () => {
      const garbage = [
        null,
        { ...d6, id: 'g1', history: null, value: Number.NaN },
        { ...d6, id: 'g2', stageId: 'nowhere', history: [null, { stageId: 'ghost', enteredAt: 'soon' }] },
        { ...d1, pipelineId: 'other' },
      ] as unknown as Deal[];
      const steps = funnelFromDeals(garbage, pipeline);
      expect(pick(steps, 'count')).to.deep.equal([1, 0, 0, 0, 0]);
      expect(pick(steps, 'value')).to.deep.equal([0, 0, 0, 0, 0]);
      expect(pick(funnelFromDeals(garbage, pipeline, { mode: 'strict' }), 'count')).to.deep.equal([1, 0, 0, 0, 0]);
    });

    it('keeps strict counts non-increasing and never above any counts (property)', () => {
      const stageIds = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'ghost'];
      const arbDeal = fc.record({
        history: fc.array(fc.constantFrom(...stageIds), { maxLength: 8 }),
        stageId: fc.constantFrom(...stageIds),
        status: fc.constantFrom<DealStatus>('open', 'won', 'lost'),
        value: fc.double({ min: -10, max: 1000, noNaN: true }),
      });
      fc.assert(
        fc.property(fc.array(arbDeal, { maxLength: 30 }), (rows) => {
          const list = rows.map((r, i) =>
            deal(`p${i}`, r.status, r.stageId, r.value, r.history.map((stageId) => ({ stageId, enteredAt: iso('2025-01-01') }))),
          );
          const any = funnelFromDeals(list, pipeline);
          const strict = funnelFromDeals(list, pipeline, { mode: 'strict' });
          return strict.every((s, i) => {
            const a = any[i];
            const prev = strict[i - 1];
            return (
              a !== undefined && s.count <= a.count && s.value <= a.value + 1e-9 &&
              (prev === undefined || (s.count <= prev.count && (s.dropOff ?? 0) >= 0))
            );
          });
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('winRate', () => {
    it('is won / (won + lost), ignoring open deals', () => {
      closeTo(winRate([d1, d2, d3, d4, d5, d6]), 2 / 3);
      expect(winRate(deals)).to.equal(0.75);
    });

    it('is null when nothing is closed', () => {
      expect(winRate([d4, d5])).to.equal(null);
      expect(winRate([])).to.equal(null);
      expect(winRate([null] as unknown as Deal[])).to.equal(null);
    });
  });

  describe('timeInStage', () => {
    it('measures finished visits per open stage in days', () => {
      const rows = timeInStage(deals, pipeline, { now: iso('2025-02-10') });
      expect(rows.map((r) => r.stageId)).to.deep.equal(['lead', 'qualified', 'proposal', 'negotiation']);
      // lead: 2, 1, 4, 1, 2 days; p90 rank 3.6 in [1, 1, 2, 2, 4]: 2 + 0.6 * 2
      expect(rows[0]).to.include({ count: 5, mean: 2, median: 2 });
      closeTo(rows[0]?.p90 ?? null, 3.2);
      // qualified: 5, 4, 10, 2 (d5 is still there)
      expect(rows[1]).to.include({ count: 4, mean: 5.25, median: 4.5 });
      closeTo(rows[1]?.p90 ?? null, 8.5);
      expect(rows[2]).to.include({ count: 2, mean: 13, median: 13 });
      expect(rows[3]).to.include({ count: 2, mean: 4, median: 4 });
    });

    it('measures the visits of open deals up to now with includeOpen', () => {
      const rows = timeInStage(deals, pipeline, { now: iso('2025-02-10'), includeOpen: true });
      // qualified gains d5's 7 days, proposal gains d4's 6 days
      expect(rows[1]).to.include({ count: 5, mean: 5.6, median: 5 });
      expect(rows[2]).to.include({ count: 3, median: 10 });
      closeTo(rows[2]?.mean ?? null, 32 / 3);
      const atMs = timeInStage(deals, pipeline, { now: Date.parse(iso('2025-02-10')), includeOpen: true });
      expect(atMs).to.deep.equal(rows);
    });

    it('adds up repeated visits of one deal and skips bad or closed-deal open visits', () => {
      const looping = deal('l', 'open', 'qualified', 1, visits(
        ['qualified', '2025-01-01', '2025-01-03'], ['proposal', '2025-01-03', '2025-01-04'],
        ['qualified', '2025-01-04', '2025-01-05'], ['proposal', '2025-01-05', '2025-01-04'],
        ['lead', 'not a date', '2025-01-06'],
      ));
      const lostOpen = deal('z', 'lost', 'lost', 1, visits(['negotiation', '2025-01-01']));
      const rows = timeInStage([looping, lostOpen], pipeline, { now: iso('2025-02-01'), includeOpen: true });
      expect(rows.map((r) => r.count)).to.deep.equal([0, 1, 1, 0]);
      expect(rows[1]?.mean).to.equal(3);
      expect(rows[0]).to.deep.equal({ stageId: 'lead', count: 0, mean: null, median: null, p90: null });
    });

    it('gives no rows for a pipeline without stages', () => {
      expect(timeInStage(deals, { id: 'sales', name: 'x', stages: [] }, { now: 0 })).to.deep.equal([]);
    });
  });

  describe('salesCycle', () => {
    it('summarises days from first contact to close of closed deals', () => {
      // d1 20 days (closedAt), d2 10 days (entered won), d3 30 days
      const s = salesCycle([d1, d2, d3, d4]);
      expect(s).to.include({ count: 3, mean: 20, median: 20, min: 10, max: 30 });
      closeTo(s.p90, 28);
      expect(salesCycle([d1, d2, d3], { status: 'won' })).to.include({ count: 2, mean: 15 });
    });

    it('falls back to createdAt and updatedAt, and skips open deals and bad dates', () => {
      expect(salesCycle([other]).mean).to.equal(59); // 2025-01-01 to 2025-03-01
      const backwards = deal('r', 'won', 'won', 1, [], { createdAt: iso('2025-05-01') });
      const undated = deal('u', 'lost', 'lost', 1, [], { createdAt: 'never', updatedAt: 'never' });
      expect(salesCycle([backwards, undated, d4]).count).to.equal(0);
      expect(salesCycle([]).mean).to.equal(null);
    });
  });

  describe('weightedPipeline', () => {
    it('weighs open deals by their own probability, else their stage probability', () => {
      const w = weightedPipeline(deals, pipeline);
      expect(w.total).to.equal(2500);
      closeTo(w.weighted, 820); // 500 x 0.6 + 800 x 0.5 + 1200 x 0.1
      expect(w.byStage.map((r) => [r.stageId, r.count, r.value])).to.deep.equal([
        ['lead', 1, 1200], ['qualified', 1, 800], ['proposal', 1, 500], ['negotiation', 0, 0],
      ]);
      closeTo(w.byStage[0]?.weighted ?? null, 120);
      closeTo(w.byStage[1]?.weighted ?? null, 400);
    });

    it('clamps probabilities and ignores deals outside open stages', () => {
      const list = [
        deal('a', 'open', 'lead', 100, [], { probability: 7 }),
        deal('b', 'open', 'lead', 100, [], { probability: -1 }),
        deal('c', 'open', 'lead', 100, [], { probability: Number.NaN }),
        deal('d', 'open', 'won', 100, []),
        deal('e', 'open', 'ghost', 100, []),
      ];
      const w = weightedPipeline(list, pipeline);
      expect(w.total).to.equal(300);
      closeTo(w.weighted, 110); // 100 x 1 + 100 x 0 + 100 x 0.1
      const broken: Pipeline = { id: 'sales', name: 'x', stages: [{ id: 'lead', label: 'L', kind: 'open', probability: Number.NaN }] };
      expect(weightedPipeline([deal('f', 'open', 'lead', 50, [])], broken)).to.include({ total: 50, weighted: 0 });
    });

    it('never weighs more than the total (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ value: fc.double({ noNaN: false }), probability: fc.option(fc.double()) }), { maxLength: 20 }),
          (rows) => {
            const list = rows.map((r, i) => deal(`w${i}`, 'open', 'proposal', r.value, [], r.probability === null ? {} : { probability: r.probability }));
            const w = weightedPipeline(list, pipeline);
            return Number.isFinite(w.weighted) ? w.weighted <= w.total && w.weighted >= 0 : w.total === Number.POSITIVE_INFINITY;
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe('velocity', () => {
    it('is open deals x win rate x average won value / average cycle', () => {
      const v = velocity(deals, pipeline);
      expect(v).to.include({ openDeals: 3, averageWonValue: 2000, averageCycleDays: 15 });
      closeTo(v.winRate, 2 / 3);
      closeTo(v.perDay, (3 * (2 / 3) * 2000) / 15);
      // without a pipeline every deal counts: the other pipeline's 59-day win joins in
      expect(velocity(deals)).to.include({ openDeals: 3, winRate: 0.75 });
    });

    it('has null parts when nothing is closed or the cycle is zero', () => {
      expect(velocity([d4, d5], pipeline)).to.deep.equal({
        openDeals: 2, winRate: null, averageWonValue: null, averageCycleDays: null, perDay: null,
      });
      const instant = deal('i', 'won', 'won', 100, [], { createdAt: iso('2025-01-01'), closedAt: iso('2025-01-01') });
      expect(velocity([instant, d4], pipeline)).to.include({ averageCycleDays: 0, perDay: null, winRate: 1 });
    });
  });

  describe('forecastByMonth', () => {
    it('groups open deals by expected close month with unscheduled last', () => {
      const rows = forecastByMonth([d6, d4, d5, d1, other], pipeline);
      expect(rows.map((r) => [r.month, r.count, r.value])).to.deep.equal([
        ['2025-02', 1, 800], ['2025-03', 1, 500], [null, 1, 1200],
      ]);
      closeTo(rows[0]?.weighted ?? null, 400);
      closeTo(rows[2]?.weighted ?? null, 120);
    });

    it('treats unreadable dates as unscheduled and sorts months', () => {
      const rows = forecastByMonth([
        deal('a', 'open', 'lead', 1, [], { expectedClose: '2026-13-01' }),
        deal('b', 'open', 'lead', 1, [], { expectedClose: '2026-01-31' }),
        deal('c', 'open', 'lead', 1, [], { expectedClose: '2025-12' }),
        deal('d', 'open', 'lead', 1, [], { expectedClose: '2026-01-05T10:00:00Z' }),
        deal('e', 'open', 'lead', 1, [], { expectedClose: 20260101 as unknown as string }),
      ], pipeline);
      expect(rows.map((r) => [r.month, r.count])).to.deep.equal([['2025-12', 1], ['2026-01', 2], [null, 2]]);
      expect(forecastByMonth([], pipeline)).to.deep.equal([]);
    });
  });

  describe('reversePlan', () => {
    const steps = [{ id: 'leads', rate: 0.5 }, { id: 'mql', rate: 0.4 }, { id: 'sql', rate: 0.25 }];

    it('walks back from the target to the volume each step needs', () => {
      const plan = reversePlan({ target: 100_000, averageDealValue: 2000, steps });
      expect(plan).to.deep.equal({
        wins: 50,
        steps: [{ id: 'leads', needed: 1000 }, { id: 'mql', needed: 500 }, { id: 'sql', needed: 200 }],
        feasible: true,
      });
    });

    it('rounds up, but not because of floating-point noise', () => {
      // 10,000 / 3,000 = 3.33 -> 4 wins; 4 / 0.3 = 13.3 -> 14
      expect(reversePlan({ target: 10_000, averageDealValue: 3000, steps: [{ id: 'sql', rate: 0.3 }] }).steps)
        .to.deep.equal([{ id: 'sql', needed: 14 }]);
      // 3 / 0.3 is 10.000000000000002 in floating point and must need 10
      expect(reversePlan({ target: 3, averageDealValue: 1, steps: [{ id: 'sql', rate: 0.3 }] }).steps)
        .to.deep.equal([{ id: 'sql', needed: 10 }]);
    });

    it('is infeasible from a zero or invalid rate upwards, never Infinity', () => {
      const plan = reversePlan({
        target: 100_000,
        averageDealValue: 2000,
        steps: [{ id: 'leads', rate: 0.5 }, { id: 'mql', rate: 0 }, { id: 'sql', rate: 0.25 }],
      });
      expect(plan.feasible).to.equal(false);
      expect(plan.steps.map((s) => s.needed)).to.deep.equal([null, null, 200]);
      const tiny = reversePlan({ target: 1e300, averageDealValue: 1, steps: [{ id: 'a', rate: 1e-300 }] });
      expect(tiny.steps[0]?.needed).to.equal(null);
      expect(reversePlan({ target: 1, averageDealValue: 1, steps: [{ id: 'a', rate: Number.NaN }] }).feasible).to.equal(false);
    });

    it('needs no wins for a non-positive target and has no wins without a deal value', () => {
      expect(reversePlan({ target: -5, averageDealValue: 100, steps }).steps.map((s) => s.needed)).to.deep.equal([0, 0, 0]);
      const noValue = reversePlan({ target: 1000, averageDealValue: 0, steps });
      expect(noValue).to.deep.equal({
        wins: null,
        steps: [{ id: 'leads', needed: null }, { id: 'mql', needed: null }, { id: 'sql', needed: null }],
        feasible: false,
      });
      expect(reversePlan({ target: 1000, averageDealValue: 100, steps: [] })).to.deep.equal({ wins: 10, steps: [], feasible: true });
    });

    it('reaches at least the target when followed forward (property)', () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1e7, noNaN: true }),
          fc.double({ min: 1, max: 1e5, noNaN: true }),
          fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
          (target, averageDealValue, rates) => {
            const plan = reversePlan({ target, averageDealValue, steps: rates.map((rate, i) => ({ id: `s${i}`, rate })) });
            const top = plan.steps[0]?.needed;
            if (!plan.feasible || top === null || top === undefined) return false;
            const revenue = rates.reduce((volume, rate) => volume * rate, top) * averageDealValue;
            return revenue >= target * (1 - 1e-9);
          },
        ),
        // The example fell short by 1.0000002e-9 of the target when the plan forgave 1e-9 per step
        // (found by a CI run in Firefox, seed -731376706).
        { numRuns: 200, examples: [[9999999.982659077, 1, [0.12184796618275927, 0.4261977456257373, 0.4346539577210547, 0.0706467614941663]]] },
      );
    });
  });

  describe('planFromFunnel', () => {
    it('plans with the measured conversions, the last step being the wins', () => {
      const funnel = funnelFromDeals(deals, pipeline);
      // rates 5/6, 3/5, 2/3, 1: 10 wins <- 10 negotiations <- 15 proposals <- 25 qualified <- 30 leads
      expect(planFromFunnel(funnel, 20_000, 2000)).to.deep.equal({
        wins: 10,
        steps: [
          { id: 'lead', needed: 30 }, { id: 'qualified', needed: 25 }, { id: 'proposal', needed: 15 },
          { id: 'negotiation', needed: 10 }, { id: 'won', needed: 10 },
        ],
        feasible: true,
      });
    });

    it('is infeasible above a step nobody converted from, and empty for an empty funnel', () => {
      const funnel = funnelFromCounts([{ id: 'a', count: 10 }, { id: 'b', count: 0 }, { id: 'c', count: 0 }]);
      expect(ratesFromFunnel(funnel)).to.deep.equal([{ id: 'a', rate: 0 }, { id: 'b', rate: 0 }]);
      expect(planFromFunnel(funnel, 100, 10).steps.map((s) => s.needed)).to.deep.equal([null, null, 10]);
      expect(planFromFunnel([], 100, 10)).to.deep.equal({ wins: 10, steps: [], feasible: true });
    });
  });

  describe('whatIf', () => {
    const input = { top: 1000, averageDealValue: 2000, steps: [{ id: 'leads', rate: 0.5 }, { id: 'mql', rate: 0.4 }, { id: 'sql', rate: 0.25 }] };

    it('shows the revenue gained by a better rate, unrounded', () => {
      const r = whatIf(input, { stepId: 'mql', rate: 0.5 });
      expect(r.baselineWins).to.equal(50);
      expect(r.wins).to.equal(62.5);
      expect(r.baselineRevenue).to.equal(100_000);
      expect(r.revenue).to.equal(125_000);
      expect(r.delta).to.equal(25_000);
      expect(r.deltaRate).to.equal(0.25);
    });

    it('changes nothing for an unknown step and has a null delta rate from a zero baseline', () => {
      expect(whatIf(input, { stepId: 'nope', rate: 0.9 })).to.include({ delta: 0, deltaRate: 0 });
      const dead = whatIf({ ...input, steps: [{ id: 'a', rate: 0 }, { id: 'b', rate: Number.NaN }] }, { stepId: 'a', rate: 0.5 });
      expect(dead).to.include({ baselineRevenue: 0, revenue: 0, delta: 0, deltaRate: null });
      const huge = whatIf({ top: 1e300, averageDealValue: 1e300, steps: [] }, { stepId: 'a', rate: 1 });
      expect(huge.revenue).to.equal(Number.MAX_VALUE);
    });

    it('gives delta 0 for the same rate and never less revenue for a higher rate (property)', () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e5, noNaN: true }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
          fc.nat(),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (top, averageDealValue, rates, at, raise) => {
            const steps = rates.map((rate, i) => ({ id: `s${i}`, rate }));
            const target = steps[at % steps.length];
            if (!target) return false;
            const same = whatIf({ top, averageDealValue, steps }, { stepId: target.id, rate: target.rate });
            const higher = whatIf({ top, averageDealValue, steps }, { stepId: target.id, rate: target.rate + raise });
            return same.delta === 0 && higher.revenue >= higher.baselineRevenue && higher.delta >= 0;
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
