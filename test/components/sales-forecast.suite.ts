/**
 * The sales-forecast contract, reusable against any subclass registered under any tag: run for
 * `sales-forecast` and a vendor's `acme-sales-forecast`. The deals are a seeded synthetic history
 * (test/core/forecast-history.ts); every figure shown is checked against the core's.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { SalesForecast } from '../../src/components/sales-forecast/sales-forecast.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { parseCsv } from '../../src/core/csv.js';
import { backtestForecast, forecastRevenue } from '../../src/core/index.js';
import { formatMoney, formatNumber, formatPercent } from '../../src/internal/format.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { forecastPipeline, syntheticHistory } from '../core/forecast-history.js';
import { mount } from '../fixture.js';
import { captureDownloads } from '../support/downloads.js';
import { until } from '../storage/repository-suite.js';

const DEALS = syntheticHistory({ seed: 4, perDay: 3, days: 600, meanDays: 30, winRate: 0.3, value: 2500 });
const AS_OF = '2021-06-15';

const root = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (el: Element, name: string) => [...root(el).querySelectorAll(`[part="${name}"] tbody tr`)].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => text(c)));
const announced = (el: Element) => text(part(el, 'announcer'));
const eur = (v: number) => formatMoney(Math.round(v), 'EUR', 'en');

/** Paints a PNG blob on a canvas and counts the pixels that are not the surface colour. */
async function inkOf(blob: Blob): Promise<number> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) ink++;
  return ink;
}

