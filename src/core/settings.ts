/**
 * The `settings` collection's records (issue 17): `routing`, `{ id: 'routing', ...RoutingConfig }`,
 * and `campaigns`, `{ id: 'campaigns', campaigns: CampaignCost[] }`. Every adapter and the server
 * check a settings record with `settingsProblems` before storing it, so a bad configuration is
 * refused with its fields named and the previous one stays.
 */
import type { CampaignCost } from './campaigns.js';
import { isFiniteNumber, isRecord, nonEmptyString } from './guards.js';
import type { Settings } from './model.js';
import { routingProblems, type RoutingProblem } from './routing-check.js';
import type { RoutingConfig } from './routing.js';

/** The routing settings record. */
export type RoutingSettings = Settings & RoutingConfig & { id: 'routing' };

/** The campaign costs settings record. */
export interface CampaignSettings extends Settings {
  id: 'campaigns';
  campaigns: CampaignCost[];
}

/** A problem of a settings record: a routing problem, or one of the campaign costs (`campaign-id`, `campaign-cost`, `not-list`, `not-object`). */
export interface SettingsProblem {
  path: string;
  code: RoutingProblem['code'] | 'campaign-id' | 'campaign-cost';
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

/**
 * What is wrong with a settings record: `routing` is checked by `routingProblems`, `campaigns` needs
 * a list of `{ id, cost }` with costs of 0 or more; other ids are a vendor's own and only need an
 * object with an id.
 */
export function settingsProblems(record: unknown): SettingsProblem[] {
  if (!isRecord(record)) return [{ path: '', code: 'not-object', message: 'must be an object' }];
  if (!nonEmptyString(record.id)) return [{ path: 'id', code: 'required', message: 'must be a non-empty string' }];
  if (record.id === 'routing') return routingProblems(settingsBody(record as Settings));
  if (record.id === 'campaigns') return campaignProblems(record.campaigns);
  return [];
}

/** The routing configuration in a stored settings record, or undefined when there is none. */
export function routingConfigOf(record: Settings | undefined): RoutingConfig | undefined {
  return isRecord(record) && record.id === 'routing' ? (settingsBody(record) as unknown as RoutingConfig) : undefined;
}
