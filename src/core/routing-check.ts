/**
 * Checking a routing configuration before it is stored: every problem named by its path (such as
 * `rules[2].when[0].op` or `teams[0].members[1].capacity`) with a code and parameters that an
 * element translates, and an English message for logs and the REST server's 422. Besides the shape,
 * it finds rules that can never match: conditions that contradict each other, and rules an earlier
 * rule always takes first. The routing editor, the repositories and the server share it, so a
 * configuration refused in one place is refused in all.
 */
import { isFiniteNumber, isRecord, nonEmptyString } from './guards.js';
import type { ValidationResult } from './model.js';
import { validateConditions, type Condition } from './predicate.js';
import { ROUTING_PERIODS } from './routing.js';
import { coversConditions, findContradiction, type Contradiction } from './satisfiable.js';

/** What can be wrong with a routing configuration. */
export const ROUTING_PROBLEM_CODES = [
  'not-object', 'not-list', 'required', 'duplicate', 'unknown-team', 'weight', 'capacity', 'available', 'period',
  'condition-field', 'condition-op', 'condition-value', 'never-matches', 'shadowed', 'sla-hours', 'sla-reroute',
] as const;
export type RoutingProblemCode = (typeof ROUTING_PROBLEM_CODES)[number];

/** One problem: where (`path`), what (`code` and `params`), and the English sentence that reads after the path. */
export interface RoutingProblem {
  path: string;
  code: RoutingProblemCode;
  /**
   * `not-list`: `of` (rules, teams, members, conditions); `duplicate`: `id` and `of` (rule, team,
   * member); `unknown-team`: `id`; `never-matches`: `reason` (a `Contradiction` reason) and
   * `conditions` (their numbers from 1, comma-separated); `shadowed`: `by` (the earlier rule's id);
   * `condition-*`: `detail` (the condition check's English message).
   */
  params?: Record<string, string>;
  message: string;
}

const NEVER_REASONS: Record<Contradiction['reason'], string> = {
  'empty-list': 'an "in" list with nothing in it',
  'empty-range': 'numeric bounds that leave no number',
  'exists-missing': 'a field both present and missing',
  'different-values': 'a field equal to two different things',
  excluded: 'a value both required and excluded',
  'bad-value': 'a value the operator cannot use',
};

/** The English sentence for a problem (what `RoutingProblem.message` holds). */
export function routingProblemMessage(code: RoutingProblemCode, params: Record<string, string> = {}): string {
  switch (code) {
    case 'not-object': return 'must be an object';
    case 'not-list': return `must be a list of ${params.of ?? 'items'}`;
    case 'required': return 'must be a non-empty string';
    case 'duplicate': return params.of === 'member' ? `"${params.id ?? ''}" is already in this team` : `duplicate ${params.of ?? ''} id "${params.id ?? ''}"`;
    case 'unknown-team': return `unknown team "${params.id ?? ''}"`;
    case 'weight': return 'must be a number of 0 or more';
    case 'capacity': return 'must be a whole number of 0 or more';
    case 'available': return 'must be true or false';
    case 'period': return `must be one of ${ROUTING_PERIODS.join(', ')}`;
    case 'condition-field':
    case 'condition-op':
    case 'condition-value': return params.detail ?? 'is not a valid condition';
    case 'never-matches': return `can never match: conditions ${params.conditions ?? ''} ask for ${NEVER_REASONS[params.reason as Contradiction['reason']] ?? 'the impossible'}`;
    case 'shadowed': return `can never match: rule "${params.by ?? ''}" comes first and takes every lead this rule would`;
    case 'sla-hours': return 'must be a number of hours above 0';
    case 'sla-reroute': return 'must be true or false';
  }
}

type Report = (path: string, code: RoutingProblemCode, params?: Record<string, string>) => void;

function checkOptionalId(value: unknown, path: string, report: Report): void {
  if (value !== undefined && !nonEmptyString(value)) report(path, 'required');
}

function conditionCode(path: string): RoutingProblemCode {
  if (path.endsWith('.field')) return 'condition-field';
  if (path.endsWith('.op')) return 'condition-op';
  return 'condition-value';
}

/** Checks one rule's shape; true when its id and conditions are sound (so it can be judged further). */
function checkRule(input: unknown, path: string, ids: Set<string>, teamIds: ReadonlySet<string>, report: Report): boolean {
  if (!isRecord(input)) {
    report(path, 'not-object');
    return false;
  }
  let sound = true;
  if (!nonEmptyString(input.id)) {
    report(`${path}.id`, 'required');
    sound = false;
  } else if (ids.has(input.id)) {
    report(`${path}.id`, 'duplicate', { id: input.id, of: 'rule' });
    sound = false;
  } else ids.add(input.id);
  const conditionErrors = validateConditions(input.when, `${path}.when`);
  for (const error of conditionErrors) {
    if (error.path === `${path}.when`) report(error.path, 'not-list', { of: 'conditions' });
    else if (error.path.endsWith(']')) report(error.path, 'not-object');
    else report(error.path, conditionCode(error.path), { detail: error.message });
  }
  if (conditionErrors.length) sound = false;
  checkOptionalId(input.ownerId, `${path}.ownerId`, report);
  checkOptionalId(input.teamId, `${path}.teamId`, report);
  if (nonEmptyString(input.teamId) && !teamIds.has(input.teamId)) report(`${path}.teamId`, 'unknown-team', { id: input.teamId });
  return sound;
}