export function salesForecastSuite(Element: typeof SalesForecast, tag: string): void {
  const t = unsafeStatic(tag);

  before(() => {
    L2cProvider.define();
    Element.define(tag);
  });

  async function stored(locale = 'en', attrs = { period: 'month' }) {
    const repo = new MemoryRepository();
    await repo.pipelines.put(forecastPipeline);
    await repo.deals.putMany(DEALS);
    const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo} currency="EUR"><${t} as-of=${AS_OF} period=${attrs.period}></${t}></l2c-provider>`, { locale });
    const el = provider.querySelector(tag) as SalesForecast;
    await until(() => !!part(el, 'table'), 5000, 'the table');
    await el.whenBacktestReady();
    return { el, repo };
  }

  describe(`<${tag}>`, () => {
    it('shows the core forecast of the stored deals per month with its range, in a table and a summary, accessibly', async () => {
      const { el } = await stored();
      const core = forecastRevenue(DEALS, forecastPipeline, { asOf: AS_OF, period: 'month', periods: 3 });
      expect(rows(el, 'table')).to.deep.equal(core.periods.map((p, i) => [
        ['June 2021', 'July 2021', 'August 2021'][i], eur(p.closedWon), eur(p.expected), eur(p.low), eur(p.high),
      ]));
      const june = core.periods[0]!;
      expect(june.closedWon).to.be.greaterThan(0);
      expect(text(part(el, 'summary'))).to.equal(`June 2021: ${eur(june.expected)} expected, likely between ${eur(june.low)} and ${eur(june.high)}.`);
      expect(part(el, 'canvas')!.getAttribute('aria-label')).to.equal(text(part(el, 'summary')));
      await expect(el).to.be.accessible();
    });

    it('shows the backtest accuracy beside the weighted pipeline and the mean of the last three months', async () => {
      const { el } = await stored();
      const core = backtestForecast(DEALS, forecastPipeline, { from: '2020-12-01', to: '2021-05-01', period: 'month' });
      expect(core.rows).to.have.length(6);
      const pct = (x: number | null) => formatPercent(x, 'en');
      const signed = (x: number | null) => (x !== null && x > 0 ? `+${pct(x)}` : pct(x));
      expect(rows(el, 'accuracy-table')).to.deep.equal([
        ['This forecast', pct(core.mape), signed(core.bias)],
        ['Weighted pipeline', pct(core.baselines.weightedPipeline.mape), signed(core.baselines.weightedPipeline.bias)],
        ['Mean of the last three periods', pct(core.baselines.meanOfLastThree.mape), signed(core.baselines.meanOfLastThree.bias)],
      ]);
      expect(core.mape!).to.be.below(core.baselines.weightedPipeline.mape!);
      expect(el.backtest?.mape).to.be.closeTo(core.mape!, 1e-12);
    });

    it('switches to quarters with the arrow keys, announcing it and firing forecast-period-changed', async () => {
      const { el } = await stored();
      const seen: string[] = [];
      el.addEventListener('forecast-period-changed', (e) => seen.push(e.detail.period));
      root(el).querySelector<HTMLInputElement>('input[value="month"]')!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await until(() => el.period === 'quarter', 3000, 'the quarter');
      await el.whenBacktestReady();
      expect(el.getAttribute('period')).to.equal('quarter');
      expect(seen).to.deep.equal(['quarter']);
      expect(announced(el)).to.equal('Showing the forecast by quarters.');
      expect(rows(el, 'table').map((r) => r[0])).to.deep.equal(['Q2 2021', 'Q3 2021', 'Q4 2021']);
      const core = forecastRevenue(DEALS, forecastPipeline, { asOf: AS_OF, period: 'quarter' });
      expect(rows(el, 'table')[0]![2]).to.equal(eur(core.periods[0]!.expected));
      expect(root(el).activeElement).to.equal(root(el).querySelector('input[value="quarter"]'));
      // Six quarters back reach before the first close (January 2020): those are left out, and it says so.
      const back = backtestForecast(DEALS, forecastPipeline, { from: '2020-04-01', to: '2021-01-01', period: 'quarter' });
      expect(el.backtest?.rows.map((r) => r.start)).to.deep.equal(['2020-04-01', '2020-07-01', '2020-10-01', '2021-01-01']);
      expect(el.backtest?.mape).to.be.closeTo(back.mape!, 1e-12);
      expect(text(part(el, 'accuracy'))).to.contain('Replayed from Q2 2020: before that, no deal had closed yet.');
    });

    it('shows the forecast at once and the accuracy once its periods are replayed, each in a task of its own', async () => {
      const { el } = await stored();
      el.period = 'quarter';
      // The update settles in microtasks; the replay starts in a later task, so it cannot have run yet.
      await el.updateComplete;
      expect(rows(el, 'table')[0]![0]).to.equal('Q2 2021');
      expect(text(part(el, 'accuracy'))).to.contain('Measuring the accuracy on past periods');
      expect(el.backtest).to.equal(null);
      const back = await el.whenBacktestReady();
      expect(back?.rows).to.have.length(4);
      expect(rows(el, 'accuracy-table')).to.have.length(3);
    });

    it('draws the chart lazily and exports it as a PNG with ink on it, and the table as CSV', async () => {
      const { el } = await stored();
      expect(await el.whenChartDrawn()).to.equal(true);
      expect(el.matches(':state(chart-drawn)')).to.equal(true);
      const png = await el.toPNG();
      expect(png.type).to.equal('image/png');
      expect(await inkOf(png)).to.be.greaterThan(500);
      const files = await captureDownloads(2, () => {
        part(el, 'csv-button')!.click();
        part(el, 'png-button')!.click();
      });
      expect(files.map((f) => f.name)).to.deep.equal(['forecast-month.csv', 'forecast-month.png']);
      const csv = (await (await files[0]!.blob).text()).replace(/^\uFEFF/, '');
      expect(csv).to.equal(el.toCSV());
      const parsed = parseCsv(csv);
      expect(parsed.header).to.deep.equal(['Period', 'start', 'end', 'Already won', 'Expected', 'Low', 'High']);
      expect(parsed.rows.map((r) => Number(r.cells[4]))).to.deep.equal(el.forecast!.periods.map((p) => p.expected));
      expect((await files[1]!.blob).type).to.equal('image/png');
      expect(announced(el)).to.equal('The chart was saved as a PNG image.');
    });

    it('opens what it learned per stage from the keyboard', async () => {
      const { el } = await stored();
      const summary = root(el).querySelector<HTMLElement>('[part="learned"] summary')!;
      summary.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => (part(el, 'learned') as HTMLDetailsElement).open, 3000, 'the details');
      const talk = forecastRevenue(DEALS, forecastPipeline, { asOf: AS_OF, period: 'month' }).rates.stages[0]!;
      expect(rows(el, 'learned-table')[0]).to.deep.equal(['Talk', formatNumber(talk.closed, 'en'), formatNumber(talk.won, 'en'), formatPercent(talk.rate, 'en'), '20%']);
      await expect(el).to.be.accessible();
    });

    it('reads in Chinese', async () => {
      const { el } = await stored('zh-CN', { period: 'quarter' });
      await until(() => text(part(el, 'title')) === '收入预测', 5000, 'the Chinese messages');
      expect(text(part(el, 'csv-button'))).to.equal('导出 CSV');
      expect(rows(el, 'table')[0]![0]).to.equal('2021年第2季度');
      expect(text(root(el).querySelector('legend'))).to.equal('周期');
    });

    it('in controlled use forecasts the deals it is given, and names a bad as-of', async () => {
      const el = await mount<SalesForecast>(staticHtml`<${t} as-of="2021-03-02" backtest-periods="0" .deals=${DEALS} .pipeline=${forecastPipeline}></${t}>`);
      expect(el.repository).to.equal(undefined);
      expect(part(el, 'accuracy')).to.equal(null);
      const core = forecastRevenue(DEALS, forecastPipeline, { asOf: '2021-03-02', period: 'month' });
      // Without a currency of its own or a provider's, the pipeline's (EUR).
      expect(rows(el, 'table')[1]![2]).to.equal(eur(core.periods[1]!.expected));
      el.asOf = 'last tuesday';
      await el.updateComplete;
      expect(text(root(el).querySelector('[role="alert"]'))).to.contain('options.asOf');
      expect(part(el, 'empty')).not.to.equal(null);
    });

    it('says when there is nothing to forecast', async () => {
      const el = await mount<SalesForecast>(staticHtml`<${t} as-of=${AS_OF} .deals=${[]} .pipeline=${forecastPipeline}></${t}>`);
      expect(text(part(el, 'empty'))).to.equal('No deals in this pipeline yet.');
      expect(el.matches(':state(empty)')).to.equal(true);
      expect(part(el, 'csv-button')!.hasAttribute('disabled')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('keeps the table when the chart code cannot load', async () => {
      const original = Element.loadChartModule;
      Element.loadChartModule = () => Promise.reject(new Error('offline'));
      try {
        const el = await mount<SalesForecast>(staticHtml`<${t} as-of=${AS_OF} .deals=${DEALS} .pipeline=${forecastPipeline}></${t}>`);
        expect(await el.whenChartDrawn()).to.equal(false);
        await el.updateComplete;
        expect(text(part(el, 'chart-error'))).to.contain('table below');
        expect(part(el, 'png-button')!.hasAttribute('disabled')).to.equal(true);
        expect(rows(el, 'table')).to.have.length(3);
      } finally {
        Element.loadChartModule = original;
      }
    });
  });
}
