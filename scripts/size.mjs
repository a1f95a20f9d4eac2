#!/usr/bin/env node
// npm run size: min+gzip sizes of the script-tag bundles against DESIGN.md section 6. An entry's size
// counts the entry and every chunk it imports statically; lazily imported chunks are measured apart.
// Fails when a budget is exceeded. Builds first unless --no-build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const CDN = 'dist/cdn';
const KB = 1024;
const BUDGETS = [
  { name: 'lead-capture-form.js (everything included)', entry: 'lead-capture-form.js', max: 20 * KB },
  { name: 'l2c-elements.js (all elements, without lazy chunks)', entry: 'l2c-elements.js', max: 60 * KB },
];
const LAZY_BUDGETS = [
  { name: 'chart chunk (lazy)', test: /chart/i, max: 60 * KB },
  { name: 'process-map layout chunk (lazy)', test: /layout|dagre|process-map/i, max: 30 * KB },
];

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const read = (file) => readFileSync(file, 'utf8');

function imports(file) {
  const code = read(file);
  const statics = new Set();
  const lazies = new Set();
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
    statics.add(normalize(join(dirname(file), m[1])));
  }
  // Rolldown writes dynamic imports with backticks as well as quotes.
  for (const m of code.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) lazies.add(normalize(join(dirname(file), m[1])));
  return { statics, lazies };
}

// The entry and its static closure; the lazy chunks it can reach on the way.
function closure(entry) {
  const seen = new Set();
  const lazy = new Set();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    const { statics, lazies } = imports(f);
    statics.forEach((s) => stack.push(s));
    lazies.forEach((l) => lazy.add(l));
  }
  return { files: seen, lazy };
}

const fmt = (n) => `${(n / KB).toFixed(1)} KB`;
let failed = false;
const lazyChunks = new Map();
console.log('Bundle sizes (min+gzip, level 9):');
for (const b of BUDGETS) {
  const file = join(CDN, b.entry);
  if (!existsSync(file)) {
    console.log(`  ${b.name}: missing (${file})`);
    failed = true;
    continue;
  }
  const { files, lazy } = closure(file);
  const size = [...files].reduce((sum, f) => sum + gz(f), 0);
  const ok = size <= b.max;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${b.name}: ${fmt(size)} of ${fmt(b.max)} (${files.size} file${files.size === 1 ? '' : 's'})`);
  // The same chunk (same content, same name) may serve both bundles.
  for (const l of lazy) lazyChunks.set(l, { ...closure(l), entries: [...(lazyChunks.get(l)?.entries ?? []), b.entry] });
}
for (const [chunk, { files, entries }] of lazyChunks) {
  // A lazy chunk's own cost: what it adds beyond the entries already loaded.
  const size = [...files].filter((f) => !BUDGETS.some((b) => closure(join(CDN, b.entry)).files.has(f))).reduce((s, f) => s + gz(f), 0);
  const budget = LAZY_BUDGETS.find((b) => b.test.test(chunk));
  const ok = !budget || size <= budget.max;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${budget?.name ?? 'lazy chunk'} of ${entries.join(' and ')} ${chunk.replace(`${CDN}/`, '')}: ${fmt(size)}${budget ? ` of ${fmt(budget.max)}` : ''}`);
}
if (failed) {
  console.error('A bundle is over its budget (DESIGN.md section 6).');
  process.exit(1);
}
