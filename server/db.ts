/**
 * The storage backends behind one small interface: embedded PostgreSQL (PGlite) by default, a real
 * PostgreSQL through a `pg` Pool when a connection URL is given. Both run the same SQL.
 */
import { mkdirSync } from 'node:fs';

export type DbKind = 'pglite' | 'postgres';

const SNAPSHOT = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';

/** Something that runs one SQL statement with `$1`-style parameters and returns its rows. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** How a transaction starts: settings local to it (`set_config(name, value, true)`), and its isolation. */
export interface TransactionOptions {
  /** Set for this transaction only, before `fn` runs (`role` switches the role queries run as). */
  settings?: Readonly<Record<string, string>>;
  /** Repeatable read and read only: every statement sees the same snapshot. */
  snapshot?: boolean;
}

/** An open database: statements, transactions and closing. */
export interface Database extends Queryable {
  readonly kind: DbKind;
  /** A human-readable description of where the data lives (no credentials). */
  readonly location: string;
  /**
   * Runs `fn` inside BEGIN/COMMIT; any error rolls back and is rethrown. On PGlite transactions and
   * statements are serialised; on PostgreSQL each transaction has its own pooled connection, and
   * BEGIN with the options is one round trip.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Calls `onMessage` with the payload of every `NOTIFY channel` (from this process or any other on
   * the same database) until the returned function is called. On PostgreSQL a dedicated connection
   * listens and reconnects after a failure (`onReconnect` then runs: notifications may have been
   * missed meanwhile, so listeners catch up by reading).
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…`: use a real PostgreSQL. */
  databaseUrl?: string | undefined;
  /** A folder for PGlite's files (created when missing), or `memory://` for a throwaway database. */
  pgliteDir?: string | undefined;
  /** Size of the PostgreSQL pool (default 10). */
  poolSize?: number | undefined;
}

/** Opens PostgreSQL when `databaseUrl` is set, else PGlite in `pgliteDir`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (!options.pgliteDir) throw new Error('openDatabase: give databaseUrl or pgliteDir');
  return openPglite(options.pgliteDir);
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dir.startsWith('memory://');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  let closed = false;
  return {
    kind: 'pglite',
    location: inMemory ? 'memory' : dir,
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await pg.query<T>(sql, [...params])).rows;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return pg.transaction(async (tx) => {
        if (options.snapshot) await tx.query(SNAPSHOT);
        const settings = Object.entries(options.settings ?? {});
        if (settings.length) {
          await tx.query(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
        }
        return fn({
          async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
            return (await tx.query<R>(sql, [...params])).rows;
          },
        });
      });
    },
    async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
      return pg.listen(channel, onMessage);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pg.close();
    },
  };
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error(`postgres pool: ${err.message}`));
  // Fail fast on a wrong URL rather than on the first request.
  await pool.query('SELECT 1');
  let closed = false;
  return {
    kind: 'postgres',
    location: redact(url),
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await pool.query(sql, [...params])).rows as T[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // One round trip: BEGIN, the isolation and the settings as one simple-protocol query (the
        // values quoted by the driver, since that protocol takes no parameters).
        const settings = Object.entries(options.settings ?? {});
        await client.query([
          'BEGIN',
          ...(options.snapshot ? [SNAPSHOT] : []),
          ...(settings.length ? [`SELECT ${settings.map(([k, v]) => `set_config(${client.escapeLiteral(k)}, ${client.escapeLiteral(v)}, true)`).join(', ')}`] : []),
        ].join('; '));
        const result = await fn({
          async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
            return (await client.query(sql, [...params])).rows as R[];
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw err;
      } finally {
        // A client whose rollback failed is in an unknown state: destroy it instead of reusing it.
        client.release(broken);
      }
    },
    async listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
      let stopped = false;
      let current: InstanceType<typeof pg.Client> | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        client.on('notification', (msg) => {
          if (msg.channel === channel) onMessage(msg.payload ?? '');
        });
        // A lost listening connection is replaced; listeners catch up on what they missed.
        client.on('error', (err) => {
          console.error(`postgres listener: ${err.message}`);
          again(client);
        });
        client.on('end', () => again(client));
        await client.connect();
        await client.query(`LISTEN ${quoteIdent(channel)}`);
        current = client;
      };
      const again = (client: InstanceType<typeof pg.Client>): void => {
        if (stopped || current !== client || retry) return;
        current = undefined;
        client.end().catch(() => undefined);
        const attempt = (delay: number): void => {
          retry = setTimeout(() => {
            retry = undefined;
            if (stopped) return;
            connect().then(() => onReconnect?.(), () => attempt(Math.min(delay * 2, 10_000)));
          }, delay);
          retry.unref?.();
        };
        attempt(200);
      };
      await connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        const client = current;
        current = undefined;
        await client?.end().catch(() => undefined);
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A PostgreSQL identifier in double quotes. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
