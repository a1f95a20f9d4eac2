/**
 * What a rep does in `<lead-inbox>`: Accept, Reject (a dialog asking for the Reason and, if the
 * lead should come back later, the date), Reassign (a dialog choosing the owner) and, in the pool,
 * Take. Each change is the core's (handoff.ts), stored through the repository (so with REST storage
 * it waits in the outbox while offline), announced, and fired as an event; in controlled use only
 * the event fires.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { acceptLead, reassignLead, rejectToPool } from '../../core/handoff.js';
import type { Lead } from '../../core/model.js';
import { DialogController } from '../../internal/dialog.js';
import { errorText } from '../../internal/error-text.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { L2cElement } from '../../internal/base-element.js';
import type { LeadAcceptedDetail, LeadReassignedDetail, LeadRejectedDetail } from './events.js';
import { leadInboxStrings, type LeadInboxStrings } from './strings.js';

/** What the actions need of their element. */
export interface InboxActionsHost {
  readonly element: L2cElement;
  readonly localize: LocalizeController;
  /** The present (ms): the clock of every change. */
  now(): number;
  /** Who acts: the signed-in user, else the inbox's owner. */
  actor(): string | undefined;
  /** Controlled use: only events fire. */
  controlled(): boolean;
  /** How many leads the list holds now. */
  count(): number;
  /** Who may get a lead, by owner id. */
  ownerChoices(): string[];
  ownerName(id: string | undefined): string;
  leadName(lead: Lead): string;
  announce(text: string): void;
  emit(name: 'lead-accepted', detail: LeadAcceptedDetail): void;
  emit(name: 'lead-rejected', detail: LeadRejectedDetail): void;
  emit(name: 'lead-reassigned', detail: LeadReassignedDetail): void;
  /** After a lead left the list: focus what took its place. */
  settled(leadId: string): void;
  /** The inbox is storing its own change to lead `id` (`on`), or has finished. */
  writing(id: string, on: boolean): void;
}

/** The inbox's actions and their two dialogs. */
export class InboxActions {
  #lead: Lead | undefined;
  #reason = '';
  #reentry = '';
  #owner = '';
  #error = '';
  /** A write is under way (buttons wait). */
  busy = false;
  /** The last failed write, shown until the next action. */
  failure = '';
  readonly #reject: DialogController;
  readonly #reassign: DialogController;

  constructor(private readonly h: InboxActionsHost) {
    const find = (name: string) => () => h.element.renderRoot.querySelector<HTMLDialogElement>(`dialog.${name}`);
    this.#reject = new DialogController(h.element, { find: find('reject'), onCancel: () => this.#reject.close() });
    this.#reassign = new DialogController(h.element, { find: find('reassign'), onCancel: () => this.#reassign.close() });
  }

  /** Accepts `lead` for the signed-in user (else its owner). */
  async accept(lead: Lead): Promise<void> {
    // The lead stays its owner's (a manager may accept in a rep's inbox).
    const next = acceptLead(lead, { by: lead.ownerId ?? this.h.actor(), now: this.h.now() });
    if (await this.#store(next)) {
      this.h.emit('lead-accepted', { lead: next });
      this.#done(lead, this.#s().accepted(this.h.leadName(lead), this.h.count() - 1));
    }
  }

  /** Takes a pooled lead for the signed-in user. */
  async take(lead: Lead): Promise<void> {
    const me = this.h.actor();
    if (me) await this.#give(lead, me);
  }

  /** Opens the reject dialog for `lead`. */
  startReject(lead: Lead): void {
    this.#lead = lead;
    this.#reason = '';
    this.#reentry = '';
    this.#error = '';
    this.#reject.show();
  }

  /** Opens the reassign dialog for `lead`. */
  startReassign(lead: Lead): void {
    this.#lead = lead;
    this.#owner = '';
    this.#error = '';
    this.#reassign.show();
  }

  async #give(lead: Lead, ownerId: string): Promise<boolean> {
    const from = lead.ownerId;
    const next = reassignLead(lead, { ownerId, by: this.h.actor(), now: this.h.now() });
    if (!(await this.#store(next))) return false;
    this.h.emit('lead-reassigned', { lead: next, ...(from ? { from } : {}), to: ownerId });
    this.#done(lead, this.#s().reassigned(this.h.leadName(lead), this.h.ownerName(ownerId)));
    return true;
  }

  async #store(lead: Lead): Promise<boolean> {
    this.failure = '';
    if (this.h.controlled()) return true;
    const repo = this.h.element.repository;
    if (!repo) return false;
    this.busy = true;
    this.h.element.requestUpdate();
    this.h.writing(lead.id, true);
    try {
      await repo.leads.put(lead);
      return true;
    } catch (error) {
      this.failure = this.#s().failed(errorText(this.h.localize, error));
      this.h.announce(this.failure);
      return false;
    } finally {
      this.h.writing(lead.id, false);
      this.busy = false;
      this.h.element.requestUpdate();
    }
  }

