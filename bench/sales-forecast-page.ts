/**
 * The page scripts/forecast-screenshot.ts photographs (bundled by test/e2e/harness.ts's servePage,
 * which inlines the lazy chart module). `window.showForecast(deals, pipeline, options)` stores the
 * deals in a memory repository under an `<l2c-provider>` and shows `<sales-forecast>` for them.
 */
import { L2cProvider } from '../src/components/l2c-provider/l2c-provider.js';
import { SalesForecast } from '../src/components/sales-forecast/sales-forecast.js';
import type { Deal, Pipeline } from '../src/core/model.js';
import { MemoryRepository } from '../src/storage/memory.js';

L2cProvider.define();
SalesForecast.define();

/** What the screenshot script calls. */
export type ShowForecast = (deals: Deal[], pipeline: Pipeline, options: { asOf: string; period: 'month' | 'quarter'; locale: string; currency: string }) => Promise<boolean>;

const show: ShowForecast = async (deals, pipeline, options) => {
  const repo = new MemoryRepository();
  await repo.pipelines.put(pipeline);
  await repo.deals.putMany(deals);
  const provider = document.createElement('l2c-provider') as L2cProvider;
  provider.repository = repo;
  provider.setAttribute('currency', options.currency);
  provider.setAttribute('locale', options.locale);
  const el = document.createElement('sales-forecast') as SalesForecast;
  el.setAttribute('as-of', options.asOf);
  el.setAttribute('period', options.period);
  provider.append(el);
  document.body.append(provider);
  const start = Date.now();
  while (!el.forecast && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 50));
  const drawn = await el.whenChartDrawn();
  await el.whenBacktestReady();
  el.shadowRoot?.querySelector('details')?.setAttribute('open', '');
  await el.updateComplete;
  return drawn;
};

(window as unknown as { showForecast: ShowForecast }).showForecast = show;
