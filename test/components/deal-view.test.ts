/**
 * `<deal-view>`: one deal, editable in place, on its own (inside a provider or controlled), with its
 * lead, activities and stage history, and the choice it offers when an edit collides with one saved
 * elsewhere. Runs against the element and a vendor's subclass.
 */
import { expect } from '@open-wc/testing';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { DealView } from '../../src/components/deal-view/deal-view.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { Deal } from '../../src/core/model.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { control, eventually, fieldError, fill, labelOf } from './board-test-kit.js';
import { NOW, dealIn, salesPipeline } from './pipeline-board.suite.js';

class AcmeDealView extends DealView {}

before(() => {
  L2cProvider.define();
  DealView.define();
  AcmeDealView.define('acme-deal-view');
});

const root = (el: DealView) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const form = (el: DealView) => root(el).querySelector<HTMLFormElement>('[part="deal-form"]')!;

/** A conflict-reporting outbox, as a REST repository has, that records what the view asks of it. */
class OutboxRepository extends MemoryRepository {
  readonly calls: string[] = [];
  #listeners = new Set<(e: { type: string; letter?: unknown }) => void>();
  readonly outbox = {
    subscribe: (listener: (e: { type: string; letter?: unknown }) => void) => {
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    },
    resolve: async (seq: number, record: Deal) => {
      this.calls.push(`resolve ${seq} ${record.title}`);
      await this.deals.put(record);
    },
    discard: async (seq: number) => {
      this.calls.push(`discard ${seq}`);
    },
  };

