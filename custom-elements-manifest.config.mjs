// custom-elements-manifest analyzer: describes every element for IDEs, docs and frameworks.
// The plugins below make the manifest what tools need (issue 15): paths of the files the package
// ships, a `type` on every event, the tags that `define.js` registers, and no made-up definitions.
// Editor data and framework types are generated from the result by scripts/integrations.mjs.
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

/** `src/a/b.ts`, `/src/a/b.js` or `./b.js` (relative to `from`) as the shipped `dist/a/b.js`. */
function shipped(module, from) {
  let path = module;
  if (path.startsWith('./') || path.startsWith('../')) path = posix.join(posix.dirname(from), path);
  path = path.replace(/^\/+/, '');
  if (!path.startsWith('src/')) return module;
  return `dist/${path.slice(4).replace(/\.ts$/, '.js')}`;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

// Every event typed in the sources: `'name': CustomEvent<Detail>;` inside a global event map.
function eventTypes() {
  const types = new Map();
  for (const file of sourceFiles('src')) {
    const code = readFileSync(file, 'utf8');
    for (const block of code.matchAll(/interface (?:GlobalEventHandlersEventMap|HTMLElementEventMap)\s*\{([^}]*)\}/g)) {
      for (const m of block[1].matchAll(/'([a-z][a-z0-9-]*)'\s*:\s*([^;]+);/g)) types.set(m[1], m[2].trim());
    }
  }
  return types;
}

// The classes `src/define.ts` registers under their default tag (`X.define();`).
function definedClasses(file = 'src/define.ts') {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^\s*([A-Z]\w*)\.define\(\s*\)/gm)].map((m) => m[1]);
}

export default {
  globs: ['src/components/**/*.ts', 'src/internal/base-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [
    {
      name: 'l2c-shipped-manifest',
      packageLinkPhase({ customElementsManifest: manifest }) {
        const types = eventTypes();
        const byClass = new Map();
        for (const mod of manifest.modules) {
          // `define()` registers `class extends this {}` for a second tag: not a definition of its own.
          mod.exports = (mod.exports ?? []).filter((e) => !(e.kind === 'custom-element-definition' && /^anonymous_\d+$/.test(e.declaration?.name ?? '')));
          for (const d of mod.declarations ?? []) {
            if (d.customElement && d.tagName) byClass.set(d.name, { tag: d.tagName, module: mod.path });
            for (const e of d.events ?? []) {
              if (!e.name) continue;
              const type = types.get(e.name) ?? (e.name === 'change' ? 'Event' : undefined);
              if (type && !e.type) e.type = { text: type };
            }
          }
        }
        // Paths and references as the package ships them (dist/…/*.js), not the sources.
        const from = new Map(manifest.modules.map((m) => [m, m.path]));
        const fix = (node, modulePath) => {
          if (Array.isArray(node)) return node.forEach((n) => fix(n, modulePath));
          if (!node || typeof node !== 'object') return;
          for (const [key, value] of Object.entries(node)) {
            if (key === 'module' && typeof value === 'string') node[key] = shipped(value, modulePath);
            else if (typeof value === 'object') fix(value, modulePath);
          }
        };
        for (const mod of manifest.modules) {
          fix(mod, from.get(mod));
          mod.path = shipped(mod.path, mod.path);
        }
        // define.js registers the default tags; define-handoff.js (issue 17) the hand-off elements and define-insights.js (issue 14) the forecast and the scoring studio, apart from the suite.
        const defineModule = (source, path, description) => ({
          kind: 'javascript-module',
          path,
          description,
          declarations: [],
          exports: definedClasses(source).filter((name) => byClass.has(name)).map((name) => ({
            kind: 'custom-element-definition',
            name: byClass.get(name).tag,
            declaration: { name, module: shipped(byClass.get(name).module, '') },
          })),
        });
        manifest.modules.push(
          defineModule('src/define.ts', 'dist/define.js', 'Registers every element under its default tag.'),
          defineModule('src/define-handoff.ts', 'dist/define-handoff.js', 'Registers the hand-off elements (the lead inbox, the routing editor, the campaign report) and the provider under their default tags.'),
          defineModule('src/define-insights.ts', 'dist/define-insights.js', 'Registers the sales forecast, the scoring studio and the provider under their default tags.'),
        );
      },
    },
    {
      // The analyzer reads files in whatever order the file system and its globbing finish, so the
      // module order varies from run to run; sort it, so the committed file is reproducible.
      name: 'l2c-sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
