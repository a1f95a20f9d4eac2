import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import * as env from '../support/env.js';
import { API_URL, PROXY_URL } from '../support/env.js';
import type { Deal, Lead } from '../../src/core/model.js';
import { RestRepository, type OutboxEvent, type RestOptions } from '../../src/storage/rest.js';
import type { Change } from '../../src/storage/types.js';
import type { FaultPlan, FaultStats } from '../support/fault-proxy.js';
import { until } from './repository-suite.js';

let n = 0;
const uid = () => `${Date.now().toString(36)}-${(n++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const now = () => new Date().toISOString();

function lead(extra: Partial<Lead> = {}): Lead {
  const id = crypto.randomUUID();
  return { id, createdAt: now(), updatedAt: now(), status: 'new', name: `Lead ${id.slice(0, 4)}`, email: `${id.slice(0, 8)}@example.com`, ...extra };
}

function deal(extra: Partial<Deal> = {}): Deal {
  return {
    id: crypto.randomUUID(), title: 'Acme pilot', value: 5000, currency: 'USD', pipelineId: 'l2c', stageId: 'lead',
    status: 'open', createdAt: now(), updatedAt: now(), history: [{ stageId: 'lead', enteredAt: now() }], ...extra,
  };
}

// Keys of the test workspace, once the server has them (test/server-plugins.mjs); until then any key passes.
const keys = (env as { API_KEYS?: Record<'form' | 'viewer' | 'member' | 'admin', string> }).API_KEYS;
const FORM_KEY = keys?.form ?? 'form-key';
const MEMBER_KEY = keys?.member ?? 'member-key';

const faults = (plan: FaultPlan, reset = false) => executeServerCommand<FaultStats, { plan: FaultPlan; reset: boolean }>('l2c-faults', { plan, reset });

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${API_URL}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
}

async function serverGet<T>(collection: string, id: string): Promise<{ status: number; body?: T; etag: string | null }> {
  const res = await api(`/${collection}/${id}`);
  return { status: res.status, body: res.ok ? await res.json() as T : undefined, etag: res.headers.get('etag') };
}

describe('RestRepository against the reference server', function () {
  this.timeout(180_000);
  const repos: RestRepository[] = [];
  const names: string[] = [];

  function make(extra: Partial<RestOptions> = {}, dbName = `l2c-rest-${uid()}`): RestRepository {
    names.push(dbName);
    const repo = new RestRepository({ endpoint: PROXY_URL, dbName, backoff: { baseMs: 20, maxMs: 200 }, pollIntervalMs: 0, ...extra });
    repos.push(repo);
    return repo;
  }

  function events(repo: RestRepository): OutboxEvent[] {
    const seen: OutboxEvent[] = [];
    repo.outbox.subscribe((e) => seen.push(e));
    return seen;
  }

  beforeEach(async () => {
    await faults({}, true);
  });

  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await faults({}, true);
  });

  after(async () => {
    await Promise.all(names.map((name) => deleteDB(name).catch(() => undefined)));
  });

  it('stores a lead locally at once, then creates it on the server with an idempotency key', async () => {
    const repo = make();
    const seen = events(repo);
    const l = lead({ name: '<b>Zoë</b> 王', custom: { note: '=cmd|x' } });
    await repo.leads.put(l);
    expect((await repo.leads.get(l.id))?.name).to.equal('<b>Zoë</b> 王');
    await repo.outbox.drained();
    const onServer = await serverGet<Lead>('leads', l.id);
    expect(onServer.status).to.equal(200);
    expect(onServer.body?.name).to.equal('<b>Zoë</b> 王');
    expect(onServer.body?.custom).to.deep.equal({ note: '=cmd|x' });
    expect(seen.map((e) => e.type)).to.include.members(['queued', 'sent']);
    expect(repo.isSender).to.equal(true);
  });

  it('sends static and per-request headers through a fetch of the caller\'s choosing', async () => {
    const sent: Headers[] = [];
    let token = 0;
    const repo = make({
      apiKey: 'overridden-by-headers',
      headers: { 'content-language': 'en', authorization: 'Bearer overridden-by-getHeaders' },
      getHeaders: async () => {
        token += 1;
        return { authorization: `Bearer ${MEMBER_KEY}` };
      },
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers));
        return fetch(input, init);
      },
    });
    await repo.leads.put(lead());
    await repo.leads.put(lead());
    await repo.outbox.drained();
    expect(sent.length).to.be.at.least(2);
    expect(sent.every((h) => h.get('content-language') === 'en')).to.equal(true);
    expect(token, 'getHeaders is asked for every request').to.equal(sent.length);
    expect(sent.every((h) => h.get('authorization') === `Bearer ${MEMBER_KEY}`)).to.equal(true);
    expect(sent.every((h) => /^[0-9a-f-]{36}$/.test(h.get('idempotency-key') ?? ''))).to.equal(true);
  });

  it('sends an update of a synced record with If-Match, so the server version moves on', async () => {
    const repo = make();
    const d = deal();
    await repo.deals.put(d);
    await repo.outbox.drained();
    const first = await serverGet<Deal>('deals', d.id);
    await repo.deals.put({ ...d, stageId: 'qualified', value: 7000 });
    await repo.outbox.drained();
    const second = await serverGet<Deal>('deals', d.id);
    expect(second.body?.stageId).to.equal('qualified');
    expect(second.etag).to.not.equal(first.etag);
  });

  it('retries dropped connections, 500s and lost responses without creating duplicates', async () => {
    const repo = make();
    const seen = events(repo);
    await faults({ queue: ['drop', '500', 'lost-response', 'drop'] });
    const l = lead();
    await repo.leads.put(l);
    await repo.outbox.drained();
    const stats = await faults({});
    expect(stats.faults.drop).to.equal(2);
    expect(stats.faults['lost-response']).to.equal(1);
    const retries = seen.filter((e): e is Extract<OutboxEvent, { type: 'retry' }> => e.type === 'retry');
    // A browser may itself resend a request whose connection closed without a response, so some
    // faults never reach the page; every one that does is retried with a growing, capped delay.
    expect(retries.length).to.be.within(2, 4);
    retries.forEach((e, i) => {
      expect(e.attempts).to.equal(i + 1);
      const full = Math.min(200, 20 * 2 ** i);
      expect(e.delayMs).to.be.within(full / 2, full);
    });
    const list = await (await api(`/leads?limit=1000&updatedSince=${encodeURIComponent(l.createdAt)}`)).json() as { items: Lead[] };
    expect(list.items.filter((x) => x.id === l.id)).to.have.length(1);
  });

  it('waits as long as Retry-After says on 503 and 429', async () => {
    const repo = make();
    const seen = events(repo);
    await faults({ queue: ['503', '429'], retryAfterSeconds: 1 });
    const started = performance.now();
    await repo.leads.put(lead());
    await repo.outbox.drained();
    const retries = seen.filter((e): e is Extract<OutboxEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((e) => e.error)).to.deep.equal(['HTTP 503', 'HTTP 429']);
    expect(retries.every((e) => e.delayMs >= 1000)).to.equal(true);
    expect(performance.now() - started).to.be.at.least(1900);
  });

  it('moves a write the server refuses (422) to the dead-letter list, with the field named', async () => {
    const repo = make();
    const seen = events(repo);
    const bad = deal({ currency: 'dollars' });
    await repo.deals.put(bad);
    await repo.outbox.drained();
    const letters = await repo.outbox.deadLetters();
    expect(letters).to.have.length(1);
    expect(letters[0]!.reason).to.equal('rejected');
    expect(letters[0]!.status).to.equal(422);
    expect(JSON.stringify(letters[0]!.problem)).to.contain('currency');
    expect(seen.some((e) => e.type === 'dead-letter')).to.equal(true);
    // Nothing is lost: the local copy stays until the person fixes or discards it.
    expect((await repo.deals.get(bad.id))?.currency).to.equal('dollars');
    await repo.outbox.discard(letters[0]!.seq!);
    expect(await repo.outbox.deadLetters()).to.deep.equal([]);
  });

  it('lets a dead letter be retried once the cause is fixed on the server side', async () => {
    const repo = make();
    await faults({ queue: ['drop'] });
    const d = deal({ currency: 'dollars' });
    await repo.deals.put(d);
    await repo.outbox.drained();
    const [letter] = await repo.outbox.deadLetters();
    await repo.outbox.resolve(letter!.seq!, { ...d, currency: 'EUR' });
    await repo.outbox.drained();
    expect((await serverGet<Deal>('deals', d.id)).body?.currency).to.equal('EUR');
    expect(await repo.outbox.deadLetters()).to.deep.equal([]);
  });

  it('surfaces a stale write (412) as a conflict with both versions, never overwriting the server', async () => {
    const repo = make();
    const seen = events(repo);
    const d = deal({ title: 'Original' });
    await repo.deals.put(d);
    await repo.outbox.drained();
    const { etag } = await serverGet<Deal>('deals', d.id);
    // Someone else changes the deal on the server.
    const patched = await api(`/deals/${d.id}`, { method: 'PATCH', headers: { 'if-match': etag! }, body: JSON.stringify({ title: 'Theirs' }) });
    expect(patched.status).to.equal(200);
    await repo.deals.put({ ...d, title: 'Mine' });
    await repo.outbox.drained();
    const [letter] = await repo.outbox.deadLetters();
    expect(letter?.reason).to.equal('conflict');
    expect(letter?.status).to.equal(412);
    expect((letter?.record as Deal).title).to.equal('Mine');
    expect((letter?.server as Deal).title).to.equal('Theirs');
    expect(seen.some((e) => e.type === 'conflict')).to.equal(true);
    expect((await serverGet<Deal>('deals', d.id)).body?.title).to.equal('Theirs');
    expect((await repo.deals.get(d.id))?.title, 'the local edit is kept until resolved').to.equal('Mine');

    // Resolving with a merge sends it over the server's current version.
    await repo.outbox.resolve(letter!.seq!, { ...d, title: 'Mine + Theirs' });
    await repo.outbox.drained();
    expect((await serverGet<Deal>('deals', d.id)).body?.title).to.equal('Mine + Theirs');
  });

  it('keeps the server version when a conflict is discarded', async () => {
    const repo = make();
    const d = deal({ title: 'Original' });
    await repo.deals.put(d);
    await repo.outbox.drained();
    const { etag } = await serverGet<Deal>('deals', d.id);
    await api(`/deals/${d.id}`, { method: 'PATCH', headers: { 'if-match': etag! }, body: JSON.stringify({ title: 'Theirs' }) });
    await repo.deals.put({ ...d, title: 'Mine' });
    await repo.outbox.drained();
    const [letter] = await repo.outbox.deadLetters();
    await repo.outbox.discard(letter!.seq!);
    expect((await repo.deals.get(d.id))?.title).to.equal('Theirs');
  });

  it('pulls changes made on the server, including deletes, without touching unsent local writes', async () => {
    const repo = make();
    const changes: Change[] = [];
    repo.subscribe((c) => changes.push(c));
    const a = deal({ title: 'Made elsewhere' });
    const b = deal({ title: 'Will be deleted' });
    for (const d of [a, b]) expect((await api(`/deals/${d.id}`, { method: 'PUT', body: JSON.stringify(d) })).status).to.equal(201);
    await repo.sync(['deals']);
    expect((await repo.deals.get(a.id))?.title).to.equal('Made elsewhere');
    expect(changes.some((c) => c.origin === 'remote' && c.ids.includes(a.id))).to.equal(true);

    await api(`/deals/${b.id}`, { method: 'DELETE' });
    // A local edit of `a` waiting in the outbox (the proxy drops it) must survive the pull.
    await faults({ rate: 1, kinds: ['drop'], methods: ['PUT'] });
    await repo.deals.put({ ...a, title: 'Edited here' });
    await api(`/deals/${a.id}`, { method: 'PATCH', body: JSON.stringify({ value: 1 }) });
    await repo.sync(['deals']);
    expect(await repo.deals.get(b.id)).to.equal(undefined);
    expect((await repo.deals.get(a.id))?.title).to.equal('Edited here');
  });

  it('keeps writes made offline and sends them when the connection returns', async () => {
    const repo = make();
    await faults({ rate: 1, kinds: ['drop'] });
    const l = lead();
    await repo.leads.put(l);
    await new Promise((r) => setTimeout(r, 300));
    expect((await repo.outbox.pending()).map((e) => e.id)).to.deep.equal([l.id]);
    expect((await serverGet('leads', l.id)).status).to.equal(404);
    await faults({});
    dispatchEvent(new Event('online'));
    await repo.outbox.drained();
    expect((await serverGet('leads', l.id)).status).to.equal(200);
  });

  it('resumes sending after the page is closed and opened again', async () => {
    const dbName = `l2c-rest-${uid()}`;
    await faults({ rate: 1, kinds: ['drop'] });
    const first = make({}, dbName);
    const ls = [lead(), lead(), lead()];
    for (const l of ls) await first.leads.put(l);
    first.close();
    await faults({});
    const second = make({}, dbName);
    await until(() => second.isSender, 5000, 'the new page to take over sending');
    await second.outbox.drained();
    for (const l of ls) expect((await serverGet('leads', l.id)).status).to.equal(200);
  });

  it('has exactly one sending tab, and both tabs see each other\'s changes', async () => {
    const dbName = `l2c-rest-${uid()}`;
    const tabA = make({}, dbName);
    await until(() => tabA.isSender, 5000, 'the first tab to hold the lock');
    const tabB = make({}, dbName);
    await new Promise((r) => setTimeout(r, 100));
    expect([tabA.isSender, tabB.isSender]).to.deep.equal([true, false]);
    const seenA: Change[] = [];
    const seenB: Change[] = [];
    const sentB: OutboxEvent[] = events(tabB);
    tabA.subscribe((c) => seenA.push(c));
    tabB.subscribe((c) => seenB.push(c));
    const fromB = lead({ name: 'From tab B' });
    await tabB.leads.put(fromB);
    const fromA = deal({ title: 'From tab A' });
    await tabA.deals.put(fromA);
    await tabB.outbox.drained();
    await until(() => sentB.some((e) => e.type === 'sent' && e.id === fromB.id), 5000, 'tab B to hear its lead was sent');
    expect((await serverGet('leads', fromB.id)).status).to.equal(200);
    await until(() => seenA.some((c) => c.ids.includes(fromB.id)) && seenB.some((c) => c.ids.includes(fromA.id)), 5000, 'both tabs to see the other\'s change');
    // When the sending tab closes, the other takes over.
    tabA.close();
    await until(() => tabB.isSender, 5000, 'tab B to take over');
    const later = lead();
    await tabB.leads.put(later);
    await tabB.outbox.drained();
    expect((await serverGet('leads', later.id)).status).to.equal(200);
  });

  it('writes all of a batch or nothing: a record that cannot be stored leaves no half-queued batch', async () => {
    const repo = make();
    await faults({ rate: 1, kinds: ['drop'] });
    const good = lead({ name: 'Fine' });
    // A function cannot be stored (structured clone refuses it).
    const bad = lead({ custom: { callback: (() => 1) as unknown as string } });
    let error: unknown;
    await repo.leads.putMany([good, bad]).catch((e: unknown) => { error = e; });
    expect(error, 'the batch is refused').to.be.instanceOf(Error);
    expect(await repo.leads.get(good.id), 'the good record is not kept alone').to.equal(undefined);
    expect(await repo.outbox.pending(), 'nothing is queued').to.deep.equal([]);
    // The repository still works.
    await faults({});
    await repo.leads.put(good);
    await repo.outbox.drained();
    expect((await serverGet('leads', good.id)).status).to.equal(200);
  });

  it('lets a write-only form share the outbox with a reader, which keeps pulling and sends for both', async () => {
    const dbName = `l2c-rest-${uid()}`;
    const asked = { form: [] as string[], board: [] as string[] };
    const counting = (who: keyof typeof asked): typeof fetch => (input, init) => {
      if ((init?.method ?? 'GET') === 'GET') asked[who].push(String(input));
      return fetch(input, init);
    };
    // The form comes first (a contact page open in one tab), then a board on the same endpoint.
    const form = make({ writeOnly: true, fetch: counting('form') }, dbName);
    await new Promise((r) => setTimeout(r, 100));
    const board = make({ pollIntervalMs: 100, fetch: counting('board') }, dbName);
    // With nothing to send, the form steps aside: the board holds the lock and pulls.
    await until(() => board.isSender && !form.isSender, 5000, 'the board to hold the lock');
    const pulled: Change[] = [];
    board.subscribe((c) => pulled.push(c));
    const made = deal({ title: 'Made on the server' });
    expect((await api(`/deals/${made.id}`, { method: 'PUT', body: JSON.stringify(made) })).status).to.equal(201);
    await until(() => pulled.some((c) => c.origin === 'remote' && c.ids.includes(made.id)), 5000, 'the board to pull the server\'s deal');
    expect((await board.deals.get(made.id))?.title).to.equal('Made on the server');
    // The form writes: the board, holding the lock, sends the lead, and the form hears it was sent.
    const heard = events(form);
    const l = lead({ name: 'From the contact page' });
    await form.leads.put(l);
    await until(() => heard.some((e) => e.type === 'sent' && e.id === l.id), 5000, 'the form to hear its lead was sent');
    expect((await serverGet<Lead>('leads', l.id)).body?.name).to.equal('From the contact page');
    expect(asked.form, 'what the form asked the server for').to.deep.equal([]);
    expect(asked.board.some((u) => u.includes('/deals?')), 'the board pulls').to.equal(true);
    // The board goes: the form takes the lock when it next has something to send, and sends it itself.
    board.close();
    const second = lead();
    await form.leads.put(second);
    await until(() => heard.some((e) => e.type === 'sent' && e.id === second.id), 5000, 'the form to send its next lead itself');
    expect(asked.form).to.deep.equal([]);
    await until(() => !form.isSender, 2000, 'the form to step aside again');
  });

  it('lets a write-only form that holds the lock give it up, so a reader in another tab pulls', async () => {
    const dbName = `l2c-rest-${uid()}`;
    const form = make({ writeOnly: true }, dbName);
    // The form has a lead to send but the server is unreachable: it holds the lock while retrying.
    await faults({ rate: 1, kinds: ['drop'] });
    const l = lead();
    await form.leads.put(l);
    await until(() => form.isSender, 5000, 'the form to hold the lock while its lead waits');
    const board = make({ pollIntervalMs: 100 }, dbName);
    await new Promise((r) => setTimeout(r, 200));
    expect(board.isSender).to.equal(false);
    // The server comes back: the form sends, steps aside, and the board takes over.
    await faults({});
    dispatchEvent(new Event('online'));
    await until(() => board.isSender && !form.isSender, 5000, 'the board to take the lock once the form is done');
    expect((await serverGet('leads', l.id)).status).to.equal(200);
  });

  it('passes a write\'s wake-up to the sending tab once, not back and forth between the others', async () => {
    const dbName = `l2c-rest-${uid()}`;
    const board = make({ pollIntervalMs: 0 }, dbName);
    await until(() => board.isSender, 5000, 'the board to hold the lock');
    // Two contact forms that do not send (the board holds the lock), and a listener on their channel.
    const [formA, formB] = [make({ writeOnly: true }, dbName), make({ writeOnly: true }, dbName)];
    const listener = new BroadcastChannel(`l2c-outbox:${dbName}`);
    let kicks = 0;
    listener.onmessage = (e: MessageEvent<{ type: string }>) => { if (e.data.type === 'kick') kicks += 1; };
    try {
      const heard = events(formB);
      const l = lead();
      await formA.leads.put(l);
      await until(() => heard.some((e) => e.type === 'sent' && e.id === l.id), 5000, 'the other form to hear the lead was sent');
      await new Promise((r) => setTimeout(r, 500));
      expect(kicks, 'kick messages on the channel').to.be.at.most(2);
    } finally {
      listener.close();
    }
  });

  it('sends 50 good writes past a poisoned one, which becomes a dead letter after 5 answers of HTTP 500', async () => {
    // Retries wait an hour unless asked for (retryNow), so nothing here depends on timing.
    const repo = make({ maxFailures: 5, backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    const seen = events(repo);
    await faults({ poison: { marker: 'poison-pill' } });
    const poisoned = lead({ name: 'poison-pill' });
    const good = Array.from({ length: 50 }, (_, i) => lead({ name: `Good ${i}` }));
    await repo.leads.putMany([poisoned, ...good]);
    const sent = () => seen.filter((e) => e.type === 'sent').length;
    await until(() => sent() === 50, 30_000, 'the 50 good leads to be sent while the poisoned one waits');
    for (const l of good) expect((await serverGet('leads', l.id)).status, l.name).to.equal(200);
    expect((await repo.outbox.pending()).map((e) => [e.id, e.strikes, e.lastStatus])).to.deep.equal([[poisoned.id, 1, 500]]);
    const retries = () => seen.filter((e): e is Extract<OutboxEvent, { type: 'retry' }> => e.type === 'retry');
    for (let n = 2; n <= 4; n++) {
      await repo.outbox.retryNow();
      await until(() => retries().length === n, 10_000, `attempt ${n}`);
    }
    await repo.outbox.retryNow();
    await until(() => seen.some((e) => e.type === 'dead-letter'), 10_000, 'the dead letter');
    expect((await serverGet('leads', poisoned.id)).status).to.equal(404);
    const [letter, ...others] = await repo.outbox.deadLetters();
    expect(others).to.deep.equal([]);
    expect(letter).to.deep.include({ id: poisoned.id, reason: 'failed', status: 500, strikes: 5, attempts: 5, lastError: 'HTTP 500' });
    expect((letter!.problem as { title: string }).title).to.equal('Injected 500');
    expect(retries().map((e) => [e.cause, e.status, e.attempts])).to.deep.equal([1, 2, 3, 4].map((n) => ['failing', 500, n]));
    expect(await repo.outbox.pending()).to.deep.equal([]);
    expect((await faults({})).poisoned).to.equal(5);
  });

  it('keeps the order of writes to one record while another record\'s write waits', async () => {
    const repo = make({ maxFailures: 3 });
    const seen = events(repo);
    await faults({ poison: { marker: 'stuck-deal' } });
    const stuck = deal({ title: 'stuck-deal' });
    const d = deal({ title: 'v1' });
    await repo.deals.put(stuck);
    await repo.deals.put(d);
    await repo.deals.put({ ...d, title: 'v2' });
    await repo.deals.put({ ...stuck, title: 'stuck-deal again' });
    await repo.outbox.drained(30_000);
    expect((await serverGet<Deal>('deals', d.id)).body?.title).to.equal('v2');
    const sentIds = seen.filter((e): e is Extract<OutboxEvent, { type: 'sent' }> => e.type === 'sent').map((e) => e.id);
    expect(sentIds).to.deep.equal([d.id, d.id]);
    // The second write of the stuck record waited for its first, then failed on its own.
    expect((await repo.outbox.deadLetters()).map((l) => [l.id, (l.record as Deal).title])).to.deep.equal([[stuck.id, 'stuck-deal'], [stuck.id, 'stuck-deal again']]);
  });

  it('takes a success that is not JSON (an HTML page at a wrong endpoint) for a failure, not for sent', async () => {
    const repo = make({ maxFailures: 2 });
    const seen = events(repo);
    await faults({ poison: { marker: 'html-page', status: 200, body: '<!doctype html><title>Home</title>' } });
    const l = lead({ name: 'html-page' });
    await repo.leads.put(l);
    await until(() => seen.some((e) => e.type === 'dead-letter'), 10_000, 'the dead letter');
    expect(seen.some((e) => e.type === 'sent')).to.equal(false);
    const [letter] = await repo.outbox.deadLetters();
    expect(letter).to.deep.include({ reason: 'failed', status: 200, strikes: 2 });
    expect(letter!.lastError).to.contain('not JSON');
  });

  it('retries network errors, timeouts and 502/503/504 for ever, never making a dead letter of them', async () => {
    const repo = make({ maxFailures: 2, requestTimeoutMs: 300 });
    const seen = events(repo);
    await faults({ queue: ['drop', '503', 'drop', '503', 'slow', '429', 'drop', 'drop'], slowMs: 1000, retryAfterSeconds: 0 });
    const l = lead();
    await repo.leads.put(l);
    await repo.outbox.drained(30_000);
    expect((await serverGet('leads', l.id)).status).to.equal(200);
    const causes = seen.filter((e): e is Extract<OutboxEvent, { type: 'retry' }> => e.type === 'retry').map((e) => e.cause);
    // A browser may itself resend a request whose connection closed without an answer, so not
    // every drop reaches the page; those that do are network errors.
    expect(causes.length).to.be.at.least(4);
    expect(causes).to.include.members(['server', 'timeout']);
    expect(causes.every((c) => ['network', 'server', 'timeout'].includes(c))).to.equal(true);
    expect(await repo.outbox.deadLetters()).to.deep.equal([]);
  });

  it('keeps a write refused for its credentials (401, 403) with a long backoff, and sends it at once with a working key', async () => {
    const repo = make({ apiKey: 'wrong-key', backoff: { baseMs: 20, maxMs: 200, authBaseMs: 600_000, authMaxMs: 900_000 } });
    const seen = events(repo);
    await faults({ rate: 1, kinds: ['401'] }, true);
    const l = lead();
    await repo.leads.put(l);
    await until(() => seen.some((e) => e.type === 'retry'), 10_000, 'the 401');
    const retry = seen.find((e): e is Extract<OutboxEvent, { type: 'retry' }> => e.type === 'retry')!;
    expect(retry).to.deep.include({ cause: 'unauthorized', status: 401, attempts: 1 });
    expect(retry.delayMs).to.be.within(300_000, 600_000);
    expect((retry.problem as { type: string }).type).to.match(/\/unauthorized$/);
    // No tight loop: one request, and the write stays queued.
    await new Promise((r) => setTimeout(r, 300));
    const stats = await faults({ rate: 1, kinds: ['403'] });
    expect(stats.requests).to.equal(1);
    expect(stats.authorization).to.deep.equal(['Bearer wrong-key']);
    expect((await repo.outbox.pending()).map((e) => [e.id, e.lastStatus])).to.deep.equal([[l.id, 401]]);
    // A key that is still not allowed (403): again one request and a long wait.
    await repo.setCredentials({ apiKey: 'viewer-key' });
    await until(() => seen.filter((e) => e.type === 'retry').length === 2, 10_000, 'the 403');
    expect(seen.filter((e) => e.type === 'retry').at(-1)).to.deep.include({ cause: 'forbidden', status: 403, attempts: 2 });
    // The right key: sent at once.
    await faults({});
    await repo.setCredentials({ apiKey: FORM_KEY });
    await until(() => seen.some((e) => e.type === 'sent'), 10_000, 'the lead to be sent');
    expect((await serverGet('leads', l.id)).status).to.equal(200);
    expect((await faults({})).authorization).to.deep.equal(['Bearer wrong-key', 'Bearer viewer-key', `Bearer ${FORM_KEY}`]);
  });

  it('retries writes waiting for credentials when a new page starts with another key', async () => {
    const dbName = `l2c-rest-${uid()}`;
    const first = make({ apiKey: 'old-key', backoff: { authBaseMs: 600_000 } }, dbName);
    const seen = events(first);
    await faults({ rate: 1, kinds: ['401'] }, true);
    const l = lead();
    await first.leads.put(l);
    await until(() => seen.some((e) => e.type === 'retry'), 10_000, 'the 401');
    first.close();
    await faults({});
    const second = make({ apiKey: FORM_KEY }, dbName);
    // It waits for the sending lock until the first page has let go of it.
    await until(() => second.isSender, 20_000, 'the new page to send');
    await second.outbox.drained(20_000);
    expect((await serverGet('leads', l.id)).status).to.equal(200);
    expect((await faults({})).authorization.at(-1)).to.equal(`Bearer ${FORM_KEY}`);
  });

  it('cleans NUL, other control characters and lone surrogates out of a record before it is queued', async () => {
    const repo = make();
    const l = lead({ name: 'Ada\0 Lovelace', message: 'pasted \ud83d text\x07', source: { utm_source: '\0', page: 'https://x.test/?a=%00' }, custom: { 'no\0te': 'a\udc00b' } });
    const stored = await repo.leads.put(l);
    expect(stored.name).to.equal('Ada Lovelace');
    expect((await repo.leads.get(l.id))?.message).to.equal('pasted \ufffd text');
    expect((await repo.outbox.pending())[0]!.record).to.deep.include({ name: 'Ada Lovelace', custom: { note: 'a\ufffdb' } });
    await repo.outbox.drained();
    const onServer = (await serverGet<Lead>('leads', l.id)).body!;
    expect(onServer).to.deep.include({ name: 'Ada Lovelace', message: 'pasted \ufffd text', custom: { note: 'a\ufffdb' } });
    expect(onServer.source).to.deep.include({ utm_source: '', page: 'https://x.test/?a=%00' });
  });

  it('keeps its cache and outbox in memory and still sends when IndexedDB cannot be opened', async () => {
    const open = indexedDB.open.bind(indexedDB);
    indexedDB.open = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
    try {
      const repo = make({ writeOnly: true });
      await faults({ queue: ['drop', '503'], retryAfterSeconds: 0 }, true);
      const seen = events(repo);
      const ls = [lead({ name: 'In memory 1' }), lead({ name: 'In memory 2' })];
      for (const l of ls) await repo.leads.put(l);
      expect(repo.local.inMemory).to.equal(true);
      expect((await repo.leads.get(ls[0]!.id))?.name).to.equal('In memory 1');
      expect((await repo.leads.list({ where: { email: ls[1]!.email! } })).map((x) => x.id)).to.deep.equal([ls[1]!.id]);
      await until(() => seen.filter((e) => e.type === 'sent').length === 2, 20_000, 'both leads to be sent');
      for (const l of ls) expect((await serverGet('leads', l.id)).status).to.equal(200);
      expect(await repo.outbox.pending()).to.deep.equal([]);
      // A batch with something that cannot be stored is refused whole, in memory too.
      const bad = lead({ custom: { callback: (() => 1) as unknown as string } });
      let error: unknown;
      await repo.leads.putMany([lead(), bad]).catch((e: unknown) => { error = e; });
      expect(error).to.be.instanceOf(Error);
      expect(await repo.outbox.pending()).to.deep.equal([]);
    } finally {
      indexedDB.open = open;
    }
  });

  it('chaos: 1,000 leads under random faults with a page reload half-way end as exactly 1,000 on the server', async () => {
    const dbName = `l2c-chaos-${uid()}`;
    names.push(dbName);
    const all = Array.from({ length: 1000 }, (_, i) => lead({ name: `Chaos ${i}`, source: { utm_source: 'chaos' } }));
    await faults({ rate: 0.3, kinds: ['drop', '500', '503', '429', 'slow', 'lost-response'], slowMs: 100, retryAfterSeconds: 0 }, true);

    // The first page writes the first half and starts sending; it is then closed mid-flight.
    const frame = document.createElement('iframe');
    const params = new URLSearchParams({ endpoint: PROXY_URL, dbName });
    frame.src = `/test/storage/writer-frame.html?${params}`;
    const ready = new Promise<void>((resolve, reject) => {
      addEventListener('message', function onMessage(e: MessageEvent) {
        if (e.data?.type === 'written') { removeEventListener('message', onMessage); resolve(); }
        if (e.data?.type === 'error') reject(new Error(e.data.message));
      });
    });
    document.body.append(frame);
    await until(() => frame.contentWindow !== null);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    frame.contentWindow!.postMessage({ type: 'write', leads: all.slice(0, 500) }, '*');
    await ready;
    const countOnServer = async () => {
      let total = 0;
      const ids = new Set<string>();
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: '1000', updatedSince: all[0]!.createdAt });
        if (cursor) q.set('cursor', cursor);
        const page = await (await api(`/leads?${q}`)).json() as { items: Lead[]; nextCursor: string | null };
        for (const item of page.items) {
          if (item.source?.utm_source !== 'chaos') continue;
          total += 1;
          ids.add(item.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      return { total, ids };
    };
    for (let i = 0; i < 200; i++) {
      if ((await countOnServer()).total >= 100) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    frame.remove(); // the reload: the page and its in-flight requests are gone

    // The reloaded page writes the second half and sends what the first page left behind.
    const page = make({ backoff: { baseMs: 10, maxMs: 100 } }, dbName);
    for (let i = 500; i < 1000; i += 100) await page.leads.putMany(all.slice(i, i + 100));
    await page.outbox.drained(150_000);
    const stats = await faults({});
    const { total, ids } = await countOnServer();
    expect(total, 'records on the server').to.equal(1000);
    expect(ids.size, 'distinct ids').to.equal(1000);
    for (const l of all) expect(ids.has(l.id)).to.equal(true);
    expect(await page.outbox.pending()).to.deep.equal([]);
    expect(await page.outbox.deadLetters()).to.deep.equal([]);
    const injected = Object.values(stats.faults).reduce((a, b) => a + b, 0);
    expect(injected).to.be.greaterThan(100);
    console.log(`chaos: ${stats.requests} requests, ${injected} faults injected (${JSON.stringify(stats.faults)}), 1000 leads, ${total} on the server`);
  });
});
