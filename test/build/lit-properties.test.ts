/**
 * The test server applies the build's rewrite of Lit's property decorators (scripts/lit-properties.ts,
 * in vite.config.ts and web-test-runner.config.mjs), so the suites exercise the elements as they ship.
 */
import { expect } from '@open-wc/testing';
import { LeadCaptureForm } from '../../src/components/lead-capture-form/lead-capture-form.js';
import { L2cElement } from '../../src/internal/base-element.js';

describe('Lit properties as built', () => {
  it('declares reactive properties with static properties, as the bundles do', () => {
    expect(Object.hasOwn(L2cElement, 'properties')).to.equal(true);
    expect(Object.hasOwn(LeadCaptureForm, 'properties')).to.equal(true);
    const props = (LeadCaptureForm as unknown as { properties: Record<string, { attribute?: unknown; state?: boolean }> }).properties;
    expect(props['minFillMs']).to.deep.equal({ attribute: 'min-fill-ms', type: Number });
    expect(props['values']).to.deep.equal({ state: true });
  });

  it('sets initial values in the constructor, reflected and recorded as changes', async () => {
    LeadCaptureForm.define();
    const el = document.createElement('lead-capture-form') as LeadCaptureForm;
    expect(el.minFillMs).to.equal(2000);
    expect(el.allowDuplicates).to.equal(false);
    el.setAttribute('min-fill-ms', '50');
    expect(el.minFillMs).to.equal(50);
    el.locale = 'zh-CN';
    document.body.append(el);
    await el.updateComplete;
    expect(el.getAttribute('locale')).to.equal('zh-CN');
    el.remove();
  });
});
