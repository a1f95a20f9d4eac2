import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Deal } from '../../src/core/model.js';
import { RestRepository, type RestOptions } from '../../src/storage/rest.js';
import type { Change } from '../../src/storage/types.js';
import { API_URL } from '../support/env.js';
/** Waits until `check` resolves true (a cache read), naming what never came. */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + Math.max(ms, 10_000);
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const now = () => new Date().toISOString();

function deal(extra: Partial<Deal> = {}): Deal {
  return {
    id: crypto.randomUUID(), title: 'Live deal', value: 1000, currency: 'USD', pipelineId: 'live', stageId: 'lead',
    status: 'open', createdAt: now(), updatedAt: now(), history: [{ stageId: 'lead', enteredAt: now() }], ...extra,
  };
}

/** Another user's client: straight to the server (the proxy adds the member key). */
async function elsewhere(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${API_URL}${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.ok, `${method} ${path}: ${res.status}`).to.equal(true);
  return res;
}

describe('RestRepository: live changes from the server', function () {
  this.timeout(60_000);
  const repos: RestRepository[] = [];
  const names: string[] = [];

  // Polls only every ten minutes: within a test, what arrives came through the change stream.
  function make(extra: Partial<RestOptions> = {}): RestRepository {
    const dbName = `l2c-live-${crypto.randomUUID()}`;
    names.push(dbName);
    const repo = new RestRepository({ endpoint: API_URL, dbName, pollIntervalMs: 600_000, backoff: { baseMs: 20, maxMs: 200 }, ...extra });
    repos.push(repo);
    return repo;
  }

  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await Promise.all(names.splice(0).map((n) => deleteDB(n).catch(() => undefined)));
  });

  it('applies another user\'s create, move and delete to the cache as they happen, and tells listeners', async () => {
    const repo = make();
    const changes: Change[] = [];
    repo.subscribe((c) => changes.push(c));
    // A record written before the page opened comes with the first pull.
    const before = deal({ title: 'Before' });
    await elsewhere('POST', '/deals', before);
    await until(async () => (await repo.deals.get(before.id)) !== undefined, 10_000, 'the first pull');
    const d = deal({ title: 'Created elsewhere' });
    await elsewhere('POST', '/deals', d);
    await until(async () => (await repo.deals.get(d.id))?.title === 'Created elsewhere', 10_000, 'the create to arrive');
    await elsewhere('PATCH', `/deals/${d.id}`, { stageId: 'qualified' });
    await until(async () => (await repo.deals.get(d.id))?.stageId === 'qualified', 10_000, 'the move to arrive');
    await elsewhere('DELETE', `/deals/${d.id}`);
    await until(async () => (await repo.deals.get(d.id)) === undefined, 10_000, 'the delete to arrive');
    expect(changes.some((c) => c.collection === 'deals' && c.type === 'put' && c.ids.includes(d.id) && c.origin === 'remote')).to.equal(true);
    expect(changes.some((c) => c.collection === 'deals' && c.type === 'delete' && c.ids.includes(d.id))).to.equal(true);
  });

  it('resumes after the stream drops: what was written meanwhile arrives, nothing is lost', async () => {
    let streams = 0;
    let dropFirst!: () => void;
    const dropped = new Promise<void>((resolve) => { dropFirst = resolve; });
    // The first change stream breaks after its first chunk, as a proxy timing out would.
    const repo = make({
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).includes('/changes') || streams++ > 0 || !res.body) return res;
        const reader = res.body.getReader();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { done, value } = await reader.read();
            if (done) return controller.close();
            controller.enqueue(value);
            await reader.cancel();
            controller.error(new TypeError('network error'));
            dropFirst();
          },
        });
        return new Response(body, { status: res.status, headers: res.headers });
      },
    });
    await dropped;
    const d = deal({ title: 'Written while the stream was down' });
    await elsewhere('POST', '/deals', d);
    await until(async () => (await repo.deals.get(d.id)) !== undefined, 10_000, 'the change after the reconnection');
    expect(streams).to.be.at.least(2);
  });

  it('keeps a local write that is not sent yet over the server\'s version from the stream', async () => {
    const repo = make({ fetch: (input, init) => (init?.method === 'PUT' ? Promise.reject(new TypeError('offline for writes')) : fetch(input, init)) });
    const d = deal({ title: 'Server version' });
    await elsewhere('POST', '/deals', d);
    await until(async () => (await repo.deals.get(d.id)) !== undefined, 10_000, 'the deal');
    await repo.deals.put({ ...d, title: 'My unsent edit' });
    await elsewhere('PATCH', `/deals/${d.id}`, { value: 2000 });
    const marker = deal({ title: 'After the edit' });
    await elsewhere('POST', '/deals', marker);
    await until(async () => (await repo.deals.get(marker.id)) !== undefined, 10_000, 'a later change');
    expect((await repo.deals.get(d.id))?.title).to.equal('My unsent edit');
  });

  it('opens no stream for a form (write-only) or when polling is off', async () => {
    const asked: string[] = [];
    const spy: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    const form = make({ writeOnly: true, fetch: spy });
    const quiet = make({ pollIntervalMs: 0, fetch: spy });
    await form.deals.put(deal());
    await quiet.deals.put(deal());
    await form.outbox.drained();
    await quiet.outbox.drained();
    expect(asked.filter((u) => u.includes('/changes'))).to.deep.equal([]);
  });
});
