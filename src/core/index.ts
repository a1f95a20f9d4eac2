/** The pure domain: records, validation, stages, funnel math, scoring, BANT, dedup, routing, attribution, CSV. */
export * from './model.js';
export * from './id.js';
export * from './predicate.js';
export * from './stages.js';
export * from './activity.js';
export * from './stats.js';
export * from './funnel.js';
export * from './process.js';
export * from './scoring.js';
export * from './bant.js';
export * from './attribution.js';
export * from './validate.js';
export * from './csv.js';
export * from './dedup.js';
export * from './phone.js';
export * from './routing.js';
export * from './text.js';
