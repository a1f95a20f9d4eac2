/**
 * End to end: each element from the script-tag bundle on a hostile host page — `html { font-size:
 * 62.5% }`, centred text, a tall line height, letter and word spacing, a serif italic font in red,
 * and aggressive universal resets that reach the element's host box (`* { box-sizing: content-box;
 * margin: 0; padding: 0; border: 0; font: inherit }`) — must look as it does on a clean page.
 * Only two things cross a shadow root: rules that match the host element itself, and inherited
 * properties; the hostile sheet has plenty of both. Each element is drawn at the same width on
 * both pages, photographed, and compared with pixelmatch. screenshots/hostile-<tag>-clean.png,
 * -hostile.png and -diff.png are written on every run, so a failure can be looked at.
 *
 * The tolerance: at most 0.5% of the pixels may differ (pixelmatch's default colour threshold 0.1,
 * anti-aliased pixels not counted). Both pages use the same browser, fonts, data, size and
 * position, so an element that is immune renders the very same pixels and the measured difference
 * is 0; the budget only absorbs the odd glyph edge that anti-aliasing detection misses. One leaked
 * property is far above it: a serif font, 2px letter spacing, a line height of 3 or a lost host
 * padding moves or reshapes every line of text (typically 5-40% of the pixels). On failure the
 * message lists, per property, which nodes of the shadow tree compute differently on the two pages.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { generateDataset } from '../generate.js';
import { ROOT, cdnBuilt, launchChromium, serveStatic } from './harness.js';

/** Largest share of differing pixels allowed (see the header for why). */
const TOLERANCE = 0.005;

// What a hostile page does: old-school resets and a theme that styles body text its own way.
const HOSTILE_CSS = `
html { font-size: 62.5%; }
body {
  text-align: center; line-height: 3; letter-spacing: 2px; word-spacing: 6px;
  font-family: serif; font-size: 2.2rem; font-style: italic; font-weight: 300; font-variant: small-caps;
  color: red; text-indent: 2em; text-transform: uppercase; text-shadow: 1px 1px 0 #ff0;
  border-collapse: separate; border-spacing: 6px; caption-side: bottom; list-style: square inside;
  cursor: crosshair; font-variant-numeric: slashed-zero; font-feature-settings: "smcp";
}
*, *::before, *::after { box-sizing: content-box; margin: 0; padding: 0; border: 0; font: inherit; vertical-align: baseline; }
button, input, select, textarea { all: unset; }
div { display: flex; }
svg, canvas { display: inline; width: 100%; height: auto; }
table { border-collapse: collapse; border-spacing: 0; }
ol, ul { list-style: none; }
a { color: inherit; text-decoration: underline wavy; }
:focus { outline: none; }
[part], [class] { color: red; }
`;

// The same layout on both pages: the element alone, at a fixed place and width.
const LAYOUT_CSS = `
html body { margin: 0; background: #fff; }
html body #stage { display: block; padding: 16px; }
`;

const STAGES = [
  { id: 'lead', label: 'Leads', count: 4800, value: 9_600_000 },
  { id: 'mql', label: 'Marketing qualified', count: 1900, value: 5_700_000 },
  { id: 'sql', label: 'Sales qualified', count: 760, value: 3_040_000 },
  { id: 'proposal', label: 'Proposal', count: 310, value: 1_860_000 },
  { id: 'won', label: 'Won', count: 96, value: 2_304_000 },
];

const NOW = '2026-11-01T09:00:00.000Z';
const data = generateDataset({ deals: 60, leads: 0, templates: ['l2c'], seed: 5, now: NOW });

// Gives each element its data, then resolves when it has drawn everything (chart, layout).
const PAGE_JS = `
import '/dist/cdn/l2c-elements.js';
const el = document.getElementById('subject');
const pipeline = ${JSON.stringify(data.pipelines[0])};
const deals = ${JSON.stringify(data.deals)};
switch (el.localName) {
  case 'pipeline-board':
    el.now = '${NOW}';
    el.owners = { ana: 'Ana Silva', ben: 'Ben Okafor', chen: 'Chen Jia', dara: 'Dara Byrne', emil: 'Emil Berg', fatima: 'Fatima Haddad' };
    el.pipeline = pipeline;
    el.deals = deals;
    break;
  case 'funnel-chart':
    el.stages = ${JSON.stringify(STAGES)};
    break;
  case 'sales-process-map':
    el.now = '${NOW}';
    el.pipeline = pipeline;
    el.deals = deals;
    break;
  case 'bant-qualifier':
    el.defaultAnswers = { budget: { level: 'yes', note: 'Approved for Q3' }, authority: { level: 'partly' } };
    break;
  case 'lead-capture-form':
    el.schema = [
      { name: 'teamSize', type: 'select', label: 'Team size', options: ['1-10', '11-50', '51-200'] },
      { name: 'contact', type: 'radio', label: 'Preferred contact', options: ['Email', 'Phone'] },
      { name: 'newsletter', type: 'checkbox', label: 'Send me the newsletter' },
    ];
    break;
}
window.ready = (async () => {
  await customElements.whenDefined(el.localName);
  await el.updateComplete;
  if (el.localName === 'funnel-chart') await el.whenChartDrawn();
  if (el.localName === 'sales-process-map') await el.layoutComplete;
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return true;
})();
`;

const SUBJECTS = [
  { tag: 'lead-capture-form', width: 560, attrs: 'consent="I agree that Acme may contact me." required="name,email"' },
  { tag: 'pipeline-board', width: 1200, attrs: '' },
  { tag: 'funnel-chart', width: 760, attrs: 'show-table' },
  { tag: 'bant-qualifier', width: 1100, attrs: 'model="weighted"' },
  { tag: 'sales-process-map', width: 1200, attrs: 'highlight-bottlenecks' },
];

