import { css, html } from 'lit';
import { L2cElement } from '../../src/internal/base-element.js';

/** A minimal element for testing the base class and the token sheet. */
export class TokenProbe extends L2cElement {
  static override defaultTag = 'l2c-token-probe';
  static override styles = [...(L2cElement.styles as []), css`.box { background: var(--_l2c-color-primary); width: 10px; height: 10px; }`];

  get box(): HTMLElement {
    return this.renderRoot.querySelector('.box')!;
  }

  /** Fires a cancelable test event so the base class's `emit` can be checked. */
  fire(): boolean {
    return this.emit('probe-fired', { n: 1 }, { cancelable: true });
  }

  override render() {
    return html`<div class="box"></div><span>${this.localize.term('close')}</span>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'probe-fired': CustomEvent<{ n: number }>;
  }
}
