/**
 * The record schemas in zod: they validate request bodies and generate the
 * OpenAPI components. They mirror `src/core/validate.ts` (same limits, same ISO date and e-mail
 * rules), so what the browser accepts the server accepts. Fields beyond the known ones are kept.
 *
 * Two shapes per collection: `Lead` is the stored record (server fields present), `LeadWrite` is a
 * request body (`id`, `createdAt` and `updatedAt` optional: the server sets them).
 */
import { z } from 'zod';
import { isValidEmail } from '../src/core/email.js';
import { COLLECTIONS, DEAL_STATUSES, LEAD_STATUSES, SETTINGS_IDS, STAGE_KINDS, type CollectionName } from '../src/core/model.js';
import { ENGAGEMENT_TYPES, MAX_ENGAGEMENT_VALUE } from '../src/core/engagement.js';
import { settingsProblems } from '../src/core/settings.js';
import { FIELD_LIMITS, isIsoDate } from '../src/core/validate.js';
import { ROLES } from './auth.js';
import type { FieldError } from './problem.js';

export { COLLECTIONS, type CollectionName };

// ---------------------------------------------------------------------------------------------
// Field helpers

function typeName(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  if (expected === 'boolean') return 'true or false';
  return `a ${expected}`;
}

/**
 * Messages that read after their path, as in src/core ("stages[2].probability must be a number
 * between 0 and 1"). Schema-level messages win over this map.
 */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${typeName(issue.expected)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters long`;
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} items`;
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be at least ${String(issue.minimum)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return 'has the wrong format';
    default:
      return undefined;
  }
};

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;
const ISO_MESSAGE = 'must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone';

/** Any text up to `max` characters. */
const text = (max: number) => z.string().max(max);
/** Text that must not be blank. */
const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim() !== '', { error: 'must not be empty' });
const id = () => nonBlank(FIELD_LIMITS.id).meta({ description: 'A record id (UUID recommended), 1..200 characters.' });
const isoDate = () =>
  z
    .string()
    .max(40, { error: ISO_MESSAGE })
    .regex(ISO_SHAPE, { error: ISO_MESSAGE })
    .refine(isIsoDate, { error: ISO_MESSAGE })
    .meta({ description: 'ISO 8601 date (YYYY-MM-DD) or date-time with a zone (Z or ±HH:MM).' });
const probability = () =>
  z
    .number()
    .min(0, { error: 'must be a number between 0 and 1' })
    .max(1, { error: 'must be a number between 0 and 1' });
const count = () => z.number().int({ error: 'must be a non-negative integer' }).min(0, { error: 'must be a non-negative integer' });
const currency = () =>
  z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter ISO 4217 currency code in capitals, such as USD' })
    .meta({ description: 'ISO 4217 currency code.', examples: ['USD', 'EUR', 'CNY'] });
const email = () =>
  z
    .string()
    .max(254, { error: 'must be at most 254 characters long' })
    .refine((v) => v === v.trim() && isValidEmail(v), {
      error: 'must be a valid e-mail address (one @, a dotted domain, no spaces)',
    })
    .meta({ format: 'email' });

/** Who wrote the record last; the server sets it (`key:<id>` or `user:<subject>`). */
const updatedBy = () =>
  text(FIELD_LIMITS.shortText)
    .optional()
    .meta({ description: 'Who made the last write, set by the server: `key:<key id>` or `user:<subject>`.' });

/** A list of unique non-blank strings (lost reasons, required fields). */
const uniqueStrings = () =>
  z
    .array(nonBlank(FIELD_LIMITS.shortText))
    .max(FIELD_LIMITS.listItems)
    .check((ctx) => {
      const seen = new Set<string>();
      ctx.value.forEach((v, i) => {
        if (seen.has(v)) ctx.issues.push({ code: 'custom', message: `must be unique ("${v}" appears earlier)`, path: [i], input: v });
        seen.add(v);
      });
    });

// ---------------------------------------------------------------------------------------------
// Pipeline and stage

