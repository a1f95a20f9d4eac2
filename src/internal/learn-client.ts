/**
 * Trains a learned scoring model without blocking the page (issue 14): in a module Web Worker
 * (learn-worker.ts, a file of its own the build emits, so a CSP of `worker-src 'self'` allows it),
 * or, where a page has no workers or the worker cannot start, on the main thread in slices that
 * give the page its turn between them.
 */
import { learnScoringSteps, loadLearnedScoring, LearnInputError } from '../core/learn.js';
import type { LearnExample, LearnOptions, LearnedScoring } from '../core/learn.js';
import type { TrainReply, TrainRequest } from './learn-worker.js';

/** Options of `trainScoringModel`: those of `learnScoring`, and where to train. */
export interface TrainOptions extends LearnOptions {
  /** `false` trains on the main thread in slices even where workers exist (default true). */
  worker?: boolean;
  /** Where the worker script is, when a site hosts it elsewhere (default: the file beside this module). */
  workerUrl?: string | URL;
  /** Stops the training: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Longest slice of main-thread training before the page gets its turn, in ms. */
const SLICE_MS = 8;

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function trainInSlices(examples: readonly LearnExample[], options: LearnOptions, signal: AbortSignal | undefined): Promise<LearnedScoring> {
  const steps = learnScoringSteps(examples, options);
  let start = performance.now();
  for (;;) {
    signal?.throwIfAborted();
    const step = steps.next();
    if (step.done) return loadLearnedScoring(step.value.toJSON());
    if (performance.now() - start > SLICE_MS) {
      await pause();
      start = performance.now();
    }
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

// The worker's answer; null when it could not start (a blocked or missing script).
function inWorker(worker: Worker, request: TrainRequest, signal: AbortSignal | undefined): Promise<TrainReply | null> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      worker.terminate();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.addEventListener('message', (event: MessageEvent<TrainReply>) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      resolve(event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      resolve(null);
    });
    worker.postMessage(request);
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
  const worker = useWorker && typeof globalThis.Worker === 'function' ? startWorker(workerUrl) : null;
  if (worker) {
    const reply = await inWorker(worker, { examples: examples as LearnExample[], options: learn }, signal);
    if (reply?.ok) return loadLearnedScoring(reply.json);
    if (reply) throw reply.path === undefined ? new Error(reply.message) : new LearnInputError(reply.path, reply.message.slice(reply.path.length + 1));
  }
  return trainInSlices(examples, learn, signal);
}
