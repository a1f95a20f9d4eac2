/**
 * The campaign report (issue 17): per campaign, the leads it brought, how many became MQLs and
 * SQLs, the won deals and revenue attributed to it under one of the six attribution models, its
 * cost, cost per lead, cost per won deal and ROI, and the MQL -> SQL rate and time. Everything is
 * derived from the leads, deals and costs given; nothing is stored.
 *
 * A lead's campaign is `source.campaign`, else `source.utm_campaign`, else `(none)`; its channel
 * `source.utm_source`, else `source.utm_medium`. A won deal's journey is the touches of its lead:
 * the lead itself (milestone `lead`), every later lead of the same person (`duplicateOf` it: a
 * returning visit through another campaign), and any `touches` the lead carries, the touch nearest
 * before the deal was created marking the opportunity (W-shaped).
 */
import {
  UNATTRIBUTED, attributeRevenue, campaignRoi, mqlToSqlRate, type AttributionModel, type AttributionOptions, type Journey,
} from './attribution.js';
import { headerKey, parseCsv, parseNumberCell } from './csv.js';
import { isFiniteNumber, isRecord, nonEmptyString } from './guards.js';
import type { Deal, Lead, LeadSource, Touch } from './model.js';
import { median } from './stats.js';
import { DAY_MS, toMs } from './time.js';

/** The cost of one campaign, entered or imported (the `campaigns` settings record holds a list). */
export interface CampaignCost {
  /** The campaign key, as leads carry it (`source.campaign` or `utm_campaign`). */
  id: string;
  cost: number;
  /** A display name. */
  name?: string;
  channel?: string;
}

/** One campaign's figures. Money is in the deals' currency; ratios are 0..1 or null when undefined. */
export interface CampaignRow {
  campaign: string;
  name?: string;
  channel?: string;
  leads: number;
  mqls: number;
  sqls: number;
  /** Won deals credited to the campaign (fractional under multi-touch models). */
  won: number;
  revenue: number;
  /** Null when no cost was entered. */
  cost: number | null;
  costPerLead: number | null;
  costPerWon: number | null;
  /** (revenue - cost) / cost; null without a cost above 0. */
  roi: number | null;
  mqlToSql: number | null;
  /** Median days from MQL to SQL of the leads that made it (the hand-off's speed). */
  mqlToSqlDays: number | null;
}

/** The report: a row per campaign (most revenue first, then most leads, then name) and the totals. */
export interface CampaignReport {
  model: AttributionModel;
  rows: CampaignRow[];
  total: CampaignRow;
}

/** Options of `campaignReport`. */
export interface CampaignReportOptions extends AttributionOptions {
  /** Default `first-touch`. */
  model?: AttributionModel;
}

/** A lead's campaign key. */
export function campaignOf(source: LeadSource | undefined): string {
  if (!isRecord(source)) return UNATTRIBUTED;
  const named = [source.campaign, source.utm_campaign].find(nonEmptyString);
  return named ? named.trim() : UNATTRIBUTED;
}

function channelOf(source: LeadSource | undefined): string | undefined {
  if (!isRecord(source)) return undefined;
  const named = [source.utm_source, source.utm_medium].find(nonEmptyString);
  return named?.trim();
}

function touchOf(lead: Lead, milestone?: Touch['milestone']): Touch {
  return {
    channel: channelOf(lead.source) ?? UNATTRIBUTED, campaign: campaignOf(lead.source), at: lead.createdAt, leadId: lead.id,
    ...(milestone ? { milestone } : {}),
  };
}

// The touches of a lead's journey, oldest first.
function journeyTouches(lead: Lead, returns: readonly Lead[]): Touch[] {
  const own = Array.isArray(lead.touches) ? (lead.touches as unknown[]).filter((t): t is Touch => isRecord(t) && typeof t.at === 'string') : [];
  const touches = [touchOf(lead, 'lead'), ...returns.map((r) => touchOf(r)), ...own.map((t) => ({ ...t, channel: nonEmptyString(t.channel) ? t.channel : UNATTRIBUTED }))];
  return touches.sort((a, b) => (toMs(a.at) ?? 0) - (toMs(b.at) ?? 0));
}

