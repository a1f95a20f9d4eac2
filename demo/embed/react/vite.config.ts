/**
 * The React 19 example: `npx vite demo/embed/react` serves it, `npx vite build demo/embed/react`
 * builds it into demo/embed/react/dist/. JSX goes through Vite's own transform (Oxc, automatic
 * runtime): no React plugin is needed for a production build.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { l2cAliases, l2cDecorators } from '../vite-source.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [l2cDecorators()],
  resolve: { alias: l2cAliases },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
