import { expect } from '@open-wc/testing';
import { deleteDB, openDB, unwrap } from 'idb';
import { read } from '../../src/storage/idb.js';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { StorageError } from '../../src/storage/errors.js';
import { DB_VERSION, migrate } from '../../src/storage/schema.js';
import type { Change } from '../../src/storage/types.js';
import { deal, lead, repositorySuite, until } from './repository-suite.js';

let n = 0;
const freshName = () => `l2c-test-${Date.now()}-${n++}`;

repositorySuite('MemoryRepository', () => new MemoryRepository());
repositorySuite('IndexedDbRepository', () => new IndexedDbRepository({ dbName: freshName(), chunkSize: 700 }));

async function rejection(p: Promise<unknown>): Promise<StorageError> {
  try {
    await p;
  } catch (error) {
    expect(error).to.be.instanceOf(StorageError);
    return error as StorageError;
  }
  throw new Error('expected a rejection');
}

describe('IndexedDbRepository', () => {
  const opened: IndexedDbRepository[] = [];
  const make = (dbName: string, extra = {}) => {
    const r = new IndexedDbRepository({ dbName, ...extra });
    opened.push(r);
    return r;
  };
  afterEach(() => {
    for (const r of opened.splice(0)) r.close();
  });

  it('reads and writes through stores typed by the schema (a wrong store, index or value does not compile)', async () => {
    const repo = new IndexedDbRepository({ dbName: `l2c-typed-${Date.now()}` });
    const db = await repo.db();
    const misuse = (): void => {
      // @ts-expect-error the outbox has no email index
      read(db, 'outbox').index('emailKey');
      // @ts-expect-error a lead is not an outbox entry
      read(db, 'outbox').put(lead('x'));
      // @ts-expect-error there is no such store
      read(db, 'contacts');
    };
    expect(misuse).to.be.a('function');
    await repo.leads.put(lead('typed', { email: 'Typed@Example.com' }));
    // The stored lead carries its normalised email key, found through the typed index.
    const found = await new Promise<unknown[]>((resolve) => {
      const request = read(db, 'leads').index('emailKey').getAll('typed@example.com');
      request.onsuccess = () => resolve(request.result.map((l) => l.id));
    });
    expect(found).to.deep.equal(['typed']);
    repo.close();
  });

  it('keeps data across connections (a reload)', async () => {
    const name = freshName();
    const first = make(name);
    await first.deals.put(deal('d1', { title: 'Persisted' }));
    first.close();
    const second = make(name);
    expect((await second.deals.get('d1'))?.title).to.equal('Persisted');
    expect(second.status).to.equal('open');
  });

  it('shares changes with other tabs of the same database, and not with other databases', async () => {
    const name = freshName();
    const tabA = make(name);
    const tabB = make(name);
    const otherName = freshName();
    const other = make(otherName);
    const seenB: Change[] = [];
    const seenOther: Change[] = [];
    tabB.subscribe((c) => seenB.push(c));
    other.subscribe((c) => seenOther.push(c));
    await tabA.deals.put(deal('x'));
    await until(() => seenB.length === 1, 3000, 'the other tab to hear the change');
    expect(seenB[0]).to.deep.equal({ collection: 'deals', type: 'put', ids: ['x'], origin: 'tab' });
    expect((await tabB.deals.get('x'))?.id).to.equal('x');
    // A write in the other database, after the first one: once it has reached `other`, so would
    // the first one have, had it been sent there (messages to one page arrive in the order sent).
    await make(otherName).deals.put(deal('y'));
    await until(() => seenOther.length > 0, 3000, 'the other database\'s own change');
    expect(seenOther).to.deep.equal([{ collection: 'deals', type: 'put', ids: ['y'], origin: 'tab' }]);
  });

  it('writes large imports in chunks and reports them as one change', async () => {
    const repo = make(freshName(), { chunkSize: 3 });
    const changes: Change[] = [];
    repo.subscribe((c) => changes.push(c));
    await repo.leads.putMany(Array.from({ length: 10 }, (_, i) => lead(`l${i}`)));
    expect(await repo.leads.count()).to.equal(10);
    expect(changes).to.have.length(1);
    expect(changes[0]!.ids).to.have.length(10);
  });

  it('upgrades a version 1 database, keeping its data and indexing emails normalised', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, { upgrade: (db, _old, _new, tx) => migrate(unwrap(db), unwrap(tx), 0, 1) });
    await v1.put('leads', lead('old-1', { email: 'Ana.Silva@Gmail.com' }));
    await v1.put('leads', lead('old-2'));
    await v1.put('deals', deal('old-deal'));
    v1.close();

    const repo = make(name);
    expect((await repo.leads.list({ where: { email: 'anasilva@gmail.com' } })).map((l) => l.id)).to.deep.equal(['old-1']);
    expect(await repo.leads.get('old-1')).to.deep.equal(lead('old-1', { email: 'Ana.Silva@Gmail.com' }));
    expect((await repo.deals.get('old-deal'))?.title).to.equal('Deal old-deal');
    const raw = await repo.db();
    expect(raw.version).to.equal(DB_VERSION);
    expect([...raw.objectStoreNames]).to.include('deadLetters');
  });

  it('closes for a newer version opened in another tab and says the page is out of date', async () => {
    const name = freshName();
    const repo = make(name);
    await repo.leads.put(lead('a'));
    const statuses: string[] = [];
    repo.onStatus((s) => statuses.push(s));
    const newer = await openDB(name, DB_VERSION + 1);
    expect(newer.version).to.equal(DB_VERSION + 1);
    newer.close();
    expect(repo.status).to.equal('outdated');
    expect(statuses).to.deep.equal(['outdated']);
    const error = await rejection(repo.leads.get('a'));
    expect(error.code).to.equal('outdated');
    expect(error.message).to.match(/Reload this page/);
  });

  it('fails a blocked upgrade after blockedTimeoutMs, telling the user to close other tabs, and recovers', async () => {
    const name = freshName();
    // An old tab on version 1 that ignores versionchange (code from before this release).
    const oldTab = await openDB(name, 1, { upgrade: (db, _o, _n, tx) => migrate(unwrap(db), unwrap(tx), 0, 1) });
    // The page's clock for a wait of blockedTimeoutMs (an unusual number, so no other wait is
    // taken for it): it ends when the test says, however fast the machine.
    const timeoutMs = 4321;
    let timeUp: (() => void) | undefined;
    const setTimeoutOfPage = window.setTimeout;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      if (ms !== timeoutMs || timeUp) return setTimeoutOfPage(handler, ms, ...args);
      timeUp = handler as () => void;
      return 0;
    }) as typeof window.setTimeout;
    const repo = make(name, { blockedTimeoutMs: timeoutMs });
    let failed = false;
    let failing: Promise<StorageError>;
    try {
      failing = rejection(repo.leads.get('x')).finally(() => { failed = true; });
      await until(() => timeUp !== undefined, 3000, 'the upgrade to be blocked');
    } finally {
      window.setTimeout = setTimeoutOfPage;
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(failed, 'waits while blocked, until blockedTimeoutMs has passed').to.equal(false);
    timeUp!();
    const error = await failing;
    expect(error.code).to.equal('blocked');
    expect(error.message).to.match(/Close the other tabs/);
    expect(repo.status).to.equal('failed');
    oldTab.close();
    await until(() => true);
    expect(await repo.leads.get('x')).to.equal(undefined);
    expect(repo.status).to.equal('open');
  });

  it('reports IndexedDB being unavailable (private modes) as a typed error', async () => {
    const own = Object.getOwnPropertyDescriptor(window, 'indexedDB');
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    try {
      const error = await rejection(make(freshName()).leads.list());
      expect(error.code).to.equal('unavailable');
    } finally {
      if (own) Object.defineProperty(window, 'indexedDB', own);
      else delete (window as { indexedDB?: unknown }).indexedDB;
    }
    expect(typeof indexedDB.open).to.equal('function');
  });

  it('reports a refused open (a SecurityError in some private modes) as unavailable', async () => {
    const real = indexedDB;
    const fake = { open: () => { throw new DOMException('denied', 'SecurityError'); } };
    Object.defineProperty(window, 'indexedDB', { value: fake, configurable: true });
    try {
      const error = await rejection(make(freshName()).leads.get('x'));
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.contain('denied');
    } finally {
      delete (window as { indexedDB?: unknown }).indexedDB;
      if (window.indexedDB !== real) Object.defineProperty(window, 'indexedDB', { value: real, configurable: true });
    }
  });

  after(async () => {
    const dbs = (await indexedDB.databases?.()) ?? [];
    await Promise.all(dbs.filter((d) => d.name?.startsWith('l2c-test-')).map((d) => deleteDB(d.name!)));
  });
});

