/** The pure domain: records, validation, stages, funnel math, scoring, BANT, dedup, routing, attribution, CSV. */
export * from './model.js';
export * from './id.js';
export * from './predicate.js';
export * from './stages.js';
