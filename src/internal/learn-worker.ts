/**
 * The module Web Worker that trains a learned scoring model off the page's main thread (issue 14):
 * it receives `{ examples, options }`, runs `learnScoring` and posts back the model's JSON, or the
 * input error (its field path and message). Started by `trainScoringModel` (learn-client.ts).
 */
import { learnScoring, LearnInputError } from '../core/learn.js';
import type { LearnExample, LearnOptions, LearnedScoringJSON } from '../core/learn.js';

/** What the page sends. */
export interface TrainRequest {
  examples: LearnExample[];
  options: LearnOptions;
}

/** What the worker answers: the model, or why it could not learn. */
export type TrainReply = { ok: true; json: LearnedScoringJSON } | { ok: false; path?: string; message: string };

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<TrainRequest>) => void): void;
  postMessage(message: TrainReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  let reply: TrainReply;
  try {
    reply = { ok: true, json: learnScoring(event.data.examples, event.data.options).toJSON() };
  } catch (error) {
    reply = error instanceof LearnInputError
      ? { ok: false, path: error.path, message: error.message }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
});
