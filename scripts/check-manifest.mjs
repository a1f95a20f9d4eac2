#!/usr/bin/env node
// Fails when the committed custom-elements.json differs from what the analyzer generates now, or
// when it lacks what tools need: a `type` on every event, the custom states the code sets, paths of
// shipped files (dist/), no made-up definitions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The analyzer joins outdir onto the working directory, so the fresh copy goes to a git-ignored folder.
const out = join('node_modules', '.cache', 'cem-check');
const r = spawnSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CEM_OUTDIR: out } });
if (r.status !== 0) process.exit(r.status ?? 1);
const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
rmSync(out, { recursive: true, force: true });
if (!existsSync('custom-elements.json')) {
  console.error('custom-elements.json is missing: run `npm run analyze` and commit it.');
  process.exit(1);
}
const committed = readFileSync('custom-elements.json', 'utf8');
const [was, now] = [JSON.parse(committed), JSON.parse(fresh)];
if (JSON.stringify(was) !== JSON.stringify(now)) {
  // Name the modules that differ, so a stale file is easy to tell from a changed analyzer.
  const byPath = (m) => new Map(m.modules.map((x) => [x.path, JSON.stringify(x)]));
  const [a, b] = [byPath(was), byPath(now)];
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
  console.error(`custom-elements.json is stale${paths.length ? ` in ${paths.join(', ')}` : ' (module order)'}: run \`npm run analyze\` and commit the result.`);
  process.exit(1);
}

// What tools need from it.
const problems = [];
const tsFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
for (const mod of now.modules) {
  if (!mod.path.startsWith('dist/') || !mod.path.endsWith('.js')) problems.push(`module path ${mod.path} is not a shipped file (dist/…/*.js)`);
  for (const e of mod.exports ?? []) {
    if (e.kind === 'custom-element-definition' && !/^[A-Z]/.test(e.declaration?.name ?? '')) problems.push(`${mod.path}: definition of <${e.name}> points at "${e.declaration?.name}"`);
  }
  for (const d of mod.declarations ?? []) {
    if (!d.customElement || !d.tagName) continue;
    for (const e of d.events ?? []) if (e.name && !e.type?.text) problems.push(`<${d.tagName}> event ${e.name} has no type (declare it on GlobalEventHandlersEventMap)`);
    // Custom states the element's folder sets by name must be documented with @cssstate.
    const folder = join('src', dirname(mod.path.slice('dist/'.length)));
    const documented = new Set((d.cssStates ?? []).map((s) => s.name));
    const set = new Set();
    for (const file of existsSync(folder) ? tsFiles(folder) : []) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:setState|#state)\(\s*'([a-z][a-z-]*)'/g)) set.add(m[1]);
      for (const m of code.matchAll(/(?:states\.sync\(|want: Record<string, boolean> = )\{([^}]*)\}/g)) {
        for (const k of m[1].matchAll(/^\s*'?([a-z][a-z-]*)'?\s*:/gm)) set.add(k[1]);
      }
    }
    for (const name of set) if (!documented.has(name)) problems.push(`<${d.tagName}> sets the custom state "${name}" without @cssstate`);
  }
}
if (problems.length) {
  console.error(`custom-elements.json lacks what tools need:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('custom-elements.json is current.');
