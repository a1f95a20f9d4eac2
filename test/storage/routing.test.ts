/**
 * The settings collection and routing where leads are stored (issue 17), for the repositories that
 * store leads themselves (memory and IndexedDB; with REST storage the server routes): a bad routing
 * configuration refused with its fields named and the stored one kept, new leads routed in the
 * transaction that stores them (dedup first), sweeps for re-entry and SLA on an injected clock,
 * and an IndexedDB database of the previous version upgraded with its data.
 */
import { expect } from '@open-wc/testing';
import { openDB, unwrap } from 'idb';
import type { Lead, Settings } from '../../src/core/model.js';
import { rejectToPool } from '../../src/core/handoff.js';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { InvalidSettingsError, sweepRouting } from '../../src/storage/routing-write.js';
import { DB_VERSION, migrate } from '../../src/storage/schema.js';
import { deal, lead } from './repository-suite.js';

const HOUR = 3_600_000;
let n = 0;
const freshName = () => `l2c-routing-${Date.now()}-${n++}`;

const ROUTING: Settings = {
  id: 'routing',
  period: 'day',
  defaultOwnerId: 'boss',
  sla: { hours: 2, reroute: true },
  teams: [{ id: 'smb', members: [{ ownerId: 'ana', weight: 2 }, { ownerId: 'ben' }] }],
  rules: [
    { id: 'big', when: [{ field: 'companySize', op: 'gte', value: 500 }], ownerId: 'chen' },
    { id: 'all', when: [], teamId: 'smb' },
  ],
};

type Routed = MemoryRepository | IndexedDbRepository;

for (const [name, make] of [
  ['MemoryRepository', () => new MemoryRepository()],
  ['IndexedDbRepository', () => new IndexedDbRepository({ dbName: freshName() })],
] as const) {
  describe(`${name}: settings and routing where leads are stored`, () => {
    let repo: Routed;
    // Leads are routed at the present; sweeps are asked about hours later, far beyond a test's own duration.
    let clock = Date.now();
    beforeEach(() => {
      clock = Date.now();
      repo = make();
    });
    afterEach(() => repo.close());

    it('stores settings, and refuses a bad routing configuration naming each field while keeping the stored one', async () => {
      await repo.settings.put(ROUTING);
      expect(await repo.settings.get('routing')).to.deep.equal(ROUTING);
      let error: InvalidSettingsError | undefined;
      try {
        await repo.settings.put({ ...ROUTING, teams: [{ id: 'smb', members: [{ ownerId: 'ana', capacity: -2 }] }], rules: [{ id: 'x', when: [], teamId: 'nope' }] });
      } catch (e) {
        error = e as InvalidSettingsError;
      }
      expect(error).to.be.instanceOf(InvalidSettingsError);
      expect(error!.problems.map((p) => [p.path, p.code])).to.deep.equal([['teams[0].members[0].capacity', 'capacity'], ['rules[0].teamId', 'unknown-team']]);
      expect(await repo.settings.get('routing')).to.deep.equal(ROUTING);
      await repo.settings.put({ id: 'campaigns', campaigns: [{ id: 'spring', cost: 900 }] });
      expect((await repo.settings.list()).map((s) => s.id).sort()).to.deep.equal(['campaigns', 'routing']);
    });

    it('routes a new lead as it is stored (rule, round robin, dedup first) and leaves stored ones alone', async () => {
      await repo.leads.put(lead('before'));
      expect((await repo.leads.get('before'))!.ownerId, 'no configuration: the pool').to.equal(undefined);
      await repo.settings.put(ROUTING);
      const big = await repo.leads.put(lead('big', { companySize: 900 }));
      expect(big.ownerId).to.equal('chen');
      expect(big.routing).to.deep.include({ ownerId: 'chen', reason: 'rule-owner', ruleId: 'big', trigger: 'arrival' });
      expect(Date.parse(big.routing!.at)).to.be.within(clock, Date.now());
      await repo.leads.putMany([lead('a1', { email: 'ana@x.io' }), lead('a2'), lead('a3'), lead('a4', { email: 'ANA@x.io' })]);
      const owners = await Promise.all(['a1', 'a2', 'a3', 'a4'].map(async (id) => (await repo.leads.get(id))!));
      expect(owners.map((l) => l.ownerId)).to.deep.equal(['ana', 'ben', 'ana', 'ana']);
      expect(owners[3]!.routing!.reason).to.equal('returning');
      expect(owners[3]!.duplicateOf).to.equal('a1');
      // A stored lead written again (an edit, an accept) is not routed again.
      await repo.leads.put({ ...owners[1]!, name: 'Edited' });
      expect((await repo.leads.get('a2'))!.ownerId).to.equal('ben');
      await repo.leads.put(lead('before', { name: 'Edited too' }));
      expect((await repo.leads.get('before'))!.ownerId).to.equal(undefined);
      // Spam is never routed.
      expect((await repo.leads.put(lead('bot', { spam: true }))).ownerId).to.equal(undefined);
      expect(await repo.deals.put(deal('d1'))).to.deep.equal(deal('d1'));
    });

    it('routes again a pooled lead once its re-entry date passes, and an overdue one to someone else', async () => {
      await repo.settings.put(ROUTING);
      const first = await repo.leads.put(lead('p'));
      const pooled = rejectToPool(first, { reason: 'Not now', reentryAt: new Date(clock + 24 * HOUR).toISOString(), now: clock });
      if (!pooled.ok) throw new Error('refused');
      await repo.leads.put(pooled.lead);
      const late = await repo.leads.put(lead('late'));
      expect([first.ownerId, late.ownerId]).to.deep.equal(['ana', 'ben']);
      const changed: string[][] = [];
      repo.leads.subscribe((c) => changed.push(c.ids));
      clock += HOUR;
      expect(await sweepRouting(repo, clock)).to.deep.equal([]);
      clock += 2 * HOUR;
      expect(await sweepRouting(repo, clock)).to.deep.equal(['late']);
      expect((await repo.leads.get('late'))!.routing).to.deep.include({ trigger: 'sla', previousOwnerId: 'ben', ownerId: 'ana' });
      clock += 24 * HOUR;
      expect((await sweepRouting(repo, clock)).sort()).to.deep.equal(['late', 'p']);
      expect(changed.map((ids) => [...ids].sort()), 'listeners hear of each sweep').to.deep.equal([['late'], ['late', 'p']]);
      const back = (await repo.leads.get('p'))!;
      expect([back.status, back.ownerId, back.routing?.trigger, back.rejection?.reason]).to.deep.equal(['new', 'ben', 'reentry', 'Not now']);
    });
  });
}

