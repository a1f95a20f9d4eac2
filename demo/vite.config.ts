/**
 * Builds the demo site as static files: `npx vite build --config demo/vite.config.ts` writes
 * demo/dist/ (serve it with any static server; the REST switch needs the reference server too).
 * `npm start` does not use this file: it serves demo/ with the project's vite.config.ts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { l2cDecorators } from './embed/vite-source.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [l2cDecorators()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    // acme.css stays a file of its own (a small asset would be inlined as a data: URL).
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { index: here('index.html'), marketing: here('marketing.html'), workspace: here('workspace.html') },
    },
  },
});
