/**
 * The script-tag bundle's rewrite of dagre (scripts/prune-dagre.ts, applied by vite.config.ts): on the
 * real dagre bundle, the result exports only Graph and layout, fills no graphlib namespace any more
 * (so the bundler drops the algorithms: the built layout chunk holds none of them), and lays out
 * exactly as dagre itself does. The map's own end-to-end tests then draw with the built chunk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as dagre from '@dagrejs/dagre';
import { applyEdits, pruneDagre } from '../../scripts/prune-dagre.js';
import { ROOT, cdnBuilt } from './harness.js';

type Dagre = Pick<typeof dagre, 'Graph' | 'layout'>;

// A process with branches, edge labels and a back-edge, laid out with the options the map uses.
function layOut(d: Dagre, options: Parameters<typeof dagre.layout>[1] = {}): string {
  const g = new d.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 40, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (let i = 0; i < 24; i++) g.setNode(`n${i}`, { width: 60 + (i % 5) * 10, height: 30 + (i % 3) * 8 });
  for (let i = 0; i < 23; i++) g.setEdge(`n${i}`, `n${i + 1}`, i % 4 === 0 ? { width: 30, height: 16, labelpos: 'c' } : {}, `e${i}`);
  for (let i = 0; i < 20; i += 3) g.setEdge(`n${i}`, `n${i + 3}`, {}, `x${i}`);
  g.setEdge('n18', 'n2', {}, 'back');
  d.layout(g, options);
  return JSON.stringify([g.nodes().map((n) => g.node(n)), g.edges().map((e) => g.edge(e))]);
}

describe('dagre without the graphlib algorithms it never runs', () => {
  const source = readFileSync(join(ROOT, 'node_modules/@dagrejs/dagre/dist/dagre.esm.js'), 'utf8');
  const pruned = applyEdits(source, pruneDagre(source));
  const dir = mkdtempSync(join(tmpdir(), 'l2c-dagre-'));
  let module: Dagre;

  before(async () => {
    writeFileSync(join(dir, 'dagre.mjs'), pruned);
    module = await import(pathToFileURL(join(dir, 'dagre.mjs')).href) as Dagre;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exports only what the map imports, and no longer fills the namespaces', () => {
    assert.deepEqual(Object.keys(module).sort(), ['Graph', 'layout']);
    assert.match(source, /dijkstra:\(\)=>/);
    assert.doesNotMatch(pruned, /dijkstra:\(\)=>/);
    assert.doesNotMatch(pruned, /[;}][\w$]+\([\w$]+,\{[\w$]+:\(\)=>/);
  });

  it('lays out exactly as dagre does, with and without the options the map passes', () => {
    for (const options of [{}, { disableOptimalOrderHeuristic: true }, { constraints: [{ left: 'n5', right: 'n6' }] }]) {
      assert.equal(layOut(module, options), layOut(dagre, options));
    }
  });

  it('fails the build, naming itself, when the bundle is not what it expects', () => {
    assert.throws(() => pruneDagre('export{a as Graph};'), /prune-dagre: no __export helper/);
    assert.throws(() => pruneDagre(source.replace(/ as layout\b/, ' as arrange')), /prune-dagre: dagre exports no layout/);
    // graphlib's `alg` namespace, whichever name the minifier gave it.
    const alg = /\(([\w$]+),\{CycleException:/.exec(source)![1]!;
    assert.throws(() => pruneDagre(source.replace(/export\{/, `${alg}.dijkstra;export{`)), (e: Error) => e.message.startsWith(`prune-dagre: ${alg} is still read`));
  });

  it('leaves the algorithms out of the built layout chunk', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
    const chunks = join(ROOT, 'dist/cdn/chunks');
    const layout = readdirSync(chunks).find((f) => /^process-map-view-.*\.js$/.test(f));
    assert.ok(layout, 'the layout chunk is built');
    const code = readFileSync(join(chunks, layout), 'utf8');
    assert.doesNotMatch(code, /negative weight cycle/);
    assert.match(code, /network-simplex|rankdir|nodesep/);
  });
});
