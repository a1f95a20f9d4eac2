#!/usr/bin/env node
// Fails when the committed custom-elements.json differs from what the analyzer generates now.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
console.log('custom-elements.json is current.');
