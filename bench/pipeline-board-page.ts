/**
 * The browser side of bench/pipeline-board.ts (bundled with esbuild from the sources): mounts a
 * board with generated deals and measures it from inside the page, where the timings are exact.
 */
import { PipelineBoard, type DealMoveDetail } from '../src/components/pipeline-board/pipeline-board.js';
import type { Activity, Deal, Pipeline } from '../src/core/model.js';
import { MemoryRepository } from '../src/storage/memory.js';
import { generateDataset } from '../test/generate.js';

PipelineBoard.define();

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
// After the frame is painted: a message posted from a rAF callback runs after that frame. The
// channel is kept in a module variable: an unreferenced MessageChannel may be collected before
// its message arrives.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const painted = () => new Promise<void>((r) => requestAnimationFrame(() => {
  waiting.push(r);
  channel.port2.postMessage(null);
}));

interface Data {
  pipeline: Pipeline;
  deals: Deal[];
  activities: Activity[];
}

const cache = new Map<number, Data>();

function data(count: number): Data {
  let d = cache.get(count);
  if (!d) {
    const set = generateDataset({ deals: count, leads: 0, templates: ['l2c'], seed: 7 });
    d = { pipeline: set.pipelines[0]!, deals: set.deals, activities: set.activities };
    cache.set(count, d);
  }
  return d;
}

function cards(el: PipelineBoard): number {
  return el.shadowRoot!.querySelectorAll('.card').length;
}

let current: PipelineBoard | undefined;

/** jKanban, loaded by the page as a classic script (bench/pipeline-board.ts adds it). */
declare const jKanban: new (options: { element: string; gutter?: string; widthBoard?: string; dragBoards?: boolean; boards: { id: string; title: string; item: { id: string; title: string }[] }[] }) => unknown;

/** Resolves after the first frame painted in which `ready()` holds (checked every frame). */
function paintedWhen(ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!ready()) {
        requestAnimationFrame(check);
        return;
      }
      waiting.push(resolve);
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(check);
  });
}

