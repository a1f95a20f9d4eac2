/**
 * CSV import and export (DESIGN.md section 7), by topic: parsing, cell values, the fields and their
 * header aliases, import, export.
 */
export * from './parse.js';
export * from './cells.js';
export * from './aliases.js';
export * from './import.js';
export * from './export.js';
