/**
 * The Facebook ad conversion funnel (issue 17) through the product, checked against an independent
 * calculation (scripts/facebook-ads-check.py, Python standard library only). Not part of npm test:
 * the data in ../shared/data has no confirmed licence, is read in place and never copied here.
 *
 *   npx tsx scripts/facebook-ads-check.ts [DATA_DIR] [--value 100]
 *
 * DATA_DIR defaults to ../shared/data next to the repository (or $L2C_SHARED_DATA). When it is
 * missing the script says "skipped" and exits 0. It exits 1 when any figure differs: counts must
 * match exactly, money and ratios within 1e-9 relative.
 *
 * facebook_ad_conversion_funnel/KAG_conversion_data.csv has one row per ad. Costs go in as a
 * marketer's spreadsheet would: one line per ad with its campaign and Spent, read by the core's
 * importCampaignCosts (which adds up the lines of a campaign). Each enquiry (Total_Conversion)
 * becomes a lead from that campaign (utm_source facebook, utm_campaign the campaign id), each
 * purchase (Approved_Conversion) converts one of them into a won deal worth --value (the data has
 * no revenue; 100 by default). The core's campaignReport then gives cost per lead (per enquiry),
 * cost per deal won (per purchase) and ROI, per campaign (xyz_campaign_id, 3) and per ad set
 * (fb_campaign_id, 691).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignReport, headerKey, importCampaignCosts, parseCsv, type CampaignRow, type Deal, type Lead } from '../src/core/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const valueAt = args.indexOf('--value');
const VALUE = valueAt >= 0 ? Number(args[valueAt + 1]) : 100;
const DATA = resolve(args.find((a, i) => !a.startsWith('--') && (valueAt < 0 || i !== valueAt + 1)) ?? process.env.L2C_SHARED_DATA ?? join(HERE, '..', '..', 'shared', 'data'));
const FILE = join(DATA, 'facebook_ad_conversion_funnel', 'KAG_conversion_data.csv');
const AT = '2017-09-01T00:00:00.000Z';

if (!existsSync(FILE)) {
  console.log(`skipped: ${FILE} is not there (the shared data is not on this machine)`);
  process.exit(0);
}
if (!(VALUE > 0)) {
  console.error('--value must be a number above 0');
  process.exit(2);
}

interface Figures {
  cost: number;
  leads: number;
  won: number;
  revenue: number;
  costPerLead: number | null;
  costPerWon: number | null;
  roi: number | null;
}

const parsed = parseCsv(readFileSync(FILE, 'utf8'));
const col = (name: string): number => {
  const i = parsed.header.map(headerKey).indexOf(headerKey(name));
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};
const [AD, CAMPAIGN, AD_SET, SPENT, TOTAL, APPROVED] = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'Spent', 'Total_Conversion', 'Approved_Conversion'].map(col) as [number, number, number, number, number, number];

/** The product's view, grouping the ads by the column `by`. */
function throughTheProduct(by: number): Map<string, Figures> {
  // The costs as a spreadsheet of the ads: the importer adds up each campaign's lines.
  const sheet = ['campaign,spend', ...parsed.rows.map((r) => `${r.cells[by]},${r.cells[SPENT]}`)].join('\n');
  const imported = importCampaignCosts(sheet);
  if (imported.errors.length) throw new Error(`cost lines refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const leads: Lead[] = [];
  const deals: Deal[] = [];
  for (const r of parsed.rows) {
    const total = Number(r.cells[TOTAL]);
    const approved = Number(r.cells[APPROVED]);
    for (let k = 0; k < total; k++) {
      const id = `${r.cells[AD]}-${k}`;
      const won = k < approved;
      leads.push({ id, createdAt: AT, updatedAt: AT, status: won ? 'converted' : 'new', source: { utm_source: 'facebook', utm_campaign: r.cells[by]! } });
      if (won) {
        deals.push({
          id: `deal-${id}`, title: `Purchase ${id}`, value: VALUE, currency: 'USD', pipelineId: 'shop', stageId: 'won', status: 'won',
          leadId: id, createdAt: AT, updatedAt: AT, history: [],
        });
      }
    }
  }
  const report = campaignReport(leads, deals, imported.costs, { model: 'first-touch' });
  const pick = (row: CampaignRow): Figures => ({
    cost: row.cost ?? 0, leads: row.leads, won: row.won, revenue: row.revenue, costPerLead: row.costPerLead, costPerWon: row.costPerWon, roi: row.roi,
  });
  return new Map(report.rows.map((row) => [row.campaign, pick(row)]));
}

function independent(): { ads: number; campaigns: Record<string, Figures>; adSets: Record<string, Figures> } {
  const py = spawnSync('python3', [join(HERE, 'facebook-ads-check.py'), DATA, String(VALUE)], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`facebook-ads-check.py failed: ${py.stderr}`);
  return JSON.parse(py.stdout) as ReturnType<typeof independent>;
}

const same = (a: number | null, b: number | null, exact: boolean): boolean => {
  if (a === null || b === null) return a === b;
  return exact ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
};
const KEYS: [keyof Figures, boolean][] = [['leads', true], ['won', true], ['cost', false], ['revenue', false], ['costPerLead', false], ['costPerWon', false], ['roi', false]];

function compare(label: string, ours: Map<string, Figures>, theirs: Record<string, Figures>): number {
  let differences = 0;
  const ids = new Set([...ours.keys(), ...Object.keys(theirs)]);
  for (const id of ids) {
    const a = ours.get(id);
    const b = theirs[id];
    for (const [key, exact] of KEYS) {
      if (!a || !b || !same(a[key], b[key], exact)) {
        differences += 1;
        if (differences <= 10) console.log(`  DIFF ${label} ${id} ${key}: product ${a?.[key]} vs independent ${b?.[key]}`);
      }
    }
  }
  return differences;
}

const py = independent();
const byCampaign = throughTheProduct(CAMPAIGN);
const byAdSet = throughTheProduct(AD_SET);
const money = (n: number | null) => (n === null ? '—' : n.toFixed(2));
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
console.log(`Facebook ad funnel: ${parsed.rows.length} ads (independent: ${py.ads}), a purchase worth ${VALUE} (assumed: the data has no revenue).`);
console.log('campaign  leads(enquiries)  won(purchases)  cost        cost/lead  cost/won  revenue     ROI');
for (const [id, f] of [...byCampaign].sort((x, y) => Number(x[0]) - Number(y[0]))) {
  console.log(`${id.padEnd(9)} ${String(f.leads).padStart(16)}  ${String(f.won).padStart(14)}  ${money(f.cost).padStart(10)}  ${money(f.costPerLead).padStart(9)}  ${money(f.costPerWon).padStart(8)}  ${money(f.revenue).padStart(10)}  ${pct(f.roi).padStart(7)}`);
}
const differences = compare('campaign', byCampaign, py.campaigns) + compare('ad set', byAdSet, py.adSets);
const checked = (Object.keys(py.campaigns).length + Object.keys(py.adSets).length) * KEYS.length;
console.log(`${checked - differences} of ${checked} figures equal the independent calculation (3 campaigns and ${Object.keys(py.adSets).length} ad sets, 7 figures each).`);
process.exit(differences ? 1 : 0);
