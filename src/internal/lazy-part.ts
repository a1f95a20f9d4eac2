/**
 * A part of an element that is downloaded after its first render (the board's moving half, a
 * chart, a panel): one download per page for every element that uses it, started by the first
 * that asks; a failed download may be tried again. `LazyPart.attach` connects the module to one
 * element once it is here, and `pending` lets the element's `updateComplete` wait for that.
 */

/** One lazily loaded module, shared by every element on the page. */
export class LazyPart<M> {
  #module: M | undefined;
  #loading: Promise<M> | undefined;

  constructor(private readonly loader: () => Promise<M>) {}

  /** The module, once it has arrived. */
  get module(): M | undefined {
    return this.#module;
  }

  /** Downloads the module (once); rejects when the download fails, and the next call tries again. */
  load(): Promise<M> {
    this.#loading ??= this.loader().then((m) => (this.#module = m), (error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }
}

/** Attaches a lazy part to one element: `request()` loads it (once) and calls `attach` with it. */
export class LazyAttachment<M, T> {
  #value: T | undefined;
  #attaching: Promise<void> | undefined;

  constructor(private readonly part: LazyPart<M>, private readonly attach: (module: M) => T) {}

  /** What `attach` returned, once the part is attached. */
  get value(): T | undefined {
    return this.#value;
  }

  /** The attachment in progress, if any: an element's `updateComplete` awaits it. */
  get pending(): Promise<void> | undefined {
    return this.#value === undefined ? this.#attaching : undefined;
  }

  /**
   * For an element's `getUpdateComplete`: once the part was asked for, an update is complete when
   * the part is attached and the element rendered with it. `complete` is the element's own wait.
   */
  async settled(complete: () => Promise<boolean>): Promise<boolean> {
    let done = await complete();
    const pending = this.pending;
    if (pending) {
      await pending;
      done = await complete();
    }
    return done;
  }

  /** Loads and attaches the part (at once when it is already here); resolves when attached, or when the download failed. */
  request(): Promise<void> {
    if (this.#value !== undefined) return Promise.resolve();
    const here = this.part.module;
    if (here !== undefined) {
      this.#value = this.attach(here);
      return Promise.resolve();
    }
    this.#attaching ??= this.part.load().then((m) => {
      this.#value ??= this.attach(m);
    }, () => {
      this.#attaching = undefined;
    });
    return this.#attaching;
  }
}
