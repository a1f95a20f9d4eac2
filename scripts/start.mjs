#!/usr/bin/env node
// npm start: the reference REST server on PGlite (http://127.0.0.1:8787, data in .data/pglite),
// then the demo's workspace, keys and sample data on it (scripts/demo-setup.ts, with an operator
// token made up for this run), then the demo site on Vite's dev server (http://localhost:5173),
// which hands the keys to the pages. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const PORT = process.env.PORT ?? '8787';
const SERVER = `http://127.0.0.1:${PORT}`;
// Only this run knows it: the demo's set-up creates its workspace and keys with it.
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? randomBytes(32).toString('base64url');

const children = [];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
const watch = (child) => {
  children.push(child);
  child.on('exit', (code) => stop(code ?? 0));
  return child;
};

watch(spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT, ADMIN_TOKEN } }));

async function up() {
  for (let i = 0; i < 300 && !stopping; i++) {
    try {
      if ((await fetch(`${SERVER}/health`)).ok) return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

let keys = {};
if (await up()) {
  const setup = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-setup.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, L2C_SERVER: SERVER, ADMIN_TOKEN },
  });
  let out = '';
  setup.stdout.on('data', (d) => { out += d; });
  const code = await new Promise((r) => setup.on('exit', r));
  if (code === 0) keys = JSON.parse(out);
  else console.error('The demo could not set up its workspace on the server: the REST switch will say so. IndexedDB works as always.');
} else if (!stopping) {
  console.error(`The reference server did not answer at ${SERVER}: the demo runs on IndexedDB only.`);
}

if (!stopping) {
  // Vite itself, not through npx: stopping this script must stop the dev server too.
  watch(spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, VITE_L2C_FORM_KEY: keys.formKey ?? '', VITE_L2C_MEMBER_KEY: keys.memberKey ?? '' },
  }));
}
