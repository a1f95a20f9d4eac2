/**
 * Helpers for the server suites: the two backends (PGlite in memory always; PostgreSQL when
 * TEST_DATABASE_URL is set, each test file in its own throwaway schema), a small fetch client and
 * record builders. Every test talks to a real server over loopback.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/db.js';

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
  /** Sent as JSON unless it is a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Idempotency-Key header; `true` makes a fresh UUID. */
  key?: string | true;
}

export async function request(base: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
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

/** A client bound to one server URL. */
export function client(base: string) {
  return {
    get: (path: string, options?: RequestOptions) => request(base, 'GET', path, options),
    post: (path: string, body: unknown, options?: RequestOptions) => request(base, 'POST', path, { ...options, body }),
    put: (path: string, body: unknown, options?: RequestOptions) => request(base, 'PUT', path, { ...options, body }),
    patch: (path: string, body: unknown, options?: RequestOptions) => request(base, 'PATCH', path, { ...options, body }),
    delete: (path: string, options?: RequestOptions) => request(base, 'DELETE', path, options),
    request: (method: string, path: string, options?: RequestOptions) => request(base, method, path, options),
  };
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
