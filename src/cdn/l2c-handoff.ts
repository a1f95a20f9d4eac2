/**
 * Script-tag bundle of the hand-off from marketing to sales (issue 17): `<lead-inbox>`,
 * `<routing-editor>` and `<campaign-report>`, with `<l2c-provider>`, self-defining. A bundle of its
 * own beside `l2c-elements.js`, whose budget is spent: a page with both loads both (the provider
 * and any repository are shared through the context and the database, whichever bundle defined them).
 */
export * from '../define-handoff.js';
