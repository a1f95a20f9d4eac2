/**
 * A proxy in front of the reference server that adds a workspace key to requests that carry no
 * Authorization header, so browser tests about other things (sync, faults, elements) talk to a real
 * authenticated server without each one handling keys. Tests about credentials use the server's
 * own URL (SERVER_URL in test/support/env.ts) and the keys themselves.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startAuthProxy(target: string, key: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    // Preflights carry no credentials in browsers either.
    if (req.method !== 'OPTIONS' && !headers.authorization) headers.authorization = `Bearer ${key}`;
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      // Streamed as it comes: the change stream never ends.
      up.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
