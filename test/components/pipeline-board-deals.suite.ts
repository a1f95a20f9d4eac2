/**
 * The board's contract for running deals: "Add deal", the deal drawer with in-place editing, and
 * activities. Reusable against any subclass under any tag.
 */
import { expect } from '@open-wc/testing';
import type { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import type { Activity, Deal } from '../../src/core/model.js';
import { StorageError } from '../../src/storage/errors.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { until } from '../storage/repository-suite.js';
import { control, controlledBoard, dialogOf, eventually, fieldError, fill, labelOf, nameOf, storedBoard, typeText } from './board-test-kit.js';
import { NOW, announced, card, cardIds, column, dealIn, focused, press, root, sampleDeals, text } from './pipeline-board.suite.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

/** Opens the "Add deal" form of a column by keyboard. */
async function openCreate(el: PipelineBoard, stage: string): Promise<HTMLDialogElement> {
  const add = column(el, stage).querySelector<HTMLButtonElement>('[part="add-deal"]')!;
  add.focus();
  await press(el, 'Enter');
  await until(() => dialogOf(el, 'create').open && focused(el) === control(dialogOf(el, 'create'), 'title'), 3000, 'the form, focus in Title');
  return dialogOf(el, 'create');
}

/** Opens a deal in the drawer by keyboard (Enter on its card). */
async function openDrawer(el: PipelineBoard, id: string): Promise<HTMLDialogElement> {
  card(el, id)!.focus();
  await press(el, 'Enter');
  await until(() => dialogOf(el, 'drawer').open && !!control(dialogOf(el, 'drawer'), 'title'), 3000, 'the drawer');
  await el.updateComplete;
  return dialogOf(el, 'drawer');
}

/** Runs the contract against `tag`. */
export function pipelineBoardDealsSuite(tag: string): void {
  describe(`<${tag}>: creating deals`, () => {
    it('has an "Add deal" button on every open column, in the reader\'s language', async () => {
      const el = await controlledBoard(tag);
      el.showClosed = true;
      await el.updateComplete;
      const buttons = [...root(el).querySelectorAll('[part="add-deal"]')];
      expect(buttons.map((b) => b.closest<HTMLElement>('[part~="column"]')!.dataset.stageId)).to.deep.equal(
        ['lead', 'nurturing', 'qualified', 'presentation', 'needs-analysis', 'negotiation', 'objection-handling', 'contract']);
      expect(buttons.map(nameOf)).to.deep.equal(Array(8).fill('Add deal'));
      const zh = await controlledBoard(tag, { locale: 'zh-CN' });
      expect(nameOf(root(zh).querySelector('[part="add-deal"]')!)).to.equal('新建商机');
    });

    it('creates a deal from the keyboard alone: Enter opens, Enter saves, the deal shows at the top and is stored', async () => {
      const { el, repo } = await storedBoard(tag);
      const created: Deal[] = [];
      el.addEventListener('deal-created', (e) => created.push(e.detail.deal));
      const form = await openCreate(el, 'lead');
      expect(labelOf(form, 'title')).to.equal('Title');
      expect(labelOf(form, 'value')).to.equal('Value');
      expect(text(form.querySelector('h2'))).to.equal('Add a deal to Lead');
      await expect(el).to.be.accessible();
      await typeText('Wonka pilot');
      await press(el, 'Tab');
      expect(focused(el)).to.equal(control(form, 'value'));
      await typeText('12500');
      await press(el, 'Enter');
      await until(() => created.length === 1, 3000, 'deal-created');
      const deal = created[0]!;
      expect(deal).to.include({ title: 'Wonka pilot', value: 12500, currency: 'USD', stageId: 'lead', status: 'open', pipelineId: 'l2c' });
      expect(deal.history).to.deep.equal([{ stageId: 'lead', enteredAt: deal.createdAt }]);
      expect(await repo.deals.get(deal.id)).to.deep.equal(deal);
      expect(form.open).to.equal(false);
      await until(() => cardIds(el, 'lead')[0] === deal.id, 2000, 'the new card at the top of Lead');
      await until(() => focused(el)?.dataset.dealId === deal.id, 2000, 'focus on the new card');
      expect(announced(el)).to.equal('Added Wonka pilot to Lead.');
    });

    it('names the field of bad input, stores nothing and keeps the draft; Escape cancels', async () => {
      const { el, repo } = await storedBoard(tag);
      const before = await repo.deals.count();
      const add = column(el, 'lead').querySelector<HTMLElement>('[part="add-deal"]')!;
      const form = await openCreate(el, 'lead');
      await typeText('Soylent pilot');
      fill(control(form, 'value'), '12 apples');
      await press(el, 'Enter');
      await until(() => fieldError(form, 'value') !== '', 2000, 'the value error');
      expect(fieldError(form, 'value')).to.equal('Value must be a number, such as 12500 or 12,500.50.');
      expect(text(form.querySelector('.summary'))).to.contain('Value must be a number');
      expect(control(form, 'value').getAttribute('aria-invalid')).to.equal('true');
      await until(() => focused(el) === control(form, 'value'), 2000, 'focus on the bad field');
      expect(form.open).to.equal(true);
      expect(control(form, 'title').value).to.equal('Soylent pilot');
      fill(control(form, 'title'), ' ');
      fill(control(form, 'value'), '500');
      fill(control(form, 'expectedClose'), '2026-02-30');
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await until(() => fieldError(form, 'title') !== '', 2000, 'the title error');
      expect(fieldError(form, 'title')).to.equal('Title is required.');
      expect(fieldError(form, 'value')).to.equal('');
      expect(await repo.deals.count()).to.equal(before);
      focused(el)!.focus();
      await press(el, 'Escape');
      await until(() => !form.open, 2000, 'the form to close');
      await until(() => focused(el) === add, 2000, 'focus back on Add deal');
      expect(await repo.deals.count()).to.equal(before);
    });

    it('asks for the fields the stage requires', async () => {
      const el = await controlledBoard(tag);
      const form = await openCreate(el, 'negotiation');
      await typeText('Big one');
      await press(el, 'Enter');
      await until(() => fieldError(form, 'value') !== '', 2000, 'the required-field errors');
      expect(fieldError(form, 'value')).to.equal('Value is required.');
      expect(fieldError(form, 'expectedClose')).to.equal('Expected close is required.');
      expect(labelOf(form, 'expectedClose')).to.equal('Expected close');
    });

    it('keeps the draft and says why when storage fails', async () => {
      const repo = new MemoryRepository();
      const { el } = await storedBoard(tag, { repo });
      const fail = () => Promise.reject(new StorageError('quota'));
      repo.deals.put = fail;
      repo.deals.putMany = fail;
      let created = 0;
      el.addEventListener('deal-created', () => created++);
      const form = await openCreate(el, 'lead');
      await typeText('Tyrell pilot');
      await press(el, 'Enter');
      await until(() => text(form.querySelector('.summary')) !== '', 2000, 'the failure');
      expect(text(form.querySelector('.summary'))).to.equal(
        'Nothing was saved, and what you entered is still here: The browser storage for this site is full. Free some space and try again.');
      expect(form.open).to.equal(true);
      expect(control(form, 'title').value).to.equal('Tyrell pilot');
      expect(created).to.equal(0);
      expect(cardIds(el, 'lead')).to.deep.equal(['d1', 'd2']);
    });

    it('in controlled use only fires deal-created, for the host to add', async () => {
      const el = await controlledBoard(tag);
      el.addEventListener('deal-created', (e) => { el.deals = [e.detail.deal, ...el.deals!]; });
      const form = await openCreate(el, 'qualified');
      await typeText('Hooli renewal');
      await press(el, 'Enter');
      await until(() => !form.open, 2000, 'the form to close');
      await until(() => cardIds(el, 'qualified').length === 2, 2000, 'the host to add the deal');
      expect(text(card(el, cardIds(el, 'qualified')[0]!)!.querySelector('[part="card-title"]'))).to.equal('Hooli renewal');
    });
  });

  describe(`<${tag}>: the deal drawer`, () => {
    it('opens a deal where the person is looking, edits it in place, and says which field is wrong', async () => {
      const { el, repo } = await storedBoard(tag);
      const opened: string[] = [];
      const updated: { deal: Deal; changes: Partial<Deal> }[] = [];
      el.addEventListener('deal-opened', (e) => opened.push(e.detail.deal.id));
      el.addEventListener('deal-updated', (e) => updated.push(e.detail));
      const drawer = await openDrawer(el, 'd1');
      expect(opened).to.deep.equal(['d1']);
      expect(text(drawer.querySelector('h2'))).to.equal('Acme renewal');
      expect(focused(el)).to.equal(control(drawer, 'title'));
      const r = drawer.getBoundingClientRect();
      expect(r.top).to.be.at.least(0);
      expect(r.top).to.be.below(window.innerHeight);
      await expect(el).to.be.accessible();
      // A bad value: named, nothing stored, the draft kept.
      fill(control(drawer, 'value'), '1.2.3');
      control(drawer, 'value').focus();
      await press(el, 'Enter');
      await until(() => fieldError(drawer, 'value') !== '', 2000, 'the value error');
      expect(fieldError(drawer, 'value')).to.equal('Value must be a number, such as 12500 or 12,500.50.');
      expect((await repo.deals.get('d1'))!.value).to.equal(1000);
      expect(control(drawer, 'value').value).to.equal('1.2.3');
      // A good one, by keyboard: Enter saves.
      fill(control(drawer, 'value'), '1,500');
      fill(control(drawer, 'ownerId') as unknown as HTMLSelectElement, 'ben');
      control(drawer, 'value').focus();
      await press(el, 'Enter');
      await until(() => updated.length === 1, 2000, 'deal-updated');
      expect(updated[0]!.changes).to.deep.equal({ value: 1500, ownerId: 'ben' });
      const saved = (await repo.deals.get('d1'))!;
      expect(saved).to.include({ value: 1500, ownerId: 'ben' });
      expect(announced(el)).to.equal('Saved Acme renewal.');
      await until(() => text(card(el, 'd1')?.querySelector('[part="card-value"]')) === '$1,500', 2000, 'the card to follow');
      // The stage history is there, and Escape gives focus back to the card.
      expect(text(drawer.querySelector('[part="history"] li'))).to.contain('Lead');
      control(drawer, 'title').focus();
      await press(el, 'Escape');
      await until(() => !drawer.open, 2000, 'the drawer to close');
      await until(() => focused(el)?.dataset.dealId === 'd1', 2000, 'focus back on the card');
    });

    it('moves the deal to another stage from the drawer, asking why for a lost one (stored as a reason id)', async () => {
      const { el, repo } = await storedBoard(tag);
      const drawer = await openDrawer(el, 'd2');
      fill(control<HTMLSelectElement>(drawer, 'stageId'), 'lost');
      await el.updateComplete;
      const reason = control<HTMLSelectElement>(drawer, 'lostReason');
      expect([...reason.options].map((o) => o.textContent!.trim())).to.include.members(['Price', 'Chose a competitor', 'Other']);
      drawer.querySelector<HTMLButtonElement>('form[part="deal-form"] button[type="submit"]')!.click();
      await until(() => fieldError(drawer, 'lostReason') !== '', 2000, 'the reason is required');
      expect(fieldError(drawer, 'lostReason')).to.equal('Lost reason is required.');
      fill(reason, 'competitor');
      drawer.querySelector<HTMLButtonElement>('form[part="deal-form"] button[type="submit"]')!.click();
      await eventually(async () => (await repo.deals.get('d2'))!.status === 'lost', 'the deal to be lost');
      const lost = (await repo.deals.get('d2'))!;
      expect(lost.lostReason).to.equal('competitor');
      expect(lost.history.map((h) => h.stageId)).to.deep.equal(['lead', 'lost']);
      await until(() => !cardIds(el, 'lead').includes('d2'), 2000, 'the lost deal to leave the board');
    });

    it('leaves the deal to the host when deal-opened is cancelled', async () => {
      const el = await controlledBoard(tag);
      el.addEventListener('deal-opened', (e) => e.preventDefault());
      card(el, 'd1')!.querySelector<HTMLElement>('[part="card-title"]')!.click();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      expect(dialogOf(el, 'drawer').open).to.equal(false);
    });
  });

  describe(`<${tag}>: activities`, () => {
    it('schedules an activity by keyboard; the card shows it as the next one; done, the deal has none', async () => {
      const { el, repo } = await storedBoard(tag);
      const created: Activity[] = [];
      const updated: { activity: Activity; changes: Partial<Activity> }[] = [];
      el.addEventListener('activity-created', (e) => created.push(e.detail.activity));
      el.addEventListener('activity-updated', (e) => updated.push(e.detail));
      expect(text(card(el, 'd1')!.querySelector('[part="card-next"]'))).to.equal('No next activity');
      const drawer = await openDrawer(el, 'd1');
      const form = drawer.querySelector<HTMLFormElement>('[part="schedule-form"]')!;
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      expect(nameOf(button)).to.match(/activity|schedule/i);
      expect(labelOf(form, 'subject')).to.equal('Subject');
      expect(labelOf(form, 'dueAt')).to.equal('Due');
      // Nothing typed: the subject and the due date are named, nothing stored.
      button.click();
      await until(() => fieldError(form, 'subject') !== '', 2000, 'the errors');
      expect(fieldError(form, 'subject')).to.equal('Subject is required.');
      expect(fieldError(form, 'dueAt')).to.equal('Due is required.');
      expect(await repo.activities.count()).to.equal(0);
      form.querySelector<HTMLInputElement>('input[type="radio"][value="meeting"]')!.click();
      control(form, 'subject').focus();
      await typeText('Demo with Ana');
      fill(control(form, 'dueAt'), '2026-11-04');
      fill(control(form, 'dueTime'), '10:30');
      control(form, 'subject').focus();
      await press(el, 'Enter');
      await until(() => created.length === 1, 2000, 'activity-created');
      expect(created[0]).to.include({ dealId: 'd1', type: 'meeting', subject: 'Demo with Ana', done: false });
      expect(new Date(created[0]!.dueAt!).getTime()).to.equal(new Date(2026, 10, 4, 10, 30).getTime());
      expect(await repo.activities.get(created[0]!.id)).to.deep.equal(created[0]);
      await until(() => text(card(el, 'd1')!.querySelector('[part="card-next"]')).startsWith('Demo with Ana · Nov 4'), 2000, 'the card to show the next activity');
      expect(card(el, 'd1')!.dataset.activity).to.equal('planned');
      await until(() => !!drawer.querySelector('[part="activity"] input[type="checkbox"]'), 2000, 'the activity in the drawer');
      const done = drawer.querySelector<HTMLInputElement>('[part="activity"] input[type="checkbox"]')!;
      expect(done.getAttribute('aria-label')).to.equal('Mark Demo with Ana as done');
      done.click();
      await until(() => updated.length === 1, 2000, 'activity-updated');
      expect(updated[0]!.changes.done).to.equal(true);
      expect(updated[0]!.changes['doneAt']).to.be.a('string');
      await until(() => text(card(el, 'd1')!.querySelector('[part="card-next"]')) === 'No next activity', 2000, 'no next activity');
      expect(card(el, 'd1')!.dataset.activity).to.equal('none');
    });

    it('shows overdue, today and planned with the next activity\'s subject and date', async () => {
      const activities: Activity[] = [
        { id: 'a1', dealId: 'd1', type: 'call', subject: 'Call back', at: ago(3), dueAt: ago(1) },
        { id: 'a2', dealId: 'd2', type: 'task', subject: 'Send quote', at: ago(3), dueAt: '2026-11-01' },
        { id: 'a3', dealId: 'd3', type: 'email', subject: 'Follow up', at: ago(3), dueAt: '2026-11-20T10:00:00.000Z' },
      ];
      const el = await controlledBoard(tag, { activities });
      expect(['d1', 'd2', 'd3'].map((id) => card(el, id)!.dataset.activity)).to.deep.equal(['overdue', 'today', 'planned']);
      expect(text(card(el, 'd1')!.querySelector('[part="card-next"]'))).to.match(/^Call back · Oct 31/);
      expect(text(card(el, 'd2')!.querySelector('[part="card-next"]'))).to.equal('Send quote · Nov 1');
      expect(card(el, 'd3')!.getAttribute('aria-label')).to.contain('Follow up · Nov 20');
    });

    it('counts rotting from the last done activity', async () => {
      const el = await controlledBoard(tag);
      // Qualified rots after 14 days; d3 entered it 30 days ago.
      expect(card(el, 'd3')!.hasAttribute('data-rotting')).to.equal(true);
      el.activities = [{ id: 'p', dealId: 'd3', type: 'call', at: ago(20), dueAt: ago(-3) }];
      await el.updateComplete;
      expect(card(el, 'd3')!.hasAttribute('data-rotting'), 'a planned activity does not count').to.equal(true);
      el.activities = [{ id: 'x', dealId: 'd3', type: 'call', at: ago(20), dueAt: ago(3), done: true, doneAt: ago(2) }];
      await el.updateComplete;
      expect(card(el, 'd3')!.hasAttribute('data-rotting')).to.equal(false);
    });

    it('stores a note with the deal', async () => {
      const { el, repo } = await storedBoard(tag, { deals: sampleDeals().concat(dealIn('d5', 'Stark pilot', 'lead', 2, { rank: 3 })) });
      const drawer = await openDrawer(el, 'd5');
      const form = drawer.querySelector<HTMLFormElement>('.note-form')!;
      fill(control<HTMLTextAreaElement>(form, 'note'), 'Budget approved by the CFO.');
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await until(() => text(drawer.querySelector('[part="note"]')).startsWith('Budget approved by the CFO.'), 2000, 'the note');
      const notes = await repo.activities.list({ where: { dealId: 'd5' } });
      expect(notes.map((n) => [n.type, n.note, n.done])).to.deep.equal([['note', 'Budget approved by the CFO.', true]]);
      // A note is not an activity: the deal still has no next one.
      expect(text(card(el, 'd5')!.querySelector('[part="card-next"]'))).to.equal('No next activity');
    });
  });
}
