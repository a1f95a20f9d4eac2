/**
 * A fault-injecting HTTP proxy in front of the reference server, for the storage chaos tests:
 * dropped connections, 500, 503 with Retry-After, 429, 401 and 403 (problem+json as the server
 * answers them), slow responses, responses lost after the server committed the write, and a
 * "poisoned" record that always gets the same answer.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Kinds of injected faults. */
export const FAULT_KINDS = ['drop', '500', '503', '429', 'slow', 'lost-response', '401', '403'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How the proxy misbehaves: a random fault on `rate` of requests, or a fixed queue of faults first. */
export interface FaultPlan {
  rate?: number;
  kinds?: FaultKind[];
  /** Faults for the next requests, in order, before random ones. */
  queue?: FaultKind[];
  slowMs?: number;
  retryAfterSeconds?: number;
  /** Only requests whose method is in this list get faults (default all but OPTIONS). */
  methods?: string[];
  /**
   * Every request whose URL or body contains `marker` gets this answer (default a 500 problem+json;
   * `body` and `contentType` replace the document, e.g. an HTML page), before any other fault.
   */
  poison?: { marker: string; status?: number; body?: string; contentType?: string };
}

/** What the proxy has done. */
export interface FaultStats {
  requests: number;
  faults: Record<FaultKind, number>;
  /** Requests answered for the poison marker. */
  poisoned: number;
  /** The `authorization` header of each request, in order (for credential tests). */
  authorization: (string | null)[];
}

/** A running proxy. */
export interface FaultProxy {
  url: string;
  setPlan(plan: FaultPlan): void;
  stats(): FaultStats;
  resetStats(): void;
  close(): Promise<void>;
}

function emptyStats(): FaultStats {
  return { requests: 0, faults: { drop: 0, '500': 0, '503': 0, '429': 0, slow: 0, 'lost-response': 0, '401': 0, '403': 0 }, poisoned: 0, authorization: [] };
}

/** Starts a proxy on loopback forwarding to `target` (an http:// origin). */
export async function startFaultProxy(target: string, random: () => number = Math.random): Promise<FaultProxy> {
  const upstream = new URL(target);
  let plan: FaultPlan = {};
  let stats = emptyStats();

  const cors = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After, ETag', vary: 'Origin' } : {};
  };

  const pickFault = (req: IncomingMessage): FaultKind | undefined => {
    const methods = plan.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    if (!methods.includes(req.method ?? '')) return undefined;
    if (plan.queue && plan.queue.length > 0) return plan.queue.shift();
    const kinds = plan.kinds ?? [...FAULT_KINDS];
    if (!plan.rate || kinds.length === 0 || random() >= plan.rate) return undefined;
    return kinds[Math.floor(random() * kinds.length)];
  };

  const forward = (
    req: IncomingMessage, body: Buffer, onResponse: (res: IncomingMessage, payload: Buffer) => void, onError: () => void, client?: ServerResponse,
  ) => {
    const out = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (res) => {
      // The change stream never ends: it is passed on as it comes, as any proxy does.
      if (client && /text\/event-stream/.test(res.headers['content-type'] ?? '')) {
        client.writeHead(res.statusCode ?? 502, res.headers);
        res.pipe(client);
        client.on('close', () => res.destroy());
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => onResponse(res, Buffer.concat(chunks)));
    });
    out.on('error', onError);
    out.end(body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests += 1;
      const body = Buffer.concat(chunks);
      if (req.method !== 'OPTIONS') stats.authorization.push(req.headers.authorization ?? null);
      const problem = (status: number, extra: Record<string, string> = {}, type = 'about:blank') => {
        res.writeHead(status, { 'content-type': 'application/problem+json', ...cors(req), ...extra });
        res.end(JSON.stringify({ type, title: `Injected ${status}`, status }));
      };
      const { poison } = plan;
      if (poison && req.method !== 'OPTIONS' && (req.url?.includes(poison.marker) || body.includes(poison.marker))) {
        stats.poisoned += 1;
        if (poison.body === undefined) problem(poison.status ?? 500);
        else {
          res.writeHead(poison.status ?? 500, { 'content-type': poison.contentType ?? 'text/html', ...cors(req) });
          res.end(poison.body);
        }
        return;
      }
      const fault = pickFault(req);
      if (fault) stats.faults[fault] += 1;
      switch (fault) {
        case 'drop':
          req.socket.destroy();
          return;
        case '500':
          problem(500);
          return;
        case '503':
          problem(503, { 'retry-after': String(plan.retryAfterSeconds ?? 1) });
          return;
        case '429':
          problem(429, { 'retry-after': String(plan.retryAfterSeconds ?? 1) });
          return;
        case '401':
          problem(401, { 'www-authenticate': 'Bearer' }, 'https://l2c.example/problems/unauthorized');
          return;
        case '403':
          problem(403, {}, 'https://l2c.example/problems/forbidden');
          return;
        default:
      }
      const relay = (upstreamRes: IncomingMessage, payload: Buffer) => {
        // The server has committed; losing the response now is the case idempotency keys exist for.
        if (fault === 'lost-response') {
          req.socket.destroy();
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        res.end(payload);
      };
      const send = () => forward(req, body, relay, () => problem(502), res);
      if (fault === 'slow') setTimeout(send, plan.slowMs ?? 1500);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPlan(next) {
      plan = { ...next, ...(next.queue ? { queue: [...next.queue] } : {}) };
    },
    stats: () => structuredClone(stats),
    resetStats() {
      stats = emptyStats();
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
