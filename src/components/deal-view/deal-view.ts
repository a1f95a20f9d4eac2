/**
 * `<deal-view>`: one deal on its own, for a host that lays out its own deal page. The same panel as
 * the board's deal drawer (deal-panel.ts, downloaded after the first render): every field editable
 * in place, the stage under the pipeline's policy, the lead, activities, notes and stage history,
 * and a choice when an edit collides with one saved elsewhere.
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Activity, Deal, Pipeline } from '../../core/model.js';
import { adoptAfter } from '../../internal/adopt-styles.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { intlLocale } from '../../internal/format.js';
import { LazyAttachment, LazyPart } from '../../internal/lazy-part.js';
import { panelStyles } from '../../internal/panel-styles.js';
import { StoreController } from '../../internal/store-controller.js';
import type { Repository } from '../../storage/types.js';
import type * as PanelModule from './deal-panel.js';

export type { ActivityCreatedDetail, ActivityUpdatedDetail, DealUpdatedDetail } from '../../internal/deal-events.js';

const panelPart = new LazyPart<typeof PanelModule>(() => import('./deal-panel.js'));

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

  readonly #announcer = new Announcer(this);
  readonly #store = new StoreController<{ deal: Deal | undefined; pipeline: Pipeline | undefined }>(this, {
    collections: ['deals', 'pipelines'],
    load: async (repo) => {
      const deal = this.dealId ? await repo.deals.get(this.dealId) : undefined;
      return { deal, pipeline: deal ? await repo.pipelines.get(deal.pipelineId) : undefined };
    },
  });

  readonly #panel: LazyAttachment<typeof PanelModule, PanelModule.DealPanel>;

  constructor() {
    super();
    // The panel reads the element through this object; its getters have a `this` of their own.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const view = this;
    this.#panel = new LazyAttachment(panelPart, (m) => {
      if (this.renderRoot instanceof ShadowRoot) adoptAfter(this.renderRoot, m.dealPanelStyles, panelStyles);
      this.requestUpdate();
      return new m.DealPanel({
        element: this,
        localize: this.localize,
        get repository() { return view.repository; },
        get pipeline() { return view.#pipeline(); },
        get owners() { return view.owners; },
        get activities() { return view.activities; },
        get formatLocale() { return intlLocale(view.localize.requested(), view.localize.lang()); },
        get leadHref() { return view.leadHref; },
        now: () => (this.now === undefined ? Date.now() : (typeof this.now === 'number' ? this.now : Date.parse(this.now)) || Date.now()),
        emit: (name, detail, cancelable = false) => this.emit(name, detail, { cancelable }),
        announce: (text) => this.#announcer.announce(text),
        errorText: (error) => (error instanceof Error ? error.message : String(error)),
      });
    });
  }

  /** The repository, except in controlled use (`.deal` set), where the view reads and writes nothing. */
  override get repository(): Repository | undefined {
    return this.deal !== undefined ? undefined : super.repository;
  }

  #deal(): Deal | undefined {
    return this.deal ?? this.#store.value?.deal;
  }

  #pipeline(): Pipeline | undefined {
    const deal = this.#deal();
    return this.pipeline ?? this.provided?.pipelines?.find((p) => p.id === deal?.pipelineId) ?? this.#store.value?.pipeline;
  }

  protected override messageSections(): ReturnType<L2cElement['messageSections']> {
    const sections = super.messageSections();
    return panelPart.module ? [...sections, panelPart.module.dealViewStrings, draftStrings] : sections;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('dealId') && changed.get('dealId') !== undefined) void this.#store.refresh();
  }

  override render(): TemplateResult {
    const deal = this.#deal();
    const panel = this.#panel.value;
    if (deal && panel) panel.show(deal);
    const missing = !deal && this.dealId && this.#store.value && !this.#store.loading;
    return html`
      ${deal && panel ? panel.render() : html`<p part="status-message" class="muted">${missing
        ? panelPart.module?.dealViewStrings ? this.localize.section(panelPart.module.dealViewStrings).notFound(this.dealId!) : this.dealId
        : this.localize.term('loading')}</p>`}
      ${this.#announcer.render()}`;
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    void this.#panel.request();
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.#panel.settled(() => super.getUpdateComplete());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deal-view': DealView;
  }
}
