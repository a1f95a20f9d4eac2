/**
 * `<lead-inbox>` (issue 17): a rep's leads, routed to them and waiting to be accepted, newest first,
 * with score, grade, source and why each was routed; Accept, Reject (with a reason, back to the
 * pool) and Reassign by mouse or keyboard; overdue leads flagged. With `view="pool"` it lists the
 * leads nobody owns, with why (rejected, with the reason, or no rule took them), to Take or Assign.
 * The host composes three controllers: InboxData (what to list), InboxActions (the changes and
 * their dialogs) and the Announcer.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Lead } from '../../core/model.js';
import type { RoutingConfig } from '../../core/routing.js';
import type { ScoringModel } from '../../core/scoring.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { dialogStyles } from '../../internal/dialog.js';
import { ElementStates } from '../../internal/element-states.js';
import { errorText } from '../../internal/error-text.js';
import { handoffStrings } from '../../internal/handoff-strings.js';
import { probabilityStrings, probabilityStyles } from '../../internal/lead-probability.js';
import { rovingTarget } from '../../internal/roving-focus.js';
import { userIdOf } from '../../internal/user.js';
import type { Repository } from '../../storage/types.js';
import type { LeadAcceptedDetail, LeadOpenedDetail, LeadReassignedDetail, LeadRejectedDetail } from './events.js';
import { InboxActions } from './inbox-actions.js';
import { INBOX_VIEWS, InboxData, type InboxItem, type InboxView } from './inbox-data.js';
import { renderRow, type RowContext } from './inbox-view.js';
import { leadInboxStyles } from './lead-inbox.styles.js';
import { leadInboxStrings } from './strings.js';

export type { LeadAcceptedDetail, LeadOpenedDetail, LeadReassignedDetail, LeadRejectedDetail };
export { INBOX_VIEWS, type InboxView };

const DEFAULT_PAGE = 50;
const MINUTE = 60_000;

/**
 * A rep's lead inbox (or, with `view="pool"`, the leads nobody owns): accept, reject to the pool with
 * a reason, reassign; keyboard-complete, announced, offline through the outbox.
 *
 * @tag lead-inbox
 * @fires lead-accepted - `{ lead }`: the owner accepted a lead (status `sql`, `acceptedAt`); stored, or in controlled use for the host to store.
 * @fires lead-rejected - `{ lead, reason, reentryAt? }`: a lead went back to the pool with the reason given (and the date it comes back to routing).
 * @fires lead-reassigned - `{ lead, from?, to }`: a lead went to another owner, or was taken or assigned from the pool.
 * @fires lead-opened - `{ lead }`: the user asked to open a lead (its name, or Enter on its row).
 * @csspart inbox - The whole inbox.
 * @csspart header - The title row: title, count and overdue count.
 * @csspart title - The heading.
 * @csspart summary - How many leads, and how many are overdue.
 * @csspart hint - The keyboard hint.
 * @csspart list - The list of leads.
 * @csspart lead - One lead (carries `data-lead-id` and `data-sla`: `overdue`, `on-time` or `none`).
 * @csspart name - The lead's name (a button that fires `lead-opened`).
 * @csspart company - The lead's company.
 * @csspart meta - Score, source, when it was routed and when it is due.
 * @csspart score - Score and grade.
 * @csspart source - Where the lead came from.
 * @csspart age - When it was routed (or put in the pool).
 * @csspart due - When the SLA ends, for a lead not overdue yet.
 * @csspart sla - The overdue flag.
 * @csspart pending - "Not sent yet": the lead's change waits in the outbox.
 * @csspart reentry - "Back for qualification": a nurtured lead whose re-entry date has passed (listed first).
 * @csspart unsent - How many changes made here wait in the outbox (offline, or the server unreachable).
 * @csspart reason - Why it was routed there, or why it is in the pool.
 * @csspart probability - The lead's probability of converting, when a learned scoring model is applied (carries `data-probability`).
 * @csspart why - The disclosure of the top factors for and against that probability.
 * @csspart why-factor - One factor (carries `data-direction`: `for` or `against`).
 * @csspart actions - The row's buttons.
 * @csspart accept - The Accept button.
 * @csspart reject - The Reject button.
 * @csspart reassign - The Reassign button.
 * @csspart take - The Take button (pool).
 * @csspart assign - The Assign button (pool).
 * @csspart more - The button that shows the next page of leads.
 * @csspart empty - The text of an empty inbox or pool.
 * @csspart status-message - Loading, or no owner set.
 * @csspart error - A read or write that failed.
 * @csspart dialog - Both dialogs (also `reject-dialog` and `reassign-dialog`).
 * @csspart reject-dialog - The dialog asking for the Reason (and the date back to routing).
 * @csspart reassign-dialog - The dialog choosing the new owner.
 * @csspart confirm-reject - The dialog's Reject button.
 * @csspart confirm-reassign - The dialog's Reassign (or Assign) button.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-lead-inbox-overdue - Colour of the overdue flag and of an overdue lead's edge (default the danger token).
 * @cssprop --l2c-lead-inbox-gap - Space between leads (default the space-2 token).
 * @cssprop --l2c-lead-inbox-max-height - Height after which the list scrolls (default none).
 * @cssstate loading - The first read is under way.
 * @cssstate empty - Nothing to list.
 * @cssstate overdue - At least one lead is overdue.
 */
