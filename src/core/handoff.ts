/**
 * The hand-off from marketing to sales (issue 17): a lead is routed when it is stored (dedup first:
 * a returning person goes to the owner of their earlier lead), lands in its owner's inbox, and is
 * accepted, rejected back to the pool with a reason, or reassigned; a lead not acted on in time is
 * flagged and may be routed again; a pooled lead whose re-entry date has passed is routed again.
 * Each lead records who it went to and why in `lead.routing`. The same functions run in the browser
 * (IndexedDB and memory repositories, the inbox) and on the server (REST), so both decide alike.
 */
import { isRecord, nonEmptyString } from './guards.js';
import { stampStatus } from './lifecycle.js';
import type { Lead, LeadStatus } from './model.js';
import { emptyRoutingState, rejectLead, routeLead, type RoutingConfig, type RoutingReason, type RoutingState } from './routing.js';
import { msOrNow, toIso, toMs } from './time.js';

/** What made routing run: a lead stored, a pooled lead's re-entry date passed, an owner's time ran out. */
export const ROUTING_TRIGGERS = ['arrival', 'reentry', 'sla'] as const;
export type RoutingTrigger = (typeof ROUTING_TRIGGERS)[number];

/** Who a lead went to and why: `lead.routing`. */
export interface LeadRouting {
  /** The owner, or null when nobody could take the lead (it waits in the pool). */
  ownerId: string | null;
  reason: RoutingReason;
  /** The rule that matched, if any. */
  ruleId?: string;
  /** The team the owner was picked from, if any. */
  teamId?: string;
  /** When (ISO). */
  at: string;
  trigger?: RoutingTrigger;
  /** The owner the lead was taken from (an overdue lead routed again, a reassignment). */
  previousOwnerId?: string;
  /** Who reassigned it. */
  by?: string;
}

/** A rep's refusal of a lead: `lead.rejection` (the lead is back in the pool). */
export interface LeadRejection {
  reason: string;
  at: string;
  /** The owner who turned it down. */
  ownerId?: string;
  by?: string;
  /** When it comes back to routing, if ever. */
  reentryAt?: string;
}

/** The earlier lead of the same person and its owner (found by the storage's e-mail index). */
export interface ReturningLead {
  leadId: string;
  ownerId: string;
}

/** Options of `assignLead`. */
export interface AssignOptions {
  now: number | string;
  /** Default `arrival`. */
  trigger?: RoutingTrigger;
  /** The person's earlier, owned lead: on arrival the new one goes to the same owner. */
  returning?: ReturningLead | undefined;
}

/** What `assignLead` decided. */
export interface Assignment {
  lead: Lead;
  /** The routing state after (unchanged when round robin did not pick). */
  state: RoutingState;
  routing: LeadRouting;
  /** False when an overdue lead found nobody else to go to (it stays with its owner, untouched). */
  changed: boolean;
}

/** Statuses a lead waiting for its owner may have (accepted ones are `sql`, closed ones converted or disqualified). */
const OPEN_STATUSES: readonly LeadStatus[] = ['new', 'nurturing', 'mql'];
/** Longest rejection reason kept (the server's field limit for text). */
export const MAX_REJECT_REASON_LENGTH = 500;
const HOUR_MS = 3_600_000;
const NO_ROUTING: RoutingConfig = { rules: [], teams: [], period: 'day' };

const owner = (lead: Lead): string | undefined => (nonEmptyString(lead.ownerId) ? lead.ownerId : undefined);
const routingOf = (lead: Lead): Partial<LeadRouting> => (isRecord(lead.routing) ? lead.routing : {});

function withOwner(lead: Lead, ownerId: string | null, teamId: string | undefined): Lead {
  const next: Lead = { ...lead };
  if (ownerId) next.ownerId = ownerId;
  else delete next.ownerId;
  if (teamId) next.teamId = teamId;
  else delete next.teamId;
  return next;
}

