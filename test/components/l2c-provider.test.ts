import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import { html, type PropertyValues } from 'lit';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { L2cElement } from '../../src/internal/base-element.js';
import { StoreController } from '../../src/internal/store-controller.js';
import { IndexedDbRepository } from '../../src/storage/indexeddb.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import type { Lead } from '../../src/core/model.js';
import type { OutboxChangedDetail } from '../../src/components/l2c-provider/events.js';
import type { RestRepository } from '../../src/storage/rest.js';
import * as env from '../support/env.js';
import { PROXY_URL } from '../support/env.js';
import type { FaultPlan, FaultStats } from '../support/fault-proxy.js';
import { mount } from '../fixture.js';
import { lead, until } from '../storage/repository-suite.js';

/** An element that lists leads through a StoreController, counting its renders. */
class LeadCount extends L2cElement {
  static override defaultTag = 'l2c-lead-count';
  renders = 0;
  readonly leads = new StoreController<Lead[]>(this, { collections: ['leads'], load: (repo) => repo.leads.list() });

  get currencyShown(): string | undefined {
    return this.provided?.currency;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.renders += 1;
  }

  override render() {
    return html`<output>${this.leads.value?.length ?? 'loading'}</output>`;
  }
}

const shown = (el: LeadCount) => el.shadowRoot?.querySelector('output')?.textContent;

/** Records the names of IndexedDB databases opened until `stop()`. */
function watchOpens(): { names: string[]; stop: () => void } {
  const names: string[] = [];
  const open = indexedDB.open.bind(indexedDB);
  indexedDB.open = (name: string, version?: number) => {
    names.push(name);
    return open(name, version);
  };
  return { names, stop: () => { indexedDB.open = open; } };
}

