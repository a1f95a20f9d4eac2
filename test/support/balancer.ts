/**
 * A load balancer for end-to-end tests of several server instances: round robin over the live
 * instances, an instance that refuses connections (killed) is skipped for a second, and the same
 * faults as the fault proxy (drops, 500, 503/429 with Retry-After, slow and lost responses) on a
 * share of requests. Streams responses through (the change stream never ends).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultKind } from './fault-proxy.js';

/** The faults of a chaos run: everything a network and a busy server do, but refusing credentials. */
export const CHAOS_KINDS: readonly FaultKind[] = ['drop', '500', '503', '429', 'slow', 'lost-response'];

export interface Balancer {
  url: string;
  /** Faults on `rate` of the requests (0 turns them off), of these kinds. */
  setFaults(rate: number, kinds?: readonly FaultKind[]): void;
  stats(): { requests: number; faults: number; perInstance: number[] };
  close(): Promise<void>;
}

export async function startBalancer(targets: readonly string[], random: () => number = Math.random): Promise<Balancer> {
  const upstreams = targets.map((t) => new URL(t));
  const downUntil = upstreams.map(() => 0);
  const perInstance = upstreams.map(() => 0);
  let next = 0;
  let rate = 0;
  let kinds: readonly FaultKind[] = CHAOS_KINDS;
  let requests = 0;
  let faults = 0;

  const cors = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After, ETag', vary: 'Origin' } : {};
  };
  const problem = (req: IncomingMessage, res: ServerResponse, status: number, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/problem+json', ...cors(req), ...extra });
    res.end(JSON.stringify({ type: 'about:blank', title: `Injected ${status}`, status }));
  };

  /** Sends to the next live instance; on a refused connection marks it down and tries the others. */
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, lose: boolean, tried = 0): void => {
    if (tried >= upstreams.length) {
      problem(req, res, 502);
      return;
    }
    let i = next++ % upstreams.length;
    for (let k = 0; k < upstreams.length && downUntil[i]! > Date.now(); k++) i = next++ % upstreams.length;
    const up = upstreams[i]!;
    const out = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (upRes) => {
      perInstance[i]! += 1;
      // The instance has committed; losing the response now is what idempotency keys are for.
      if (lose) {
        upRes.resume();
        upRes.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && !res.headersSent) {
        downUntil[i] = Date.now() + 1000;
        forward(req, body, res, lose, tried + 1);
      } else if (!res.headersSent) problem(req, res, 502);
      else res.destroy();
    });
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      const body = Buffer.concat(chunks);
      const fault = req.method !== 'OPTIONS' && rate > 0 && random() < rate && kinds.length ? kinds[Math.floor(random() * kinds.length)] : undefined;
      if (fault) faults += 1;
      switch (fault) {
        case 'drop':
          req.socket.destroy();
          return;
        case '500':
          problem(req, res, 500);
          return;
        case '503':
        case '429':
          problem(req, res, Number(fault), { 'retry-after': '1' });
          return;
        case 'slow':
          setTimeout(() => forward(req, body, res, false), 1500);
          return;
        default:
          forward(req, body, res, fault === 'lost-response');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaults(r, k = CHAOS_KINDS) {
      rate = r;
      kinds = k;
    },
    stats: () => ({ requests, faults, perInstance: [...perInstance] }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
