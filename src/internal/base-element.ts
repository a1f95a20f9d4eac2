/**
 * The base of every l2c element: shared styles, locale, typed events, the repository (from an
 * enclosing `<l2c-provider>` or its own `endpoint`/`db-name`), and registration under any tag.
 */
import { LitElement, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Repository } from '../storage/types.js';
import type { TranslationOverrides } from '../translations/translation.js';
import { l2cContext, type L2cContextValue } from './context.js';
import { LocalizeController, translations, type Strings } from './localize.js';
import { acquireRepository, releaseRepository, type RepositorySpec } from './repositories.js';
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
   * The message sections the element renders with (its `Strings`). An update waits until they and
   * the shared messages are loaded in the element's locale, so a page in a lazily loaded language
   * never shows English first.
   */
  static messages: readonly Strings<object>[] = [];

  /** @internal An element that only writes (the lead form): its own REST repository never pulls server records. */
  static writeOnly = false;

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

  /** Overrides any built-in message for this instance (shared ones and the element's own). */
  @property({ attribute: false }) accessor strings: (TranslationOverrides & Record<string, unknown>) | undefined;

  /** REST endpoint to use when the element is not inside an `<l2c-provider>`. */
  @property() accessor endpoint: string | undefined;

  /** IndexedDB database to use when the element is not inside an `<l2c-provider>` (default `l2c`). */
  @property({ attribute: 'db-name' }) accessor dbName: string | undefined;

  /** The API key sent to `endpoint` as `Authorization: Bearer <key>` (for the lead form, a publishable form key). */
  @property({ attribute: 'api-key' }) accessor apiKey: string | undefined;

  /** What an enclosing `<l2c-provider>` gives, if any. */
  @state() protected accessor provided: L2cContextValue | undefined;

  protected readonly localize = new LocalizeController(this);

  private own: { spec: RepositorySpec; repo: Repository } | undefined;

  #unsubscribe: (() => void) | undefined;

  // One callback for the element's life: a provider defined later keeps pending requests only weakly
  // (ContextRoot), so a callback made per request could be collected before the provider comes.
  readonly #onContext = (value: L2cContextValue | undefined, unsubscribe?: () => void): void => {
    // Another provider took over (the element moved): stop listening to the first one.
    if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.provided = value;
  };

  override connectedCallback(): void {
    // Asks an enclosing <l2c-provider> for its setting through the context protocol, as @lit/context's
    // consumer does (a few lines here instead of that module in the lead form's bundle). The provider
    // calls back now and on every change; a provider defined later answers through its ContextRoot.
    // Before the controllers connect, so that none of them opens a storage of the element's own
    // when a provider is there to give one. What an earlier provider gave is forgotten first: an
    // element moved out of it must not keep using its storage.
    this.provided = undefined;
    this.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: l2cContext,
      contextTarget: this,
      subscribe: true,
      callback: this.#onContext,
    }));
    super.connectedCallback();
  }

  /** A locale given by an enclosing `<l2c-provider>`. */
  get providedLocale(): string | undefined {
    return this.provided?.locale;
  }

  /**
   * The repository this element reads and writes: the provider's, else one of its own from
   * `endpoint` (REST) or `db-name` (IndexedDB), shared with other elements asking for the same.
   */
  get repository(): Repository | undefined {
    if (this.provided?.repository) {
      this.dropOwn();
      return this.provided.repository;
    }
    if (!this.isConnected) return undefined;
    const spec: RepositorySpec = {
      endpoint: this.endpoint || undefined, dbName: this.dbName || undefined, apiKey: this.apiKey || undefined,
      writeOnly: (this.constructor as typeof L2cElement).writeOnly,
    };
    const own = this.own?.spec;
    if (own && (own.endpoint !== spec.endpoint || own.dbName !== spec.dbName || own.apiKey !== spec.apiKey)) this.dropOwn();
    // REST: undefined for the moment the adapter's code takes to load (an update follows).
    const repo = this.own?.repo ?? acquireRepository(spec, {}, () => this.requestUpdate());
    if (repo) this.own ??= { spec, repo };
    return repo;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.dropOwn();
  }

  /**
   * The message sections the next render needs: the shared messages and `static messages`, plus
   * those of lazily loaded parts that will render (an element with such parts adds theirs).
   */
  protected messageSections(): readonly Strings<object>[] {
    return [translations, ...(this.constructor as typeof L2cElement).messages];
  }

  // Lit's hook for delaying an update: hold it until the messages of the current locale are here
  // (checked again after waiting, in case the locale or the parts changed meanwhile).
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.localize.pending(this.messageSections());
    return pending ? pending.then(() => this.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Dispatches a bubbling, composed event; returns false when a listener cancelled it. */
  protected emit<K extends keyof HTMLElementEventMap>(
    name: K,
    detail: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never,
    options: EmitOptions = {},
  ): boolean {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail });
    return this.dispatchEvent(event);
  }

  private dropOwn(): void {
    if (!this.own) return;
    releaseRepository(this.own.spec, this.own.repo);
    this.own = undefined;
  }
}
