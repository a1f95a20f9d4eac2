/**
 * The Vue 3 example: `npx vite demo/embed/vue` serves it, `npx vite build demo/embed/vue` builds
 * it into demo/embed/vue/dist/. Vue compiles the templates; `isCustomElement` tells it that our
 * tags are custom elements, not Vue components it failed to resolve.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { l2cAliases, l2cDecorators } from '../vite-source.js';

/** The tags the suite defines. */
const L2C_TAGS = new Set(['l2c-provider', 'lead-capture-form', 'pipeline-board', 'funnel-chart', 'bant-qualifier', 'sales-process-map']);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [
    l2cDecorators(),
    vue({ template: { compilerOptions: { isCustomElement: (tag) => L2C_TAGS.has(tag) } } }),
  ],
  resolve: { alias: l2cAliases },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
