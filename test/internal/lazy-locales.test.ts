/**
 * Messages in a language other than English load on demand (Strings with a loader), and an element
 * holds its update until they are here: a page in Chinese never shows English first, a change of
 * language re-renders once, and a vendor's lazily loaded language works the same way.
 *
 * Each test page loads these modules afresh, so every Chinese message chunk is fetched for the first
 * time by the test that uses it (keep it that way: no other test in this file may render zh-CN first).
 */
import { expect } from '@open-wc/testing';
import { BantQualifier } from '../../src/components/bant-qualifier/bant-qualifier.js';
import { bantLeadStrings } from '../../src/components/bant-qualifier/lead-strings.js';
import { bantQualifierStrings } from '../../src/components/bant-qualifier/strings.js';
import { FunnelChart } from '../../src/components/funnel-chart/funnel-chart.js';
import { funnelPlannerStrings } from '../../src/components/funnel-chart/planner-strings.js';
import { funnelChartStrings } from '../../src/components/funnel-chart/strings.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { LeadCaptureForm } from '../../src/components/lead-capture-form/lead-capture-form.js';
import { leadFormStrings } from '../../src/components/lead-capture-form/strings.js';
import { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import { pipelineBoardStrings } from '../../src/components/pipeline-board/strings.js';
import { blueprintStrings } from '../../src/components/sales-process-map/blueprint-content.js';
import { SalesProcessMap } from '../../src/components/sales-process-map/sales-process-map.js';
import { mapStatusStrings } from '../../src/components/sales-process-map/status-strings.js';
import { salesProcessMapStrings } from '../../src/components/sales-process-map/strings.js';
import type { Lead } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';
import { registerTranslation, translations, type Strings } from '../../src/internal/localize.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import en from '../../src/translations/en.js';
import { until } from '../storage/repository-suite.js';

const HAN = /[\u4e00-\u9fff]/;

// Every English message of `sections` that is plain text (nested records included), long enough to
// mean something; a message the same in both languages (a symbol) is left out.
function englishOf(sections: Strings<object>[]): string[] {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of value.split('|')) if (/[A-Za-z]{3}/.test(part) && part.trim().length >= 4) out.add(part.trim());
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) if (!key.startsWith('$')) walk(v);
    }
  };
  for (const s of sections) walk(s.for('en'));
  return [...out];
}

/** Every text the element's shadow root has shown, from the moment it is connected. */
function watch(el: HTMLElement, lang: string, parent?: HTMLElement): { shown: string[]; host: HTMLElement } {
  const host = document.createElement('div');
  host.lang = lang;
  document.body.append(host);
  const shown: string[] = [];
  const textOf = (node: Node): string => {
    if (!(node instanceof Element) && !(node instanceof DocumentFragment)) return node.textContent ?? '';
    const labels = [...(node instanceof Element ? [node] : []), ...node.querySelectorAll('*')]
      .flatMap((e) => ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a) ?? ''));
    return `${node.textContent ?? ''} ${labels.join(' ')}`;
  };
  (parent ?? host).append(el);
  if (parent) host.append(parent);
  const attach = (root: ShadowRoot) => new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') shown.push(r.target.textContent ?? '');
      else if (r.type === 'attributes') shown.push((r.target as Element).getAttribute(r.attributeName!) ?? '');
      else r.addedNodes.forEach((n) => shown.push(textOf(n)));
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'title', 'placeholder'] });
  // The shadow root exists once the element is connected (and upgraded); its first render comes later.
  expect(el.shadowRoot, 'connected, not yet rendered').to.not.equal(null);
  expect(el.shadowRoot!.childNodes.length, 'nothing rendered before the messages are here').to.equal(0);
  attach(el.shadowRoot!);
  return { shown, host };
}

function expectNoEnglish(shown: string[], sections: Strings<object>[], what: string): void {
  const all = shown.join('\n');
  expect(HAN.test(all), `${what} shows Chinese`).to.equal(true);
  for (const message of englishOf(sections)) expect(all, `${what} showed the English "${message}"`).to.not.contain(message);
}