  conflict(mine: Deal, theirs: Deal): void {
    for (const l of this.#listeners) l({ type: 'conflict', letter: { seq: 7, collection: 'deals', id: mine.id, record: mine, server: theirs } });
  }
}

for (const tag of ['deal-view', 'acme-deal-view']) {
  const t = unsafeStatic(tag);

  async function stored(repo = new MemoryRepository(), locale = 'en'): Promise<{ el: DealView; repo: MemoryRepository }> {
    await repo.pipelines.put(salesPipeline());
    await repo.deals.put(dealIn('d1', 'Acme renewal', 'qualified', 3, { leadId: 'l1', value: 3000 }, ['lead']));
    await repo.leads.put({ id: 'l1', name: 'Ana Silva', company: 'Acme', status: 'converted', createdAt: NOW, updatedAt: NOW });
    const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} deal-id="d1" lead-href="/leads/{id}" .now=${NOW}></${t}></l2c-provider>`, { locale });
    const el = provider.querySelector(tag) as DealView;
    await until(() => !!el.shadowRoot?.querySelector('[part="deal-form"]'), 3000, 'the deal');
    await el.updateComplete;
    return { el, repo };
  }

  describe(`<${tag}>`, () => {
    it('shows a stored deal, accessibly: fields, lead, activities and stage history', async () => {
      const { el } = await stored();
      expect(el).to.be.instanceOf(DealView);
      await expect(el).to.be.accessible();
      expect(text(root(el).querySelector('h2'))).to.equal('Acme renewal');
      expect(text(root(el).querySelector('[part="status"]'))).to.equal('Open');
      expect(labelOf(form(el), 'title')).to.equal('Title');
      expect(labelOf(form(el), 'value')).to.equal('Value');
      expect(control(form(el), 'value').value).to.equal('3000');
      await until(() => !!root(el).querySelector('[part="lead-link"]'), 2000, 'the lead');
      const link = root(el).querySelector<HTMLAnchorElement>('[part="lead-link"]')!;
      expect(link.getAttribute('href')).to.equal('/leads/l1');
      expect(text(link)).to.equal('Ana Silva, Acme');
      expect([...root(el).querySelectorAll('[part="history"] li')].map(text)).to.deep.equal([
        'Qualified: Oct 29, 2026 – now (3 days)', 'Lead: Oct 19, 2026 – Oct 29, 2026 (10 days)']);
      expect(root(el).querySelector('[part="schedule-form"]')).to.not.equal(null);
    });

    it('saves an edit through the repository, naming a bad field first', async () => {
      const { el, repo } = await stored();
      const updated: Partial<Deal>[] = [];
      el.addEventListener('deal-updated', (e) => updated.push(e.detail.changes));
      fill(control(form(el), 'expectedClose'), '2026-13-01');
      fill(control(form(el), 'probability'), '150');
      form(el).requestSubmit();
      await until(() => fieldError(form(el), 'probability') !== '', 2000, 'the errors');
      expect(fieldError(form(el), 'probability')).to.equal('Probability (%) must be between 0 and 100.');
      expect((await repo.deals.get('d1'))!.probability).to.equal(undefined);
      fill(control(form(el), 'expectedClose'), '2026-12-01');
      fill(control(form(el), 'probability'), '40');
      fill(control(form(el), 'title'), 'Acme renewal 2027');
      form(el).requestSubmit();
      await until(() => updated.length === 1, 2000, 'deal-updated');
      expect(updated[0]).to.deep.equal({ title: 'Acme renewal 2027', probability: 0.4, expectedClose: '2026-12-01' });
      expect(await repo.deals.get('d1')).to.include({ title: 'Acme renewal 2027', probability: 0.4, expectedClose: '2026-12-01' });
      await until(() => text(root(el).querySelector('h2')) === 'Acme renewal 2027', 2000, 'the heading');
    });

    it('in controlled use writes nothing and tells the host', async () => {
      const deal = dealIn('c1', 'Initech pilot', 'lead', 1);
      const el = await mount<DealView>(staticHtml`<${t} .deal=${deal} .pipeline=${salesPipeline()} .now=${NOW}></${t}>`);
      await until(() => !!el.shadowRoot?.querySelector('[part="deal-form"]'), 3000, 'the deal');
      expect(el.repository).to.equal(undefined);
      const updated: Deal[] = [];
      el.addEventListener('deal-updated', (e) => updated.push(e.detail.deal));
      fill(control(form(el), 'value'), '9,000');
      form(el).requestSubmit();
      await until(() => updated.length === 1, 2000, 'deal-updated');
      expect(updated[0]!.value).to.equal(9000);
      expect(deal.value).to.equal(1000);
    });

    it('shows both versions of a deal changed elsewhere (412) and keeps the one chosen', async () => {
      const repo = new OutboxRepository();
      const { el } = await stored(repo);
      const mine = { ...(await repo.deals.get('d1'))!, title: 'Acme renewal (mine)', value: 3500 };
      const theirs = { ...mine, title: 'Acme renewal (theirs)', value: 4200 };
      repo.conflict(mine, theirs);
      await until(() => !!root(el).querySelector('[part="conflict"]'), 2000, 'the conflict');
      const rows = [...root(el).querySelectorAll('[part="conflict"] tbody tr')].map((r) => [...r.children].map(text));
      expect(rows).to.deep.equal([['Title', 'Acme renewal (mine)', 'Acme renewal (theirs)'], ['Value', '3500', '4200']]);
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLElement>('[part="keep-mine"]')!.click();
      await until(() => repo.calls.length === 1, 2000, 'the choice');
      expect(repo.calls).to.deep.equal(['resolve 7 Acme renewal (mine)']);
      await until(() => !root(el).querySelector('[part="conflict"]'), 2000, 'the conflict to go');
      repo.conflict(mine, theirs);
      await until(() => !!root(el).querySelector('[part="use-theirs"]'), 2000, 'the conflict again');
      root(el).querySelector<HTMLElement>('[part="use-theirs"]')!.click();
      await until(() => repo.calls.length === 2, 2000, 'the second choice');
      expect(repo.calls[1]).to.equal('discard 7');
    });

    it('offers the choice when the repository refuses a stale write with 412', async () => {
      const repo = new MemoryRepository();
      const { el } = await stored(repo);
      const theirs = { ...(await repo.deals.get('d1'))!, title: 'Renamed elsewhere' };
      const put = repo.deals.put.bind(repo.deals);
      let refuse = true;
      repo.deals.put = (record) => (refuse ? Promise.reject(Object.assign(new Error('Precondition Failed'), { status: 412, server: theirs })) : put(record));
      fill(control(form(el), 'title'), 'Renamed here');
      form(el).requestSubmit();
      await until(() => !!root(el).querySelector('[part="conflict"]'), 2000, 'the conflict');
      refuse = false;
      root(el).querySelector<HTMLElement>('[part="keep-mine"]')!.click();
      await eventually(async () => (await repo.deals.get('d1'))!.title === 'Renamed here', 'mine stored');
    });

    it('says when the deal does not exist, and speaks Chinese', async () => {
      const repo = new MemoryRepository();
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} deal-id="nope"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as DealView;
      await until(() => text(el.shadowRoot?.querySelector('[part="status-message"]')) === 'There is no deal "nope".', 3000, 'the message');
      const zh = (await stored(new MemoryRepository(), 'zh-CN')).el;
      await until(() => labelOf(form(zh), 'title') === '名称', 3000, 'Chinese labels');
      expect(text(root(zh).querySelector('[part="status"]'))).to.equal('进行中');
      expect(text(root(zh).querySelector('#history-title'))).to.equal('阶段历史');
    });
  });
}
