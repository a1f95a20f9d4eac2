/**
 * The base of every l2c element: shared styles, locale, typed events and registration under any tag.
 */
import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import type { TranslationOverrides } from '../translations/translation.js';
import { LocalizeController } from './localize.js';
import { sharedStyles } from './styles.js';

/** Options for `emit`. */
export interface EmitOptions {
  cancelable?: boolean;
}

/**
 * Base class for the suite's elements.
 * @cssprop --l2c-color-primary - Brand colour for primary actions and highlights.
 * @cssprop --l2c-surface - Background of panels and cards.
 * @cssprop --l2c-text - Body text colour.
 * @cssprop --l2c-font-family - Font family.
 * @cssprop --l2c-radius - Corner radius.
 * @cssprop --l2c-focus-ring - Outline drawn around the focused control.
 */
export class L2cElement extends LitElement {
  /** The tag `define()` registers when no other is given. */
  static defaultTag = '';

  static override styles: CSSResultGroup = sharedStyles;

  /**
   * Registers the element under `tag` (the default tag when omitted). Idempotent: an already defined
   * tag is left alone. A vendor may register the same element under its own tag as well.
   */
  static define(tag: string = this.defaultTag): string {
    if (!tag) throw new Error(`${this.name} has no default tag: pass one to define().`);
    if (!customElements.get(tag)) {
      // The platform allows one tag per constructor: a second tag gets a trivial subclass.
      const taken = customElements.getName?.(this) ?? null;
      customElements.define(tag, taken ? class extends this {} : this);
    }
    return tag;
  }

  /** Locale of this element (BCP 47, e.g. `zh-CN`); by default the closest `lang` or the provider's. */
  @property({ reflect: true }) accessor locale: string | undefined;

  /** Overrides any built-in message for this instance. */
  @property({ attribute: false }) accessor strings: TranslationOverrides | undefined;

  /** A locale given by an enclosing `<l2c-provider>`. */
  @property({ attribute: false }) accessor providedLocale: string | undefined;

  protected readonly localize = new LocalizeController(this);

  /** Dispatches a bubbling, composed event; returns false when a listener cancelled it. */
  protected emit<K extends keyof HTMLElementEventMap>(
    name: K,
    detail: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never,
    options: EmitOptions = {},
  ): boolean {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail });
    return this.dispatchEvent(event);
  }
}