export class LeadInbox extends L2cElement {
  static override defaultTag = 'lead-inbox';

  static override styles = [L2cElement.styles, dialogStyles, probabilityStyles, leadInboxStyles];

  static override messages = [leadInboxStrings, handoffStrings, probabilityStrings];

  /** Whose inbox: an owner id (default: the signed-in user, the `user-id` attribute of the closest ancestor that has one, such as `<l2c-provider user-id>`). */
  @property({ attribute: 'owner-id' }) accessor ownerId: string | undefined;

  /** `mine` (default): the owner's leads waiting to be accepted; `pool`: leads nobody owns. */
  @property() accessor view: InboxView = 'mine';

  /** Leads to list instead of reading the repository (controlled: actions only fire events). */
  @property({ attribute: false }) accessor leads: Lead[] | undefined;

  /** The routing configuration (SLA, teams) in controlled use; otherwise read from `settings`. */
  @property({ attribute: false }) accessor routing: RoutingConfig | undefined;

  /** Display names of owners by owner id (also the choices of Reassign; default the routing teams' members). */
  @property({ attribute: false }) accessor owners: Record<string, string> | undefined;

  /** Hours an owner has to accept a lead before it is flagged (default the routing configuration's SLA). */
  @property({ type: Number, attribute: 'sla-hours' }) accessor slaHours: number | undefined;

  /**
   * A scoring model: each lead then shows its score now, with its page views and visits (recorded
   * by `l2c-elements/track` into `activities`), updated as they arrive; else the score stored on it.
   */
  @property({ attribute: false }) accessor scoring: ScoringModel | undefined;

  /** Leads shown at first, and added by "Show more" (default 50). */
  @property({ type: Number, attribute: 'page-size' }) accessor pageSize: number = DEFAULT_PAGE;

  /** The present for SLAs and times (ISO or ms); default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  readonly #announcer = new Announcer(this);
  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #data = new InboxData(this);
  readonly #actions = new InboxActions({
    element: this,
    localize: this.localize,
    now: () => this.#now(),
    actor: () => userIdOf(this) || this.#owner(),
    controlled: () => this.leads !== undefined,
    count: () => this.#items().length,
    ownerChoices: () => this.#data.ownerChoices(this.owners),
    ownerName: (id) => this.#ownerName(id),
    leadName: (lead) => this.#leadName(lead),
    announce: (text) => this.#announcer.announce(text),
    emit: (name: string, detail: unknown) => this.emit(name as 'lead-accepted', detail as LeadAcceptedDetail),
    settled: (id) => this.#settled(id),
    writing: (id, on) => this.#data.writing(id, on),
  });

  #shown = DEFAULT_PAGE;
  #active = 0;
  #refocus: { id: string; index: number } | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;

  /** The repository, except in controlled use (`.leads` set), where the inbox reads and writes nothing. */
  override get repository(): Repository | undefined {
    return this.leads !== undefined ? undefined : super.repository;
  }

