import { expect } from '@open-wc/testing';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import '../../src/define.js';
import { NOW, root, salesPipeline, sampleDeals } from '../components/pipeline-board.suite.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';

// Every boolean attribute of every element: [tag, attribute, property, reflected].
const BOOLEANS: [string, string, string, boolean][] = [
  ['lead-capture-form', 'allow-duplicates', 'allowDuplicates', false],
  ['pipeline-board', 'compact', 'compact', true],
  ['pipeline-board', 'show-closed', 'showClosed', true],
  ['pipeline-board', 'allow-delete', 'allowDelete', false],
  ['funnel-chart', 'strict', 'strict', true],
  ['funnel-chart', 'planner', 'planner', true],
  ['funnel-chart', 'show-table', 'showTable', true],
  ['bant-qualifier', 'required', 'required', true],
  ['bant-qualifier', 'disabled', 'disabled', true],
  ['sales-process-map', 'highlight-bottlenecks', 'highlightBottlenecks', true],
];

describe('internal/boolean-attribute: "false" is false on every element', () => {
  for (const [tag, attribute, prop] of BOOLEANS) {
    it(`<${tag} ${attribute}>`, () => {
      const el = document.createElement(tag) as HTMLElement & Record<string, unknown>;
      const read = (value: string | null) => {
        if (value === null) el.removeAttribute(attribute);
        else el.setAttribute(attribute, value);
        return el[prop];
      };
      expect(read(''), 'present and empty').to.equal(true);
      expect(read('false'), '"false" (Svelte 5, Vue, templates)').to.equal(false);
      expect(read('true'), '"true"').to.equal(true);
      expect(read(attribute), 'its own name, as XHTML writes it').to.equal(true);
      expect(read(null), 'absent').to.equal(false);
    });
  }

  it('reflects as HTML does: present and empty, or absent', async () => {
    for (const [tag, attribute, prop] of BOOLEANS.filter((b) => b[3])) {
      // A controlled board and funnel (no store): given their data as properties.
      const el = document.createElement(tag) as HTMLElement & Record<string, unknown> & { updateComplete: Promise<unknown> };
      if (tag === 'pipeline-board') Object.assign(el, { pipeline: salesPipeline(), deals: [] });
      document.body.append(el);
      try {
        el[prop] = true;
        await el.updateComplete;
        expect(el.getAttribute(attribute), `${tag} ${attribute} after true`).to.equal('');
        el[prop] = false;
        await el.updateComplete;
        expect(el.hasAttribute(attribute), `${tag} ${attribute} after false`).to.equal(false);
      } finally {
        el.remove();
      }
    }
  });

  it('a board with compact="false" lays its cards out as one without the attribute', async () => {
    const board = (attrs: string) => mount<PipelineBoard>(staticHtml`<pipeline-board ${unsafeStatic(attrs)} .pipeline=${salesPipeline()}
      .deals=${sampleDeals()} .now=${NOW}></pipeline-board>`);
    const padding = async (attrs: string) => {
      const el = await board(attrs);
      await until(() => root(el).querySelector('[part~="card"]') !== null, 3000, 'a card');
      return getComputedStyle(root(el).querySelector('[part~="card"]')!).paddingTop;
    };
    const [plain, no, yes] = [await padding(''), await padding('compact="false"'), await padding('compact')];
    expect(no).to.equal(plain);
    expect(yes).not.to.equal(plain);
  });
});
