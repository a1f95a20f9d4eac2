/**
 * Trains a learned scoring model without blocking the page (issue 14): in a module Web Worker
 * (learn-worker.ts, a file of its own the build emits, so a CSP of `worker-src 'self'` allows it),
 * or, where a page has no workers or the worker cannot start, on the main thread in slices that
 * give the page its turn between them.
 */
import { learnScoringSteps, loadLearnedScoring, LearnInputError } from '../core/learn.js';
import type { LearnExample, LearnOptions, LearnedScoring } from '../core/learn.js';
import type { TrainReply, TrainRequest, WorkerMessage } from './learn-worker.js';

/** Options of `trainScoringModel`: those of `learnScoring`, and where to train. */
export interface TrainOptions extends LearnOptions {
  /** `false` trains on the main thread in slices even where workers exist (default true). */
  worker?: boolean;
  /** Where the worker script is, when a site hosts it elsewhere (default: the file beside this module). */
  workerUrl?: string | URL;
  /** Stops the training: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Longest slice of main-thread work before the page gets its turn, in ms. */
const SLICE_MS = 8;
/** Examples per message to the worker: copying one batch takes a few ms. */
const BATCH = 25;

/** A function to call between pieces of work: it gives the page its turn once a slice has run SLICE_MS. */
function pacer(signal: AbortSignal | undefined): () => Promise<void> {
  let start = performance.now();
  return async () => {
    signal?.throwIfAborted();
    if (performance.now() - start <= SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    signal?.throwIfAborted();
    start = performance.now();
  };
}

async function trainInSlices(examples: readonly LearnExample[], options: LearnOptions, signal: AbortSignal | undefined): Promise<LearnedScoring> {
  const steps = learnScoringSteps(examples, options);
  const pace = pacer(signal);
  for (;;) {
    await pace();
    const step = steps.next();
    if (step.done) return loadLearnedScoring(step.value.toJSON());
  }
}

interface ScriptUrlPolicy {
  createScriptURL(url: string): string;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}
let policy: ScriptUrlPolicy | null | undefined;

// Under Trusted Types (`require-trusted-types-for 'script'`) a worker's URL must be a TrustedScriptURL:
// a policy of our own, used for this URL only, when the page's `trusted-types` allows its name.
function scriptUrl(url: string | URL): string | URL {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (factory === undefined) return url;
  if (policy === undefined) {
    try {
      policy = factory.createPolicy('l2c-learn-worker', { createScriptURL: (u) => u });
    } catch {
      policy = null;
    }
  }
  return policy ? policy.createScriptURL(String(url)) : url;
}

function startWorker(url: string | URL | undefined): Worker | null {
  const Native = globalThis.Worker;
  // A Worker whose URL goes through `scriptUrl`. It is called `Worker` so that the build recognises
  // `new Worker(new URL('./learn-worker.ts', import.meta.url))` and emits the worker as a file.
  const Worker = function (script: string | URL, options: WorkerOptions) {
    return new Native(scriptUrl(script), options);
  } as unknown as typeof Native;
  try {
    if (url === undefined) return new Worker(new URL('./learn-worker.ts', import.meta.url), { type: 'module' });
    return new Worker(url, { type: 'module' });
  } catch {
    return null;
  }
}

// Sends the examples in batches, each a slice of the page's time, then asks for the model.
async function sendExamples(worker: Worker, examples: readonly LearnExample[], options: LearnOptions, signal: AbortSignal | undefined): Promise<void> {
  const pace = pacer(signal);
  for (let i = 0; i < examples.length; i += BATCH) {
    await pace();
    worker.postMessage({ type: 'examples', examples: examples.slice(i, i + BATCH) } satisfies TrainRequest);
  }
  worker.postMessage({ type: 'train', options } satisfies TrainRequest);
}

// The worker's answer; null when it could not start (a blocked or missing script).
function inWorker(worker: Worker, examples: readonly LearnExample[], options: LearnOptions, signal: AbortSignal | undefined): Promise<TrainReply | null> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      worker.terminate();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
    // The worker closes itself once it has answered.
    worker.addEventListener('message', ({ data }: MessageEvent<WorkerMessage>) => {
      if ('ready' in data) {
        // An abort while sending has already rejected (stop).
        sendExamples(worker, examples, options, signal).catch(() => {});
        return;
      }
      signal?.removeEventListener('abort', stop);
      resolve(data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      resolve(null);
    });
  });
}

/**
 * Learns a scoring model like `learnScoring`, off the main thread: in a module Web Worker, which
 * sends back the model's JSON (loaded with `loadLearnedScoring`), so the page stays responsive
 * while thousands of leads train. Falls back to training on the main thread in slices of about
 * 8 ms when workers are unavailable. The same examples and seed give the same model either way.
 * Rejects with a `LearnInputError` naming the field for bad input.
 */
export async function trainScoringModel(examples: readonly LearnExample[], options: TrainOptions = {}): Promise<LearnedScoring> {
  const { worker: useWorker = true, workerUrl, signal, ...learn } = options;
  signal?.throwIfAborted();
  // Something that is not a list is refused by the learner here, with its error, before any worker starts.
  const worker = useWorker && Array.isArray(examples) && typeof globalThis.Worker === 'function' ? startWorker(workerUrl) : null;
  if (worker) {
    const reply = await inWorker(worker, examples, learn, signal);
    if (reply?.ok) return loadLearnedScoring(reply.json);
    if (reply) throw reply.path === undefined ? new Error(reply.message) : new LearnInputError(reply.path, reply.message.slice(reply.path.length + 1));
  }
  return trainInSlices(examples, learn, signal);
}
