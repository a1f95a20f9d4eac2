/**
 * Edits of a deal that collide with a version saved elsewhere. A REST repository reports them from
 * its outbox (the server answered 412: the edit was based on an older version) with both versions;
 * a repository of another kind may reject the write with `{ status: 412, server }`. Either way the
 * panel shows the fields that differ, yours beside theirs, and the person keeps one.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { changedFields } from '../../core/drafts.js';
import type { Deal } from '../../core/model.js';
import type { PanelHost } from './panel-host.js';
import { dealViewStrings } from './strings.js';
import { draftStrings } from '../../internal/draft-strings.js';

/** A dead letter of an outbox, as far as a conflict needs it. */
interface ConflictLetter {
  seq?: number;
  collection: string;
  id: string;
  record?: unknown;
  server?: unknown;
}

/** The conflict part of an outbox (RestRepository's `outbox`), read structurally. */
interface ConflictOutbox {
  subscribe(listener: (event: { type: string; letter?: ConflictLetter }) => void): () => void;
  resolve(seq: number, record: Deal): Promise<void>;
  discard(seq: number): Promise<void>;
}

interface Conflict {
  mine: Deal;
  theirs: Deal;
  seq: number | undefined;
}

function outboxOf(repo: unknown): ConflictOutbox | undefined {
  const outbox = (repo as { outbox?: Partial<ConflictOutbox> } | undefined)?.outbox;
  return outbox && typeof outbox.subscribe === 'function' && typeof outbox.resolve === 'function' && typeof outbox.discard === 'function'
    ? outbox as ConflictOutbox : undefined;
}

const isDeal = (v: unknown): v is Deal => typeof v === 'object' && v !== null && typeof (v as Deal).id === 'string';

/** Conflicting edits of the deal a panel shows. */
export class DealConflicts {
  #conflict: Conflict | undefined;
  #stop: (() => void) | undefined;
  #watching: string | undefined;

  constructor(private readonly h: PanelHost) {}

  /** Listens for conflicts about deal `id` reported by the repository's outbox. */
  watch(id: string): void {
    if (this.#watching === id) return;
    this.stop();
    this.#conflict = undefined;
    this.#watching = id;
    this.#stop = outboxOf(this.h.repository)?.subscribe((e) => {
      const l = e.letter;
      if (e.type !== 'conflict' || !l || l.collection !== 'deals' || l.id !== id || !isDeal(l.record) || !isDeal(l.server)) return;
      this.#conflict = { mine: l.record, theirs: l.server, seq: l.seq };
      this.h.element.requestUpdate();
    });
  }

  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
    this.#watching = undefined;
  }

  /** Stores `next`; false when it was not stored (a conflict, now shown, or another failure, given to `failed`). */
  async store(next: Deal, failed: (error: unknown) => void): Promise<boolean> {
    const repo = this.h.repository;
    if (!repo) return true;
    try {
      await repo.deals.put(next);
      return true;
    } catch (error) {
      const e = error as { status?: unknown; server?: unknown };
      if (e?.status === 412 && isDeal(e.server)) {
        this.#conflict = { mine: next, theirs: e.server, seq: undefined };
        this.h.announce(this.h.localize.section(dealViewStrings).conflictTitle);
      } else {
        failed(error);
      }
      return false;
    }
  }

  render(deal: Deal): TemplateResult | typeof nothing {
    const c = this.#conflict;
    if (!c || c.mine.id !== deal.id) return nothing;
    const v = this.h.localize.section(dealViewStrings);
    const d = this.h.localize.section(draftStrings);
    const fields = changedFields(c.theirs, c.mine, ['updatedAt', 'updatedBy', 'history']);
    const show = (value: unknown) => (value === undefined || value === null || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));
    return html`
      <section part="conflict" class="conflict" role="alert" aria-labelledby="conflict-title">
        <h3 id="conflict-title">${v.conflictTitle}</h3>
        <p>${v.conflictText}</p>
        <table>
          <thead><tr><th scope="col">${v.field}</th><th scope="col">${v.yours}</th><th scope="col">${v.theirs}</th></tr></thead>
          <tbody>${fields.map((f) => html`<tr><th scope="row">${d.fields[f] ?? f}</th><td>${show(c.mine[f])}</td><td>${show(c.theirs[f])}</td></tr>`)}</tbody>
        </table>
        <div class="buttons">
          <button part="keep-mine" class="btn primary" type="button" @click=${() => void this.#choose(c, c.mine)}>${v.keepMine}</button>
          <button part="use-theirs" class="btn" type="button" @click=${() => void this.#choose(c, c.theirs)}>${v.useTheirs}</button>
        </div>
      </section>`;
  }

  async #choose(c: Conflict, chosen: Deal): Promise<void> {
    const outbox = outboxOf(this.h.repository);
    const repo = this.h.repository;
    try {
      if (outbox && c.seq !== undefined) {
        if (chosen === c.mine) await outbox.resolve(c.seq, c.mine);
        else await outbox.discard(c.seq);
      } else if (repo && chosen === c.mine) {
        // Mine again, now on top of theirs.
        await repo.deals.put({ ...c.theirs, ...c.mine });
      }
    } catch (error) {
      this.h.announce(this.h.errorText(error));
      return;
    }
    this.#conflict = undefined;
    const other = chosen === c.mine ? c.theirs : c.mine;
    const changes = Object.fromEntries(changedFields(other, chosen).map((k) => [k, chosen[k]])) as Partial<Deal>;
    this.h.emit('deal-updated', { deal: chosen, changes });
    this.h.announce(this.h.localize.section(dealViewStrings).conflictSolved);
    this.h.element.requestUpdate();
  }
}
