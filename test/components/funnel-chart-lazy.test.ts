/**
 * The chart code (chart.js and the funnel plugin) is fetched only when a funnel becomes visible.
 * A file of its own: a page that already loaded the chart module cannot show that.
 */
import { expect } from '@open-wc/testing';
import { FunnelChart } from '../../src/components/funnel-chart/funnel-chart.js';
import { PLAN_STAGES } from './funnel-chart.suite.js';
import { until } from '../storage/repository-suite.js';

// Module requests seen by the page from now on (an observer, so a full timing buffer loses none).
const fetched: string[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) fetched.push(entry.name);
}).observe({ type: 'resource' });
const chartRequests = () => fetched.filter((url) => /funnel-chart\.chart|\/chart\.js\/|chart\.js\?|chart\.js$/.test(url));
// Where `target` is, as the browser reports it to intersection observers: once this one has been
// told, every observer made before it (the element's own) has been told too.
const observed = (target: Element) => new Promise<IntersectionObserverEntry>((resolve) => {
  const observer = new IntersectionObserver(([entry]) => {
    observer.disconnect();
    resolve(entry!);
  });
  observer.observe(target);
});

describe('funnel-chart: lazy chart code', () => {
  let spacer: HTMLDivElement;
  let el: FunnelChart;
  let loads = 0;
  const load = FunnelChart.loadChartModule;

  before(() => {
    FunnelChart.loadChartModule = () => {
      loads++;
      return load();
    };
    FunnelChart.define();
    spacer = document.createElement('div');
    spacer.style.height = '4000px';
    el = document.createElement('funnel-chart');
    el.stages = PLAN_STAGES;
    document.body.append(spacer, el);
  });

  after(() => {
    FunnelChart.loadChartModule = load;
    spacer.remove();
    el.remove();
  });

  it('is accessible below the fold, before its chart code has loaded', async () => {
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('fetches no chart code while the element is below the fold', async () => {
    await el.updateComplete;
    expect((await observed(el)).isIntersecting, 'below the fold').to.equal(false);
    expect(loads).to.equal(0);
    expect(chartRequests()).to.deep.equal([]);
    // The figures are there already, in the table; only the drawing waits.
    expect(el.shadowRoot!.querySelectorAll('[part="table"] tbody tr')).to.have.length(4);
    expect(el.shadowRoot!.querySelectorAll('[part~="segment"]')).to.have.length(0);
  });

  it('fetches it and draws once scrolled into view', async () => {
    el.scrollIntoView();
    expect(await el.whenChartDrawn()).to.equal(true);
    expect(loads).to.equal(1);
    await until(() => chartRequests().some((url) => url.includes('funnel-chart.chart')), 3000, 'the chart code\'s request to be reported');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part~="segment"]')).to.have.length(4);
  });
});
