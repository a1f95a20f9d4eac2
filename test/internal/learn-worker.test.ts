import { expect } from '@open-wc/testing';
import { learnScoring, LearnInputError } from '../../src/core/index.js';
import { trainScoringModel } from '../../src/internal/learn-client.js';
import { NOW, plantedExamples } from '../core/learn-fixture.js';

const OPTIONS = { seed: 9, now: NOW };

describe('trainScoringModel', () => {
  const examples = plantedExamples(2000, 21);
  const expected = JSON.stringify(learnScoring(examples, OPTIONS).toJSON());
  let started: string[] = [];
  const RealWorker = globalThis.Worker;

  beforeEach(() => {
    started = [];
    // Counts the workers started, to tell a worker's answer from the fallback's.
    globalThis.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push(String(url));
      }
    };
  });
  afterEach(() => {
    globalThis.Worker = RealWorker;
  });

  it('trains 2,000 leads in a module worker into the same model as learnScoring on the main thread', async () => {
    const model = await trainScoringModel(examples, OPTIONS);
    expect(started).to.have.length(1);
    expect(started[0]).to.match(/learn-worker/);
    expect(JSON.stringify(model.toJSON())).to.equal(expected);
    const lead = examples[0]!;
    expect(model.predict(lead.lead, lead.events)).to.equal(learnScoring(examples, OPTIONS).predict(lead.lead, lead.events));
  });

  it('trains in slices on the main thread without a worker, into the same model', async () => {
    const model = await trainScoringModel(examples, { ...OPTIONS, worker: false });
    expect(started).to.have.length(0);
    expect(JSON.stringify(model.toJSON())).to.equal(expected);
  });

  it('falls back to the main thread when the worker script cannot load', async () => {
    const model = await trainScoringModel(examples.slice(0, 300), { ...OPTIONS, workerUrl: new URL('/no-such-worker.js', location.href) });
    expect(started).to.have.length(1);
    expect(JSON.stringify(model.toJSON())).to.equal(JSON.stringify(learnScoring(examples.slice(0, 300), OPTIONS).toJSON()));
  });

  it('rejects bad input from the worker with the field named', async () => {
    const bad = examples.slice(0, 20).map((e, i) => (i === 4 ? { ...e, converted: 'no' as never } : e));
    const error = await trainScoringModel(bad, OPTIONS).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(LearnInputError);
    expect((error as LearnInputError).path).to.equal('examples[4].converted');
    expect((error as LearnInputError).message).to.equal('examples[4].converted must be true or false');
  });

  it('refuses something that is not a list before starting a worker', async () => {
    const error = await trainScoringModel('leads' as never, OPTIONS).then(() => null, (e: unknown) => e);
    expect((error as LearnInputError).path).to.equal('examples');
    expect(started).to.have.length(0);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = trainScoringModel(examples, { ...OPTIONS, signal: controller.signal }).then(() => 'trained', (e: unknown) => e);
    controller.abort(new Error('stopped by the user'));
    expect(((await pending) as Error).message).to.equal('stopped by the user');
  });
});
