/**
 * A learned model against the stored history (issue 14): how the current rules do on the same
 * held-out leads as the learned model, and the model's strongest factors.
 */
import type { LearnedScoring, LearnExample } from './learn.js';
import type { LearnedScoringJSON } from './learn/json.js';
import { featureText } from './learn/rules.js';
import { rocAuc } from './learn/metrics.js';
import { compileScoringModel } from './scoring.js';
import type { ScoringModel } from './scoring.js';

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