/**
 * Routes a lead and records why on it (`routing`, `ownerId`, `teamId`, `updatedAt`):
 * - `arrival` (a lead stored): a returning person (`options.returning`) goes to the owner of their
 *   earlier lead (`returning`, and `duplicateOf` that lead unless set); a lead stored with an owner
 *   keeps it (`given`); any other goes through `routeLead` (rules, round robin, default owner, or
 *   nobody: it then waits in the pool).
 * - `reentry` (a pooled lead's date passed): routed again, round robin passing over the rep who
 *   turned it down; the lead is `new` again and its `reentryAt` removed.
 * - `sla` (an owner did not act in time): routed again passing over its owner; when nobody else can
 *   take it, it stays where it is (`changed: false`).
 * Without a configuration, leads are only kept, never assigned. The input is not mutated.
 */
export function assignLead(lead: Lead, config: RoutingConfig | undefined, state: RoutingState | undefined, options: AssignOptions): Assignment {
  const at = toIso(msOrNow(options.now));
  const trigger = options.trigger ?? 'arrival';
  const current = state ?? emptyRoutingState();
  const given = owner(lead);
  const settle = (ownerId: string | null, reason: RoutingReason, extra: Partial<LeadRouting>, next: RoutingState, base: Lead = lead): Assignment => {
    const routing: LeadRouting = { ownerId, reason, at, trigger, ...extra };
    const routed: Lead = { ...withOwner(base, ownerId, extra.teamId), routing, updatedAt: at };
    return { lead: routed, state: next, routing, changed: true };
  };
  if (trigger === 'arrival' && options.returning && nonEmptyString(options.returning.ownerId)) {
    const { leadId, ownerId } = options.returning;
    return settle(ownerId, 'returning', {}, current, { ...lead, duplicateOf: nonEmptyString(lead.duplicateOf) ? lead.duplicateOf : leadId });
  }
  if (trigger === 'arrival' && given) return settle(given, 'given', {}, current);
  const rejected = isRecord(lead.rejection) && nonEmptyString(lead.rejection.ownerId) ? lead.rejection.ownerId : undefined;
  const exclude = trigger === 'sla' ? (given ? [given] : []) : trigger === 'reentry' && rejected ? [rejected] : [];
  const result = routeLead(lead, config ?? NO_ROUTING, current, options.now, { exclude });
  if (trigger === 'sla' && (result.ownerId === null || result.ownerId === given)) {
    return { lead, state: current, routing: routingOf(lead) as LeadRouting, changed: false };
  }
  const extra: Partial<LeadRouting> = {
    ...(result.ruleId ? { ruleId: result.ruleId } : {}),
    ...(result.teamId ? { teamId: result.teamId } : {}),
    ...(trigger === 'sla' && given ? { previousOwnerId: given } : {}),
  };
  let base = lead;
  if (trigger === 'reentry') {
    base = { ...lead, status: 'new' };
    delete base.reentryAt;
  }
  return settle(result.ownerId, result.reason, extra, result.state, base);
}

/**
 * The earlier lead of the same person that a new one should follow: among `candidates` (leads the
 * storage found with the same normalised e-mail), the oldest other one that has an owner and is
 * neither spam nor merged into another. Undefined when there is none.
 */
export function returningLead(lead: Lead, candidates: readonly Lead[]): ReturningLead | undefined {
  const owned = candidates.filter((c) => isRecord(c) && c.id !== lead.id && owner(c) && c.spam !== true && !nonEmptyString(c.duplicateOf));
  owned.sort((a, b) => (toMs(a.createdAt) ?? Infinity) - (toMs(b.createdAt) ?? Infinity) || (a.id < b.id ? -1 : 1));
  const first = owned[0];
  return first ? { leadId: first.id, ownerId: first.ownerId! } : undefined;
}

/** Whether a lead being stored for the first time should be routed: not spam, and not routed before. */
export function needsRouting(lead: Lead): boolean {
  return isRecord(lead) && lead.spam !== true && !isRecord(lead.routing);
}

/** When the owner of a routed lead must have acted, or undefined (no SLA, accepted, closed, or placed by its owner). */
export function slaDueAt(lead: Lead, config: RoutingConfig | undefined): number | undefined {
  const hours = config?.sla?.hours;
  if (typeof hours !== 'number' || !(hours > 0) || !owner(lead) || lead.acceptedAt || !OPEN_STATUSES.includes(lead.status)) return undefined;
  const routing = routingOf(lead);
  if (routing.reason === 'given' || routing.ownerId !== lead.ownerId) return undefined;
  const at = toMs(routing.at);
  return at === null ? undefined : at + hours * HOUR_MS;
}

