/**
 * The lead lifecycle: when a lead first entered each status, the status following the score
 * threshold, MQLs left untouched too long, MQL-to-SQL conversion and time, and nurtured leads due
 * back for qualification. Every function takes `now` (or a span) from the caller: no clock here.
 *
 * The stamps: `lead.lifecycle.<status>At` is the FIRST time the lead entered that status and is
 * never moved by a later change (a lead that leaves MQL and comes back keeps its first `mqlAt`).
 * The lead's own `mqlAt` and `sqlAt` (which the hand-off, attribution and campaign reports read)
 * are the same values: setLeadStatus writes both, and lifecycleOf reads the lead's own fields when
 * the lifecycle lacks them. Reaching `sql` or `converted` also stamps `mqlAt` when the lead never
 * had one (as acceptLead does): an SQL was marketing qualified, at the latest then.
 */
import type { Activity, Lead, LeadLifecycle, LeadStatus } from './model.js';
import { LEAD_STATUSES } from './model.js';
import { median, percentile } from './stats.js';
import { msOrNow, toIso, toMs } from './time.js';

const HOUR_MS = 3_600_000;
const STAMP: Readonly<Record<LeadStatus, keyof LeadLifecycle>> = {
  new: 'newAt', nurturing: 'nurturingAt', mql: 'mqlAt', sql: 'sqlAt', disqualified: 'disqualifiedAt', converted: 'convertedAt',
};
/** Statuses a score never moves a lead out of. */
const HELD: ReadonlySet<LeadStatus> = new Set(['sql', 'converted', 'disqualified']);

function stamp(value: unknown): string | undefined {
  return typeof value === 'string' && toMs(value) !== null ? value : undefined;
}

