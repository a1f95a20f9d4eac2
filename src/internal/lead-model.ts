/**
 * The learned model of the stored `scoring` settings, loaded once per stored record. A module of
 * its own: the lists that show a lead's probability import it only when a learned model is applied
 * (`loadScoringModel` in lead-probability.ts), so a page without one does not carry the learner.
 */
import { loadLearnedScoring, type LearnedScoring } from '../core/learn.js';
import type { Settings } from '../core/model.js';
import { scoringSettingsOf } from '../core/settings.js';

const loaded = new WeakMap<object, LearnedScoring | null>();

/** The learned model of a stored `scoring` settings record, or undefined when it has none (or it cannot be read). */
export function learnedModelOf(record: Settings | undefined): LearnedScoring | undefined {
  const json = scoringSettingsOf(record)?.learned;
  if (!json) return undefined;
  if (!loaded.has(json)) {
    try {
      loaded.set(json, loadLearnedScoring(json));
    } catch {
      loaded.set(json, null);
    }
  }
  return loaded.get(json) ?? undefined;
}

