import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { mean, median, percentile, summarize } from '../../src/core/stats.js';

const MAX = Number.MAX_VALUE;

describe('stats', () => {
  describe('mean', () => {
    it('averages the values', () => {
      expect(mean([1, 2, 3, 4])).to.equal(2.5);
      expect(mean([-3, 3, 6])).to.equal(2);
    });

    it('ignores non-finite entries and returns null when none are left', () => {
      expect(mean([Number.NaN, Number.POSITIVE_INFINITY, 2, 4])).to.equal(3);
      expect(mean([Number.NaN, Number.NEGATIVE_INFINITY])).to.equal(null);
      expect(mean([])).to.equal(null);
      expect(mean(['7', null, 5] as unknown as number[])).to.equal(5);
      expect(mean(null as unknown as number[])).to.equal(null);
    });

    it('does not overflow to Infinity on huge values', () => {
      expect(mean([MAX, MAX])).to.equal(MAX);
      expect(mean([MAX, MAX, -MAX, -MAX])).to.equal(0);
    });
  });

  describe('percentile', () => {
    it('interpolates linearly between the closest ranks (PERCENTILE.INC)', () => {
      expect(percentile([1, 2, 3, 4], 0.5)).to.equal(2.5);
      // rank (4 - 1) * 0.9 = 2.7: 3 + 0.7 * (4 - 3)
      expect(percentile([1, 2, 3, 4], 0.9)).to.be.closeTo(3.7, 1e-12);
      // rank (5 - 1) * 0.9 = 3.6: 40 + 0.6 * 10, whatever the input order
      expect(percentile([50, 10, 40, 20, 30], 0.9)).to.be.closeTo(46, 1e-12);
      expect(percentile([50, 10, 40, 20, 30], 0.25)).to.equal(20);
    });

    it('gives min at 0, max at 1 and clamps p outside 0..1', () => {
      const values = [7, -2, 11, 4];
      expect(percentile(values, 0)).to.equal(-2);
      expect(percentile(values, 1)).to.equal(11);
      expect(percentile(values, -0.5)).to.equal(-2);
      expect(percentile(values, 3)).to.equal(11);
    });

    it('is null for empty input or a p that is not a number', () => {
      expect(percentile([], 0.5)).to.equal(null);
      expect(percentile([Number.NaN], 0.5)).to.equal(null);
      expect(percentile([1, 2], Number.NaN)).to.equal(null);
      expect(percentile(undefined as unknown as number[], 0.5)).to.equal(null);
    });

    it('returns the single value of a one-element list for every p', () => {
      expect(percentile([42], 0)).to.equal(42);
      expect(percentile([42], 0.9)).to.equal(42);
    });

    it('stays finite when the span between neighbours overflows', () => {
      expect(percentile([-MAX, MAX], 0.5)).to.equal(0);
    });

    it('lies between min and max and is monotone in p (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.double(), { minLength: 1, maxLength: 40 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (values, p, q) => {
            const finite = values.filter(Number.isFinite);
            const a = percentile(values, Math.min(p, q));
            const b = percentile(values, Math.max(p, q));
            if (finite.length === 0) return a === null && b === null;
            const lo = Math.min(...finite);
            const hi = Math.max(...finite);
            return a !== null && b !== null && lo <= a && a <= b && b <= hi;
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('median', () => {
    it('is the middle value, or the mean of the two middle values', () => {
      expect(median([3, 1, 2])).to.equal(2);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(median([])).to.equal(null);
    });
  });

  describe('summarize', () => {
    it('reports count, mean, median, p90, min and max of the finite values', () => {
      // sorted finite values: 1, 3, 5, 9; p90 rank 2.7: 5 + 0.7 * 4
      const s = summarize([5, 1, 3, Number.NaN, 9]);
      expect(s.count).to.equal(4);
      expect(s.mean).to.equal(4.5);
      expect(s.median).to.equal(4);
      expect(s.p90).to.be.closeTo(7.8, 1e-12);
      expect(s.min).to.equal(1);
      expect(s.max).to.equal(9);
    });

    it('has null fields for empty or unusable input', () => {
      const empty = { count: 0, mean: null, median: null, p90: null, min: null, max: null };
      expect(summarize([])).to.deep.equal(empty);
      expect(summarize([Number.NaN, Number.POSITIVE_INFINITY])).to.deep.equal(empty);
      expect(summarize(null as unknown as number[])).to.deep.equal(empty);
    });

    it('orders min <= median <= p90 <= max with the mean in range (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }), (values) => {
          const s = summarize(values);
          const { min, median: med, p90, max, mean: avg } = s;
          if (min === null || med === null || p90 === null || max === null || avg === null) return false;
          const slack = 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
          return (
            s.count === values.length &&
            min <= med && med <= p90 && p90 <= max &&
            avg >= min - slack && avg <= max + slack &&
            Math.abs(avg - (mean(values) ?? Number.NaN)) <= slack
          );
        }),
        { numRuns: 200 },
      );
    });
  });
});
