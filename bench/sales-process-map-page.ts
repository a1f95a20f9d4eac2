/**
 * The page of the sales-process-map bench (bundled by bench/browser.ts): `window.bench(view, n)`
 * draws a generated process of `n` nodes with numbers on every node and returns the milliseconds
 * from setting the property to the drawing laid out, rendered and measured by the browser.
 */
import { SalesProcessMap } from '../src/components/sales-process-map/sales-process-map.js';
import type { NodeMetrics, Process, ProcessNode } from '../src/core/process.js';
import { BLUEPRINT_LANES } from '../src/core/process.js';

SalesProcessMap.define();

/**
 * A process shaped like a big real one: a main line of stages with a decision every ten nodes
 * that skips one stage (a labelled branch), a step back every eight nodes, lanes in turn.
 */
function processOf(n: number): { process: Process; metrics: Record<string, NodeMetrics> } {
  const nodes: ProcessNode[] = [];
  const metrics: Record<string, NodeMetrics> = {};
  for (let i = 0; i < n; i++) {
    const kind = i === 0 ? 'start' : i === n - 1 ? 'end' : i % 10 === 5 ? 'decision' : 'stage';
    nodes.push({ id: `n${i}`, label: kind === 'decision' ? `Check ${i}?` : `Step ${i} of the process`, kind, lane: BLUEPRINT_LANES[i % 5] });
    metrics[`n${i}`] = { count: 1000 - i * 3, conversion: 0.5 + ((i * 37) % 50) / 100, avgDays: (i * 13) % 40 };
  }
  const edges: Process['edges'] = [];
  for (let i = 1; i < n; i++) edges.push({ from: `n${i - 1}`, to: `n${i}`, ...(i % 10 === 6 ? { label: 'yes' } : {}) });
  for (let i = 5; i + 2 < n; i += 10) edges.push({ from: `n${i}`, to: `n${i + 2}`, label: 'no' });
  for (let i = 8; i < n - 1; i += 8) edges.push({ from: `n${i}`, to: `n${i - 3}`, label: 'back' });
  return { process: { nodes, edges }, metrics };
}

/** What `window.bench` of this page does (typed here, not on Window, which other bench pages type too). */
export type ProcessMapBench = (view: 'flow' | 'blueprint', n: number) => Promise<{ ms: number; nodes: number; edges: number }>;

const run: ProcessMapBench = async (view, n) => {
  const { process, metrics } = processOf(n);
  const el = document.createElement('sales-process-map') as SalesProcessMap;
  el.style.width = '1200px';
  document.body.replaceChildren(el);
  await el.updateComplete;
  const start = performance.now();
  el.view = view;
  el.highlightBottlenecks = true;
  el.metrics = metrics;
  el.process = process;
  await el.layoutComplete;
  // Style and layout of everything drawn, as the first paint needs them.
  const root = el.shadowRoot!;
  root.querySelector('svg')!.getBoundingClientRect();
  const drawn = root.querySelectorAll('[data-node-id]');
  drawn[drawn.length - 1]?.getBoundingClientRect();
  const ms = performance.now() - start;
  return { ms, nodes: drawn.length, edges: root.querySelectorAll('[part~="edge"]').length };
};

(window as unknown as { bench: ProcessMapBench }).bench = run;
