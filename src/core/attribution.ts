/**
 * Marketing attribution and return on campaigns (DESIGN.md section 1): how much of each won deal's
 * value the touches on its way earned, by campaign and by channel; campaign ROI; and the
 * MQL -> SQL acceptance rate.
 */
import { isFiniteNumber, isRecord } from './guards.js';
import type { Lead, Touch } from './model.js';
import { DAY_MS, toMs } from './time.js';

/** Ways of sharing a deal's credit among its touches. */
export const ATTRIBUTION_MODELS = ['first-touch', 'last-touch', 'linear', 'u-shaped', 'w-shaped', 'time-decay'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** Options of the time-decay model. */
export interface AttributionOptions {
  /** Days after which a touch's weight halves (time decay); default 7, used when not a positive number. */
  halfLifeDays?: number;
  /** When the deal converted (ISO or ms); default the latest touch. */
  conversionAt?: string | number;
}

/** A won deal (or any conversion) and the touches that led to it. */
export interface Journey {
  value: number;
  touches: Touch[];
  /** Overrides `AttributionOptions.conversionAt` for this journey. */
  conversionAt?: string | number;
}

/** Credit earned by one campaign or channel. */
export interface AttributionRow {
  /** The campaign (else the channel) for `byCampaign`; the channel for `byChannel`. */
  key: string;
  revenue: number;
  /** Fractional deals: each journey hands out one deal in the same shares as its value. */
  deals: number;
}

/** Attributed revenue, each list sorted by revenue (highest first), then deals, then key. */
export interface AttributionResult {
  byCampaign: AttributionRow[];
  byChannel: AttributionRow[];
}

/** Return on one campaign. */
export interface CampaignRoi {
  campaignId: string;
  cost: number;
  revenue: number;
  /** (revenue - cost) / cost; null when the cost is not above 0. */
  roi: number | null;
}

/** Leads that reached MQL, those accepted as SQL, and the acceptance rate. */
export interface MqlToSqlRate {
  mqls: number;
  sqls: number;
  /** sqls / mqls, 0..1; null when there are no MQLs. */
  rate: number | null;
}

/** The key credited for touches without a channel, and for journeys without any touch. */
export const UNATTRIBUTED = '(none)';

/** The time-decay half-life used when none (or no positive one) is given. */
export const DEFAULT_ATTRIBUTION_HALF_LIFE_DAYS = 7;

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

// Unreadable times sort after every readable one; ties keep the input order (stable sort).
function chronological(times: readonly number[]): number[] {
  const key = (i: number): number => {
    const t = times[i] as number;
    return Number.isNaN(t) ? Infinity : t;
  };
  return times.map((_, i) => i).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * Raw shares by chronological position: the anchors' shares (added up where anchors coincide)
 * and the rest share split equally over the other touches. When no other touch exists the
 * rest share goes unassigned and normalising spreads it over the anchors in proportion.
 */
function shaped(count: number, anchors: readonly (readonly [number, number])[], rest: number): number[] {
  const raw = new Array<number>(count).fill(0);
  const isAnchor = new Array<boolean>(count).fill(false);
  for (const [position, share] of anchors) {
    raw[position] = (raw[position] as number) + share;
    isAnchor[position] = true;
  }
  const others = isAnchor.filter((a) => !a).length;
  for (let p = 0; p < count; p++) if (!isAnchor[p]) raw[p] = rest / others;
  return raw;
}

function decayed(times: readonly number[], options: AttributionOptions): number[] {
  const halfLife = isFiniteNumber(options.halfLifeDays) && options.halfLifeDays > 0 ? options.halfLifeDays : DEFAULT_ATTRIBUTION_HALF_LIFE_DAYS;
  const latest = times.reduce((max, t) => (t > max ? t : max), -Infinity);
  const at = toMs(options.conversionAt) ?? latest;
  const ages = times.map((t) => (Number.isNaN(t) ? Number.NaN : Math.max(0, (at - t) / DAY_MS)));
  // Ages relative to the youngest touch: normalising cancels the common factor, and the
  // youngest touch keeps weight 1 however long ago the conversion was (no underflow to 0).
  const youngest = ages.reduce((min, a) => (a < min ? a : min), Infinity);
  return ages.map((a) => (Number.isNaN(a) ? 0 : 0.5 ** ((a - youngest) / halfLife)));
}

function rawWeights(times: readonly number[], milestones: readonly unknown[], model: unknown, options: AttributionOptions): number[] {
  const n = times.length;
  const last = n - 1;
  switch (model) {
    case 'first-touch':
      return shaped(n, [[0, 1]], 0);
    case 'last-touch':
      return shaped(n, [[last, 1]], 0);
    case 'u-shaped': {
      const lead = milestones.indexOf('lead');
      return shaped(n, [[0, 40], [lead >= 0 ? lead : last, 40]], 20);
    }
    case 'w-shaped': {
      const found = milestones.indexOf('opportunity');
      const opportunity = found >= 0 ? found : last;
      const lead = milestones.indexOf('lead');
      return shaped(n, [[0, 30], [lead >= 0 ? lead : opportunity, 30], [opportunity, 30]], 10);
    }
    case 'time-decay':
      return decayed(times, options);
    default:
      return new Array<number>(n).fill(1);
  }
}

/**
 * The share of credit each touch earns under `model`; `weights[i]` belongs to `touches[i]`.
 * Positions (first, last, middle) are by `at`: ties keep the input order and touches whose time
 * cannot be read count as the latest. Weights are at least 0 and sum to 1; no touches give `[]`.
 *
 * - first-touch / last-touch: all credit to the earliest / latest touch.
 * - linear: equal shares.
 * - u-shaped: 40% to the first touch, 40% to the lead-creation touch (the earliest touch with
 *   milestone `lead`, else the last touch), 20% split equally over all other touches.
 * - w-shaped: 30% first touch, 30% lead-creation touch, 30% opportunity-creation touch (the
 *   earliest with milestone `opportunity`, else the last touch), 10% split equally over all other
 *   touches. Without a `lead` milestone the lead-creation touch is the opportunity touch.
 * - For both shapes, when milestones fall on the same touch it earns their shares added up
 *   (W-shaped without milestones: first 30%, last 60%, the others 10% together). When no other
 *   touch is left for the rest share, the anchors share everything in proportion: one touch
 *   gets 100%; two touches without milestones get 50/50 (U) or 1/3 and 2/3 (W); two touches
 *   whose first is the lead-creation touch get 80/20 (U).
 * - time-decay: weight proportional to 0.5^(days before conversion / halfLifeDays); touches at or
 *   after the conversion count as 0 days before it; touches whose time cannot be read get 0.
 * - An unknown model, or weights that cannot be normalised (every time unreadable), are linear.
 * - `first` and `close` milestones are not used: the first touch is the earliest one.
 */
export function attributionWeights(touches: readonly Touch[], model: AttributionModel, options: AttributionOptions = {}): number[] {
  const list: unknown[] = Array.isArray(touches) ? touches : [];
  if (list.length === 0) return [];
  // NaN marks a time that cannot be read.
  const times = list.map((t) => (isRecord(t) ? toMs(t.at) : null) ?? Number.NaN);
  const order = chronological(times);
  const sortedTimes = order.map((i) => times[i] as number);
  const milestones = order.map((i) => {
    const touch = list[i];
    return isRecord(touch) ? touch.milestone : undefined;
  });
  let raw = rawWeights(sortedTimes, milestones, model, isRecord(options) ? options : {});
  let sum = raw.reduce((acc, w) => acc + w, 0);
  if (!(sum > 0) || !Number.isFinite(sum)) {
    raw = raw.map(() => 1);
    sum = raw.length;
  }
  const weights = new Array<number>(list.length);
  order.forEach((input, position) => {
    weights[input] = (raw[position] as number) / sum;
  });
  return weights;
}

function credit(totals: Map<string, AttributionRow>, key: string, revenue: number, deals: number): void {
  const row = totals.get(key);
  if (row) {
    row.revenue += revenue;
    row.deals += deals;
  } else {
    totals.set(key, { key, revenue, deals });
  }
}

function ranked(totals: Map<string, AttributionRow>): AttributionRow[] {
  return [...totals.values()].sort(
    (a, b) => b.revenue - a.revenue || b.deals - a.deals || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/**
 * Shares each journey's value (and one deal) among its touches with `attributionWeights`, and
 * totals the credit by campaign (the touch's `campaign`, else its `channel`) and by channel.
 * Totals add up to the sum of the journey values.
 * - A value that is not a finite number, or is negative, counts as 0 (the deal still counts).
 * - A touch without a channel (and campaign) is credited to `UNATTRIBUTED`; so is a journey
 *   without touches, with its whole value and one deal.
 * - Entries that are not objects are skipped.
 */
export function attributeRevenue(journeys: readonly Journey[], model: AttributionModel, options: AttributionOptions = {}): AttributionResult {
  const byCampaign = new Map<string, AttributionRow>();
  const byChannel = new Map<string, AttributionRow>();
  const base = isRecord(options) ? options : {};
  for (const journey of Array.isArray(journeys) ? (journeys as unknown[]) : []) {
    if (!isRecord(journey)) continue;
    const value = isFiniteNumber(journey.value) && journey.value > 0 ? journey.value : 0;
    const touches: unknown[] = Array.isArray(journey.touches) ? journey.touches : [];
    if (touches.length === 0) {
      credit(byCampaign, UNATTRIBUTED, value, 1);
      credit(byChannel, UNATTRIBUTED, value, 1);
      continue;
    }
    const conversionAt = journey.conversionAt as AttributionOptions['conversionAt'];
    const weights = attributionWeights(touches as Touch[], model, conversionAt === undefined ? base : { ...base, conversionAt });
    touches.forEach((touch, i) => {
      const weight = weights[i] as number;
      const fields = isRecord(touch) ? touch : {};
      const channel = nonEmpty(fields.channel) ?? UNATTRIBUTED;
      credit(byCampaign, nonEmpty(fields.campaign) ?? channel, value * weight, weight);
      credit(byChannel, channel, value * weight, weight);
    });
  }
  return { byCampaign: ranked(byCampaign), byChannel: ranked(byChannel) };
}

function revenueLookup(revenue: unknown): Map<string, number> {
  const lookup = new Map<string, number>();
  const add = (key: unknown, amount: unknown): void => {
    if (typeof key === 'string' && isFiniteNumber(amount)) lookup.set(key, (lookup.get(key) ?? 0) + amount);
  };
  if (Array.isArray(revenue)) {
    for (const row of revenue as unknown[]) if (isRecord(row)) add(row.key, row.revenue);
  } else if (isRecord(revenue)) {
    for (const [key, amount] of Object.entries(revenue)) add(key, amount);
  }
  return lookup;
}

/**
 * Return on each campaign: (attributed revenue - cost) / cost, in the order the campaigns are
 * listed. `revenueByCampaign` is `attributeRevenue(...).byCampaign` or a plain `{ id: revenue }`.
 * - roi is null when the cost is 0 or negative; a cost that is not a finite number counts as 0.
 * - A campaign without attributed revenue has revenue 0 (roi -1 when it cost something).
 * - Campaigns listed twice are merged, their costs added; entries without a string id are skipped.
 */
export function campaignRoi(
  campaigns: readonly { id: string; cost: number }[],
  revenueByCampaign: readonly AttributionRow[] | Readonly<Record<string, number>>,
): CampaignRoi[] {
  const revenue = revenueLookup(revenueByCampaign);
  const costs = new Map<string, number>();
  for (const campaign of Array.isArray(campaigns) ? (campaigns as unknown[]) : []) {
    if (!isRecord(campaign) || typeof campaign.id !== 'string') continue;
    const cost = isFiniteNumber(campaign.cost) ? campaign.cost : 0;
    costs.set(campaign.id, (costs.get(campaign.id) ?? 0) + cost);
  }
  return [...costs].map(([campaignId, cost]) => {
    const earned = revenue.get(campaignId) ?? 0;
    return { campaignId, cost, revenue: earned, roi: cost > 0 ? (earned - cost) / cost : null };
  });
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * How many leads reached MQL, how many of those sales accepted (SQL), and the rate.
 * - Reached MQL: status `mql`, `sql` or `converted`, or a non-empty `mqlAt`.
 * - Accepted as SQL: status `sql` or `converted`, or a non-empty `sqlAt`. An SQL also counts as
 *   an MQL (it passed that stage), so the rate stays within 0..1; a lead disqualified later
 *   still counts for the stages its timestamps show.
 * - rate is null when there are no MQLs; entries that are not objects are skipped.
 */
export function mqlToSqlRate(leads: readonly Lead[]): MqlToSqlRate {
  let mqls = 0;
  let sqls = 0;
  for (const lead of Array.isArray(leads) ? (leads as unknown[]) : []) {
    if (!isRecord(lead)) continue;
    const sql = lead.status === 'sql' || lead.status === 'converted' || hasValue(lead.sqlAt);
    const mql = sql || lead.status === 'mql' || hasValue(lead.mqlAt);
    if (mql) mqls += 1;
    if (sql) sqls += 1;
  }
  return { mqls, sqls, rate: mqls > 0 ? sqls / mqls : null };
}
