#!/usr/bin/env node
// npm run size: min+gzip sizes of the script-tag bundles against DESIGN.md section 6. An entry's size
// counts the entry and every chunk it imports statically; lazily imported chunks are measured apart
// (also those a lazy chunk imports lazily: messages of a language, parts of an element). The
// process map's line counts what a flow map adds to the shared core: its own modules in the eager
// bundle, found through the source map, plus the lazy chunks it loads. Fails when a budget is
// exceeded. Builds first unless --no-build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const CDN = 'dist/cdn';
const KB = 1024;
const BUDGETS = [
  // Lit, IndexedDB storage and the durable outbox; what a form loads for an endpoint, or a phone field,
  // or a schema, is listed below as lazy chunks (the REST sender's line says what a REST form loads).
  { name: 'lead-capture-form.js (Lit, storage, outbox)', entry: 'lead-capture-form.js', max: 20 * KB },
  { name: 'l2c-elements.js (all elements, without lazy chunks)', entry: 'l2c-elements.js', max: 60 * KB },
  // The hand-off elements (issue 17): the inbox, the routing editor and the campaign report with the
  // provider, Lit, storage and the core they use; their heavy parts are lazy chunks.
  { name: 'l2c-handoff.js (inbox, routing editor, campaign report, provider)', entry: 'l2c-handoff.js', max: 60 * KB },
  { name: 'l2c-insights.js (sales forecast, scoring studio, provider)', entry: 'l2c-insights.js', max: 60 * KB },
  // The engagement tracker (issue 14: "at most 2 KB gzip").
  { name: 'l2c-track.js (page views and visits of a consenting lead)', entry: 'l2c-track.js', max: 2 * KB },
];
const LAZY_BUDGETS = [
  // The funnel's and the forecast's drawing code; chart.js itself is a chunk both import.
  { name: 'chart chunk (lazy)', test: /chart\.chart|forecast\.chart/i, max: 60 * KB },
];
// The process map (DESIGN.md: "its code with the layout library ≤ 30 KB, loaded lazily"), counted
// for a flow map: the map's own modules in l2c-elements.js (not the core and internals every element
// shares), the lazy chunks with its drawing code, the layout library and its English messages (the
// fallback, always loaded); `zh` names what a page in Chinese loads on top. Both must fit.
const MAP = {
  name: 'sales-process-map, flow: its eager code + layout chunk + messages',
  entry: 'l2c-elements.js',
  own: /^src\/components\/sales-process-map\/|^src\/core\/process\.ts$/,
  lazy: ['src/components/sales-process-map/process-map-view.ts', 'src/components/sales-process-map/strings.ts'],
  zh: ['src/components/sales-process-map/strings.zh-CN.ts'],
  max: 30 * KB,
};

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const gzip = (data) => gzipSync(data, { level: 9 }).length;
const gz = (file) => gzip(readFileSync(file));
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

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// The minified text of `file`, by the source (path relative to the project) it came from.
function pieces(file) {
  // A bundler's own helper chunk (rolldown-runtime) comes without a source map: it is all runtime.
  if (!existsSync(`${file}.map`)) return new Map([['', read(file)]]);
  const lines = read(file).split('\n');
  const map = JSON.parse(read(`${file}.map`));
  const sources = map.sources.map((s) => normalize(join(dirname(file), map.sourceRoot ?? '', s)));
  const out = new Map();
  let src = 0;
  map.mappings.split(';').forEach((line, i) => {
    const text = lines[i] ?? '';
    // [generated column, source or -1] per segment (VLQ fields: column, source, line, column, name).
    const segs = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0];
      if (vals.length > 1) src += vals[1];
      segs.push([col, vals.length > 1 ? src : -1]);
    }
    segs.forEach(([c, s], j) => {
      const key = s < 0 ? '' : sources[s];
      out.set(key, (out.get(key) ?? '') + text.slice(c, j + 1 < segs.length ? segs[j + 1][0] : text.length));
    });
  });
  return out;
}

const sourcesOf = (file) => (existsSync(`${file}.map`) ? JSON.parse(read(`${file}.map`)).sources.map((s) => normalize(join(dirname(file), s))) : []);

