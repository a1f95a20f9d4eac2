/**
 * Makes one asynchronous method of an object (a repository collection's `get` or `list`) wait, as a
 * slow IndexedDB or server would, so a test can act while the read is still under way. It waits
 * until the test releases it, never for a time: a delay would race the test on a slow machine.
 */

// The methods these helpers wrap: anything that returns a promise.
type Async = (...args: never[]) => Promise<unknown>;

/** A held method: `release()` lets every waiting and later call through; `restore()` puts it back. */
export interface Held {
  release(): void;
  /** Whether a held call has been made. */
  readonly asked: boolean;
  restore(): void;
}

function wrap<T extends { [P in K]: Async }, K extends keyof T>(
  target: T, key: K, before: (args: Parameters<T[K]>) => Promise<void>,
): () => void {
  const original = target[key];
  target[key] = (async (...args: Parameters<T[K]>) => {
    await before(args);
    return original.apply(target, args);
  }) as T[K];
  return () => { target[key] = original; };
}

/** Holds the calls of `target[key]` (those `only` picks) until `release()`. */
export function hold<T extends { [P in K]: Async }, K extends keyof T>(
  target: T, key: K, only: (...args: Parameters<T[K]>) => boolean = () => true,
): Held {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let asked = false;
  const restore = wrap(target, key, async (args) => {
    if (!only(...args)) return;
    asked = true;
    await held;
  });
  return { release, get asked() { return asked; }, restore };
}
