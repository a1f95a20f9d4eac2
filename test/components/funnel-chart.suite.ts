/**
 * The funnel-chart contract, reusable against any subclass registered under any tag (STYLE.md
 * habit 8): run it for `funnel-chart` and for a vendor's `acme-funnel`.
 */
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import { html } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import {
  funnelFromCounts, funnelFromDeals, planFromFunnel, ratesFromFunnel, reversePlan, whatIf, type FunnelStep,
} from '../../src/core/funnel.js';
import type { Deal, Pipeline } from '../../src/core/model.js';
import type { FunnelChart } from '../../src/components/funnel-chart/funnel-chart.js';
import type { StageInput } from '../../src/components/funnel-chart/funnel-data.js';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { formatMoney, formatNumber, formatPercent } from '../../src/internal/format.js';
import { TOKENS } from '../../src/internal/tokens.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { captureDownloads } from '../support/downloads.js';
import { hold, type Held } from '../support/hold.js';
import { deal, until } from '../storage/repository-suite.js';

/** A funnel with a zero stage and two non-monotone steps (growth after zero, growth after 50). */
export const ODD_STAGES: StageInput[] = [
  { id: 'lead', label: 'Leads', count: 1000, value: 500_000 },
  { id: 'mql', label: 'MQLs', count: 400, value: 240_000 },
  { id: 'sql', label: 'SQLs', count: 0 },
  { id: 'opp', label: 'Opportunities', count: 50, value: 100_000 },
  { id: 'won', label: 'Won', count: 60, value: 90_000 },
];

/** A monotone funnel for the planner: average won deal 25,000. */
export const PLAN_STAGES: StageInput[] = [
  { id: 'lead', label: 'Leads', count: 2000 },
  { id: 'mql', label: 'MQLs', count: 500 },
  { id: 'sql', label: 'SQLs', count: 200 },
  { id: 'won', label: 'Deals won', count: 40, value: 1_000_000 },
];

