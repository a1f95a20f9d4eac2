// In a file of its own: the browser applies a changed quota only to a page that has not opened
// IndexedDB yet.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { StorageError } from '../../src/storage/errors.js';
import { lead } from './repository-suite.js';
describe('IndexedDbRepository when storage is full', () => {
  it('reports QuotaExceededError as a typed quota error and keeps what was stored', async function () {
    const name = `l2c-test-quota-${Date.now()}`;
    // Only Chromium lets a test shrink the quota (DevTools protocol); other browsers skip visibly.
    const { supported } = await executeServerCommand<{ supported: boolean }, { bytes?: number }>('l2c-quota', { bytes: 64 * 1024 });
    if (!supported) this.skip();
    const repo = new IndexedDbRepository({ dbName: name });
    await repo.leads.put(lead('kept'));
    try {
      // Random text: browsers compress stored values, so repeated characters would fit anyway.
      const noise = () => Array.from(crypto.getRandomValues(new Uint32Array(16_000)), (x) => x.toString(36)).join('');
      const big = Array.from({ length: 20 }, (_, i) => lead(`big-${i}`, { message: noise() }));
      let error: unknown;
      try {
        await repo.leads.putMany(big);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(StorageError);
      expect((error as StorageError).code).to.equal('quota');
      expect((error as StorageError).message).to.match(/storage for this site is full/);
    } finally {
      await executeServerCommand('l2c-quota', {});
    }
    expect((await repo.leads.get('kept'))?.name).to.equal('Lead kept');
    repo.close();
    await deleteDB(name);
  });
});
