/**
 * Lead routing: ordered rules (first match wins) send a lead to an owner or a team; a team shares
 * its leads by smooth weighted round robin with a capacity per period and availability; a default
 * owner catches the rest. A rejected lead goes back to the nurture pool.
 */
import { isFiniteNumber, isRecord, nonEmptyString } from './guards.js';
import type { Lead } from './model.js';
import { matchesAll } from './predicate.js';
import type { Condition } from './predicate.js';
import { DAY_MS, msOrNow, toIso } from './time.js';

/** Periods a member's capacity counts over (UTC). */
export const ROUTING_PERIODS = ['day', 'week', 'month'] as const;
export type RoutingPeriod = (typeof ROUTING_PERIODS)[number];

/**
 * How a lead got its owner: a rule naming the owner, round robin in a rule's team, the default
 * owner, nobody; and, on top of `routeLead`'s four (see handoff.ts): `returning` (dedup found the
 * person's earlier lead, whose owner keeps them), `given` (whoever stored the lead named the owner)
 * and `reassigned` (a person moved it to another owner).
 */
export const ROUTING_REASONS = ['rule-owner', 'round-robin', 'default', 'unassigned', 'returning', 'given', 'reassigned'] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

/** A rule: when every condition holds, the lead goes to `ownerId`, else to a member of `teamId`. */
export interface RoutingRule {
  id: string;
  when: Condition[];
  teamId?: string;
  ownerId?: string;
}

/** A rep in a team. */
export interface TeamMember {
  ownerId: string;
  /** Share of the team's leads relative to the others (default 1; 0 takes none). */
  weight?: number;
  /** Most leads per period from round robin (default unlimited). */
  capacity?: number;
  /** `false` while away: no leads from round robin. */
  available?: boolean;
}

/** Reps that share leads by weighted round robin. */
export interface Team {
  id: string;
  members: TeamMember[];
}

/** Everything routing needs, plain JSON. */
export interface RoutingConfig {
  /** Tried in order; the first that matches decides. */
  rules: RoutingRule[];
  teams: Team[];
  /** Owner of leads no rule or team could place. */
  defaultOwnerId?: string;
  period: RoutingPeriod;
  /** How long an owner has to accept or reject a routed lead, and what happens after. */
  sla?: RoutingSla;
}

/** The time an owner has to act on a routed lead (the inbox flags it after). */
export interface RoutingSla {
  /** Hours from routing to acceptance (more than 0). */
  hours: number;
  /** Route an overdue lead again, to someone other than its owner (default false: only flag it). */
  reroute?: boolean;
}

/** Options of `routeLead`. */
export interface RouteOptions {
  /** Owners round robin must pass over (the owner a lead is taken from, the rep who turned it down). */
  exclude?: readonly string[];
}

/** Round-robin state of one team, kept between calls. */
export interface TeamRoutingState {
  /** Smooth weighted round robin current weight per owner id. */
  current: Record<string, number>;
  /** The period `counts` belong to (`YYYY-MM-DD`, `YYYY-Www` or `YYYY-MM`). */
  period: string;
  /** Leads assigned per owner id in `period`. */
  counts: Record<string, number>;
}

/** Routing state: plain JSON, so it can be persisted between sessions. */
export interface RoutingState {
  teams: Record<string, TeamRoutingState>;
}

/** The outcome of `routeLead`. */
export interface RoutingResult {
  /** The new owner, `null` when no rule, team or default owner could take the lead. */
  ownerId: string | null;
  /** The team the owner was chosen from or named with. */
  teamId?: string;
  /** The rule that matched. */
  ruleId?: string;
  reason: RoutingReason;
  /** The state after this assignment (a new object; the input state is never mutated). */
  state: RoutingState;
}

/** Options of `rejectLead`. */
export interface RejectOptions {
  reason: string;
  now: number | string;
  /** Days until the lead should be looked at again (default 30). */
  nurtureDays?: number;
}

const DEFAULT_NURTURE_DAYS = 30;
// A re-entry date beyond 100 years is a typo, and far enough out to break Date.
const MAX_NURTURE_DAYS = 36_500;
const DEFAULT_PERIOD: RoutingPeriod = 'day';

