/**
 * `<l2c-provider>` gives the elements inside it one repository, the pipelines, a locale and a
 * currency (DESIGN.md section 3), through @lit/context.
 */
import { ContextProvider, ContextRoot } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Pipeline } from '../../core/model.js';
import { MemoryRepository } from '../../storage/memory.js';
import type { Repository } from '../../storage/types.js';
import { L2cElement } from '../../internal/base-element.js';
import { l2cContext, type L2cContextValue } from '../../internal/context.js';
import type { Strings } from '../../internal/localize.js';
import { acquireRepository, releaseRepository, type RepositorySpec, type StoreKind } from '../../internal/repositories.js';

let rootAttached = false;

/**
 * Shares storage and settings with every l2c element inside it.
 * @tag l2c-provider
 * @slot - The elements that share this provider's repository and settings.
 */
export class L2cProvider extends L2cElement {
  static override defaultTag = 'l2c-provider';

  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override define(tag?: string): string {
    // Elements upgraded before their provider ask again once it exists.
    if (!rootAttached && typeof document !== 'undefined') {
      new ContextRoot().attach(document.documentElement);
      rootAttached = true;
    }
    return super.define(tag);
  }

  /** Which storage to use: `indexeddb` (default), `memory`, or `rest` (needs `endpoint`). */
  @property() accessor store: StoreKind | undefined;

  /** Currency (ISO 4217) for money the elements show, e.g. `CNY`. */
  @property() accessor currency: string | undefined;

  /** A repository object of your own (any `Repository`); wins over `store`. */
  @property({ attribute: false }) accessor customRepository: Repository | undefined;

  /** Pipelines to use instead of reading them from the repository. */
  @property({ attribute: false }) accessor pipelines: Pipeline[] | undefined;

  private readonly provider = new ContextProvider(this, { context: l2cContext, initialValue: undefined });
  private made: { spec: RepositorySpec; repo: Repository } | undefined;

  /** The repository the elements inside share. */
  override get repository(): Repository | undefined {
    if (this.customRepository) return this.customRepository;
    // A nested provider that names no storage of its own shares its parent's.
    if (!this.store && !this.endpoint && !this.dbName && this.provided?.repository) {
      this.releaseMade();
      return this.provided.repository;
    }
    if (!this.isConnected) return this.made?.repo;
    const spec: RepositorySpec = { store: this.store, endpoint: this.endpoint || undefined, dbName: this.dbName || undefined };
    if (this.made && JSON.stringify(this.made.spec) !== JSON.stringify(spec)) this.releaseMade();
    this.made ??= { spec, repo: acquireRepository(spec, () => new MemoryRepository()) };
    return this.made.repo;
  }

  override set repository(value: Repository | undefined) {
    this.customRepository = value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // At once, not at the first update: the elements inside connect right after their provider (in
    // the same task, from HTML, innerHTML or a template) and must find its storage, not open their own.
    this.publish();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releaseMade();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.publish();
  }

  private publish(): void {
    const repository = this.repository;
    if (!repository) return;
    // A provider inside another provider inherits what it does not set itself.
    const value: L2cContextValue = {
      repository,
      pipelines: this.pipelines ?? this.provided?.pipelines,
      locale: this.locale || this.getAttribute('lang') || this.provided?.locale || undefined,
      currency: this.currency ?? this.provided?.currency,
    };
    const now = this.provider.value;
    const same = now && (Object.keys(value) as (keyof L2cContextValue)[]).every((k) => now[k] === value[k]);
    if (!same) this.provider.setValue(value);
  }

  // The provider shows no text of its own: its context must reach the elements inside at once,
  // not after a language has loaded.
  protected override messageSections(): readonly Strings<object>[] {
    return [];
  }

  override render() {
    return html`<slot></slot>`;
  }

  private releaseMade(): void {
    if (!this.made) return;
    releaseRepository(this.made.spec, this.made.repo);
    this.made = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'l2c-provider': L2cProvider;
  }
}