describe('IndexedDbRepository: the settings store arrives with version 3', () => {
  it('upgrades a version 2 database, keeping its leads, deals and outbox, and stores settings after', async () => {
    const name = freshName();
    const v2 = await openDB(name, 2, { upgrade: (db, old, _new, tx) => migrate(unwrap(db), unwrap(tx), old, 2) });
    expect([...v2.objectStoreNames]).not.to.include('settings');
    await v2.put('leads', { ...lead('kept', { email: 'Kept@Example.com' }), __emailKey: 'kept@example.com' });
    await v2.put('deals', deal('kept-deal'));
    await v2.add('outbox', { collection: 'leads', op: 'create', id: 'kept', key: 'k1', attempts: 0, nextAt: 0, createdAt: '2026-01-01T00:00:00Z' });
    v2.close();

    const repo = new IndexedDbRepository({ dbName: name });
    try {
      expect(await repo.leads.get('kept')).to.deep.equal(lead('kept', { email: 'Kept@Example.com' }));
      expect((await repo.deals.get('kept-deal'))?.title).to.equal('Deal kept-deal');
      const db = await repo.db();
      expect(db.version).to.equal(DB_VERSION);
      expect(DB_VERSION).to.equal(3);
      expect([...db.objectStoreNames]).to.include.members(['settings', 'outbox', 'deadLetters']);
      await repo.settings.put(ROUTING);
      expect((await repo.leads.put(lead('after', { email: 'kept@example.com' }))).ownerId).to.equal('ana', 'the old lead has no owner, so rules decide');
      expect(await repo.settings.count()).to.equal(1);
    } finally {
      repo.close();
    }
  });

  it('routes from a second tab with the same round-robin state (one transaction per lead)', async () => {
    const name = freshName();
    const a = new IndexedDbRepository({ dbName: name });
    const b = new IndexedDbRepository({ dbName: name });
    try {
      await a.settings.put(ROUTING);
      const leads: Lead[] = [];
      for (let i = 0; i < 6; i++) leads.push(await (i % 2 ? a : b).leads.put(lead(`t${i}`)));
      expect(leads.map((l) => l.ownerId)).to.deep.equal(['ana', 'ben', 'ana', 'ana', 'ben', 'ana']);
    } finally {
      a.close();
      b.close();
    }
  });
});
