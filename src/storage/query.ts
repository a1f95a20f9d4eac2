/** Query evaluation shared by the adapters: filtering, sorting and paging in memory. */
import type { CollectionName } from '../core/model.js';
import { normalizeEmail } from '../core/email.js';
import type { Query, WhereValue } from './types.js';

type Row = Record<string, unknown>;

/** The comparable form of a filter value for `field` (emails of leads are normalised). */
export function filterKey(collection: CollectionName, field: string, value: unknown): unknown {
  if (collection === 'leads' && field === 'email') return typeof value === 'string' ? normalizeEmail(value) ?? value.trim().toLowerCase() : value;
  return value;
}

function accepts(collection: CollectionName, field: string, wanted: WhereValue, actual: unknown): boolean {
  const key = filterKey(collection, field, actual);
  if (Array.isArray(wanted)) return wanted.some((w) => filterKey(collection, field, w) === key);
  return filterKey(collection, field, wanted) === key;
}

/** Whether `record` satisfies the query's `where` and `updatedSince`. */
export function matchesQuery(collection: CollectionName, record: Row, query: Query = {}): boolean {
  if (query.where) {
    for (const [field, wanted] of Object.entries(query.where)) {
      if (wanted !== undefined && !accepts(collection, field, wanted, record[field])) return false;
    }
  }
  if (query.updatedSince !== undefined) {
    const updated = record['updatedAt'];
    if (typeof updated !== 'string' || updated < query.updatedSince) return false;
  }
  return true;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Missing values sort last whatever the direction of the rest.
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

const DEFAULT_ORDER = ['rank', 'createdAt', 'id'];

/** Sorts (stable), then applies offset and limit. */
export function orderAndPage<T extends Row>(records: T[], query: Query = {}): T[] {
  const fields = query.orderBy ? [query.orderBy, 'id'] : DEFAULT_ORDER;
  const sign = query.desc ? -1 : 1;
  const sorted = records.sort((x, y) => {
    for (const f of fields) {
      const a = x[f];
      const b = y[f];
      const c = compare(a, b);
      if (c !== 0) return a === undefined || a === null || b === undefined || b === null ? c : c * sign;
    }
    return 0;
  });
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const end = query.limit === undefined ? undefined : offset + Math.max(0, Math.floor(query.limit));
  return offset === 0 && end === undefined ? sorted : sorted.slice(offset, end);
}
