/**
 * Vite: the demo dev server (`npm start` / `npm run dev`), the npm library build (`vite build`,
 * dependencies left as imports) and the script-tag bundles (`vite build --mode cdn`, everything
 * bundled and minified, lazy chunks split out).
 */
import { resolve } from 'node:path';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

const dependencies = Object.keys(pkg.dependencies ?? {});
const external = (id: string) => dependencies.some((d) => id === d || id.startsWith(`${d}/`));

// Vite 8 transforms with Oxc, which does not lower standard decorators (`@property() accessor x`):
// esbuild does, the same compiler the tests run through, so decorated files pass through it first.
function standardDecorators(): Plugin {
  return {
    name: 'l2c-standard-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.ts$/.test(id) || !code.includes('@')) return null;
      const out = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true, charset: 'utf8' });
      return { code: out.code, map: out.map };
    },
  };
}

export default defineConfig(({ command, mode }) => {
  const plugins = [standardDecorators()];
  if (command === 'serve') {
    return {
      plugins,
      root: 'demo',
      server: { port: Number(process.env.DEMO_PORT ?? 5173), host: process.env.DEMO_HOST ?? 'localhost' },
    };
  }
  if (mode === 'cdn') {
    return {
      plugins,
      // Chunks are found relative to the bundle, wherever a site hosts it (a CDN path, a sub-folder).
      base: './',
      build: {
        outDir: 'dist/cdn',
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        sourcemap: true,
        rolldownOptions: {
          input: {
            'l2c-elements': resolve('src/cdn/l2c-elements.ts'),
            'lead-capture-form': resolve('src/cdn/lead-capture-form.ts'),
          },
          preserveEntrySignatures: 'strict',
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: 'chunks/[name]-[hash].js',
          },
        },
      },
    };
  }
  return {
    plugins,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: {
        entry: {
          index: resolve('src/index.ts'),
          define: resolve('src/define.ts'),
          'core/index': resolve('src/core/index.ts'),
          'storage/index': resolve('src/storage/index.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external,
        output: {
          preserveModules: true,
          preserveModulesRoot: 'src',
          entryFileNames: '[name].js',
        },
      },
    },
  };
});