  /** Whose inbox this is: `owner-id`, else the signed-in user (`user-id` on an ancestor). */
  get owner(): string | undefined {
    return this.#owner();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Overdue flags follow the clock (unless the host gives the time), and due leads are routed again.
    this.#ticker = setInterval(() => {
      this.#data.sweep();
      if (this.now === undefined) this.requestUpdate();
    }, MINUTE);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('pageSize') || changed.has('view') || changed.has('ownerId')) this.#shown = this.#page();
    if ((changed.has('view') && changed.get('view') !== undefined) || (changed.has('ownerId') && changed.get('ownerId') !== undefined)
      || (changed.has('scoring') && !changed.get('scoring') && this.scoring)) {
      void this.#data.store.refresh();
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const items = this.#items();
    this.#states.sync({ loading: this.#data.loading, empty: !this.#data.loading && items.length === 0, overdue: items.some((i) => i.overdue) });
    const wanted = this.#refocus;
    if (wanted && !items.some((i) => i.lead.id === wanted.id)) {
      this.#refocus = undefined;
      this.#focusRow(Math.min(wanted.index, Math.min(items.length, this.#shown) - 1));
    }
  }

  override render(): TemplateResult {
    const s = this.localize.section(leadInboxStrings);
    const pool = this.view === 'pool';
    const title = pool ? s.poolTitle : s.inboxTitle;
    const body = this.#body();
    return html`
      <section part="inbox" class="inbox" aria-labelledby="inbox-title">
        <header part="header" class="header">
          <h2 part="title" id="inbox-title">${title}</h2>
          ${body.items ? html`<p part="summary" class="summary">${this.#summary(body.items)}</p>` : nothing}
        </header>
        ${this.#data.unsent ? html`<p part="unsent" class="unsent" role="status">${s.notSentCount(this.#data.unsent)}</p>` : nothing}
        ${body.content}
        ${this.#actions.failure ? html`<p part="error" class="error" role="alert">${this.#actions.failure}</p>` : nothing}
        ${this.#actions.render()}
        ${this.#announcer.render()}
      </section>`;
  }

  #body(): { items?: InboxItem[]; content: TemplateResult } {
    const s = this.localize.section(leadInboxStrings);
    if (this.view !== 'pool' && !this.#owner()) return { content: html`<p part="status-message" class="muted">${s.noOwner}</p>` };
    if (this.#data.store.error && this.leads === undefined) {
      return { content: html`<p part="error" class="error" role="alert">${errorText(this.localize, this.#data.store.error)}</p>` };
    }
    if (this.#data.loading) return { content: html`<p part="status-message" class="muted">${this.localize.term('loading')}</p>` };
    const items = this.#items();
    if (items.length === 0) return { items, content: html`<p part="empty" class="empty muted">${this.view === 'pool' ? s.emptyPool : s.emptyInbox}</p>` };
    const shown = items.slice(0, this.#shown);
    this.#active = Math.max(0, Math.min(this.#active, shown.length - 1));
    const ctx = this.#rowContext();
    const rest = items.length - shown.length;
    return {
      items,
      content: html`
        <p part="hint" class="hint muted" id="inbox-hint">${s.keyboardHint}</p>
        <ul part="list" class="list" aria-label=${s.listLabel(this.view === 'pool' ? s.poolTitle : s.inboxTitle, items.length)} aria-describedby="inbox-hint"
          @keydown=${this.#onKeydown} @focusin=${this.#onFocusin}>
          ${shown.map((item, i) => renderRow(item, i, ctx))}
        </ul>
        ${rest > 0 ? html`<button type="button" part="more" class="btn more" @click=${this.#showMore}>${s.more(Math.min(rest, this.#page()))}</button>` : nothing}`,
    };
  }

  #summary(items: InboxItem[]): string {
    const s = this.localize.section(leadInboxStrings);
    const overdue = items.filter((i) => i.overdue).length;
    return overdue ? `${s.count(items.length)} · ${s.overdueCount(overdue)}` : s.count(items.length);
  }

  #rowContext(): RowContext {
    return {
      s: this.localize.section(leadInboxStrings),
      handoff: this.localize.section(handoffStrings),
      lang: this.localize.lang(),
      now: this.#now(),
      view: this.view,
      active: this.#active,
      busy: this.#actions.busy,
      canTake: Boolean(userIdOf(this) ?? this.ownerId),
      scoring: this.leads === undefined ? this.#data.scoring : undefined,
      probability: this.localize.section(probabilityStrings),
      ownerName: (id) => this.#ownerName(id),
      leadName: (lead) => this.#leadName(lead),
      on: {
        open: (lead) => this.emit('lead-opened', { lead }),
        accept: (lead) => void this.#actions.accept(lead),
        reject: (lead) => this.#actions.startReject(lead),
        reassign: (lead) => this.#actions.startReassign(lead),
        take: (lead) => void this.#actions.take(lead),
      },
    };
  }

  #items(): InboxItem[] {
    return this.#data.items(this.#now());
  }

  #owner(): string | undefined {
    return this.ownerId || userIdOf(this);
  }

  #now(): number {
    const given = typeof this.now === 'number' ? this.now : typeof this.now === 'string' ? Date.parse(this.now) : Number.NaN;
    return Number.isFinite(given) ? given : Date.now();
  }

  #page(): number {
    return Number.isInteger(this.pageSize) && this.pageSize > 0 ? this.pageSize : DEFAULT_PAGE;
  }

  #ownerName(id: string | undefined): string {
    if (!id) return this.localize.section(handoffStrings).nobody;
    return this.owners?.[id] ?? id;
  }

  #leadName(lead: Lead): string {
    return [lead.name, lead.email, lead.company].find((v): v is string => typeof v === 'string' && v.trim() !== '')
      ?? this.localize.section(leadInboxStrings).unnamed;
  }

  // After a lead left the list: the row that takes its place gets focus (when the list shows it).
  #settled(id: string): void {
    const index = this.#items().findIndex((i) => i.lead.id === id);
    const within = this.matches(':focus-within') || this.renderRoot.querySelector('dialog[open]') !== null || index >= 0;
    if (index >= 0 && within) this.#refocus = { id, index };
    // Stored: the row goes now (in controlled use the host decides what the list holds).
    if (this.leads === undefined) this.#data.depart(id);
    this.requestUpdate();
  }

  #focusRow(index: number): void {
    if (index < 0) {
      this.renderRoot.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
      return;
    }
    this.#active = index;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-index="${index}"]`)?.focus());
  }

  readonly #onFocusin = (e: FocusEvent): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('li[data-index]');
    const index = row ? Number(row.dataset.index) : -1;
    if (index >= 0 && index !== this.#active) {
      this.#active = index;
      this.requestUpdate();
    }
  };

  readonly #onKeydown = (e: KeyboardEvent): void => {
    const row = e.target as HTMLElement;
    if (!row.matches('li[data-index]') || e.altKey || e.ctrlKey || e.metaKey) return;
    const index = Number(row.dataset.index);
    const shown = Math.min(this.#items().length, this.#shown);
    const next = rovingTarget(e.key, index, shown, { orientation: 'vertical' });
    if (next !== undefined) {
      e.preventDefault();
      this.#focusRow(next);
      return;
    }
    const item = this.#items()[index];
    if (!item || this.#actions.busy) return;
    const key = e.key.toLowerCase();
    const pool = this.view === 'pool';
    const act = key === 'enter' ? () => this.emit('lead-opened', { lead: item.lead })
      : key === 'a' && !pool ? () => void this.#actions.accept(item.lead)
      : key === 'r' && !pool ? () => this.#actions.startReject(item.lead)
      : key === 'o' ? () => this.#actions.startReassign(item.lead)
      : key === 't' && pool ? () => void this.#actions.take(item.lead)
      : undefined;
    if (!act) return;
    e.preventDefault();
    act();
  };

  readonly #showMore = (): void => {
    const before = this.#shown;
    this.#shown += this.#page();
    const total = this.#items().length;
    this.#announcer.announce(this.localize.section(leadInboxStrings).shown(Math.min(this.#shown, total), total));
    // Focus the first new lead, so the keyboard carries on where the list grew.
    this.#focusRow(Math.min(before, total - 1));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'lead-inbox': LeadInbox;
  }
}
