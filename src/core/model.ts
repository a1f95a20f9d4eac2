/**
 * The records every element, adapter and the REST contract share (DESIGN.md section 8).
 * Times are ISO 8601 strings; money is a number in the record's ISO 4217 `currency`.
 * Fields beyond these are allowed and kept.
 */
import type { LeadRejection, LeadRouting } from './handoff.js';

/** Kinds of a pipeline stage. */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Status of a deal; mirrors the kind of the stage it sits in. */
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Lifecycle status of a lead. */
export const LEAD_STATUSES = ['new', 'nurturing', 'mql', 'sql', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** The collections a repository holds. */
export const COLLECTIONS = ['leads', 'deals', 'pipelines', 'activities', 'settings'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** A stage of a pipeline. */
export interface Stage {
  id: string;
  label: string;
  kind: StageKind;
  /** Default win probability for deals in this stage, 0..1. */
  probability: number;
  /** Days without activity after which a deal in this stage is rotting. */
  rottingDays?: number;
  /** Deal fields that must be filled before a deal may enter this stage. */
  requiredFields?: string[];
  /** What a rep should do in this stage. */
  guidance?: string;
  /** The label per locale (stages from templates); `label` wins when the owner renamed the stage. */
  labels?: Record<string, string>;
  /** The guidance per locale (stages from templates). */
  guidances?: Record<string, string>;
  [extra: string]: unknown;
}

/** How deals may move between the open stages of a pipeline. */
export interface PipelinePolicy {
  allowSkip: boolean;
  allowBackward: boolean;
}

/** An ordered list of stages deals move through. */
export interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
  policy?: PipelinePolicy;
  /** Ids of the reasons a deal may be lost for (see core/lost-reasons.ts); older pipelines hold display text. */
  lostReasons?: string[];
  /** Labels of the pipeline's own reason ids, by locale (`{ "in-house": { en: "Built it in-house" } }`). */
  lostReasonLabels?: Record<string, Record<string, string>>;
  currency?: string;
  /** The template the pipeline was created from, if any. */
  template?: string;
  /** The name per locale (pipelines from templates); `name` wins when the owner renamed it. */
  names?: Record<string, string>;
  [extra: string]: unknown;
}

/** One stay of a deal in a stage. */
export interface StageVisit {
  stageId: string;
  enteredAt: string;
  leftAt?: string;
}

/** An opportunity moving through a pipeline. */
export interface Deal {
  id: string;
  title: string;
  value: number;
  currency: string;
  pipelineId: string;
  stageId: string;
  ownerId?: string;
  leadId?: string;
  /** Per-deal win probability that overrides the stage's, 0..1. */
  probability?: number;
  /** Expected close date (ISO date or date-time). */
  expectedClose?: string;
  status: DealStatus;
  /** Why a lost deal was lost: a reason id of its pipeline, or text written by hand. */
  lostReason?: string;
  /** Sort key within a column; lower first. */
  rank?: number;
  createdAt: string;
  updatedAt: string;
  lastActivityAt?: string;
  closedAt?: string;
  history: StageVisit[];
  [extra: string]: unknown;
}

/** Where a lead came from. */
export interface LeadSource {
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  referrer?: string;
  page?: string;
  campaign?: string;
  [extra: string]: unknown;
}

/** The consent a person gave when submitting a form. */
export interface ConsentRecord {
  text: string;
  /** A hash of the consent text, so a changed text is a new version. */
  version: string;
  at: string;
}

/** A person or company who may become a customer. */
export interface Lead {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: LeadStatus;
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  industry?: string;
  companySize?: number;
  region?: string;
  country?: string;
  message?: string;
  source?: LeadSource;
  consent?: ConsentRecord;
  score?: number;
  grade?: string;
  bant?: unknown;
  ownerId?: string;
  teamId?: string;
  duplicateOf?: string;
  /** The leads merged into this one by dedup, oldest merge first. */
  mergedFrom?: MergeEntry[];
  /** When a lead in nurture should be looked at again. */
  reentryAt?: string;
  nurtureReason?: string;
  /** Who the lead was routed to and why (see core/handoff.ts). */
  routing?: LeadRouting;
  /** The last time a rep turned the lead down. */
  rejection?: LeadRejection;
  /** When its owner accepted it, and who. */
  acceptedAt?: string;
  acceptedBy?: string;
  /** When it became marketing qualified, and sales qualified (the same as `lifecycle.mqlAt` and `lifecycle.sqlAt`). */
  mqlAt?: string;
  sqlAt?: string;
  /** When it first entered each status (see core/lifecycle.ts). */
  lifecycle?: LeadLifecycle;
  /** Suspected spam (stored flagged by the server, hidden from lists). */
  spam?: boolean;
  custom?: Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * When a lead first entered each status, as ISO date-times (see core/lifecycle.ts). `mqlAt` and
 * `sqlAt` equal the lead's own `mqlAt` and `sqlAt`.
 */
export interface LeadLifecycle {
  newAt?: string;
  nurturingAt?: string;
  mqlAt?: string;
  sqlAt?: string;
  disqualifiedAt?: string;
  convertedAt?: string;
}

/** One merge recorded on the surviving lead (see `mergeLeads`). */
export interface MergeEntry {
  /** The lead merged in. */
  id: string;
  at: string;
  /** Survivor fields filled from that lead (`custom.x` and `source.x` for nested keys; `score` when its score was the highest). */
  fields: string[];
}

/** A call, meeting, email or task on a deal or lead. */
export interface Activity {
  id: string;
  dealId?: string;
  leadId?: string;
  type: string;
  at: string;
  dueAt?: string;
  done?: boolean;
  note?: string;
  [extra: string]: unknown;
}

/** Milestones of a buyer journey that W-shaped attribution weighs. */
export const TOUCH_MILESTONES = ['first', 'lead', 'opportunity', 'close'] as const;
export type TouchMilestone = (typeof TOUCH_MILESTONES)[number];

/** One marketing touch on the way to a deal (for attribution). */
export interface Touch {
  id?: string;
  leadId?: string;
  dealId?: string;
  /** Channel or source, for example `email`, `paid-search`, `webinar`. */
  channel: string;
  campaign?: string;
  at: string;
  /** The milestone this touch created, if any (lead created, opportunity created). */
  milestone?: TouchMilestone;
  [extra: string]: unknown;
}

/**
 * The settings records the product knows: `routing` (a `RoutingConfig`, core/routing.ts),
 * `campaigns` (`{ campaigns: CampaignCost[] }`, core/campaigns.ts) and `scoring` (the applied
 * lead scoring model and, when it was learned, the learned model's JSON; core/settings.ts).
 */
export const SETTINGS_IDS = ['routing', 'campaigns', 'scoring'] as const;
export type SettingsId = (typeof SETTINGS_IDS)[number];

/** A record of the `settings` collection: a configuration stored like any record, keyed by what it configures. */
export interface Settings {
  id: string;
  updatedAt?: string;
  [extra: string]: unknown;
}

/** A record of any collection, keyed by `id`. */
export type AnyRecord = Lead | Deal | Pipeline | Activity | Settings;

/** One problem found in input data. `path` names the field, `line` the CSV line where relevant. */
export interface ValidationError {
  path: string;
  message: string;
  line?: number;
}

/** The result of validating input; never throws. */
export interface ValidationResult {
  ok: boolean;
  errors: ValidationError[];
}
