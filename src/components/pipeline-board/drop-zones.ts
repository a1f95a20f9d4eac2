/**
 * The drop zones that appear while a deal moves: one per won or lost stage that is not shown as a
 * column (Won, Lost), and Delete with `allow-delete`. A bar along the bottom of the window in the
 * top layer, so it is where the pointer can reach it wherever the board sits; by keyboard, the
 * arrow keys go on from the last column to the zones; a click on a zone drops a keyboard move there.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import type { DealMoves } from './board-moves.js';

/** The drop zones of one board. */
export class DropZones implements ReactiveController {
  constructor(private readonly h: MoveHost, private readonly moves: DealMoves) {
    h.element.addController(this);
  }

  hostUpdated(): void {
    const bar = this.h.element.renderRoot.querySelector<HTMLElement>('.zones');
    if (!bar) return;
    try {
      if (!bar.matches(':popover-open')) bar.showPopover();
    } catch { /* no popovers: fixed to the board's nearest containing block */ }
  }

  render(): TemplateResult | typeof nothing {
    const m = this.h.state.moving;
    if (!m) return nothing;
    const zones = this.moves.zones();
    if (zones.length === 0) return nothing;
    const s = this.h.localize.section(boardActionStrings);
    return html`
      <div part="drop-zones" class="zones" role="group" aria-label=${s.dropZones} popover="manual">
        ${zones.map((z) => html`
          <button part=${m.to === z.id ? 'drop-zone drop-zone-target' : 'drop-zone'} class="zone ${z.kind} ${m.to === z.id ? 'target' : ''}"
            type="button" tabindex="-1" data-zone=${z.id} aria-label=${z.label}
            @pointerdown=${this.#keepFocus} @click=${this.#onClick}>${z.label}</button>`)}
      </div>`;
  }

  // A keyboard move ends when its card loses focus: a press on a zone must not take it.
  readonly #keepFocus = (e: PointerEvent): void => {
    e.preventDefault();
  };

  readonly #onClick = (e: MouseEvent): void => {
    const zone = (e.currentTarget as HTMLElement).dataset.zone;
    if (!zone || this.h.state.moving?.source !== 'keyboard') return;
    this.moves.moveTarget(zone, 0);
    this.moves.drop();
  };
}
