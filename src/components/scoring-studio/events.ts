/** The events `<scoring-studio>` fires, typed for `addEventListener`. */
import type { ScoringSettings } from '../../core/settings.js';

/** `scoring-applied`: the learned model was stored as the `scoring` settings record. */
export interface ScoringAppliedDetail {
  settings: ScoringSettings;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'scoring-applied': CustomEvent<ScoringAppliedDetail>;
  }
}