/** Whether the owner of a routed lead has let its SLA pass (the inbox flags it). */
export function isOverdue(lead: Lead, config: RoutingConfig | undefined, now: number | string): boolean {
  const due = slaDueAt(lead, config);
  return due !== undefined && msOrNow(now) >= due;
}

/**
 * Why a stored lead should be routed again now, or null: `reentry` for a pooled lead (nurturing,
 * no owner) whose `reentryAt` has passed, `sla` for an overdue lead when the SLA says to re-route.
 * Spam and deleted leads never.
 */
export function routingDue(lead: Lead, config: RoutingConfig | undefined, now: number | string): RoutingTrigger | null {
  if (!isRecord(lead) || lead.spam === true || lead.deleted === true) return null;
  const t = msOrNow(now);
  const reentry = toMs(lead.reentryAt);
  if (lead.status === 'nurturing' && !owner(lead) && reentry !== null && reentry <= t) return 'reentry';
  if (config?.sla?.reroute === true && isOverdue(lead, config, t)) return 'sla';
  return null;
}

/**
 * A lead its owner accepted: status `sql` (a converted lead stays converted), `acceptedAt`,
 * `acceptedBy`, `sqlAt` and, when it never had one, `mqlAt` (the hand-off counts as marketing
 * qualification: when it was routed, else now). The accepting person becomes the owner.
 */
export function acceptLead(lead: Lead, options: { by?: string | undefined; now: number | string }): Lead {
  const at = toIso(msOrNow(options.now));
  const by = nonEmptyString(options.by) ? options.by : owner(lead);
  const routedAt = routingOf(lead).at;
  const next: Lead = {
    ...lead,
    status: lead.status === 'converted' ? 'converted' : 'sql',
    acceptedAt: at,
    sqlAt: nonEmptyString(lead.sqlAt) ? lead.sqlAt : at,
    mqlAt: nonEmptyString(lead.mqlAt) ? lead.mqlAt : (nonEmptyString(routedAt) ? routedAt : at),
    updatedAt: at,
  };
  if (by) {
    next.ownerId = by;
    next.acceptedBy = by;
  }
  return stampStatus(next, lead.status, at);
}

/** Why a rejection was refused. */
export type RejectRefusal = 'reason-required' | 'reason-too-long' | 'reentry-invalid' | 'reentry-past';

/** Options of `rejectToPool`. */
export interface RejectToPoolOptions {
  /** Why (required). */
  reason: string;
  /** When the lead should come back to routing (ISO date or date-time); none: it waits in the pool. */
  reentryAt?: string | undefined;
  by?: string | undefined;
  now: number | string;
}

/**
 * A lead its owner turned down, back in the pool: status `nurturing`, no owner, the reason kept
 * (`nurtureReason` and `rejection`), `reentryAt` only when given (a date alone is the start of
 * that day, UTC). Refused without a reason (or one over 500 characters), with an unreadable
 * re-entry date or one not after `now`.
 */
export function rejectToPool(lead: Lead, options: RejectToPoolOptions): { ok: true; lead: Lead } | { ok: false; refusal: RejectRefusal } {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (reason === '') return { ok: false, refusal: 'reason-required' };
  if (reason.length > MAX_REJECT_REASON_LENGTH) return { ok: false, refusal: 'reason-too-long' };
  const t = msOrNow(options.now);
  let reentryAt: string | undefined;
  if (nonEmptyString(options.reentryAt)) {
    const ms = toMs(options.reentryAt.trim());
    if (ms === null) return { ok: false, refusal: 'reentry-invalid' };
    if (ms <= t) return { ok: false, refusal: 'reentry-past' };
    reentryAt = new Date(ms).toISOString();
  }
  const next = stampStatus(rejectLead(lead, { reason, now: t }), lead.status, t);
  if (reentryAt) next.reentryAt = reentryAt;
  else delete next.reentryAt;
  const rejection: LeadRejection = {
    reason, at: toIso(t),
    ...(owner(lead) ? { ownerId: owner(lead)! } : {}),
    ...(nonEmptyString(options.by) ? { by: options.by } : {}),
    ...(reentryAt ? { reentryAt } : {}),
  };
  next.rejection = rejection;
  delete next.routing;
  delete next.acceptedAt;
  delete next.acceptedBy;
  return { ok: true, lead: next };
}

