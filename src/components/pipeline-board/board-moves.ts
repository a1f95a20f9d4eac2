/**
 * Moving deals on a board: picking up and moving by keyboard (arrow keys across the columns and on
 * to the drop zones of closed stages and Delete), and the move itself for every way of moving
 * (keyboard, drag, menu, restore): the pipeline's policy, the lost reason, `deal-move` (cancelable),
 * the write, `deal-moved`, and what is announced. Part of the board's lazily loaded half.
 */
import type { Deal, Stage } from '../../core/model.js';
import { placeDeal } from '../../core/rank.js';
import { canMove, firstOpenStage, lastOpenStageId, moveDeal, stageLabel, type MoveCheck } from '../../core/stages.js';
import { boardActionStrings, type BoardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import { DELETE_ZONE, type Moving } from './board-state.js';
import type { BoardWrites } from './board-writes.js';
import type { DealMoveDetail, MoveSource } from './events.js';
import { errorText } from '../../internal/error-text.js';

/** A drop zone shown while a deal moves: a closed stage that is not a column, or Delete. */
export interface Zone {
  id: string;
  label: string;
  kind: 'won' | 'lost' | 'delete';
}

/** Asks why deals were lost (the lost-reason dialog). */
export interface LostQuestion {
  readonly asking: boolean;
  ask(deals: readonly Deal[], answer: (reason: string) => void, cancel: () => void): void;
}

/** Moves the deals of one board. */
export class DealMoves {
  constructor(private readonly h: MoveHost, private readonly writes: BoardWrites, private readonly lost: LostQuestion) {}

  get #s(): BoardActionStrings {
    return this.h.localize.section(boardActionStrings);
  }

  /** The drop zones: closed stages not shown as columns, then Delete (with `allow-delete`). */
  zones(): Zone[] {
    const pipeline = this.h.data.pipeline;
    if (!pipeline) return [];
    const columns = new Set(this.h.view.columns(pipeline).map((st) => st.id));
    const lang = this.h.localize.lang();
    const zones: Zone[] = pipeline.stages
      .filter((st): st is Stage & { kind: 'won' | 'lost' } => st.kind !== 'open' && !columns.has(st.id))
      .map((st) => ({ id: st.id, label: stageLabel(st, lang), kind: st.kind }));
    if (this.h.allowDelete) zones.push({ id: DELETE_ZONE, label: this.#s.deleteZone, kind: 'delete' });
    return zones;
  }

  /** Where a moving deal can go by keyboard, left to right: the columns, then the drop zones. */
  #targets(): string[] {
    const pipeline = this.h.data.pipeline;
    return pipeline ? [...this.h.view.columns(pipeline).map((st) => st.id), ...this.zones().map((z) => z.id)] : [];
  }

  #isColumn(id: string): boolean {
    const pipeline = this.h.data.pipeline;
    return !!pipeline && this.h.view.columns(pipeline).some((st) => st.id === id);
  }

  #name(id: string): string {
    return id === DELETE_ZONE ? this.#s.deleteZone : this.h.data.stageName(id);
  }

  /** A policy refusal as a sentence, or undefined when the move is allowed (or only needs a lost reason). */
  refusalText(check: MoveCheck): string | undefined {
    if (check.ok || check.reason === 'lost-reason-required') return undefined;
    const data = this.h.data;
    return this.h.localize.term('moveRefused')(check.reason, {
      ...(check.from ? { from: data.stageName(check.from) } : {}),
      ...(check.to ? { to: data.stageName(check.to) } : {}),
      ...(check.missingFields ? { fields: check.missingFields.map((f) => data.fieldLabel(f)) } : {}),
    });
  }

  /** Says why a move is refused, in the notice and the live region. */
  refuse(check: MoveCheck): void {
    const text = this.refusalText(check);
    if (!text) return;
    this.h.state.notice = { text, kind: 'refusal' };
    this.h.announce(text);
  }

  #sayCancelled(deal: Deal, stageId: string, index: number, size: number): void {
    this.h.announce(this.#s.cancelled(deal.title, this.h.data.stageName(stageId), index + 1, size));
  }

  /** Picks up a deal (keyboard or pointer); false when it is not on the board. */
  pickUp(id: string, source: Moving['source']): boolean {
    const { data, state } = this.h;
    const place = data.placeOf(id);
    const deal = data.model?.byId.get(id);
    if (!place || !deal) return false;
    state.menu = undefined;
    state.notice = undefined;
    state.moving = { id, from: place.stage, fromIndex: place.index, to: place.stage, index: place.index, source };
    if (source === 'keyboard') this.h.announce(this.#s.pickedUp(deal.title, data.stageName(place.stage), place.index + 1, place.size));
    return true;
  }

  /** Moves the target of the deal being moved to `index` of `to` (a column or a drop zone). */
  moveTarget(to: string, index: number): void {
    const { data, state } = this.h;
    const m = state.moving;
    const deal = m ? data.model?.byId.get(m.id) : undefined;
    if (!m || !deal) return;
    const column = this.#isColumn(to);
    const max = column ? data.column(to).length - (to === m.from ? 1 : 0) : 0;
    const next = { ...m, to, index: column ? Math.max(0, Math.min(index, max)) : m.index };
    if (next.to === m.to && next.index === m.index) return;
    state.moving = next;
    if (m.source !== 'keyboard') return;
    const pipeline = data.pipeline!;
    const why = next.to !== m.from && next.to !== DELETE_ZONE ? this.refusalText(canMove(deal, next.to, pipeline, 'x')) : undefined;
    if (column) {
      const n = data.column(next.to).length;
      this.h.announce(`${this.#s.over(deal.title, data.stageName(next.to), next.index + 1, next.to === m.from ? n : n + 1)}${why ? ` ${why}` : ''}`);
      this.h.view.revealSlot(next.to, next.index);
    } else {
      this.h.announce(`${this.#s.overZone(deal.title, this.#name(next.to))}${why ? ` ${why}` : ''}`);
    }
  }

  /** Ends a move without moving; announced unless `announce` is false. */
  cancel(announce = true): void {
    const { data, state } = this.h;
    const m = state.moving;
    if (!m) return;
    state.moving = undefined;
    const deal = data.model?.byId.get(m.id);
    if (announce && deal) this.#sayCancelled(deal, m.from, m.fromIndex, data.column(m.from).length);
  }

  /** Drops the deal being moved where its target is. */
  drop(): void {
    const { data, state } = this.h;
    const m = state.moving;
    if (!m) return;
    state.moving = undefined;
    const deal = data.model?.byId.get(m.id);
    if (!deal) return;
    if (m.to === m.from && m.index === m.fromIndex) {
      this.#sayCancelled(deal, m.from, m.fromIndex, data.column(m.from).length);
      return;
    }
    if (m.to === DELETE_ZONE) void this.remove([deal]);
    else void this.commit(deal, m.to, m.index, m.source);
  }

  /**
   * Moves `deal` to `index` of stage `to` (or to another place in its column): checks the policy,
   * asks for a lost reason, fires `deal-move`, then writes through the repository (or, controlled,
   * leaves that to the host) and fires `deal-moved`.
   */
  async commit(deal: Deal, to: string, index: number, source: MoveSource, lostReason?: string): Promise<boolean> {
    const { data, state } = this.h;
    const pipeline = data.pipeline;
    if (!pipeline) return false;
    const s = this.#s;
    const from = deal.stageId;
    const visible = this.#isColumn(to);
    const column = data.column(to);
    const at = visible ? Math.max(0, Math.min(index, column.filter((d) => d.id !== deal.id).length)) : 0;
    const { rank, others } = placeDeal(column, at, deal);
    let next: Deal;
    const now = this.h.now();
    if (from === to) {
      next = { ...deal, rank, updatedAt: new Date(now).toISOString() };
    } else {
      const result = moveDeal(deal, to, pipeline, { now, rank, ...(lostReason ? { lostReason } : {}) });
      const toLost = pipeline.stages.find((st) => st.id === to)?.kind === 'lost';
      // A pipeline without reasons does not insist on one in core; the board still asks.
      if (toLost && !lostReason) {
        this.lost.ask([deal], (reason) => void this.commit(deal, to, index, source, reason), () => {
          const place = data.placeOf(deal.id);
          this.#sayCancelled(deal, deal.stageId, place?.index ?? 0, place?.size ?? 1);
          state.refocus = deal.id;
        });
        return false;
      }
      if (!result.ok) {
        this.refuse(result);
        return false;
      }
      next = result.deal;
    }
    const detail: DealMoveDetail = { deal, from, to, index: at, source };
    if (!this.h.emit('deal-move', detail, true)) {
      this.h.announce(s.vetoed(deal.title));
      return false;
    }
    state.notice = undefined;
    if (visible) {
      state.activeId = deal.id;
      state.refocus = deal.id;
    } else {
      // The deal leaves the board: the card that takes its place keeps the focus.
      const col = data.column(from).filter((d) => d.id !== deal.id);
      const place = data.placeOf(deal.id);
      const neighbour = col[Math.min(place?.index ?? 0, col.length - 1)];
      if (neighbour) state.refocus = neighbour.id;
    }
    const said = source === 'restore' ? s.restored(deal.title, data.stageName(to))
      : visible ? s.moved(deal.title, data.stageName(to), at + 1, column.filter((d) => d.id !== deal.id).length + 1)
        : s.closed(deal.title, data.stageName(to));
    if (this.writes.controlled) {
      this.h.emit('deal-moved', { ...detail, deal: next });
      this.h.announce(said);
      return true;
    }
    this.h.announce(said);
    try {
      await this.writes.save([next, ...others]);
      this.h.emit('deal-moved', { ...detail, deal: next });
      return true;
    } catch (error) {
      const text = s.saveFailed(deal.title, errorText(this.h.localize, error));
      state.notice = { text, kind: 'error' };
      this.h.announce(text);
      return false;
    }
  }

  /** Deletes deals, with an Undo that puts them back. */
  async remove(deals: readonly Deal[]): Promise<void> {
    const s = this.#s;
    const { state } = this.h;
    try {
      await this.writes.remove(deals);
    } catch (error) {
      state.notice = { text: s.saveFailed(deals[0]?.title ?? '', errorText(this.h.localize, error)), kind: 'error' };
      return;
    }
    for (const deal of deals) this.h.emit('deal-deleted', { deal });
    const text = s.deleted(deals.length, deals[0]?.title ?? '');
    this.h.announce(text);
    state.notice = {
      text, kind: 'done',
      undo: () => void this.writes.save(deals).then(() => {
        for (const deal of deals) this.h.emit('deal-created', { deal });
        this.h.announce(s.undone);
      }, (error: unknown) => { state.notice = { text: s.saveFailed(deals[0]?.title ?? '', errorText(this.h.localize, error)), kind: 'error' }; }),
    };
  }

  /** Restores a lost deal to the open stage it was lost from. */
  restore(deal: Deal): void {
    const pipeline = this.h.data.pipeline;
    if (!pipeline) return;
    const to = lastOpenStageId(deal, pipeline) ?? firstOpenStage(pipeline)?.id;
    if (to) void this.commit(deal, to, 0, 'restore');
  }

  /** Leaving a card while moving it by keyboard (a click elsewhere) cancels the move. */
  blur(deal: Deal): void {
    const { state, element } = this.h;
    const m = state.moving;
    if (!m || m.source !== 'keyboard' || m.id !== deal.id) return;
    requestAnimationFrame(() => {
      const el = element.renderRoot.querySelector(`.card[data-deal-id="${CSS.escape(m.id)}"]`);
      const focused = (element.renderRoot as ShadowRoot).activeElement;
      if (state.moving === m && focused !== el && !this.lost.asking) this.cancel();
    });
  }

  /** Keys on a card: Space picks up and drops, arrows move (or, not moving, move focus), Escape cancels. */
  keydown(e: KeyboardEvent, deal: Deal): boolean {
    const m = this.h.state.moving;
    const key = e.key;
    const rtl = this.h.localize.dir() === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (m && m.source === 'keyboard' && m.id === deal.id) {
      const targets = this.#targets();
      const at = targets.indexOf(m.to);
      if (key === 'ArrowUp') this.moveTarget(m.to, m.index - 1);
      else if (key === 'ArrowDown') this.moveTarget(m.to, m.index + 1);
      else if (key === 'Home') this.moveTarget(m.to, 0);
      else if (key === 'End') this.moveTarget(m.to, Number.MAX_SAFE_INTEGER);
      else if (key === forward || key === backward) {
        const next = targets[at + (key === forward ? 1 : -1)];
        if (next !== undefined) this.moveTarget(next, m.index);
      } else if (key === ' ' || key === 'Spacebar' || key === 'Enter') this.drop();
      else if (key === 'Escape') this.cancel();
      else if (key === 'Tab') {
        this.cancel();
        return false;
      } else return false;
      e.preventDefault();
      return true;
    }
    if (key === ' ' || key === 'Spacebar') {
      e.preventDefault();
      this.pickUp(deal.id, 'keyboard');
      return true;
    }
    if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(key)) {
      e.preventDefault();
      this.#navigate(deal, key, forward);
      return true;
    }
    return false;
  }

  /** Roving focus between cards: up and down a column, across to the nearest card of the next column shown. */
  #navigate(deal: Deal, key: string, forward: string): void {
    const { data, view } = this.h;
    const place = data.placeOf(deal.id);
    const pipeline = data.pipeline;
    if (!place || !pipeline) return;
    const column = data.column(place.stage);
    let target: Deal | undefined;
    if (key === 'ArrowUp') target = column[place.index - 1];
    else if (key === 'ArrowDown') target = column[place.index + 1];
    else if (key === 'Home') target = column[0];
    else if (key === 'End') target = column[column.length - 1];
    else {
      const stages = view.columns(pipeline);
      const step = key === forward ? 1 : -1;
      for (let i = stages.findIndex((st) => st.id === place.stage) + step; i >= 0 && i < stages.length; i += step) {
        const other = data.column(stages[i]!.id);
        if (other.length > 0) {
          target = other[Math.min(place.index, other.length - 1)];
          break;
        }
      }
    }
    if (target) void this.h.focusDeal(target.id);
  }
}
