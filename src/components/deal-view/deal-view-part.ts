/**
 * What `<deal-view>` does beyond declaring its properties, downloaded after its first render with
 * the panel it shows: reading the deal and its pipeline from the repository (`deal-id`), and giving
 * the panel (deal-panel.ts) its host. The element sees this part only through `DealViewInputs`.
 */
import { html, type TemplateResult } from 'lit';
import type { Activity, Deal, Pipeline } from '../../core/model.js';
import { adoptAfter } from '../../internal/adopt-styles.js';
import { Announcer } from '../../internal/announcer.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { errorText } from '../../internal/error-text.js';
import { intlLocale } from '../../internal/format.js';
import type { LocalizeController } from '../../internal/localize.js';
import { panelStyles } from '../../internal/panel-styles.js';
import { StoreController, type StoreHost } from '../../internal/store-controller.js';
import { DealPanel } from './deal-panel.js';
import { dealPanelStyles } from './deal-panel.styles.js';
import type { EventDetail } from './panel-host.js';
import { dealViewStrings } from './strings.js';

/** The message sections the view renders with once this part is here. */
export const VIEW_SECTIONS = [dealViewStrings, draftStrings];

/** The public properties of `<deal-view>` the part reads. */
export interface DealViewElement extends StoreHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  readonly deal: Deal | undefined;
  readonly dealId: string | undefined;
  readonly pipeline: Pipeline | undefined;
  readonly owners: Record<string, string> | undefined;
  readonly activities: Activity[] | undefined;
  readonly leadHref: string | undefined;
  readonly now: string | number | undefined;
}

/** What `<deal-view>` lends the part beyond its public properties. */
export interface DealViewAccess {
  /** Pipelines an enclosing provider gives. */
  providedPipelines(): Pipeline[] | undefined;
  readonly localize: LocalizeController;
  emit<K extends keyof HTMLElementEventMap>(name: K, detail: EventDetail<K>, cancelable?: boolean): boolean;
}

/** Reads and shows one deal for a `<deal-view>`. */
export class DealViewPart {
  readonly #announcer: Announcer;
  readonly #store: StoreController<{ id: string | undefined; deal: Deal | undefined; pipeline: Pipeline | undefined }>;
  readonly #panel: DealPanel;

  constructor(private readonly v: DealViewElement, private readonly access: DealViewAccess) {
    const element = v;
    if (element.renderRoot instanceof ShadowRoot) adoptAfter(element.renderRoot, dealPanelStyles, panelStyles);
    this.#announcer = new Announcer(element);
    this.#store = new StoreController(element, {
      collections: ['deals', 'pipelines'],
      load: async (repo) => {
        const id = v.dealId;
        const deal = id ? await repo.deals.get(id) : undefined;
        return { id, deal, pipeline: deal ? await repo.pipelines.get(deal.pipelineId) : undefined };
      },
    });
    const now = () => {
      const t = v.now;
      return t === undefined ? Date.now() : (typeof t === 'number' ? t : Date.parse(t)) || Date.now();
    };
    const pipelineOf = () => this.#pipeline();
    this.#panel = new DealPanel({
      element,
      localize: access.localize,
      get repository() { return element.repository; },
      get pipeline() { return pipelineOf(); },
      get owners() { return v.owners; },
      get activities() { return v.activities; },
      get formatLocale() { return intlLocale(access.localize.requested(), access.localize.lang()); },
      get leadHref() { return v.leadHref; },
      now,
      emit: (name, detail, cancelable) => access.emit(name, detail, cancelable),
      announce: (text) => this.#announcer.announce(text),
      errorText: (error) => errorText(access.localize, error),
    });
  }

  #deal(): Deal | undefined {
    const read = this.#store.value;
    return this.v.deal ?? (read?.id === this.v.dealId ? read?.deal : undefined);
  }

  #pipeline(): Pipeline | undefined {
    const deal = this.#deal();
    return this.v.pipeline ?? this.access.providedPipelines()?.find((p) => p.id === deal?.pipelineId) ?? this.#store.value?.pipeline;
  }

  /** Reads the deal again (its id changed). */
  refresh(): void {
    void this.#store.refresh();
  }

  render(): TemplateResult {
    const deal = this.#deal();
    if (deal) this.#panel.show(deal);
    const read = this.#store.value;
    const missing = !deal && this.v.dealId && read && read.id === this.v.dealId && !this.#store.loading;
    return html`
      ${deal ? this.#panel.render() : html`<p part="status-message" class="muted">${missing
        ? this.access.localize.section(dealViewStrings).notFound(this.v.dealId!) : this.access.localize.term('loading')}</p>`}
      ${this.#announcer.render()}`;
  }
}
