/**
 * The pipeline-board contract, reusable against any subclass registered under any tag (STYLE.md
 * habit 8): run it for `pipeline-board` and for a vendor's `acme-deal-board`.
 */
import { expect } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import type { DealMoveDetail } from '../../src/components/pipeline-board/events.js';
import type { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { Activity, Deal, Pipeline } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';

/** The present every test renders at. */
export const NOW = '2026-11-01T09:00:00.000Z';
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

/** The l2c template in USD: lead, nurturing, qualified, ... negotiation (needs value and expectedClose), won, lost. */
export function salesPipeline(extra: Partial<Pipeline> = {}): Pipeline {
  return { ...pipelineFromTemplate('l2c', { currency: 'USD' }), ...extra };
}

/** A deal in `stageId` that entered it `days` ago, after the earlier `path` stages. */
export function dealIn(id: string, title: string, stageId: string, days: number, extra: Partial<Deal> = {}, path: string[] = []): Deal {
  const history = [
    ...path.map((s, i) => ({ stageId: s, enteredAt: ago(days + 10 * (path.length - i)), leftAt: ago(days + 10 * (path.length - i - 1)) })),
    { stageId, enteredAt: ago(days) },
  ];
  const status = stageId === 'lost' ? 'lost' : stageId === 'won' ? 'won' : 'open';
  return {
    id, title, value: 1000, currency: 'USD', pipelineId: 'l2c', stageId, status, ownerId: 'ana',
    createdAt: history[0]!.enteredAt, updatedAt: ago(days), history, ...extra,
  };
}

/** Four deals: two in lead, one rotting in qualified, one lost from qualified. */
export function sampleDeals(): Deal[] {
  return [
    dealIn('d1', 'Acme renewal', 'lead', 5, { value: 1000, rank: 1 }),
    dealIn('d2', 'Globex pilot', 'lead', 1, { value: 2000, rank: 2, ownerId: 'ben' }),
    dealIn('d3', 'Initech expansion', 'qualified', 30, { value: 3000, rank: 1, expectedClose: '2026-12-15' }, ['lead', 'nurturing']),
    dealIn('d4', 'Hooli licence', 'lost', 3, { value: 500, rank: 1, lostReason: 'Price' }, ['lead', 'qualified']),
  ];
}

export const root = (el: PipelineBoard) => el.shadowRoot!;
export const card = (el: PipelineBoard, id: string) => root(el).querySelector<HTMLElement>(`[part~="card"][data-deal-id="${id}"]`);
export const column = (el: PipelineBoard, stage: string) => root(el).querySelector<HTMLElement>(`[part~="column"][data-stage-id="${stage}"]`)!;
export const cardIds = (el: PipelineBoard, stage: string) =>
  [...column(el, stage).querySelectorAll<HTMLElement>('[part~="card"]')]
    .sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')))
    .map((c) => c.dataset.dealId);
export const announced = (el: PipelineBoard) => root(el).querySelector('[part="announcer"]')!.textContent!.replace(/\u00a0$/, '');
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const focused = (el: PipelineBoard) => root(el).activeElement as HTMLElement | null;

export async function press(el: PipelineBoard, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

/** Centre of an element in viewport coordinates, as sendMouse wants them. */
export function centre(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

/** Runs the contract against `tag`, an element registered for the class `Board`. */
export function pipelineBoardSuite(tag: string, Board: typeof PipelineBoard): void {
  const t = unsafeStatic(tag);

  /** A controlled board that applies every `deal-moved` to its own `.deals`, as a host would. */
  async function controlled(deals = sampleDeals(), options: { pipeline?: Pipeline; locale?: string; attrs?: Record<string, string> } = {}): Promise<PipelineBoard> {
    const el = await mount<PipelineBoard>(staticHtml`<${t} .pipeline=${options.pipeline ?? salesPipeline()} .deals=${deals} .now=${NOW}
      .owners=${{ ana: 'Ana Silva', ben: 'Ben Okafor' }}></${t}>`, { locale: options.locale ?? 'en' });
    for (const [k, v] of Object.entries(options.attrs ?? {})) el.setAttribute(k, v);
    el.addEventListener('deal-moved', (e) => {
      el.deals = el.deals!.map((d) => (d.id === e.detail.deal.id ? e.detail.deal : d));
    });
    await el.updateComplete;
    return el;
  }

  /** A board inside a provider over a memory repository seeded with the sample. */
  async function stored(deals = sampleDeals(), pipelines: Pipeline[] = [salesPipeline()]): Promise<{ el: PipelineBoard; repo: MemoryRepository }> {
    const repo = new MemoryRepository();
    await repo.pipelines.putMany(pipelines);
    await repo.deals.putMany(deals);
    const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id=${pipelines[0]!.id} .now=${NOW}></${t}></l2c-provider>`);
    const el = provider.querySelector(tag) as PipelineBoard;
    await until(() => !!el.shadowRoot && root(el).querySelectorAll('[part~="card"]').length > 0, 3000, 'the stored deals to show');
    return { el, repo };
  }

  describe(`<${tag}>`, () => {
    it('is accessible, with cards, a lost deal, a rotting deal and the filters', async () => {
      const el = await controlled();
      expect(el).to.be.instanceOf(Board);
      await expect(el).to.be.accessible();
    });

    it('renders a column per stage with count, total and weighted value in the board\'s currency', async () => {
      const el = await controlled();
      const stages = () => [...root(el).querySelectorAll<HTMLElement>('[part~="column"]')].map((c) => c.dataset.stageId);
      // Closed deals leave the board: won and lost are drop zones while a deal moves, columns only on request.
      expect(stages()).to.deep.equal(salesPipeline().stages.filter((s) => s.kind === 'open').map((s) => s.id));
      expect(root(el).querySelector('[part="show-closed"]')).to.not.equal(null);
      el.showClosed = true;
      await el.updateComplete;
      expect(stages()).to.deep.equal(salesPipeline().stages.map((s) => s.id));
      const lead = column(el, 'lead');
      expect(text(lead.querySelector('[part="column-title"]'))).to.equal('Lead');
      expect(text(lead.querySelector('[part="column-count"]'))).to.equal('2 deals');
      expect(text(lead.querySelector('[part="column-total"]'))).to.equal('$3,000');
      // Lead deals are won 5% of the time: 3,000 x 0.05.
      expect(text(lead.querySelector('[part="column-weighted"]'))).to.equal('Weighted $150');
      expect(text(column(el, 'qualified').querySelector('[part="column-weighted"]'))).to.equal('Weighted $600');
      expect(text(column(el, 'lost').querySelector('[part="column-count"]'))).to.equal('1 deal');
      expect(text(column(el, 'lost').querySelector('[part="column-weighted"]'))).to.equal('');
      el.currency = 'EUR';
      el.locale = 'de-DE';
      await el.updateComplete;
      expect(text(column(el, 'lead').querySelector('[part="column-total"]'))).to.equal('3.000 €');
    });

    it('shows title, value, owner, age, extra fields and the activity state on each card', async () => {
      const activities: Activity[] = [
        { id: 'a1', dealId: 'd1', type: 'call', at: ago(2), dueAt: ago(1) },
        { id: 'a2', dealId: 'd2', type: 'call', at: ago(2), dueAt: '2026-11-01T18:00:00.000Z' },
        { id: 'a3', dealId: 'd3', type: 'task', at: ago(2), dueAt: '2026-11-20' },
        { id: 'a4', dealId: 'd4', type: 'task', at: ago(2), dueAt: ago(9), done: true },
      ];
      const el = await controlled();
      el.activities = activities;
      el.cardFields = 'expectedClose,probability';
      el.showClosed = true;
      await el.updateComplete;
      const d1 = card(el, 'd1')!;
      expect(text(d1.querySelector('[part="card-title"]'))).to.equal('Acme renewal');
      expect(text(d1.querySelector('[part="card-value"]'))).to.equal('$1,000');
      expect(text(d1.querySelector('[part="card-owner"]'))).to.equal('Ana Silva');
      expect(text(d1.querySelector('[part="card-age"]'))).to.equal('5 days in stage');
      expect(text(card(el, 'd2')!.querySelector('[part="card-age"]'))).to.equal('1 day in stage');
      const fields = [...card(el, 'd3')!.querySelectorAll('[part="card-fields"] div')].map((d) => `${text(d.querySelector('dt'))}: ${text(d.querySelector('dd'))}`);
      expect(fields).to.deep.equal(['Expected close: Dec 15, 2026', 'Probability: —']);
      expect(['d1', 'd2', 'd3', 'd4'].map((id) => card(el, id)!.dataset.activity)).to.deep.equal(['overdue', 'today', 'planned', 'none']);
      expect(d1.getAttribute('aria-label')).to.contain('Activity overdue');
      el.compact = true;
      await el.updateComplete;
      expect(card(el, 'd1')!.querySelector('[part="card-owner"]')).to.equal(null);
      expect(text(card(el, 'd1')!.querySelector('[part="card-age"]'))).to.equal('5 d');
    });

    it('marks a deal idle longer than its stage\'s rotting days', async () => {
      const el = await controlled();
      // Qualified rots after 14 days; d3 entered it 30 days ago with no activity since.
      const d3 = card(el, 'd3')!;
      expect(d3.getAttribute('part')).to.equal('card rotting');
      expect(d3.hasAttribute('data-rotting')).to.equal(true);
      expect(text(d3.querySelector('[part="card-rotting"]'))).to.equal('Rotting');
      expect(card(el, 'd1')!.getAttribute('part')).to.equal('card');
      // An activity logged recently stops the rot.
      el.deals = el.deals!.map((d) => (d.id === 'd3' ? { ...d, lastActivityAt: ago(2) } : d));
      await el.updateComplete;
      expect(card(el, 'd3')!.hasAttribute('data-rotting')).to.equal(false);
    });

    it('moves a deal by keyboard, announcing each step, and fires deal-move then deal-moved', async () => {
      const el = await controlled();
      const events: string[] = [];
      el.addEventListener('deal-move', (e) => events.push(`move ${e.detail.from}->${e.detail.to} @${e.detail.index}`));
      el.addEventListener('deal-moved', (e) => events.push(`moved ${e.detail.deal.stageId} ${e.detail.deal.history.length}`));
      card(el, 'd1')!.focus();
      await press(el, ' ');
      expect(announced(el)).to.equal('Picked up Acme renewal, in Lead, position 1 of 2. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.');
      await press(el, 'ArrowDown');
      expect(announced(el)).to.equal('Acme renewal: Lead, position 2 of 2.');
      await press(el, 'ArrowRight');
      expect(announced(el)).to.equal('Acme renewal: Nurturing, position 1 of 1.');
      expect(column(el, 'nurturing').querySelector('[part="drop-placeholder"]')).to.not.equal(null);
      await press(el, 'ArrowRight');
      expect(announced(el)).to.equal('Acme renewal: Qualified, position 1 of 2.');
      await press(el, 'ArrowDown');
      expect(announced(el)).to.equal('Acme renewal: Qualified, position 2 of 2.');
      await press(el, 'Enter');
      expect(events).to.deep.equal(['move lead->qualified @1', 'moved qualified 2']);
      expect(announced(el)).to.equal('Moved Acme renewal to Qualified, position 2 of 2.');
      await until(() => cardIds(el, 'qualified').join() === 'd3,d1', 2000, 'the card to land under d3');
      await until(() => focused(el)?.dataset.dealId === 'd1', 2000, 'focus to follow the moved card');
    });

    it('cancels a keyboard move with Escape and says where the deal stayed', async () => {
      const el = await controlled();
      let moved = 0;
      el.addEventListener('deal-moved', () => moved++);
      card(el, 'd2')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, 'Escape');
      expect(announced(el)).to.equal('Move cancelled. Globex pilot is back in Lead, position 2 of 2.');
      expect(moved).to.equal(0);
      expect(root(el).querySelector('[part="drop-placeholder"]')).to.equal(null);
      expect(cardIds(el, 'lead')).to.deep.equal(['d1', 'd2']);
    });

    it('moves focus between cards with the arrow keys and opens a deal with Enter, a double-click or its title', async () => {
      const el = await controlled();
      const opened: string[] = [];
      el.addEventListener('deal-opened', (e) => opened.push(e.detail.deal.id));
      card(el, 'd1')!.focus();
      await press(el, 'ArrowDown');
      expect(focused(el)?.dataset.dealId).to.equal('d2');
      await press(el, 'ArrowRight');
      await until(() => focused(el)?.dataset.dealId === 'd3', 1000, 'focus to reach the next column with deals');
      expect(card(el, 'd3')!.tabIndex).to.equal(0);
      expect(card(el, 'd1')!.tabIndex).to.equal(-1);
      await press(el, 'Enter');
      card(el, 'd1')!.querySelector<HTMLElement>('[part="card-title"]')!.click();
      card(el, 'd2')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
      expect(opened).to.deep.equal(['d3', 'd1', 'd2']);
    });

    it('writes a move through the repository with its stage history, and keeps the order within a column', async () => {
      const { el, repo } = await stored();
      const moved: DealMoveDetail[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(e.detail));
      card(el, 'd2')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, ' ');
      await until(() => moved.length === 1, 2000, 'deal-moved');
      const saved = (await repo.deals.get('d2'))!;
      expect(saved.stageId).to.equal('nurturing');
      expect(saved.history.map((v) => v.stageId)).to.deep.equal(['lead', 'nurturing']);
      expect(saved.history[0]!.leftAt).to.equal(saved.history[1]!.enteredAt);
      expect(saved.history[1]!.leftAt).to.equal(undefined);
      expect(moved[0]!.deal).to.deep.equal(saved);
      // Reorder: d1 goes under d3 in qualified by keyboard, then up above it again.
      await until(() => !!card(el, 'd1'), 1000, 'd1');
      card(el, 'd1')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, 'ArrowRight');
      await press(el, 'ArrowDown');
      await press(el, ' ');
      await until(() => cardIds(el, 'qualified').join() === 'd3,d1', 2000, 'd1 below d3');
      await until(() => focused(el)?.dataset.dealId === 'd1', 2000, 'focus on the moved card');
      await press(el, ' ');
      await press(el, 'ArrowUp');
      await press(el, ' ');
      await until(() => cardIds(el, 'qualified').join() === 'd1,d3', 2000, 'd1 above d3');
      // The stored ranks give the same order to anyone reading the repository.
      const listed = await repo.deals.list({ where: { stageId: 'qualified' } });
      expect(listed.map((d) => d.id)).to.deep.equal(['d1', 'd3']);
      expect((await repo.deals.get('d1'))!.history.map((v) => v.stageId)).to.deep.equal(['lead', 'qualified']);
    });

    it('refuses moves the pipeline\'s policy forbids, with a message that says why', async () => {
      const pipeline = salesPipeline({ policy: { allowSkip: false, allowBackward: false } });
      const el = await controlled(sampleDeals(), { pipeline });
      let moved = 0;
      el.addEventListener('deal-moved', () => moved++);
      card(el, 'd1')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, 'ArrowRight');
      // Hovering the move over Qualified already tells why it will not be allowed.
      expect(announced(el)).to.contain('This pipeline does not allow skipping stages');
      await press(el, ' ');
      const notice = text(root(el).querySelector('[part="notice"]'));
      expect(notice).to.contain('This pipeline does not allow skipping stages: move from Lead to the next stage first.');
      expect(announced(el)).to.equal('This pipeline does not allow skipping stages: move from Lead to the next stage first.');
      expect(moved).to.equal(0);
      // Required fields: negotiation needs an expected close date, which d3 lacks after clearing it.
      const free = salesPipeline();
      el.pipeline = free;
      el.deals = el.deals!.map((d) => (d.id === 'd3' ? { ...d, expectedClose: undefined } as unknown as Deal : d));
      await el.updateComplete;
      card(el, 'd3')!.focus();
      await press(el, ' ');
      for (let i = 0; i < 3; i++) await press(el, 'ArrowRight');
      await press(el, ' ');
      expect(text(root(el).querySelector('[part="notice"]'))).to.contain('Fill in Expected close before moving to Negotiation.');
      expect(moved).to.equal(0);
    });

    it('lets the host veto a move by cancelling deal-move', async () => {
      const el = await controlled();
      el.addEventListener('deal-move', (e) => e.preventDefault());
      let moved = 0;
      el.addEventListener('deal-moved', () => moved++);
      card(el, 'd1')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, ' ');
      expect(moved).to.equal(0);
      expect(announced(el)).to.equal('Acme renewal was not moved.');
      expect(cardIds(el, 'lead')).to.deep.equal(['d1', 'd2']);
    });

    it('moves a deal with the "Move to…" menu, by keyboard, and names refused stages with the reason', async () => {
      const el = await controlled(sampleDeals(), { pipeline: salesPipeline({ policy: { allowSkip: false, allowBackward: true } }) });
      const button = card(el, 'd1')!.querySelector<HTMLElement>('[part="card-menu-button"]')!;
      expect(text(button)).to.equal('Move to… Acme renewal');
      button.click();
      await el.updateComplete;
      const menu = root(el).querySelector<HTMLElement>('[part="menu"]')!;
      expect(menu.getAttribute('role')).to.equal('menu');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
      expect(items.map((i) => i.dataset.stageId)).to.not.include('lead');
      const qualified = items.find((i) => i.dataset.stageId === 'qualified')!;
      expect(qualified.getAttribute('aria-disabled')).to.equal('true');
      expect(text(qualified)).to.contain('does not allow skipping stages');
      await until(() => focused(el) === items[0], 1000, 'focus on the first item');
      await press(el, 'Escape');
      expect(root(el).querySelector('[part="menu"]')).to.equal(null);
      await until(() => focused(el)?.getAttribute('part') === 'card-menu-button', 1000, 'focus back on the button');
      await press(el, 'Enter');
      await until(() => !!root(el).querySelector('[part="menu"]'), 1000, 'the menu to open from the keyboard');
      await until(() => focused(el)?.dataset.stageId === 'nurturing', 1000, 'focus on Nurturing');
      await press(el, 'Enter');
      await until(() => cardIds(el, 'nurturing').join() === 'd1', 2000, 'd1 in nurturing');
      expect(announced(el)).to.equal('Moved Acme renewal to Nurturing, position 1 of 1.');
    });

    it('asks why a deal was lost in a modal dialog: reason required, focus kept inside, Escape cancels', async () => {
      const { el, repo } = await stored();
      card(el, 'd1')!.querySelector<HTMLElement>('[part="card-menu-button"]')!.click();
      await el.updateComplete;
      root(el).querySelector<HTMLElement>('[part="menu-item"][data-stage-id="lost"]')!.click();
      await el.updateComplete;
      const dialog = root(el).querySelector<HTMLDialogElement>('[part="dialog"]')!;
      expect(dialog.open).to.equal(true);
      await expect(el).to.be.accessible();
      expect(text(dialog.querySelector('h2'))).to.equal('Why was Acme renewal lost?');
      const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
      expect(radios.map((r) => r.parentElement!.textContent!.trim())).to.deep.equal(
        ['Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing', 'Product fit', 'Other']);
      expect(focused(el)).to.equal(radios[0]);
      // Submitting without a reason is refused, with the reason announced.
      dialog.querySelector<HTMLElement>('button[type="submit"]')!.click();
      await el.updateComplete;
      expect(text(dialog.querySelector('.error'))).to.equal('Choose why the deal was lost.');
      expect(announced(el)).to.equal('Choose why the deal was lost.');
      expect(dialog.open).to.equal(true);
      // Tab from the last button wraps to the radio group; Shift+Tab from it wraps back.
      dialog.querySelector<HTMLElement>('button[type="submit"]')!.focus();
      await press(el, 'Tab');
      expect(focused(el)).to.equal(radios[0]);
      // Shift+Tab as a synthetic event: puppeteer's and WebDriver's sendKeys cannot hold Shift here.
      radios[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true }));
      expect(focused(el)).to.equal(dialog.querySelector('button[type="submit"]'));
      // Escape cancels: nothing stored, the card back in focus.
      radios[0]!.focus();
      await press(el, 'Escape');
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect((await repo.deals.get('d1'))!.stageId).to.equal('lead');
      expect(announced(el)).to.equal('Move cancelled. Acme renewal is back in Lead, position 1 of 2.');
      await until(() => focused(el)?.dataset.dealId === 'd1', 1000, 'focus back on the card');
      // Again, with "Other" and a written reason.
      card(el, 'd1')!.querySelector<HTMLElement>('[part="card-menu-button"]')!.click();
      await el.updateComplete;
      root(el).querySelector<HTMLElement>('[part="menu-item"][data-stage-id="lost"]')!.click();
      await el.updateComplete;
      const other = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')].at(-1)!;
      other.click();
      await el.updateComplete;
      dialog.querySelector<HTMLElement>('button[type="submit"]')!.click();
      await el.updateComplete;
      expect(text(dialog.querySelector('.error'))).to.equal('Describe the reason in a few words.');
      const input = dialog.querySelector<HTMLInputElement>('input[name="lost-other"]')!;
      input.value = 'Merged with a customer';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      dialog.querySelector<HTMLElement>('button[type="submit"]')!.click();
      await until(() => dialog.open === false, 1000, 'the dialog to close');
      // The lost deal leaves the open columns.
      await until(() => !cardIds(el, 'lead').includes('d1'), 2000, 'd1 to leave the board');
      const saved = (await repo.deals.get('d1'))!;
      expect(saved).to.include({ stageId: 'lost', status: 'lost', lostReason: 'Merged with a customer' });
      expect(saved.closedAt).to.be.a('string');
    });

    it('restores a lost deal to the stage it was lost from', async () => {
      const { el, repo } = await stored();
      el.showClosed = true;
      await until(() => !!card(el, 'd4'), 2000, 'the lost column');
      const restore = card(el, 'd4')!.querySelector<HTMLElement>('[part="card-restore"]')!;
      expect(text(restore)).to.equal('Restore Hooli licence');
      expect(card(el, 'd1')!.querySelector('[part="card-restore"]')).to.equal(null);
      restore.click();
      await until(() => cardIds(el, 'qualified').includes('d4'), 2000, 'd4 back in qualified');
      expect(announced(el)).to.equal('Restored Hooli licence to Qualified.');
      const saved = (await repo.deals.get('d4'))!;
      expect(saved.status).to.equal('open');
      expect(saved.lostReason).to.equal(undefined);
      expect(saved.history.map((v) => v.stageId)).to.deep.equal(['lead', 'qualified', 'lost', 'qualified']);
    });

    it('filters by text, owner and value range, and says how many deals it shows', async () => {
      const el = await controlled();
      const count = () => text(root(el).querySelector('[part="count"]'));
      expect(count()).to.equal('4 deals');
      // The card last used is the board's tab stop; when a filter hides it, the first shown card is.
      card(el, 'd3')!.focus();
      await el.updateComplete;
      expect(card(el, 'd3')!.tabIndex).to.equal(0);
      const search = root(el).querySelector<HTMLInputElement>('[part="search"]')!;
      search.focus();
      await sendKeys({ type: 'acme' });
      await until(() => count() === 'Showing 1 of 4 deals', 2000, 'the text filter');
      expect(root(el).querySelectorAll('[part~="card"]').length).to.equal(1);
      expect(card(el, 'd1')!.tabIndex).to.equal(0);
      expect(text(column(el, 'lead').querySelector('[part="column-count"]'))).to.equal('1 deal');
      expect(announced(el)).to.equal('Showing 1 of 4 deals');
      // Owners are found by name too.
      search.value = 'okafor';
      search.dispatchEvent(new Event('input'));
      await until(() => count() === 'Showing 1 of 4 deals' && !!card(el, 'd2'), 2000, 'the owner-name search');
      search.value = '';
      search.dispatchEvent(new Event('input'));
      await until(() => count() === '4 deals', 2000, 'an empty search');
      const owner = root(el).querySelector<HTMLSelectElement>('[part="owner-select"]')!;
      expect([...owner.options].map((o) => o.textContent!.trim())).to.deep.equal(['All owners', 'Ana Silva', 'Ben Okafor']);
      owner.value = 'ana';
      owner.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(count()).to.equal('Showing 3 of 4 deals');
      const min = root(el).querySelector<HTMLInputElement>('[part="min-value"]')!;
      min.value = '900';
      min.dispatchEvent(new Event('input'));
      await until(() => count() === 'Showing 2 of 4 deals', 2000, 'the minimum value');
      const max = root(el).querySelector<HTMLInputElement>('[part="max-value"]')!;
      max.value = '2500';
      max.dispatchEvent(new Event('input'));
      await until(() => count() === 'Showing 1 of 4 deals', 2000, 'the maximum value');
      expect(card(el, 'd1')).to.not.equal(null);
      root(el).querySelector<HTMLElement>('[part="clear-filters"]')!.click();
      await el.updateComplete;
      expect(count()).to.equal('4 deals');
      expect(min.value).to.equal('');
    });

    it('keeps a search typed just before a value bound: both filter, and the search box keeps its text', async () => {
      const el = await controlled();
      const count = () => text(root(el).querySelector('[part="count"]'));
      const search = root(el).querySelector<HTMLInputElement>('[part="search"]')!;
      const min = root(el).querySelector<HTMLInputElement>('[part="min-value"]')!;
      // Quicker than the pause the filters wait for, as a fast Tab between the two fields is.
      search.value = 'acme';
      search.dispatchEvent(new Event('input'));
      min.value = '900';
      min.dispatchEvent(new Event('input'));
      await until(() => count() !== '4 deals', 2000, 'the filters');
      await new Promise((r) => setTimeout(r, 200));
      await el.updateComplete;
      expect(count()).to.equal('Showing 1 of 4 deals');
      expect(card(el, 'd1')).to.not.equal(null);
      expect(search.value).to.equal('acme');
      expect(min.value).to.equal('900');
    });

    it('switches between pipelines and reads each one\'s deals', async () => {
      const classic = pipelineFromTemplate('classic', { currency: 'USD' });
      const other: Deal = { ...dealIn('c1', 'Vandelay import', 'prospecting', 2), pipelineId: 'classic' };
      const { el } = await stored([...sampleDeals(), other], [salesPipeline(), classic]);
      const selected: string[] = [];
      el.addEventListener('pipeline-selected', (e) => selected.push(e.detail.pipelineId));
      const select = root(el).querySelector<HTMLSelectElement>('[part="pipeline-select"]')!;
      // In the repository's order (by id); the current one selected.
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Classic sales', 'Lead to cash']);
      expect(select.selectedOptions[0]!.textContent!.trim()).to.equal('Lead to cash');
      select.value = 'classic';
      select.dispatchEvent(new Event('change'));
      await until(() => !!card(el, 'c1'), 2000, 'the classic pipeline\'s deal');
      expect(selected).to.deep.equal(['classic']);
      expect(el.getAttribute('pipeline-id')).to.equal('classic');
      expect(root(el).querySelector('[data-stage-id="prospecting"]')).to.not.equal(null);
      expect(card(el, 'd1')).to.equal(null);
      // Template pipelines are named in the reader's language.
      el.locale = 'zh-CN';
      await until(() => [...select.options].map((o) => o.textContent!.trim()).join() === '经典销售流程,线索到现金', 3000, 'Chinese pipeline names');
    });

    it('shows a deal written in another tab without a reload', async () => {
      const dbName = `l2c-board-${Math.random().toString(36).slice(2)}`;
      const seed = new IndexedDbRepository({ dbName });
      await seed.pipelines.put(salesPipeline());
      await seed.deals.putMany(sampleDeals());
      const el = await mount<PipelineBoard>(staticHtml`<${t} db-name=${dbName} pipeline-id="l2c" .now=${NOW}></${t}>`);
      await until(() => !!el.shadowRoot && !!card(el, 'd1'), 3000, 'the stored deals');
      // Another tab: its own connection to the same database.
      const otherTab = new IndexedDbRepository({ dbName });
      await otherTab.deals.put(dealIn('d9', 'Wonka pilot', 'nurturing', 0));
      await until(() => !!card(el, 'd9'), 3000, 'the other tab\'s deal to appear');
      await otherTab.deals.put({ ...(await otherTab.deals.get('d1'))!, stageId: 'nurturing', title: 'Acme renewal (moved elsewhere)' });
      await until(() => cardIds(el, 'nurturing').includes('d1'), 3000, 'the other tab\'s move to show');
      expect(text(card(el, 'd1')!.querySelector('[part="card-title"]'))).to.equal('Acme renewal (moved elsewhere)');
      otherTab.close();
      seed.close();
    });

    it('in controlled use writes nothing and leaves the deals to the host', async () => {
      const deals = sampleDeals();
      const el = await mount<PipelineBoard>(staticHtml`<${t} .pipeline=${salesPipeline()} .deals=${deals} .now=${NOW}></${t}>`);
      expect(el.repository).to.equal(undefined);
      const moved: Deal[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(e.detail.deal));
      card(el, 'd2')!.focus();
      await press(el, ' ');
      await press(el, 'ArrowRight');
      await press(el, ' ');
      expect(moved.map((d) => d.stageId)).to.deep.equal(['nurturing']);
      expect(moved[0]!.history.at(-2)!.leftAt).to.be.a('string');
      // Nothing changes until the host applies the move.
      expect(cardIds(el, 'lead')).to.deep.equal(['d1', 'd2']);
      expect(deals[1]!.stageId).to.equal('lead');
      el.deals = deals.map((d) => (d.id === 'd2' ? moved[0]! : d));
      await el.updateComplete;
      expect(cardIds(el, 'nurturing')).to.deep.equal(['d2']);
    });

    it('drags a card to another column with a real mouse', async () => {
      const el = await controlled();
      const moved: DealMoveDetail[] = [];
      el.addEventListener('deal-moved', (e) => moved.push(e.detail));
      const from = centre(card(el, 'd1')!.querySelector('[part="card-value"]')!);
      const body = column(el, 'nurturing').querySelector('[part="column-body"]')!;
      const r = body.getBoundingClientRect();
      const to: [number, number] = [Math.round(r.left + r.width / 2), Math.round(r.top + 30)];
      try {
        await sendMouse({ type: 'move', position: from });
        await sendMouse({ type: 'down' });
        for (let i = 1; i <= 6; i++) {
          await sendMouse({ type: 'move', position: [Math.round(from[0] + ((to[0] - from[0]) * i) / 6), Math.round(from[1] + ((to[1] - from[1]) * i) / 6)] });
        }
        await el.updateComplete;
        expect(root(el).querySelector('[part="drag-ghost"]')).to.not.equal(null);
        expect(column(el, 'nurturing').getAttribute('part')).to.equal('column column-target');
        expect(card(el, 'd1')!.getAttribute('part')).to.equal('card lifted');
        await sendMouse({ type: 'up' });
      } finally {
        await resetMouse();
      }
      await until(() => moved.length === 1, 2000, 'deal-moved after the drop');
      expect(moved[0]).to.deep.include({ from: 'lead', to: 'nurturing', index: 0, source: 'pointer' });
      await until(() => cardIds(el, 'nurturing').join() === 'd1', 2000, 'the card in its new column');
      expect(root(el).querySelector('[part="drag-ghost"]')).to.equal(null);
    });

    it('scrolls a column and the board while a dragged card is held near their edges', async () => {
      const deals = Array.from({ length: 60 }, (_, i) => dealIn(`s${i}`, `Deal ${i}`, 'lead', 1, { rank: i }));
      const el = await controlled(deals);
      // The component token sets the height, so the board fits small test viewports (Firefox: 800 x 600).
      el.style.setProperty('--l2c-pipeline-board-height', '420px');
      let moved = 0;
      el.addEventListener('deal-moved', () => moved++);
      const board = root(el).querySelector<HTMLElement>('[part="board"]')!;
      const body = column(el, 'lead').querySelector<HTMLElement>('[part="column-body"]')!;
      await until(() => el.getBoundingClientRect().height === 420, 1000, 'the height token to apply');
      expect(el.getBoundingClientRect().bottom).to.be.at.most(window.innerHeight);
      const from = centre(card(el, 's0')!.querySelector('[part="card-value"]')!);
      const b = body.getBoundingClientRect();
      try {
        await sendMouse({ type: 'move', position: from });
        await sendMouse({ type: 'down' });
        await sendMouse({ type: 'move', position: [from[0], from[1] + 20] });
        await sendMouse({ type: 'move', position: [from[0], Math.round(b.bottom - 6)] });
        await until(() => body.scrollTop > 100, 3000, 'the column to scroll down under the held card');
        const r = board.getBoundingClientRect();
        const right = Math.round(Math.min(r.right, window.innerWidth) - 6);
        await sendMouse({ type: 'move', position: [right, Math.round(b.top + 40)] });
        await until(() => board.scrollLeft > 100, 3000, 'the board to scroll right');
        await sendKeys({ press: 'Escape' });
        await el.updateComplete;
        expect(root(el).querySelector('[part="drag-ghost"]')).to.equal(null);
        await sendMouse({ type: 'up' });
      } finally {
        await resetMouse();
      }
      expect(announced(el)).to.equal('Move cancelled. Deal 0 is back in Lead, position 1 of 60.');
      expect(moved).to.equal(0);
    });

    it('keeps at most 300 cards in the DOM for thousands of deals and renders more as a column scrolls', async () => {
      const deals = Array.from({ length: 3000 }, (_, i) => dealIn(`m${i}`, `Deal ${i}`, i % 2 ? 'lead' : 'qualified', 1, { rank: i, value: 100 + i }));
      const el = await controlled(deals);
      const count = () => root(el).querySelectorAll('[part~="card"]').length;
      expect(count()).to.be.greaterThan(0).and.at.most(300);
      expect(text(column(el, 'lead').querySelector('[part="column-count"]'))).to.equal('1,500 deals');
      const body = column(el, 'lead').querySelector<HTMLElement>('[part="column-body"]')!;
      body.scrollTop = body.scrollHeight;
      await until(() => cardIds(el, 'lead').includes('m2999'), 2000, 'the last lead deal to render');
      expect(count()).to.be.at.most(300);
      const last = card(el, 'm2999')!;
      expect(last.getAttribute('aria-posinset')).to.equal('1500');
      expect(last.getAttribute('aria-setsize')).to.equal('1500');
    });

    it('reports bad input by field and shows what is valid', async () => {
      const pipeline = salesPipeline();
      const broken = {
        ...pipeline,
        stages: [pipeline.stages[0], { ...pipeline.stages[1], probability: 5 }, { label: 'No id', kind: 'open', probability: 0.1 }, ...pipeline.stages.slice(2)],
      } as unknown as Pipeline;
      const deals = [
        ...sampleDeals(),
        { id: 'bad', stageId: 'lead' } as unknown as Deal,
        dealIn('x1', 'In a removed stage', 'demo', 1),
      ];
      const el = await controlled(deals, { pipeline: broken });
      const problems = text(root(el).querySelector('[part="problems"]'));
      expect(problems).to.contain('stages[1].probability');
      expect(problems).to.contain('stages[2].id');
      expect(problems).to.contain('1 deal could not be shown: "bad": title');
      expect(problems).to.contain('1 deal is in a stage this pipeline does not have ("demo")');
      expect(root(el).querySelectorAll('[part~="column"]').length).to.equal(8);
      expect(card(el, 'd1')).to.not.equal(null);
      // Nothing at all: a clear message, no exception.
      el.pipeline = 'nonsense' as unknown as Pipeline;
      await el.updateComplete;
      expect(text(root(el).querySelector('[part="problems"]'))).to.contain('must be an object');
      el.pipeline = undefined;
      el.deals = [];
      await el.updateComplete;
      expect(text(root(el).querySelector('[part="problems"]'))).to.equal('There is no pipeline to show yet.');
    });

    it('speaks Chinese under zh-CN: stage names, figures, announcements and the dialog', async () => {
      const el = await controlled(sampleDeals(), { locale: 'zh-CN' });
      expect(text(column(el, 'lead').querySelector('[part="column-title"]'))).to.equal('线索');
      expect(text(column(el, 'lead').querySelector('[part="column-count"]'))).to.equal('2 个商机');
      expect(text(card(el, 'd1')!.querySelector('[part="card-age"]'))).to.equal('已在本阶段 5 天');
      expect(text(root(el).querySelector('[part="count"]'))).to.equal('共 4 个商机');
      card(el, 'd1')!.focus();
      await press(el, ' ');
      expect(announced(el)).to.equal('已拿起“Acme renewal”，位于线索，第 1 个，共 2 个。用方向键移动，按空格键或回车键放下，按 Esc 键取消。');
      await press(el, 'Escape');
      card(el, 'd1')!.querySelector<HTMLElement>('[part="card-menu-button"]')!.click();
      await el.updateComplete;
      root(el).querySelector<HTMLElement>('[part="menu-item"][data-stage-id="lost"]')!.click();
      await el.updateComplete;
      const dialog = root(el).querySelector<HTMLDialogElement>('[part="dialog"]')!;
      expect(text(dialog.querySelector('h2'))).to.equal('“Acme renewal”为什么丢单？');
      expect(text(dialog.querySelector('legend'))).to.equal('丢单原因');
      await expect(el).to.be.accessible();
      dialog.querySelector<HTMLElement>('button[type="button"]')!.click();
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
    });

    it('exposes its state as custom states and parts', async () => {
      const el = await controlled();
      const supported = (() => {
        try {
          return typeof el.matches(':state(moving)') === 'boolean';
        } catch {
          return false;
        }
      })();
      card(el, 'd1')!.focus();
      await press(el, ' ');
      if (supported) expect(el.matches(':state(moving)')).to.equal(true);
      expect(column(el, 'lead').getAttribute('part')).to.equal('column column-target');
      await press(el, 'Escape');
      if (supported) expect(el.matches(':state(moving)')).to.equal(false);
    });
  });
}
