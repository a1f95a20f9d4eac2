import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DAY_MS, MAX_DATE_MS, isDateMs, msOrNow, toIso, toMs } from '../../src/core/time.js';

const T = Date.parse('2025-03-04T05:06:07.089Z');

describe('core/time', () => {
  it('counts a day as 86,400,000 ms', () => {
    expect(DAY_MS).to.equal(24 * 60 * 60 * 1000);
    expect(MAX_DATE_MS).to.equal(8.64e15);
  });

  it('reads ms from numbers, parseable text and valid dates, and null from anything else', () => {
    expect(toMs(T)).to.equal(T);
    expect(toMs(-1)).to.equal(-1);
    expect(toMs(1e20)).to.equal(1e20);
    expect(toMs('2025-03-04T05:06:07.089Z')).to.equal(T);
    expect(toMs('2025-03-04')).to.equal(Date.UTC(2025, 2, 4));
    expect(toMs(new Date(T))).to.equal(T);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 'soon', '', new Date(Number.NaN), null, undefined, {}, [T], true]) {
      expect(toMs(bad), String(bad)).to.equal(null);
    }
  });

  it('knows which times a Date can hold', () => {
    expect(isDateMs(MAX_DATE_MS)).to.equal(true);
    expect(isDateMs(-MAX_DATE_MS)).to.equal(true);
    expect(isDateMs(MAX_DATE_MS + 1)).to.equal(false);
    expect(isDateMs(Number.NaN)).to.equal(false);
  });

  it('falls back to the current time for a now that is unreadable or beyond what a Date holds', () => {
    expect(msOrNow(T)).to.equal(T);
    expect(msOrNow('2025-03-04T05:06:07.089Z')).to.equal(T);
    for (const bad of ['soon', Number.NaN, 1e16, undefined]) {
      const before = Date.now();
      const ms = msOrNow(bad);
      expect(ms, String(bad)).to.be.within(before, Date.now());
    }
  });

  it('writes ms as UTC ISO and keeps text as it is', () => {
    expect(toIso(T)).to.equal('2025-03-04T05:06:07.089Z');
    expect(toIso(0)).to.equal('1970-01-01T00:00:00.000Z');
    expect(toIso('2025-03-04')).to.equal('2025-03-04');
    const before = Date.now();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1e16]) expect(Date.parse(toIso(bad))).to.be.within(before, Date.now());
  });

  it('round-trips every time a Date holds through toIso and toMs (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (ms) => {
      expect(toMs(toIso(ms))).to.equal(ms);
    }), { numRuns: 200 });
  });
});
