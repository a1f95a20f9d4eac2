/**
 * Vite: the demo dev server (`npm start` / `npm run dev`), the npm library build (`vite build`,
 * dependencies left as imports) and the script-tag bundles, each its own build (`--mode cdn` for
 * l2c-elements.js, `--mode cdn-form` for lead-capture-form.js, `--mode cdn-handoff` for
 * l2c-handoff.js, `--mode cdn-insights` for l2c-insights.js, `--mode cdn-track` for l2c-track.js: everything bundled and minified, lazy chunks split out). `npm run build` runs them all.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { transform } from 'esbuild';
import MagicString from 'magic-string';
import { minify as terser } from 'terser';
import { defineConfig, parseSync, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { lowerLitProperties } from './scripts/lit-properties.js';
import { minifyCss, minifyHtml } from './scripts/minify-literals.js';
import { pruneDagre } from './scripts/prune-dagre.js';

const dependencies = Object.keys(pkg.dependencies ?? {});
const external = (id: string) => dependencies.some((d) => id === d || id.startsWith(`${d}/`));

// Vite 8 transforms with Oxc, which does not lower standard decorators (`@property() accessor x`).
// Lit's reactive-property decorators are first rewritten into Lit's `static properties` form
// (scripts/lit-properties.ts: the same properties without the decorator runtime); esbuild, the
// compiler the tests use, then compiles whatever decorators remain.
function standardDecorators(): Plugin {
  return {
    name: 'l2c-standard-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.ts$/.test(id) || !code.includes('@')) return null;
      const lowered = lowerLitProperties(code, (c) => parseSync(id, c).program as never, id) ?? code;
      const out = await transform(lowered, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true, charset: 'utf8' });
      return { code: out.code, map: out.map };
    },
  };
}

interface Node {
  type?: string;
  [key: string]: unknown;
}
interface Quasi {
  start: number;
  end: number;
  value: { raw: string };
}

// The static text of Lit's `css`, `html` and `svg` templates in our sources, minified
// (scripts/minify-literals.ts says what changes). Applied after the TypeScript transform.
function minifyLiterals(): Plugin {
  return {
    name: 'l2c-minify-literals',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/(?:css|html|svg)`/.test(code)) return null;
      const { program, errors } = parseSync(id.replace(/\.ts$/, '.js'), code);
      if (errors.length) this.error(`${id}: ${errors[0]!.message}`);
      const s = new MagicString(code);
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
          node.forEach(visit);
          return;
        }
        if (!node || typeof node !== 'object') return;
        const n = node as Node;
        const tag = n['tag'] as Node | undefined;
        const name = n.type === 'TaggedTemplateExpression' && tag?.type === 'Identifier' ? tag['name'] as string : '';
        if (name === 'css' || name === 'html' || name === 'svg') {
          const quasis = (n['quasi'] as { quasis: Quasi[] }).quasis;
          for (const q of quasis) {
            if (code.slice(q.start, q.end) !== q.value.raw) this.error(`${id}: template text at ${q.start} does not match the source`);
          }
          const raw = quasis.map((q) => q.value.raw);
          const min = name === 'css' ? minifyCss(raw) : minifyHtml(raw, { svg: name === 'svg' });
          quasis.forEach((q, i) => {
            if (min[i] === raw[i]) return;
            if (q.start === q.end) s.appendLeft(q.start, min[i]!);
            else s.overwrite(q.start, q.end, min[i]!);
          });
        }
        for (const key of Object.keys(n)) if (key !== 'tag' && typeof n[key] === 'object') visit(n[key]);
      };
      visit(program);
      return s.hasChanged() ? { code: s.toString(), map: s.generateMap({ hires: true, source: id }) } : null;
    },
  };
}

// dagre without the graphlib algorithms its layout never runs (scripts/prune-dagre.ts says why
// a bundler keeps them otherwise).
function pruneDagreBundle(): Plugin {
  return {
    name: 'l2c-prune-dagre',
    transform(code, id) {
      if (!id.endsWith('/@dagrejs/dagre/dist/dagre.esm.js')) return null;
      const s = new MagicString(code);
      for (const e of pruneDagre(code)) {
        if (e.text) s.overwrite(e.start, e.end, e.text);
        else s.remove(e.start, e.end);
      }
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

// The shared messages (`term('…')`) the modules under `dirs` use. A `term()` with anything but a
// string literal fails the build: the tables could not be pruned safely.
function termsUsedIn(dirs: string[]): Set<string> {
  const used = new Set<string>();
  const scan = (path: string): void => {
    if (!path.endsWith('.ts')) {
      for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory() || entry.name.endsWith('.ts')) scan(join(path, entry.name));
      return;
    }
    const code = readFileSync(path, 'utf8');
    for (const m of code.matchAll(/\.term\(\s*([^)]*)\)/g)) {
      const key = /^'(\w+)'$/.exec(m[1]!.trim());
      if (!key) throw new Error(`${path}: term(${m[1]}) must name its message with a string literal`);
      used.add(key[1]!);
    }
  };
  dirs.forEach(scan);
  return used;
}

// The lead form's bundle: the shared message tables (src/translations) keep only the messages its
// modules use (storage errors, not the board's move refusals). The bundle exports the form alone,
// so nothing else can ask for the others.
function pruneTranslations(keep: Set<string>): Plugin {
  return {
    name: 'l2c-prune-translations',
    transform(code, id) {
      if (!/\/src\/translations\/(?!translation\.ts)[^/]+\.ts$/.test(id)) return null;
      const { program } = parseSync(id, code);
      const s = new MagicString(code);
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const n = node as Node & { start: number; end: number };
        // A table is the object literal with a `$code`.
        const props = n.type === 'ObjectExpression' ? n['properties'] as (Node & { start: number; end: number; key: Node })[] : [];
        const nameOf = (p: { key: Node }) => (p.key['name'] ?? p.key['value']) as string;
        if (props.some((p) => nameOf(p) === '$code')) {
          for (const p of props) {
            const name = nameOf(p);
            const comma = /^\s*,/.exec(code.slice(p.end));
            if (!name.startsWith('$') && !keep.has(name)) s.remove(p.start, p.end + (comma ? comma[0].length : 0));
          }
          return;
        }
        for (const key of Object.keys(n)) if (typeof n[key] === 'object') visit(n[key]);
      };
      visit(program);
      return s.hasChanged() ? { code: s.toString(), map: s.generateMap({ hires: true, source: id }) } : null;
    },
  };
}

// A second minifier after Oxc's, on the script-tag bundles only: Terser's two compress passes find
// what one pass leaves, with default (safe) options; the source maps are carried through. It runs
// on the written files, after the chunk names were hashed, so its version and options go into every
// chunk's hash: a site caching chunks for ever never gets a new chunk under an old name.
const TERSER_OPTIONS = { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } } as const;
const terserVersion = (createRequire(import.meta.url)('terser/package.json') as { version: string }).version;

function terserPass(): Plugin {
  return {
    name: 'l2c-terser-pass',
    apply: 'build',
    augmentChunkHash: () => `terser ${terserVersion} ${JSON.stringify(TERSER_OPTIONS)}`,
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist/cdn';
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const path = join(dir, file.fileName);
        const mapPath = `${path}.map`;
        const map = existsSync(mapPath) ? readFileSync(mapPath, 'utf8') : undefined;
        // The map stays beside the bundle, unreferenced (`sourcemap: 'hidden'`): see the build below.
        const out = await terser(readFileSync(path, 'utf8'), { ...TERSER_OPTIONS, sourceMap: map ? { content: map } : false });
        writeFileSync(path, out.code!);
        if (map && typeof out.map === 'string') writeFileSync(mapPath, out.map);
      }
    },
  };
}

export default defineConfig(({ command, mode }) => {
  const plugins = [standardDecorators()];
  // The demo's dev server keeps templates as written, for reading in the browser's tools.
  const buildPlugins = [...plugins, minifyLiterals()];
  if (command === 'serve') {
    return {
      plugins,
      root: 'demo',
      server: { port: Number(process.env.DEMO_PORT ?? 5173), host: process.env.DEMO_HOST ?? 'localhost' },
      // Pre-bundle what the demo pages import; demo/embed/ holds apps with their own configs (JSX, Vue).
      optimizeDeps: { entries: ['index.html', 'marketing.html', 'workspace.html'] },
    };
  }
  // Each script-tag bundle is its own build, so the form's bundle shares no chunk with the suite's
  // (a shared chunk would carry code only the other elements need).
  if (mode === 'cdn' || mode === 'cdn-form' || mode === 'cdn-handoff' || mode === 'cdn-insights' || mode === 'cdn-track') {
    const name = mode === 'cdn' ? 'l2c-elements' : mode === 'cdn-handoff' ? 'l2c-handoff' : mode === 'cdn-insights' ? 'l2c-insights' : mode === 'cdn-track' ? 'l2c-track' : 'lead-capture-form';
    const formTerms = () => termsUsedIn(['src/components/lead-capture-form', 'src/internal', 'src/storage', 'src/cdn/lead-capture-form.ts']);
    return {
      plugins: mode === 'cdn'
        ? [...buildPlugins, pruneDagreBundle(), terserPass()]
        : mode === 'cdn-handoff' || mode === 'cdn-insights' || mode === 'cdn-track'
        ? [...buildPlugins, terserPass()]
        : [...buildPlugins, pruneTranslations(formTerms()), terserPass()],
      // Chunks are found relative to the bundle, wherever a site hosts it (a CDN path, a sub-folder).
      base: './',
      build: {
        outDir: 'dist/cdn',
        emptyOutDir: false,
        target: 'es2022',
        minify: true,
        // Source maps for debugging and for `npm run size`, written beside the bundles but not named
        // in them and not packed (package.json "files"): a release attaches them apart (README, releasing).
        sourcemap: 'hidden',
        // Library mode: lazy chunks are plain `import()`s (no preload helper: they import nothing
        // the entry has not loaded already).
        lib: { entry: { [name]: resolve(`src/cdn/${name}.ts`) }, formats: ['es'] },
        rolldownOptions: {
          // Lazy chunks import what they share with the entry from the entry itself (one file, one
          // gzip stream), so the entry may export more than its own API, under minified names.
          preserveEntrySignatures: 'allow-extension',
          // The plugin timings are information, not a problem: `npm run build` prints problems only.
          // In the suite's and the hand-off's bundles the provider makes REST repositories itself
          // (store="rest"), so the form's lazy import of it stays in the bundle; that is known and
          // within the budget.
          checks: { bundlerTimings: false, ineffectiveDynamicImport: mode === 'cdn-form' },
          output: {
            format: 'es',
            // Library mode would only strip whitespace, to keep the output tree-shakeable: a
            // script-tag bundle is the end of the line, so minify it fully.
            minify: true,
            // Pure annotations help a bundler that reads this file, and none will.
            comments: { annotation: false },
            entryFileNames: '[name].js',
            chunkFileNames: 'chunks/[name]-[hash].js',
          },
        },
      },
    };
  }
  return {
    plugins: buildPlugins,
    // Files the build emits beside the modules (the learner's Web Worker, src/internal/learn-worker.ts)
    // are found relative to the module that loads them, wherever the package is installed.
    base: './',
    // The worker is one self-contained module file (a CSP of `worker-src 'self'` allows it).
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      // Readable ESM, one file per source module: a debugger needs no map (and src/ is not shipped).
      sourcemap: false,
      lib: {
        entry: {
          index: resolve('src/index.ts'),
          define: resolve('src/define.ts'),
          'define-handoff': resolve('src/define-handoff.ts'),
          'define-insights': resolve('src/define-insights.ts'),
          'core/index': resolve('src/core/index.ts'),
          'storage/index': resolve('src/storage/index.ts'),
          track: resolve('src/track.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external,
        // One file per module (preserveModules): a dynamic import of a module others import statically
        // is as lazy as it can be, so Rolldown's note about it is no problem here.
        checks: { bundlerTimings: false, ineffectiveDynamicImport: false },
        output: {
          preserveModules: true,
          preserveModulesRoot: 'src',
          entryFileNames: '[name].js',
        },
      },
    },
  };
});
