/**
 * What the board's contract suites share: mounting a board (controlled, or over a memory
 * repository), and finding and filling what a person sees in its dialogs.
 */
import { sendKeys } from '@web/test-runner-commands';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import type { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import type { Activity, Deal, Pipeline } from '../../src/core/model.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { NOW, root, salesPipeline, sampleDeals } from './pipeline-board.suite.js';

export const OWNERS = { ana: 'Ana Silva', ben: 'Ben Okafor' };

/** A board inside a provider over a memory repository (or `repo`) seeded with the sample. */
export async function storedBoard(tag: string, options: { repo?: MemoryRepository; deals?: Deal[]; activities?: Activity[]; locale?: string; attrs?: string } = {}): Promise<{ el: PipelineBoard; repo: MemoryRepository }> {
  const t = unsafeStatic(tag);
  const repo = options.repo ?? new MemoryRepository();
  await repo.pipelines.put(salesPipeline());
  await repo.deals.putMany(options.deals ?? sampleDeals());
  if (options.activities) await repo.activities.putMany(options.activities);
  const provider = await mount<L2cProvider>(staticHtml`<l2c-provider .repository=${repo}><${t} pipeline-id="l2c" .now=${NOW} .owners=${OWNERS}
    ${unsafeStatic(options.attrs ?? '')}></${t}></l2c-provider>`, { locale: options.locale ?? 'en' });
  const el = provider.querySelector(tag) as PipelineBoard;
  await until(() => !!el.shadowRoot && root(el).querySelectorAll('[part~="card"]').length > 0, 3000, 'the stored deals to show');
  await el.updateComplete;
  return { el, repo };
}

/** A controlled board (`.deals`, `.pipeline`): the test applies what the events say. */
export async function controlledBoard(tag: string, options: { deals?: Deal[]; pipeline?: Pipeline; activities?: Activity[]; locale?: string } = {}): Promise<PipelineBoard> {
  const t = unsafeStatic(tag);
  const el = await mount<PipelineBoard>(staticHtml`<${t} .pipeline=${options.pipeline ?? salesPipeline()} .deals=${options.deals ?? sampleDeals()}
    .activities=${options.activities ?? []} .now=${NOW} .owners=${OWNERS}></${t}>`, { locale: options.locale ?? 'en' });
  await el.updateComplete;
  return el;
}

/** A dialog of the board by its class (`create`, `drawer`, `lost`). */
export const dialogOf = (el: PipelineBoard, cls: string) => root(el).querySelector<HTMLDialogElement>(`dialog.${cls}`)!;

/** A named control inside `scope`. */
export const control = <T extends HTMLElement = HTMLInputElement>(scope: ParentNode, name: string) => scope.querySelector<T>(`[name="${name}"]`)!;

/** Sets a control's value as typing and leaving it would (input, then change). */
export function fill(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** The accessible name a screen reader gives a button: its text without what is hidden from it, or its aria-label. */
export function nameOf(node: Element): string {
  const label = node.getAttribute('aria-label');
  if (label) return label;
  const copy = node.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The error text shown under a field of `scope`. */
export const fieldError = (scope: ParentNode, name: string) => (scope.querySelector(`[part~="field-${name}"] .error`)?.textContent ?? '').trim();

/** The label of a control, as the browser associates it (`control.labels`: a `<label for>` whose id is unique). */
export function labelOf(scope: ParentNode, name: string): string {
  const input = control(scope, name);
  const labels = [...(input.labels ?? [])];
  // An id used twice would tie the label to the first element with it, not to the control.
  if ((input.getRootNode() as ParentNode).querySelectorAll(`[id="${input.id}"]`).length !== 1) return '';
  return labels.map(nameOf).join(' ');
}

/** Waits until an asynchronous `predicate` holds (a stored record, say); fails naming `what` after 10 s. */
export async function eventually(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Types `text` into the focused control one character at a time (WebKit's WebDriver loses a
 * character typed twice in a row, and some spaces, when a whole string is sent at once).
 */
export async function typeText(text: string): Promise<void> {
  for (const ch of text) await sendKeys({ type: ch });
}