const PIPELINE: Pipeline = {
  id: 'p1',
  name: 'Test pipeline',
  currency: 'EUR',
  stages: [
    { id: 's1', label: 'First call', kind: 'open', probability: 0.1 },
    { id: 's2', label: 'Demo', kind: 'open', probability: 0.4 },
    { id: 's3', label: 'Proposal', kind: 'open', probability: 0.7 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

const T = '2026-05-01T10:00:00.000Z';
const visit = (stageId: string) => ({ stageId, enteredAt: T });

/** Deals of PIPELINE; d4 skipped s2, so strict and any-stage counts differ. */
function pipelineDeals(): Deal[] {
  return [
    deal('d1', { stageId: 's1', value: 100, history: [visit('s1')] }),
    deal('d2', { stageId: 's2', value: 200, history: [visit('s1'), visit('s2')] }),
    deal('d3', { stageId: 'won', status: 'won', value: 300, history: [visit('s1'), visit('s2'), visit('s3'), visit('won')] }),
    deal('d4', { stageId: 's3', value: 400, history: [visit('s1'), visit('s3')] }),
  ];
}

/**
 * A repository holding PIPELINE and its deals, whose deals take a while to read, as IndexedDB's or
 * a server's may: every read of them waits for `read.release()`.
 */
async function slowRepository(): Promise<{ repo: MemoryRepository; read: Held }> {
  const repo = new MemoryRepository();
  await repo.pipelines.put(PIPELINE);
  await repo.deals.putMany(pipelineDeals());
  return { repo, read: hold(repo.deals, 'list') };
}

/** Paints a PNG blob on a canvas, to count its pixels. */
async function canvasOf(blob: Blob): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  return canvas;
}

const root = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const segments = (el: Element) => [...root(el).querySelectorAll<HTMLButtonElement>('[part~="segment"]')];

/** The data table's body as text, one array of cells per row (row header first). */
function tableRows(el: Element, name = 'table'): string[][] {
  return [...root(el).querySelectorAll(`[part="${name}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim()));
}

function tableHeaders(el: Element): string[] {
  return [...root(el).querySelectorAll('[part="table"] thead th')].map((th) => th.textContent!.trim());
}

/** The table rows the core's steps call for, formatted as the element formats them (en, USD). */
function expectedRows(steps: FunnelStep[], withValue: boolean): string[][] {
  return steps.map((s, i) => [
    ODD_STAGES[i]?.label ?? s.id,
    formatNumber(s.count, 'en', 2),
    ...(withValue ? [ODD_STAGES[i]?.value === undefined ? '—' : formatMoney(s.value, 'USD', 'en')] : []),
    formatPercent(s.stepConversion, 'en', 1),
    formatPercent(s.cumulativeConversion, 'en', 1),
    s.dropOff === null ? '—' : formatNumber(s.dropOff, 'en', 2),
    formatPercent(s.dropOffRate, 'en', 1),
  ]);
}

/** Pixels of the canvas within 3 of `hex` on every channel. */
function pixelsOf(canvas: HTMLCanvasElement, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 250 && Math.abs(data[i]! - r) <= 3 && Math.abs(data[i + 1]! - g) <= 3 && Math.abs(data[i + 2]! - b) <= 3) n++;
  }
  return n;
}

/** Records the text drawn on any canvas while `run` runs. */
async function drawnText(run: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  const proto = CanvasRenderingContext2D.prototype;
  const original = proto.fillText;
  proto.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
    texts.push(text);
    return maxWidth === undefined ? original.call(this, text, x, y) : original.call(this, text, x, y, maxWidth);
  };
  try {
    await run();
  } finally {
    proto.fillText = original;
  }
  return texts;
}

/** Runs the funnel-chart contract against `Element` registered as `tag`. */
export function funnelChartSuite(Element: typeof FunnelChart, tag: string): void {
  const t = unsafeStatic(tag);

  async function chart(stages: StageInput[] | undefined, attrs: Partial<Record<'mode' | 'percent' | 'orientation' | 'target', string>> & { planner?: boolean; showTable?: boolean } = {}, locale = 'en'): Promise<FunnelChart> {
    const el = await mount<FunnelChart>(staticHtml`<${t} .stages=${stages} mode=${attrs.mode ?? 'count'} percent=${attrs.percent ?? 'top'}
      orientation=${attrs.orientation ?? 'vertical'} target=${attrs.target ?? ''} ?planner=${attrs.planner ?? false}
      ?show-table=${attrs.showTable ?? false}></${t}>`, { locale });
    // The chart loads when visible: a second element in one test may start below the fold.
    el.scrollIntoView();
    expect(await el.whenChartDrawn(), 'the chart is drawn').to.equal(true);
    await el.updateComplete;
    return el;
  }

  describe(`<${tag}>`, () => {
    before(() => {
      L2cProvider.define();
      Element.define(tag);
    });

    it('is accessible with its table shown and with the planner', async () => {
      const el = await chart(ODD_STAGES, { showTable: true });
      await expect(el).to.be.accessible();
      const planned = await chart(PLAN_STAGES, { planner: true, target: '500000' });
      await expect(planned).to.be.accessible();
    });

    it('shows in its table exactly the core figures, zero and non-monotone stages included', async () => {
      const el = await chart(ODD_STAGES, { showTable: true });
      const steps = funnelFromCounts(ODD_STAGES.map(({ id, count, value }) => ({ id, count, value })));
      // Hyphens are non-breaking (U+2011) so a narrow column never splits "Drop-off".
      expect(tableHeaders(el)).to.deep.equal(['Stage', 'Count', 'Value', 'Step conversion', 'Cumulative conversion', 'Drop\u2011off', 'Drop\u2011off rate']);
      expect(tableRows(el)).to.deep.equal(expectedRows(steps, true));
      // The same facts, spelled out: a zero denominator is "—", growth is a negative drop-off.
      expect(tableRows(el)[1]).to.deep.equal(['MQLs', '400', '$240,000', '40%', '40%', '600', '60%']);
      expect(tableRows(el)[3]).to.deep.equal(['Opportunities', '50', '$100,000', '—', '5%', '-50', '—']);
      expect(tableRows(el)[4]).to.deep.equal(['Won', '60', '$90,000', '120%', '6%', '-10', '-20%']);
      expect(part(el, 'table')!.parentElement!.classList.contains('visually-hidden')).to.equal(false);
    });

    it('keeps the table for assistive technology but hides it visually without show-table', async () => {
      const el = await chart(ODD_STAGES);
      const table = part(el, 'table')!;
      expect(table.parentElement!.getBoundingClientRect().width).to.be.at.most(1);
      expect(tableRows(el)).to.have.length(5);
      part(el, 'table-toggle')!.click();
      await el.updateComplete;
      expect(el.showTable).to.equal(true);
      expect(part(el, 'table-toggle')!.getAttribute('aria-pressed')).to.equal('true');
      expect(table.parentElement!.getBoundingClientRect().width).to.be.above(100);
    });

    it('labels the bars and the gaps with the core figures, and names each segment with all of them', async () => {
      let el!: FunnelChart;
      const texts = await drawnText(async () => {
        el = await chart(ODD_STAGES);
        await el.toPNG(); // settles any animation, so the final frame's text is recorded too
      });
      const steps = funnelFromCounts(ODD_STAGES.map(({ id, count, value }) => ({ id, count, value })));
      for (const s of steps) expect(texts, `bar ${s.id}`).to.include(formatPercent(s.cumulativeConversion, 'en', 1));
      // Between bars: the change from the previous stage, as amount and share.
      expect(texts).to.include('−600  ·  −60%');
      expect(texts).to.include('+50  ·  —');
      expect(texts).to.include('+10  ·  +20%');
      // Axis labels: the stage and its figure.
      for (const s of ODD_STAGES) expect(texts).to.include(s.label!);
      const names = segments(el).map((b) => b.getAttribute('aria-label'));
      expect(names).to.have.length(5);
      expect(names[0]).to.equal('Leads: 1,000, 100% of the first stage');
      expect(names[2]).to.equal('SQLs: 0, 0% of the previous stage, 0% of the first stage, change −400');
      expect(names[3]).to.equal('Opportunities: 50, — of the previous stage, 5% of the first stage, change +50');
      expect(root(el).querySelector('canvas')!.getAttribute('aria-label')).to.equal(
        'Funnel chart with 5 stages, from Leads (1,000) to Won (60); 6% of the first stage reached the last.');
    });

    it('shows step conversion on the bars with percent="previous"', async () => {
      let el!: FunnelChart;
      const texts = await drawnText(async () => {
        el = await chart(PLAN_STAGES, { percent: 'previous' });
        await el.toPNG();
      });
      expect(texts).to.include('25%'); // 500 / 2000
      expect(texts).to.include('20%'); // 40 / 200
      expect(texts).not.to.include('100%'); // the first stage has no previous one
      expect(part(el, 'legend')!.textContent).to.contain('conversion from the previous stage');
    });

    it('measures by value with mode="value": sizes, conversions and drop-off of the values', async () => {
      const el = await chart(ODD_STAGES, { mode: 'value', showTable: true });
      const byValue = funnelFromCounts(ODD_STAGES.map((s) => ({ id: s.id, count: s.value ?? 0 })));
      expect(root(el).querySelector('caption')!.textContent).to.contain('by value');
      const rows = tableRows(el);
      byValue.forEach((s, i) => {
        expect(rows[i]![3]).to.equal(formatPercent(s.stepConversion, 'en', 1));
        expect(rows[i]![4]).to.equal(formatPercent(s.cumulativeConversion, 'en', 1));
        expect(rows[i]![5]).to.equal(s.dropOff === null ? '—' : formatMoney(s.dropOff, 'USD', 'en'));
      });
      expect(rows[1]![4]).to.equal('48%'); // 240,000 of 500,000
    });

    it('draws the bars in the chart token colours, vertical and horizontal', async () => {
      for (const orientation of ['vertical', 'horizontal']) {
        const el = await chart(PLAN_STAGES, { orientation });
        const canvas = root(el).querySelector('canvas')!;
        expect(canvas.width).to.be.above(100);
        for (const token of ['chart-1', 'chart-2', 'chart-3', 'chart-4'] as const) {
          expect(pixelsOf(canvas, TOKENS[token]), `${orientation}: ${token} pixels`).to.be.above(50);
        }
        expect(pixelsOf(canvas, TOKENS['chart-5']), 'no fifth stage, no fifth colour').to.equal(0);
      }
    });

    it('follows a theme change of the chart tokens', async () => {
      const el = await chart(PLAN_STAGES);
      const canvas = root(el).querySelector('canvas')!;
      expect(pixelsOf(canvas, '#ff0000')).to.equal(0);
      el.parentElement!.style.setProperty('--l2c-chart-1', '#ff0000');
      await until(() => pixelsOf(canvas, '#ff0000') > 50, 3000, 'the new colour to be drawn');
      await el.whenChartDrawn();
    });

    it('puts one focusable segment per stage over the chart, moved through with the arrow keys', async () => {
      const el = await chart(PLAN_STAGES);
      const buttons = segments(el);
      expect(buttons.map((b) => b.dataset.stageId)).to.deep.equal(['lead', 'mql', 'sql', 'won']);
      expect(buttons.map((b) => b.tabIndex)).to.deep.equal([0, -1, -1, -1]);
      const picked: string[] = [];
      el.addEventListener('stage-selected', (e) => picked.push(e.detail.stageId));
      // Tab from the last toolbar button reaches the segments, as a keyboard user gets there.
      part(el, 'csv-button')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement).to.equal(buttons[0]);
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(root(el).activeElement).to.equal(segments(el)[1]);
      expect(getComputedStyle(segments(el)[1]!).outlineStyle).not.to.equal('none');
      await sendKeys({ press: 'End' });
      expect(root(el).activeElement).to.equal(segments(el)[3]);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(picked).to.deep.equal(['won']);
      expect(el.selected).to.equal('won');
      expect(segments(el)[3]!.getAttribute('aria-pressed')).to.equal('true');
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: ' ' });
      expect(picked).to.deep.equal(['won', 'sql']);
    });

    it('fires stage-selected, bubbling and composed, when a segment is clicked', async () => {
      const el = await chart(PLAN_STAGES);
      const heard: Array<{ id: string; composed: boolean }> = [];
      document.body.addEventListener('stage-selected', (e) => heard.push({ id: e.detail.stageId, composed: e.composed }), { once: true });
      const box = segments(el)[1]!.getBoundingClientRect();
      // A real mouse click at the centre of the second bar lands on its button.
      await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
      await sendMouse({ type: 'move', position: [0, 0] });
      expect(heard).to.deep.equal([{ id: 'mql', composed: true }]);
      expect(el.selected).to.equal('mql');
    });

    it('draws again after being moved in the page', async () => {
      const el = await chart(PLAN_STAGES);
      const parent = el.parentElement!;
      el.remove();
      await el.updateComplete;
      parent.append(el);
      expect(await el.whenChartDrawn()).to.equal(true);
      await el.updateComplete;
      expect(segments(el)).to.have.length(4);
      expect(pixelsOf(root(el).querySelector('canvas')!, TOKENS['chart-1'])).to.be.above(50);
    });

    it('draws without animation when the user prefers reduced motion', async function () {
      try {
        await emulateMedia({ reducedMotion: 'reduce' });
      } catch {
        this.skip(); // this browser's test driver cannot emulate the preference
      }
      try {
        if (!matchMedia('(prefers-reduced-motion: reduce)').matches) this.skip();
        let frames = 0;
        await drawnText(async () => {
          await chart(PLAN_STAGES);
        }).then((texts) => {
          frames = texts.filter((text) => text === '100%').length;
        });
        // One frame (two at most, should a resize redraw it), where an animation draws dozens.
        expect(frames).to.be.within(1, 2);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' }).catch(() => undefined);
      }
    });

    it('shows the reverse plan of the core for a revenue target', async () => {
      const el = await chart(PLAN_STAGES, { planner: true, target: '500000' });
      const steps = funnelFromCounts(PLAN_STAGES.map(({ id, count, value }) => ({ id, count, value })));
      const plan = planFromFunnel(steps, 500_000, 25_000);
      expect(plan.wins).to.equal(20);
      expect(part(el, 'plan-summary')!.textContent).to.equal(
        'Reaching $500,000 at an average deal value of $25,000 (measured on the last stage) takes 20 wins.');
      const rates = ratesFromFunnel(steps);
      expect(tableRows(el, 'plan-table')).to.deep.equal(plan.steps.map((p, i) => [
        PLAN_STAGES[i]!.label!, formatNumber(steps[i]!.count, 'en', 2), formatPercent(rates[i]?.rate ?? null, 'en', 1),
        formatNumber(p.needed, 'en', 2),
      ]));
      expect(tableRows(el, 'plan-table').map((r) => r[3])).to.deep.equal(['1,000', '250', '100', '20']);
    });

    it('uses average-deal-value and the target typed into the planner', async () => {
      const el = await chart(PLAN_STAGES, { planner: true, target: '500000' });
      el.averageDealValue = 50_000;
      await el.updateComplete;
      expect(tableRows(el, 'plan-table').map((r) => r[3])).to.deep.equal(['500', '125', '50', '10']);
      const input = root(el).querySelector<HTMLInputElement>('input[name="target"]')!;
      input.value = '1000000';
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(el.target).to.equal(1_000_000);
      expect(tableRows(el, 'plan-table').map((r) => r[3])).to.deep.equal(['1,000', '250', '100', '20']);
    });

    it('says why no plan is possible: no target, or a stage that converts nobody', async () => {
      const none = await chart(PLAN_STAGES, { planner: true });
      expect(part(none, 'planner')!.textContent).to.contain('Enter a revenue target');
      const el = await chart(ODD_STAGES, { planner: true, target: '30000' });
      expect(part(el, 'planner')!.textContent).to.contain('nothing converts from SQLs to the next stage');
      const plan = planFromFunnel(funnelFromCounts(ODD_STAGES), 30_000, 1500);
      expect(tableRows(el, 'plan-table').map((r) => r[3])).to.deep.equal(plan.steps.map((p) => formatNumber(p.needed, 'en', 2)));
    });

    it('shows the revenue effect of a what-if conversion, as the core computes it', async () => {
      const el = await chart(PLAN_STAGES, { planner: true, target: '500000' });
      const steps = funnelFromCounts(PLAN_STAGES.map(({ id, count, value }) => ({ id, count, value })));
      const rates = ratesFromFunnel(steps);
      const select = root(el).querySelector<HTMLSelectElement>('select[name="what-if-step"]')!;
      expect([...select.options].map((o) => o.textContent)).to.deep.equal(['Leads → MQLs', 'MQLs → SQLs', 'SQLs → Deals won']);
      select.value = 'mql';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const rate = root(el).querySelector<HTMLInputElement>('input[name="what-if-rate"]')!;
      expect(rate.value).to.equal('40');
      rate.value = '50';
      rate.dispatchEvent(new Event('input'));
      await el.updateComplete;
      const r = whatIf({ top: 2000, averageDealValue: 25_000, steps: rates }, { stepId: 'mql', rate: 0.5 });
      const changed = reversePlan({ target: 500_000, averageDealValue: 25_000, steps: rates.map((x) => (x.id === 'mql' ? { id: 'mql', rate: 0.5 } : x)) });
      expect(r.revenue).to.equal(1_250_000);
      const output = part(el, 'what-if-result')!;
      expect(output.getAttribute('aria-live')).to.equal('polite');
      expect(output.textContent).to.equal(
        `With the same 2,000 at the top, expected revenue goes from ${formatMoney(r.baselineRevenue, 'USD', 'en')} to ${formatMoney(r.revenue, 'USD', 'en')} `
        + `(+$250,000, +25%). To reach the target, Leads needs ${formatNumber(changed.steps[0]!.needed, 'en')} instead of 1,000.`);
    });

    it('exports CSV with the table figures, safe against formula injection', async () => {
      const stages: StageInput[] = [
        { id: 'a', label: '=HYPERLINK("http://evil","x")', count: 10 },
        { id: 'b', label: '@SUM(A1)', count: 4, value: 400 },
        { id: 'c', label: 'Plain, with comma', count: 1 },
      ];
      const el = await chart(stages);
      const csv = el.toCSV();
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).to.equal('Stage,id,Count,Value,Step conversion,Cumulative conversion,Drop-off,Drop-off rate');
      expect(lines[1]).to.equal('"\'=HYPERLINK(""http://evil"",""x"")",a,10,,,1,,');
      expect(lines[2]).to.equal("'@SUM(A1),b,4,400,0.4,0.4,6,0.6");
      expect(lines[3]).to.equal('"Plain, with comma",c,1,,0.25,0.1,3,0.75');
    });

    it('exports a PNG of the chart on the surface colour', async () => {
      const el = await chart(PLAN_STAGES);
      const blob = await el.toPNG();
      expect(blob.type).to.equal('image/png');
      const bytes = new Uint8Array(await blob.arrayBuffer());
      expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).to.equal('PNG');
      const canvas = await canvasOf(blob);
      expect(pixelsOf(canvas, '#ffffff'), 'white background').to.be.above(1000);
      expect(pixelsOf(canvas, TOKENS['chart-1'])).to.be.above(50);
    });

    it('names each bad .stages entry and draws the others', async () => {
      const bad = [
        { id: 'a', label: 'Alpha', count: 10 },
        { id: 'b', label: 'Beta', count: -1 },
        'not a stage',
        { id: 'a', label: 'Again', count: 3 },
        { id: 'c', label: 'Gamma', count: 5, value: 'lots' },
        { label: 'No id', count: 2 },
        { id: 'd', label: 'Delta', get count(): number { throw new Error('a hostile getter'); } },
      ] as unknown as StageInput[];
      const el = await chart(bad, { showTable: true });
      const messages = part(el, 'messages')!;
      expect(messages.getAttribute('role')).to.equal('alert');
      const items = [...messages.querySelectorAll('li')].map((li) => li.textContent);
      expect(items).to.deep.equal([
        'stages[1] ("b"): count must be a number of at least 0; the stage was left out.',
        'stages[2] must be an object with id, label and count; it was left out.',
        'stages[3].id "a" repeats stages[0]; the stage was left out.',
        'stages[4] ("c"): value must be a number of at least 0; the value was ignored.',
        'stages[5].id must be a non-empty text; the stage was left out.',
        'stages[6] ("d"): count must be a number of at least 0; the stage was left out.',
      ]);
      expect(tableRows(el).map((r) => r[0])).to.deep.equal(['Alpha', 'Gamma']);
      expect(segments(el)).to.have.length(2);
    });

    it('falls back to the defaults for unknown attribute values', async () => {
      const el = await chart(PLAN_STAGES, { mode: 'bogus', percent: 'sideways', orientation: 'diagonal', target: 'lots' });
      expect(part(el, 'legend')!.textContent).to.contain('share of the first stage');
      expect(tableHeaders(el)).to.include('Count');
      expect(segments(el)).to.have.length(4);
      // Vertical: each segment spans the chart's width.
      const [a, b] = segments(el).map((x) => x.getBoundingClientRect());
      expect(a!.width).to.equal(b!.width);
      expect(a!.top).to.be.below(b!.top);
    });

    it('downloads the CSV and the PNG from its toolbar', async () => {
      const el = await chart(PLAN_STAGES);
      const files = await captureDownloads(2, () => {
        part(el, 'csv-button')!.click();
        part(el, 'png-button')!.click();
      });
      expect(files.map((f) => f.name)).to.deep.equal(['funnel.csv', 'funnel.png']);
      const csv = await files[0]!.blob;
      // A byte order mark first, so spreadsheet programs read non-ASCII stage names correctly.
      expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).to.deep.equal(new Uint8Array([0xef, 0xbb, 0xbf]));
      expect((await csv.text()).replace(/^\uFEFF/, '')).to.equal(el.toCSV());
      expect((await files[1]!.blob).type).to.equal('image/png');
    });

    it('says so when .stages is not a list or empty, without throwing', async () => {
      const el = await chart('nonsense' as unknown as StageInput[]);
      expect(part(el, 'messages')!.textContent).to.contain('.stages must be a list');
      expect(part(el, 'empty')!.textContent).to.equal('No stages to show.');
      expect(part(el, 'chart')!.hidden).to.equal(true);
      el.stages = [];
      await el.updateComplete;
      expect(part(el, 'messages')).to.equal(null);
      expect(part(el, 'empty')).not.to.equal(null);
      el.stages = PLAN_STAGES;
      expect(await el.whenChartDrawn()).to.equal(true);
      await el.updateComplete;
      expect(segments(el)).to.have.length(4);
    });

    it('speaks Chinese with locale zh-CN', async () => {
      const el = await chart(PLAN_STAGES, { planner: true, target: '500000', showTable: true }, 'zh-CN');
      expect(tableHeaders(el)).to.deep.equal(['阶段', '数量', '金额', '环节转化率', '总转化率', '流失', '流失率']);
      expect(part(el, 'table-toggle')!.textContent).to.equal('表格');
      expect(root(el).querySelector('canvas')!.getAttribute('aria-label')).to.equal(
        '漏斗图，共 4 个阶段，从“Leads”（2,000）到“Deals won”（40），首阶段的 2% 走到了最后。');
      expect(part(el, 'plan-summary')!.textContent).to.contain('需要赢单 20 个');
    });

    it('computes the funnel of a pipeline from the repository, strict or any-stage, and follows changes live', async () => {
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider store="memory"><${t} pipeline-id="p1" show-table></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as FunnelChart;
      el.scrollIntoView();
      const repo = provider.repository!;
      await repo.pipelines.put(PIPELINE);
      await repo.deals.putMany(pipelineDeals());
      const counts = () => tableRows(el).map((r) => r[1]);
      const expected = (deals: Deal[], mode: 'any' | 'strict') => funnelFromDeals(deals, PIPELINE, { mode }).map((s) => formatNumber(s.count, 'en', 2));
      await until(() => JSON.stringify(counts()) === JSON.stringify(expected(pipelineDeals(), 'any')), 3000, 'the any-stage funnel');
      expect(counts()).to.deep.equal(['4', '2', '2', '1']);
      expect(tableRows(el).map((r) => r[0])).to.deep.equal(['First call', 'Demo', 'Proposal', 'Won']);
      expect(tableRows(el)[0]![2]).to.equal('€1,000'); // the pipeline's currency
      el.strict = true;
      await el.updateComplete;
      expect(counts()).to.deep.equal(expected(pipelineDeals(), 'strict'));
      expect(counts()).to.deep.equal(['4', '2', '1', '1']);
      // Another deal arrives (here, from this tab; other tabs and the server go the same way).
      const more = deal('d5', { stageId: 'won', status: 'won', value: 50, history: [visit('s1'), visit('s2'), visit('s3')] });
      await repo.deals.put(more);
      await until(() => counts()[3] === '2', 3000, 'the new deal to be counted');
      expect(counts()).to.deep.equal(expected([...pipelineDeals(), more], 'strict'));
      expect(await el.whenChartDrawn()).to.equal(true);
      await el.updateComplete;
      expect(segments(el)).to.have.length(4);
    });

    it('waits in whenChartDrawn for the deals of pipeline-id, and draws them', async () => {
      const { repo, read } = await slowRepository();
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id="p1"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as FunnelChart;
      el.scrollIntoView();
      const drawn = el.whenChartDrawn();
      await until(() => read.asked, 3000, 'the deals to be read');
      read.release();
      expect(await drawn).to.equal(true);
      await el.updateComplete;
      expect(segments(el).map((b) => b.dataset.stageId)).to.deep.equal(['s1', 's2', 's3', 'won']);
      expect(root(el).querySelector('canvas')!.getAttribute('aria-label')).to.match(/^Funnel chart with 4 stages, from First call \(4\) to Won \(1\)/);
      expect(pixelsOf(root(el).querySelector('canvas')!, TOKENS['chart-1'])).to.be.above(50);
    });

    it('waits in toPNG for the deals of pipeline-id instead of rejecting as empty', async () => {
      const { repo, read } = await slowRepository();
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id="p1"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as FunnelChart;
      const png = el.toPNG();
      await until(() => read.asked, 3000, 'the deals to be read');
      read.release();
      const blob = await png;
      expect(blob.type).to.equal('image/png');
      const canvas = await canvasOf(blob);
      for (const token of ['chart-1', 'chart-2', 'chart-3', 'chart-4'] as const) expect(pixelsOf(canvas, TOKENS[token]), token).to.be.above(50);
    });

    it('names a missing pipeline and bad deals from the repository', async () => {
      const provider = await mount<L2cProvider>(staticHtml`<l2c-provider store="memory"><${t} pipeline-id="nope"></${t}></l2c-provider>`);
      const el = provider.querySelector(tag) as FunnelChart;
      await until(() => part(el, 'messages') !== null, 3000, 'the message');
      expect(part(el, 'messages')!.textContent).to.contain('There is no pipeline "nope".');
      await provider.repository!.pipelines.put({ ...PIPELINE, id: 'nope' });
      await provider.repository!.deals.put(deal('bad', { pipelineId: 'nope', stageId: 's1', value: -5, history: [visit('s1')] }));
      await until(() => part(el, 'messages')?.textContent?.includes('1 deal has problems') ?? false, 3000, 'the deal problem');
      expect(part(el, 'messages')!.textContent).to.contain('bad: value');
    });

    it('shows the table when the chart code cannot load', async () => {
      const original = Element.loadChartModule;
      class Offline extends Element {}
      Offline.loadChartModule = () => Promise.reject(new Error('offline'));
      Offline.define(`${tag}-offline`);
      try {
        const o = unsafeStatic(`${tag}-offline`);
        const el = await mount<FunnelChart>(staticHtml`<${o} .stages=${PLAN_STAGES}></${o}>`);
        el.scrollIntoView();
        expect(await el.whenChartDrawn()).to.equal(false);
        await el.updateComplete;
        expect(part(el, 'chart-error')!.textContent).to.contain('could not be loaded');
        expect(part(el, 'table')!.parentElement!.classList.contains('visually-hidden')).to.equal(false);
        const failed = await el.toPNG().then(() => false, () => true);
        expect(failed, 'toPNG rejects').to.equal(true);
      } finally {
        expect(Element.loadChartModule).to.equal(original);
      }
    });

    it('renders nothing as HTML from stage labels', async () => {
      const el = await chart([{ id: 'x', label: '<img src=x onerror=alert(1)>', count: 3 }], { showTable: true });
      expect(root(el).querySelector('img')).to.equal(null);
      expect(tableRows(el)[0]![0]).to.equal('<img src=x onerror=alert(1)>');
    });

    it('keeps working with the same data under a dark theme', async () => {
      const el = await mount<FunnelChart>(html`<div></div>`, { theme: 'dark' });
      const wrapper = el.parentElement!;
      const fc = document.createElement(tag) as FunnelChart;
      fc.stages = PLAN_STAGES;
      wrapper.append(fc);
      fc.scrollIntoView();
      expect(await fc.whenChartDrawn()).to.equal(true);
      const canvas = root(fc).querySelector('canvas')!;
      expect(pixelsOf(canvas, '#56b4e9'), 'dark chart-1').to.be.above(50);
    });
  });
}
