import { builtinChoices } from '../../src/components/lead-capture-form/schema.js';
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import en from '../../src/translations/en.js';
import zhCN from '../../src/translations/zh-CN.js';
import type { Translation } from '../../src/translations/translation.js';
import { registerTranslation, resolveLocale, translationFor } from '../../src/internal/localize.js';
import { MOVE_REFUSALS } from '../../src/core/stages.js';
import { mount } from '../fixture.js';
import { TokenProbe } from './probe-element.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { bantLeadStrings } from '../../src/components/bant-qualifier/lead-strings.js';
import { bantQualifierStrings } from '../../src/components/bant-qualifier/strings.js';
import { funnelPlannerStrings } from '../../src/components/funnel-chart/planner-strings.js';
import { funnelChartStrings } from '../../src/components/funnel-chart/strings.js';
import { leadFormStrings } from '../../src/components/lead-capture-form/strings.js';
import { pipelineBoardStrings } from '../../src/components/pipeline-board/strings.js';
import { blueprintStrings } from '../../src/components/sales-process-map/blueprint-content.js';
import { mapStatusStrings } from '../../src/components/sales-process-map/status-strings.js';
import { salesProcessMapStrings } from '../../src/components/sales-process-map/strings.js';
import { translations, type Strings } from '../../src/internal/localize.js';

// Every message, with functions called on sample arguments, so a missing or empty one shows up.
function flatten(t: Translation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(t)) {
    if (typeof value === 'string') out[key] = value;
    else if (key === 'moveRefused') {
      for (const r of MOVE_REFUSALS) out[`${key}.${r}`] = t.moveRefused(r, { from: 'A', to: 'B', fields: ['value', 'expectedClose'] });
    } else if (typeof value === 'function') out[key] = (value as (n: number) => string)(2);
    else for (const [k, v] of Object.entries(value as Record<string, string>)) out[`${key}.${k}`] = v;
  }
  return out;
}

