import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { UNATTRIBUTED, type AttributionModel } from '../../src/core/attribution.js';
import { campaignOf, campaignReport, importCampaignCosts } from '../../src/core/campaigns.js';
import type { Deal, Lead } from '../../src/core/model.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

function lead(id: string, campaign: string | undefined, extra: Partial<Lead> = {}): Lead {
  return {
    id, createdAt: at(0), updatedAt: at(0), status: 'new',
    ...(campaign ? { source: { utm_campaign: campaign, utm_source: campaign === 'spring' ? 'linkedin' : 'google' } } : {}),
    ...extra,
  };
}

function won(id: string, leadId: string | undefined, value: number, extra: Partial<Deal> = {}): Deal {
  return {
    id, title: id, value, currency: 'EUR', pipelineId: 'p', stageId: 'won', status: 'won', createdAt: at(10), updatedAt: at(20),
    history: [], ...(leadId ? { leadId } : {}), ...extra,
  };
}

describe('core/campaigns: campaignReport', () => {
  const leads: Lead[] = [
    lead('a', 'spring', { status: 'sql', mqlAt: at(1), sqlAt: at(3) }),
    lead('b', 'spring', { status: 'mql', mqlAt: at(2) }),
    lead('c', 'spring', { status: 'converted', mqlAt: at(1), sqlAt: at(2) }),
    lead('d', 'brand', { status: 'new' }),
    lead('e', 'brand', { status: 'sql', mqlAt: at(0), sqlAt: at(5) }),
    lead('spam', 'brand', { spam: true }),
    lead('f', undefined),
  ];
  const deals: Deal[] = [won('w1', 'c', 1200), won('w2', 'e', 800), won('w3', undefined, 100), { ...won('open', 'a', 999), status: 'open' }];
  const costs = [{ id: 'spring', cost: 500, name: 'Spring launch' }, { id: 'brand', cost: 300 }, { id: 'brand', cost: 100 }, { id: 'webinar', cost: 250 }];

  it('gives leads, MQLs, SQLs, won deals, revenue, cost per lead, cost per won deal, ROI and the hand-off rate and time per campaign', () => {
    const report = campaignReport(leads, deals, costs);
    expect(report.model).to.equal('first-touch');
    const spring = report.rows.find((r) => r.campaign === 'spring')!;
    expect(spring).to.deep.equal({
      campaign: 'spring', name: 'Spring launch', channel: 'linkedin', leads: 3, mqls: 3, sqls: 2, won: 1, revenue: 1200,
      cost: 500, costPerLead: 500 / 3, costPerWon: 500, roi: (1200 - 500) / 500, mqlToSql: 2 / 3, mqlToSqlDays: 1.5,
    });
    const brand = report.rows.find((r) => r.campaign === 'brand')!;
    expect(brand).to.deep.include({ leads: 2, mqls: 1, sqls: 1, won: 1, revenue: 800, cost: 400, costPerLead: 200, roi: 1, mqlToSqlDays: 5 });
    // A campaign that cost money and brought nothing: a row with ROI -1.
    expect(report.rows.find((r) => r.campaign === 'webinar')).to.deep.include({ leads: 0, revenue: 0, cost: 250, roi: -1, costPerLead: null, costPerWon: null, mqlToSql: null });
    // Leads without a campaign, and a deal without a lead, are "(none)", with no cost.
    expect(report.rows.find((r) => r.campaign === UNATTRIBUTED)).to.deep.include({ leads: 1, won: 1, revenue: 100, cost: null, roi: null });
    expect(report.rows.map((r) => r.campaign)).to.deep.equal(['spring', 'brand', UNATTRIBUTED, 'webinar']);
    expect(report.total).to.deep.include({ leads: 6, won: 3, revenue: 2100, cost: 1150, sqls: 3, mqls: 4 });
    expect(report.total.roi).to.be.closeTo((2100 - 1150) / 1150, 1e-12);
  });

  it('shares a won deal among the campaigns of a returning person by the chosen model', () => {
    const first = lead('p1', 'spring', { createdAt: at(0) });
    const again = lead('p2', 'brand', { createdAt: at(5), duplicateOf: 'p1' });
    const deal = won('d', 'p1', 1000, { createdAt: at(8) });
    const by = (model: AttributionModel) =>
      Object.fromEntries(campaignReport([first, again], [deal], [], { model }).rows.map((r) => [r.campaign, r.revenue]));
    expect(by('first-touch')).to.deep.equal({ spring: 1000, brand: 0 });
    expect(by('last-touch')).to.deep.equal({ brand: 1000, spring: 0 });
    expect(by('linear')).to.deep.equal({ spring: 500, brand: 500 });
    // The returning visit is the opportunity touch: W-shaped gives first+lead 60 %, opportunity 30 %, normalised.
    const w = by('w-shaped');
    expect(w.spring! + w.brand!).to.be.closeTo(1000, 1e-9);
    expect(w.spring).to.be.closeTo(1000 * 60 / 90, 1e-9);
    // The returning lead is a touch, not a second lead.
    expect(campaignReport([first, again], [deal]).rows.find((r) => r.campaign === 'brand')!.leads).to.equal(0);
  });

  it('reads a campaign from source.campaign, else utm_campaign, and takes bad input quietly', () => {
    expect(campaignOf({ campaign: ' Fair ', utm_campaign: 'x' })).to.equal('Fair');
    expect(campaignOf({ utm_campaign: 'x' })).to.equal('x');
    expect(campaignOf(undefined)).to.equal(UNATTRIBUTED);
    const report = campaignReport(null as unknown as Lead[], [null, won('x', 'ghost', Number.NaN)] as Deal[], [null, { id: ' ', cost: 5 }, { id: 'k', cost: Number.NaN }] as never);
    expect(report.rows.map((r) => [r.campaign, r.revenue, r.cost])).to.deep.equal([[UNATTRIBUTED, 0, null], ['k', 0, 0]]);
  });
});

