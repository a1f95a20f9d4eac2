/**
 * The `settings` collection's records (issue 17): `routing`, `{ id: 'routing', ...RoutingConfig }`,
 * `campaigns`, `{ id: 'campaigns', campaigns: CampaignCost[] }`, and (issue 14) `scoring`,
 * `{ id: 'scoring', model, learned?, appliedAt, appliedBy? }`. Every adapter and the server
 * check a settings record with `settingsProblems` before storing it, so a bad configuration is
 * refused with its fields named and the previous one stays.
 */
import type { CampaignCost } from './campaigns.js';
import { isFiniteNumber, isRecord, nonEmptyString } from './guards.js';
import { validateLearnedScoring } from './learn/json.js';
import type { LearnedScoringJSON } from './learn/json.js';
import type { Settings } from './model.js';
import { routingProblems, type RoutingProblem } from './routing-check.js';
import type { RoutingConfig } from './routing.js';
import { validateScoringModel } from './scoring.js';
import type { ScoringModel } from './scoring.js';

/** The routing settings record. */
export type RoutingSettings = Settings & RoutingConfig & { id: 'routing' };

/** The campaign costs settings record. */
export interface CampaignSettings extends Settings {
  id: 'campaigns';
  campaigns: CampaignCost[];
}

/**
 * The applied lead scoring settings record: `model` is what `scoreLead` scores with; `learned`,
 * when the model was learned (`learnScoring`), its saved JSON, which gives each lead a probability
 * and its reasons (`loadLearnedScoring`). `appliedAt` is when it was applied, `appliedBy` by whom.
 */
export interface ScoringSettings extends Settings {
  id: 'scoring';
  model: ScoringModel;
  learned?: LearnedScoringJSON;
  appliedAt: string;
  appliedBy?: string;
}

/**
 * A problem of a settings record: a routing problem, one of the campaign costs (`campaign-id`,
 * `campaign-cost`, `not-list`, `not-object`), or of the scoring record (`scoring-model`,
 * `learned-model`, `applied-at`, with the model's own message).
 */
export interface SettingsProblem {
  path: string;
  code: RoutingProblem['code'] | 'campaign-id' | 'campaign-cost' | 'scoring-model' | 'learned-model' | 'applied-at';
  params?: Record<string, string>;
  message: string;
}

/** Fields every record may carry besides its configuration. */
const RECORD_FIELDS = ['id', 'createdAt', 'updatedAt', 'updatedBy'];

/** The configuration part of a settings record (without `id`, `createdAt`, `updatedAt`, `updatedBy`). */
export function settingsBody(record: Settings): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!RECORD_FIELDS.includes(key)) body[key] = value;
  return body;
}

function campaignProblems(input: unknown): SettingsProblem[] {
  if (!Array.isArray(input)) return [{ path: 'campaigns', code: 'not-list', params: { of: 'campaigns' }, message: 'must be a list of campaigns' }];
  const problems: SettingsProblem[] = [];
  input.forEach((c: unknown, i) => {
    const path = `campaigns[${i}]`;
    if (!isRecord(c)) problems.push({ path, code: 'not-object', message: 'must be an object' });
    else {
      if (!nonEmptyString(c.id)) problems.push({ path: `${path}.id`, code: 'campaign-id', message: 'must be a non-empty string (the campaign as leads carry it)' });
      if (!(isFiniteNumber(c.cost) && c.cost >= 0)) problems.push({ path: `${path}.cost`, code: 'campaign-cost', message: 'must be a number of 0 or more' });
    }
  });
  return problems;
}

function scoringProblems(record: Record<string, unknown>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const nested = (prefix: string, path: string): string => (path ? `${prefix}.${path}` : prefix);
  for (const e of validateScoringModel(record.model).errors) problems.push({ path: nested('model', e.path), code: 'scoring-model', message: e.message });
  if (record.learned !== undefined) {
    for (const e of validateLearnedScoring(record.learned).errors) problems.push({ path: nested('learned', e.path), code: 'learned-model', message: e.message });
  }
  if (typeof record.appliedAt !== 'string' || Number.isNaN(Date.parse(record.appliedAt))) {
    problems.push({ path: 'appliedAt', code: 'applied-at', message: 'must be an ISO date-time' });
  }
  if (record.appliedBy !== undefined && !nonEmptyString(record.appliedBy)) problems.push({ path: 'appliedBy', code: 'required', message: 'must be a non-empty string' });
  return problems;
}

/**
 * What is wrong with a settings record: `routing` is checked by `routingProblems`, `campaigns` needs
 * a list of `{ id, cost }` with costs of 0 or more, `scoring` a valid scoring model (`validateScoringModel`),
 * a valid learned model's JSON when `learned` is given (`validateLearnedScoring`) and an ISO `appliedAt`;
 * other ids are a vendor's own and only need an object with an id.
 */
export function settingsProblems(record: unknown): SettingsProblem[] {
  if (!isRecord(record)) return [{ path: '', code: 'not-object', message: 'must be an object' }];
  if (!nonEmptyString(record.id)) return [{ path: 'id', code: 'required', message: 'must be a non-empty string' }];
  if (record.id === 'routing') return routingProblems(settingsBody(record as Settings));
  if (record.id === 'campaigns') return campaignProblems(record.campaigns);
  if (record.id === 'scoring') return scoringProblems(record);
  return [];
}

/** The routing configuration in a stored settings record, or undefined when there is none. */
export function routingConfigOf(record: Settings | undefined): RoutingConfig | undefined {
  return isRecord(record) && record.id === 'routing' ? (settingsBody(record) as unknown as RoutingConfig) : undefined;
}

/** The applied scoring settings in a stored settings record, or undefined when there is none (or it is not `scoring`). */
export function scoringSettingsOf(record: Settings | undefined): ScoringSettings | undefined {
  return isRecord(record) && record.id === 'scoring' && isRecord(record.model) ? (record as ScoringSettings) : undefined;
}
