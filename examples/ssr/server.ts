/**
 * Server-side rendering from any Node server: `npm run build`, then
 * `node --import tsx examples/ssr/server.ts` and open http://localhost:3000. It renders the page
 * with @lit-labs/ssr for every request (streamed) and serves the client script, bundled on start
 * with esbuild (any bundler will do: Vite, Rollup, webpack).
 */
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { streamPage } from './page.js';

const port = Number(process.env.PORT ?? 3000);
const bundle = await build({
  entryPoints: [new URL('./client.ts', import.meta.url).pathname], bundle: true, format: 'esm', minify: true, write: false,
});
const client = bundle.outputFiles[0]!.text;

createServer((req, res) => {
  if (req.url === '/client.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(client);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  streamPage({ script: '/client.js', endpoint: process.env.ENDPOINT }).pipe(res);
}).listen(port, () => console.log(`http://localhost:${port}`));
