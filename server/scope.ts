/**
 * Workspace isolation in the database: every request's queries run in a transaction as the
 * application role with the workspace set for that transaction only, and row-level security
 * (migrations.ts) hides every other workspace's rows from it, whatever a query's WHERE says.
 */
import type { Database, Queryable } from './db.js';
import { APP_ROLE, WORKSPACE_SETTING } from './migrations.js';

/**
 * Runs `fn` in a transaction that can see and write only workspace `ws`. With `snapshot`, every
 * statement of the (read-only) transaction sees the same snapshot of the database.
 */
export function inWorkspace<T>(db: Database, ws: string, fn: (tx: Queryable) => Promise<T>, options: { snapshot?: boolean } = {}): Promise<T> {
  // Both settings are local to the transaction: a pooled connection carries neither further.
  return db.transaction(fn, { snapshot: options.snapshot ?? false, settings: { [WORKSPACE_SETTING]: ws, role: APP_ROLE } });
}

/**
 * Fails with a message saying what to do when the database user cannot act as the application
 * role (a PostgreSQL user without the right to create roles, where no administrator granted it).
 */
export async function checkAppRole(db: Database): Promise<void> {
  const rows = await db.query<{ ok: boolean }>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS ok`,
    [APP_ROLE],
  );
  if (!rows[0]?.ok) {
    throw new Error(
      `The database user cannot act as the role "${APP_ROLE}" that row-level security applies to. ` +
        `As a PostgreSQL administrator run: CREATE ROLE ${APP_ROLE} NOLOGIN; GRANT ${APP_ROLE} TO <the server's user>; then start the server again.`,
    );
  }
}
