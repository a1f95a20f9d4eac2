/**
 * PostgreSQL for benchmarks: TEST_DATABASE_URL when set, else a throwaway cluster started for the
 * run (scripts/pg-test-start.sh on a free port) and stopped after it.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Sets TEST_DATABASE_URL for the run; undefined when no PostgreSQL can be started. */
export async function postgres(): Promise<{ stop(): void } | undefined> {
  if (process.env.TEST_DATABASE_URL) return { stop() {} };
  const port = await freePort();
  const started = spawnSync('bash', ['scripts/pg-test-start.sh', String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (started.status !== 0) return undefined;
  process.env.TEST_DATABASE_URL = started.stdout.trim();
  return {
    stop() {
      spawnSync('bash', ['scripts/pg-test-stop.sh', String(port)], { stdio: 'ignore' });
      delete process.env.TEST_DATABASE_URL;
    },
  };
}

export const NO_POSTGRES = 'skipped: no PostgreSQL (apt-get install postgresql, or set TEST_DATABASE_URL)';
