/** Change events: delivered to listeners in this tab and, through a BroadcastChannel, in other tabs. */
import type { CollectionName } from '../core/model.js';
import type { Change, ChangeListener, Unsubscribe } from './types.js';

/** Listeners of one repository, optionally linked to the same repository in other tabs. */
export class ChangeHub {
  readonly #listeners = new Set<ChangeListener>();
  readonly #channel: BroadcastChannel | undefined;

  /** With `channelName`, changes are shared with every tab that uses the same name. */
  constructor(channelName?: string) {
    if (channelName && typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(channelName);
      this.#channel.onmessage = (event: MessageEvent<Change>) => {
        const change = event.data;
        // A change the server made stays "remote" wherever it lands; anything else came from a tab.
        this.#deliver({ ...change, origin: change.origin === 'remote' ? 'remote' : 'tab' });
      };
    }
  }

  /** Tells listeners here and in other tabs. */
  emit(change: Change): void {
    if (change.ids.length === 0) return;
    this.#deliver(change);
    this.#channel?.postMessage(change);
  }

  /** Adds a listener, optionally for one collection only. */
  subscribe(listener: ChangeListener, collection?: CollectionName): Unsubscribe {
    const wrapped: ChangeListener = collection ? (c) => { if (c.collection === collection) listener(c); } : listener;
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  close(): void {
    this.#listeners.clear();
    this.#channel?.close();
  }

  #deliver(change: Change): void {
    deliver(this.#listeners, change);
  }
}

/** @internal Calls every listener with `value`; one that throws does not stop the others, and its error is reported without breaking the caller. */
export function deliver<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (error) {
      queueMicrotask(() => { throw error; });
    }
  }
}
