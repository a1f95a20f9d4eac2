/** CSV import and export: see the modules in `./csv/`. */
export * from './csv/index.js';
