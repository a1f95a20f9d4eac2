/**
 * Registers the elements that learn from a team's history (issue 14) under their default tags:
 * `<sales-forecast>` (revenue forecast calibrated on closed deals) and `<scoring-studio>` (a lead
 * scoring model trained on the stored leads), with `<l2c-provider>` (already defined is skipped).
 * Apart from define.js and define-handoff.js as their script-tag bundle, l2c-insights.js, is apart:
 * a page imports what it shows. It exports the classes it registered, so this import alone types
 * their tags and events.
 */
import { L2cProvider } from './components/l2c-provider/l2c-provider.js';
import { SalesForecast } from './components/sales-forecast/sales-forecast.js';
import { ScoringStudio } from './components/scoring-studio/scoring-studio.js';

L2cProvider.define();
SalesForecast.define();
ScoringStudio.define();

export { L2cProvider, SalesForecast, ScoringStudio };