export const Stage = z
  .looseObject({
    id: id(),
    label: nonBlank(FIELD_LIMITS.shortText),
    kind: z.enum(STAGE_KINDS),
    probability: probability().meta({ description: 'Default win probability of deals in this stage, 0..1.' }),
    rottingDays: count().optional(),
    requiredFields: uniqueStrings().optional(),
    guidance: text(FIELD_LIMITS.longText).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    guidances: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: 'A stage of a pipeline.' });

const pipelineShape = {
  id: id(),
  name: nonBlank(FIELD_LIMITS.shortText),
  stages: z.array(Stage).min(1).max(FIELD_LIMITS.stages),
  policy: z.looseObject({ allowSkip: z.boolean(), allowBackward: z.boolean() }).optional(),
  lostReasons: uniqueStrings().optional(),
  currency: currency().optional(),
  template: text(FIELD_LIMITS.shortText).optional(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  updatedBy: updatedBy(),
};

function checkStages(ctx: z.core.ParsePayload<{ stages: { id: string; kind: string }[] }>): void {
  const first = new Map<string, number>();
  ctx.value.stages.forEach((stage, i) => {
    const earlier = first.get(stage.id);
    if (earlier !== undefined) {
      ctx.issues.push({
        code: 'custom',
        message: `must be unique ("${stage.id}" is also the id of stages[${earlier}])`,
        path: ['stages', i, 'id'],
        input: stage.id,
      });
    } else first.set(stage.id, i);
  });
  if (!ctx.value.stages.some((s) => s.kind === 'open')) {
    ctx.issues.push({ code: 'custom', message: 'must include at least one open stage', path: ['stages'], input: ctx.value.stages });
  }
}

// ---------------------------------------------------------------------------------------------
// Deal

const StageVisit = z
  .looseObject({ stageId: id(), enteredAt: isoDate(), leftAt: isoDate().optional() })
  .check((ctx) => {
    const { enteredAt, leftAt } = ctx.value;
    if (leftAt !== undefined && Date.parse(leftAt) < Date.parse(enteredAt)) {
      ctx.issues.push({ code: 'custom', message: 'must not be before enteredAt', path: ['leftAt'], input: leftAt });
    }
  });

const dealShape = {
  id: id(),
  title: nonBlank(FIELD_LIMITS.shortText),
  value: z.number().min(0, { error: 'must be a number of at least 0' }),
  currency: currency(),
  pipelineId: id(),
  stageId: id(),
  ownerId: id().optional(),
  leadId: id().optional(),
  probability: probability().optional(),
  expectedClose: isoDate().optional(),
  status: z.enum(DEAL_STATUSES).default('open'),
  lostReason: text(FIELD_LIMITS.shortText).optional(),
  rank: z.number().optional(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  lastActivityAt: isoDate().optional(),
  closedAt: isoDate().optional(),
  history: z.array(StageVisit).max(FIELD_LIMITS.history).default([]),
  updatedBy: updatedBy(),
};

// ---------------------------------------------------------------------------------------------
// Lead

const sourceText = () => text(FIELD_LIMITS.sourceText).optional();
const LeadSource = z.looseObject({
  utm_source: sourceText(),
  utm_medium: sourceText(),
  utm_campaign: sourceText(),
  utm_term: sourceText(),
  utm_content: sourceText(),
  referrer: text(FIELD_LIMITS.url).optional(),
  page: text(FIELD_LIMITS.url).optional(),
  campaign: sourceText(),
});

const Consent = z.looseObject({
  text: nonBlank(FIELD_LIMITS.longText),
  version: nonBlank(FIELD_LIMITS.shortText),
  at: isoDate(),
});

const Custom = z
  .record(z.string(), z.unknown())
  .check((ctx) => {
    const keys = Object.keys(ctx.value);
    if (keys.length > FIELD_LIMITS.customKeys) {
      ctx.issues.push({ code: 'custom', message: `must have at most ${FIELD_LIMITS.customKeys} fields (it has ${keys.length})`, input: ctx.value });
    }
    for (const key of keys.slice(0, FIELD_LIMITS.customKeys)) {
      const v = ctx.value[key];
      if (typeof v === 'string' && v.length > FIELD_LIMITS.longText) {
        ctx.issues.push({ code: 'custom', message: `must be at most ${FIELD_LIMITS.longText} characters long`, path: [key], input: v });
      }
    }
  })
  .meta({ description: 'Form fields the product does not know (at most 200; strings up to 5,000 characters).' });

const short = () => text(FIELD_LIMITS.shortText).optional();
const leadShape = {
  id: id(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  status: z.enum(LEAD_STATUSES).default('new'),
  name: short(),
  email: email().optional(),
  phone: text(FIELD_LIMITS.phone).optional(),
  company: short(),
  title: short(),
  industry: short(),
  companySize: count().optional(),
  region: short(),
  country: short(),
  message: text(FIELD_LIMITS.longText).optional(),
  source: LeadSource.optional(),
  consent: Consent.optional(),
  score: z.number().optional(),
  grade: short(),
  bant: z.unknown().optional(),
  ownerId: id().optional(),
  teamId: id().optional(),
  duplicateOf: id().optional(),
  reentryAt: isoDate().optional(),
  nurtureReason: short(),
  custom: Custom.optional(),
  spam: z.boolean().optional().meta({ description: 'Suspected spam: stored, hidden from lists unless `spam=true` is asked for; PATCH `{"spam": false}` releases it.' }),
  spamSignals: z.array(text(FIELD_LIMITS.shortText)).max(10).optional().meta({ description: 'Why it was taken for spam: honeypot, fast-fill, bad-timing.' }),
  updatedBy: updatedBy(),
};

// ---------------------------------------------------------------------------------------------
// Activity

const activityShape = {
  id: id(),
  dealId: id().optional(),
  leadId: id().optional(),
  type: nonBlank(FIELD_LIMITS.shortText).meta({ examples: ['call', 'meeting', 'email', 'task'] }),
  at: isoDate(),
  dueAt: isoDate().optional(),
  done: z.boolean().optional(),
  note: text(FIELD_LIMITS.longText).optional(),
  value: z.number().min(0).max(MAX_ENGAGEMENT_VALUE).optional().meta({ description: 'Engagement: seconds the page was visible (page-view) or pages seen (visit), 0..86,400.' }),
  page: text(FIELD_LIMITS.url).regex(/^\/[^?#]*$/, { error: 'must be a path starting with / without a query string or fragment' }).optional().meta({ description: 'Engagement: the page\'s path, without query string.' }),
  engagement: z.literal(true).optional().meta({ description: 'A page view or visit recorded by the tracker (l2c-elements/track): `type` page-view or visit, a `leadId`. The only activity a form key may create.' }),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  updatedBy: updatedBy(),
};

/** An engagement activity is a page view or visit of a lead. */
function checkEngagement(ctx: z.core.ParsePayload<{ engagement?: true; type: string; leadId?: string }>): void {
  const a = ctx.value;
  if (a.engagement !== true) return;
  if (!(ENGAGEMENT_TYPES as readonly string[]).includes(a.type)) ctx.issues.push({ code: 'custom', message: `must be ${ENGAGEMENT_TYPES.join(' or ')} on an engagement activity`, path: ['type'], input: a.type });
  if (a.leadId === undefined) ctx.issues.push({ code: 'custom', message: 'is required on an engagement activity', path: ['leadId'], input: a.leadId });
}

/** The server sets these, so a request body may leave them out. */
const serverFields = { id: id().optional(), createdAt: isoDate().optional(), updatedAt: isoDate().optional() };

// ---------------------------------------------------------------------------------------------
// Settings (issue 17): checked by the core's settingsProblems, the rule the browser applies too

const settingsShape = {
  id: z.enum(SETTINGS_IDS).meta({ description: '`routing` (lead routing: admin writes), `campaigns` (campaign costs: member and admin write) or `scoring` (the applied lead scoring model: admin writes).' }),
  rules: z.unknown().optional().meta({ description: 'routing: ordered rules `{ id, when: [{ field, op, value }], teamId?, ownerId? }`; the first that matches decides.' }),
  teams: z.unknown().optional().meta({ description: 'routing: teams `{ id, members: [{ ownerId, weight?, capacity?, available? }] }` sharing leads by weighted round robin.' }),
  defaultOwnerId: z.unknown().optional().meta({ description: 'routing: the owner of leads no rule or team could place (else they wait in the pool).' }),
  period: z.unknown().optional().meta({ description: 'routing: `day`, `week` or `month`, the period capacities count over (UTC).' }),
  sla: z.unknown().optional().meta({ description: 'routing: `{ hours, reroute? }`: time to accept a routed lead; after it the lead is flagged and, with reroute, routed to someone else.' }),
  campaigns: z.unknown().optional().meta({ description: 'campaigns: `[{ id, cost, name?, channel? }]`, the cost of each campaign (by the key leads carry in source.campaign or utm_campaign).' }),
  model: z.unknown().optional().meta({ description: 'scoring: the scoring model leads are scored with `{ fit, engagement, mqlThreshold, gradeBands?, halfLifeDays? }` (checked like validateScoringModel).' }),
  learned: z.unknown().optional().meta({ description: 'scoring: when the model was learned, the learned model\'s JSON (`kind: "l2c-learned-scoring"`), which gives each lead a probability and its top factors.' }),
  appliedAt: z.unknown().optional().meta({ description: 'scoring: when the model was applied (ISO date-time).' }),
  appliedBy: z.unknown().optional().meta({ description: 'scoring: who applied it.' }),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  updatedBy: updatedBy(),
};

function checkSettings(ctx: z.core.ParsePayload<Record<string, unknown>>): void {
  for (const problem of settingsProblems(ctx.value)) {
    ctx.issues.push({ code: 'custom', message: problem.message, path: problem.path ? problem.path.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [], input: ctx.value });
  }
}

export const Settings = z.looseObject(settingsShape).check(checkSettings).meta({
  description: 'A configuration stored like a record, by what it configures: `routing` (a routing configuration), `campaigns` (campaign costs) or `scoring` (the applied scoring model). Refused with every field named when it has problems (an unknown team, a rule that can never match, a capacity below zero); the stored one stays.',
});
export const SettingsWrite = z.looseObject({ ...settingsShape, ...serverFields, id: settingsShape.id.optional() }).meta({ description: 'A settings record as sent by a client.' });

// ---------------------------------------------------------------------------------------------
// Records and write bodies


export const Lead = z.looseObject(leadShape).meta({ description: 'A person or company who may become a customer.' });
export const LeadWrite = z.looseObject({ ...leadShape, ...serverFields }).meta({ description: 'A lead as sent by a client.' });
export const Deal = z.looseObject(dealShape).meta({ description: 'An opportunity moving through a pipeline.' });
export const DealWrite = z.looseObject({ ...dealShape, ...serverFields }).meta({ description: 'A deal as sent by a client.' });
export const Pipeline = z.looseObject(pipelineShape).check(checkStages).meta({ description: 'An ordered list of stages deals move through.' });
export const PipelineWrite = z
  .looseObject({ ...pipelineShape, ...serverFields })
  .check(checkStages)
  .meta({ description: 'A pipeline as sent by a client.' });
export const Activity = z.looseObject(activityShape).check(checkEngagement).meta({ description: 'A call, meeting, e-mail or task on a deal or lead.' });
export const ActivityWrite = z.looseObject({ ...activityShape, ...serverFields }).check(checkEngagement).meta({ description: 'An activity as sent by a client.' });

/** Per collection: the schema a stored record must satisfy, and the one documenting a request body. */
export const RECORD_SCHEMAS = {
  leads: { name: 'Lead', record: Lead, write: LeadWrite },
  deals: { name: 'Deal', record: Deal, write: DealWrite },
  pipelines: { name: 'Pipeline', record: Pipeline, write: PipelineWrite },
  activities: { name: 'Activity', record: Activity, write: ActivityWrite },
  settings: { name: 'Settings', record: Settings, write: SettingsWrite },
} as const satisfies Record<CollectionName, { name: string; record: z.ZodType; write: z.ZodType }>;

export function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Responses (for the OpenAPI document)

export const Tombstone = z
  .object({ id: z.string(), deleted: z.literal(true), deletedAt: z.string() })
  .meta({ description: 'A deleted record, listed only when `since`, `updatedSince` or `deleted=true` is given so clients can sync deletes.' });

export const FieldErrorSchema = z
  .object({
    path: z.string().meta({ description: 'The field: `stages[2].probability`, a query parameter or a header name.' }),
    message: z.string(),
    in: z.enum(['body', 'query', 'header', 'path']),
  })
  .meta({ description: 'One invalid field.' });

export const Problem = z
  .looseObject({
    type: z.string().meta({ description: 'A URI naming the kind of problem, such as …/problems/conflict.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json).' });

export const PreconditionFailedProblem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.literal(412),
    detail: z.string(),
    instance: z.string().optional(),
    current: z.record(z.string(), z.unknown()).optional().meta({ description: "The server's version of the record (absent when it does not exist)." }),
    currentEtag: z.string().optional().meta({ description: 'The entity tag of `current`.' }),
  })
  .meta({ description: 'A stale If-Match: the record changed since the client read it.' });

export const Health = z.object({ ok: z.literal(true), db: z.enum(['pglite', 'postgres']) });

export const ServerIndex = z
  .object({
    name: z.string(),
    openapi: z.literal('/openapi.json'),
    health: z.literal('/health'),
    collections: z.array(z.enum(COLLECTIONS)),
    authentication: z.string(),
  })
  .meta({ description: 'What this server is and where to look next.' });

const at = () => z.string().meta({ format: 'date-time' });
const role = () => z.enum(ROLES).meta({ description: 'form: POST /leads, and POST /activities of page views and visits (engagement: true) of its leads; viewer: reads; member: also writes leads, deals and activities; admin: also pipelines, the audit log, the workspace and its keys.' });
const actor = () => z.string().meta({ description: 'Who: `key:<key id>`, `user:<subject>` (an OpenID Connect user) or `operator` (ADMIN_TOKEN).' });

export const ChangeEvent = z
  .union([
    z.object({
      collection: z.enum(COLLECTIONS),
      id: z.string(),
      record: z.record(z.string(), z.unknown()).meta({ description: 'The record as it is now.' }),
      etag: z.string().meta({ description: 'Its entity tag, for If-Match.' }),
    }),
    z.object({ collection: z.enum(COLLECTIONS), id: z.string(), deleted: z.literal(true), deletedAt: at() }),
  ])
  .meta({
    description:
      'The `data` of a `change` event of GET /changes: a written record, or a deleted one. Its SSE `id` is a position in the workspace\'s writes (a sync token), sent back as Last-Event-ID to resume.',
  });

export const AuditEntry = z
  .object({
    at: at(),
    actor: actor(),
    action: z.string().meta({
      description: 'What was done.',
      examples: ['create', 'create.spam', 'replace', 'update', 'delete', 'release', 'purge', 'key.create', 'key.revoke', 'workspace.update'],
    }),
    collection: z.enum(COLLECTIONS).optional(),
    id: z.string().optional().meta({ description: 'The record written.' }),
    version: z.number().int().optional().meta({ description: 'The record version the write made (its ETag).' }),
    detail: z.record(z.string(), z.unknown()).optional().meta({ description: 'Key actions: `keyId`, `role`, `label`; workspace changes: `fields`.' }),
  })
  .meta({ description: 'One entry of the append-only audit log of a workspace.' });

export const AuditPage = z
  .object({
    items: z.array(AuditEntry).meta({ description: 'Entries in the order they were written.' }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null at the end.' }),
  })
  .meta({ description: 'A page of the audit log.' });

export const Workspace = z
  .object({
    id: z.string(),
    name: z.string(),
    settings: z.record(z.string(), z.unknown()),
    createdAt: at().optional().meta({ description: 'In GET answers.' }),
    role: role().optional().meta({ description: 'In GET answers: the role of the credential that asked.' }),
  })
  .meta({ description: 'The workspace of the credential.' });

export const WorkspacePatch = z
  .object({
    name: z.string().min(1).max(200).optional(),
    settings: z.record(z.string(), z.unknown()).optional().meta({ description: 'Merged into the settings member by member (top level).' }),
  })
  .meta({ description: 'A merge patch of the workspace: its name and settings, nothing else.' });

export const AdminWorkspace = z
  .object({ id: z.string(), name: z.string(), createdAt: at() })
  .meta({ description: 'A workspace as the operator sees it.' });

export const AdminWorkspaceList = z.object({ items: z.array(AdminWorkspace) }).meta({ description: 'Every workspace, oldest first.' });

export const WorkspaceCreate = z.object({ name: z.string().min(1).max(200) }).meta({ description: 'A new workspace.' });

export const ApiKey = z
  .object({
    id: z.string().meta({ description: 'The key id (also inside the key itself); what `updatedBy` and the audit log name as `key:<id>`.' }),
    role: role(),
    label: z.string(),
    origins: z.array(z.string()).nullable().meta({ description: 'Form keys: the only origins (Origin header) they are accepted from; null for any.' }),
    createdAt: at(),
    createdBy: actor(),
    lastUsedAt: at().nullable().meta({ description: 'When it was last used (recorded at most once a minute).' }),
    revokedAt: at().nullable(),
  })
  .meta({ description: 'An API key as listed: never its secret.' });

export const CreatedApiKey = ApiKey.extend({
  key: z.string().meta({ description: 'The key in full: `l2c_pk_…` (form) or `l2c_sk_…`. Shown in this answer only; the server keeps a SHA-256 of its secret.' }),
}).meta({ description: 'A key just made.' });

export const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ description: 'The keys of a workspace, revoked ones included, oldest first.' });

export const ApiKeyCreate = z
  .object({
    role: role(),
    label: z.string().min(1).max(200).meta({ description: 'What the key is for, such as "Landing page" or "CRM import".' }),
    origins: z.array(z.string()).max(20).nullable().optional().meta({ description: 'Form keys only: origins such as https://www.example.com (no path).' }),
  })
  .meta({ description: 'A new key of a workspace.' });

// ---------------------------------------------------------------------------------------------
// Error formatting

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['stages', 2, 'probability']` as `stages[2].probability`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Size of the fields the schema does not know

type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The schema inside optional, default, nullable and pipe wrappers. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(s);
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
  return s;
}

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/**
 * The fields of `value` the schema of `collection` does not know, at any depth, and `custom`,
 * with their size in bytes of JSON, largest first: what the per-record cap on free-form data counts.
 */
export function freeFormFields(collection: CollectionName, value: Record<string, unknown>): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (schema: unknown, v: unknown, path: PropertyKey[]): void => {
    const def = defOf(unwrap(schema));
    if (def.type === 'object' && def.shape && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [key, item] of Object.entries(v)) {
        const field = def.shape[key];
        if (field === undefined) out.push({ path: formatPath([...path, key]), bytes: bytes(item) });
        else walk(field, item, [...path, key]);
      }
    } else if (def.type === 'array' && def.element && Array.isArray(v)) {
      v.forEach((item, i) => walk(def.element, item, [...path, i]));
    } else if (def.type === 'record' || def.type === 'unknown') {
      out.push({ path: formatPath(path), bytes: bytes(v) });
    }
  };
  walk(RECORD_SCHEMAS[collection].record, value, []);
  return out.sort((a, b) => b.bytes - a.bytes);
}

/** Validates a record; returns the parsed value (defaults applied, extra fields kept) or the errors. */
export function validateRecord(
  collection: CollectionName,
  value: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const result = RECORD_SCHEMAS[collection].record.safeParse(value, { error: errorMap });
  if (result.success) return { ok: true, value: result.data as Record<string, unknown> };
  const errors = result.error.issues.slice(0, FIELD_LIMITS.errors).map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    in: 'body' as const,
  }));
  return { ok: false, errors };
}