function withOpportunity(touches: Touch[], dealCreated: number | null): Touch[] {
  if (dealCreated === null || touches.some((t) => t.milestone === 'opportunity')) return touches;
  let at = -1;
  touches.forEach((t, i) => {
    if ((toMs(t.at) ?? Infinity) <= dealCreated) at = i;
  });
  if (at < 0) return touches;
  return touches.map((t, i) => (i === at && t.milestone !== 'lead' ? { ...t, milestone: 'opportunity' } : t));
}

interface Bucket {
  leads: Lead[];
  name?: string;
  channel?: string;
}

function emptyRow(campaign: string): CampaignRow {
  return {
    campaign, leads: 0, mqls: 0, sqls: 0, won: 0, revenue: 0, cost: null,
    costPerLead: null, costPerWon: null, roi: null, mqlToSql: null, mqlToSqlDays: null,
  };
}

function handOffDays(leads: readonly Lead[]): number[] {
  const days: number[] = [];
  for (const l of leads) {
    const sql = toMs(l.sqlAt);
    const mql = toMs(l.mqlAt) ?? toMs(l.createdAt);
    if (sql !== null && mql !== null && sql >= mql) days.push((sql - mql) / DAY_MS);
  }
  return days;
}

function finish(row: CampaignRow, leads: readonly Lead[], cost: number | null, revenue: number, won: number): CampaignRow {
  const rate = mqlToSqlRate(leads as Lead[]);
  const roi = cost === null ? null : campaignRoi([{ id: row.campaign, cost }], { [row.campaign]: revenue })[0]!.roi;
  return {
    ...row, leads: leads.length, mqls: rate.mqls, sqls: rate.sqls, won, revenue, cost, roi,
    costPerLead: cost !== null && leads.length > 0 ? cost / leads.length : null,
    costPerWon: cost !== null && won > 0 ? cost / won : null,
    mqlToSql: rate.rate, mqlToSqlDays: median(handOffDays(leads)),
  };
}

/**
 * The campaign report over `leads` and `deals` with `costs`. Leads count once, under their own
 * campaign (spam and leads merged into another, `duplicateOf`, are not counted; a returning
 * person's later lead is a touch of the earlier one's journey instead). MQLs and SQLs as
 * `mqlToSqlRate` counts them. Won deals (status `won`) and their value are shared among the
 * touches of their lead's journey by the chosen model (`attributeRevenue`); a deal without a lead
 * is credited to its own `source` campaign, else `(none)`. Costs of the same campaign add up; a
 * campaign with a cost and no leads still gets a row.
 */
