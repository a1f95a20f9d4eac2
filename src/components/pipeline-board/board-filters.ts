/**
 * The filter bar of `<pipeline-board>`: the pipeline switcher, search, owner and value filters, the
 * switch that shows won and lost deals, selection mode, and how many deals are shown. On a narrow
 * board the fields fold behind one "Filters" button, so the columns come first. What is typed is
 * applied once typing pauses, so a board of 100,000 deals filters once.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { checked } from '../../internal/checked.js';
import { parseAmount } from '../../core/drafts.js';
import { formatNumber } from '../../internal/format.js';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import { NO_FILTER, NO_OWNER, isFiltering, type BoardFilter } from './board-model.js';

/** The filter bar of one board. */
export class BoardFilters implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Changes typed but not applied yet: search, min and max each wait for the typing to pause, together. */
  #pending: Partial<BoardFilter> = {};
  #expanded = false;

  constructor(private readonly h: MoveHost) {
    h.element.addController(this);
  }

  hostDisconnected(): void {
    this.#apply();
  }

  /** Applies what waits, with `change`; typing waits for a pause (`later`). */
  #apply(change: Partial<BoardFilter> = {}, later = false): void {
    this.#pending = { ...this.#pending, ...change };
    clearTimeout(this.#timer);
    if (later) {
      this.#timer = setTimeout(() => this.#apply(), 120);
      return;
    }
    const pending = this.#pending;
    this.#pending = {};
    if (Object.keys(pending).length > 0) this.#set({ ...this.h.filter, ...pending });
  }

  #set(filter: BoardFilter): void {
    this.h.setFilter(filter);
    void this.h.element.updateComplete.then(() => {
      const m = this.h.data.model;
      if (!m) return;
      const locale = this.h.formatLocale;
      this.h.announce(this.#s.showing(m.shown.length, m.total, formatNumber(m.shown.length, locale), formatNumber(m.total, locale)));
    });
  }

  get #s() {
    return this.h.localize.section(boardActionStrings);
  }

  render(): TemplateResult {
    const { data, state } = this.h;
    const s = this.#s;
    const list = data.available();
    const model = data.model;
    const pipeline = data.pipeline;
    const locale = this.h.formatLocale;
    const f = this.h.filter;
    const folded = this.h.narrow && !this.#expanded;
    const closed = pipeline?.stages.some((st) => st.kind !== 'open');
    // On a narrow board these fold behind the Filters button too: the columns come first.
    const switches = html`
      ${closed ? html`<label class="check"><input part="show-closed" type="checkbox" ${checked(this.h.showClosed)} @change=${this.#onClosed}>${s.showClosed}</label>` : nothing}
      <button part="select-button" class="btn quiet" type="button" aria-pressed=${state.selecting ? 'true' : 'false'} @click=${this.#onSelect}>${s.select}</button>`;
    return html`
      <form part="toolbar" class="toolbar ${this.h.narrow ? 'narrow' : ''}" role="search" aria-label=${s.filters} @submit=${(e: Event) => e.preventDefault()}>
        ${this.h.narrow ? html`<button part="filters-button" class="btn" type="button" aria-expanded=${this.#expanded ? 'true' : 'false'}
          aria-controls="filter-fields" @click=${this.#toggle}>${s.filtersButton}${isFiltering(f) ? html` <span aria-hidden="true">•</span>` : nothing}</button>` : nothing}
        <div id="filter-fields" class="fields" ?hidden=${folded}>
          ${list.length > 1 ? html`
            <label>${s.pipeline}
              <select part="pipeline-select" @change=${this.#onPipeline}>
                ${list.map((p) => html`<option value=${String(p.id)} ?selected=${p.id === pipeline?.id}>${data.pipelineTitle(p)}</option>`)}
              </select>
            </label>` : nothing}
          <label>${s.search}
            <input part="search" class="search" type="search" autocomplete="off" .value=${live(f.text)} @input=${this.#onSearch}>
          </label>
          <label>${s.owner}
            <select part="owner-select" @change=${this.#onOwner}>
              <option value="" ?selected=${f.owner === ''}>${s.anyOwner}</option>
              ${(model?.owners ?? []).map((o) => html`<option value=${o} ?selected=${f.owner === o}>${data.ownerName(o)}</option>`)}
              ${model?.hasUnowned ? html`<option value=${NO_OWNER} ?selected=${f.owner === NO_OWNER}>${this.h.strings.noOwner}</option>` : nothing}
            </select>
          </label>
          <label>${s.minValue}
            <input part="min-value" class="money" type="text" inputmode="decimal" autocomplete="off" data-bound="min"
              .value=${live(f.min === undefined ? '' : String(f.min))} @input=${this.#onAmount}>
          </label>
          <label>${s.maxValue}
            <input part="max-value" class="money" type="text" inputmode="decimal" autocomplete="off" data-bound="max"
              .value=${live(f.max === undefined ? '' : String(f.max))} @input=${this.#onAmount}>
          </label>
          ${isFiltering(f) ? html`<button part="clear-filters" class="btn quiet" type="button" @click=${this.#clear}>${s.clearFilters}</button>` : nothing}
          ${this.h.narrow ? switches : nothing}
        </div>
        <div class="switches">
          ${this.h.narrow ? nothing : switches}
          ${model ? html`<p part="count" class="count muted">${s.showing(model.shown.length, model.total, formatNumber(model.shown.length, locale), formatNumber(model.total, locale))}</p>` : nothing}
        </div>
      </form>`;
  }

  readonly #toggle = (): void => {
    this.#expanded = !this.#expanded;
    this.h.element.requestUpdate();
    if (this.#expanded) void this.h.element.updateComplete.then(() => this.h.element.renderRoot.querySelector<HTMLElement>('#filter-fields input, #filter-fields select')?.focus());
  };

  readonly #onPipeline = (e: Event): void => {
    const id = (e.target as HTMLSelectElement).value;
    if (id !== this.h.data.pipeline?.id) this.h.selectPipeline(id);
  };

  readonly #onSearch = (e: Event): void => {
    this.#apply({ text: (e.target as HTMLInputElement).value }, true);
  };

  readonly #onOwner = (e: Event): void => {
    this.#apply({ owner: (e.target as HTMLSelectElement).value });
  };

  readonly #onAmount = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const value = parseAmount(input.value);
    this.#apply({ [input.dataset.bound === 'min' ? 'min' : 'max']: value === undefined || Number.isNaN(value) ? undefined : value }, true);
  };

  readonly #onClosed = (e: Event): void => {
    this.h.setShowClosed((e.target as HTMLInputElement).checked);
  };

  readonly #onSelect = (): void => {
    this.h.state.selecting = !this.h.state.selecting;
  };

  readonly #clear = (): void => {
    clearTimeout(this.#timer);
    this.#pending = {};
    this.#set(NO_FILTER);
  };
}
