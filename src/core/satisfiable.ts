/**
 * Whether a list of conditions (predicate.ts) can ever hold all together: a routing rule whose
 * conditions contradict each other, or an empty `in` list, can never match a lead, and a manager
 * should hear so before saving rather than wonder why nobody gets those leads. The check is
 * conservative: what it calls impossible is impossible; some impossible lists pass it.
 */
import { isRecord } from './guards.js';
import { toNumber, type Condition } from './predicate.js';

/** Why a list of conditions can never hold: the conditions (by index) that contradict each other. */
export interface Contradiction {
  /** Indexes of the conditions involved, in order (one for a condition impossible on its own). */
  conditions: number[];
  /** `empty-list` (`in []`), `empty-range` (bounds that exclude every number), `exists-missing`, `different-values` (equal to two things at once), `excluded` (equal to a value also excluded), `bad-value` (a value the operator cannot use). */
  reason: 'empty-list' | 'empty-range' | 'exists-missing' | 'different-values' | 'excluded' | 'bad-value';
}

// Compared as the predicate does: strings trimmed and lowercased, numeric text as its number.
function key(value: unknown): string {
  if (typeof value === 'number') return `n:${value}`;
  if (typeof value === 'string') {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(n) ? `n:${n}` : `s:${value.trim().toLowerCase()}`;
  }
  return `j:${JSON.stringify(value)}`;
}

// Operators that need a value in the field (so they contradict `missing`).
const NEEDS_VALUE = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'startsWith', 'exists']);

interface FieldFacts {
  /** Conditions on this field, by index. */
  at: number[];
  missing?: number;
  present?: number;
  /** The values it must equal (eq), with the condition index. */
  equal: { key: string; index: number; number: number | undefined }[];
  /** Allowed sets (in). */
  allowed: { keys: Set<string>; index: number }[];
  /** Excluded values (neq, nin). */
  excluded: { keys: Set<string>; index: number }[];
  low: { value: number; open: boolean; index: number } | undefined;
  high: { value: number; open: boolean; index: number } | undefined;
}

function tighten(facts: FieldFacts, side: 'low' | 'high', value: number, open: boolean, index: number): void {
  const now = facts[side];
  const better = !now || (side === 'low' ? value > now.value || (value === now.value && open) : value < now.value || (value === now.value && open));
  if (better) facts[side] = { value, open, index };
}

// A condition that cannot hold whatever the record: an empty `in`, `between` with min above max,
// `startsWith` without text.
function impossibleAlone(c: Record<string, unknown>): Contradiction['reason'] | undefined {
  if (c.op === 'in' && Array.isArray(c.value) && c.value.length === 0) return 'empty-list';
  if (c.op === 'between' && Array.isArray(c.value)) {
    const lo = toNumber(c.value[0]);
    const hi = toNumber(c.value[1]);
    if (lo !== undefined && hi !== undefined && lo > hi) return 'empty-range';
  }
  if (c.op === 'startsWith' && typeof c.value !== 'string') return 'bad-value';
  return undefined;
}

function record(facts: FieldFacts, c: Record<string, unknown>, index: number): void {
  facts.at.push(index);
  const { op, value } = c;
  if (op === 'missing') facts.missing ??= index;
  else if (NEEDS_VALUE.has(op as string)) facts.present ??= index;
  if (op === 'eq') facts.equal.push({ key: key(value), index, number: toNumber(value) });
  else if (op === 'in' && Array.isArray(value)) facts.allowed.push({ keys: new Set(value.map(key)), index });
  else if (op === 'neq') facts.excluded.push({ keys: new Set([key(value)]), index });
  else if (op === 'nin' && Array.isArray(value)) facts.excluded.push({ keys: new Set(value.map(key)), index });
  const n = toNumber(value);
  if (n !== undefined && (op === 'gt' || op === 'gte')) tighten(facts, 'low', n, op === 'gt', index);
  if (n !== undefined && (op === 'lt' || op === 'lte')) tighten(facts, 'high', n, op === 'lt', index);
  if (op === 'between' && Array.isArray(value)) {
    const lo = toNumber(value[0]);
    const hi = toNumber(value[1]);
    if (lo !== undefined) tighten(facts, 'low', lo, false, index);
    if (hi !== undefined) tighten(facts, 'high', hi, false, index);
  }
}