const fmt = (n) => `${(n / KB).toFixed(1)} KB`;
let failed = false;
const entryFiles = new Map();
// Lazy chunk -> { entries, parent files already loaded when it is }.
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
  entryFiles.set(b.entry, files);
  const size = [...files].reduce((sum, f) => sum + gz(f), 0);
  const ok = size <= b.max;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${b.name}: ${fmt(size)} of ${fmt(b.max)} (${files.size} file${files.size === 1 ? '' : 's'})`);
  // Lazy chunks of lazy chunks too; the same chunk (same content, same name) may serve both bundles.
  const queue = [...lazy].map((l) => [l, files]);
  while (queue.length) {
    const [l, loaded] = queue.shift();
    const known = lazyChunks.get(l);
    if (known?.entries.includes(b.entry)) continue;
    const c = closure(l);
    lazyChunks.set(l, { ...c, entries: [...(known?.entries ?? []), b.entry], loaded: known?.loaded ?? loaded });
    for (const next of c.lazy) queue.push([next, new Set([...loaded, ...c.files])]);
  }
}
// A lazy chunk's own cost: what it adds beyond what is loaded before it.
const lazyCost = (files, loaded) => [...files].filter((f) => !loaded.has(f)).reduce((s, f) => s + gz(f), 0);
for (const [chunk, { files, entries, loaded }] of lazyChunks) {
  const size = lazyCost(files, loaded);
  const budget = LAZY_BUDGETS.find((b) => b.test.test(chunk));
  const ok = !budget || size <= budget.max;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${budget?.name ?? 'lazy chunk'} of ${entries.join(' and ')} ${chunk.replace(`${CDN}/`, '')}: ${fmt(size)}${budget ? ` of ${fmt(budget.max)}` : ''}`);
}

// What a form with an `endpoint` loads before it can send: the bundle and the REST sender.
const formFiles = entryFiles.get('lead-capture-form.js');
const sender = [...lazyChunks.keys()].find((c) => /\/rest-sender-[\w-]+\.js$/.test(c) && lazyChunks.get(c).entries.includes('lead-capture-form.js'));
if (formFiles && sender) {
  const base = [...formFiles].reduce((sum, f) => sum + gz(f), 0);
  const extra = lazyCost(lazyChunks.get(sender).files, formFiles);
  console.log(`  info lead-capture-form.js with an endpoint (the REST sender loads at once): ${fmt(base)} + ${fmt(extra)} = ${fmt(base + extra)}`);
}

// The process map's line.
const mapEntry = entryFiles.get(MAP.entry);
if (mapEntry) {
  let own = '';
  for (const f of mapEntry) for (const [source, text] of pieces(f)) if (MAP.own.test(source)) own += text;
  const eager = gzip(Buffer.from(own));
  const chunksWith = (modules) => {
    const found = [...lazyChunks.keys()].filter((c) => lazyChunks.get(c).entries.includes(MAP.entry) && sourcesOf(c).some((s) => modules.includes(s)));
    const missing = modules.filter((m) => !found.some((c) => sourcesOf(c).includes(m)));
    if (missing.length) throw new Error(`size: no lazy chunk holds ${missing.join(', ')}`);
    return new Set(found.flatMap((c) => [...lazyChunks.get(c).files]));
  };
  const lazyFiles = chunksWith(MAP.lazy);
  const lazy = lazyCost(lazyFiles, mapEntry);
  const zh = lazyCost(chunksWith(MAP.zh), new Set([...mapEntry, ...lazyFiles]));
  // The budget holds for a page in either language; one in Chinese loads the English messages too.
  const size = eager + lazy;
  const ok = size + zh <= MAP.max;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${MAP.name}: ${fmt(eager)} + ${fmt(lazy)} = ${fmt(size)} in English, ${fmt(size + zh)} in Chinese (its messages add ${fmt(zh)}), of ${fmt(MAP.max)}`);
}
if (failed) {
  console.error('A bundle is over its budget (DESIGN.md section 6).');
  process.exit(1);
}
