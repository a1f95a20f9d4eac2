import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { isValidPhone, normalizePhone, phoneError, phoneRegion } from '../../src/core/phone.js';

// A few real-format numbers (fictional 555-01xx for the US) in the forms people type them.
const US = '+12125550100';
const CN = '+8613800138000';

describe('core/phone: normalizePhone', () => {
  it('reads US numbers in every common format as the same E.164 number', () => {
    for (const raw of ['(212) 555-0100', '212-555-0100', '212.555.0100', '2125550100', '1 212 555 0100', '+1 212 555 0100', '  +1-212-555-0100  ']) {
      expect(normalizePhone(raw), raw).to.equal(US);
    }
  });

  it('defaults to the US region, and reads national numbers in the region given (any case)', () => {
    expect(normalizePhone('212 555 0100')).to.equal(US);
    expect(normalizePhone('138 0013 8000', 'CN')).to.equal(CN);
    expect(normalizePhone('138 0013 8000', 'cn')).to.equal(CN);
    expect(normalizePhone('020 7946 0000', 'GB')).to.equal('+442079460000');
    expect(normalizePhone('138 0013 8000')).to.equal(null);
  });

  it('reads international numbers whatever the region, also with a (0) trunk prefix', () => {
    expect(normalizePhone('+86 138 0013 8000', 'US')).to.equal(CN);
    expect(normalizePhone('+44 (0) 20 7946 0000')).to.equal('+442079460000');
    expect(normalizePhone('+86 138 0013 8000', 'ZZ')).to.equal(CN);
  });

  it('reads full-width digits and plus sign from Chinese and Japanese input methods', () => {
    expect(normalizePhone('＋８６ １３８ ００１３ ８０００')).to.equal(CN);
    expect(normalizePhone('（２１２）５５５－０１００')).to.equal(US);
  });

  it('drops an extension, which E.164 cannot hold', () => {
    expect(normalizePhone('212-555-0100 ext. 12')).to.equal(US);
    expect(normalizePhone('212-555-0100 x12')).to.equal(US);
  });

  it('gives null for national numbers without a known region, wrong lengths, impossible numbers and junk', () => {
    expect(normalizePhone('212 555 0100', 'ZZ')).to.equal(null);
    expect(normalizePhone('212 555 0100', '')).to.equal(null);
    for (const raw of ['', '   ', '+', 'abc', '555-0100', '212 555 01000', '000-000-0000', '+999 1234567', '1'.repeat(300)]) {
      expect(normalizePhone(raw), raw).to.equal(null);
    }
    for (const raw of [undefined, null, 2125550100, {}, ['212 555 0100']]) {
      expect(normalizePhone(raw)).to.equal(null);
    }
  });

  it('is idempotent: an E.164 result reads as itself', () => {
    const digit = fc.constantFrom(...'0123456789');
    const sep = fc.constantFrom('', ' ', '-', '.', '(', ')');
    const phone = fc.tuple(fc.constantFrom('', '+', '+1 ', '+86 ', '0'), fc.array(fc.tuple(digit, sep), { minLength: 6, maxLength: 14 }))
      .map(([prefix, parts]) => prefix + parts.map(([d, s]) => d + s).join(''));
    fc.assert(fc.property(phone, fc.constantFrom('US', 'CN', 'GB', 'DE'), (raw, region) => {
      const once = normalizePhone(raw, region);
      if (once !== null) {
        expect(once).to.match(/^\+[1-9]\d{5,17}$/);
        expect(normalizePhone(once, region)).to.equal(once);
        expect(normalizePhone(once, 'ZZ')).to.equal(once);
      }
    }), { numRuns: 200 });
  });
});

describe('core/phone: isValidPhone and phoneError', () => {
  it('accepts valid numbers with no error', () => {
    expect(isValidPhone('(212) 555-0100')).to.equal(true);
    expect(phoneError('(212) 555-0100')).to.equal(null);
    expect(isValidPhone('13800138000', 'CN')).to.equal(true);
    expect(phoneError('13800138000', 'CN')).to.equal(null);
  });

  it('names what is wrong, for a form message', () => {
    expect(phoneError('555 01')).to.equal('too-short');
    expect(phoneError('5550100')).to.equal('too-short');
    expect(phoneError('212 555 0100 9999 99')).to.equal('too-long');
    expect(phoneError('1'.repeat(300))).to.equal('too-long');
    expect(phoneError('212 555 0100', 'ZZ')).to.equal('invalid-country');
    expect(phoneError('+999 1234567')).to.equal('invalid-country');
    expect(phoneError('000-000-0000')).to.equal('invalid');
    expect(phoneError('call me')).to.equal('invalid');
    expect(phoneError('')).to.equal('invalid');
    expect(phoneError(42)).to.equal('invalid');
    expect(isValidPhone('000-000-0000')).to.equal(false);
  });

  it('agrees with normalizePhone and isValidPhone on any input', () => {
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\+?[0-9 ()-]{0,18}$/));
    fc.assert(fc.property(text, fc.constantFrom('US', 'CN', 'ZZ'), (raw, region) => {
      const valid = isValidPhone(raw, region);
      expect(valid).to.equal(normalizePhone(raw, region) !== null);
      expect(valid).to.equal(phoneError(raw, region) === null);
    }), { numRuns: 200 });
  });
});

describe('core/phone: phoneRegion', () => {
  it('uppercases known region codes and rejects the rest', () => {
    expect(phoneRegion(' cn ')).to.equal('CN');
    expect(phoneRegion('US')).to.equal('US');
    expect(phoneRegion('ZZ')).to.equal(undefined);
    expect(phoneRegion('China')).to.equal(undefined);
    expect(phoneRegion(86)).to.equal(undefined);
  });
});