const pair = (a: number, b: number): number[] => [Math.min(a, b), Math.max(a, b)];

function fieldContradiction(facts: FieldFacts): Contradiction | undefined {
  if (facts.missing !== undefined && facts.present !== undefined) {
    return { conditions: pair(facts.missing, facts.present), reason: 'exists-missing' };
  }
  const [first, ...others] = facts.equal;
  const second = others.find((e) => e.key !== first?.key);
  if (first && second) return { conditions: pair(first.index, second.index), reason: 'different-values' };
  for (const e of facts.equal) {
    const out = facts.excluded.find((x) => x.keys.has(e.key));
    if (out) return { conditions: pair(e.index, out.index), reason: 'excluded' };
    const notIn = facts.allowed.find((a) => !a.keys.has(e.key));
    if (notIn) return { conditions: pair(e.index, notIn.index), reason: 'different-values' };
  }
  for (let i = 0; i < facts.allowed.length; i++) {
    for (let j = i + 1; j < facts.allowed.length; j++) {
      const a = facts.allowed[i]!;
      const b = facts.allowed[j]!;
      if (![...a.keys].some((k) => b.keys.has(k))) return { conditions: pair(a.index, b.index), reason: 'different-values' };
    }
  }
  const { low, high } = facts;
  // A number the field must equal narrows the range to that point.
  const point = facts.equal.find((e) => e.number !== undefined);
  const lo = point && (!low || point.number! >= low.value) ? { value: point.number!, open: false, index: point.index } : low;
  const hi = point && (!high || point.number! <= high.value) ? { value: point.number!, open: false, index: point.index } : high;
  if (lo && hi && (lo.value > hi.value || (lo.value === hi.value && (lo.open || hi.open)))) {
    return { conditions: pair(lo.index, hi.index), reason: 'empty-range' };
  }
  return undefined;
}

/**
 * The first reason `conditions` can never all hold, or undefined when they may. Looks at each
 * condition alone (`in []`, `between` with min above max, `startsWith` without text) and at the
 * conditions on each field together: `exists` or a comparison with `missing`, equal to two different
 * values, equal to a value an `in` list lacks or a `neq`/`nin` excludes, `in` lists with nothing in
 * common, and numeric bounds (`gt`, `gte`, `lt`, `lte`, `between`, a numeric `eq`) that leave no
 * number. Entries that are not conditions are ignored (validation reports them).
 */
export function findContradiction(conditions: readonly Condition[]): Contradiction | undefined {
  const list: unknown[] = Array.isArray(conditions) ? conditions : [];
  const byField = new Map<string, FieldFacts>();
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!isRecord(c) || typeof c.field !== 'string') continue;
    const alone = impossibleAlone(c);
    if (alone) return { conditions: [i], reason: alone };
    const field = c.field.trim();
    let facts = byField.get(field);
    if (!facts) byField.set(field, (facts = { at: [], equal: [], allowed: [], excluded: [], low: undefined, high: undefined }));
    record(facts, c, i);
  }
  for (const facts of byField.values()) {
    const found = fieldContradiction(facts);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether every record that satisfies `later` also satisfies `earlier`, judged by the conditions
 * themselves: each condition of `earlier` appears (equal as JSON, field trimmed) in `later`. An
 * empty `earlier` covers everything. Used to find a routing rule that an earlier rule always takes
 * first.
 */
export function coversConditions(earlier: readonly Condition[], later: readonly Condition[]): boolean {
  if (!Array.isArray(earlier) || !Array.isArray(later)) return false;
  const norm = (c: unknown): string => {
    if (!isRecord(c)) return JSON.stringify(c);
    return JSON.stringify([typeof c.field === 'string' ? c.field.trim() : c.field, c.op, c.value ?? null]);
  };
  const have = new Set(later.map(norm));
  return earlier.every((c) => have.has(norm(c)));
}
