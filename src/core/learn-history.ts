/**
 * The stored history as examples to learn from (issue 14): which stored leads count as converted,
 * which as not converted, and which are left out because their outcome is not known yet; and how
 * the current rules do on the same held-out leads as a learned model.
 */
import { isFiniteNumber, isRecord } from './guards.js';
import type { LearnedScoring, LearnExample } from './learn.js';
import type { LearnedScoringJSON } from './learn/json.js';
import { featureText } from './learn/rules.js';
import { rocAuc } from './learn/metrics.js';
import type { Deal, Lead } from './model.js';
import { compileScoringModel } from './scoring.js';
import type { ScoringModel } from './scoring.js';
import { toMs } from './time.js';

/** Days after which an open lead that has not converted counts as not converted (see `historyExamples`). */
export const DEFAULT_STALE_DAYS = 90;

const DAY_MS = 86_400_000;

/** Options of `historyExamples`. */
export interface HistoryOptions {
  /** The time the history is read at (ISO or ms). */
  now: string | number;
  /** An open lead created more than this many days before `now` without converting counts as not converted (default 90). */
  staleDays?: number;
}

/** The examples found in the stored leads, and how many of each kind. */
export interface HistoryExamples {
  /** One example per lead whose outcome is known, in the order of the leads. */
  examples: LearnExample[];
  converted: number;
  notConverted: number;
  /** Open leads younger than `staleDays`, and spam: their outcome is not known. */
  leftOut: number;
  /** Share of the examples that converted (0 when there are none). */
  baseRate: number;
}

/**
 * The stored leads as examples for `learnScoring`: a lead converted when its status is
 * `converted` or a won deal came from it (`deal.leadId`); it did not when it was disqualified, or
 * when it is older than `staleDays` (default 90) at `now` and still open. Open recent leads and
 * spam are left out, their outcome is not known yet. Throws a `RangeError` for an unreadable
 * `now` or a `staleDays` that is not a positive number.
 */
export function historyExamples(leads: readonly Lead[], deals: readonly Deal[], options: HistoryOptions): HistoryExamples {
  const now = toMs(options.now);
  if (now === null) throw new RangeError('now must be an ISO date-time or ms');
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  if (!isFiniteNumber(staleDays) || staleDays <= 0) throw new RangeError('staleDays must be a positive number of days');
  const won = new Set(deals.filter((d) => isRecord(d) && d.status === 'won' && typeof d.leadId === 'string').map((d) => d.leadId));
  const examples: LearnExample[] = [];
  let leftOut = 0;
  for (const lead of leads) {
    if (!isRecord(lead) || lead.spam === true) {
      leftOut++;
      continue;
    }
    const created = toMs(lead.createdAt);
    if (lead.status === 'converted' || won.has(lead.id)) examples.push({ lead, converted: true });
    else if (lead.status === 'disqualified' || (created !== null && now - created > staleDays * DAY_MS)) examples.push({ lead, converted: false });
    else leftOut++;
  }
  const converted = examples.filter((e) => e.converted).length;
  return { examples, converted, notConverted: examples.length - converted, leftOut, baseRate: examples.length ? converted / examples.length : 0 };
}

/** The learned model and the current rules measured on the same held-out leads. */
export interface ScoringComparison {
  /** ROC AUC of the learned model on its held-out leads. */
  learnedAuc: number;
  /** ROC AUC of the rules' scores on the same leads (0.5 when they score every lead alike); null without rules. */
  rulesAuc: number | null;
  /** Held-out leads compared. */
  n: number;
}

/**
 * Scores the learned model's held-out examples (`learned.heldOut`, indexes into the same
 * `examples` it was trained on) with the current rules, and measures both by ROC AUC. `model`
 * undefined (no rules applied yet) gives `rulesAuc: null`. `now` is when the rules score.
 */
export function compareWithRules(learned: LearnedScoring, examples: readonly LearnExample[], model: ScoringModel | undefined, now: string | number): ScoringComparison {
  const held = learned.heldOut.map((i) => examples[i]).filter((e): e is LearnExample => e !== undefined);
  const y = held.map((e) => e.converted);
  const p = held.map((e) => learned.predict(e.lead, e.events));
  let rulesAuc: number | null = null;
  if (model) {
    const score = compileScoringModel(model, { explain: false });
    rulesAuc = rocAuc(held.map((e) => score(e.lead, e.events ?? [], now).score), y);
  }
  return { learnedAuc: rocAuc(p, y) ?? 0.5, rulesAuc, n: held.length };
}

/** A factor of a learned model: plain words and its weight in log-odds against a typical lead. */
export interface ModelFactor {
  factor: string;
  weight: number;
  /** The field path or event group. */
  feature: string;
}

/**
 * The model's strongest factors over all leads: at most `n` (default 5) that raise the chance of
 * converting (largest first) and `n` that lower it (lowest first), in plain words, each weighed
 * against the typical training lead of its field (as `explain` does for one lead). Features with
 * a weight of 0 are left out.
 */
export function topFactors(json: LearnedScoringJSON, n = 5): { for: ModelFactor[]; against: ModelFactor[] } {
  const all: ModelFactor[] = json.groups.flatMap((group) =>
    group.features.map((feature) => ({ factor: featureText(group, feature), weight: Math.round((feature.weight - group.mean) * 1000) / 1000, feature: group.key })),
  );
  return {
    for: all.filter((f) => f.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, n),
    against: all.filter((f) => f.weight < 0).sort((a, b) => a.weight - b.weight).slice(0, n),
  };
}
