import { FunnelChart } from '../../src/components/funnel-chart/funnel-chart.js';
import { funnelChartSuite } from './funnel-chart.suite.js';
import { expect } from '@open-wc/testing';
import { plannerStyles } from '../../src/components/funnel-chart/funnel-planner.js';
import { TOKENS } from '../../src/internal/tokens.js';
import { checkTokens, cssTextOf } from '../tokens-check.js';

/** A vendor's white-label funnel: same behaviour under its own tag. */
class AcmeFunnel extends FunnelChart {}

funnelChartSuite(FunnelChart, 'funnel-chart');
funnelChartSuite(AcmeFunnel, 'acme-funnel');

// The lazily loaded stylesheet is adopted at run time, so the shipped-sheet token check cannot see it.
describe('funnel-chart: lazily loaded styles', () => {
  it('read only defined global tokens', () => {
    const report = checkTokens(cssTextOf(plannerStyles), Object.keys(TOKENS));
    expect(report.undefinedTokens).to.deep.equal([]);
  });
});
