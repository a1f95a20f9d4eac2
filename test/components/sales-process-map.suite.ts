/**
 * The sales-process-map contract, reusable against any subclass registered under any tag (STYLE.md
 * habit 8): run it for `sales-process-map` and for a vendor's `acme-process-map`.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { funnelFromDeals, timeInStage } from '../../src/core/funnel.js';
import type { Deal, Pipeline } from '../../src/core/model.js';
import { PROCESS_DECISION_ID, PROCESS_START_ID, processMetrics, type Process } from '../../src/core/process.js';
import { PIPELINE_TEMPLATES, pipelineFromTemplate, stageLabel } from '../../src/core/stages.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { SalesProcessMap } from '../../src/components/sales-process-map/sales-process-map.js';
import { formatNumber, formatPercent } from '../../src/internal/format.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { hold } from '../support/hold.js';
import { generateDataset } from '../generate.js';
import { until } from '../storage/repository-suite.js';

type MapClass = typeof SalesProcessMap;

const NOW = '2026-11-01T09:00:00.000Z';

/** A hand-made process with a branch, a loop back and a blueprint lane on every node. */
export const SUPPORT_PROCESS: Process = {
  nodes: [
    { id: 'start', label: 'Ticket opened', kind: 'start', lane: 'customer' },
    { id: 'triage', label: 'Triage', kind: 'stage' },
    { id: 'known', label: 'Known issue?', kind: 'decision' },
    { id: 'fix', label: 'Investigate & fix', kind: 'stage', lane: 'backstage' },
    { id: 'answer', label: 'Send the answer', kind: 'stage' },
    { id: 'kb', label: 'Knowledge base', kind: 'stage', lane: 'support' },
    { id: 'closed', label: 'Closed', kind: 'end', lane: 'customer' },
  ],
  edges: [
    { from: 'start', to: 'triage' },
    { from: 'triage', to: 'known' },
    { from: 'known', to: 'answer', label: 'yes' },
    { from: 'known', to: 'fix', label: 'no' },
    { from: 'fix', to: 'kb' },
    { from: 'fix', to: 'answer' },
    { from: 'answer', to: 'closed' },
    { from: 'answer', to: 'triage', label: 'reopened' },
  ],
};

/** The generated data set's deals of one template's pipeline. */
export function templateData(template: (typeof PIPELINE_TEMPLATES)[number], locale = 'en'): { pipeline: Pipeline; deals: Deal[] } {
  const data = generateDataset({ templates: [template], deals: 120, locale, seed: 7 });
  const pipeline = data.pipelines[0]!;
  return { pipeline, deals: data.deals.filter((d) => d.pipelineId === pipeline.id) };
}

export const shadow = (el: Element) => el.shadowRoot!;
export const nodes = (el: Element) => [...shadow(el).querySelectorAll<SVGGElement>('[data-node-id]')];
export const nodeById = (el: Element, id: string) => shadow(el).querySelector<SVGGElement>(`[data-node-id="${CSS.escape(id)}"]`);
export const metricsOf = (el: Element, id: string) => shadow(el).querySelector(`[part~="metrics"][data-metrics-for="${CSS.escape(id)}"]`);
export const canvas = (el: Element) => shadow(el).querySelector<SVGGElement>('[part~="canvas"]')!;
const focusedNode = (el: Element) => (shadow(el).activeElement as Element | null)?.getAttribute('data-node-id');
const scale = (el: Element) => Number(/scale\(([\d.]+)\)/.exec(canvas(el).getAttribute('transform') ?? '')?.[1]);

function overlaps(a: DOMRect, b: DOMRect, slack = 0.5): boolean {
  return a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
}

// What decides the size of a line of text, copied onto the unzoomed copy in textBox().
const TEXT_STYLE = ['font-family', 'font-size', 'font-weight', 'font-style', 'font-stretch', 'font-variant', 'font-feature-settings',
  'font-kerning', 'letter-spacing', 'word-spacing', 'text-anchor', 'dominant-baseline', 'alignment-baseline'];

/**
 * The box a line of the map's text takes on screen: the box the browser draws, when it draws the
 * line to scale. Firefox draws a character that no installed font has (Chinese on a machine without
 * a CJK font) as a box of a minimum size on screen, so on a zoomed-out map such a line is drawn
 * wider than the width the browser measures for it, which is all a layout can work with. A line
 * drawn more than one pixel per character wider than the same text, same style, measured unzoomed
 * and then zoomed like the line (rounding each character to whole pixels is within that) is not
 * drawn to scale: its box is that measured one.
 */
