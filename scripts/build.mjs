#!/usr/bin/env node
// npm run build: the npm library (ESM + .d.ts) into dist/, the script-tag bundles into dist/cdn/,
// and a fresh custom-elements.json.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', { recursive: true, force: true });
run('npx', ['vite', 'build', '--logLevel', 'warn']);
// The two script-tag bundles are separate builds: the form's shares no chunk with the suite's.
run('npx', ['vite', 'build', '--mode', 'cdn', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'cdn-form', '--logLevel', 'warn']);
run(process.execPath, ['node_modules/typescript7/bin/tsc', '-p', 'tsconfig.build.json']);
run('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/ and dist/cdn/');
