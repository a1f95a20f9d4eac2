/**
 * `npm run server`: the reference REST server on PORT (default 8787). Configuration from the
 * environment:
 *   PORT, HOST (default 127.0.0.1), DATABASE_URL (PostgreSQL; else PGlite), PGLITE_DIR (default
 *   .data/pglite in the project), CORS_ORIGINS (comma-separated, `*` for any), RATE_LIMIT_LEADS (per
 *   client per minute, 0 disables), MIN_FILL_MS, BODY_LIMIT_BYTES, TRUST_PROXY=1 (client address
 *   from X-Forwarded-For).
 */
import { resolve } from 'node:path';
import { DEFAULT_PGLITE_DIR, startServer, type ServerOptions } from './app.js';

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) {
    console.error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
    process.exit(2);
  }
  return Number(raw);
}

const env = process.env;
const pgliteDir = env.PGLITE_DIR && !env.PGLITE_DIR.startsWith('memory://') ? resolve(env.PGLITE_DIR) : env.PGLITE_DIR || undefined;
const options: ServerOptions = {
  port: intFromEnv('PORT', 8787, 0),
  host: env.HOST || '127.0.0.1',
  databaseUrl: env.DATABASE_URL || undefined,
  pgliteDir,
  rateLimitLeads: intFromEnv('RATE_LIMIT_LEADS', 60, 0),
  minFillMs: intFromEnv('MIN_FILL_MS', 2000, 0),
  bodyLimitBytes: intFromEnv('BODY_LIMIT_BYTES', 256 * 1024, 1),
  trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  ...(env.CORS_ORIGINS !== undefined ? { corsOrigins: env.CORS_ORIGINS } : {}),
};

let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(options);
} catch (err) {
  console.error(`l2c server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const where = server.db === 'postgres' ? 'postgres' : `PGlite in ${pgliteDir ?? DEFAULT_PGLITE_DIR}`;
console.log(`l2c reference server listening on ${server.url} (${where}); API description at ${server.url}/openapi.json`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) {
    console.error(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('shutdown failed:', err);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
