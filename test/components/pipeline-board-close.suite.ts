/**
 * The board's contract for closing and handling several deals: the Won, Lost and Delete drop
 * zones, lost reasons as ids in the reader's language, selection and bulk actions with one undo,
 * the drag ghost under the pointer, and the narrow layout. Reusable against any subclass.
 */
import { expect } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import type { Deal } from '../../src/core/model.js';
import { mount, nextFrame } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { OWNERS, control, controlledBoard, dialogOf, eventually, fill, nameOf, storedBoard } from './board-test-kit.js';
import { NOW, announced, card, cardIds, centre, column, dealIn, focused, press, root, salesPipeline, sampleDeals, text } from './pipeline-board.suite.js';

const zones = (el: PipelineBoard) => [...root(el).querySelectorAll<HTMLElement>('[part~="drop-zone"]')];

/** Picks a card up by keyboard and moves it right `steps` times. */
async function carry(el: PipelineBoard, id: string, steps: number): Promise<void> {
  card(el, id)!.focus();
  await press(el, ' ');
  for (let i = 0; i < steps; i++) await press(el, 'ArrowRight');
}

/** Runs the contract against `tag`. */
export function pipelineBoardCloseSuite(tag: string): void {
  const t = unsafeStatic(tag);

  describe(`<${tag}>: closing deals`, () => {
    it('shows Won and Lost drop zones while a deal moves, reachable by keyboard after the last column', async () => {
      const { el, repo } = await storedBoard(tag);
      const moved: string[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(`${e.detail.deal.id} ${e.detail.from}->${e.detail.to}`));
      expect(zones(el)).to.deep.equal([]);
      // Lead is the first of 8 open columns: 8 steps reach Won.
      await carry(el, 'd1', 8);
      expect(zones(el).map(nameOf)).to.deep.equal(['Won', 'Lost']);
      expect(zones(el).map((z) => z.dataset.zone)).to.deep.equal(['won', 'lost']);
      expect(announced(el)).to.equal('Acme renewal: Won.');
      expect(zones(el)[0]!.getAttribute('part')).to.equal('drop-zone drop-zone-target');
      await expect(el).to.be.accessible();
      await press(el, 'Enter');
      await eventually(async () => (await repo.deals.get('d1'))!.status === 'won', 'the deal to be won');
      expect(moved).to.deep.equal(['d1 lead->won']);
      const won = (await repo.deals.get('d1'))!;
      expect(won.history.map((h) => h.stageId)).to.deep.equal(['lead', 'won']);
      expect(won.closedAt).to.be.a('string');
      // Closed deals leave the open columns; the card that took its place has the focus.
      await until(() => cardIds(el, 'lead').join() === 'd2', 2000, 'd1 to leave Lead');
      await until(() => focused(el)?.dataset.dealId === 'd2', 2000, 'focus on the next card');
      expect(zones(el)).to.deep.equal([]);
      // The switch shows closed deals as columns again.
      root(el).querySelector<HTMLInputElement>('[part="show-closed"]')!.click();
      await until(() => !!root(el).querySelector('[part~="column"][data-stage-id="won"]') && cardIds(el, 'won').join() === 'd1', 2000, 'the Won column');
    });

    it('asks why a deal dropped on Lost was lost, stores the reason id and shows it in the reader\'s language', async () => {
      const { el, repo } = await storedBoard(tag);
      await carry(el, 'd2', 9);
      expect(announced(el)).to.equal('Globex pilot: Lost.');
      await press(el, ' ');
      const dialog = dialogOf(el, 'lost');
      await until(() => dialog.open, 2000, 'the lost-reason dialog');
      const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
      expect(radios.map((r) => r.value)).to.deep.equal(['price', 'competitor', 'no-budget', 'no-decision', 'timing', 'product-fit', '\u0000other']);
      radios[1]!.click();
      dialog.querySelector<HTMLElement>('button[type="submit"]')!.click();
      await eventually(async () => (await repo.deals.get('d2'))!.status === 'lost', 'the deal to be lost');
      expect((await repo.deals.get('d2'))!.lostReason).to.equal('competitor');
      el.showClosed = true;
      el.locale = 'zh-CN';
      await until(() => text(card(el, 'd2')?.querySelector('[part="card-next"]')) === '选择了竞争对手', 3000, 'the reason in Chinese');
      // A reason stored as English text by an older version reads in Chinese too.
      expect(text(card(el, 'd4')!.querySelector('[part="card-next"]'))).to.equal('价格');
    });

    it('drops a dragged card on the Won zone with a real mouse', async () => {
      const el = await controlledBoard(tag);
      el.style.setProperty('--l2c-pipeline-board-height', '360px');
      const moved: string[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(`${e.detail.deal.id} ${e.detail.to} ${e.detail.deal.status}`));
      const from = centre(card(el, 'd3')!.querySelector('[part="card-value"]')!);
      try {
        await sendMouse({ type: 'move', position: from });
        await sendMouse({ type: 'down' });
        await sendMouse({ type: 'move', position: [from[0] + 10, from[1] + 10] });
        await until(() => zones(el).length === 2, 2000, 'the drop zones');
        const won = centre(zones(el)[0]!);
        for (let i = 1; i <= 5; i++) await sendMouse({ type: 'move', position: [Math.round(from[0] + ((won[0] - from[0]) * i) / 5), Math.round(from[1] + ((won[1] - from[1]) * i) / 5)] });
        await until(() => zones(el)[0]?.getAttribute('part') === 'drop-zone drop-zone-target', 2000, 'Won under the pointer');
        await sendMouse({ type: 'up' });
      } finally {
        await resetMouse();
      }
      await until(() => moved.length === 1, 2000, 'deal-moved');
      expect(moved).to.deep.equal(['d3 won won']);
    });

    it('offers Delete only with allow-delete, and a deletion can be undone', async () => {
      const { el, repo } = await storedBoard(tag, { attrs: 'allow-delete' });
      const deleted: string[] = [];
      const created: string[] = [];
      el.addEventListener('deal-deleted', (e) => deleted.push(e.detail.deal.id));
      el.addEventListener('deal-created', (e) => created.push(e.detail.deal.id));
      await carry(el, 'd1', 10);
      expect(zones(el).map(nameOf)).to.deep.equal(['Won', 'Lost', 'Delete']);
      expect(announced(el)).to.equal('Acme renewal: Delete.');
      await press(el, 'Enter');
      await until(() => deleted.length === 1, 2000, 'deal-deleted');
      expect(deleted).to.deep.equal(['d1']);
      expect(await repo.deals.get('d1')).to.equal(undefined);
      await until(() => !card(el, 'd1'), 2000, 'the card to go');
      expect(text(root(el).querySelector('[part="notice"] p'))).to.equal('Deleted Acme renewal.');
      root(el).querySelector<HTMLElement>('[part="undo"]')!.click();
      await until(() => created.length === 1, 2000, 'deal-created');
      expect(created).to.deep.equal(['d1']);
      expect(await repo.deals.get('d1')).to.not.equal(undefined);
      await until(() => cardIds(el, 'lead').join() === 'd1,d2', 2000, 'the card back in Lead');
      el.allowDelete = false;
      await el.updateComplete;
      await carry(el, 'd2', 10);
      expect(zones(el).map(nameOf)).to.deep.equal(['Won', 'Lost']);
      await press(el, 'Escape');
    });
  });

  describe(`<${tag}>: several deals at once`, () => {
    it('selects by keyboard in selection mode, moves the selection in one step and undoes it in one', async () => {
      const { el, repo } = await storedBoard(tag, { deals: [...sampleDeals(), dealIn('d5', 'Stark pilot', 'lead', 2, { rank: 3 })] });
      const moved: string[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(`${e.detail.deal.id}:${e.detail.to}:${e.detail.source}`));
      const select = root(el).querySelector<HTMLElement>('[part="select-button"]')!;
      select.click();
      await el.updateComplete;
      expect(select.getAttribute('aria-pressed')).to.equal('true');
      if ((() => { try { return typeof el.matches(':state(selecting)') === 'boolean'; } catch { return false; } })()) expect(el.matches(':state(selecting)')).to.equal(true);
      card(el, 'd1')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowDown');
      await press(el, ' ');
      expect(announced(el)).to.equal('Globex pilot: selected. 2 deals selected');
      expect(card(el, 'd1')!.getAttribute('part')).to.equal('card selected');
      expect(card(el, 'd1')!.querySelector<HTMLInputElement>('[part="card-select"]')!.checked).to.equal(true);
      const bar = root(el).querySelector<HTMLElement>('[part="bulk-bar"]')!;
      expect(text(bar.querySelector('.count'))).to.equal('2 deals selected');
      await expect(el).to.be.accessible();
      fill(control<HTMLSelectElement>(bar, 'stage'), 'qualified');
      control<HTMLSelectElement>(bar, 'stage').closest('form')!.requestSubmit();
      await until(() => moved.length === 2, 2000, 'deal-moved for each');
      expect((await repo.deals.get('d1'))!.stageId).to.equal('qualified');
      expect((await repo.deals.get('d2'))!.stageId).to.equal('qualified');
      expect(moved).to.deep.equal(['d1:qualified:bulk', 'd2:qualified:bulk']);
      await until(() => cardIds(el, 'qualified').join() === 'd3,d1,d2', 2000, 'both at the end of Qualified');
      expect(text(root(el).querySelector('[part="notice"] p'))).to.equal('Moved 2 deals to Qualified.');
      root(el).querySelector<HTMLElement>('[part="undo"]')!.click();
      await until(() => moved.length === 4, 2000, 'deal-moved back for each');
      expect(moved.slice(2)).to.deep.equal(['d1:lead:undo', 'd2:lead:undo']);
      expect((await repo.deals.get('d2'))!.stageId).to.equal('lead');
      await until(() => cardIds(el, 'lead').join() === 'd1,d2,d5', 2000, 'both back in Lead, in their order');
      expect((await repo.deals.get('d1'))!.history.map((h) => h.stageId)).to.deep.equal(['lead']);
    });

    it('selects a range with Shift+click and assigns an owner to all of it', async () => {
      const { el, repo } = await storedBoard(tag, { deals: [...sampleDeals(), dealIn('d5', 'Stark pilot', 'lead', 2, { rank: 3 })] });
      const updated: Partial<Deal>[] = [];
      el.addEventListener('deal-updated', (e) => updated.push(e.detail.changes));
      card(el, 'd1')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }));
      await el.updateComplete;
      card(el, 'd5')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }));
      await el.updateComplete;
      const bar = root(el).querySelector<HTMLElement>('[part="bulk-bar"]')!;
      expect(text(bar.querySelector('.count'))).to.equal('3 deals selected');
      fill(control<HTMLSelectElement>(bar, 'owner'), 'ben');
      control<HTMLSelectElement>(bar, 'owner').closest('form')!.requestSubmit();
      // Globex pilot (d2) was Ben's already: two deals change hands.
      await until(() => updated.length === 2, 2000, 'deal-updated for each deal that changed');
      expect((await repo.deals.list({ where: { stageId: 'lead' } })).map((d) => d.ownerId)).to.deep.equal(['ben', 'ben', 'ben']);
      expect(updated).to.deep.equal([{ ownerId: 'ben' }, { ownerId: 'ben' }]);
      expect(text(root(el).querySelector('[part="notice"] p'))).to.equal('Assigned 2 deals to Ben Okafor.');
      expect(root(el).querySelector('[part="bulk-bar"]')).to.equal(null);
    });

    it('deletes the selection with allow-delete', async () => {
      const { el, repo } = await storedBoard(tag, { attrs: 'allow-delete' });
      root(el).querySelector<HTMLElement>('[part="select-button"]')!.click();
      await el.updateComplete;
      card(el, 'd1')!.querySelector<HTMLInputElement>('[part="card-select"]')!.click();
      card(el, 'd3')!.querySelector<HTMLInputElement>('[part="card-select"]')!.click();
      await el.updateComplete;
      const deleted: string[] = [];
      el.addEventListener('deal-deleted', (e) => deleted.push(e.detail.deal.id));
      [...root(el).querySelectorAll<HTMLButtonElement>('[part="bulk-bar"] button')].find((b) => text(b) === 'Delete')!.click();
      await until(() => deleted.length === 2, 2000, 'deal-deleted for each');
      expect(await repo.deals.count()).to.equal(2);
      expect(text(root(el).querySelector('[part="notice"] p'))).to.equal('Deleted 2 deals.');
    });
  });

  describe(`<${tag}>: the drag ghost`, () => {
    /** Drags `id` to (x, y) by `steps` and returns how far the ghost's grab point is from the pointer. */
    async function ghostDistance(el: PipelineBoard, id: string, to: (from: [number, number]) => [number, number]): Promise<number> {
      // Sizes settle in the first frame (ResizeObservers): measure after it.
      await nextFrame();
      await el.updateComplete;
      const value = card(el, id)!.querySelector('[part="card-value"]')!;
      const from = centre(value);
      const start = card(el, id)!.getBoundingClientRect();
      const grab = { dx: from[0] - start.left, dy: from[1] - start.top };
      const [x, y] = to(from);
      try {
        await sendMouse({ type: 'move', position: from });
        await sendMouse({ type: 'down' });
        for (let i = 1; i <= 6; i++) await sendMouse({ type: 'move', position: [Math.round(from[0] + ((x - from[0]) * i) / 6), Math.round(from[1] + ((y - from[1]) * i) / 6)] });
        await until(() => !!root(el).querySelector('[part="drag-ghost"]'), 2000, 'the ghost');
        await el.updateComplete;
        await nextFrame();
        const g = root(el).querySelector('[part="drag-ghost"]')!.getBoundingClientRect();
        await sendKeys({ press: 'Escape' });
        await sendMouse({ type: 'up' });
        return Math.hypot(g.left + grab.dx - x, g.top + grab.dy - y);
      } finally {
        await resetMouse();
      }
    }

    const small = '--l2c-pipeline-board-height: 300px; --l2c-pipeline-board-column-width: 220px';

    it('stays under the pointer where the card was grabbed, with the page scrolled', async () => {
      const wrap = await mount<HTMLDivElement>(staticHtml`<div style="padding-top: 1500px; padding-bottom: 1500px">
        <${t} style=${small} .pipeline=${salesPipeline()} .deals=${sampleDeals()} .now=${NOW} .owners=${OWNERS}></${t}></div>`);
      const el = wrap.querySelector(tag) as PipelineBoard;
      await el.updateComplete;
      window.scrollTo(0, 1450);
      await nextFrame();
      try {
        expect(await ghostDistance(el, 'd1', ([x, y]) => [x + 140, y + 60])).to.be.at.most(4);
      } finally {
        window.scrollTo(0, 0);
      }
    });

    it('stays under the pointer inside a transformed and contained host', async () => {
      const wrap = await mount<HTMLDivElement>(staticHtml`<div style="transform: translate(37px, 23px); contain: layout paint; margin: 20px">
        <${t} style=${small} .pipeline=${salesPipeline()} .deals=${sampleDeals()} .now=${NOW} .owners=${OWNERS}></${t}></div>`);
      const el = wrap.querySelector(tag) as PipelineBoard;
      await el.updateComplete;
      expect(await ghostDistance(el, 'd1', ([x, y]) => [x + 150, y - 20])).to.be.at.most(4);
    });

    it('stays under the pointer on zoomed content', async function () {
      // WebKit's legacy CSS zoom measures boxes unzoomed while pointer events are zoomed, so a test
      // cannot aim at a card there (its page zoom, like every browser's, scales both alike).
      const probe = await mount<HTMLDivElement>(staticHtml`<div style="zoom: 2"><div style="width: 100px; height: 10px"></div></div>`);
      if (Math.round(probe.firstElementChild!.getBoundingClientRect().width) !== 200) this.skip();
      const wrap = await mount<HTMLDivElement>(staticHtml`<div style="zoom: 2">
        <${t} style="--l2c-pipeline-board-height: 200px; --l2c-pipeline-board-column-width: 200px" .pipeline=${salesPipeline()} .deals=${sampleDeals()}
          .now=${NOW} .owners=${OWNERS} compact></${t}></div>`);
      const el = wrap.querySelector(tag) as PipelineBoard;
      await el.updateComplete;
      expect(await ghostDistance(el, 'd1', ([x, y]) => [x + 120, y + 30])).to.be.at.most(4);
    });
  });

  describe(`<${tag}>: speed`, () => {
    it('reads no layout while it first renders (sizes come from ResizeObservers afterwards)', async () => {
      const reads: string[] = [];
      let counting = false;
      const restore: (() => void)[] = [];
      const spy = (proto: object, name: string, kind: 'get' | 'value') => {
        const d = Object.getOwnPropertyDescriptor(proto, name)!;
        const wrapped = kind === 'get'
          ? { ...d, get(this: unknown) { if (counting) reads.push(name); return d.get!.call(this); } }
          : { ...d, value(this: unknown, ...args: unknown[]) { if (counting) reads.push(name); return (d.value as (...a: unknown[]) => unknown).apply(this, args); } };
        Object.defineProperty(proto, name, wrapped);
        restore.push(() => Object.defineProperty(proto, name, d));
      };
      for (const n of ['offsetHeight', 'offsetWidth', 'offsetTop', 'offsetLeft']) spy(HTMLElement.prototype, n, 'get');
      for (const n of ['clientHeight', 'clientWidth', 'scrollHeight', 'scrollWidth']) spy(Element.prototype, n, 'get');
      spy(Element.prototype, 'getBoundingClientRect', 'value');
      spy(window, 'getComputedStyle', 'value');
      try {
        const el = document.createElement(tag) as PipelineBoard;
        const first = (el as unknown as { performUpdate(): void }).performUpdate.bind(el);
        // Only the first update: what runs between the board's creation and its first paint.
        (el as unknown as { performUpdate(): void }).performUpdate = () => {
          counting = true;
          try {
            first();
          } finally {
            counting = false;
            delete (el as unknown as { performUpdate?: unknown }).performUpdate;
          }
        };
        Object.assign(el, { pipeline: salesPipeline(), deals: Array.from({ length: 2000 }, (_, i) => dealIn(`p${i}`, `Deal ${i}`, i % 2 ? 'lead' : 'qualified', 1, { rank: i })), now: NOW });
        const wrap = await mount<HTMLDivElement>(staticHtml`<div></div>`);
        wrap.append(el);
        await until(() => !!el.shadowRoot?.querySelector('[part~="card"]'), 3000, 'the first cards');
      } finally {
        for (const r of restore) r();
      }
      expect(reads).to.deep.equal([]);
    });
  });

  describe(`<${tag}>: small screens`, () => {
    it('shows the columns first at 390px, the filters behind one button', async () => {
      const wrap = await mount<HTMLDivElement>(staticHtml`<div style="width: 390px">
        <${t} .pipeline=${salesPipeline()} .deals=${sampleDeals()} .now=${NOW} .owners=${OWNERS}></${t}></div>`);
      const el = wrap.querySelector(tag) as PipelineBoard;
      await until(() => !!root(el).querySelector('[part="filters-button"]'), 3000, 'the narrow layout');
      await el.updateComplete;
      const button = root(el).querySelector<HTMLElement>('[part="filters-button"]')!;
      const search = root(el).querySelector<HTMLElement>('[part="search"]')!;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(search.getBoundingClientRect().height).to.equal(0);
      const board = root(el).querySelector('[part="board"]')!.getBoundingClientRect();
      expect(board.top - el.getBoundingClientRect().top).to.be.below(80);
      expect(column(el, 'lead').getBoundingClientRect().width).to.be.at.most(390);
      await expect(el).to.be.accessible();
      button.click();
      await until(() => search.getBoundingClientRect().height > 0, 2000, 'the filters to show');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
    });
  });
}
