/**
 * The settings collection over REST (issue 17), against the reference server: a routing
 * configuration goes through the outbox (PUT /settings/routing, waiting while the server is
 * unreachable), a bad one is refused before it is queued, the server routes the leads this
 * repository creates and the cache gets what it decided, and another user's change to the
 * settings arrives through pulls and the live change stream.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import { API_URL, PROXY_URL } from '../support/env.js';
import type { Lead, Settings } from '../../src/core/model.js';
import type { InvalidSettingsError } from '../../src/storage/routing-write.js';
import { RestRepository, type RestOptions } from '../../src/storage/rest.js';
import type { FaultPlan, FaultStats } from '../support/fault-proxy.js';
import { until } from './repository-suite.js';

const faults = (plan: FaultPlan, reset = false) => executeServerCommand<FaultStats, { plan: FaultPlan; reset: boolean }>('l2c-faults', { plan, reset });

const ROUTING: Settings = {
  id: 'routing',
  period: 'day',
  teams: [{ id: 'inside', members: [{ ownerId: 'rest-ana' }, { ownerId: 'rest-ben' }] }],
  rules: [{ id: 'rest-test', when: [{ field: 'company', op: 'eq', value: 'REST routing test' }], teamId: 'inside' }],
};

// The admin proxy (API_URL) adds the workspace's admin key: settings/routing is an admin's to write.
async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${API_URL}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
}

function lead(extra: Partial<Lead> = {}): Lead {
  const at = new Date().toISOString();
  return { id: crypto.randomUUID(), createdAt: at, updatedAt: at, status: 'new', company: 'REST routing test', ...extra };
}

describe('RestRepository: the settings collection', function () {
  this.timeout(180_000);
  const repos: RestRepository[] = [];
  const names: string[] = [];

  function make(extra: Partial<RestOptions> = {}): RestRepository {
    const dbName = `l2c-rest-settings-${Date.now()}-${repos.length}`;
    names.push(dbName);
    const repo = new RestRepository({ endpoint: PROXY_URL, dbName, backoff: { baseMs: 20, maxMs: 200 }, pollIntervalMs: 0, ...extra });
    repos.push(repo);
    return repo;
  }

  afterEach(async () => {
    for (const r of repos.splice(0)) r.close();
    await faults({}, true);
  });

  after(async () => {
    // The other suites share this workspace: leave it without routing, as it was.
    await api('/settings/routing', { method: 'DELETE' });
    await Promise.all(names.map((name) => deleteDB(name).catch(() => undefined)));
  });

  it('sends a routing configuration through the outbox, also after the server was unreachable, and the server routes new leads by it', async () => {
    const repo = make();
    await faults({ rate: 1, kinds: ['drop'], methods: ['PUT'] });
    await repo.settings.put(ROUTING);
    expect((await repo.outbox.pending()).map((e) => [e.collection, e.op, e.id])).to.deep.equal([['settings', 'put', 'routing']]);
    expect(await repo.settings.get('routing')).to.deep.equal(ROUTING);
    await until(() => repo.isSender, 20_000, 'the repository to send');
    await new Promise((r) => setTimeout(r, 300));
    expect((await repo.outbox.pending()).length, 'still waiting while the server cannot be reached').to.equal(1);
    await faults({});
    repo.kick();
    await repo.outbox.drained(60_000);
    const stored = await (await api('/settings/routing')).json() as Settings;
    expect(stored.rules).to.deep.equal(ROUTING.rules);

    const l = lead();
    await repo.leads.put(l);
    await repo.outbox.drained(60_000);
    const cached = (await repo.leads.get(l.id))!;
    expect(cached.ownerId).to.equal('rest-ana');
    expect(cached.routing).to.deep.include({ ownerId: 'rest-ana', reason: 'round-robin', ruleId: 'rest-test', teamId: 'inside' });
  });

  it('refuses a bad configuration before it is queued, naming each field, and keeps the stored one', async () => {
    const repo = make();
    await repo.settings.put(ROUTING);
    await repo.outbox.drained(60_000);
    let error: InvalidSettingsError | undefined;
    try {
      await repo.settings.put({ ...ROUTING, rules: [{ id: 'r', when: [{ field: 'score', op: 'between', value: [90, 10] }], teamId: 'outside' }] });
    } catch (e) {
      error = e as InvalidSettingsError;
    }
    expect(error?.name).to.equal('InvalidSettingsError');
    expect(error!.problems.map((p) => p.path)).to.deep.equal(['rules[0].teamId', 'rules[0].when']);
    expect(await repo.outbox.pending()).to.deep.equal([]);
    expect((await repo.settings.get('routing'))!.rules).to.deep.equal(ROUTING.rules);
  });

  it('receives another user\'s change to the settings through a pull and through the live stream', async () => {
    const puller = make();
    await api('/settings/routing', { method: 'PUT', body: JSON.stringify({ ...ROUTING, defaultOwnerId: 'pulled' }) });
    await puller.sync(['settings']);
    expect((await puller.settings.get('routing'))!.defaultOwnerId).to.equal('pulled');

    const live = make({ pollIntervalMs: 60_000 });
    await until(() => live.isSender, 20_000, 'the live repository to send');
    await live.sync(['settings']);
    const changed = new Promise<void>((resolve) => live.settings.subscribe((c) => { if (c.origin === 'remote') resolve(); }));
    // Once the stream is up, a change made elsewhere arrives without a pull.
    await new Promise((r) => setTimeout(r, 500));
    await api('/settings/routing', { method: 'PUT', body: JSON.stringify({ ...ROUTING, defaultOwnerId: 'streamed' }) });
    await changed;
    expect((await live.settings.get('routing'))!.defaultOwnerId).to.equal('streamed');
  });
});