function textBox(text: SVGTextElement): DOMRect {
  const drawn = text.getBoundingClientRect();
  const copy = text.cloneNode(true) as SVGTextElement;
  const style = getComputedStyle(text);
  for (const p of TEXT_STYLE) copy.style.setProperty(p, style.getPropertyValue(p));
  text.ownerSVGElement!.append(copy);
  try {
    const m = text.getScreenCTM()!;
    const zoom = Math.hypot(m.a, m.b);
    const excess = (text.getComputedTextLength() - copy.getComputedTextLength()) * zoom;
    if (excess <= [...(text.textContent ?? '')].length) return drawn;
    const b = copy.getBBox();
    const [p, q] = [new DOMPoint(b.x, b.y), new DOMPoint(b.x + b.width, b.y + b.height)].map((c) => c.matrixTransform(m));
    return DOMRect.fromRect({ x: Math.min(p!.x, q!.x), y: Math.min(p!.y, q!.y), width: Math.abs(q!.x - p!.x), height: Math.abs(q!.y - p!.y) });
  } finally {
    copy.remove();
  }
}

/** No two node shapes overlap, and every line of text stays inside its node (whatever fonts the machine has). */
export function expectTidy(el: Element): void {
  const shapes = nodes(el).map((g) => ({ id: g.dataset.nodeId!, box: g.querySelector('.shape')!.getBoundingClientRect(), g }));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      expect(overlaps(shapes[i]!.box, shapes[j]!.box), `${shapes[i]!.id} overlaps ${shapes[j]!.id}`).to.equal(false);
    }
    const meta = metricsOf(el, shapes[i]!.id);
    for (const text of [...shapes[i]!.g.querySelectorAll<SVGTextElement>('text:not(.badge text)'), ...(meta ? [meta as SVGTextElement] : [])]) {
      const t = textBox(text);
      const b = shapes[i]!.box;
      expect(t.left >= b.left - 1 && t.right <= b.right + 1 && t.top >= b.top - 1 && t.bottom <= b.bottom + 1, `text of ${shapes[i]!.id} fits its node`).to.equal(true);
    }
  }
}

