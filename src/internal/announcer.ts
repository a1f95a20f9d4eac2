/**
 * The polite live region of an element: `announce(text)` says something to screen-reader users (a
 * move, a filter result, a saved deal) and `render()` draws the region (part `announcer`, visually
 * hidden). One per element; lazily loaded parts announce through the same one.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** A live region whose text is what was last announced. */
export class Announcer implements ReactiveController {
  #text = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** What the region says now (with the invisible mark that makes a repeated text read again). */
  get text(): string {
    return this.#text;
  }

  /** Says `text` in the live region; the same text twice is read twice. */
  announce(text: string): void {
    // A region whose text does not change is not read again: make a repeat differ invisibly.
    this.#text = text === this.#text ? `${text}\u00a0` : text;
    this.host.requestUpdate();
  }

  /** The region: put it once in the element's template. */
  render(): TemplateResult {
    return html`<div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.#text}</div>`;
  }
}
