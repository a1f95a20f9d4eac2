import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { SCRIPT_TOKENS, TOKENS, chartPalette, chartTokenStyles, tokenStyles } from '../../src/internal/tokens.js';
import { sharedStyles } from '../../src/internal/styles.js';
import * as library from '../../src/index.js';
import { checkTokens, cssTextOf } from '../tokens-check.js';
import { mount } from '../fixture.js';
import { TokenProbe } from './probe-element.js';

// Every stylesheet the library ships: the shared ones and each exported element's own.
function shippedSheets(): string[] {
  const defining = [cssTextOf(tokenStyles)[0], cssTextOf(chartTokenStyles)[0]];
  const sheets = new Set(cssTextOf(sharedStyles));
  for (const value of Object.values(library)) {
    if (typeof value === 'function' && 'styles' in value) {
      for (const text of cssTextOf((value as { styles?: Parameters<typeof cssTextOf>[0] }).styles)) sheets.add(text);
    }
  }
  // The token sheets define the private tokens; they do not count as reading them.
  for (const sheet of defining) sheets.delete(sheet!);
  return [...sheets];
}

describe('internal/tokens', () => {
  it('reads only defined tokens and defines none that nothing reads', () => {
    const report = checkTokens(shippedSheets(), Object.keys(TOKENS), SCRIPT_TOKENS);
    expect(report.undefinedTokens, 'tokens used but not defined').to.deep.equal([]);
    expect(report.unusedTokens, 'tokens defined but never used').to.deep.equal([]);
  });

  it('catches a token that is read but not defined, and one defined but unused', () => {
    const report = checkTokens(['a { color: var(--_l2c-text); margin: var(--_l2c-spcae-2); }'], ['text', 'radius']);
    expect(report).to.deep.equal({ undefinedTokens: ['spcae-2'], unusedTokens: ['radius'] });
  });

  it('defines every DESIGN.md token with a fallback, the chart palette only for elements that chart', () => {
    const base = cssTextOf(tokenStyles)[0]!;
    const chart = cssTextOf(chartTokenStyles)[0]!;
    expect(base).not.to.contain('chart-');
    expect(chart).to.contain('--_l2c-chart-8: var(--l2c-chart-8, #4b5563);');
    const text = base + chart;
    for (const name of ['color-primary', 'surface', 'text', 'font-family', 'radius', 'space-1', 'space-6', 'focus-ring', 'chart-1', 'chart-8']) {
      expect(text).to.contain(`--_l2c-${name}: var(--l2c-${name}, `);
    }
  });

  it('lets a host page override a token on any ancestor, and uses the default otherwise', async () => {
    // An element that draws a chart includes the chart palette's sheet, as the funnel does.
    class ChartProbe extends TokenProbe {
      static override styles = [...(TokenProbe.styles as []), chartTokenStyles];
    }
    ChartProbe.define('l2c-token-probe');
    const plain = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`);
    expect(getComputedStyle(plain.box).backgroundColor).to.equal('rgb(29, 78, 216)');
    const themed = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`, { theme: { 'color-primary': '#ff0000' } });
    expect(getComputedStyle(themed.box).backgroundColor).to.equal('rgb(255, 0, 0)');
    const dark = await mount<TokenProbe>(html`<l2c-token-probe></l2c-token-probe>`, { theme: 'dark' });
    expect(getComputedStyle(dark).color).to.equal('rgb(243, 244, 246)');
    expect(chartPalette(dark)[0]).to.equal('#56b4e9');
    expect(chartPalette(plain)).to.deep.equal(SCRIPT_TOKENS.map((t) => TOKENS[t]));
  });
});