export function salesProcessMapSuite(Element: MapClass, tag: string): void {
  const t = unsafeStatic(tag);

  async function make(props: Partial<SalesProcessMap> = {}, attrs = '', locale = 'en'): Promise<SalesProcessMap> {
    const el = await mount<SalesProcessMap>(staticHtml`<${t} style="width: 960px"></${t}>`, { locale });
    for (const a of attrs.split(' ').filter(Boolean)) {
      const [name, value] = a.split('=');
      el.setAttribute(name!, value ?? '');
    }
    Object.assign(el, { now: NOW, ...props });
    expect(await el.layoutComplete).to.equal(true);
    return el;
  }

  describe(`<${tag}>`, () => {
    before(() => {
      Element.define(tag);
      L2cProvider.define();
    });

    it('is accessible in both views, with numbers and the bottleneck marked', async () => {
      const { pipeline, deals } = templateData('l2c');
      const flow = await make({ pipeline, deals, highlightBottlenecks: true });
      expect(flow.localName).to.equal(tag);
      await expect(flow).to.be.accessible();
      const blueprint = await make({ pipeline, deals, highlightBottlenecks: true, view: 'blueprint' });
      await expect(blueprint).to.be.accessible();
      const custom = await make({ process: SUPPORT_PROCESS, view: 'blueprint' });
      await expect(custom).to.be.accessible();
    });

    describe('draws every shipped template', () => {
      for (const template of PIPELINE_TEMPLATES) {
        for (const view of ['flow', 'blueprint'] as const) {
          it(`${template} as a ${view}`, async () => {
            const { pipeline, deals } = templateData(template);
            const el = await make({ pipeline, deals, view });
            const drawn = nodes(el);
            const labels = drawn.map((g) => g.textContent!.replace(/\s+/g, ' ').trim().replace(/ !$/, ''));
            for (const stage of pipeline.stages) expect(labels, stage.id).to.include(stageLabel(stage, 'en'));
            expect(labels[0]).to.equal('Start');
            const hasLost = pipeline.stages.some((s) => s.kind === 'lost');
            // A decision only where there is something to decide (AIDA and 5A have no lost stage).
            expect(!!nodeById(el, PROCESS_DECISION_ID), 'decision').to.equal(hasLost);
            if (hasLost) {
              expect(nodeById(el, PROCESS_DECISION_ID)!.querySelector('polygon.shape'), 'a diamond').to.not.equal(null);
              expect([...shadow(el).querySelectorAll('[part~="edge-label"]')].map((x) => x.textContent)).to.include.members(['yes', 'no']);
            }
            const backs = shadow(el).querySelectorAll('[part~="back-edge"]').length;
            expect(backs > 0, 'back-edges').to.equal(pipeline.policy!.allowBackward);
            if (view === 'blueprint') {
              const lanes = [...shadow(el).querySelectorAll('[part~="lane"]')].map((g) => g.textContent!.replace(/\s+/g, ' ').trim());
              expect(lanes).to.deep.equal(['Physical evidence', 'Customer actions', 'Front-stage', 'Back-stage', 'Support processes']);
              const lines = [...shadow(el).querySelectorAll('[part~="lane-line"]')].map((g) => g.textContent!.replace(/\s+/g, ' ').trim());
              expect(lines).to.deep.equal(['Line of interaction', 'Line of visibility', 'Line of internal interaction']);
              // Every open stage has its customer action and back-stage step, in their lanes.
              for (const s of pipeline.stages.filter((x) => x.kind === 'open')) {
                expect(nodeById(el, `_lane:${s.id}:customer`)?.classList.contains('lane-customer'), s.id).to.equal(true);
                expect(nodeById(el, `_lane:${s.id}:backstage`)?.classList.contains('lane-backstage'), s.id).to.equal(true);
              }
            }
            expectTidy(el);
          });
        }
      }
    });

    it('draws in Chinese', async () => {
      const { pipeline, deals } = templateData('l2c', 'zh-CN');
      const el = await make({ pipeline, deals, view: 'blueprint', highlightBottlenecks: true }, '', 'zh-CN');
      const text = shadow(el).textContent!;
      for (const word of ['有形展示', '客户行为', '前台接触', '后台行为', '支持过程', '互动分界线', '可视分界线', '内部互动线', '开始', '是否赢单？', '线索', '填写表单或回复']) {
        expect(text, word).to.contain(word);
      }
      expect(shadow(el).querySelector('[part~="bottleneck"]:not([data-node-id])')!.textContent).to.match(/^瓶颈：/);
      expect(shadow(el).querySelector('[part~="toolbar"] [part~="zoom-in"]')!.getAttribute('aria-label')).to.equal('放大');
      expectTidy(el);
    });

    it('shows the numbers of the core funnel math on each node', async () => {
      const { pipeline, deals } = templateData('classic');
      const el = await make({ pipeline, deals });
      const funnel = funnelFromDeals(deals, pipeline);
      const times = timeInStage(deals, pipeline, { now: NOW, includeOpen: true });
      pipeline.stages.filter((s) => s.kind === 'open').forEach((stage, i) => {
        const meta = metricsOf(el, stage.id)!.textContent!;
        const conversion = funnel[i + 1]!.stepConversion;
        const days = times[i]!.mean;
        expect(meta, stage.id).to.equal([
          formatNumber(funnel[i]!.count, 'en'),
          conversion === null ? '' : `${formatPercent(conversion, 'en', 0)} →`,
          days === null ? '' : `${formatNumber(days, 'en', 1)} d`,
        ].filter(Boolean).join(' · '));
        expect(nodeById(el, stage.id)!.getAttribute('aria-label')).to.contain(`${funnel[i]!.count} deals reached it`);
      });
      expect(funnel.every((step) => step.count > 0), 'the data reaches every step').to.equal(true);
      const expected = processMetrics(deals, pipeline, { now: NOW });
      expect(metricsOf(el, 'won')!.textContent).to.equal(formatNumber(expected.won!.count, 'en'));
      expect(metricsOf(el, PROCESS_START_ID)!.textContent).to.equal(`${deals.length} · 100% →`);
      expect(shadow(el).querySelector('[part~="legend"]')!.textContent).to.contain('deals · conversion to the next step · average days');
    });

    it('shows numbers given as .metrics, and names bad ones', async () => {
      const el = await make({
        process: SUPPORT_PROCESS,
        metrics: { triage: { count: 120, conversion: 0.25, avgDays: 1.5 }, fix: { count: -3, conversion: 1, avgDays: 1 } } as never,
      });
      expect(metricsOf(el, 'triage')!.textContent).to.equal('120 · 25% → · 1.5 d');
      expect(metricsOf(el, 'fix')).to.equal(null);
      expect(shadow(el).querySelector('[part~="messages"]')!.textContent).to.contain('metrics fix.count must be a number of 0 or more');
    });

    it('fits its width by default with every text at least 12px, top to bottom where left to right would not fit', async () => {
      const { pipeline, deals } = templateData('l2c');
      const el = await make({ pipeline, deals, highlightBottlenecks: true });
      const svg = shadow(el).querySelector('svg')!;
      const k = scale(el);
      expect(k, 'drawn at full size').to.equal(1);
      const box = svg.getBoundingClientRect();
      expect(Math.round(canvas(el).getBoundingClientRect().width)).to.be.at.most(Math.round(box.width));
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * k);
      expect(sizes.length).to.be.greaterThan(10);
      expect(Math.min(...sizes)).to.be.at.least(12);
      // Ten stages side by side would not fit 960px at full size: the flow runs top to bottom.
      expect(nodeById(el, 'contract')!.getBoundingClientRect().top).to.be.greaterThan(nodeById(el, 'lead')!.getBoundingClientRect().bottom);
      // A wide element keeps left to right.
      el.style.width = '4000px';
      await until(() => nodeById(el, 'contract')!.getBoundingClientRect().left > nodeById(el, 'lead')!.getBoundingClientRect().right, 3000, 'left to right');
    });

    it('draws lost deals leaving from the stage they were lost in, and weighs the close in the bottleneck', async () => {
      const pipeline = pipelineFromTemplate('l2c', { currency: 'USD' });
      const at = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();
      const path = ['lead', 'nurturing', 'qualified', 'presentation', 'needs-analysis', 'negotiation', 'objection-handling', 'contract'];
      const lostIn = (id: string, stage: string): Deal => ({
        id, title: id, value: 10, currency: 'USD', pipelineId: 'l2c', stageId: 'lost', status: 'lost', createdAt: at(40), updatedAt: at(1),
        history: [...path.slice(0, path.indexOf(stage) + 1).map((s, i) => ({ stageId: s, enteredAt: at(40 - i * 4), leftAt: at(36 - i * 4) })), { stageId: 'lost', enteredAt: at(2) }],
      });
      const won = (id: string): Deal => ({
        id, title: id, value: 10, currency: 'USD', pipelineId: 'l2c', stageId: 'won', status: 'won', createdAt: at(40), updatedAt: at(1),
        history: [...path.map((s, i) => ({ stageId: s, enteredAt: at(40 - i * 4), leftAt: at(36 - i * 4) })), { stageId: 'won', enteredAt: at(8) }],
      });
      const deals = [lostIn('a', 'qualified'), lostIn('b', 'qualified'), lostIn('c', 'lead'), lostIn('d', 'contract'), lostIn('e', 'contract'), lostIn('f', 'contract'), won('w')];
      const el = await make({ pipeline, deals, highlightBottlenecks: true });
      const labels = [...shadow(el).querySelectorAll('[part~="edge-label"]')].map((x) => x.textContent!.trim());
      expect(labels).to.include.members(['lost (2)', 'lost (1)']);
      // Three lost in Contract and one won came to the close: a quarter of them won.
      expect(metricsOf(el, PROCESS_DECISION_ID)!.textContent).to.match(/^4 · 25% →/);
      // Numbers where the close is the worst step: it is marked, and the sentence says it was the close.
      el.metrics = { lead: { count: 10, conversion: 0.6, avgDays: 2 }, contract: { count: 4, conversion: 0.5, avgDays: 3 }, [PROCESS_DECISION_ID]: { count: 4, conversion: 0.25, avgDays: 30 } };
      await el.layoutComplete;
      expect(shadow(el).querySelector('p[part~="bottleneck"]')!.textContent).to.equal('Bottleneck: the close (Won?), where only 25% of the deals that get there are won.');
      expect(nodeById(el, PROCESS_DECISION_ID)!.getAttribute('part')).to.contain('bottleneck');
    });

    it('marks the bottleneck and says why, visibly and to assistive technology', async () => {
      const el = await make({
        process: SUPPORT_PROCESS,
        metrics: { triage: { count: 100, conversion: 0.9, avgDays: 1 }, fix: { count: 40, conversion: 0.35, avgDays: 6 }, answer: { count: 90, conversion: 0.8, avgDays: 0.5 } },
        highlightBottlenecks: true,
      });
      const node = nodeById(el, 'fix')!;
      expect(node.getAttribute('part')).to.contain('bottleneck');
      expect(nodes(el).filter((g) => g.getAttribute('part')!.includes('bottleneck'))).to.have.length(1);
      const sentence = 'Bottleneck: Investigate & fix, with the lowest conversion to the next step (35%).';
      const text = shadow(el).querySelector('p[part~="bottleneck"]')!;
      expect(text.textContent).to.equal(sentence);
      expect(text.getBoundingClientRect().height).to.be.greaterThan(0);
      const svg = shadow(el).querySelector('svg')!;
      expect(svg.getAttribute('aria-describedby')!.split(' ')).to.include(text.id);
      expect(node.getAttribute('aria-label')).to.contain(sentence);
      // Without conversions, the longest average stay.
      el.metrics = { triage: { count: 100, conversion: null, avgDays: 1 }, answer: { count: 90, conversion: null, avgDays: 4.25 } };
      await el.layoutComplete;
      expect(shadow(el).querySelector('p[part~="bottleneck"]')!.textContent).to.equal('Bottleneck: Send the answer, where deals stay longest (4.3 d on average).');
      el.highlightBottlenecks = false;
      await el.layoutComplete;
      expect(shadow(el).querySelector('[part~="bottleneck"]')).to.equal(null);
    });

    it('follows the edges with the arrow keys and selects with Enter', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('five-phase'), deals: [], direction: 'LR' });
      const selected: string[] = [];
      el.addEventListener('node-selected', (e) => selected.push(e.detail.nodeId));
      expect(nodes(el).filter((g) => g.getAttribute('tabindex') === '0').map((g) => g.dataset.nodeId)).to.deep.equal([PROCESS_START_ID]);
      nodeById(el, PROCESS_START_ID)!.focus();
      await sendKeys({ press: 'ArrowLeft' });
      expect(focusedNode(el)).to.equal(PROCESS_START_ID);
      await until(() => shadow(el).querySelector('[role="status"]')!.textContent === 'No step comes before this one.', 2000, 'the announcement');
      const path: string[] = [];
      for (let i = 0; i < 6; i++) {
        await sendKeys({ press: 'ArrowRight' });
        path.push(focusedNode(el)!);
      }
      expect(path).to.deep.equal(['contact', 'needs-analysis', 'quote-negotiation', 'contract-delivery', 'after-sales', PROCESS_DECISION_ID]);
      // Two ways on from the decision: right takes the first (yes, won), down the lower one (lost).
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedNode(el)).to.equal('lost');
      await sendKeys({ press: 'ArrowLeft' });
      expect(focusedNode(el)).to.equal(PROCESS_DECISION_ID);
      await sendKeys({ press: 'ArrowRight' });
      expect(focusedNode(el)).to.equal('won');
      expect(nodes(el).filter((g) => g.getAttribute('tabindex') === '0').map((g) => g.dataset.nodeId)).to.deep.equal(['won']);
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Home' });
      expect(focusedNode(el)).to.equal(PROCESS_START_ID);
      await sendKeys({ press: ' ' });
      expect(selected).to.deep.equal(['won', PROCESS_START_ID]);
      // A click selects too.
      nodeById(el, 'contact')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      expect(selected.at(-1)).to.equal('contact');
    });

    it('moves between lanes with up and down in the blueprint', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('l2c'), deals: [], view: 'blueprint' });
      await el.focusNode('qualified');
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedNode(el)).to.equal('_lane:qualified:backstage');
      await sendKeys({ press: 'ArrowDown' });
      expect(focusedNode(el)).to.equal('_lane:qualified:support');
      await el.focusNode('qualified');
      await sendKeys({ press: 'ArrowUp' });
      expect(focusedNode(el)).to.equal('_lane:qualified:customer');
      await sendKeys({ press: 'ArrowUp' });
      expect(focusedNode(el)).to.equal('_lane:qualified:evidence');
      await el.focusNode('qualified');
      await sendKeys({ press: 'ArrowLeft' });
      expect(focusedNode(el)).to.equal('nurturing');
      await sendKeys({ press: 'ArrowRight' });
      expect(focusedNode(el)).to.equal('qualified');
    });

    it('zooms with + and -, fits again with 0, and with the toolbar', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('aida'), deals: [] });
      const fitted = scale(el);
      expect(fitted).to.be.greaterThan(0);
      nodeById(el, PROCESS_START_ID)!.focus();
      await sendKeys({ press: '+' });
      await el.updateComplete;
      expect(scale(el)).to.be.closeTo(fitted * 1.25, 0.001);
      expect(shadow(el).querySelector('[role="status"]')!.textContent).to.match(/^Zoom \d+%$/);
      await sendKeys({ press: '-' });
      await sendKeys({ press: '-' });
      await el.updateComplete;
      expect(scale(el)).to.be.closeTo(fitted / 1.25, 0.001);
      await sendKeys({ press: '0' });
      await el.updateComplete;
      expect(scale(el)).to.be.closeTo(fitted, 0.001);
      shadow(el).querySelector<HTMLButtonElement>('[part~="zoom-in"]')!.click();
      await el.updateComplete;
      expect(scale(el)).to.be.closeTo(fitted * 1.25, 0.001);
      shadow(el).querySelector<HTMLButtonElement>('[part~="zoom-reset"]')!.click();
      await el.updateComplete;
      expect(scale(el)).to.be.closeTo(fitted, 0.001);
    });

    it('zooms with Ctrl + wheel (a plain wheel scrolls the page) and pans by dragging', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('aida'), deals: [] });
      const viewport = shadow(el).querySelector('[part~="viewport"]')!;
      const before = canvas(el).getAttribute('transform');
      const box = viewport.getBoundingClientRect();
      const plain = new WheelEvent('wheel', { deltaY: -100, clientX: box.left + 50, clientY: box.top + 50, bubbles: true, cancelable: true });
      viewport.dispatchEvent(plain);
      await el.updateComplete;
      expect(canvas(el).getAttribute('transform')).to.equal(before);
      expect(plain.defaultPrevented).to.equal(false);
      const zoom = new WheelEvent('wheel', { deltaY: -100, ctrlKey: true, clientX: box.left + 50, clientY: box.top + 50, bubbles: true, cancelable: true });
      viewport.dispatchEvent(zoom);
      await el.updateComplete;
      expect(zoom.defaultPrevented).to.equal(true);
      expect(scale(el)).to.be.greaterThan(Number(/scale\(([\d.]+)\)/.exec(before!)![1]));
      const moved = canvas(el).getAttribute('transform');
      const pointer = (type: string, x: number) => new PointerEvent(type, { pointerId: 7, button: 0, clientX: box.left + x, clientY: box.top + 40, bubbles: true, composed: true });
      viewport.dispatchEvent(pointer('pointerdown', 100));
      viewport.dispatchEvent(pointer('pointermove', 160));
      viewport.dispatchEvent(pointer('pointerup', 160));
      await el.updateComplete;
      const [x0] = /translate\((-?[\d.]+)/.exec(moved!)!.slice(1).map(Number);
      const [x1] = /translate\((-?[\d.]+)/.exec(canvas(el).getAttribute('transform')!)!.slice(1).map(Number);
      expect(x1! - x0!).to.be.closeTo(60, 0.01);
    });

    it('exports a standalone SVG that parses and holds every label', async () => {
      const process: Process = {
        nodes: [
          { id: 'a', label: 'Start <here> & "now"', kind: 'start' },
          { id: 'b', label: "O'Brien\u0007 review", kind: 'stage' },
          { id: 'c', label: '签约', kind: 'end' },
        ],
        edges: [{ from: 'a', to: 'b', label: '<go>' }, { from: 'b', to: 'c' }, { from: 'b', to: 'a', label: 'back' }],
      };
      for (const view of ['flow', 'blueprint'] as const) {
        const el = await make({ process, view, label: 'Export <test>' });
        const text = el.toSVG();
        expect(text).to.not.match(/<script|\son[a-z]+=|\sstyle=/i);
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        expect(doc.querySelector('parsererror'), view).to.equal(null);
        const root = doc.documentElement;
        expect(root.localName).to.equal('svg');
        expect(root.namespaceURI).to.equal('http://www.w3.org/2000/svg');
        expect(root.getAttribute('viewBox')).to.match(/^0 0 \d+ \d+$/);
        expect(doc.querySelector('title')!.textContent).to.equal('Export <test>');
        const texts = [...doc.querySelectorAll('text')].map((x) => x.textContent).join(' ');
        for (const label of ['Start <here> & "now"', "O'Brien review", '签约', '<go>']) expect(texts, label).to.contain(label);
        expect(doc.querySelector('rect')!.getAttribute('fill')).to.match(/^(#|rgb)/);
        if (view === 'blueprint') expect(texts).to.contain('Line of visibility');
      }
      const { pipeline, deals } = templateData('l2c');
      const el = await make({ pipeline, deals, highlightBottlenecks: true });
      const doc = new DOMParser().parseFromString(el.toSVG(), 'image/svg+xml');
      expect(doc.querySelector('parsererror')).to.equal(null);
      const texts = [...doc.querySelectorAll('text')].map((x) => x.textContent).join(' ');
      for (const g of nodes(el)) for (const line of g.querySelectorAll('.label')) expect(texts).to.contain(line.textContent!);
      expect(doc.querySelector('desc')!.textContent).to.match(/^Bottleneck: /);
    });

    it('names bad process input and draws the valid part', async () => {
      const el = await make({
        process: {
          nodes: [
            { id: 'a', label: 'Start', kind: 'start' },
            { id: 'b', label: 'Call', kind: 'call' },
            { id: 'c', label: 'Done', kind: 'end' },
          ],
          edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'c', to: 'zzz' }],
        } as never,
      });
      const messages = shadow(el).querySelector('[part~="messages"]')!.textContent!;
      expect(messages).to.contain('3 problems in the process; the rest is drawn.');
      expect(messages).to.contain('nodes[1].kind (node "b"): "call" is not start, stage, decision or end; the node is left out.');
      expect(messages).to.contain('edges[0].to: node "b" is invalid; the edge is left out.');
      expect(messages).to.contain('edges[2].to: "zzz" is not a node; the edge is left out.');
      expect(nodes(el).map((g) => g.dataset.nodeId)).to.deep.equal(['a', 'c']);
      el.process = { nodes: [{ id: 'x', label: 'X', kind: 'rhombus' }], edges: [] } as never;
      await el.updateComplete;
      expect(shadow(el).querySelector('[part~="messages"]')!.textContent).to.contain('nodes[0].kind (node "x"): "rhombus" is not start');
      expect(shadow(el).querySelector('[part~="status"]')!.textContent).to.contain('Nothing to draw yet');
      el.process = 42 as never;
      await el.updateComplete;
      expect(shadow(el).querySelector('[part~="messages"]')!.textContent).to.contain('The process must be an object with nodes and edges.');
      el.process = undefined;
      el.pipeline = { id: 'p', name: 'Broken', stages: [{ id: 'a', label: 'A', kind: 'open', probability: 7 }] } as Pipeline;
      el.deals = [];
      await el.layoutComplete;
      expect(shadow(el).querySelector('[part~="messages"]')!.textContent).to.contain("The pipeline's stages[0].probability");
      expect(nodeById(el, 'a')).to.not.equal(null);
    });

    it('draws a process of its own in lanes and as a top-to-bottom flowchart', async () => {
      const el = await make({ process: SUPPORT_PROCESS, view: 'blueprint' });
      expect(nodeById(el, 'known')!.classList.contains('lane-backstage'), 'decisions default to back-stage').to.equal(true);
      expect(nodeById(el, 'triage')!.classList.contains('lane-frontstage'), 'stages default to front-stage').to.equal(true);
      expect(nodeById(el, 'start')!.classList.contains('lane-customer')).to.equal(true);
      expect(shadow(el).querySelectorAll('[part~="back-edge"]')).to.have.length(1);
      expectTidy(el);
      el.view = 'flow';
      el.direction = 'TB';
      await el.layoutComplete;
      const y = (id: string) => nodeById(el, id)!.getBoundingClientRect().top;
      expect(y('start')).to.be.lessThan(y('triage'));
      expect(y('triage')).to.be.lessThan(y('known'));
      expect(y('answer')).to.be.lessThan(y('closed'));
      expectTidy(el);
      expect(el.repository, 'a map drawn from .process opens no database').to.equal(undefined);
    });

    it('reads the pipeline and its deals from the provider, and follows changes', async () => {
      const repo = new MemoryRepository();
      const { pipeline, deals } = templateData('five-phase');
      await repo.pipelines.put(pipeline);
      await repo.deals.putMany(deals.slice(0, 50));
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id=${pipeline.id} style="width: 900px"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as SalesProcessMap;
      el.now = NOW;
      await until(() => nodeById(el, 'contact') !== null, 3000, 'the pipeline to be drawn');
      const count = () => metricsOf(el, 'contact')!.textContent!.split(' · ')[0];
      await until(() => count() === String(funnelFromDeals(deals.slice(0, 50), pipeline)[0]!.count), 3000, 'the numbers');
      await repo.deals.putMany(deals.slice(50));
      await until(() => count() === String(funnelFromDeals(deals, pipeline)[0]!.count), 3000, 'the new deals to count');
      el.pipelineId = 'nope';
      await until(() => shadow(el).textContent!.includes('There is no pipeline "nope".'), 3000, 'the missing pipeline message');
    });

    it('shows the loading state, not the old pipeline, until a new pipeline-id is read; layoutComplete waits for it', async () => {
      const repo = new MemoryRepository();
      const a = templateData('five-phase');
      const b = templateData('aida');
      await repo.pipelines.putMany([a.pipeline, b.pipeline]);
      await repo.deals.putMany([...a.deals, ...b.deals.map((d) => ({ ...d, id: `aida-${d.id}` }))]);
      // The new pipeline's deals take a while to read, as IndexedDB's or a server's may.
      const read = hold(repo.deals, 'list', (query) => query?.where?.pipelineId === b.pipeline.id);
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id=${a.pipeline.id} .now=${NOW} style="width: 960px"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as SalesProcessMap;
      expect(await el.layoutComplete).to.equal(true);
      expect(nodeById(el, 'contact')).to.not.equal(null);
      el.pipelineId = b.pipeline.id;
      await el.updateComplete;
      // While the new pipeline is read, nothing of the old one is shown or can be clicked.
      expect(nodes(el)).to.have.length(0);
      expect(shadow(el).querySelector('[part~="status"]')!.textContent).to.equal('Loading…');
      let complete = false;
      const layout = el.layoutComplete.then((done) => { complete = true; return done; });
      await until(() => read.asked, 3000, 'the new pipeline\'s deals to be read');
      await el.updateComplete;
      expect(complete, 'layoutComplete waits for the deals').to.equal(false);
      expect(shadow(el).querySelector('[part~="status"]')!.textContent).to.equal('Loading…');
      read.release();
      expect(await layout).to.equal(true);
      expect(nodeById(el, 'contact')).to.equal(null);
      expect(nodeById(el, 'awareness')).to.not.equal(null);
      expect(metricsOf(el, 'awareness')!.textContent!.split(' · ')[0]).to.equal(formatNumber(funnelFromDeals(b.deals, b.pipeline)[0]!.count, 'en'));
      const doc = new DOMParser().parseFromString(el.toSVG(), 'image/svg+xml');
      expect(doc.querySelector('title')!.textContent).to.equal(`Process flowchart: ${b.pipeline.name}`);
      const texts = [...doc.querySelectorAll('text')].map((x) => x.textContent).join(' ');
      expect(texts).to.contain('Awareness');
      expect(texts).to.not.contain('Needs analysis');
    });

    it('waits for a pipeline read from storage when its drawing code is already on the page (layoutComplete, focusNode)', async () => {
      // Another map on the page has loaded the drawing code.
      await make({ process: SUPPORT_PROCESS });
      const repo = new MemoryRepository();
      const { pipeline, deals } = templateData('five-phase');
      await repo.pipelines.put(pipeline);
      await repo.deals.putMany(deals);
      // The deals take a while to read, as IndexedDB's or a server's may.
      const read = hold(repo.deals, 'list');
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}>
        <${t} pipeline-id=${pipeline.id} .now=${NOW} style="width: 960px"></${t}><${t} pipeline-id=${pipeline.id} .now=${NOW} style="width: 960px"></${t}>
      </l2c-provider>`);
      const [el, other] = [...provider.querySelectorAll(tag)] as SalesProcessMap[];
      // Focusing a node at once waits for the map as well.
      const focusing = other!.focusNode('needs-analysis');
      const layout = el!.layoutComplete;
      await until(() => read.asked, 3000, 'the deals to be read');
      read.release();
      expect(await layout).to.equal(true);
      for (const stage of pipeline.stages) expect(nodeById(el!, stage.id), stage.id).to.not.equal(null);
      expect(metricsOf(el!, 'contact')!.textContent!.split(' · ')[0]).to.equal(formatNumber(funnelFromDeals(deals, pipeline)[0]!.count, 'en'));
      await focusing;
      expect(focusedNode(other!)).to.equal('needs-analysis');
    });

    it('fits the page when printed', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('l2c'), deals: [], direction: 'LR' });
      const svg = shadow(el).querySelector('svg')!;
      window.dispatchEvent(new Event('beforeprint'));
      await el.updateComplete;
      expect(svg.getAttribute('viewBox')).to.match(/^0 0 \d+ \d+$/);
      expect(canvas(el).getAttribute('transform')).to.equal('');
      const [, , w] = svg.getAttribute('viewBox')!.split(' ').map(Number);
      expect(w).to.be.greaterThan(900);
      window.dispatchEvent(new Event('afterprint'));
      await el.updateComplete;
      expect(canvas(el).getAttribute('transform')).to.match(/scale/);
    });

    it('exposes parts and tokens for theming', async () => {
      const el = await make({ pipeline: pipelineFromTemplate('l2c'), deals: [], view: 'blueprint' });
      for (const part of ['base', 'toolbar', 'viewport', 'svg', 'canvas', 'lane', 'lane-label', 'lane-line', 'edge', 'back-edge', 'edge-label', 'node', 'node-start', 'node-decision', 'node-end']) {
        expect(shadow(el).querySelector(`[part~="${part}"]`), part).to.not.equal(null);
      }
      el.style.setProperty('--l2c-sales-process-map-node-fill', 'rgb(1, 2, 3)');
      expect(getComputedStyle(nodeById(el, 'lead')!.querySelector('.shape')!).fill).to.equal('rgb(1, 2, 3)');
      expect(el.toSVG()).to.contain('fill="rgb(1, 2, 3)"');
    });
  });
}