export function campaignReport(leads: readonly Lead[], deals: readonly Deal[], costs: readonly CampaignCost[] = [], options: CampaignReportOptions = {}): CampaignReport {
  const model = options.model ?? 'first-touch';
  const live = (Array.isArray(leads) ? leads : []).filter((l) => isRecord(l) && l.spam !== true);
  const byId = new Map(live.map((l) => [l.id, l]));
  const returns = new Map<string, Lead[]>();
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string): Bucket => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { leads: [] }));
    return b;
  };
  for (const lead of live) {
    if (nonEmptyString(lead.duplicateOf) && byId.has(lead.duplicateOf)) {
      const list = returns.get(lead.duplicateOf) ?? [];
      list.push(lead);
      returns.set(lead.duplicateOf, list);
      continue;
    }
    const b = bucket(campaignOf(lead.source));
    b.leads.push(lead);
    b.channel ??= channelOf(lead.source);
  }
  const journeys: Journey[] = [];
  for (const deal of Array.isArray(deals) ? deals : []) {
    if (!isRecord(deal) || deal.status !== 'won') continue;
    const value = isFiniteNumber(deal.value) && deal.value > 0 ? deal.value : 0;
    const lead = nonEmptyString(deal.leadId) ? byId.get(deal.leadId) : undefined;
    const conversionAt = (deal.closedAt ?? deal.updatedAt) as string | undefined;
    const touches = lead
      ? withOpportunity(journeyTouches(lead, returns.get(lead.id) ?? []), toMs(deal.createdAt))
      : [{ channel: channelOf(deal.source as LeadSource) ?? UNATTRIBUTED, campaign: campaignOf(deal.source as LeadSource), at: String(deal.createdAt) }];
    journeys.push({ value, touches, ...(conversionAt ? { conversionAt } : {}) });
  }
  const attributed = attributeRevenue(journeys, model, options).byCampaign;
  const costOf = new Map<string, number>();
  for (const c of Array.isArray(costs) ? costs : []) {
    if (!isRecord(c) || !nonEmptyString(c.id)) continue;
    const key = c.id.trim();
    costOf.set(key, (costOf.get(key) ?? 0) + (isFiniteNumber(c.cost) ? c.cost : 0));
    const b = bucket(key);
    if (nonEmptyString(c.name)) b.name ??= c.name;
    if (nonEmptyString(c.channel)) b.channel ??= c.channel;
  }
  for (const a of attributed) bucket(a.key);
  const credit = new Map(attributed.map((a) => [a.key, a]));
  const rows = [...buckets].map(([key, b]) => {
    const row = { ...emptyRow(key), ...(b.name ? { name: b.name } : {}), ...(b.channel ? { channel: b.channel } : {}) };
    return finish(row, b.leads, costOf.has(key) ? costOf.get(key)! : null, credit.get(key)?.revenue ?? 0, credit.get(key)?.deals ?? 0);
  });
  rows.sort((a, b) => b.revenue - a.revenue || b.leads - a.leads || (a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
  const allLeads = [...buckets.values()].flatMap((b) => b.leads);
  const totalCost = costOf.size ? [...costOf.values()].reduce((s, c) => s + c, 0) : null;
  const total = finish(emptyRow(''), allLeads, totalCost, rows.reduce((s, r) => s + r.revenue, 0), rows.reduce((s, r) => s + r.won, 0));
  return { model, rows, total };
}

/** What `importCampaignCosts` read: the costs, and the lines it could not (by line, with why). */
export interface CampaignCostImport {
  costs: CampaignCost[];
  /** `missing-columns` (line 0: no campaign or no cost column), `campaign` (blank), `cost` (not a number of 0 or more). */
  errors: { line: number; code: 'missing-columns' | 'campaign' | 'cost'; text: string }[];
}

const CAMPAIGN_HEADERS = ['campaign', 'utmcampaign', 'campaignid', 'campaignname', 'id'];
const COST_HEADERS = ['cost', 'spend', 'spent', 'amount', 'amountspent'];

/**
 * Campaign costs from CSV text (a spreadsheet export): a campaign column (`campaign`,
 * `utm_campaign`, `campaign id`, `campaign name` or `id`) and a cost column (`cost`, `spend`,
 * `spent`, `amount`, `amount spent`), any delimiter, a decimal comma with `;`. The same campaign
 * twice adds up. A line without a campaign or with a cost that is not a number of 0 or more is
 * named and left out; the rest is read.
 */
export function importCampaignCosts(text: string): CampaignCostImport {
  const parsed = parseCsv(typeof text === 'string' ? text : '');
  const keys = parsed.header.map(headerKey);
  const campaignAt = CAMPAIGN_HEADERS.map((h) => keys.indexOf(h)).find((i) => i >= 0) ?? -1;
  const costAt = COST_HEADERS.map((h) => keys.indexOf(h)).find((i) => i >= 0) ?? -1;
  if (campaignAt < 0 || costAt < 0) return { costs: [], errors: [{ line: 0, code: 'missing-columns', text: '' }] };
  const totals = new Map<string, number>();
  const errors: CampaignCostImport['errors'] = [];
  for (const row of parsed.rows) {
    const campaign = (row.cells[campaignAt] ?? '').trim();
    const raw = (row.cells[costAt] ?? '').trim();
    const cost = parseNumberCell(raw, parsed.delimiter === ';');
    if (!campaign) errors.push({ line: row.line, code: 'campaign', text: raw });
    else if (cost === null || cost < 0) errors.push({ line: row.line, code: 'cost', text: raw });
    else totals.set(campaign, (totals.get(campaign) ?? 0) + cost);
  }
  return { costs: [...totals].map(([id, cost]) => ({ id, cost })), errors };
}
