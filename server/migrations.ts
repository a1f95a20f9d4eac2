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

/** The database role every request runs as (row-level security applies to it). */
export const APP_ROLE = 'l2c_app';
/** The transaction setting that names the workspace a request may see. */
export const WORKSPACE_SETTING = 'l2c.workspace';

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
  {
    version: 4,
    name: 'workspaces, keys, audit, spam and rate limits; row-level security',
    statements: [
      // A workspace's `seq` numbers its writes: writers lock the row, so numbers become visible in
      // commit order and a reader paging by `seq > cursor` never skips a write.
      `CREATE TABLE workspaces (
        id text PRIMARY KEY,
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE api_keys (
        id text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('form', 'viewer', 'member', 'admin')),
        label text NOT NULL,
        secret_hash text NOT NULL,
        origins jsonb NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL
      )`,
      'CREATE INDEX api_keys_workspace ON api_keys (workspace_id)',
      // Records written before workspaces existed go to a workspace named "default".
      `INSERT INTO workspaces (id, name, seq)
        SELECT 'default', 'Default workspace', COALESCE(MAX(seq), 0) FROM records HAVING COUNT(*) > 0`,
      'ALTER TABLE records ADD COLUMN workspace_id text',
      "UPDATE records SET workspace_id = 'default'",
      'ALTER TABLE records ALTER COLUMN workspace_id SET NOT NULL',
      'ALTER TABLE records ADD COLUMN spam boolean NOT NULL DEFAULT false',
      'ALTER TABLE records DROP CONSTRAINT records_pkey',
      'ALTER TABLE records ADD PRIMARY KEY (workspace_id, collection, id)',
      'ALTER TABLE records ADD CONSTRAINT records_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE',
      'DROP INDEX records_collection_seq',
      'DROP INDEX records_pipeline',
      'DROP INDEX records_updated',
      // Each workspace numbers its own writes now (workspaces.seq).
      'DROP SEQUENCE records_seq',
      'CREATE UNIQUE INDEX records_seq ON records (workspace_id, collection, seq)',
      "CREATE INDEX records_pipeline ON records (workspace_id, collection, (data->>'pipelineId'), seq)",
      'CREATE INDEX records_updated ON records (workspace_id, collection, server_updated_at)',
      // Keys held before workspaces existed are not scoped to one; they expire within 48 h anyway.
      'DROP TABLE idempotency_keys',
      `CREATE TABLE idempotency_keys (
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        credential text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        headers jsonb NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, credential, key)
      )`,
      'CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)',
      `CREATE TABLE audit_log (
        workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        collection text NULL,
        record_id text NULL,
        version integer NULL,
        detail jsonb NULL,
        PRIMARY KEY (workspace_id, seq)
      )`,
      'CREATE INDEX audit_log_at ON audit_log (workspace_id, at)',
      // Token buckets shared by every server instance on this database.
      `CREATE TABLE rate_buckets (
        bucket text PRIMARY KEY,
        tokens double precision NOT NULL,
        at_ms double precision NOT NULL
      )`,
      // The role requests run as: row-level security applies to it, so a query can only ever see
      // the rows of the workspace set for its transaction, whatever its WHERE clause says.
      // A database user without CREATEROLE cannot even run CREATE ROLE for a role that exists, so
      // the role an administrator made for it is looked for first.
      `DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN;
        END IF;
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION USING MESSAGE = format(
            'The database user %I may not create the role "${APP_ROLE}" that row-level security applies to. '
            'As a PostgreSQL administrator run: CREATE ROLE ${APP_ROLE} NOLOGIN; GRANT ${APP_ROLE} TO %I; then start the server again.',
            current_user, current_user);
      END $$`,
      `DO $$ BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
      END $$`,
      // Apart from the grant above: a failure here (a user that may not grant itself the role, whose
      // administrator will) must not undo it, or the role could not see the tables once granted.
      `DO $$ BEGIN
        EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
      EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
      END $$`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON records, idempotency_keys TO ${APP_ROLE}`,
      // The audit log is append-only for requests: no UPDATE or DELETE is granted.
      `GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE}`,
      `GRANT SELECT, UPDATE ON workspaces TO ${APP_ROLE}`,
      ...['records', 'idempotency_keys', 'audit_log'].flatMap((table) => [
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
        `CREATE POLICY workspace_isolation ON ${table}
          USING (workspace_id = current_setting('${WORKSPACE_SETTING}', true))
          WITH CHECK (workspace_id = current_setting('${WORKSPACE_SETTING}', true))`,
      ]),
      'ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY workspace_isolation ON workspaces
        USING (id = current_setting('${WORKSPACE_SETTING}', true))
        WITH CHECK (id = current_setting('${WORKSPACE_SETTING}', true))`,
    ],
  },
  {
    version: 5,
    name: 'lead routing: e-mail keys for dedup, round-robin state',
    statements: [
      // The normalised e-mail of a lead (core normalizeEmail, set by store.ts), so a returning person
      // is found by an index when a lead arrives. Existing leads get theirs when the server starts.
      'ALTER TABLE records ADD COLUMN email_key text NULL',
      `CREATE INDEX records_email_key ON records (workspace_id, email_key) WHERE collection = 'leads' AND email_key IS NOT NULL`,
      // Round-robin current weights and capacity counts per workspace, read and written under the
      // workspace's lock by whichever instance routes, so every instance agrees.
      `CREATE TABLE routing_state (
        workspace_id text PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `GRANT SELECT, INSERT, UPDATE ON routing_state TO ${APP_ROLE}`,
      'ALTER TABLE routing_state ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY workspace_isolation ON routing_state
        USING (workspace_id = current_setting('${WORKSPACE_SETTING}', true))
        WITH CHECK (workspace_id = current_setting('${WORKSPACE_SETTING}', true))`,
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
