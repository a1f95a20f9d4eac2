/**
 * CSV import and export (DESIGN.md section 7), by topic: parsing, cell values, the fields and their
 * header aliases, presets of CRM exports, the mapping step, import, pipelines from stage names,
 * export.
 */
export * from './parse.js';
export * from './cells.js';
export * from './aliases.js';
export * from './presets.js';
export * from './mapping.js';
export * from './import.js';
export * from './stages.js';
export * from './export.js';
