/**
 * The module Web Worker that trains a learned scoring model off the page's main thread (issue 14):
 * it receives the examples in batches and then the options, runs `learnScoring` and posts back the
 * model's JSON, or the input error (its field path and message). Started by `trainScoringModel` (learn-client.ts).
 */
import { learnScoring, LearnInputError } from '../core/learn.js';
import type { LearnExample, LearnOptions, LearnedScoringJSON } from '../core/learn.js';

/**
 * What the page sends: the examples in batches (copying them all in one message would hold the
 * page's main thread for as long as the copy takes), then `train` with the options.
 */
export type TrainRequest = { type: 'examples'; examples: LearnExample[] } | { type: 'train'; options: LearnOptions };

/** What the worker answers: the model, or why it could not learn. */
export type TrainReply = { ok: true; json: LearnedScoringJSON } | { ok: false; path?: string; message: string };

/** What the worker posts: first `ready` (once it runs: messages sent to a worker still starting can hold the page), then its reply. */
export type WorkerMessage = { ready: true } | TrainReply;

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<TrainRequest>) => void): void;
  postMessage(message: WorkerMessage): void;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
let received: LearnExample[] = [];

scope.addEventListener('message', ({ data }) => {
  if (data.type === 'examples') {
    received.push(...data.examples);
    return;
  }
  let reply: TrainReply;
  try {
    reply = { ok: true, json: learnScoring(received, data.options).toJSON() };
  } catch (error) {
    reply = error instanceof LearnInputError
      ? { ok: false, path: error.path, message: error.message }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  received = [];
  scope.postMessage(reply);
  // The worker ends itself: the page's terminate() would wait on the main thread for it to wind down.
  scope.close();
});

scope.postMessage({ ready: true });
