/**
 * A small predicate language over record fields, shared by scoring fit rules and routing rules.
 * Conditions are plain JSON so they can be stored and edited; nothing is evaluated as code.
 */
import { isRecord, nonEmptyString } from './guards.js';
import type { Push } from './guards.js';
import type { ValidationError } from './model.js';

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

/** A condition prepared once for testing many records; see `compileCondition`. */
export type CompiledCondition = (record: unknown) => boolean;

const NEVER: CompiledCondition = () => false;
const ALWAYS: CompiledCondition = () => true;

function readPath(record: unknown, keys: readonly string[]): unknown {
  let current: unknown = record;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Reads a dot path from a record; `undefined` where any step is missing. */
export function getPath(record: unknown, path: string): unknown {
  return readPath(record, path.split('.'));
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

// Strings compare case-insensitively and trimmed, so "SaaS " in data matches "saas" in a rule.
function norm(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

/** A finite number, or numeric text read as one (`"250"` is 250); undefined for anything else. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Equality with one expected value, read once: equal after `norm`, or both read as the same
 * number (so 250 equals "250").
 */
function equalTo(expected: unknown): (actual: unknown) => boolean {
  const normalized = norm(expected);
  const number = toNumber(expected);
  if (number === undefined) return (actual) => norm(actual) === normalized;
  return (actual) => norm(actual) === normalized || toNumber(actual) === number;
}

// Equality with any of a list of expected values.
function equalToAny(expected: readonly unknown[]): (actual: unknown) => boolean {
  const tests = expected.map(equalTo);
  return (actual) => tests.some((test) => test(actual));
}

function compare(op: ConditionOp, expected: unknown): (actual: unknown) => boolean {
  const b = toNumber(expected);
  if (b === undefined) return NEVER;
  return (actual) => {
    const a = toNumber(actual);
    if (a === undefined) return false;
    if (op === 'gt') return a > b;
    if (op === 'gte') return a >= b;
    if (op === 'lt') return a < b;
    return a <= b;
  };
}

function between(expected: unknown): (actual: unknown) => boolean {
  if (!Array.isArray(expected)) return NEVER;
  const lo = toNumber(expected[0]);
  const hi = toNumber(expected[1]);
  return (actual) => {
    const a = toNumber(actual);
    return a !== undefined && (lo === undefined || a >= lo) && (hi === undefined || a <= hi);
  };
}

// `contains` looks for an equal item in a list, or for a substring (ignoring case) in text.
function contains(expected: unknown): (actual: unknown) => boolean {
  const item = equalTo(expected);
  const needle = typeof expected === 'string' ? expected.toLowerCase() : null;
  return (actual) => {
    if (Array.isArray(actual)) return actual.some(item);
    return needle !== null && typeof actual === 'string' && actual.toLowerCase().includes(needle);
  };
}

function startsWith(expected: unknown): (actual: unknown) => boolean {
  if (typeof expected !== 'string') return NEVER;
  const prefix = expected.toLowerCase();
  return (actual) => typeof actual === 'string' && actual.toLowerCase().startsWith(prefix);
}

// The test of a field's value for an operator and its value, with the value read once.
function valueTest(op: unknown, expected: unknown): (actual: unknown) => boolean {
  switch (op) {
    case 'exists':
      return (actual) => !isBlank(actual);
    case 'missing':
      return isBlank;
    case 'eq': {
      const equal = equalTo(expected);
      return (actual) => !isBlank(actual) && equal(actual);
    }
    case 'neq': {
      const equal = equalTo(expected);
      return (actual) => isBlank(actual) || !equal(actual);
    }
    case 'in': {
      if (!Array.isArray(expected)) return NEVER;
      const any = equalToAny(expected);
      return (actual) => !isBlank(actual) && any(actual);
    }
    case 'nin': {
      if (!Array.isArray(expected)) return ALWAYS;
      const any = equalToAny(expected);
      return (actual) => isBlank(actual) || !any(actual);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compare(op, expected);
    case 'between':
      return between(expected);
    case 'contains':
      return contains(expected);
    case 'startsWith':
      return startsWith(expected);
    default:
      return NEVER;
  }
}

/**
 * Prepares a condition for testing many records: the field path is split and the compared value
 * read once. The result gives what `matches` gives for every record. A condition that is not an
 * object, or whose `field` is not a string, never matches.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  if (typeof condition !== 'object' || condition === null || typeof condition.field !== 'string') return NEVER;
  const keys = condition.field.split('.');
  const test = valueTest(condition.op, condition.value);
  return (record) => test(readPath(record, keys));
}

/**
 * Prepares a list of conditions that must all hold, like `compileCondition`: an empty list
 * matches every record, something that is not a list matches none.
 */
export function compileConditions(conditions: readonly Condition[]): CompiledCondition {
  if (!Array.isArray(conditions)) return NEVER;
  const tests = conditions.map(compileCondition);
  if (tests.length === 0) return ALWAYS;
  if (tests.length === 1) return tests[0] as CompiledCondition;
  return (record) => tests.every((test) => test(record));
}

/**
 * Whether `record` satisfies `condition`. Unknown operators and missing fields never match (except
 * `missing`); nor does a condition that is not an object or has no string `field`. To test many
 * records, compile the condition once with `compileCondition`.
 */
export function matches(record: unknown, condition: Condition): boolean {
  return compileCondition(condition)(record);
}

/** Whether `record` satisfies every condition (an empty list matches everything, a non-list nothing). */
export function matchesAll(record: unknown, conditions: readonly Condition[]): boolean {
  return compileConditions(conditions)(record);
}

const COMPARISON_OPS: readonly unknown[] = ['gt', 'gte', 'lt', 'lte'];

/**
 * Checks one condition read from JSON and names every problem by path (`<path>.field`,
 * `<path>.op`, `<path>.value`, or `path` itself for a non-object): `field` a non-blank string,
 * `op` one of `CONDITION_OPS`, a list for `in`/`nin`, `[min, max]` for `between`, and a number (or
 * numeric text) for `gt`/`gte`/`lt`/`lte`. The value is not checked when the operator is unknown.
 */
export function validateCondition(input: unknown, path: string): ValidationError[] {
  const errors: ValidationError[] = [];
  const push: Push = (at, message) => {
    errors.push({ path: at, message });
  };
  if (!isRecord(input)) {
    push(path, 'must be an object');
    return errors;
  }
  if (!nonEmptyString(input.field)) push(`${path}.field`, 'must be a non-empty string');
  const { op, value } = input;
  if (!(CONDITION_OPS as readonly unknown[]).includes(op)) push(`${path}.op`, `must be one of ${CONDITION_OPS.join(', ')}`);
  else if ((op === 'in' || op === 'nin') && !Array.isArray(value)) push(`${path}.value`, 'must be a list');
  else if (op === 'between' && !(Array.isArray(value) && value.length === 2)) push(`${path}.value`, 'must be [min, max]');
  else if (COMPARISON_OPS.includes(op) && toNumber(value) === undefined) push(`${path}.value`, 'must be a number');
  return errors;
}

/**
 * Checks a list of conditions read from JSON (at `path`, such as `fit[0].when`): `path` must be a
 * list, and each item is checked with `validateCondition` at `<path>[i]`.
 */
export function validateConditions(input: unknown, path: string): ValidationError[] {
  if (!Array.isArray(input)) return [{ path, message: 'must be a list of conditions' }];
  return input.flatMap((condition: unknown, i) => validateCondition(condition, `${path}[${i}]`));
}
