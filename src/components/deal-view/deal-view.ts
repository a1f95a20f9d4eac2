/**
 * `<deal-view>`: one deal on its own, for a host that lays out its own deal page. The same panel as
 * the board's deal drawer: every field editable in place, the stage under the pipeline's policy,
 * the lead, activities, notes and stage history, and a choice when an edit collides with one saved
 * elsewhere. This module holds the properties; reading and drawing (deal-view-part.ts with the
 * panel) are downloaded after the first render, so a page pays for them only where a deal shows.
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Activity, Deal, Pipeline } from '../../core/model.js';
import { L2cElement } from '../../internal/base-element.js';
import { LazyAttachment, LazyPart } from '../../internal/lazy-part.js';
import { panelStyles } from '../../internal/panel-styles.js';
import type { Repository } from '../../storage/types.js';
import type * as PartModule from './deal-view-part.js';

export type { ActivityCreatedDetail, ActivityUpdatedDetail, DealUpdatedDetail } from '../../internal/deal-events.js';

const part = new LazyPart<typeof PartModule>(() => import('./deal-view-part.js'));

/**
 * One deal, editable: its fields, stage, lead, activities, notes and stage history.
 *
 * @tag deal-view
 * @fires deal-updated - Fields of the deal were saved (stored, or in controlled use for the host to apply): `{ deal, changes }`.
 * @fires activity-created - An activity was scheduled or a note written: `{ activity }`.
 * @fires activity-updated - An activity was marked done or open again: `{ activity, changes }`.
 * @csspart deal - The whole view (carries `data-deal-id`).
 * @csspart status - The deal's status (open, won, lost).
 * @csspart deal-form - The form of the deal's fields.
 * @csspart field - Each labelled field (also `field-<name>`, e.g. `field-title`).
 * @csspart lead - The deal's contact or lead.
 * @csspart lead-link - The link to the lead (with `lead-href`).
 * @csspart activities - The activities section.
 * @csspart activity - One activity (carries `data-state`: overdue, today, planned, done).
 * @csspart schedule-form - The form that schedules an activity.
 * @csspart notes - The notes section.
 * @csspart note - One note.
 * @csspart history - The stage history.
 * @csspart conflict - Both versions of a deal changed elsewhere, and the choice.
 * @csspart keep-mine - Keeps this version over the one saved elsewhere.
 * @csspart use-theirs - Takes the version saved elsewhere.
 * @csspart status-message - Loading and "no such deal" text.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-deal-view-section-gap - Space between the sections (default the space-5 token).
 * @cssprop --l2c-deal-view-accent - Colour of the status of an open deal (default the primary colour).
 */
export class DealView extends L2cElement {
  static override defaultTag = 'deal-view';

  static override styles = [L2cElement.styles, panelStyles];

  /** The deal to show (controlled: edits only fire events, the host updates this property). */
  @property({ attribute: false }) accessor deal: Deal | undefined;

  /** The id of a deal to read from the repository (when `.deal` is not given). */
  @property({ attribute: 'deal-id', reflect: true }) accessor dealId: string | undefined;

  /** The deal's pipeline; by default the provider's or the repository's pipeline of the deal. */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined;

  /** The deal's activities in controlled use; otherwise read from the repository. */
  @property({ attribute: false }) accessor activities: Activity[] | undefined;

  /** Display names of owners by owner id (the owner field's choices). */
  @property({ attribute: false }) accessor owners: Record<string, string> | undefined;

  /** A link to the deal's lead, `{id}` standing for the lead's id, e.g. `/leads/{id}`. */
  @property({ attribute: 'lead-href' }) accessor leadHref: string | undefined;

  /** The present for due dates and stage durations (ISO or ms); default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  readonly #part = new LazyAttachment<typeof PartModule, PartModule.DealViewPart>(part, (m) => {
    this.requestUpdate();
    return new m.DealViewPart(this, {
      providedPipelines: () => this.provided?.pipelines,
      localize: this.localize,
      emit: (name, detail, cancelable = false) => this.emit(name, detail, { cancelable }),
    });
  });

  /** The repository, except in controlled use (`.deal` set), where the view reads and writes nothing. */
  override get repository(): Repository | undefined {
    return this.deal !== undefined ? undefined : super.repository;
  }

  protected override messageSections(): ReturnType<L2cElement['messageSections']> {
    const sections = super.messageSections();
    return part.module ? [...sections, ...part.module.VIEW_SECTIONS] : sections;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('dealId') && changed.get('dealId') !== undefined) this.#part.value?.refresh();
  }

  override render(): TemplateResult {
    return this.#part.value?.render() ?? html`<p part="status-message" class="muted">${this.localize.term('loading')}</p>`;
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    void this.#part.request();
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.#part.settled(() => super.getUpdateComplete());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deal-view': DealView;
  }
}
