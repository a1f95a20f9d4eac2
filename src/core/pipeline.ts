/**
 * Pipelines as the elements, storage and the server read them: the valid part of a pipeline given as
 * JSON (`sanitizePipeline`), and the order of deals in a stage's column (rank, then createdAt, then
 * id; rank.ts places a deal between two others). Every step is linear or n log n, for 100,000
 * deals, and never throws on bad records.
 */
import { isRecord, nonEmptyString } from './guards.js';
import { STAGE_KINDS, type Deal, type Pipeline, type PipelinePolicy, type Stage, type StageKind, type ValidationError } from './model.js';
import { isCurrencyCode, validatePipeline } from './validate.js';

/** A pipeline that can be used without further checks, and what was wrong with the input. */
export interface SafePipeline {
  pipeline: Pipeline | undefined;
  errors: ValidationError[];
}

function safeStage(raw: unknown, seen: Set<string>): Stage | undefined {
  if (!isRecord(raw) || !nonEmptyString(raw.id) || seen.has(raw.id)) return undefined;
  seen.add(raw.id);
  const kind: StageKind = (STAGE_KINDS as readonly unknown[]).includes(raw.kind) ? raw.kind as StageKind : 'open';
  const p = raw.probability;
  const stage: Stage = {
    ...raw,
    id: raw.id,
    label: nonEmptyString(raw.label) ? raw.label : raw.id,
    kind,
    probability: typeof p === 'number' && p >= 0 && p <= 1 ? p : kind === 'won' ? 1 : 0,
  };
  if (typeof raw.rottingDays !== 'number' || !(raw.rottingDays >= 0)) delete stage.rottingDays;
  if (Array.isArray(raw.requiredFields)) stage.requiredFields = raw.requiredFields.filter((f): f is string => typeof f === 'string' && f !== '');
  else delete stage.requiredFields;
  if (!isRecord(raw.labels)) delete stage.labels;
  return stage;
}

/**
 * The valid part of a pipeline given by a host or read from storage, plus the validator's errors
 * (each naming its field). Stages without a usable id are left out; a bad kind reads as open, a bad
 * probability as 0 (1 for won); the policy defaults to free movement; lost reasons are the unique
 * non-blank strings. Never throws, even on hostile objects.
 */
export function sanitizePipeline(input: unknown): SafePipeline {
  const errors = validatePipeline(input).errors;
  try {
    if (!isRecord(input)) return { pipeline: undefined, errors };
    const seen = new Set<string>();
    const stages = Array.isArray(input.stages) ? input.stages.map((s) => safeStage(s, seen)).filter((s): s is Stage => !!s) : [];
    const policy = isRecord(input.policy) ? input.policy : {};
    const safePolicy: PipelinePolicy = {
      allowSkip: typeof policy.allowSkip === 'boolean' ? policy.allowSkip : true,
      allowBackward: typeof policy.allowBackward === 'boolean' ? policy.allowBackward : true,
    };
    const reasons = Array.isArray(input.lostReasons) ? [...new Set(input.lostReasons.filter(nonEmptyString))] : [];
    const pipeline: Pipeline = {
      ...input,
      id: typeof input.id === 'string' ? input.id : String(input.id ?? ''),
      name: nonEmptyString(input.name) ? input.name : String(input.id ?? ''),
      stages,
      policy: safePolicy,
      lostReasons: reasons,
    };
    if (!isCurrencyCode(input.currency)) delete pipeline.currency;
    return { pipeline, errors };
  } catch {
    return { pipeline: undefined, errors };
  }
}

/** A deal's rank when it is a finite number, else undefined. */
export function rankOf(deal: Pick<Deal, 'rank'> | undefined): number | undefined {
  const r = deal?.rank;
  return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
}

/**
 * Column order, as every adapter lists deals and every board shows them: rank (missing ranks last),
 * then `createdAt`, then `id`.
 */
export function compareDeals(a: Deal, b: Deal): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) {
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra - rb;
  }
  const ca = typeof a.createdAt === 'string' ? a.createdAt : '';
  const cb = typeof b.createdAt === 'string' ? b.createdAt : '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
