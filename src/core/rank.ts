/**
 * Ranks in a stage's column: the rank that places a deal between two others, and renumbering a
 * column when no rank fits between them (column order itself: `compareDeals` in pipeline.ts).
 */
import type { Deal } from './model.js';
import { rankOf } from './pipeline.js';

/**
 * The rank that places a deal at `index` of `column` (which does not contain it): between its
 * neighbours' ranks. Undefined when no number fits (equal or missing ranks around the spot); the
 * column is then renumbered (`renumber`).
 */
export function rankAt(column: readonly Deal[], index: number): number | undefined {
  const prev = column[index - 1];
  const next = column[index];
  const rp = rankOf(prev);
  const rn = rankOf(next);
  // Unranked deals sort after ranked ones: a deal placed after one of them cannot be expressed.
  if (prev && rp === undefined) return undefined;
  if (!prev) return rn === undefined ? 0 : rn - 1;
  if (!next || rn === undefined) return (rp as number) + 1;
  const mid = ((rp as number) + rn) / 2;
  return mid > (rp as number) && mid < rn ? mid : undefined;
}

/** Ranks 0, 1, 2, ... for `column` with `deal` inserted at `index`: deal id -> new rank, changed ones only. */
export function renumber(column: readonly Deal[], index: number, deal: Deal): Map<string, number> {
  const order = [...column.slice(0, index), deal, ...column.slice(index)];
  const ranks = new Map<string, number>();
  order.forEach((d, i) => {
    if (d.id === deal.id || rankOf(d) !== i) ranks.set(d.id, i);
  });
  return ranks;
}

/** Where a deal lands in a column: its rank, and the other deals of the column that need a new rank. */
export interface Placement {
  rank: number;
  /** Deals of the column renumbered around it (empty when a rank between the neighbours fits). */
  others: Deal[];
}

/**
 * The rank for `deal` at `index` of `column` (the deal itself, if there, is left out first), and
 * the neighbours that must be renumbered when no rank fits between them.
 */
export function placeDeal(column: readonly Deal[], index: number, deal: Deal): Placement {
  const target = column.filter((d) => d.id !== deal.id);
  const at = Math.max(0, Math.min(index, target.length));
  const rank = rankAt(target, at);
  if (rank !== undefined) return { rank, others: [] };
  const ranks = renumber(target, at, deal);
  return { rank: ranks.get(deal.id) ?? at, others: target.filter((d) => ranks.has(d.id)).map((d) => ({ ...d, rank: ranks.get(d.id)! })) };
}
