#!/usr/bin/env node
// npm run check:package: the package as npm would publish it, checked the way an adopter meets it.
// Needs a build (npm test builds once for this and the end-to-end suite; --build builds first).
//  1. `npm pack` (without the prepack build, just done): what it holds, its size and file count; only
//     dist/ (no source maps), integrations/, the manifest and the documents; every "exports" target
//     and every `l2c-elements/…` import and `dist/cdn/…` script of the README is in it.
//  2. publint and @arethetypeswrong/cli (ESM-only profile) on the tarball, offline, from node_modules.
//  3. A strict consumer project (skipLibCheck false) with the tarball installed type-checks the README's
//     TypeScript examples, every subpath and the framework typings, under moduleResolution bundler,
//     node16 and node10.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'node_modules', '.cache', 'l2c-package');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const problems = [];
const say = (line) => console.log(line);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

if (process.argv.includes('--build')) {
  const b = run('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
  console.error('check-package: dist/ is not built (npm run build, or --build).');
  process.exit(1);
}

// --- 1. What npm would publish ------------------------------------------------------------------
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', WORK]);
if (packed.status !== 0) {
  console.error(packed.stderr);
  process.exit(1);
}
const [info] = JSON.parse(packed.stdout);
const files = info.files.map((f) => f.path);
const tarball = join(WORK, info.filename);
say(`npm pack: ${info.filename}, ${info.entryCount} files, ${(info.size / 1024).toFixed(1)} KB packed, ${(info.unpackedSize / 1024 / 1024).toFixed(2)} MB unpacked`);

const TOP = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'custom-elements.json']);
for (const f of files) {
  const allowed = TOP.has(f) || f.startsWith('dist/') || f.startsWith('integrations/');
  if (!allowed) problems.push(`packed but not for adopters: ${f}`);
  if (f.endsWith('.map')) problems.push(`a source map is packed: ${f} (maps are released apart)`);
  if (/\.ts$/.test(f) && !f.endsWith('.d.ts')) problems.push(`a TypeScript source is packed: ${f}`);
}
for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'custom-elements.json']) if (!files.includes(f)) problems.push(`${f} is not packed`);

// Every target of "exports" (a wildcard: at least one file) is packed.
const has = (target) => {
  const path = target.replace(/^\.\//, '');
  if (!path.includes('*')) return files.includes(path);
  const [head, tail] = path.split('*');
  return files.some((f) => f.startsWith(head) && f.endsWith(tail));
};
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value).flatMap(targets));
for (const [key, value] of Object.entries(pkg.exports)) for (const t of targets(value)) if (!has(t)) problems.push(`exports["${key}"] -> ${t} is not packed`);