  #s(): LeadInboxStrings {
    return this.h.localize.section(leadInboxStrings);
  }

  #done(lead: Lead, text: string): void {
    this.h.announce(text);
    this.h.settled(lead.id);
  }

  readonly #submitReject = async (e: Event): Promise<void> => {
    e.preventDefault();
    const lead = this.#lead;
    if (!lead) return;
    const s = this.h.localize.section(leadInboxStrings);
    // A date alone (the date input) is the start of that day where the rep is.
    const reentryAt = this.#reentry ? new Date(`${this.#reentry}T00:00:00`).toISOString() : undefined;
    const result = rejectToPool(lead, { reason: this.#reason, reentryAt, by: this.h.actor(), now: this.h.now() });
    if (!result.ok) {
      this.#error = s.refusal[result.refusal];
      this.h.announce(this.#error);
      this.h.element.requestUpdate();
      await this.h.element.updateComplete;
      const field = result.refusal.startsWith('reason') ? 'reason' : 'reentry';
      this.h.element.renderRoot.querySelector<HTMLElement>(`dialog.reject [name="${field}"]`)?.focus();
      return;
    }
    this.#reject.close(false);
    if (await this.#store(result.lead)) {
      this.h.emit('lead-rejected', { lead: result.lead, reason: result.lead.rejection!.reason, ...(reentryAt ? { reentryAt: result.lead.reentryAt! } : {}) });
      this.#done(lead, s.rejected(this.h.leadName(lead), this.h.count() - 1));
    }
  };

  readonly #submitReassign = async (e: Event): Promise<void> => {
    e.preventDefault();
    const lead = this.#lead;
    if (!lead) return;
    if (!this.#owner) {
      this.#error = this.h.localize.section(leadInboxStrings).ownerRequired;
      this.h.announce(this.#error);
      this.h.element.requestUpdate();
      return;
    }
    this.#reassign.close(false);
    await this.#give(lead, this.#owner);
  };

  /** Both dialogs (rendered always, shown when asked). */
  render(): TemplateResult {
    const s = this.h.localize.section(leadInboxStrings);
    const lead = this.#lead;
    const name = lead ? this.h.leadName(lead) : '';
    const error = this.#error;
    // The earliest date to come back: tomorrow, where the rep is.
    const t = new Date(this.h.now());
    const tomorrow = new Date(t.getFullYear(), t.getMonth(), t.getDate() + 1);
    const min = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    return html`
      <dialog part="dialog reject-dialog" class="reject" aria-labelledby="reject-title" @cancel=${this.#reject.onCancelEvent} @keydown=${this.#reject.onKeydown}>
        ${this.#reject.open && lead ? html`
          <form @submit=${this.#submitReject} novalidate>
            <h2 id="reject-title">${s.rejectTitle(name)}</h2>
            <div class="field">
              <label for="reject-reason" class="label-row">${s.reasonLabel}<span class="required-mark" aria-hidden="true">*</span></label>
              <input id="reject-reason" name="reason" required maxlength="500" autocomplete="off"
                aria-describedby="reject-reason-help${error && !this.#reentryError() ? ' reject-error' : ''}" aria-invalid=${error && !this.#reentryError() ? 'true' : 'false'}
                .value=${live(this.#reason)} @input=${(e: Event) => { this.#reason = (e.target as HTMLInputElement).value; }}>
              <p id="reject-reason-help" class="muted help">${s.reasonHelp}</p>
            </div>
            <div class="field">
              <label for="reject-reentry" class="label-row">${s.reentryLabel}</label>
              <input id="reject-reentry" name="reentry" type="date" min=${min} aria-describedby="reject-reentry-help${this.#reentryError() ? ' reject-error' : ''}"
                aria-invalid=${this.#reentryError() ? 'true' : 'false'} .value=${live(this.#reentry)} @input=${(e: Event) => { this.#reentry = (e.target as HTMLInputElement).value; }}>
              <p id="reject-reentry-help" class="muted help">${s.reentryHelp}</p>
            </div>
            ${error ? html`<p id="reject-error" class="error" role="alert">${error}</p>` : nothing}
            <div class="buttons">
              <button class="btn" type="button" @click=${() => this.#reject.close()}>${this.h.localize.term('cancel')}</button>
              <button class="btn primary" type="submit" part="confirm-reject">${s.reject}</button>
            </div>
          </form>` : nothing}
      </dialog>
      <dialog part="dialog reassign-dialog" class="reassign" aria-labelledby="reassign-title" @cancel=${this.#reassign.onCancelEvent} @keydown=${this.#reassign.onKeydown}>
        ${this.#reassign.open && lead ? html`
          <form @submit=${this.#submitReassign} novalidate>
            <h2 id="reassign-title">${lead.ownerId ? s.reassignTitle(name) : `${s.assign} ${name}`}</h2>
            <div class="field">
              <label for="reassign-owner" class="label-row">${s.ownerLabel}<span class="required-mark" aria-hidden="true">*</span></label>
              <select id="reassign-owner" name="owner" required aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'reassign-error' : nothing}
                @change=${(e: Event) => { this.#owner = (e.target as HTMLSelectElement).value; this.#error = ''; }}>
                <option value="" ?selected=${this.#owner === ''}>${s.chooseOwner}</option>
                ${this.h.ownerChoices().filter((id) => id !== lead.ownerId).map((id) => html`<option value=${id} ?selected=${this.#owner === id}>${this.h.ownerName(id)}</option>`)}
              </select>
            </div>
            ${error ? html`<p id="reassign-error" class="error" role="alert">${error}</p>` : nothing}
            <div class="buttons">
              <button class="btn" type="button" @click=${() => this.#reassign.close()}>${this.h.localize.term('cancel')}</button>
              <button class="btn primary" type="submit" part="confirm-reassign">${lead.ownerId ? s.reassign : s.assign}</button>
            </div>
          </form>` : nothing}
      </dialog>`;
  }

  #reentryError(): boolean {
    const s = this.h.localize.section(leadInboxStrings);
    return this.#error === s.refusal['reentry-invalid'] || this.#error === s.refusal['reentry-past'];
  }
}
