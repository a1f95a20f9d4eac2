/**
 * Live changes for the REST adapter: the tab that sends the outbox also holds one
 * `GET /changes` stream (Server-Sent Events, read with fetch so it carries the same credentials as
 * every other request) and applies each change to the cache as it arrives, so a colleague's move
 * shows on this board within a second. The stream resumes from the last event id after a drop;
 * while it is down the sender falls back to periodic pulls. Loaded with the sending code.
 */
import { COLLECTIONS, type CollectionName } from '../core/model.js';
import { commit, read, req } from './idb.js';
import { applyServerItems, pull, syncedTo, type ServerItem } from './rest-more.js';
import type { RestRepository } from './rest.js';

const LAST_KEY = 'live:last';

/** What the stream needs of the sending code. */
export interface LiveHost {
  repo: RestRepository;
  fetcher: typeof fetch;
  headers(extra: Record<string, string>): Promise<Record<string, string>>;
  /** Ends the stream (the repository closed). */
  signal: AbortSignal;
  /** Milliseconds to wait before reconnecting after `failures` failures in a row (backoff with jitter). */
  delay(failures: number): number;
  /** The stream is up (true) or down (false): the sender polls only while it is down. */
  onState(up: boolean): void;
  /** The server refused the stream's credentials (401, 403): it is not tried again until they change. */
  onRefused(status: number): void;
}

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Splits a text stream into Server-Sent Events (the parts of the format the server uses). */
export function parseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
      else if (field === 'data') data.push(value);
    }
    event.data = data.join('\n');
    if (event.id !== undefined || data.length) events.push(event);
  }
  return { events, rest };
}

/** Applies a run of change events to the cache, then records how far the sync got. */
async function apply(host: LiveHost, events: readonly SseEvent[]): Promise<void> {
  const byCollection = new Map<CollectionName, ServerItem[]>();
  let last: string | undefined;
  for (const e of events) {
    if (e.id) last = e.id;
    if (e.event !== 'change') continue;
    let change: { collection?: string; id?: string; record?: Record<string, unknown>; deleted?: boolean; deletedAt?: string; etag?: string };
    try {
      change = JSON.parse(e.data) as typeof change;
    } catch {
      continue;
    }
    const collection = change.collection as CollectionName;
    if (!(COLLECTIONS as readonly string[]).includes(collection) || typeof change.id !== 'string') continue;
    const item = change.deleted ? { id: change.id, deleted: true, deletedAt: change.deletedAt } : change.record;
    if (!item) continue;
    let list = byCollection.get(collection);
    if (!list) byCollection.set(collection, (list = []));
    list.push({ item, etag: change.etag });
  }
  for (const [collection, items] of byCollection) await applyServerItems(host.repo, collection, items);
  if (last) {
    const db = await host.repo.local.db();
    await commit(db, 'meta', (tx) => req(tx.objectStore('meta').put({ key: LAST_KEY, value: last })), 'default');
    await syncedTo(host.repo, last);
  }
}

/** Where to resume: the last event applied, or (first time) after a full pull, where it began. */
async function startingPoint(host: LiveHost): Promise<string | undefined> {
  const db = await host.repo.local.db();
  const stored = (await req(read(db, 'meta').get(LAST_KEY)))?.value as string | undefined;
  if (stored) return stored;
  // The first collection's token is the earliest position pulled: changes to it during the later
  // pulls come again through the stream (applying a record twice is harmless).
  let first: string | undefined;
  for (const c of COLLECTIONS) {
    const token = await pull(host.repo, c);
    first ??= token;
  }
  return first;
}

/**
 * Holds the change stream until `host.signal` aborts: reconnects with backoff after a drop, stops
 * for good when the server has no stream (404, 405, or no sync tokens) and waits for new
 * credentials after a 401/403.
 */
export async function streamChanges(host: LiveHost): Promise<void> {
  let failures = 0;
  while (!host.signal.aborted) {
    let up = false;
    try {
      const from = await startingPoint(host);
      if (from === undefined) return;
      const response = await host.fetcher(`${host.repo.endpoint}/changes`, {
        headers: await host.headers({ accept: 'text/event-stream', 'last-event-id': from }),
        signal: host.signal,
        cache: 'no-store',
      });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        host.onRefused(response.status);
        return;
      }
      if (response.status === 404 || response.status === 405 || response.status === 501) {
        await response.body?.cancel();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`GET /changes: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const { events, rest } = parseEvents(buffer);
        buffer = rest;
        if (!events.length) continue;
        if (!up) {
          up = true;
          failures = 0;
          host.onState(true);
        }
        await apply(host, events);
      }
    } catch {
      // A drop, a failed read or a refused write to the cache: reconnect from the last event applied.
    } finally {
      if (up) host.onState(false);
    }
    if (host.signal.aborted) return;
    failures += 1;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, host.delay(failures));
      host.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}