function checkMember(input: unknown, path: string, ownerIds: Set<string>, report: Report): void {
  if (!isRecord(input)) return report(path, 'not-object');
  if (!nonEmptyString(input.ownerId)) report(`${path}.ownerId`, 'required');
  else if (ownerIds.has(input.ownerId)) report(`${path}.ownerId`, 'duplicate', { id: input.ownerId, of: 'member' });
  else ownerIds.add(input.ownerId);
  if (input.weight !== undefined && !(isFiniteNumber(input.weight) && input.weight >= 0)) report(`${path}.weight`, 'weight');
  if (input.capacity !== undefined && !(Number.isInteger(input.capacity) && (input.capacity as number) >= 0)) report(`${path}.capacity`, 'capacity');
  if (input.available !== undefined && typeof input.available !== 'boolean') report(`${path}.available`, 'available');
}

// Checks the teams and returns the ids of those that have one, for the rules to refer to.
function checkTeams(input: unknown, report: Report): Set<string> {
  const ids = new Set<string>();
  if (!Array.isArray(input)) {
    report('teams', 'not-list', { of: 'teams' });
    return ids;
  }
  input.forEach((team: unknown, i) => {
    const path = `teams[${i}]`;
    if (!isRecord(team)) return report(path, 'not-object');
    if (!nonEmptyString(team.id)) report(`${path}.id`, 'required');
    else if (ids.has(team.id)) report(`${path}.id`, 'duplicate', { id: team.id, of: 'team' });
    else ids.add(team.id);
    if (!Array.isArray(team.members)) return report(`${path}.members`, 'not-list', { of: 'members' });
    const ownerIds = new Set<string>();
    team.members.forEach((m, j) => checkMember(m, `${path}.members[${j}]`, ownerIds, report));
  });
  return ids;
}

// Rules that can never match: contradicting conditions, or an earlier rule whose conditions are
// all among this one's (it matches every lead this one would, and comes first).
function checkReachable(rules: readonly { index: number; id: string; when: Condition[] }[], report: Report): void {
  rules.forEach((rule, k) => {
    const found = findContradiction(rule.when);
    if (found) {
      report(`rules[${rule.index}].when`, 'never-matches', { reason: found.reason, conditions: found.conditions.map((c) => String(c + 1)).join(', ') });
      return;
    }
    const earlier = rules.slice(0, k).find((e) => !findContradiction(e.when) && coversConditions(e.when, rule.when));
    if (earlier) report(`rules[${rule.index}]`, 'shadowed', { by: earlier.id });
  });
}

function checkSla(input: unknown, report: Report): void {
  if (input === undefined) return;
  if (!isRecord(input)) return report('sla', 'not-object');
  if (!(isFiniteNumber(input.hours) && input.hours > 0)) report('sla.hours', 'sla-hours');
  if (input.reroute !== undefined && typeof input.reroute !== 'boolean') report('sla.reroute', 'sla-reroute');
}

/**
 * Every problem of a routing configuration read from JSON, in order: teams (ids unique and
 * non-empty, owner ids unique in a team, weights 0 or more, capacities whole numbers of 0 or more,
 * `available` true or false), rules (ids unique and non-empty, conditions well formed, a `teamId`
 * naming a team, and able to match: no contradicting conditions, no earlier rule taking all its
 * leads), `defaultOwnerId`, `period` (one of `ROUTING_PERIODS`) and `sla` (`hours` above 0,
 * `reroute` true or false). A rule may name neither an owner nor a team: it then sends matching
 * leads to the default owner. Nothing but an object gives the single problem `''` `not-object`.
 */
export function routingProblems(input: unknown): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const report: Report = (path, code, params) => {
    problems.push({ path, code, ...(params ? { params } : {}), message: routingProblemMessage(code, params) });
  };
  if (!isRecord(input)) {
    report('', 'not-object');
    return problems;
  }
  const teamIds = checkTeams(input.teams, report);
  const ruleIds = new Set<string>();
  if (!Array.isArray(input.rules)) report('rules', 'not-list', { of: 'rules' });
  else {
    const sound: { index: number; id: string; when: Condition[] }[] = [];
    input.rules.forEach((rule: unknown, i) => {
      if (checkRule(rule, `rules[${i}]`, ruleIds, teamIds, report)) {
        const r = rule as { id: string; when: Condition[] };
        sound.push({ index: i, id: r.id, when: r.when });
      }
    });
    checkReachable(sound, report);
  }
  checkOptionalId(input.defaultOwnerId, 'defaultOwnerId', report);
  if (!(ROUTING_PERIODS as readonly unknown[]).includes(input.period)) report('period', 'period');
  checkSla(input.sla, report);
  return problems;
}

/**
 * `routingProblems` as a `ValidationResult` (`{ ok, errors: [{ path, message }] }`), the shape of
 * the other validators: the problems' paths and English messages.
 */
export function validateRoutingConfig(input: unknown): ValidationResult {
  const errors = routingProblems(input).map(({ path, message }) => ({ path, message }));
  return { ok: errors.length === 0, errors };
}
