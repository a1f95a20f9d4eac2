/**
 * The board's deal drawer: an opened deal shown along the side of the window (a modal dialog in
 * the top layer, so it is where the person is looking wherever the board sits), with the deal
 * view's panel inside. The panel is downloaded the first time a deal is opened.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Deal } from '../../core/model.js';
import { DialogController } from '../../internal/dialog.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { adoptAfter } from '../../internal/adopt-styles.js';
import { LazyPart } from '../../internal/lazy-part.js';
import { actionStyles } from './action-styles.js';
import type * as PanelModule from '../deal-view/deal-panel.js';
import type { MoveHost } from './board-host.js';
import { errorText } from '../../internal/error-text.js';

const panelPart = new LazyPart<typeof PanelModule>(() => import('../deal-view/deal-panel.js'));

/** The deal drawer of one board. */
export class DealDrawer {
  #dealId: string | undefined;
  #panel: PanelModule.DealPanel | undefined;
  readonly #dialog: DialogController;

  constructor(private readonly h: MoveHost) {
    this.#dialog = new DialogController(h.element, {
      find: () => h.element.renderRoot.querySelector<HTMLDialogElement>('dialog.drawer'),
      onCancel: () => this.#dialog.close(),
      initialFocus: (d) => d.querySelector<HTMLElement>('input[name="title"]'),
    });
  }

  /** Shows `deal` in the drawer; focus returns to `opener` when it closes. */
  async open(deal: Deal, opener: HTMLElement | null): Promise<void> {
    const m = await panelPart.load();
    const root = this.h.element.renderRoot;
    if (root instanceof ShadowRoot && !this.#panel) adoptAfter(root, m.dealPanelStyles, actionStyles);
    const lang = this.h.localize.lang();
    // The panel's messages in the board's language before it shows (no English first).
    await Promise.all([m.dealViewStrings.load(lang), draftStrings.load(lang)]);
    this.#panel ??= new m.DealPanel(this.#panelHost());
    this.#dealId = deal.id;
    this.#panel.show(deal);
    this.#dialog.show(opener);
  }

  #panelHost(): PanelModule.PanelHost {
    const h = this.h;
    return {
      element: h.element as PanelModule.PanelHost['element'],
      localize: h.localize,
      get repository() { return h.repository; },
      get pipeline() { return h.data.pipeline; },
      get owners() { return { ...Object.fromEntries((h.data.model?.owners ?? []).map((o) => [o, h.data.ownerName(o) ?? o])), ...h.owners }; },
      get activities() { return h.activities; },
      get formatLocale() { return h.formatLocale; },
      leadHref: undefined,
      now: () => h.now(),
      emit: (name, detail, cancelable) => h.emit(name, detail, cancelable),
      announce: (text) => h.announce(text),
      errorText: (error) => errorText(h.localize, error),
    };
  }

  render(): TemplateResult {
    const deal = this.#dealId ? this.h.data.model?.byId.get(this.#dealId) : undefined;
    const open = this.#dialog.open && !!deal && !!this.#panel;
    if (open) this.#panel!.show(deal);
    // The deal was deleted meanwhile (here or elsewhere): nothing left to show.
    else if (this.#dialog.open && this.h.data.model) queueMicrotask(() => this.#dialog.close());
    return html`
      <dialog part="drawer" class="drawer" aria-labelledby="deal-title" @cancel=${this.#dialog.onCancelEvent} @keydown=${this.#dialog.onKeydown}>
        ${open ? html`
          <button class="btn quiet close" type="button" @click=${() => this.#dialog.close()}>${this.h.localize.term('close')}</button>
          ${this.#panel!.render()}` : nothing}
      </dialog>`;
  }
}