describe('core/campaigns: importCampaignCosts', () => {
  it('reads a campaign and a cost column under their usual names, adding up repeats, naming bad lines', () => {
    expect(importCampaignCosts('Campaign Name,Amount spent\nspring,100\nspring,50.5\nfair,\n,3\nweb,-1\nweb,x\nexpo,0\n')).to.deep.equal({
      costs: [{ id: 'spring', cost: 150.5 }, { id: 'expo', cost: 0 }],
      errors: [
        { line: 4, code: 'cost', text: '' }, { line: 5, code: 'campaign', text: '3' },
        { line: 6, code: 'cost', text: '-1' }, { line: 7, code: 'cost', text: 'x' },
      ],
    });
    expect(importCampaignCosts('utm_campaign;spend\nsummer;1.234,5\n').costs).to.deep.equal([{ id: 'summer', cost: 1234.5 }]);
  });

  it('says when a column is missing, and takes anything but text', () => {
    expect(importCampaignCosts('name,cost\na,1\n')).to.deep.equal({ costs: [], errors: [{ line: 0, code: 'missing-columns', text: '' }] });
    expect(importCampaignCosts(null as unknown as string).errors[0]!.code).to.equal('missing-columns');
  });
});

describe('core/campaigns: costs and ROI (properties)', () => {
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

  it('a spreadsheet of cost lines adds up per campaign, and cost per lead and ROI follow from the totals', () => {
    // Per campaign: its cost lines (cents, as a spreadsheet writes money), its leads, and the value of its won deals.
    const campaign = fc.record({
      lines: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 5 }),
      leads: fc.integer({ min: 1, max: 6 }),
      wins: fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 3 }),
    });
    fc.assert(fc.property(fc.array(campaign, { minLength: 1, maxLength: 6 }), (campaigns) => {
      const sheet = ['Campaign,Spend'];
      const leads: Lead[] = [];
      const deals: Deal[] = [];
      campaigns.forEach((c, i) => {
        for (const cents of c.lines) sheet.push(`c${i},${(cents / 100).toFixed(2)}`);
        for (let k = 0; k < c.leads; k++) leads.push(lead(`c${i}-${k}`, `c${i}`));
        c.wins.forEach((value, k) => deals.push(won(`d${i}-${k}`, `c${i}-${k % c.leads}`, value)));
      });
      const imported = importCampaignCosts(sheet.join('\n'));
      expect(imported.errors).to.deep.equal([]);
      const report = campaignReport(leads, deals, imported.costs, { model: 'first-touch' });
      campaigns.forEach((c, i) => {
        const cost = c.lines.reduce((a, b) => a + b, 0) / 100;
        const revenue = c.wins.reduce((a, b) => a + b, 0);
        const row = report.rows.find((r) => r.campaign === `c${i}`)!;
        expect(close(row.cost, cost), `cost of c${i}`).to.equal(true);
        expect(row.leads).to.equal(c.leads);
        expect(row.revenue).to.equal(revenue);
        expect(close(row.costPerLead, cost / c.leads), `cost per lead of c${i}`).to.equal(true);
        expect(close(row.roi, cost > 0 ? (revenue - cost) / cost : null), `ROI of c${i}: ${row.roi}`).to.equal(true);
      });
    }));
  });
});
