/**
 * Helpers for the server suites: the two backends (PGlite in memory always; PostgreSQL when
 * TEST_DATABASE_URL is set, each test file in its own throwaway schema), a small fetch client and
 * record builders. Every test talks to a real server over loopback.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app.js';
import { ROLES, type Role } from '../../server/auth.js';
import { openDatabase, type Database } from '../../server/db.js';
import { createApiKey, createWorkspace } from '../../server/workspaces.js';

export type BackendName = 'pglite' | 'postgres';

export interface Backend {
  name: BackendName;
  /** A reason to skip (shown in the test output), or false. */
  skip: string | false;
}

const PG_URL = process.env.TEST_DATABASE_URL;

export const BACKENDS: readonly Backend[] = [
  { name: 'pglite', skip: false },
  {
    name: 'postgres',
    skip: PG_URL ? false : 'TEST_DATABASE_URL is not set (start a throwaway cluster with scripts/pg-test-start.sh)',
  },
];

export interface TestDatabase {
  db: Database;
  /** For PostgreSQL: a URL whose connections use this file's schema (for servers opening their own pool). */
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

/** `url` with `search_path` set to `schema` for every connection. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * A fresh empty database: PGlite in memory, or a new schema in the PostgreSQL of TEST_DATABASE_URL
 * (dropped by `cleanup`), so test files never see each other's data even when run in parallel.
 */
export async function openTestDatabase(backend: BackendName, label: string): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ pgliteDir: 'memory://' });
    return { db, databaseUrl: undefined, cleanup: () => db.close() };
  }
  if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `l2c_test_${label.replace(/\W/g, '_')}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withSearchPath(PG_URL, schema);
  const db = await openDatabase({ databaseUrl, poolSize: 4 });
  return {
    db,
    databaseUrl,
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else undefined. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

export interface RequestOptions {
  /** The credential sent as `Authorization: Bearer …` (overrides the client's own). */
  auth?: string | null;
  /** Sent as JSON unless it is a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Idempotency-Key header; `true` makes a fresh UUID. */
  key?: string | true;
}

export async function request(base: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = `Bearer ${options.auth}`;
  Object.assign(headers, options.headers);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (options.key !== undefined) headers['idempotency-key'] = options.key === true ? randomUUID() : options.key;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, text, body: /json/.test(type) && text !== '' ? JSON.parse(text) : undefined };
}

/** A client bound to one server URL and, optionally, one credential. */
export function client(base: string, credential?: string) {
  const o = (options?: RequestOptions): RequestOptions => ({ ...(credential ? { auth: credential } : {}), ...options });
  return {
    get: (path: string, options?: RequestOptions) => request(base, 'GET', path, o(options)),
    post: (path: string, body: unknown, options?: RequestOptions) => request(base, 'POST', path, { ...o(options), body }),
    put: (path: string, body: unknown, options?: RequestOptions) => request(base, 'PUT', path, { ...o(options), body }),
    patch: (path: string, body: unknown, options?: RequestOptions) => request(base, 'PATCH', path, { ...o(options), body }),
    delete: (path: string, options?: RequestOptions) => request(base, 'DELETE', path, o(options)),
    request: (method: string, path: string, options?: RequestOptions) => request(base, method, path, o(options)),
  };
}

/** The operator token the test servers use. */
export const ADMIN_TOKEN = 'test-operator-token-0123456789abcdef';

/** A workspace with one key of each role, and a client for each. */
export interface TestWorkspace {
  id: string;
  keys: Record<Role, string>;
  keyIds: Record<Role, string>;
  as: Record<Role, Client>;
}

/** Creates a workspace with a key of every role on the server's database. */
export async function testWorkspace(server: RunningServer, name = 'Test workspace'): Promise<TestWorkspace> {
  const ws = await createWorkspace(server.database, name);
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  const as = {} as Record<Role, Client>;
  for (const role of ROLES) {
    const created = await createApiKey(server.database, ws.id, { role, label: `${role} key` });
    keys[role] = created.key;
    keyIds[role] = created.id;
    as[role] = client(server.url, created.key);
  }
  return { id: ws.id, keys, keyIds, as };
}

/** A server on `db` with the test operator token, and one workspace with a key of every role. */
export async function serveWithWorkspace(db: Database, options: ServerOptions = {}): Promise<{ server: RunningServer; ws: TestWorkspace }> {
  // Tests send many refused credentials on purpose; the limit on them has tests of its own.
  const server = await startServer({ db, adminToken: ADMIN_TOKEN, rateLimitLeads: 100_000, authFailuresPerMinute: 0, ...options });
  return { server, ws: await testWorkspace(server) };
}

export type Client = ReturnType<typeof client>;

/** Every page of a list, following nextCursor. */
export async function listAll(api: Client, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
    items.push(...(res.body.items as Record<string, unknown>[]));
    cursor = res.body.nextCursor as string | null;
    if (cursor === null) return items;
  }
  throw new Error('too many pages');
}

// ---------------------------------------------------------------------------------------------
// Records

export const uuid = (): string => randomUUID();

export function lead(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: uuid(), name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines', status: 'new', ...extra };
}

export function pipeline(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuid(),
    name: 'Sales',
    stages: [
      { id: 'lead', label: 'Lead', kind: 'open', probability: 0.1 },
      { id: 'qualified', label: 'Qualified', kind: 'open', probability: 0.3 },
      { id: 'won', label: 'Won', kind: 'won', probability: 1 },
      { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
    ],
    ...extra,
  };
}

export function deal(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuid(),
    title: 'Big deal',
    value: 1000,
    currency: 'EUR',
    pipelineId: 'p-1',
    stageId: 'lead',
    status: 'open',
    history: [{ stageId: 'lead', enteredAt: '2024-01-01T00:00:00Z' }],
    ...extra,
  };
}

export function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: uuid(), type: 'call', at: '2024-02-01T10:00:00Z', note: 'Intro call', ...extra };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
