/**
 * Lets the React and Vue examples import `l2c-elements` exactly as an app imports the npm package,
 * while building against this repository's source: the package names are aliased to src/, and the
 * source's standard decorators (`@property() accessor x`) are lowered with esbuild, as the
 * library build does (Vite 8's Oxc transform leaves them as they are). An app that installs the
 * published package needs none of this: dist/ is plain JavaScript.
 */
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Alias, Plugin } from 'vite';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** `l2c-elements` and its subpaths resolved to the TypeScript source. */
export const l2cAliases: Alias[] = [
  { find: /^l2c-elements$/, replacement: `${SRC}index.ts` },
  { find: /^l2c-elements\/define\.js$/, replacement: `${SRC}define.ts` },
  { find: /^l2c-elements\/core$/, replacement: `${SRC}core/index.ts` },
  { find: /^l2c-elements\/storage$/, replacement: `${SRC}storage/index.ts` },
];

/** Lowers standard decorators in the package source (and nowhere else). */
export function l2cDecorators(): Plugin {
  return {
    name: 'l2c-source-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.startsWith(SRC) || !id.endsWith('.ts') || !code.includes('@')) return null;
      const out = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true, charset: 'utf8' });
      return { code: out.code, map: out.map };
    },
  };
}