describe('internal/localize: lazily loaded languages', () => {
  before(() => {
    for (const E of [LeadCaptureForm, FunnelChart, BantQualifier, SalesProcessMap, PipelineBoard, L2cProvider]) E.define();
  });
  afterEach(() => {
    document.querySelectorAll('body > div[lang]').forEach((d) => d.remove());
  });

  it('renders a zh-CN form in Chinese from its first paint', async () => {
    const el = document.createElement('lead-capture-form') as LeadCaptureForm;
    const { shown } = watch(el, 'zh-CN');
    await el.updateComplete;
    expect(HAN.test(shown.find((t) => t.trim()) ?? ''), 'the first text inserted is Chinese').to.equal(true);
    expectNoEnglish(shown, [translations, leadFormStrings], 'the form');
    expect(el.shadowRoot!.querySelector('[part~="submit"]')!.textContent).to.contain('提交');
  });

  it('renders a zh-CN funnel with its planner in Chinese, the planner included once it loads', async () => {
    const el = document.createElement('funnel-chart') as FunnelChart;
    el.stages = [
      { id: 'lead', label: '线索', count: 2000 },
      { id: 'mql', label: '市场认可线索', count: 500 },
      { id: 'won', label: '赢单', count: 40, value: 1_000_000 },
    ];
    el.planner = true;
    el.target = 500_000;
    const { shown } = watch(el, 'zh-CN');
    await el.updateComplete;
    await until(() => el.shadowRoot!.querySelector('[part~="planner"]') !== null, 3000, 'the planner');
    await el.updateComplete;
    expectNoEnglish(shown, [translations, funnelChartStrings, funnelPlannerStrings], 'the funnel');
  });

  it('renders a zh-CN qualifier on a stored lead in Chinese, its lazily loaded lead panel included', async () => {
    const repo = new MemoryRepository();
    await repo.pipelines.put(pipelineFromTemplate('l2c'));
    const at = '2026-05-01T10:00:00.000Z';
    await repo.leads.put({ id: 'lead-1', createdAt: at, updatedAt: at, status: 'mql', name: '王芳', company: '北辰' } as Lead);
    const provider = document.createElement('l2c-provider') as L2cProvider;
    provider.repository = repo;
    const el = document.createElement('bant-qualifier') as BantQualifier;
    el.setAttribute('lead-id', 'lead-1');
    const { shown } = watch(el, 'zh-CN', provider);
    await el.updateComplete;
    await until(() => el.shadowRoot!.querySelector('[part~="lead-name"]') !== null, 3000, 'the lead panel');
    expectNoEnglish(shown, [translations, bantQualifierStrings, bantLeadStrings], 'the qualifier');
  });

  it('draws a zh-CN blueprint in Chinese, lane texts included', async () => {
    const el = document.createElement('sales-process-map') as SalesProcessMap;
    el.pipeline = pipelineFromTemplate('l2c');
    el.view = 'blueprint';
    el.deals = [];
    const { shown } = watch(el, 'zh-CN');
    expect(await el.layoutComplete).to.equal(true);
    expectNoEnglish(shown, [translations, mapStatusStrings, salesProcessMapStrings, blueprintStrings], 'the map');
    expect(el.toSVG()).to.contain('可视分界线');
  });

  it('re-renders once in Chinese when lang changes at run time, after the messages load', async () => {
    const el = document.createElement('pipeline-board') as PipelineBoard;
    el.pipeline = pipelineFromTemplate('l2c');
    el.deals = [];
    const { host } = watch(el, 'en');
    await el.updateComplete;
    const english = el.shadowRoot!.textContent!;
    expect(HAN.test(english)).to.equal(false);
    const after: string[] = [];
    new MutationObserver((records) => {
      for (const r of records) r.addedNodes.forEach((n) => after.push(n.textContent ?? ''));
      for (const r of records) if (r.type === 'characterData') after.push(r.target.textContent ?? '');
    }).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    host.lang = 'zh-CN';
    await until(() => HAN.test(el.shadowRoot!.textContent!), 3000, 'Chinese');
    await el.updateComplete;
    // The update waited for the Chinese messages: nothing in between rendered English messages.
    expectNoEnglish(after, [pipelineBoardStrings], 'the board after the switch');
  });

  it('takes a vendor language given as loaders, for the shared messages and an element\'s own', async () => {
    let loads = 0;
    registerTranslation('de', async () => {
      loads++;
      return { default: { ...en, $code: 'de', $name: 'Deutsch', loading: 'Lädt…' } };
    });
    funnelChartStrings.add('de', async () => {
      loads++;
      return { ...funnelChartStrings.for('en'), empty: 'Keine Stufen.' };
    });
    const el = document.createElement('funnel-chart') as FunnelChart;
    el.stages = [];
    const { shown } = watch(el, 'de-AT');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Keine Stufen.');
    expect(shown.join('\n')).to.not.contain(funnelChartStrings.for('en').empty);
    const again = document.createElement('funnel-chart') as FunnelChart;
    again.stages = [];
    watch(again, 'de');
    await again.updateComplete;
    expect(again.shadowRoot!.textContent).to.contain('Keine Stufen.');
    expect(loads, 'each loader runs once').to.equal(2);
  });

  it('falls back to English, quietly, when a language fails to load', async () => {
    const noise: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => noise.push(e.reason);
    const original = { error: console.error, warn: console.warn };
    console.error = (...args: unknown[]) => noise.push(args);
    console.warn = (...args: unknown[]) => noise.push(args);
    window.addEventListener('unhandledrejection', onRejection);
    try {
      registerTranslation({ ...en, $code: 'fr', $name: 'Français', loading: 'Chargement…' });
      bantQualifierStrings.add('fr', () => Promise.reject(new Error('offline')));
      const el = document.createElement('bant-qualifier') as BantQualifier;
      watch(el, 'fr');
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain(bantQualifierStrings.for('en').outcomeHeading);
      // A later element in the same language does not wait for the failed load again.
      const other = document.createElement('bant-qualifier') as BantQualifier;
      watch(other, 'fr');
      await other.updateComplete;
      expect(other.shadowRoot!.textContent).to.contain(bantQualifierStrings.for('en').outcomeHeading);
      await new Promise((r) => setTimeout(r, 50));
      expect(noise).to.deep.equal([]);
    } finally {
      console.error = original.error;
      console.warn = original.warn;
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });
});
