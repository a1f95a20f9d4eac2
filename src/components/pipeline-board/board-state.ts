/**
 * What the person is doing on a board, in one place: the deal being moved, the open menu, the last
 * notice, the card that holds the tab stop, the selection. The board renders from it; its lazily
 * loaded part changes it. Every change asks the board to render again.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Deal } from '../../core/model.js';
import type { MoveSource } from './events.js';

/** The id of the Delete drop zone (not a stage id: stage ids cannot contain U+0000). */
export const DELETE_ZONE = '\u0000delete';

/** A move in progress: the deal, where it came from, and where it would land now. */
export interface Moving {
  id: string;
  from: string;
  fromIndex: number;
  /** A stage id (a column, or a closed stage's drop zone), or DELETE_ZONE. */
  to: string;
  /** Position in the target column without the deal itself. */
  index: number;
  source: Extract<MoveSource, 'keyboard' | 'pointer'>;
}

/** A message about the last action, with an optional undo. */
export interface Notice {
  text: string;
  kind: 'refusal' | 'error' | 'done';
  /** Puts back what the action changed (bulk actions, deletions). */
  undo?: () => void;
}

/** The state of the interaction on one board. */
export class BoardState {
  #moving: Moving | undefined;
  #menu: { id: string; x: number; y: number; up: boolean } | undefined;
  #notice: Notice | undefined;
  #activeId: string | undefined;
  #selected: ReadonlySet<string> = new Set();
  #selecting = false;
  /** A card to focus after the next render (the one just moved or created). */
  refocus: string | undefined;

  constructor(private readonly host: ReactiveControllerHost) {}

  get moving(): Moving | undefined {
    return this.#moving;
  }

  set moving(m: Moving | undefined) {
    this.#moving = m;
    this.host.requestUpdate();
  }

  get menu(): { id: string; x: number; y: number; up: boolean } | undefined {
    return this.#menu;
  }

  set menu(m: { id: string; x: number; y: number; up: boolean } | undefined) {
    this.#menu = m;
    this.host.requestUpdate();
  }

  get notice(): Notice | undefined {
    return this.#notice;
  }

  set notice(n: Notice | undefined) {
    this.#notice = n;
    this.host.requestUpdate();
  }

  /** The card that was used last: it keeps the board's one tab stop. */
  get activeId(): string | undefined {
    return this.#activeId;
  }

  set activeId(id: string | undefined) {
    if (id === this.#activeId) return;
    this.#activeId = id;
    this.host.requestUpdate();
  }

  /** Ids of the selected deals. */
  get selected(): ReadonlySet<string> {
    return this.#selected;
  }

  set selected(ids: ReadonlySet<string>) {
    this.#selected = ids;
    this.host.requestUpdate();
  }

  /** Selection mode: cards show a checkbox and Space selects instead of picking up. */
  get selecting(): boolean {
    return this.#selecting || this.#selected.size > 0;
  }

  set selecting(on: boolean) {
    this.#selecting = on;
    if (!on) this.#selected = new Set();
    this.host.requestUpdate();
  }

  /** Ends whatever is under way (the board switched pipelines or lost its deals). */
  reset(): void {
    this.#moving = undefined;
    this.#menu = undefined;
    this.#activeId = undefined;
    this.#selected = new Set();
    this.host.requestUpdate();
  }
}

/** Writes not yet confirmed by storage, shown instead of the stored versions until a fresh read includes them. */
export class PendingWrites {
  // A deal id -> the version to show (null: deleted), and whether storage has confirmed it.
  readonly #writes = new Map<string, { deal: Deal | null; settled: boolean }>();
  #source: unknown;
  #view = new Map<string, Deal | null>();
  #version = 0;

  /** Changes whenever what is pending changes (part of the board's model key). */
  get version(): number {
    return this.#version;
  }

  /** Whether a write of deal `id` is pending or settled but not read back yet. */
  has(id: string): boolean {
    return this.#writes.has(id);
  }

  /** Shows these versions (a deal, or `null` for a deleted id) until they are settled and read back. */
  add(entries: readonly (readonly [string, Deal | null])[]): void {
    for (const [id, deal] of entries) this.#writes.set(id, { deal, settled: false });
    this.#changed();
  }

  /** Storage has the writes: a read made after this includes them. */
  settle(entries: readonly (readonly [string, Deal | null])[]): void {
    for (const [id, deal] of entries) {
      const w = this.#writes.get(id);
      if (w && w.deal === deal) w.settled = true;
    }
  }

  /** The writes failed: show the stored versions again. */
  drop(entries: readonly (readonly [string, Deal | null])[]): void {
    for (const [id, deal] of entries) if (this.#writes.get(id)?.deal === deal) this.#writes.delete(id);
    this.#changed();
  }

  /** What to show over `source` (the deals read or given): a fresh read drops the settled writes. */
  over(source: unknown): ReadonlyMap<string, Deal | null> {
    if (source !== this.#source) {
      this.#source = source;
      let dropped = false;
      for (const [id, w] of this.#writes) if (w.settled) dropped = this.#writes.delete(id) || dropped;
      if (dropped) this.#changed();
    }
    return this.#view;
  }

  #changed(): void {
    this.#version++;
    this.#view = new Map([...this.#writes].map(([id, w]) => [id, w.deal]));
  }
}
