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
if (JSON.stringify(JSON.parse(committed)) !== JSON.stringify(JSON.parse(fresh))) {
  console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
  process.exit(1);
}
console.log('custom-elements.json is current.');
