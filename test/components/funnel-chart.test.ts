import { FunnelChart } from '../../src/components/funnel-chart/funnel-chart.js';
import { funnelChartSuite } from './funnel-chart.suite.js';

/** A vendor's white-label funnel: same behaviour under its own tag. */
class AcmeFunnel extends FunnelChart {}

funnelChartSuite(FunnelChart, 'funnel-chart');
funnelChartSuite(AcmeFunnel, 'acme-funnel');
