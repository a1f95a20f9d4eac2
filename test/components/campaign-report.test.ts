/**
 * `<campaign-report>` (issue 17) as a marketer uses it, in Chromium, Firefox and WebKit: per
 * campaign leads, MQLs, SQLs, deals won, revenue by the chosen attribution model, cost entered in
 * the table or imported from CSV (bad lines named), cost per lead, ROI and the MQL -> SQL hand-off;
 * sorting by keyboard, announced; CSV export safe against formulas; the chart; Chinese; controlled
 * use. Runs against the element and a vendor's subclass.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { CampaignReport } from '../../src/components/campaign-report/campaign-report.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { parseCsv } from '../../src/core/csv.js';
import type { Deal, Lead, Settings } from '../../src/core/model.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';

class AcmeCampaignReport extends CampaignReport {}

before(() => {
  L2cProvider.define();
  CampaignReport.define();
  AcmeCampaignReport.define('acme-campaign-report');
});

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (d: number) => new Date(T0 + d * DAY).toISOString();

function lead(id: string, campaign: string, extra: Partial<Lead> = {}): Lead {
  return { id, name: id, status: 'new', createdAt: at(0), updatedAt: at(0), source: { utm_campaign: campaign, utm_source: 'linkedin' }, ...extra };
}

const LEADS: Lead[] = [
  lead('a1', 'spring', { status: 'sql', mqlAt: at(1), sqlAt: at(3) }),
  lead('a2', 'spring', { status: 'mql', mqlAt: at(1) }),
  lead('a3', 'spring', { status: 'converted', mqlAt: at(1), sqlAt: at(2) }),
  lead('b1', '=HYPERLINK("http://x")', { status: 'sql', mqlAt: at(0), sqlAt: at(5) }),
  lead('b2', 'webinar', { createdAt: at(4), duplicateOf: 'a3' }),
];
const DEALS: Deal[] = [
  { id: 'd1', title: 'Won A', value: 12000, currency: 'EUR', pipelineId: 'p', stageId: 'won', status: 'won', leadId: 'a3', createdAt: at(6), updatedAt: at(9), history: [] },
  { id: 'd2', title: 'Won B', value: 3000, currency: 'EUR', pipelineId: 'p', stageId: 'won', status: 'won', leadId: 'b1', createdAt: at(6), updatedAt: at(9), history: [] },
];

const root = (el: Element) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rowOf = (el: Element, campaign: string) => root(el).querySelector<HTMLTableRowElement>(`[part="row"][data-campaign="${CSS.escape(campaign)}"]`)!;
const cells = (row: HTMLTableRowElement) => [...row.cells].map((c) => text(c));
const order = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="row"]')].map((r) => r.dataset.campaign);
const announced = (el: Element) => text(root(el).querySelector('[part="announcer"]'));

for (const tag of ['campaign-report', 'acme-campaign-report']) {
  const t = unsafeStatic(tag);

  async function stored(locale = 'en', costs = [{ id: 'spring', cost: 5000 }, { id: 'webinar', cost: 800 }]) {
    const repo = new MemoryRepository();
    await repo.leads.putMany(LEADS);
    await repo.deals.putMany(DEALS);
    await repo.settings.put({ id: 'campaigns', campaigns: costs } as Settings);
    const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t}></${t}></l2c-provider>`, { locale });
    const el = provider.querySelector(tag) as CampaignReport;
    await until(() => !!root(el).querySelector('[part="table"]'), 5000, 'the table');
    await el.updateComplete;
    return { el, repo };
  }

  describe(`<${tag}>`, () => {
    it('shows per campaign the leads, MQLs, SQLs, hand-off, deals won, revenue, cost, cost per lead and ROI, accessibly', async () => {
      const { el } = await stored();
      await expect(el).to.be.accessible();
      expect(order(el)).to.deep.equal(['spring', '=HYPERLINK("http://x")', 'webinar']);
      expect([...root(el).querySelectorAll('thead th')].map((h) => text(h).replace(/[▲▼]/g, ''))).to.deep.equal([
        'Campaign', 'Leads', 'MQLs', 'SQLs', 'MQL → SQL', 'Days MQL → SQL', 'Deals won', 'Revenue', 'Cost', 'Cost per lead', 'Cost per deal won', 'ROI',
      ]);
      const spring = cells(rowOf(el, 'spring'));
      expect(spring.filter((_, i) => i !== 8)).to.deep.equal(['spring', '3', '3', '2', '66.7%', '1.5', '1', '€12,000', '€1,666.67', '€5,000', '140%']);
      expect(rowOf(el, 'spring').querySelector<HTMLInputElement>('[part="cost-input"]')!.value).to.equal('5000');
      expect(root(el).querySelector('thead th[aria-sort="descending"]')?.textContent).to.contain('Revenue');
      // The returning visit through the webinar is a touch, not a lead; it cost 800 and brought nothing first-touch.
      expect(cells(rowOf(el, 'webinar')).filter((_, i) => i !== 8)).to.deep.equal(['webinar', '0', '0', '0', '—', '—', '0', '€0', '—', '—', '-100%']);
      expect(cells(root(el).querySelector<HTMLTableRowElement>('[part="total"]')!)).to.deep.equal(
        ['All campaigns', '4', '4', '3', '75%', '2', '2', '€15,000', '€5,800', '€1,450', '€2,900', '158.6%']);
      // The chart follows the table.
      expect(root(el).querySelector('[part="table"]')!.compareDocumentPosition(root(el).querySelector('[part="chart"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
      expect(text(root(el).querySelector('figcaption'))).to.equal('Revenue and cost by campaign Best return: spring, ROI 140%. The table has every figure.');
    });

    it('shares revenue by the chosen model: last touch credits the webinar visit', async () => {
      const { el } = await stored();
      const select = root(el).querySelector<HTMLSelectElement>('[part="model"]')!;
      select.value = 'last-touch';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(el.model).to.equal('last-touch');
      expect(cells(rowOf(el, 'webinar'))[7]).to.equal('€12,000');
      expect(text(root(el).querySelector('[part="model-help"]'))).to.contain('latest visit');
    });

    it('sorts by any column with the keyboard, announcing the order', async () => {
      const { el } = await stored();
      root(el).querySelector<HTMLButtonElement>('[part~="sort"][data-column="leads"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => announced(el) === 'Sorted by Leads, highest first.', 3000, 'the sort');
      expect(order(el)).to.deep.equal(['spring', '=HYPERLINK("http://x")', 'webinar']);
      await sendKeys({ press: 'Enter' });
      await until(() => announced(el) === 'Sorted by Leads, lowest first.', 3000, 'the sort turned');
      expect(order(el)).to.deep.equal(['webinar', '=HYPERLINK("http://x")', 'spring']);
      expect(root(el).querySelector('thead th[aria-sort="ascending"] [data-column="leads"]')).not.to.equal(null);
    });

    it('saves a cost entered in the table, and imports costs from CSV naming the lines it cannot read', async () => {
      const { el, repo } = await stored();
      const seen: unknown[] = [];
      el.addEventListener('costs-changed', (e) => seen.push(e.detail.campaigns));
      const input = rowOf(el, '=HYPERLINK("http://x")').querySelector<HTMLInputElement>('[part="cost-input"]')!;
      input.value = '1500';
      input.dispatchEvent(new Event('change'));
      await until(() => seen.length === 1, 3000, 'the cost saved');
      expect(announced(el)).to.equal('Cost of =HYPERLINK("http://x") saved.');
      expect(cells(rowOf(el, '=HYPERLINK("http://x")'))[11]).to.equal('100%');
      const file = new File(['campaign;spend\nspring;7000,50\nwebinar;-3\n;20\nfair;400\n'], 'costs.csv', { type: 'text/csv' });
      const upload = root(el).querySelector<HTMLInputElement>('[part="import"]')!;
      const transfer = new DataTransfer();
      transfer.items.add(file);
      upload.files = transfer.files;
      upload.dispatchEvent(new Event('change'));
      await until(() => seen.length === 2, 3000, 'the import');
      const result = root(el).querySelector('[part="import-result"]')!;
      expect([...result.querySelectorAll('p, li')].map((n) => text(n))).to.deep.equal([
        'Imported the costs of 2 campaigns.', '2 lines were not imported:', 'Line 3: the cost is not a number of 0 or more', 'Line 4: required',
      ]);
      const costs = ((await repo.settings.get('campaigns'))!.campaigns as { id: string; cost: number }[]).map((c) => [c.id, c.cost]);
      expect(costs).to.deep.equal([['webinar', 800], ['=HYPERLINK("http://x")', 1500], ['spring', 7000.5], ['fair', 400]]);
      expect(order(el)).to.include('fair');
    });

    it('exports CSV that a spreadsheet reads as text, not formulas', async () => {
      const { el } = await stored();
      const csv = el.toCsv();
      const parsed = parseCsv(csv.replace(/^\uFEFF/, ''));
      expect(parsed.header.slice(0, 3)).to.deep.equal(['Campaign', 'Leads', 'MQLs']);
      expect(parsed.rows.map((r) => r.cells[0])).to.deep.equal(['spring', '\'=HYPERLINK("http://x")', 'webinar', 'All campaigns']);
      expect(parsed.rows[0]!.cells[11]).to.equal('1.4');
    });

    it('reads in Chinese', async () => {
      const { el } = await stored('zh-CN');
      await until(() => text(root(el).querySelector('[part="title"]')) === '营销活动投资回报', 5000, 'the Chinese messages');
      expect(text(root(el).querySelector('thead th'))).to.equal('活动');
      expect(text(root(el).querySelector('[part="export"]'))).to.equal('导出 CSV');
      expect(text(root(el).querySelector<HTMLTableRowElement>('[part="total"]')!.cells[0])).to.equal('全部活动');
    });

    it('in controlled use reports what it is given and fires costs-changed', async () => {
      const el = await mount<CampaignReport>(staticHtml`<${t} model="linear" currency="CNY" .leads=${LEADS} .deals=${DEALS} .costs=${[{ id: 'spring', cost: 100 }]}></${t}>`);
      expect(el.repository).to.equal(undefined);
      expect(cells(rowOf(el, 'spring'))[7]).to.equal('CN¥6,000');
      const seen: unknown[] = [];
      el.addEventListener('costs-changed', (e) => seen.push(e.detail.campaigns));
      const input = rowOf(el, 'webinar').querySelector<HTMLInputElement>('[part="cost-input"]')!;
      input.value = '10';
      input.dispatchEvent(new Event('change'));
      await until(() => seen.length === 1, 3000, 'the event');
      expect(seen[0]).to.deep.equal([{ id: 'spring', cost: 100 }, { id: 'webinar', cost: 10 }]);
    });
  });
}
