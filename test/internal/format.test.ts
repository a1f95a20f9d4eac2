import { expect } from '@open-wc/testing';
import { formatDate, formatMoney, formatNumber, formatPercent, formatRelativeDays } from '../../src/internal/format.js';

// Intl output uses narrow no-break spaces in some locales and browsers; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('internal/format', () => {
  it('formats money in the currency and locale, whole units unless there are cents', () => {
    expect(formatMoney(12500, 'USD', 'en')).to.equal('$12,500');
    expect(formatMoney(12500.5, 'USD', 'en')).to.equal('$12,500.50');
    expect(formatMoney(12500, 'CNY', 'zh-CN')).to.equal('¥12,500');
    expect(plain(formatMoney(1500000, 'EUR', 'en', { compact: true }))).to.equal('€1.5M');
    expect(formatMoney(Number.NaN, 'USD', 'en')).to.equal('—');
  });

  it('survives a bad currency code from data', () => {
    expect(formatMoney(10, 'dollars', 'en')).to.equal('$10');
  });

  it('formats ratios as percentages and undefined ratios as a dash', () => {
    expect(formatPercent(0.256, 'en')).to.equal('25.6%');
    expect(formatPercent(1.25, 'en', 0)).to.equal('125%');
    expect(formatPercent(null, 'en')).to.equal('—');
    expect(formatPercent(Number.POSITIVE_INFINITY, 'en')).to.equal('—');
    expect(formatNumber(1234567, 'en')).to.equal('1,234,567');
    expect(formatNumber(undefined, 'en')).to.equal('—');
  });

  it('formats dates without shifting calendar days across time zones', () => {
    expect(formatDate('2026-03-01', 'en')).to.equal('Mar 1, 2026');
    expect(formatDate('2026-03-01', 'zh-CN')).to.equal('2026年3月1日');
    expect(formatDate('not a date', 'en')).to.equal('—');
    expect(formatDate(undefined, 'en')).to.equal('—');
    expect(formatDate(Date.UTC(2026, 0, 15, 12), 'en', 'long')).to.contain('2026');
  });

  it('formats relative days', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(formatRelativeDays(Date.UTC(2026, 0, 7), now, 'en')).to.equal('3 days ago');
    expect(formatRelativeDays(Date.UTC(2026, 0, 11), now, 'en')).to.equal('tomorrow');
    expect(formatRelativeDays('x', now, 'en')).to.equal('—');
  });
});
