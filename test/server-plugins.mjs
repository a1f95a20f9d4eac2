// @web/test-runner plugins for the storage suites: the reference server (PGlite in memory) with one
// workspace and a key of every role, a proxy that adds the admin key to requests without
// credentials, and a fault-injecting proxy in front of that, started on first use, reachable from
// tests through the virtual module /__l2c__/env.js and the server commands below.
import { register } from 'tsx/esm/api';

register();

let started;

async function start() {
  started ??= (async () => {
    const { startServer } = await import('../server/app.ts');
    const { createApiKey, createWorkspace } = await import('../server/workspaces.ts');
    const { startFaultProxy } = await import('./support/fault-proxy.ts');
    const { startAuthProxy } = await import('./support/auth-proxy.ts');
    const server = await startServer({ port: 0, pgliteDir: 'memory://', corsOrigins: '*', rateLimitLeads: 0, rateLimitKeys: 0, minFillMs: 2000 });
    const ws = await createWorkspace(server.database, 'Browser tests');
    const keys = {};
    for (const role of ['form', 'viewer', 'member', 'admin']) {
      keys[role] = (await createApiKey(server.database, ws.id, { role, label: `${role} (browser tests)` })).key;
    }
    const auth = await startAuthProxy(server.url, keys.admin);
    const proxy = await startFaultProxy(auth.url);
    return { server, auth, proxy, keys };
  })();
  return started;
}

const env = {
  name: 'l2c-test-env',
  async serve(context) {
    if (context.path !== '/__l2c__/env.js') return undefined;
    const { server, auth, proxy, keys } = await start();
    return [
      `export const API_URL = ${JSON.stringify(auth.url)};`,
      `export const PROXY_URL = ${JSON.stringify(proxy.url)};`,
      `export const SERVER_URL = ${JSON.stringify(server.url)};`,
      `export const API_KEYS = ${JSON.stringify(keys)};`,
      '',
    ].join('\n');
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
    const { server, auth, proxy } = await started;
    await proxy.close();
    await auth.close();
    await server.close();
  },
};

export const serverPlugins = [env];
