/** In the browser: imports leads into IndexedDB through the repository and times it. */
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { generateDataset } from '../../test/generate.js';

(window as unknown as { bench: (n: number) => Promise<number[]> }).bench = async (n: number) => {
  const { leads } = generateDataset({ deals: 0, leads: n, seed: 7 });
  const times: number[] = [];
  for (let run = 0; run < 4; run++) {
    const repo = new IndexedDbRepository({ dbName: `bench-${run}` });
    await repo.leads.count(); // open the database outside the timing
    const started = performance.now();
    await repo.leads.putMany(leads);
    times.push(performance.now() - started);
    if ((await repo.leads.count()) !== n) throw new Error('not every lead was stored');
    repo.close();
  }
  return times;
};
