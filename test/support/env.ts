/**
 * The test environment served by test/server-plugins.mjs: the reference server and the
 * fault-injecting proxy in front of it (a virtual module, so it is imported by URL at run time).
 */
const url: string = '/__l2c__/env.js';
const env = (await import(url)) as { API_URL: string; PROXY_URL: string };

/** The reference server, directly. */
export const API_URL = env.API_URL;
/** The same server behind the fault-injecting proxy. */
export const PROXY_URL = env.PROXY_URL;
