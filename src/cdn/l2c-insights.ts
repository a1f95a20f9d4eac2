/**
 * Script-tag bundle of the elements that learn from a team's history (issue 14): `<sales-forecast>`
 * (its chart, chart.js, a lazy chunk) and `<scoring-studio>` (the learner a lazy chunk, training in a
 * Web Worker), with `<l2c-provider>`, self-defining. A bundle of its own beside l2c-elements.js and
 * l2c-handoff.js: a page with several loads several (the provider and any repository are shared
 * through the context and the database, whichever bundle defined them).
 */
export * from '../define-insights.js';