// Inherited and host-box properties compared node by node when the pictures differ.
const PROPS = [
  'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant-caps', 'font-variant-numeric', 'font-feature-settings',
  'line-height', 'letter-spacing', 'word-spacing', 'text-align', 'text-indent', 'text-transform', 'text-shadow', 'color',
  'border-collapse', 'border-spacing', 'caption-side', 'list-style-type', 'list-style-position', 'cursor',
  'box-sizing', 'padding-top', 'padding-left', 'margin-top', 'border-top-width', 'display', 'vertical-align', 'width', 'height',
];

type Styles = Record<string, Record<string, string>>;

/** Computed styles of the host and of every node in its shadow tree (nested roots too), by path. */
function computedStyles(page: Page): Promise<Styles> {
  return page.evaluate((props) => {
    const out: Record<string, Record<string, string>> = {};
    const host = document.getElementById('subject')!;
    const stack: [Element, string][] = [[host, host.localName]];
    while (stack.length) {
      const [node, path] = stack.pop()!;
      const cs = getComputedStyle(node);
      out[path] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
      const children = [...(node.shadowRoot?.children ?? []), ...node.children];
      children.forEach((child, i) => {
        const part = child.getAttribute('part');
        stack.push([child, `${path} > ${child.localName}${part ? `[part="${part}"]` : `:nth(${i})`}`]);
      });
    }
    return out;
  }, PROPS);
}

/** "property: n nodes, e.g. path (clean → hostile)" for every property that differs somewhere. */
function styleDiff(clean: Styles, hostile: Styles): string[] {
  const byProp = new Map<string, string[]>();
  for (const [path, values] of Object.entries(clean)) {
    const other = hostile[path];
    if (!other) continue;
    for (const p of PROPS) {
      if (values[p] !== other[p]) byProp.set(p, [...(byProp.get(p) ?? []), `${path} (${values[p]} → ${other[p]})`]);
    }
  }
  return [...byProp].map(([p, nodes]) => `${p}: ${nodes.length} node(s), e.g. ${nodes.slice(0, 2).join('; ')}`);
}

/** The image padded with transparent pixels to width × height. */
function padded(png: PNG, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < png.height; y++) out.set(png.data.subarray(y * png.width * 4, (y + 1) * png.width * 4), y * width * 4);
  return out;
}

describe('a hostile host page renders every element as a clean page does', { skip: cdnBuilt() ? false : 'run `npm run build` first' }, () => {
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveStatic>>;
  const site = mkdtempSync(join(tmpdir(), 'l2c-hostile-'));
  const shots = join(ROOT, 'screenshots');

  before(async () => {
    symlinkSync(join(ROOT, 'dist'), join(site, 'dist'));
    writeFileSync(join(site, 'page.js'), PAGE_JS);
    writeFileSync(join(site, 'hostile.css'), HOSTILE_CSS);
    writeFileSync(join(site, 'layout.css'), LAYOUT_CSS);
    for (const { tag, width, attrs } of SUBJECTS) {
      for (const kind of ['clean', 'hostile']) {
        writeFileSync(join(site, `${kind}-${tag}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${tag}</title>
          ${kind === 'hostile' ? '<link rel="stylesheet" href="/hostile.css">' : ''}<link rel="stylesheet" href="/layout.css">
          <style>html body #subject { display: block; width: ${width}px; }</style>
          <script type="module" src="/page.js"></script></head>
          <body><div id="stage"><${tag} id="subject" ${attrs}></${tag}></div></body></html>`);
      }
    }
    files = await serveStatic(site);
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await files?.close();
    rmSync(site, { recursive: true, force: true });
  });

  async function shoot(kind: string, tag: string): Promise<{ png: PNG; styles: Styles }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${files.url}/${kind}-${tag}.html`);
    await page.waitForFunction(() => 'ready' in window);
    assert.equal(await page.evaluate(() => (window as unknown as { ready: Promise<boolean> }).ready), true);
    const path = join(shots, `hostile-${tag}-${kind}.png`);
    const png = PNG.sync.read(await page.locator('#subject').screenshot({ path, animations: 'disabled' }));
    const styles = await computedStyles(page);
    assert.deepEqual(errors, [], `${kind} page of ${tag}`);
    await page.close();
    return { png, styles };
  }

  for (const { tag } of SUBJECTS) {
    it(`${tag} looks the same`, async (t) => {
      const clean = await shoot('clean', tag);
      const hostile = await shoot('hostile', tag);
      const width = Math.max(clean.png.width, hostile.png.width);
      const height = Math.max(clean.png.height, hostile.png.height);
      const diff = new PNG({ width, height });
      const differing = pixelmatch(padded(clean.png, width, height), padded(hostile.png, width, height), diff.data, width, height, { threshold: 0.1 });
      writeFileSync(join(shots, `hostile-${tag}-diff.png`), PNG.sync.write(diff));
      const share = differing / (width * height);
      const report = [
        `${tag}: ${(share * 100).toFixed(2)}% of the pixels differ (${differing} of ${width}×${height});`,
        `clean ${clean.png.width}×${clean.png.height}, hostile ${hostile.png.width}×${hostile.png.height}.`,
        ...styleDiff(clean.styles, hostile.styles),
      ].join('\n  ');
      t.diagnostic(report.split('\n')[0]!);
      assert.ok(share <= TOLERANCE, report);
    });
  }
});
