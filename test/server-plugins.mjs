// @web/test-runner plugins for the storage suites: the reference server (PGlite in memory) and a
// fault-injecting proxy in front of it, started on first use, reachable from tests through the
// virtual module /__l2c__/env.js and the server commands below.
import { register } from 'tsx/esm/api';

register();

let started;

async function start() {
  started ??= (async () => {
    const { startServer } = await import('../server/app.ts');
    const { startFaultProxy } = await import('./support/fault-proxy.ts');
    const server = await startServer({ port: 0, pgliteDir: 'memory://', corsOrigins: '*', rateLimitLeads: 0, minFillMs: 2000 });
    const proxy = await startFaultProxy(server.url);
    return { server, proxy };
  })();
  return started;
}

const env = {
  name: 'l2c-test-env',
  async serve(context) {
    if (context.path !== '/__l2c__/env.js') return undefined;
    const { server, proxy } = await start();
    return `export const API_URL = ${JSON.stringify(server.url)};\nexport const PROXY_URL = ${JSON.stringify(proxy.url)};\n`;
  },
  async executeCommand({ command, payload }) {
    if (command === 'l2c-faults') {
      const { proxy } = await start();
      if (payload?.plan) proxy.setPlan(payload.plan);
      if (payload?.reset) proxy.resetStats();
      return proxy.stats();
    }
    return undefined;
  },
  async serverStop() {
    if (!started) return;
    const { server, proxy } = await started;
    await proxy.close();
    await server.close();
  },
};

export const serverPlugins = [env];
