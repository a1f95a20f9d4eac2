/**
 * The test environment served by test/server-plugins.mjs: the reference server with one workspace
 * and a key of every role, a proxy that adds the admin key to requests without credentials, and
 * the fault-injecting proxy in front of that (a virtual module, so it is imported by URL at run time).
 */
const url: string = '/__l2c__/env.js';
const env = (await import(url)) as {
  API_URL: string;
  PROXY_URL: string;
  SERVER_URL: string;
  API_KEYS: Record<'form' | 'viewer' | 'member' | 'admin', string>;
};

/** The reference server as the workspace's admin: requests without credentials get the admin key. */
export const API_URL = env.API_URL;
/** The same behind the fault-injecting proxy (which sees the client's own headers). */
export const PROXY_URL = env.PROXY_URL;
/** The server itself: every request needs a credential, as in production. */
export const SERVER_URL = env.SERVER_URL;
/** A key of every role of the test workspace. */
export const API_KEYS = env.API_KEYS;
