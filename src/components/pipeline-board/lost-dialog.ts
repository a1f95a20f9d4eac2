/**
 * The board's question "Why was this deal lost?": a modal dialog with the pipeline's reasons in the
 * reader's language (stored as reason ids), or "Other" with a reason written by hand. One question
 * for one deal or for several at once (a bulk move to a lost stage).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { checked } from '../../internal/checked.js';
import { lostReasonIds, lostReasonLabel } from '../../core/lost-reasons.js';
import type { Deal } from '../../core/model.js';
import { DialogController } from '../../internal/dialog.js';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import type { LostQuestion } from './board-moves.js';

const OTHER = '\u0000other';

/** The lost-reason dialog of one board. */
export class LostDialog implements LostQuestion {
  #deals: readonly Deal[] = [];
  #answer: ((reason: string) => void) | undefined;
  #cancel: (() => void) | undefined;
  #choice = '';
  #other = '';
  #error = '';
  readonly #dialog: DialogController;

  constructor(private readonly h: MoveHost) {
    this.#dialog = new DialogController(h.element, {
      find: () => h.element.renderRoot.querySelector<HTMLDialogElement>('dialog.lost'),
      onCancel: () => this.#cancelled(),
      initialFocus: (d) => d.querySelector<HTMLElement>('input'),
    });
  }

  get asking(): boolean {
    return this.#dialog.open;
  }

  /** Asks why `deals` were lost; `answer` gets a reason id of the pipeline or the text written. */
  ask(deals: readonly Deal[], answer: (reason: string) => void, cancel: () => void): void {
    this.#deals = deals;
    this.#answer = answer;
    this.#cancel = cancel;
    this.#choice = '';
    this.#other = '';
    this.#error = '';
    this.#dialog.show();
  }

  #close(): void {
    this.#dialog.close(false);
    this.#answer = this.#cancel = undefined;
  }

  #cancelled(): void {
    const cancel = this.#cancel;
    this.#close();
    cancel?.();
  }

  #reasons(): string[] {
    return lostReasonIds(this.h.data.pipeline);
  }

  render(): TemplateResult {
    const s = this.h.localize.section(boardActionStrings);
    const lang = this.h.localize.lang();
    const deals = this.#deals;
    const reasons = this.#reasons();
    const other = reasons.length === 0 || this.#choice === OTHER;
    const open = this.#dialog.open && deals.length > 0;
    return html`
      <dialog part="dialog" class="lost" aria-labelledby="lost-title" @cancel=${this.#dialog.onCancelEvent} @keydown=${this.#dialog.onKeydown}>
        ${open ? html`
          <form @submit=${this.#submit} novalidate>
            <h2 id="lost-title">${deals.length === 1 ? s.lostTitle(deals[0]!.title) : s.lostTitleMany(deals.length)}</h2>
            ${reasons.length > 0 ? html`
              <fieldset class="reasons" aria-describedby=${this.#error ? 'lost-error' : nothing}>
                <legend>${s.lostReason}</legend>
                ${[...reasons, OTHER].map((r) => html`
                  <label class="choice">
                    <input type="radio" name="lost-reason" .value=${r} ${checked(this.#choice === r)} @change=${this.#onChoice}>
                    ${r === OTHER ? s.otherReason : lostReasonLabel(r, this.h.data.pipeline, lang)}
                  </label>`)}
              </fieldset>` : nothing}
            ${other ? html`
              <label class="other">${s.otherReasonText}
                <input type="text" name="lost-other" maxlength="200" .value=${live(this.#other)}
                  aria-invalid=${this.#error && other ? 'true' : 'false'} @input=${this.#onOther}>
              </label>` : nothing}
            ${this.#error ? html`<p id="lost-error" class="error" role="alert">${this.#error}</p>` : nothing}
            <div class="buttons">
              <button class="btn" type="button" @click=${() => this.#cancelled()}>${this.h.localize.term('cancel')}</button>
              <button class="btn primary" type="submit">${s.markLost}</button>
            </div>
          </form>` : nothing}
      </dialog>`;
  }

  #focus(selector: string): void {
    void this.h.element.updateComplete.then(() => this.h.element.renderRoot.querySelector<HTMLElement>(`dialog.lost ${selector}`)?.focus());
  }

  readonly #onChoice = (e: Event): void => {
    this.#choice = (e.target as HTMLInputElement).value;
    this.#error = '';
    this.h.element.requestUpdate();
    if (this.#choice === OTHER) this.#focus('input[name="lost-other"]');
  };

  readonly #onOther = (e: Event): void => {
    this.#other = (e.target as HTMLInputElement).value;
    if (this.#other.trim()) this.#error = '';
    this.h.element.requestUpdate();
  };

  readonly #submit = (e: Event): void => {
    e.preventDefault();
    const s = this.h.localize.section(boardActionStrings);
    const other = this.#reasons().length === 0 || this.#choice === OTHER;
    const reason = other ? this.#other.trim() : this.#choice;
    if (!reason) {
      this.#error = other ? s.otherRequired : this.h.localize.term('moveRefused')('lost-reason-required', {});
      this.h.announce(this.#error);
      this.h.element.requestUpdate();
      this.#focus(other ? 'input[name="lost-other"]' : 'input[type="radio"]');
      return;
    }
    const answer = this.#answer;
    this.#close();
    answer?.(reason);
  };
}
