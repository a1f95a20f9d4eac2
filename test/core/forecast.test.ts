import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { backtestForecast, forecastRevenue } from '../../src/core/index.js';
import type { Deal } from '../../src/core/model.js';
import { DAY, EPOCH, forecastPipeline as pipeline, iso, makeDeal, syntheticHistory } from './forecast-history.js';

const dayOf = (isoString: string): number => (Date.parse(isoString) - EPOCH) / DAY;
const near = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).to.be.at.most(Math.abs(expected) * relative);
};

describe('forecastRevenue', () => {
  describe('recovers a known truth', () => {
    const twoStage = syntheticHistory({ seed: 7, perDay: 6, days: 1100, meanDays: 30, offerShare: 0.5, offerWin: 0.6 });

    it('learns the stage-to-won rates and the time to win that generated the history', () => {
      const { rates } = forecastRevenue(twoStage, pipeline, { asOf: iso(1100), period: 'month' });
      const talk = rates.stages.find((s) => s.stageId === 'talk');
      const offer = rates.stages.find((s) => s.stageId === 'offer');
      // Truth: every deal starts in talk and wins 0.5 x 0.6 = 0.3; a deal that reached offer wins 0.6.
      expect(talk?.rate).to.be.closeTo(0.3, 0.03);
      expect(offer?.rate).to.be.closeTo(0.6, 0.03);
      expect(rates.winRate).to.be.closeTo(0.3, 0.03);
      near(rates.daysToWin.mean ?? 0, 30, 0.1);
      expect(rates.closedDeals).to.be.greaterThan(6000);
    });

    it('expects what the generating process expects for a month and a quarter', () => {
      const history = syntheticHistory({ seed: 11, perDay: 10, days: 730, meanDays: 30, winRate: 0.3 });
      for (const [asOf, period] of [
        ['2021-09-01T00:00:00.000Z', 'month'],
        ['2021-07-01T00:00:00.000Z', 'quarter'],
      ] as const) {
        const forecast = forecastRevenue(history, pipeline, { asOf, period, periods: 1 });
        const first = forecast.periods[0];
        const days = (Date.parse(`${first?.end ?? ''}T00:00:00Z`) - Date.parse(asOf)) / DAY;
        const cutoff = dayOf(asOf);
        const open = history.filter((d) => dayOf(d.createdAt) < cutoff && (d.closedAt === undefined || dayOf(d.closedAt) >= cutoff)).length;
        // Exponential closes with an independent outcome are memoryless: an open deal wins within D
        // days with 0.3 (1 - e^(-D/30)); deals created at 10 a day add 10 x 0.3 x (D - 30 (1 - e^(-D/30))).
        const fromPipeline = open * 1000 * 0.3 * (1 - Math.exp(-days / 30));
        const fromNew = 10 * 1000 * 0.3 * (days - 30 * (1 - Math.exp(-days / 30)));
        near(first?.fromPipeline ?? 0, fromPipeline, 0.08);
        near(first?.fromNewDeals ?? 0, fromNew, 0.1);
        near(first?.expected ?? 0, fromPipeline + fromNew, 0.08);
        expect(forecast.openDeals).to.equal(open);
      }
    });
  });

  describe('uses only what was known at asOf', () => {
    const history = syntheticHistory({ seed: 3, perDay: 4, days: 400, meanDays: 25, offerShare: 0.5, offerWin: 0.6 });
    const options = { asOf: '2020-12-10', period: 'month', periods: 2 } as const;
    const asOfDay = dayOf('2020-12-11T00:00:00.000Z');

    it('counts a deal won after asOf as open', () => {
      const wonLater = makeDeal('x', asOfDay - 10, asOfDay + 5, true, 5000, asOfDay - 5);
      const stillOpen = makeDeal('x', asOfDay - 10, null, false, 5000, asOfDay - 5);
      const later = forecastRevenue([...history, wonLater], pipeline, options);
      const open = forecastRevenue([...history, stillOpen], pipeline, options);
      expect(later).to.deep.equal(open);
      expect(later.openDeals).to.equal(forecastRevenue(history, pipeline, options).openDeals + 1);
    });

    it('ignores history entered after asOf and deals created after it', () => {
      const movedLater = makeDeal('y', asOfDay - 3, null, false, 5000, asOfDay + 2);
      const notMoved = makeDeal('y', asOfDay - 3, null, false, 5000);
      const createdLater = makeDeal('z', asOfDay + 1, null, false, 9000);
      expect(forecastRevenue([...history, movedLater, createdLater], pipeline, options)).to.deep.equal(
        forecastRevenue([...history, notMoved], pipeline, options),
      );
    });

    it('a date asOf knows everything dated that day; a date-time only what came before it', () => {
      const closedThatDay = makeDeal('w', asOfDay - 20, asOfDay - 0.5, true, 7000);
      const date = forecastRevenue([...history, closedThatDay], pipeline, options);
      const instant = forecastRevenue([...history, closedThatDay], pipeline, { ...options, asOf: iso(asOfDay - 0.5) });
      expect((date.periods[0]?.closedWon ?? 0) - (forecastRevenue(history, pipeline, options).periods[0]?.closedWon ?? 0)).to.equal(7000);
      expect(instant.openDeals).to.equal(forecastRevenue(history, pipeline, { ...options, asOf: iso(asOfDay - 0.5) }).openDeals + 1);
    });
  });

  it('counts the deals already won inside the current period', () => {
    const history = syntheticHistory({ seed: 5, perDay: 4, days: 400, meanDays: 25, winRate: 0.3 });
    const asOf = '2020-12-15';
    const inDecember = history.filter((d) => d.status === 'won' && d.closedAt !== undefined && d.closedAt >= '2020-12-01' && d.closedAt < '2020-12-16');
    const [december, january] = forecastRevenue(history, pipeline, { asOf, period: 'month', periods: 2 }).periods;
    expect(inDecember.length).to.be.greaterThan(5);
    expect(december?.closedWon).to.equal(inDecember.length * 1000);
    expect(december?.expected).to.be.greaterThan((december?.closedWon ?? 0) + 1000);
    expect(december?.low).to.be.at.least(december?.closedWon ?? 0);
    expect(january?.closedWon).to.equal(0);
  });

  it('discounts stale deals by their age', () => {
    // Half the deals never close: the older an open deal, the likelier it is one of them.
    const history = syntheticHistory({ seed: 9, perDay: 8, days: 700, meanDays: 30, winRate: 0.3, staleShare: 0.5 });
    const asOf = '2021-12-01T00:00:00.000Z';
    const cutoff = dayOf(asOf);
    const base = forecastRevenue(history, pipeline, { asOf, period: 'month', periods: 1 }).periods[0]?.fromPipeline ?? 0;
    const added = (age: number): number =>
      ((forecastRevenue([...history, makeDeal('n', cutoff - age, null, false, 100_000)], pipeline, { asOf, period: 'month', periods: 1 }).periods[0]?.fromPipeline ?? 0) - base) / 100_000;
    const truth = (age: number): number => {
      const active = Math.exp(-age / 30) / (Math.exp(-age / 30) + 1);
      return active * 0.3 * (1 - Math.exp(-31 / 30));
    };
    near(added(5), truth(5), 0.2);
    expect(added(200)).to.be.below(0.1 * added(5));
    expect(added(200)).to.be.below(0.02);
  });

  it('gives quarters that start at January, April, July and October', () => {
    const history = syntheticHistory({ seed: 2, perDay: 3, days: 500, meanDays: 30, winRate: 0.3 });
    const forecast = forecastRevenue(history, pipeline, { asOf: '2021-02-10', period: 'quarter' });
    expect(forecast.periods.map((p) => [p.start, p.end])).to.deep.equal([
      ['2021-01-01', '2021-04-01'],
      ['2021-04-01', '2021-07-01'],
      ['2021-07-01', '2021-10-01'],
    ]);
    const months = forecastRevenue(history, pipeline, { asOf: '2021-02-10', period: 'month', periods: 2 });
    expect(months.periods.map((p) => p.start)).to.deep.equal(['2021-02-01', '2021-03-01']);
  });

  it('leans on the hand-set probabilities and expected close dates when history is thin', () => {
    const open = { ...makeDeal('a', 0, null, false, 1000), expectedClose: '2020-01-20' };
    const [january, february] = forecastRevenue([open], pipeline, { asOf: '2020-01-05', period: 'month', periods: 2 }).periods;
    // No closed deal: weight 0, so the talk stage's 0.2 in the month the deal is expected to close.
    expect(january?.expected).to.be.closeTo(200, 1e-9);
    expect(february?.expected).to.equal(0);
  });

  describe('properties', () => {
    const arbDeal = fc.record({
      created: fc.integer({ min: 0, max: 300 }),
      closeAfter: fc.option(fc.integer({ min: 0, max: 200 })),
      won: fc.boolean(),
      value: fc.integer({ min: 0, max: 100_000 }),
    });
    const toDeals = (rows: { created: number; closeAfter: number | null; won: boolean; value: number }[]): Deal[] =>
      rows.map((r, i) => makeDeal(`r${i}`, r.created, r.closeAfter === null ? null : r.created + r.closeAfter, r.won, r.value));

    it('low <= expected <= high, never negative', () => {
      fc.assert(
        fc.property(fc.array(arbDeal, { maxLength: 60 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom('month', 'quarter' as const), (rows, day, period) => {
          for (const p of forecastRevenue(toDeals(rows), pipeline, { asOf: iso(day), period: period as 'month' | 'quarter' }).periods) {
            expect(p.low).to.be.at.least(0);
            expect(p.low).to.be.at.most(p.expected + 1e-9);
            expect(p.expected).to.be.at.most(p.high + 1e-9);
            expect(p.closedWon).to.be.at.most(p.expected + 1e-9);
          }
        }),
        { numRuns: 60 },
      );
    });

    it('adding a new open deal, or raising an open deal`s value, never lowers the forecast', () => {
      fc.assert(
        fc.property(fc.array(arbDeal, { maxLength: 60 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 50_000 }), (rows, day, value) => {
          const deals = toDeals(rows);
          const options = { asOf: iso(day), period: 'month', periods: 2 } as const;
          const before = forecastRevenue(deals, pipeline, options).periods;
          // A deal created just before asOf adds no time open, so it changes nothing learned.
          const added = forecastRevenue([...deals, makeDeal('new', day - 1e-6, null, false, value)], pipeline, options).periods;
          const richer = forecastRevenue(deals.map((d) => (d.status === 'open' ? { ...d, value: d.value + value } : d)), pipeline, options).periods;
          before.forEach((p, i) => {
            expect(added[i]?.expected).to.be.at.least(p.expected - 1e-6);
            expect(richer[i]?.expected).to.be.at.least(p.expected - 1e-6);
          });
        }),
        { numRuns: 60 },
      );
    });
  });

  it('stays quick and finite with a creation date mistyped centuries back', () => {
    const history = syntheticHistory({ seed: 6, perDay: 2, days: 300, meanDays: 20, winRate: 0.3 });
    const ancient = { ...makeDeal('old', 0, null, false, 50_000), createdAt: '0101-01-01T00:00:00.000Z' };
    const base = forecastRevenue(history, pipeline, { asOf: iso(300), period: 'month' }).periods[0]!;
    const with_ = forecastRevenue([...history, ancient], pipeline, { asOf: iso(300), period: 'month' }).periods[0]!;
    expect(Number.isFinite(with_.high)).to.equal(true);
    // Nobody wins at 700,000 days: it adds next to nothing.
    expect(with_.fromPipeline - base.fromPipeline).to.be.below(0.02 * 50_000);
  });

  it('names the option in a clear error for bad input', () => {
    const deals = syntheticHistory({ seed: 1, perDay: 1, days: 50, meanDays: 10, winRate: 0.5 });
    expect(() => forecastRevenue(deals, pipeline, { asOf: '2020-02-01', period: 'week' as 'month' })).to.throw(RangeError, /options\.period/);
    expect(() => forecastRevenue(deals, pipeline, { asOf: 'yesterday', period: 'month' })).to.throw(RangeError, /options\.asOf/);
    expect(() => forecastRevenue(deals, pipeline, { asOf: '2020-02-30x', period: 'month' })).to.throw(RangeError, /options\.asOf/);
    expect(() => forecastRevenue(deals, pipeline, { asOf: '2020-02-01', period: 'month', periods: 0 })).to.throw(RangeError, /options\.periods/);
    expect(() => backtestForecast(deals, pipeline, { from: 'soon', to: '2020-02-01', period: 'month' })).to.throw(RangeError, /options\.from/);
    expect(() => backtestForecast(deals, pipeline, { from: '2020-03-01', to: '2020-02-01', period: 'month' })).to.throw(RangeError, /options\.from/);
  });
});

describe('backtestForecast', () => {
  const history = syntheticHistory({ seed: 21, perDay: 8, days: 700, meanDays: 30, winRate: 0.3 });
  const result = backtestForecast(history, pipeline, { from: '2021-03-15', to: '2021-08-01', period: 'month' });

  it('replays each period and compares it with what was won in it', () => {
    expect(result.rows.map((r) => r.start)).to.deep.equal(['2021-03-01', '2021-04-01', '2021-05-01', '2021-06-01', '2021-07-01', '2021-08-01']);
    for (const row of result.rows) {
      const end = new Date(Date.parse(row.start));
      end.setUTCMonth(end.getUTCMonth() + 1);
      const won = history.filter((d) => d.status === 'won' && (d.closedAt ?? '') >= row.start && Date.parse(d.closedAt ?? '') < end.getTime());
      expect(row.actual).to.equal(won.length * 1000);
      const forecast = forecastRevenue(history, pipeline, { asOf: `${row.start}T00:00:00.000Z`, period: 'month', periods: 1 }).periods[0];
      expect(row.expected).to.equal(forecast?.expected);
      expect(row.low).to.be.at.most(row.expected);
    }
    result.rows.slice(3).forEach((row, i) => {
      const three = result.rows.slice(i, i + 3).map((r) => r.actual);
      expect(row.meanOfLastThree).to.be.closeTo((three[0]! + three[1]! + three[2]!) / 3, 1e-6);
    });
  });

  it('leaves periods that ended before the first close out of the mean of the last three', () => {
    const early = syntheticHistory({ seed: 8, perDay: 5, days: 200, meanDays: 20, winRate: 0.4 });
    const { rows } = backtestForecast(early, pipeline, { from: '2020-02-01', to: '2020-03-01', period: 'month' });
    const wonIn = (from: string, to: string) => early.filter((d) => d.status === 'won' && (d.closedAt ?? '') >= from && (d.closedAt ?? '') < to).length * 1000;
    const january = wonIn('2020-01-01', '2020-02-01');
    expect(january).to.be.greaterThan(0);
    expect(rows[0]?.meanOfLastThree).to.equal(january);
    expect(rows[1]?.meanOfLastThree).to.be.closeTo((january + wonIn('2020-02-01', '2020-03-01')) / 2, 1e-9);
  });

  it('reports MAPE and bias, beating the naive baselines on a steady history', () => {
    const mape = result.rows.reduce((s, r) => s + Math.abs(r.expected - r.actual) / r.actual, 0) / result.rows.length;
    const bias = result.rows.reduce((s, r) => s + r.expected - r.actual, 0) / result.rows.reduce((s, r) => s + r.actual, 0);
    expect(result.mape).to.be.closeTo(mape, 1e-12);
    expect(result.bias).to.be.closeTo(bias, 1e-12);
    expect(result.mape).to.be.below(0.15);
    expect(result.mape).to.be.below(result.baselines.weightedPipeline.mape ?? 0);
  });
});