describe('internal/localize', () => {
  it('has a complete, non-empty zh-CN for every English message', () => {
    const a = flatten(en);
    const b = flatten(zhCN);
    expect(Object.keys(b).sort()).to.deep.equal(Object.keys(a).sort());
    for (const [key, value] of Object.entries(b)) {
      expect(value.trim(), key).to.not.equal('');
      // Text that is the same in both is fine only for symbols.
      if (!/^[—…\s]*$/.test(value) && !key.startsWith('$')) expect(value, key).to.not.equal(a[key]);
    }
  });

  it('has every section of messages complete in zh-CN, the lazily loaded ones loaded', async () => {
    const sections: Strings<object>[] = [translations, leadFormStrings, pipelineBoardStrings, funnelChartStrings, funnelPlannerStrings,
      bantQualifierStrings, bantLeadStrings, mapStatusStrings, salesProcessMapStrings, blueprintStrings];
    // Arguments a message function may take: counts, names, lists, and the records of bad input.
    const record = {
      kind: 'id', code: 'missing-id', path: 'stages[1]', id: 'demo', value: 'x', first: 'stages[0]', limit: 3, given: 5,
      count: 3, firstFigure: '100', last: 'Won', lastFigure: '10', overall: '10%', label: 'Demo', figure: '50',
      cumulative: '50%', step: '40%', change: '-10', wins: 2, leads: 100, mqls: 50, sqls: 20, target: '€1', average: '€2',
    };
    const samples: unknown[][] = [[2, 'Demo', 'Won'], [['Budget', 'Need'], 'x'], [record, 'x'], ['top'], ['value']];
    let calls = 0;
    let functions = 0;
    for (const section of sections) {
      expect(await section.load('zh-CN'), section.name).to.equal(undefined);
      const a = section.for('en') as Record<string, unknown>;
      const b = section.for('zh-CN') as Record<string, unknown>;
      expect(b, `${section.name} loaded in zh-CN`).to.not.equal(a);
      const compare = (x: unknown, y: unknown, key: string): void => {
        expect(typeof y, key).to.equal(typeof x);
        if (typeof x === 'string') {
          expect((y as string).trim(), key).to.not.equal('');
          if (!/^[—…\s]*$/.test(x) && !key.includes('$')) expect(y, key).to.not.equal(x);
        } else if (typeof x === 'function') {
          functions++;
          for (const args of samples) {
            let ex: unknown;
            let zh: unknown;
            try {
              ex = (x as (...v: unknown[]) => unknown)(...args);
              zh = (y as (...v: unknown[]) => unknown)(...args);
            } catch {
              continue;
            }
            if (typeof ex !== 'string' || typeof zh !== 'string') continue;
            calls++;
            expect(zh.trim(), `${key}(${JSON.stringify(args)})`).to.not.equal('');
            // A message made only of its arguments and symbols (`A → B`) may read the same in both.
            const words = args.flat().reduce<string>((t, v) => t.split(String(v)).join(''), ex);
            if (/[A-Za-z]/.test(words)) expect(zh, `${key}(${JSON.stringify(args)})`).to.not.equal(ex);
            break;
          }
        } else if (x && typeof x === 'object') {
          // The map's two status messages in Chinese come from all of its Chinese messages.
          if (key === mapStatusStrings.name) expect(Object.keys(y as object), key).to.include.members(Object.keys(x));
          // The form's industries are stored in English and are their own English labels: the
          // Chinese map names every one of them.
          else if (key === 'lead-capture-form.industryLabels') expect(Object.keys(y as object).sort(), key).to.deep.equal(builtinChoices('industry', 'en')!.map((o) => o.value).sort());
          else expect(Object.keys(y as object).sort(), key).to.deep.equal(Object.keys(x).sort());
          for (const k of Object.keys(x)) compare((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${key}.${k}`);
        }
      };
      compare(a, b, section.name);
    }
    // Nearly every message function ran with one of the samples (the rest need other arguments).
    expect(calls / functions).to.be.greaterThan(0.9);
  });

  it('uses plural forms in English', () => {
    expect(en.deals(1)).to.equal('1 deal');
    expect(en.deals(3)).to.equal('3 deals');
    expect(zhCN.deals(3)).to.equal('3 个商机');
    expect(en.moveRefused('missing-fields', { to: 'Contract', fields: ['value', 'close date'] }))
      .to.equal('Fill in value and close date before moving to Contract.');
  });

  it('resolves a requested locale to the closest registered one', () => {
    expect(resolveLocale('zh-CN')).to.equal('zh-CN');
    expect(resolveLocale('ZH-cn')).to.equal('zh-CN');
    expect(resolveLocale('zh-TW')).to.equal('zh-CN');
    expect(resolveLocale('en-US')).to.equal('en');
    expect(resolveLocale('fr')).to.equal('en');
    expect(resolveLocale(undefined)).to.equal('en');
    expect(translationFor('nope')).to.equal(en);
  });

  it('takes a vendor translation registered at run time and re-renders', async () => {
    TokenProbe.define();
    const el = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`, { locale: 'de' });
    expect(el.shadowRoot!.textContent).to.contain('Close');
    registerTranslation({ ...en, $code: 'de', $name: 'Deutsch', close: 'Schließen' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Schließen');
    expect(resolveLocale('de-AT')).to.equal('de');
  });

  it('falls back to <html lang>', async () => {
    const el = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`);
    el.parentElement!.removeAttribute('lang');
    const before = document.documentElement.lang;
    document.documentElement.lang = 'zh-CN';
    try {
      await new Promise((r) => setTimeout(r));
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('关闭');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('takes the locale of an enclosing provider over the page language', async () => {
    L2cProvider.define();
    const provider = await mount<L2cProvider>(html`<l2c-provider store="memory" locale="zh-CN"><l2c-token-probe></l2c-token-probe></l2c-provider>`);
    const el = provider.querySelector('l2c-token-probe') as TokenProbe;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('关闭');
    el.locale = 'en';
    await el.updateComplete;
    expect(el.shadowRoot!.textContent, 'its own locale still wins').to.contain('Close');
  });
});

describe('internal/localize: element strings', () => {
  it('resolves an element\'s own strings by locale, with per-instance overrides and added locales', async () => {
    const { Strings, LocalizeController } = await import('../../src/internal/localize.js');
    const strings = new Strings('probe', { en: { hello: 'Hello', bye: 'Bye' }, 'zh-CN': { hello: '你好', bye: '再见' } });
    const host = document.createElement('div') as unknown as ConstructorParameters<typeof LocalizeController>[0];
    Object.assign(host, { addController() {}, requestUpdate() {}, strings: undefined, locale: 'zh-CN' });
    const c = new LocalizeController(host);
    expect(c.section(strings)).to.deep.equal({ hello: '你好', bye: '再见' });
    host.strings = { bye: 'See you' };
    expect(c.section(strings)).to.deep.equal({ hello: '你好', bye: 'See you' });
    host.locale = 'fr';
    host.strings = undefined;
    expect(c.section(strings).hello).to.equal('Hello');
    registerTranslation({ ...en, $code: 'fr', $name: 'Français' });
    strings.add('fr', { hello: 'Bonjour', bye: 'Au revoir' });
    expect(c.section(strings).hello).to.equal('Bonjour');
  });
});
