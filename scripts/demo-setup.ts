/**
 * `npm start`'s set-up of the demo on the reference server: a workspace, its keys and sample data,
 * so the REST switch works with no set-up. scripts/start.mjs runs it once the server answers,
 * giving it the server's URL (L2C_SERVER) and the operator token it started the server with
 * (ADMIN_TOKEN, random for each `npm start`). It talks to the server's API only.
 *
 * The keys are kept in `.data/demo-keys.json` and printed as JSON on stdout; later runs reuse them
 * while they still work (a wiped database gets new ones): a form key for the marketing page (usable
 * only from the demo's origins), a member key for the workspace page, and an admin key for trying
 * the API by hand (README). Sample data goes in with the admin key (PUT) when the workspace has no
 * pipeline; a database from before workspaces existed keeps its data in the workspace "default".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleData } from '../demo/seed.js';

interface DemoKeys {
  workspaceId: string;
  formKey: string;
  memberKey: string;
  adminKey: string;
}

const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];
const file = fileURLToPath(new URL('../.data/demo-keys.json', import.meta.url));
const server = (process.env.L2C_SERVER ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const admin = process.env.ADMIN_TOKEN ?? '';

async function call(method: string, path: string, credential: string, body?: unknown): Promise<Response> {
  return fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Whether `key` still works: `GET path` answers `expect`. */
async function works(key: string | undefined, path: string, expect: number): Promise<boolean> {
  if (!key) return false;
  const res = await call('GET', path, key);
  await res.arrayBuffer();
  return res.status === expect;
}

async function keys(): Promise<DemoKeys> {
  let saved: Partial<DemoKeys> = {};
  try {
    if (existsSync(file)) saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoKeys>;
  } catch {
    // A damaged file is replaced.
  }
  const ws = saved.workspaceId ?? '';
  // A form key may not read: 403 (not 401) says it is known and live.
  if (ws && await works(saved.memberKey, '/workspace', 200) && await works(saved.adminKey, '/workspace', 200) && await works(saved.formKey, '/leads', 403)) {
    return saved as DemoKeys;
  }
  const { items } = await json<{ items: { id: string }[] }>(await call('GET', '/admin/workspaces', admin), 'GET /admin/workspaces');
  const existing = items.find((w) => w.id === ws) ?? items.find((w) => w.id === 'default');
  const workspaceId = existing?.id ?? (await json<{ id: string }>(await call('POST', '/admin/workspaces', admin, { name: 'Demo workspace' }), 'POST /admin/workspaces')).id;
  const key = async (role: string, label: string, origins?: string[]) =>
    (await json<{ key: string }>(await call('POST', `/admin/workspaces/${workspaceId}/keys`, admin, { role, label, ...(origins ? { origins } : {}) }), `new ${role} key`)).key;
  const created: DemoKeys = {
    workspaceId,
    formKey: await key('form', 'demo marketing page', DEMO_ORIGINS),
    memberKey: await key('member', 'demo workspace page'),
    adminKey: await key('admin', 'demo admin (README examples)'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  return created;
}

/** Puts the sample data through the API when the workspace has no pipeline yet; returns how many records. */
async function seed(k: DemoKeys): Promise<number> {
  const probe = await json<{ items: unknown[] }>(await call('GET', '/pipelines?limit=1', k.adminKey), 'GET /pipelines');
  if (probe.items.length > 0) return 0;
  const data = sampleData();
  let count = 0;
  for (const [collection, records] of [['pipelines', data.pipelines], ['deals', data.deals], ['leads', data.leads], ['activities', data.activities]] as const) {
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < records.length) {
        const record = records[next++]!;
        await json(await call('PUT', `/${collection}/${encodeURIComponent(record.id)}`, k.adminKey, record), `PUT /${collection}/${record.id}`);
        count += 1;
      }
    }));
  }
  return count;
}

const k = await keys();
const seeded = await seed(k);
if (seeded) console.error(`demo: added ${seeded} sample records to workspace ${k.workspaceId}`);
console.error(`demo: keys in ${file}`);
process.stdout.write(`${JSON.stringify(k)}\n`);