describe('l2c-provider and StoreController', () => {
  before(() => {
    L2cProvider.define();
    LeadCount.define();
  });

  it('is accessible and lays out as if it were not there', async () => {
    const provider = await mount<L2cProvider>(html`<l2c-provider store="memory"><p>inside</p></l2c-provider>`);
    await expect(provider).to.be.accessible();
    expect(getComputedStyle(provider).display).to.equal('contents');
  });

  it('gives every element inside one repository, its currency and locale', async () => {
    const provider = await mount<L2cProvider>(html`
      <l2c-provider store="memory" currency="CNY" locale="zh-CN">
        <l2c-lead-count></l2c-lead-count><div><l2c-lead-count></l2c-lead-count></div>
      </l2c-provider>`);
    const [a, b] = [...provider.querySelectorAll('l2c-lead-count')] as LeadCount[];
    expect(a!.repository).to.equal(provider.repository);
    expect(b!.repository).to.equal(provider.repository);
    expect(provider.repository!.kind).to.equal('memory');
    expect(a!.currencyShown).to.equal('CNY');
    expect(a!.providedLocale).to.equal('zh-CN');
  });

  it('follows a change of its lang attribute as well as its locale', async () => {
    const provider = await mount<L2cProvider>(html`<l2c-provider store="memory" lang="en"><l2c-lead-count></l2c-lead-count></l2c-provider>`);
    const el = provider.querySelector('l2c-lead-count') as LeadCount;
    expect(el.providedLocale).to.equal('en');
    provider.setAttribute('lang', 'zh-CN');
    await until(() => el.providedLocale === 'zh-CN', 2000, 'the new lang to reach the element');
    provider.locale = 'en-GB';
    await until(() => el.providedLocale === 'en-GB', 2000, 'the locale to win over lang');
  });

  it('re-renders readers when data changes and stops when they leave the page', async () => {
    const provider = await mount<L2cProvider>(html`<l2c-provider store="memory"><l2c-lead-count></l2c-lead-count><l2c-lead-count></l2c-lead-count></l2c-provider>`);
    const [el, stays] = [...provider.querySelectorAll('l2c-lead-count')] as [LeadCount, LeadCount];
    await until(() => shown(el) === '0', 2000, 'the first load');
    await provider.repository!.leads.put(lead('a'));
    await until(() => shown(el) === '1', 2000, 'the new lead to show');
    // Three writes in a burst load once.
    const before = el.renders;
    await provider.repository!.leads.putMany([lead('b'), lead('c'), lead('d')]);
    await until(() => shown(el) === '4', 2000, 'the import to show');
    expect(el.renders - before).to.equal(1);
    el.remove();
    const after = el.renders;
    await provider.repository!.leads.put(lead('e'));
    // By the time the reader still on the page has shown the change, the one that left would have too.
    await until(() => shown(stays) === '5', 2000, 'the reader still on the page to show the change');
    await el.updateComplete;
    expect(el.renders).to.equal(after);
    expect(shown(el)).to.equal('4');
  });

  it('accepts any repository object, and nested providers inherit what they do not set', async () => {
    const custom = new MemoryRepository();
    await custom.leads.putMany([lead('x'), lead('y')]);
    const outer = await mount<L2cProvider>(html`
      <l2c-provider .repository=${custom} currency="EUR">
        <l2c-provider locale="zh-CN"><l2c-lead-count></l2c-lead-count></l2c-provider>
      </l2c-provider>`);
    const el = outer.querySelector('l2c-lead-count') as LeadCount;
    await until(() => shown(el) === '2', 2000, 'the custom repository to be read');
    expect(el.currencyShown).to.equal('EUR');
    expect(el.providedLocale).to.equal('zh-CN');
  });

  it('lets a standalone element use IndexedDB by db-name, shared with others of the same name', async () => {
    const dbName = `l2c-standalone-${Date.now()}`;
    const wrapper = await mount<HTMLDivElement>(html`<div>
      <l2c-lead-count db-name=${dbName}></l2c-lead-count><l2c-lead-count db-name=${dbName}></l2c-lead-count>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll('l2c-lead-count')] as LeadCount[];
    expect(a!.repository).to.be.instanceOf(IndexedDbRepository);
    expect(a!.repository).to.equal(b!.repository);
    // Another tab writes to the same database: both elements update without a reload.
    const otherTab = new IndexedDbRepository({ dbName });
    await otherTab.leads.put(lead('from-another-tab'));
    await until(() => shown(a!) === '1' && shown(b!) === '1', 3000, 'the other tab\'s write to show');
    otherTab.close();
  });

  it('serves elements that were on the page before the provider was defined', async () => {
    class LateProvider extends L2cProvider {}
    const wrapper = await mount<HTMLDivElement>(html`<div><l2c-late-provider store="memory" currency="JPY"><l2c-lead-count></l2c-lead-count></l2c-late-provider></div>`);
    const el = wrapper.querySelector('l2c-lead-count') as LeadCount;
    expect(el.currencyShown).to.equal(undefined);
    LateProvider.define('l2c-late-provider');
    await until(() => el.currencyShown === 'JPY', 2000, 'the late provider to be found');
    expect(el.repository?.kind).to.equal('memory');
  });

  it('moves with an element to another provider and stops hearing the first one', async () => {
    const [first, second] = [new MemoryRepository(), new MemoryRepository()];
    await second.leads.putMany([lead('s1'), lead('s2'), lead('s3')]);
    const wrapper = await mount<HTMLDivElement>(html`<div>
      <l2c-provider id="one" .repository=${first} currency="EUR"><l2c-lead-count></l2c-lead-count><l2c-lead-count id="stays"></l2c-lead-count></l2c-provider>
      <l2c-provider id="two" .repository=${second} currency="JPY"></l2c-provider>
    </div>`);
    const el = wrapper.querySelector('l2c-lead-count') as LeadCount;
    const stays = wrapper.querySelector('#stays') as LeadCount;
    await until(() => shown(el) === '0', 2000, 'the first provider\'s repository to be read');
    wrapper.querySelector('#two')!.append(el);
    await until(() => shown(el) === '3', 2000, 'the second provider\'s repository to be read');
    expect(el.currencyShown).to.equal('JPY');
    // The first provider changes its setting: the moved element keeps the second one's.
    (wrapper.querySelector('#one') as L2cProvider).currency = 'GBP';
    await (wrapper.querySelector('#one') as L2cProvider).updateComplete;
    // By the time the element still inside the first provider has the new setting, the moved one would have too.
    await until(() => stays.currencyShown === 'GBP', 2000, 'the element still inside to get the new currency');
    expect(el.currencyShown).to.equal('JPY');
    expect(el.repository).to.equal(second);
  });

  it('gives an element added to a provider on the page the provider\'s storage before it opens one of its own', async () => {
    const wrapper = await mount<HTMLDivElement>(html`<div><l2c-provider store="memory"></l2c-provider></div>`);
    const provider = wrapper.querySelector('l2c-provider') as L2cProvider;
    const opened = watchOpens();
    try {
      const el = document.createElement('l2c-lead-count') as LeadCount;
      el.setAttribute('db-name', `l2c-never-opened-${Date.now()}`);
      provider.append(el);
      await el.updateComplete;
      await until(() => shown(el) === '0', 2000, 'the provider\'s (empty) memory store to be read');
      expect(el.repository?.kind).to.equal('memory');
      expect(opened.names, 'IndexedDB databases opened').to.deep.equal([]);
    } finally {
      opened.stop();
    }
  });

  it('serves elements created together with it (HTML, innerHTML) without their opening a storage of their own', async () => {
    const opened = watchOpens();
    try {
      const host = document.createElement('div');
      document.body.append(host);
      host.innerHTML = `<l2c-provider store="memory" currency="EUR"><l2c-provider locale="zh-CN">
        <l2c-lead-count db-name="l2c-never-opened-a"></l2c-lead-count></l2c-provider>
        <l2c-lead-count db-name="l2c-never-opened-b"></l2c-lead-count></l2c-provider>`;
      const [inner, outer] = [...host.querySelectorAll('l2c-lead-count')] as LeadCount[];
      await until(() => shown(inner!) === '0' && shown(outer!) === '0', 2000, 'both to read the provider\'s store');
      expect(inner!.repository?.kind).to.equal('memory');
      expect(inner!.repository).to.equal(outer!.repository);
      expect(inner!.currencyShown).to.equal('EUR');
      expect(inner!.providedLocale).to.equal('zh-CN');
      expect(opened.names, 'IndexedDB databases opened').to.deep.equal([]);
      host.remove();
    } finally {
      opened.stop();
    }
  });

  it('stops using a provider\'s storage when moved out of it', async () => {
    const wrapper = await mount<HTMLDivElement>(html`<div><l2c-provider store="memory"><l2c-lead-count></l2c-lead-count></l2c-provider></div>`);
    const el = wrapper.querySelector('l2c-lead-count') as LeadCount;
    await until(() => shown(el) === '0', 2000, 'the provider\'s store to be read');
    expect(el.repository?.kind).to.equal('memory');
    el.setAttribute('db-name', `l2c-moved-out-${Date.now()}`);
    wrapper.append(el);
    await el.updateComplete;
    expect(el.repository).to.be.instanceOf(IndexedDbRepository);
    expect(el.currencyShown).to.equal(undefined);
  });
});

const faults = (plan: FaultPlan, reset = false) => executeServerCommand<FaultStats, { plan: FaultPlan; reset: boolean }>('l2c-faults', { plan, reset });
const KEYS = (env as { API_KEYS?: Record<'form' | 'member', string> }).API_KEYS;
const MEMBER_KEY = KEYS?.member ?? 'member-key';

describe('l2c-provider with REST storage: credentials and the outbox', function () {
  this.timeout(60_000);
  const dbNames: string[] = [];
  const dbName = () => {
    const name = `l2c-provider-rest-${crypto.randomUUID()}`;
    dbNames.push(name);
    return name;
  };

  before(() => {
    L2cProvider.define();
  });

  beforeEach(() => faults({}, true));

  after(async () => {
    await faults({}, true);
    await Promise.all(dbNames.map((n) => deleteDB(n).catch(() => undefined)));
  });

  async function provider(attrs: string, setUp?: (p: L2cProvider) => void): Promise<{ p: L2cProvider; seen: OutboxChangedDetail[]; repo: RestRepository }> {
    const host = document.createElement('div');
    host.innerHTML = `<l2c-provider store="rest" endpoint="${PROXY_URL}" db-name="${dbName()}" ${attrs}></l2c-provider>`;
    const p = host.firstElementChild as L2cProvider;
    setUp?.(p);
    const seen: OutboxChangedDetail[] = [];
    p.addEventListener('outbox-changed', (e) => seen.push(e.detail));
    await mount(html`${host}`);
    return { p, seen, repo: p.repository as RestRepository };
  }

  it('sends api-key as a bearer token, and reports what waits, what is refused and what is dead', async () => {
    const { p, seen, repo } = await provider(`api-key="${MEMBER_KEY}"`);
    const original = console.error;
    const errors: string[] = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      await faults({ rate: 1, kinds: ['401'] });
      await repo.leads.put(lead(crypto.randomUUID(), { name: 'Waits for a key' }));
      await repo.leads.put(lead(crypto.randomUUID(), { name: 'Also waits' }));
      await until(() => seen.some((d) => d.authorization === 'unauthorized' && d.pending === 2), 10_000, 'unauthorized with 2 pending');
      expect(p.outboxState).to.deep.equal({ pending: 2, deadLetters: 0, authorization: 'unauthorized' });
      expect(errors).to.have.length(1);
      expect(errors[0]).to.contain('api-key attribute').and.contain('401');
      expect((await faults({})).authorization.every((a) => a === `Bearer ${MEMBER_KEY}`)).to.equal(true);
      // Credentials that work again (a new token from getHeaders): sent at once.
      await faults({ poison: { marker: 'refused-deal' } });
      p.getHeaders = () => ({ authorization: `Bearer ${MEMBER_KEY}` });
      // A new repository (with getHeaders) takes over the outbox once the old one has let go of it.
      await until(() => p.outboxState?.pending === 0 && p.outboxState.authorization === 'ok', 30_000, 'sent once the token works');
      // A 4xx is a dead letter at once, and counted.
      await faults({ poison: { marker: 'refused-deal', status: 422 } });
      await (p.repository as RestRepository).deals.put({
        id: crypto.randomUUID(), title: 'refused-deal', value: 1, currency: 'USD', pipelineId: 'l2c', stageId: 'lead', status: 'open',
        createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), history: [],
      });
      await until(() => p.outboxState?.deadLetters === 1, 10_000, 'the dead letter counted');
      expect(p.outboxState).to.deep.equal({ pending: 0, deadLetters: 1, authorization: 'ok' });
      expect(errors).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('sends what getHeaders gives with every request, and keeps providers with different keys apart', async () => {
    let calls = 0;
    const { repo } = await provider('', (p) => {
      p.getHeaders = async () => {
        calls += 1;
        return { authorization: `Bearer ${MEMBER_KEY}` };
      };
    });
    await repo.leads.put(lead(crypto.randomUUID()));
    await repo.outbox.drained(10_000);
    expect(calls).to.be.at.least(1);
    expect((await faults({})).authorization.at(-1)).to.equal(`Bearer ${MEMBER_KEY}`);
    const a = document.createElement('l2c-provider');
    const b = document.createElement('l2c-provider');
    for (const [el, key] of [[a, 'key-a'], [b, 'key-b']] as const) {
      el.setAttribute('endpoint', PROXY_URL);
      el.setAttribute('db-name', 'l2c-provider-shared');
      el.setAttribute('api-key', key);
    }
    dbNames.push('l2c-provider-shared');
    await mount(html`<div>${a}${b}</div>`);
    expect(a.repository).to.not.equal(b.repository);
    b.setAttribute('api-key', 'key-a');
    await b.updateComplete;
    expect(a.repository).to.equal(b.repository);
  });
});
