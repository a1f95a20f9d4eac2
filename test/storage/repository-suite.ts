/**
 * The contract every Repository adapter meets (Lion-style reusable suite): run it against each
 * adapter, including a vendor's own.
 */
import { expect } from '@open-wc/testing';
import type { Deal, Lead } from '../../src/core/model.js';
import type { Change, Repository } from '../../src/storage/types.js';

const T = '2026-05-01T10:00:00.000Z';

export function lead(id: string, extra: Partial<Lead> = {}): Lead {
  return { id, createdAt: T, updatedAt: T, status: 'new', name: `Lead ${id}`, ...extra };
}

export function deal(id: string, extra: Partial<Deal> = {}): Deal {
  return {
    id, title: `Deal ${id}`, value: 100, currency: 'USD', pipelineId: 'p1', stageId: 's1', status: 'open',
    createdAt: T, updatedAt: T, history: [{ stageId: 's1', enteredAt: T }], ...extra,
  };
}

// The shortest wait before until() gives up: well inside the 20 s a browser test may take, and
// far longer than anything it waits for needs, even on a busy 2-core machine running three browsers.
const MIN_WAIT_MS = 10_000;

/**
 * Waits until `predicate` holds, polling; fails, naming `what`, when it still does not after `ms`,
 * and never sooner than 10 s: the deadline only names what never came, so a slow machine makes a
 * test slower, never failed.
 */
