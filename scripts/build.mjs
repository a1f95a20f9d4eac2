#!/usr/bin/env node
// npm run build: the npm library (ESM + .d.ts) into dist/, the script-tag bundles into dist/cdn/,
// the themes as CSS into dist/themes/, and a fresh custom-elements.json. Prints problems only.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', { recursive: true, force: true });
run('npx', ['vite', 'build', '--logLevel', 'warn']);
// The script-tag bundles are separate builds: the form's shares no chunk with the suite's.
run('npx', ['vite', 'build', '--mode', 'cdn', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'cdn-form', '--logLevel', 'warn']);
// The hand-off elements (inbox, routing editor, campaign report) have a bundle of their own.
run('npx', ['vite', 'build', '--mode', 'cdn-handoff', '--logLevel', 'warn']);
// The forecast and the scoring studio (issue 14) likewise.
run('npx', ['vite', 'build', '--mode', 'cdn-insights', '--logLevel', 'warn']);
// The engagement tracker (l2c-elements/track), tiny and alone.
run('npx', ['vite', 'build', '--mode', 'cdn-track', '--logLevel', 'warn']);
run(process.execPath, ['node_modules/typescript7/bin/tsc', '-p', 'tsconfig.build.json']);
await writeThemes();
run('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/ and dist/cdn/');

// Every built-in theme as a stylesheet (`l2c-elements/themes/dark.css`), from the same token maps
// as `THEMES`: the tokens on :root, in the `l2c-theme` layer so that any rule of the page wins.
// default.css spells out the defaults the elements fall back to, as a starting point for a brand.
async function writeThemes() {
  const load = (file) => import(pathToFileURL(`dist/internal/${file}`).href);
  const [{ THEMES }, { TOKENS }] = await Promise.all([load('themes.js'), load('tokens.js')]);
  const sheet = (name, tokens) => `/* l2c-elements ${name} theme: the --l2c-* tokens (README, Theming). */\n@layer l2c-theme {\n  :where(:root) {\n${
    Object.entries(tokens).map(([token, value]) => `    --l2c-${token}: ${value};`).join('\n')}\n  }\n}\n`;
  mkdirSync('dist/themes', { recursive: true });
  for (const [name, theme] of Object.entries(THEMES)) writeFileSync(`dist/themes/${name}.css`, sheet(name, name === 'default' ? TOKENS : theme));
}
