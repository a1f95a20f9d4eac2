/**
 * The part of `<scoring-studio>` that loads when Train is pressed: the learner (in its worker),
 * the comparison with the current rules and the strongest factors. A chunk of its own, so a page
 * that only shows the studio's counts (or lists leads with their probability) does not carry it.
 */
import { compareWithRules, topFactors } from '../../core/learn-history.js';
import type { LearnExample, LearnOptions } from '../../core/learn.js';
import type { ScoringModel } from '../../core/scoring.js';
import { trainScoringModel } from '../../internal/learn-client.js';
import type { Trained } from './studio-view.js';

/** Trains on `examples` off the main thread, then measures the model against `rules` on the same held-out leads. */
export async function trainAndMeasure(examples: readonly LearnExample[], options: LearnOptions & { signal: AbortSignal }, rules: ScoringModel | undefined, at: string): Promise<Trained> {
  const learned = await trainScoringModel(examples, options);
  return {
    learned,
    at,
    metrics: learned.metrics,
    threshold: learned.threshold,
    comparison: compareWithRules(learned, examples, rules, at),
    factors: topFactors(learned.toJSON()),
  };
}