export async function until(predicate: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + Math.max(ms, MIN_WAIT_MS);
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the repository contract against repositories made by `make` (a fresh, empty one each time). */
export function repositorySuite(name: string, make: () => Promise<Repository> | Repository): void {
  describe(`${name}: the Repository contract`, () => {
    let repo: Repository;
    beforeEach(async () => {
      repo = await make();
    });
    afterEach(() => repo.close());

    it('stores, reads back and deletes records by id', async () => {
      await repo.leads.put(lead('a', { email: 'a@example.com' }));
      expect(await repo.leads.get('a')).to.deep.equal(lead('a', { email: 'a@example.com' }));
      expect(await repo.leads.get('missing')).to.equal(undefined);
      await repo.leads.delete('a');
      expect(await repo.leads.get('a')).to.equal(undefined);
      await repo.leads.delete('never-there');
    });

    it('keeps every field, including unknown ones and Chinese text', async () => {
      const rich = lead('z', { name: '王伟', company: '华为技术有限公司', custom: { note: '<script>alert(1)</script>', n: 3 }, extra: [1, { x: true }] });
      await repo.leads.put(rich);
      expect(await repo.leads.get('z')).to.deep.equal(rich);
    });

    it('never shares objects with the caller', async () => {
      const l = lead('c', { custom: { tier: 'gold' } });
      await repo.leads.put(l);
      l.custom!['tier'] = 'changed';
      const read = (await repo.leads.get('c'))!;
      expect(read.custom).to.deep.equal({ tier: 'gold' });
      read.name = 'mutated';
      expect((await repo.leads.get('c'))!.name).to.equal('Lead c');
    });

    it('filters by indexed and plain fields, with any-of lists', async () => {
      await repo.deals.putMany([
        deal('1', { stageId: 's1', ownerId: 'ana', value: 5 }),
        deal('2', { stageId: 's2', ownerId: 'ben', value: 7 }),
        deal('3', { stageId: 's2', ownerId: 'ana', value: 9 }),
        deal('4', { pipelineId: 'p2', stageId: 'x', value: 1 }),
      ]);
      const ids = (ds: Deal[]) => ds.map((d) => d.id).sort();
      expect(ids(await repo.deals.list({ where: { pipelineId: 'p1' } }))).to.deep.equal(['1', '2', '3']);
      expect(ids(await repo.deals.list({ where: { stageId: 's2', ownerId: 'ana' } }))).to.deep.equal(['3']);
      expect(ids(await repo.deals.list({ where: { stageId: ['s1', 'x'] } }))).to.deep.equal(['1', '4']);
      expect(ids(await repo.deals.list({ where: { value: 7 } }))).to.deep.equal(['2']);
      expect(await repo.deals.count({ where: { pipelineId: 'p1' } })).to.equal(3);
      expect(await repo.deals.count()).to.equal(4);
    });

    it('sorts by a field in either direction, missing values last, and pages', async () => {
      const noValue = deal('c');
      delete (noValue as Partial<Deal>).value;
      await repo.deals.putMany([deal('a', { value: 30 }), deal('b', { value: 10 }), noValue, deal('d', { value: 20 })]);
      const order = async (q: object) => (await repo.deals.list(q)).map((d) => d.id);
      expect(await order({ orderBy: 'value' })).to.deep.equal(['b', 'd', 'a', 'c']);
      expect(await order({ orderBy: 'value', desc: true })).to.deep.equal(['a', 'd', 'b', 'c']);
      expect(await order({ orderBy: 'value', offset: 1, limit: 2 })).to.deep.equal(['d', 'a']);
    });

    it('orders by rank, then creation, by default', async () => {
      await repo.deals.putMany([deal('x', { rank: 2 }), deal('y', { rank: 1 }), deal('z', { rank: 3 })]);
      expect((await repo.deals.list()).map((d) => d.id)).to.deep.equal(['y', 'x', 'z']);
    });

    it('finds leads by email whatever its case or Gmail dots', async () => {
      await repo.leads.putMany([lead('1', { email: 'Ana.Silva@Gmail.com' }), lead('2', { email: 'ben@acme.io' })]);
      expect((await repo.leads.list({ where: { email: 'anasilva@gmail.com' } })).map((l) => l.id)).to.deep.equal(['1']);
      expect((await repo.leads.list({ where: { email: ' BEN@ACME.IO ' } })).map((l) => l.id)).to.deep.equal(['2']);
      expect(await repo.leads.list({ where: { email: 'nobody@acme.io' } })).to.deep.equal([]);
    });

    it('lists what changed since a time', async () => {
      await repo.leads.putMany([lead('old', { updatedAt: '2026-01-01T00:00:00.000Z' }), lead('new', { updatedAt: '2026-06-01T00:00:00.000Z' })]);
      expect((await repo.leads.list({ updatedSince: '2026-03-01T00:00:00.000Z' })).map((l) => l.id)).to.deep.equal(['new']);
    });

    it('tells subscribers about each write, per collection, until they unsubscribe', async () => {
      const all: Change[] = [];
      const deals: Change[] = [];
      const stopAll = repo.subscribe((c) => all.push(c));
      const stopDeals = repo.deals.subscribe((c) => deals.push(c));
      await repo.leads.put(lead('a'));
      await repo.deals.putMany([deal('1'), deal('2')]);
      await repo.deals.delete('1');
      expect(all.map((c) => [c.collection, c.type, c.ids, c.origin])).to.deep.equal([
        ['leads', 'put', ['a'], 'local'], ['deals', 'put', ['1', '2'], 'local'], ['deals', 'delete', ['1'], 'local'],
      ]);
      expect(deals.map((c) => c.type)).to.deep.equal(['put', 'delete']);
      stopAll();
      stopDeals();
      await repo.leads.put(lead('b'));
      expect(all).to.have.length(3);
    });

    it('keeps notifying others when one listener throws', async () => {
      const seen: string[] = [];
      const onError = window.onerror;
      window.onerror = () => true;
      try {
        repo.subscribe(() => { throw new Error('listener bug'); });
        repo.subscribe((c) => seen.push(c.ids[0]!));
        await repo.leads.put(lead('q'));
        await new Promise((r) => setTimeout(r));
        expect(seen).to.deep.equal(['q']);
      } finally {
        window.onerror = onError;
      }
    });

    it('imports thousands of records in one call', async () => {
      const many = Array.from({ length: 2500 }, (_, i) => lead(`m${i}`, { status: i % 2 ? 'mql' : 'new' }));
      await repo.leads.putMany(many);
      expect(await repo.leads.count()).to.equal(2500);
      expect(await repo.leads.count({ where: { status: 'mql' } })).to.equal(1250);
    });
  });
}
