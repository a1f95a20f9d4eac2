/**
 * The routing editor's draft: a `RoutingConfig` being edited, changed by small immutable steps
 * (add, remove and move rules, conditions, teams and members; set a field by its path), with
 * condition values read from what a person types. What the draft means is the core's to say
 * (routing-check.ts validates it, handoff.ts previews it).
 */
import { CONDITION_OPS, type Condition, type ConditionOp } from '../../core/predicate.js';
import { ROUTING_PERIODS, type RoutingConfig, type RoutingPeriod, type RoutingRule, type Team, type TeamMember } from '../../core/routing.js';

/** Operators that take no value, a list, or two bounds. */
const NO_VALUE: readonly ConditionOp[] = ['exists', 'missing'];
const LIST: readonly ConditionOp[] = ['in', 'nin'];

/** An empty configuration: no rules, no teams, counted per day. */
export function emptyConfig(): RoutingConfig {
  return { rules: [], teams: [], period: 'day' };
}

/** A copy of `config` with lists and objects that can be edited safely (missing lists made empty). */
export function draftOf(config: Partial<RoutingConfig> | undefined): RoutingConfig {
  const c = structuredClone(config ?? {}) as Partial<RoutingConfig>;
  return {
    ...c,
    rules: Array.isArray(c.rules) ? c.rules : [],
    teams: Array.isArray(c.teams) ? c.teams : [],
    period: (ROUTING_PERIODS as readonly unknown[]).includes(c.period) ? (c.period as RoutingPeriod) : 'day',
  };
}

/** A fresh id not used by `taken` (`rule-3`, `team-2`). */
export function freshId(prefix: string, taken: readonly { id?: unknown }[]): string {
  const ids = new Set(taken.map((t) => t.id));
  for (let n = taken.length + 1; ; n++) if (!ids.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** Moves item `from` of `list` to `to` (clamped); a new list. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(target, 0, item);
  return next;
}

/** What a person typed for a condition's value, read for its operator: nothing, a list (commas), or text. */
export function parseValue(op: ConditionOp, text: string): unknown {
  if (NO_VALUE.includes(op)) return undefined;
  if (LIST.includes(op)) return text.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return text.trim();
}

/** A condition's value as a person edits it (a list joined with commas). */
export function valueText(condition: Condition): string {
  const v = condition.value;
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  return String(v);
}

/** Whether an operator takes a value, and which kind. */
export function valueKind(op: ConditionOp): 'none' | 'list' | 'range' | 'one' {
  if (NO_VALUE.includes(op)) return 'none';
  if (LIST.includes(op)) return 'list';
  return op === 'between' ? 'range' : 'one';
}

export { CONDITION_OPS };

/** A new rule sending every lead to the first team (or the default owner). */
export function newRule(config: RoutingConfig): RoutingRule {
  const team = config.teams[0]?.id;
  return { id: freshId('rule', config.rules), when: [{ field: 'country', op: 'eq', value: '' }], ...(team ? { teamId: team } : {}) };
}

/** A new team with one member slot. */
export function newTeam(config: RoutingConfig): Team {
  return { id: freshId('team', config.teams), members: [newMember()] };
}

export function newMember(): TeamMember {
  return { ownerId: '', weight: 1 };
}

/**
 * Sets `value` at `path` (`['rules', 2, 'when', 0, 'op']`) in a copy of `config`, making the objects
 * or lists on the way that are missing (an SLA, a range's bounds); undefined removes the field.
 */
export function setAt(config: RoutingConfig, path: readonly (string | number)[], value: unknown): RoutingConfig {
  const next = structuredClone(config) as unknown as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = next;
  path.slice(0, -1).forEach((key, k) => {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof path[k + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return next as unknown as RoutingConfig;
}

/** The config as stored: empty optional fields dropped (a blank default owner, a capacity left empty). */
export function cleaned(config: RoutingConfig): RoutingConfig {
  const c = structuredClone(config);
  if (typeof c.defaultOwnerId === 'string' && c.defaultOwnerId.trim() === '') delete c.defaultOwnerId;
  for (const rule of c.rules) {
    if (typeof rule.ownerId === 'string' && rule.ownerId.trim() === '') delete rule.ownerId;
    if (typeof rule.teamId === 'string' && rule.teamId.trim() === '') delete rule.teamId;
  }
  for (const team of c.teams) {
    for (const m of team.members) {
      if (m.capacity === undefined || (m.capacity as unknown) === '') delete m.capacity;
      if (m.available === true) delete m.available;
    }
  }
  if (c.sla && !(typeof c.sla.hours === 'number')) delete c.sla;
  return c;
}