const api = {
  /** Generates the data outside the timed part. */
  prepare(count: number): number {
    return data(count).deals.length;
  },

  /** Mounts a controlled board and returns the time to its first painted frame, in ms. */
  async mount(count: number, mode: 'controlled' | 'memory' = 'controlled'): Promise<{ ms: number; cards: number }> {
    current?.remove();
    const { pipeline, deals, activities } = data(count);
    let repo: MemoryRepository | undefined;
    if (mode === 'memory') {
      repo = new MemoryRepository();
      await repo.pipelines.put(pipeline);
      await repo.deals.putMany(deals);
      await repo.activities.putMany(activities);
    }
    await frame();
    const start = performance.now();
    const el = document.createElement('pipeline-board') as PipelineBoard;
    el.now = '2026-11-01T09:00:00.000Z';
    if (repo) {
      // A provider-less board reading a given repository: what an app with its own store does.
      Object.defineProperty(el, 'repository', { get: () => repo });
      el.pipelineId = pipeline.id;
    } else {
      el.pipeline = pipeline;
      el.deals = deals;
      el.activities = activities;
    }
    document.body.append(el);
    current = el;
    if (repo) {
      while (el.shadowRoot?.querySelector('.card') === null || !el.shadowRoot) await frame();
    }
    await el.updateComplete;
    await painted();
    // Measured heights may re-render once; that belongs to the first render.
    await el.updateComplete;
    await painted();
    return { ms: performance.now() - start, cards: cards(el) };
  },

  /**
   * The time from creating a controlled board with `count` deals to the first painted frame that
   * shows cards (what a person sees first; the lazily loaded part comes after).
   */
  async firstCards(count: number): Promise<{ ms: number; cards: number }> {
    current?.remove();
    const { pipeline, deals, activities } = data(count);
    await frame();
    const start = performance.now();
    const el = document.createElement('pipeline-board') as PipelineBoard;
    el.now = '2026-11-01T09:00:00.000Z';
    el.pipeline = pipeline;
    el.deals = deals;
    el.activities = activities;
    document.body.append(el);
    current = el;
    await paintedWhen(() => !!el.shadowRoot?.querySelector('.card'));
    const ms = performance.now() - start;
    await el.updateComplete;
    return { ms, cards: cards(el) };
  },

  /** The same for jKanban (one board per stage, one item per deal, titled like a card). */
  async jkanban(count: number): Promise<{ ms: number; cards: number }> {
    current?.remove();
    current = undefined;
    document.querySelector('#jk')?.remove();
    const { pipeline, deals } = data(count);
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
    const boards = pipeline.stages.map((st) => ({ id: st.id, title: st.label, item: [] as { id: string; title: string }[] }));
    const byStage = new Map(boards.map((b) => [b.id, b]));
    for (const d of deals) byStage.get(d.stageId)?.item.push({ id: d.id, title: `${d.title} · ${money.format(d.value)}` });
    await frame();
    const start = performance.now();
    const host = document.createElement('div');
    host.id = 'jk';
    document.body.append(host);
    new jKanban({ element: '#jk', gutter: '12px', widthBoard: '272px', dragBoards: false, boards });
    await paintedWhen(() => !!host.querySelector('.kanban-item'));
    const ms = performance.now() - start;
    const n = host.querySelectorAll('.kanban-item').length;
    host.remove();
    return { ms, cards: n };
  },

  /**
   * Resolves with the time from the next Enter (the "Add deal" form's submit) to the painted frame
   * that shows a card titled `title`.
   */
  nextCreateRepaint(title: string): Promise<number> {
    const el = current!;
    return new Promise((resolve) => {
      el.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key !== 'Enter') return;
        const start = performance.now();
        void paintedWhen(() => [...el.shadowRoot!.querySelectorAll('.card .title')].some((t) => t.textContent === title))
          .then(() => resolve(performance.now() - start));
      }, { once: true, capture: true });
    });
  },

  /** Scrolls every column top to bottom and the board left to right; returns the most cards seen. */
  async scrollAll(steps = 12): Promise<{ maxCards: number; columns: number; reachedEnd: boolean }> {
    const el = current!;
    const root = el.shadowRoot!;
    let maxCards = cards(el);
    let reachedEnd = true;
    const bodies = [...root.querySelectorAll<HTMLElement>('.column-body')];
    const board = root.querySelector<HTMLElement>('.board')!;
    for (let i = 0; i <= steps; i++) {
      board.scrollLeft = ((board.scrollWidth - board.clientWidth) * i) / steps;
      for (const body of bodies) body.scrollTop = ((body.scrollHeight - body.clientHeight) * i) / steps;
      // Scroll events arrive with the next frame and the board re-renders on the frame after.
      await frame();
      await frame();
      await el.updateComplete;
      maxCards = Math.max(maxCards, cards(el));
    }
    // At the bottom, each non-empty column shows its last deal.
    for (const body of bodies) {
      const list = body.querySelectorAll<HTMLElement>('.card');
      const size = Number(list[0]?.getAttribute('aria-setsize') ?? 0);
      if (size > 0 && ![...list].some((c) => Number(c.getAttribute('aria-posinset')) === size)) reachedEnd = false;
    }
    for (const body of bodies) body.scrollTop = 0;
    board.scrollLeft = 0;
    await el.updateComplete;
    await frame();
    return { maxCards, columns: bodies.length, reachedEnd };
  },

  /** Focuses the first card of the first column with deals. */
  async focusFirst(): Promise<boolean> {
    const el = current!;
    await el.updateComplete;
    const card = el.shadowRoot!.querySelector<HTMLElement>('.card[tabindex="0"]');
    card?.focus();
    return !!card && el.shadowRoot!.activeElement === card;
  },

  /** Resolves with the time from the next keydown to the frame painted after the board updated. */
  nextKeyRepaint(): Promise<number> {
    const el = current!;
    return new Promise((resolve) => {
      let start = 0;
      // Timing starts before the board sees the key and waits for the update the key caused.
      el.addEventListener('keydown', () => { start = performance.now(); }, { once: true, capture: true });
      el.addEventListener('keydown', () => {
        void el.updateComplete.then(painted).then(() => resolve(performance.now() - start));
      }, { once: true });
    });
  },

  /** The live region's text. */
  announced(): string {
    return current!.shadowRoot!.querySelector('[part="announcer"]')?.textContent ?? '';
  },

  /** Deals in each column, by stage id (controlled: what the host got back in deal-moved). */
  moves: [] as string[],
};

document.addEventListener('deal-moved', (e) => {
  const { deal, to } = (e as CustomEvent<DealMoveDetail>).detail;
  api.moves.push(`${deal.id}->${to}`);
  // Controlled use: the host applies the move.
  if (current && current.deals) current.deals = current.deals.map((d) => (d.id === deal.id ? deal : d));
});

(window as unknown as { boardBench: typeof api }).boardBench = api;
