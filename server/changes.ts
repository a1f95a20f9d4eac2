/**
 * Live changes: `GET /changes` streams every write of the caller's workspace as Server-Sent Events,
 * resumable from the last event id (`Last-Event-ID`). Every write transaction sends
 * `NOTIFY l2c_changes, '<workspace>'`; each server instance LISTENs, so a write through any
 * instance wakes the streams of all of them. A woken stream reads the records written after the
 * last one it sent, in sequence order, from the database: the notification carries no data, so a
 * missed one costs only latency (a listener that reconnects wakes every stream), and the stream is
 * exactly the list API's `since` query in another form.
 */
import type { Database } from './db.js';
import { etagOf } from './http.js';
import { inWorkspace } from './scope.js';
import { encodeCursor } from './cursor.js';

/** The channel writes notify on; the payload is the workspace id. */
export const CHANGES_CHANNEL = 'l2c_changes';

const BATCH = 500;
const HEARTBEAT_MS = 15_000;

interface Row {
  collection: string;
  id: string;
  data: Record<string, unknown>;
  version: number | string;
  seq: string | number;
  deleted_at: Date | string | null;
}

/** An open stream: wake it to send what is new, or close it. */
interface Listener {
  wake(): void;
  close(): void;
  /** The key the stream was opened with, if any. */
  keyId?: string | undefined;
}

export class ChangeHub {
  readonly #db: Database;
  readonly #streams = new Map<string, Set<Listener>>();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(db: Database) {
    this.#db = db;
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#db.listen(CHANGES_CHANNEL, (ws) => this.#wake(ws), () => {
      for (const ws of this.#streams.keys()) this.#wake(ws);
    });
  }

  /** Stops listening and ends every open stream (the server is closing). */
  async stop(): Promise<void> {
    for (const set of [...this.#streams.values()]) for (const l of [...set]) l.close();
    await this.#unlisten?.();
  }

  /** Streams open now (for tests and health). */
  get size(): number {
    let n = 0;
    for (const set of this.#streams.values()) n += set.size;
    return n;
  }

  /** Ends the streams opened with key `keyId` (it was revoked). */
  closeKey(keyId: string): void {
    for (const set of [...this.#streams.values()]) for (const l of [...set]) if (l.keyId === keyId) l.close();
  }

  #wake(ws: string): void {
    for (const l of this.#streams.get(ws) ?? []) l.wake();
  }

  #add(ws: string, listener: Listener): () => void {
    let set = this.#streams.get(ws);
    if (!set) this.#streams.set(ws, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#streams.get(ws) === set) this.#streams.delete(ws);
    };
  }

  /**
   * An SSE response for workspace `ws`, starting after sequence number `after` (null: from now).
   * `stillAllowed` is asked at each heartbeat: when it answers false (a revoked key, an expired
   * token) the stream ends.
   */
  stream(ws: string, after: string | null, opts: { signal: AbortSignal; keyId?: string | undefined; stillAllowed: () => Promise<boolean> }): Response {
    const encoder = new TextEncoder();
    let last = after;
    let busy = false;
    let again = false;
    let closed = false;
    let remove: (() => void) | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let controller!: ReadableStreamDefaultController<Uint8Array>;

    const close = (): void => {
      if (closed) return;
      closed = true;
      remove?.();
      clearInterval(heartbeat);
      try {
        controller.close();
      } catch {
        // already closed by the client
      }
    };
    const send = (text: string): void => {
      if (closed) return;
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        close();
      }
    };
    const drain = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          for (;;) {
            const rows = await inWorkspace(this.#db, ws, (tx) =>
              tx.query<Row>(
                `SELECT collection, id, data, version, seq, deleted_at FROM records
                 WHERE workspace_id = $1 AND seq > $2::bigint AND spam = false ORDER BY seq LIMIT ${BATCH}`,
                [ws, last ?? '0'],
              ),
            );
            if (closed) return;
            for (const row of rows) {
              last = String(row.seq);
              const change = row.deleted_at === null
                ? { collection: row.collection, id: row.id, record: row.data, etag: etagOf(Number(row.version)) }
                : { collection: row.collection, id: row.id, deleted: true, deletedAt: new Date(row.deleted_at).toISOString() };
              send(`id: ${encodeCursor(last)}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
            }
            if (rows.length < BATCH) break;
          }
        } while (again && !closed);
      } catch (err) {
        console.error('the change stream failed; the client will reconnect:', err);
        close();
      } finally {
        busy = false;
      }
    };

    const body = new ReadableStream<Uint8Array>({
      start: async (c) => {
        controller = c;
        if (last === null) {
          const rows = await inWorkspace(this.#db, ws, (tx) => tx.query<{ seq: string | number }>('SELECT seq FROM workspaces WHERE id = $1', [ws]));
          last = String(rows[0]?.seq ?? '0');
        }
        // `retry` asks EventSource clients to reconnect after 2 s; `ready` tells where the stream starts.
        send(`retry: 2000\nid: ${encodeCursor(last)}\nevent: ready\ndata: {}\n\n`);
        remove = this.#add(ws, { wake: () => void drain(), close, keyId: opts.keyId });
        heartbeat = setInterval(() => {
          opts.stillAllowed().then(
            (ok) => (ok ? send(': keep-alive\n\n') : close()),
            () => close(),
          );
        }, HEARTBEAT_MS);
        heartbeat.unref?.();
        opts.signal.addEventListener('abort', close);
        await drain();
      },
      cancel: close,
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  }
}
