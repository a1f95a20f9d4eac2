/**
 * Schema migrations, applied in order at start inside one transaction. Applied versions are kept
 * in `schema_migrations`; running again applies nothing. A migration is never edited once
 * released: add a new one instead.
 */
import type { Database } from './db.js';

export interface Migration {
  version: number;
  name: string;
  /** Statements run one by one (PGlite's extended protocol runs one statement per query). */
  statements: readonly string[];
}

/** Any constant: held for the migration transaction so two servers starting together take turns. */
const MIGRATION_LOCK = 7_203_101;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records',
    statements: [
      // One sequence for every write in every collection: the order clients sync in.
      'CREATE SEQUENCE records_seq',
      `CREATE TABLE records (
        collection text NOT NULL,
        id text NOT NULL,
        data jsonb NOT NULL,
        version integer NOT NULL,
        seq bigint NOT NULL,
        server_updated_at timestamptz NOT NULL,
        deleted_at timestamptz NULL,
        PRIMARY KEY (collection, id)
      )`,
      'CREATE UNIQUE INDEX records_collection_seq ON records (collection, seq)',
    ],
  },
  {
    version: 2,
    name: 'idempotency keys',
    statements: [
      `CREATE TABLE idempotency_keys (
        key text PRIMARY KEY,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        headers jsonb NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      'CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)',
    ],
  },
  {
    version: 3,
    name: 'filter and sync indexes',
    statements: [
      "CREATE INDEX records_pipeline ON records (collection, (data->>'pipelineId'), seq)",
      'CREATE INDEX records_updated ON records (collection, server_updated_at)',
    ],
  },
];

/** Applies the migrations not yet applied; returns their versions (empty when up to date). */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of ordered) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
