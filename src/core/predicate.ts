/**
 * A small predicate language over record fields, shared by scoring fit rules and routing rules.
 * Conditions are plain JSON so they can be stored and edited; nothing is evaluated as code.
 */

/** Comparison operators a condition may use. */
export const CONDITION_OPS = [
  'eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'startsWith', 'exists', 'missing',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** One test of a field (dot path such as `industry`, `source.utm_source`, `custom.budget`). */
export interface Condition {
  field: string;
  op: ConditionOp;
  /** Compared value: a list for `in`/`nin`, `[min, max]` for `between`, absent for `exists`/`missing`. */
  value?: unknown;
}

/** Reads a dot path from a record; `undefined` where any step is missing. */
export function getPath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

// Strings compare case-insensitively and trimmed, so "SaaS " in data matches "saas" in a rule.
function norm(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function equals(a: unknown, b: unknown): boolean {
  const na = norm(a);
  const nb = norm(b);
  if (na === nb) return true;
  const x = toNumber(a);
  const y = toNumber(b);
  return x !== undefined && y !== undefined && x === y;
}

/** Whether `record` satisfies `condition`. Unknown operators and missing fields never match (except `missing`). */
export function matches(record: unknown, condition: Condition): boolean {
  const actual = getPath(record, condition.field);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return !isBlank(actual);
    case 'missing':
      return isBlank(actual);
    case 'eq':
      return !isBlank(actual) && equals(actual, expected);
    case 'neq':
      return isBlank(actual) || !equals(actual, expected);
    case 'in':
      return !isBlank(actual) && Array.isArray(expected) && expected.some((e) => equals(actual, e));
    case 'nin':
      return isBlank(actual) || !Array.isArray(expected) || !expected.some((e) => equals(actual, e));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = toNumber(actual);
      const b = toNumber(expected);
      if (a === undefined || b === undefined) return false;
      if (condition.op === 'gt') return a > b;
      if (condition.op === 'gte') return a >= b;
      if (condition.op === 'lt') return a < b;
      return a <= b;
    }
    case 'between': {
      const a = toNumber(actual);
      if (a === undefined || !Array.isArray(expected)) return false;
      const lo = toNumber(expected[0]);
      const hi = toNumber(expected[1]);
      return (lo === undefined || a >= lo) && (hi === undefined || a <= hi);
    }
    case 'contains':
      if (Array.isArray(actual)) return actual.some((e) => equals(e, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
    case 'startsWith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().startsWith(expected.toLowerCase());
    default:
      return false;
  }
}

/** Whether `record` satisfies every condition (an empty list matches everything). */
export function matchesAll(record: unknown, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => matches(record, c));
}
