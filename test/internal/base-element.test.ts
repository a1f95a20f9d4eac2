import { expect, oneEvent } from '@open-wc/testing';
import { html } from 'lit';
import { mount } from '../fixture.js';
import { TokenProbe } from './probe-element.js';

describe('internal/base-element', () => {
  before(() => TokenProbe.define());

  it('registers under its default tag and is idempotent', () => {
    expect(TokenProbe.define()).to.equal('l2c-token-probe');
    expect(TokenProbe.define()).to.equal('l2c-token-probe');
    expect(customElements.get('l2c-token-probe')).to.equal(TokenProbe);
  });

  it('registers again under a vendor tag, as a working element', async () => {
    TokenProbe.define('acme-token-probe');
    const el = await mount<TokenProbe>(html`<acme-token-probe></acme-token-probe>`);
    expect(el).to.be.instanceOf(TokenProbe);
    expect(el.shadowRoot!.textContent).to.contain('Close');
  });

  it('refuses to define without a tag when it has no default', () => {
    class Nameless extends TokenProbe {
      static override defaultTag = '';
    }
    expect(() => Nameless.define()).to.throw(/no default tag/);
  });

  it('emits events that bubble out of shadow roots and can be cancelled', async () => {
    const el = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`);
    const parent = el.parentElement!;
    setTimeout(() => el.fire());
    const event = await oneEvent(parent, 'probe-fired');
    expect(event.detail).to.deep.equal({ n: 1 });
    expect(event.composed).to.equal(true);
    parent.addEventListener('probe-fired', (e) => e.preventDefault(), { once: true });
    expect(el.fire()).to.equal(false);
  });

  it('renders in the locale of the page and follows a change of lang', async () => {
    const el = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`, { locale: 'zh-CN' });
    expect(el.shadowRoot!.textContent).to.contain('关闭');
    el.parentElement!.setAttribute('lang', 'en-GB');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Close');
  });

  it('prefers its own locale attribute and applies per-instance strings', async () => {
    const el = await mount<TokenProbe>(html`<l2c-token-probe locale="zh-CN" .strings=${{ close: 'Dismiss' }}></l2c-token-probe>`);
    expect(el.shadowRoot!.textContent).to.contain('Dismiss');
    el.strings = undefined;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('关闭');
  });
});
