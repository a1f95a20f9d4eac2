/**
 * Acting on several deals at once: select cards (their checkbox in selection mode, Shift+click for
 * a range in a column, Space on a focused card in selection mode), then move them to a stage,
 * assign an owner, or delete them, each in one write with one Undo. Moves keep the pipeline's policy
 * (refused deals stay and are counted) and a lost stage asks for one reason for all.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { editDeal } from '../../core/drafts.js';
import type { Deal } from '../../core/model.js';
import { rankOf } from '../../core/pipeline.js';
import { moveDeal, stageLabel } from '../../core/stages.js';
import { formatNumber } from '../../internal/format.js';
import { boardActionStrings, type BoardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import type { DealMoves, LostQuestion } from './board-moves.js';
import type { BoardWrites } from './board-writes.js';
import { NO_OWNER } from './board-model.js';
import { errorText } from '../../internal/error-text.js';

/** Selection and bulk actions of one board. */
export class BulkActions {
  #anchor: string | undefined;

  constructor(private readonly h: MoveHost, private readonly writes: BoardWrites, private readonly moves: DealMoves, private readonly lost: LostQuestion) {}

  get #s(): BoardActionStrings {
    return this.h.localize.section(boardActionStrings);
  }

  #selectedDeals(): Deal[] {
    const byId = this.h.data.model?.byId;
    return [...this.h.state.selected].map((id) => byId?.get(id)).filter((d): d is Deal => !!d);
  }

  /** Selects or unselects a deal; with `range`, every deal of its column between the last one chosen and it. */
  toggle(deal: Deal, range = false): void {
    const { state, data } = this.h;
    const next = new Set(state.selected);
    const anchor = this.#anchor ? data.placeOf(this.#anchor) : undefined;
    const place = data.placeOf(deal.id);
    if (range && anchor && place && anchor.stage === place.stage) {
      const column = data.column(place.stage);
      const [from, to] = anchor.index < place.index ? [anchor.index, place.index] : [place.index, anchor.index];
      for (let i = from; i <= to; i++) next.add(column[i]!.id);
    } else if (next.has(deal.id)) {
      next.delete(deal.id);
    } else {
      next.add(deal.id);
    }
    this.#anchor = deal.id;
    state.selecting = true;
    state.selected = next;
    const n = next.size;
    this.h.announce(`${next.has(deal.id) ? `${deal.title}: ${this.h.strings.selected}. ` : ''}${this.#s.selectedCount(n, formatNumber(n, this.h.formatLocale))}`);
  }

  #done(text: string, undo: () => Promise<void>): void {
    const { state } = this.h;
    state.selected = new Set();
    state.selecting = false;
    this.h.announce(text);
    state.notice = {
      text, kind: 'done',
      undo: () => void undo().then(() => this.h.announce(this.#s.undone), (error: unknown) => {
        state.notice = { text: this.#s.saveFailed('', errorText(this.h.localize, error)), kind: 'error' };
      }),
    };
  }

  #failed(error: unknown): void {
    const text = this.#s.saveFailed(this.#selectedDeals()[0]?.title ?? '', errorText(this.h.localize, error));
    this.h.state.notice = { text, kind: 'error' };
    this.h.announce(text);
  }

  /** Moves the selected deals to the end of stage `to` (asking once why, for a lost stage). */
  move(to: string, lostReason?: string): void {
    const { data } = this.h;
    const pipeline = data.pipeline;
    const deals = this.#selectedDeals().filter((d) => d.stageId !== to);
    if (!pipeline || deals.length === 0) return;
    if (pipeline.stages.find((st) => st.id === to)?.kind === 'lost' && !lostReason) {
      this.lost.ask(deals, (reason) => this.move(to, reason), () => undefined);
      return;
    }
    let rank = Math.max(-1, ...data.column(to).map((d) => rankOf(d) ?? -1));
    const now = this.h.now();
    const moved: { before: Deal; after: Deal }[] = [];
    let refused = 0;
    for (const deal of deals) {
      const result = moveDeal(deal, to, pipeline, { now, rank: rank + 1, ...(lostReason ? { lostReason } : {}) });
      const detail = { deal, from: deal.stageId, to, index: data.column(to).length + moved.length, source: 'bulk' as const };
      if (!result.ok || !this.h.emit('deal-move', detail, true)) {
        refused++;
        continue;
      }
      rank++;
      moved.push({ before: deal, after: result.deal });
    }
    if (moved.length === 0) {
      this.h.state.notice = { text: this.#s.bulkRefused(refused), kind: 'refusal' };
      return;
    }
    void this.writes.save(moved.map((m) => m.after)).then(() => {
      for (const m of moved) this.h.emit('deal-moved', { deal: m.after, from: m.before.stageId, to, index: 0, source: 'bulk' });
      const text = `${this.#s.bulkMoved(moved.length, data.stageName(to))}${refused > 0 ? ` ${this.#s.bulkRefused(refused)}` : ''}`;
      this.#done(text, () => this.writes.save(moved.map((m) => m.before)).then(() => {
        for (const m of moved) this.h.emit('deal-moved', { deal: m.before, from: to, to: m.before.stageId, index: 0, source: 'undo' });
      }));
    }, (error: unknown) => this.#failed(error));
  }

  /** Gives the selected deals to `ownerId` ('' for no owner). */
  assign(ownerId: string): void {
    const now = this.h.now();
    const edits = this.#selectedDeals().map((deal) => ({ before: deal, ...editDeal(deal, { ownerId }, now) })).filter((e) => e.changes.length > 0);
    if (edits.length === 0) return;
    const owner = this.h.data.ownerName(ownerId) ?? this.h.strings.noOwner;
    void this.writes.save(edits.map((e) => e.deal)).then(() => {
      for (const e of edits) this.h.emit('deal-updated', { deal: e.deal, changes: { ownerId: e.deal.ownerId } });
      this.#done(this.#s.bulkAssigned(edits.length, owner), () => this.writes.save(edits.map((e) => e.before)).then(() => {
        for (const e of edits) this.h.emit('deal-updated', { deal: e.before, changes: { ownerId: e.before.ownerId } });
      }));
    }, (error: unknown) => this.#failed(error));
  }

  /** Deletes the selected deals (with `allow-delete`). */
  remove(): void {
    const deals = this.#selectedDeals();
    if (deals.length === 0 || !this.h.allowDelete) return;
    this.h.state.selected = new Set();
    this.h.state.selecting = false;
    void this.moves.remove(deals);
  }

  /** The bar of actions on the selection, while anything is selected. */
  render(): TemplateResult | typeof nothing {
    const { state, data } = this.h;
    const n = state.selected.size;
    const pipeline = data.pipeline;
    if (!state.selecting || !pipeline) return nothing;
    const s = this.#s;
    const lang = this.h.localize.lang();
    const owners = { ...Object.fromEntries((data.model?.owners ?? []).map((o) => [o, data.ownerName(o) ?? o])), ...this.h.owners };
    return html`
      <div part="bulk-bar" class="bulk" role="group" aria-label=${s.bulkActions}>
        <p class="count" role="status">${s.selectedCount(n, formatNumber(n, this.h.formatLocale))}</p>
        <form class="bulk-action" @submit=${this.#onMove}>
          <label>${s.bulkMoveTo}
            <select name="stage" ?disabled=${n === 0}>
              <option value="">${s.chooseStage}</option>
              ${pipeline.stages.map((st) => html`<option value=${st.id}>${stageLabel(st, lang)}</option>`)}
            </select>
          </label>
          <button class="btn" type="submit" ?disabled=${n === 0}>${s.bulkMove}</button>
        </form>
        <form class="bulk-action" @submit=${this.#onAssign}>
          <label>${s.bulkOwner}
            <select name="owner" ?disabled=${n === 0}>
              <option value="">${s.chooseOwner}</option>
              <option value=${NO_OWNER}>${this.h.strings.noOwner}</option>
              ${Object.entries(owners).map(([id, name]) => html`<option value=${id}>${name}</option>`)}
            </select>
          </label>
          <button class="btn" type="submit" ?disabled=${n === 0}>${s.bulkAssign}</button>
        </form>
        ${this.h.allowDelete ? html`<button class="btn danger" type="button" ?disabled=${n === 0} @click=${() => this.remove()}>${s.bulkDelete}</button>` : nothing}
        <button class="btn quiet" type="button" @click=${this.#clear}>${s.clearSelection}</button>
      </div>`;
  }

  readonly #onMove = (e: Event): void => {
    e.preventDefault();
    const stage = ((e.currentTarget as HTMLFormElement).elements.namedItem('stage') as HTMLSelectElement).value;
    if (stage) this.move(stage);
  };

  readonly #onAssign = (e: Event): void => {
    e.preventDefault();
    const owner = ((e.currentTarget as HTMLFormElement).elements.namedItem('owner') as HTMLSelectElement).value;
    if (owner) this.assign(owner === NO_OWNER ? '' : owner);
  };

  readonly #clear = (): void => {
    this.h.state.selecting = false;
  };
}
