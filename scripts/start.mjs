#!/usr/bin/env node
// npm start: the demo site on Vite's dev server (http://localhost:5173).
import { spawn } from 'node:child_process';

const children = [spawn('npx', ['vite', '--config', 'vite.config.ts'], { stdio: 'inherit' })];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => process.exit(code ?? 0));