// A number stored under `key` in a record read from storage; anything else counts as 0.
function storedNumber(record: Record<string, unknown>, key: string): number {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return isFiniteNumber(value) ? value : 0;
}

/** A state with no assignments yet. */
export function emptyRoutingState(): RoutingState {
  return { teams: {} };
}

/**
 * The UTC period `now` falls in: `YYYY-MM-DD` for `day`, the ISO 8601 week `YYYY-Www` for `week`
 * (weeks start on Monday; 2021-01-03 is in `2020-W53`), `YYYY-MM` for `month`. An unknown period
 * counts as `day`; an unusable `now` as the current time.
 */
export function periodKey(now: number | string, period: RoutingPeriod): string {
  const date = new Date(msOrNow(now));
  if (period === 'month') return date.toISOString().slice(0, 7);
  if (period !== 'week') return date.toISOString().slice(0, 10);
  // The ISO week-year is the year of the week's Thursday.
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

interface Candidate {
  ownerId: string;
  weight: number;
  count: number;
}

// Weight 0 (or below) opts a member out; a missing or non-numeric weight is the default 1.
function weightOf(member: Record<string, unknown>): number {
  return isFiniteNumber(member.weight) ? Math.max(0, member.weight) : 1;
}

// A missing or non-finite capacity is unlimited; below 0 counts as 0, fractions round down.
function capacityOf(member: Record<string, unknown>): number {
  return isFiniteNumber(member.capacity) ? Math.max(0, Math.floor(member.capacity)) : Number.POSITIVE_INFINITY;
}

// Members by owner id (the first entry of a repeated id wins), as records read from JSON.
function teamMembers(team: Record<string, unknown>): Record<string, unknown>[] {
  const seen = new Set<string>();
  const members: Record<string, unknown>[] = [];
  for (const member of Array.isArray(team.members) ? (team.members as unknown[]) : []) {
    if (!isRecord(member) || !nonEmptyString(member.ownerId) || seen.has(member.ownerId)) continue;
    seen.add(member.ownerId);
    members.push(member);
  }
  return members;
}

/**
 * One smooth weighted round robin step (as nginx does): every eligible member's current weight
 * grows by its weight, the largest wins (the earlier member on a tie) and gives back the total.
 * Over any run of sum-of-weights picks with a fixed set of eligible members, each gets exactly
 * its weight, spread out rather than in bursts. Ineligible members keep their current weight.
 */
function pickMember(
  team: Record<string, unknown>, stored: unknown, period: string, exclude: ReadonlySet<string>,
): { ownerId: string; state: TeamRoutingState } | null {
  const previous = isRecord(stored) ? stored : {};
  const oldCurrent = isRecord(previous.current) ? previous.current : {};
  const oldCounts = previous.period === period && isRecord(previous.counts) ? previous.counts : {};
  const current: Record<string, number> = {};
  let best: Candidate | null = null;
  let bestValue = 0;
  let total = 0;
  for (const member of teamMembers(team)) {
    const ownerId = member.ownerId as string;
    const candidate = { ownerId, weight: weightOf(member), count: storedNumber(oldCounts, ownerId) };
    const eligible = member.available !== false && candidate.weight > 0 && candidate.count < capacityOf(member) && !exclude.has(ownerId);
    const value = storedNumber(oldCurrent, ownerId) + (eligible ? candidate.weight : 0);
    current[ownerId] = value;
    if (!eligible) continue;
    total += candidate.weight;
    if (best === null || value > bestValue) {
      best = candidate;
      bestValue = value;
    }
  }
  if (best === null) return null;
  current[best.ownerId] = bestValue - total;
  const counts: Record<string, number> = {};
  for (const [ownerId, count] of Object.entries(oldCounts)) if (isFiniteNumber(count)) counts[ownerId] = count;
  counts[best.ownerId] = best.count + 1;
  return { ownerId: best.ownerId, state: { current, period, counts } };
}

/**
 * Routes a lead. The first rule whose conditions all hold decides (an empty `when` matches every
 * lead; rules without an id or with a non-list `when` never match): a rule with `ownerId` assigns that owner
 * directly (reason `rule-owner`, no capacity check); a rule with `teamId` picks a member by smooth
 * weighted round robin among those who are available, have a weight above 0 and have capacity
 * left in the current period (`round-robin`). When no rule matches, the team is unknown, everyone
 * is full or away, or the rule names neither, the lead goes to `defaultOwnerId` (`default`), or to
 * nobody (`unassigned`, `ownerId: null`). Capacity counts only round-robin assignments, per team,
 * and resets when the period (UTC, from `now`) changes. Owners in `options.exclude` are passed over
 * by round robin (not by a rule naming them). Malformed config parts are skipped and a malformed
 * state counts as empty; the input state is never mutated.
 */
export function routeLead(
  lead: Lead,
  config: RoutingConfig,
  state: RoutingState = emptyRoutingState(),
  now: number | string = Date.now(),
  options: RouteOptions = {},
): RoutingResult {
  const cfg: Record<string, unknown> = isRecord(config) ? config : {};
  const teamStates: Record<string, unknown> = isRecord(state) && isRecord(state.teams) ? state.teams : {};
  const next: RoutingState = { ...(isRecord(state) ? state : {}), teams: { ...teamStates } as Record<string, TeamRoutingState> };
  const rules = Array.isArray(cfg.rules) ? (cfg.rules as unknown[]) : [];
  const rule = rules.find((r): r is Record<string, unknown> => isRecord(r) && nonEmptyString(r.id) && matchesAll(lead, r.when as Condition[]));
  const ruleId = rule?.id as string | undefined;
  const teamId = nonEmptyString(rule?.teamId) ? rule.teamId : undefined;
  const matched = ruleId === undefined ? {} : { ruleId };
  if (rule && nonEmptyString(rule.ownerId)) {
    return { ownerId: rule.ownerId, ...(teamId === undefined ? {} : { teamId }), ...matched, reason: 'rule-owner', state: next };
  }
  const teams = Array.isArray(cfg.teams) ? (cfg.teams as unknown[]) : [];
  const team = teamId === undefined ? undefined : teams.find((t): t is Record<string, unknown> => isRecord(t) && t.id === teamId);
  const period = ROUTING_PERIODS.includes(cfg.period as RoutingPeriod) ? (cfg.period as RoutingPeriod) : DEFAULT_PERIOD;
  const exclude = new Set(isRecord(options) && Array.isArray(options.exclude) ? options.exclude : []);
  const pick = team && teamId !== undefined ? pickMember(team, teamStates[teamId], periodKey(now, period), exclude) : null;
  if (pick && teamId !== undefined) {
    next.teams = { ...next.teams, [teamId]: pick.state };
    return { ownerId: pick.ownerId, teamId, ...matched, reason: 'round-robin', state: next };
  }
  const fallback = nonEmptyString(cfg.defaultOwnerId) ? cfg.defaultOwnerId : null;
  return { ownerId: fallback, ...matched, reason: fallback === null ? 'unassigned' : 'default', state: next };
}

/**
 * A lead a rep turned down, back in the nurture pool: status `nurturing`, no `ownerId` or `teamId`,
 * `nurtureReason` (trimmed; a blank reason removes any old one), `reentryAt` `nurtureDays` after
 * `now` and `updatedAt` `now` (ISO). A missing, negative or non-finite `nurtureDays` is 30, one
 * above 36,500 (100 years) is capped; an unusable `now` is the current time. The input is not mutated.
 */
export function rejectLead(lead: Lead, options: RejectOptions): Lead {
  const opts: Partial<RejectOptions> = isRecord(options) ? options : {};
  const at = msOrNow(opts.now);
  const days = isFiniteNumber(opts.nurtureDays) && opts.nurtureDays >= 0
    ? Math.min(opts.nurtureDays, MAX_NURTURE_DAYS)
    : DEFAULT_NURTURE_DAYS;
  const next: Lead = {
    ...lead,
    status: 'nurturing',
    reentryAt: toIso(at + days * DAY_MS),
    updatedAt: toIso(at),
  };
  delete next.ownerId;
  delete next.teamId;
  if (nonEmptyString(opts.reason)) next.nurtureReason = opts.reason.trim();
  else delete next.nurtureReason;
  return next;
}