/**
 * A lead given to `ownerId` by a person: `routing` says `reassigned`, by whom and from whom. A
 * pooled lead taken this way is `new` again, its re-entry date dropped.
 */
export function reassignLead(lead: Lead, options: { ownerId: string; by?: string | undefined; now: number | string }): Lead {
  const at = toIso(msOrNow(options.now));
  const previous = owner(lead);
  const routing: LeadRouting = {
    ownerId: options.ownerId, reason: 'reassigned', at,
    ...(previous ? { previousOwnerId: previous } : {}),
    ...(nonEmptyString(options.by) ? { by: options.by } : {}),
  };
  const next: Lead = { ...withOwner(lead, options.ownerId, undefined), routing, updatedAt: at };
  if (next.status === 'nurturing' && !previous) {
    next.status = 'new';
    delete next.reentryAt;
  }
  delete next.acceptedAt;
  delete next.acceptedBy;
  return next;
}

/** A lead in its owner's inbox: owned by `ownerId`, not accepted, still open. */
export function inInbox(lead: Lead, ownerId: string): boolean {
  return isRecord(lead) && lead.ownerId === ownerId && !lead.acceptedAt && lead.spam !== true && OPEN_STATUSES.includes(lead.status);
}

/** Why a lead is in the pool. */
export type PoolEntry =
  | { kind: 'rejected'; rejection: LeadRejection }
  | { kind: 'unassigned'; routing?: LeadRouting };

/**
 * Whether a lead waits in the pool (no owner, still open, not spam) and why: a rep turned it down
 * (`rejected`, with the reason), or no rule, team or default owner could take it (`unassigned`).
 */
export function poolEntry(lead: Lead): PoolEntry | undefined {
  if (!isRecord(lead) || owner(lead) || lead.spam === true || !OPEN_STATUSES.includes(lead.status)) return undefined;
  if (isRecord(lead.rejection) && nonEmptyString(lead.rejection.reason)) return { kind: 'rejected', rejection: lead.rejection as unknown as LeadRejection };
  if (nonEmptyString(lead.nurtureReason)) return { kind: 'rejected', rejection: { reason: lead.nurtureReason, at: lead.updatedAt, ...(lead.reentryAt ? { reentryAt: lead.reentryAt } : {}) } };
  return isRecord(lead.routing) ? { kind: 'unassigned', routing: lead.routing as unknown as LeadRouting } : { kind: 'unassigned' };
}

/** One row of `previewRouting`. */
export interface RoutingPreviewRow {
  leadId: string;
  ownerId: string | null;
  reason: RoutingReason;
  ruleId?: string;
  teamId?: string;
}

/**
 * Where `leads` would go, in the order given, under `config` from `state` (default: none yet), as
 * if each arrived now without an owner: the routing editor's "where would these leads go" before
 * a change is saved. Nothing is stored and the state is not kept.
 */
export function previewRouting(leads: readonly Lead[], config: RoutingConfig, state: RoutingState = emptyRoutingState(), now: number | string = Date.now()): RoutingPreviewRow[] {
  let current = state;
  const rows: RoutingPreviewRow[] = [];
  for (const lead of leads) {
    if (!isRecord(lead)) continue;
    const fresh = withOwner(lead, null, undefined);
    delete fresh.routing;
    const r = routeLead(fresh, config, current, now);
    current = r.state;
    rows.push({ leadId: lead.id, ownerId: r.ownerId, reason: r.reason, ...(r.ruleId ? { ruleId: r.ruleId } : {}), ...(r.teamId ? { teamId: r.teamId } : {}) });
  }
  return rows;
}
