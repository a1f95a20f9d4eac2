/**
 * The search and filter bar of `<pipeline-board>` (and its pipeline switcher), loaded with the
 * board's moving half right after the first render: the first paint shows the columns and cards.
 * The board keeps the filter itself (it builds the columns from it); this renders the bar and
 * turns what is typed into filters, once typing pauses.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Pipeline } from '../../core/model.js';
import { formatNumber } from '../../internal/format.js';
import { NO_FILTER, NO_OWNER, isFiltering, type BoardFilter } from './board-model.js';
import type { PipelineBoard } from './pipeline-board.js';

/** A typed amount, or undefined when empty or not a number. */
function parseAmount(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The filter bar of one board. Created by the board once this module has loaded.
 * @internal
 */
export class BoardFilters implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Changes typed but not applied yet: search, min and max each wait for the typing to pause, together. */
  private pending: Partial<BoardFilter> = {};

  constructor(private readonly b: PipelineBoard, private readonly selectPipeline: (id: string) => void) {
    b.addController(this);
  }

  hostDisconnected(): void {
    this.apply();
  }

  /** Applies what waits, with `change`; typing waits for a pause (`later`) so a board of 100,000 deals filters once. */
  private apply(change: Partial<BoardFilter> = {}, later = false): void {
    this.pending = { ...this.pending, ...change };
    clearTimeout(this.timer);
    if (later) {
      this.timer = setTimeout(() => this.apply(), 120);
      return;
    }
    const pending = this.pending;
    this.pending = {};
    if (Object.keys(pending).length > 0) this.b.setFilter({ ...this.b.filter, ...pending });
  }

  render(pipeline: Pipeline | undefined): TemplateResult {
    const b = this.b;
    const s = b.s;
    const list = b.availablePipelines();
    const model = b.model;
    const locale = b.formatLocale;
    const f = b.filter;
    return html`
      <form part="toolbar" class="toolbar" role="search" aria-label=${s.filters} @submit=${(e: Event) => e.preventDefault()}>
        ${list.length > 1 ? html`
          <label>${s.pipeline}
            <select part="pipeline-select" @change=${this.onPipelineChange}>
              ${list.map((p) => html`<option value=${String(p.id)} ?selected=${p.id === pipeline?.id}>${b.pipelineTitle(p)}</option>`)}
            </select>
          </label>` : nothing}
        <label>${s.search}
          <input part="search" class="search" type="search" autocomplete="off" .value=${live(f.text)} @input=${this.onSearchInput}>
        </label>
        <label>${s.owner}
          <select part="owner-select" @change=${this.onOwnerChange}>
            <option value="" ?selected=${f.owner === ''}>${s.anyOwner}</option>
            ${(model?.owners ?? []).map((o) => html`<option value=${o} ?selected=${f.owner === o}>${b.ownerName(o)}</option>`)}
            ${model?.hasUnowned ? html`<option value=${NO_OWNER} ?selected=${f.owner === NO_OWNER}>${s.noOwner}</option>` : nothing}
          </select>
        </label>
        <label>${s.minValue}
          <input part="min-value" class="money" type="number" inputmode="decimal" min="0" step="any" data-bound="min"
            .value=${live(f.min === undefined ? '' : String(f.min))} @input=${this.onAmountInput}>
        </label>
        <label>${s.maxValue}
          <input part="max-value" class="money" type="number" inputmode="decimal" min="0" step="any" data-bound="max"
            .value=${live(f.max === undefined ? '' : String(f.max))} @input=${this.onAmountInput}>
        </label>
        ${isFiltering(f) ? html`<button part="clear-filters" class="btn quiet" type="button" @click=${this.clearFilters}>${s.clearFilters}</button>` : nothing}
        ${model ? html`<p part="count" class="count muted">${s.showing(model.shown.length, model.total, formatNumber(model.shown.length, locale), formatNumber(model.total, locale))}</p>` : nothing}
      </form>`;
  }

  private onPipelineChange = (e: Event): void => {
    const id = (e.target as HTMLSelectElement).value;
    if (id !== this.b.current?.pipeline?.id) this.selectPipeline(id);
  };

  private onSearchInput = (e: Event): void => {
    this.apply({ text: (e.target as HTMLInputElement).value }, true);
  };

  private onOwnerChange = (e: Event): void => {
    this.apply({ owner: (e.target as HTMLSelectElement).value });
  };

  private onAmountInput = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const value = parseAmount(input.value);
    const bound = input.dataset.bound === 'min' ? 'min' : 'max';
    this.apply({ [bound]: value }, true);
  };

  private clearFilters = (): void => {
    clearTimeout(this.timer);
    this.pending = {};
    this.b.setFilter(NO_FILTER);
  };
}
