/** `<campaign-report>`'s own messages (English; Chinese loads on first use). */
import type { AttributionModel } from '../../core/attribution.js';
import { Strings } from '../../internal/localize.js';

/** The report's columns. */
export const REPORT_COLUMNS = ['campaign', 'leads', 'mqls', 'sqls', 'mqlToSql', 'mqlToSqlDays', 'won', 'revenue', 'cost', 'costPerLead', 'costPerWon', 'roi'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

/** Every message of `<campaign-report>`. */
export interface CampaignReportStrings {
  title: string;
  intro: string;
  model: string;
  models: Record<AttributionModel, string>;
  modelHelp: Record<AttributionModel, string>;
  columns: Record<ReportColumn, string>;
  caption: (model: string) => string;
  sortBy: (column: string) => string;
  sorted: (column: string, ascending: boolean) => string;
  total: string;
  none: string;
  costOf: (campaign: string) => string;
  costSaved: (campaign: string) => string;
  importCosts: string;
  importHelp: string;
  imported: (n: number) => string;
  importProblems: (n: number) => string;
  importLine: (line: number, message: string) => string;
  badCost: string;
  noCampaignColumn: string;
  exportCsv: string;
  exported: string;
  chartTitle: string;
  chartSummary: (best: string | undefined, roi: string) => string;
  chartEmpty: string;
  revenue: string;
  cost: string;
  empty: string;
  notSaved: (message: string) => string;
}

const en: CampaignReportStrings = {
  title: 'Campaign ROI',
  intro: 'What each campaign brought: leads, qualified leads, deals won and revenue, against what it cost.',
  model: 'Attribution',
  models: {
    'first-touch': 'First touch', 'last-touch': 'Last touch', linear: 'Linear', 'u-shaped': 'U-shaped', 'w-shaped': 'W-shaped', 'time-decay': 'Time decay',
  },
  modelHelp: {
    'first-touch': 'A won deal counts for the campaign that first brought the person.',
    'last-touch': 'A won deal counts for the campaign of the person’s latest visit before it.',
    linear: 'A won deal is shared equally among every campaign that brought the person.',
    'u-shaped': '40 % to the first campaign, 40 % to the one that made the lead, 20 % to the others.',
    'w-shaped': '30 % each to the first, the lead-making and the opportunity-making campaign, 10 % to the others.',
    'time-decay': 'Campaigns closer to the win count more; the weight halves every 7 days.',
  },
  columns: {
    campaign: 'Campaign', leads: 'Leads', mqls: 'MQLs', sqls: 'SQLs', mqlToSql: 'MQL → SQL', mqlToSqlDays: 'Days MQL → SQL', won: 'Deals won',
    revenue: 'Revenue', cost: 'Cost', costPerLead: 'Cost per lead', costPerWon: 'Cost per deal won', roi: 'ROI',
  },
  caption: (model) => `Campaigns with ${model} attribution. Select a column heading to sort.`,
  sortBy: (column) => `Sort by ${column}`,
  sorted: (column, ascending) => `Sorted by ${column}, ${ascending ? 'lowest' : 'highest'} first.`,
  total: 'All campaigns',
  none: 'No campaign',
  costOf: (campaign) => `Cost of ${campaign}`,
  costSaved: (campaign) => `Cost of ${campaign} saved.`,
  importCosts: 'Import costs (CSV)',
  importHelp: 'A file with a campaign column and a cost column (spend, spent or amount also work); costs replace those of the same campaigns.',
  imported: (n) => (n === 1 ? 'Imported the cost of 1 campaign.' : `Imported the costs of ${n} campaigns.`),
  importProblems: (n) => (n === 1 ? '1 line was not imported:' : `${n} lines were not imported:`),
  importLine: (line, message) => `Line ${line}: ${message}`,
  badCost: 'the cost is not a number of 0 or more',
  noCampaignColumn: 'The file has no campaign column (campaign, utm_campaign or id) or no cost column.',
  exportCsv: 'Export CSV',
  exported: 'The report was saved as a CSV file.',
  chartTitle: 'Revenue and cost by campaign',
  chartSummary: (best, roi) => (best ? `Best return: ${best}, ROI ${roi}. The table has every figure.` : 'The table has every figure.'),
  chartEmpty: 'No campaign has revenue or cost yet.',
  revenue: 'Revenue',
  cost: 'Cost',
  empty: 'No leads or campaign costs yet.',
  notSaved: (message) => `Not saved: ${message}`,
};

/** The campaign report's messages; add a locale with `campaignReportStrings.add('de', {...})`. */
export const campaignReportStrings = new Strings<CampaignReportStrings>('campaign-report', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
