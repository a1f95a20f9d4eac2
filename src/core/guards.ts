/**
 * Type guards and the validator runner the core modules share when they read plain JSON that may be
 * anything. Internal to core (not exported from index.ts).
 */
import type { Pipeline, Stage, ValidationError, ValidationResult } from './model.js';

/** Whether `value` is a plain object that can be read key by key (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a number other than NaN and ±Infinity. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Whether `value` is a string with something other than white space in it. */
export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Reports one problem: the path of the field and a message that reads after it. */
export type Push = (path: string, message: string) => void;

/**
 * Runs `check` on an object and collects every problem it pushes; anything that is not an object
 * gives the single error `'' must be an object` without running `check`.
 */
export function validateObject(input: unknown, check: (input: Record<string, unknown>, push: Push) => void): ValidationResult {
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'must be an object' }] };
  const errors: ValidationError[] = [];
  check(input, (path, message) => {
    errors.push({ path, message });
  });
  return { ok: errors.length === 0, errors };
}

const UNREADABLE = Symbol('unreadable');

/** `obj[key]`, or a value no check accepts when reading it throws (a throwing getter, a revoked proxy). */
export function readField(obj: unknown, key: string | number): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/** The stages of a pipeline that are objects with a unique non-blank id, in order. */
export function wellFormedStages(pipeline: Pipeline | null | undefined): Stage[] {
  const ids = new Set<string>();
  const stages = Array.isArray(pipeline?.stages) ? pipeline.stages : [];
  return stages.filter((s): s is Stage => {
    if (!isRecord(s) || !nonEmptyString(s.id) || ids.has(s.id)) return false;
    ids.add(s.id);
    return true;
  });
}