// What the README imports and loads.
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const specifiers = new Set([...readme.matchAll(/['"](l2c-elements(?:\/[\w./-]+)?)['"]/g)].map((m) => m[1]));
const subpathOf = (spec) => (spec === pkg.name ? '.' : `.${spec.slice(pkg.name.length)}`);
function exportTarget(sub) {
  if (pkg.exports[sub]) return targets(pkg.exports[sub])[0];
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (!key.includes('*')) continue;
    const [head, tail] = key.split('*');
    if (sub.startsWith(head) && sub.endsWith(tail)) return value.replace('*', sub.slice(head.length, sub.length - tail.length));
  }
  return undefined;
}
for (const spec of specifiers) {
  const target = exportTarget(subpathOf(spec));
  if (!target) problems.push(`the README imports ${spec}, which "exports" does not offer`);
  else if (!has(target)) problems.push(`the README imports ${spec} -> ${target}, which is not packed`);
}
for (const m of readme.matchAll(/\/(?:dist\/)?cdn\/([\w.-]+\.(?:js|css))/g)) {
  if (!files.includes(`dist/cdn/${m[1]}`)) problems.push(`the README loads cdn/${m[1]}, which is not packed`);
}
say(`  ${specifiers.size} README import specifiers resolve to packed files; ${Object.keys(pkg.exports).length} exports checked`);

// --- 2. publint and are-the-types-wrong ---------------------------------------------------------
const installed = join(WORK, 'consumer', 'node_modules', pkg.name);
mkdirSync(installed, { recursive: true });
const untar = run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
if (untar.status !== 0) problems.push(`tar: ${untar.stderr}`);

const { publint } = await import('publint');
const { formatMessage } = await import('publint/utils');
const lint = await publint({ pkgDir: installed, level: 'suggestion', strict: true, pack: false });
for (const m of lint.messages) problems.push(`publint: ${formatMessage(m, lint.pkg) ?? m.code}`);
say(`  publint: ${lint.messages.length} messages`);

const attw = run(process.execPath, [join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'table-flipped', '--no-color']);
if (attw.status !== 0) problems.push(`@arethetypeswrong/cli:\n${attw.stdout}${attw.stderr}`);
else say('  @arethetypeswrong/cli (esm-only): no problems');

// --- 3. A strict consumer project ---------------------------------------------------------------
const consumer = join(WORK, 'consumer');
const src = join(consumer, 'src');
mkdirSync(src, { recursive: true });
// Dependencies of the package and the frameworks, from this project's node_modules.
for (const dep of [...Object.keys(pkg.dependencies), '@lit', '@types', 'lit-html', 'lit-element', '@lit-labs', 'react', 'preact', 'solid-js', 'svelte', 'vue', '@vue', 'csstype']) {
  const from = join(ROOT, 'node_modules', dep);
  const to = join(consumer, 'node_modules', dep);
  if (existsSync(from) && !existsSync(to)) {
    mkdirSync(join(to, '..'), { recursive: true });
    symlinkSync(from, to);
  }
}
// The README's TypeScript examples, each a module of its own.
let n = 0;
for (const m of readme.matchAll(/```(tsx?)\n([\s\S]*?)```/g)) {
  n += 1;
  writeFileSync(join(src, `readme-${n}.${m[1]}`), `${m[2]}\nexport {};\n`);
  // A file of the reader's own that an example loads (`import('./l2c.de.js')`): a stub.
  for (const f of m[2].matchAll(/import\(\s*'\.\/([\w.-]+)\.js'\s*\)/g)) writeFileSync(join(src, `${f[1]}.ts`), 'export default {} as never;\n');
}
// Every subpath and the typings an adopter meets.
writeFileSync(join(src, 'adopter.ts'), `import 'l2c-elements/define.js';
import type { PipelineBoard, LeadCaptureForm, Deal } from 'l2c-elements';
import { funnelFromDeals } from 'l2c-elements/core';
import { MemoryRepository } from 'l2c-elements/storage';

const board: PipelineBoard | null = document.querySelector('pipeline-board');
const form: LeadCaptureForm = document.createElement('lead-capture-form');
const deals: Deal[] = board?.deals ?? [];
board?.addEventListener('deal-moved', (e) => e.detail.deal.stageId);
document.addEventListener('lead-submitted', (e) => e.detail.lead.email);
window.addEventListener('stage-selected', (e) => e.detail.stageId);
form.addEventListener('lead-failed', (e) => e.detail.error.reason);
void funnelFromDeals;
void new MemoryRepository();
void deals;
export {};
`);
// What a bundler project declares for stylesheet imports (vite/client and the like).
writeFileSync(join(src, 'globals.d.ts'), "declare module '*.css';\n");
writeFileSync(join(src, 'frameworks.ts'), `import type {} from 'l2c-elements/react';
import type {} from 'l2c-elements/preact';
import type {} from 'l2c-elements/vue';
export {};
`);
writeFileSync(join(src, 'svelte.ts'), "import type {} from 'l2c-elements/svelte';\nexport {};\n");
writeFileSync(join(src, 'solid.tsx'), `import type {} from 'l2c-elements/solid';
export const Board = () => <pipeline-board pipeline-id="l2c" on:deal-moved={(e) => e.detail.deal.id} prop:deals={[]} />;
`);
const base = {
  strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  jsx: 'react-jsx', types: [], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: false,
};
const configs = {
  bundler: { module: 'ESNext', moduleResolution: 'Bundler' },
  node16: { module: 'Node16', moduleResolution: 'Node16' },
  node10: { module: 'ESNext', moduleResolution: 'Node10', ignoreDeprecations: '6.0' },
};
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
// TypeScript 7 where it can (fast); 6 for node10, which 7 no longer has.
const tsc = (name) => join(ROOT, 'node_modules', name === 'node10' ? 'typescript' : 'typescript7', 'bin', 'tsc');
for (const [name, options] of Object.entries(configs)) {
  // Solid's JSX is its own (jsxImportSource), checked apart from React's; node10 skips Solid and
  // Svelte, whose own types need "exports".
  const apart = ['solid.tsx', 'svelte.ts', 'globals.d.ts'];
  const groups = [['main', readdirSync(src).filter((f) => !apart.includes(f))], ...(name === 'node10' ? [] : [['solid', ['solid.tsx']], ['svelte', ['svelte.ts']]])];
  for (const [group, included] of groups) {
    const file = join(consumer, `tsconfig.${name}.${group}.json`);
    const extra = group === 'solid' ? { jsx: 'preserve', jsxImportSource: 'solid-js' } : {};
    writeFileSync(file, JSON.stringify({ compilerOptions: { ...base, ...options, ...extra }, files: [...included, 'globals.d.ts'].map((f) => `src/${f}`) }, null, 2));
    const r = run(process.execPath, [tsc(name), '-p', file], { cwd: consumer });
    if (r.status !== 0) problems.push(`consumer type check (${name}, ${group}):\n${r.stdout}${r.stderr}`);
    else say(`  consumer type check, moduleResolution ${name} (${group === 'main' ? `${n} README examples, every subpath, React, Preact and Vue typings` : `${group} typings`}): ok`);
  }
}

if (problems.length) {
  console.error(`\nThe package has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
say('The package is ready to publish.');