/** A lead's lifecycle stamps, its own `mqlAt`/`sqlAt` filling what `lifecycle` lacks. */
export function lifecycleOf(lead: Lead): LeadLifecycle {
  const own = typeof lead?.lifecycle === 'object' && lead.lifecycle !== null ? lead.lifecycle : {};
  const result: LeadLifecycle = {};
  for (const status of LEAD_STATUSES) {
    const key = STAMP[status];
    const value = stamp(own[key]) ?? (key === 'mqlAt' ? stamp(lead.mqlAt) : key === 'sqlAt' ? stamp(lead.sqlAt) : undefined);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/**
 * A lead whose status was just changed from `previous` (by the caller, or by the hand-off),
 * stamped: the status's first-entry time is set to `now` when the lead never had one (`mqlAt` too
 * when it reached sql or converted without one), and the lead's own `mqlAt`/`sqlAt` follow. The
 * same lead when its status is `previous` or not a lead status.
 */
export function stampStatus(lead: Lead, previous: LeadStatus | undefined, now: string | number): Lead {
  const key = Object.hasOwn(STAMP, lead.status) ? STAMP[lead.status] : undefined;
  if (lead.status === previous || key === undefined) return lead;
  const at = toIso(msOrNow(now));
  const lifecycle = lifecycleOf(lead);
  lifecycle[key] ??= at;
  if (lead.status === 'sql' || lead.status === 'converted') lifecycle.mqlAt ??= lifecycle.sqlAt ?? at;
  const next: Lead = { ...lead, lifecycle };
  if (lifecycle.mqlAt !== undefined) next.mqlAt = lifecycle.mqlAt;
  if (lifecycle.sqlAt !== undefined) next.sqlAt = lifecycle.sqlAt;
  return next;
}

/**
 * The lead with `status`, stamped (see stampStatus) and `updatedAt` set to `now`. The same lead
 * (same object) when it already has the status. An unknown status throws a RangeError naming it.
 */
export function setLeadStatus(lead: Lead, status: LeadStatus, now: string | number): Lead {
  if (!(LEAD_STATUSES as readonly string[]).includes(status)) throw new RangeError(`status must be one of ${LEAD_STATUSES.join(', ')} (got ${JSON.stringify(status)})`);
  if (lead.status === status) return lead;
  const at = toIso(msOrNow(now));
  return stampStatus({ ...lead, status, updatedAt: at }, lead.status, at);
}

/** Options of applyScoreStatus. */
export interface ScoreStatusOptions {
  /** The MQL threshold; else `model.mqlThreshold`; with neither the status is left alone. */
  threshold?: number;
  model?: { mqlThreshold?: number };
  /** Move an `mql` lead whose score fell below the threshold back to `nurturing` (default true). */
  demote?: boolean;
  now: string | number;
}

/**
 * The status following the score where a threshold is configured: a `new` or `nurturing` lead
 * whose score reaches the threshold becomes `mql` (stamped); an `mql` lead whose score is below it
 * goes back to `nurturing` unless `demote` is false (its first `mqlAt` is kept). `sql`, `converted`
 * and `disqualified` leads are never moved by a score: people decided those. Returns the same
 * object when nothing changes, and the lead unchanged for a score or threshold that is not a finite
 * number.
 */
export function applyScoreStatus(lead: Lead, score: number, options: ScoreStatusOptions): Lead {
  const threshold = options.threshold ?? options.model?.mqlThreshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || !Number.isFinite(score) || HELD.has(lead.status)) return lead;
  if (score >= threshold) return lead.status === 'mql' ? lead : setLeadStatus(lead, 'mql', options.now);
  return lead.status === 'mql' && options.demote !== false ? setLeadStatus(lead, 'nurturing', options.now) : lead;
}

/** An MQL waiting too long for someone to touch it. */
export interface StaleMql {
  leadId: string;
  mqlAt: string;
  /** The last touch: its latest activity, acceptance or routing, else when it became MQL. */
  lastTouchAt: string;
  /** Hours since the last touch. */
  hoursIdle: number;
}

/** Options of staleMqls. */
export interface StaleMqlOptions {
  maxAgeHours: number;
  now: string | number;
  /** Activities (calls, e-mails ...) on leads: the latest one on a lead counts as a touch. */
  activities?: readonly Activity[];
}

function latest(...values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

/**
 * MQLs (status `mql`, not spam) not touched within `maxAgeHours`: the last touch is the latest of
 * its activities (`activities` with its `leadId`), `acceptedAt` and `routing.at`, else its `mqlAt`
 * (else `updatedAt` for an MQL without stamps). A score or any other edit is not a touch. Longest
 * idle first.
 */
export function staleMqls(leads: readonly Lead[], options: StaleMqlOptions): StaleMql[] {
  const now = msOrNow(options.now);
  const limit = options.maxAgeHours * HOUR_MS;
  const touched = new Map<string, number>();
  for (const a of options.activities ?? []) {
    const at = toMs(a.at);
    if (typeof a.leadId === 'string' && at !== null && at <= now) touched.set(a.leadId, Math.max(at, touched.get(a.leadId) ?? at));
  }
  const stale: StaleMql[] = [];
  for (const lead of leads) {
    if (lead?.status !== 'mql' || lead.spam === true) continue;
    const mqlAt = lifecycleOf(lead).mqlAt ?? lead.updatedAt;
    const routedAt = typeof lead.routing === 'object' && lead.routing !== null ? toMs(lead.routing.at) : null;
    const last = latest(toMs(mqlAt), touched.get(lead.id) ?? null, toMs(lead.acceptedAt), routedAt);
    if (last === null || !(now - last > limit)) continue;
    stale.push({ leadId: lead.id, mqlAt, lastTouchAt: toIso(last), hoursIdle: (now - last) / HOUR_MS });
  }
  return stale.sort((a, b) => b.hoursIdle - a.hoursIdle);
}

/** MQL-to-SQL figures for the leads that became MQL in a span. */
export interface LifecycleMetrics {
  /** Leads whose `mqlAt` is in the span. */
  mqls: number;
  /** Of those, leads that reached SQL (any time up to `to`). */
  sqls: number;
  /** sqls / mqls; null without MQLs. */
  mqlToSqlRate: number | null;
  /** Hours from MQL to SQL of those that reached it: median and 90th percentile; null without any. */
  medianHoursToSql: number | null;
  p90HoursToSql: number | null;
}

/**
 * MQL-to-SQL conversion of the leads that became MQL in [`from`, `to`): how many reached SQL by
 * `to` (a later SQL is not known yet) and the hours it took (median and 90th percentile,
 * interpolated). Reads the stamps through lifecycleOf, so leads stamped only by the hand-off count
 * too. Spam leads are left out. A `from` or `to` that is not a date throws a RangeError naming it.
 */
export function lifecycleMetrics(leads: readonly Lead[], span: { from: string | number; to: string | number }): LifecycleMetrics {
  const from = toMs(span.from);
  const to = toMs(span.to);
  if (from === null) throw new RangeError(`from must be a date (got ${JSON.stringify(span.from)})`);
  if (to === null) throw new RangeError(`to must be a date (got ${JSON.stringify(span.to)})`);
  let mqls = 0;
  const hours: number[] = [];
  for (const lead of leads) {
    if (lead?.spam === true) continue;
    const stamps = lifecycleOf(lead);
    const mql = toMs(stamps.mqlAt);
    if (mql === null || mql < from || mql >= to) continue;
    mqls++;
    const sql = toMs(stamps.sqlAt);
    if (sql !== null && sql < to) hours.push(Math.max(0, sql - mql) / HOUR_MS);
  }
  return {
    mqls, sqls: hours.length, mqlToSqlRate: mqls === 0 ? null : hours.length / mqls,
    medianHoursToSql: median(hours), p90HoursToSql: percentile(hours, 0.9),
  };
}

function reentryOf(lead: Lead): number | null {
  return lead?.status === 'nurturing' && lead.spam !== true && lead.deleted !== true ? toMs(lead.reentryAt) : null;
}

/** Whether a nurtured lead (not spam or deleted) has a `reentryAt` that has passed at `now`. */
export function isDueForRequalification(lead: Lead, now: string | number): boolean {
  const at = reentryOf(lead);
  return at !== null && at <= msOrNow(now);
}

/**
 * Nurtured leads (status `nurturing`, not spam or deleted) whose `reentryAt` has passed at `now`:
 * due back in the qualify list. Earliest re-entry first.
 */
export function dueForRequalification(leads: readonly Lead[], now: string | number): Lead[] {
  const t = msOrNow(now);
  return leads
    .map((lead) => ({ lead, at: reentryOf(lead) }))
    .filter((x): x is { lead: Lead; at: number } => x.at !== null && x.at <= t)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.lead);
}

/** Whether a nurtured lead is waiting for a re-entry date still in the future (parked, not to be qualified yet). */
export function isParked(lead: Lead, now: string | number): boolean {
  const at = lead?.status === 'nurturing' ? toMs(lead.reentryAt) : null;
  return at !== null && at > msOrNow(now);
}
