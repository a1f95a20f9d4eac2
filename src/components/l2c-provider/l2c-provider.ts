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
import { RestRepository, type Outbox, type RestOptions } from '../../storage/rest.js';
import type { OutboxChangedDetail } from './events.js';

export type { OutboxChangedDetail } from './events.js';

let rootAttached = false;

/**
 * Shares storage and settings with every l2c element inside it.
 * With REST storage it sends `api-key` (or what `.getHeaders` gives) with every request, and reports
 * its outbox: writes not sent yet, dead letters, and credentials the server refuses.
 * @tag l2c-provider
 * @fires outbox-changed - `{ pending, deadLetters, authorization }` (REST storage): the outbox changed: a write queued, sent, retried or given up on; `authorization` is `unauthorized` (401) or `forbidden` (403) while writes wait for credentials that work.
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

  /**
   * Headers for every REST request, computed per request (may be async): for a single sign-on token
   * that changes, `() => ({ authorization: `Bearer ${token}` })`. Setting it again sends at once the
   * writes that wait for credentials that work.
   */
  @property({ attribute: false }) accessor getHeaders: RestOptions['getHeaders'];

  /** What the outbox holds (REST storage), as last reported by `outbox-changed`. */
  get outboxState(): OutboxChangedDetail | undefined {
    return this.#outboxState;
  }

  private readonly provider = new ContextProvider(this, { context: l2cContext, initialValue: undefined });
  private made: { spec: RepositorySpec; repo: Repository } | undefined;
  // One function for the provider's life, so its repository stays the same when getHeaders changes.
  readonly #headers = (): Record<string, string> | Promise<Record<string, string>> => this.getHeaders?.() ?? {};
  #outboxState: OutboxChangedDetail | undefined;
  #watched: { outbox: Outbox; stop: () => void } | undefined;
  #authorization: OutboxChangedDetail['authorization'] = 'ok';
  #told = false;
  #counting = false;

  /** The repository the elements inside share. */
  override get repository(): Repository | undefined {
    if (this.customRepository) return this.customRepository;
    // A nested provider that names no storage of its own shares its parent's.
    if (!this.store && !this.endpoint && !this.dbName && this.provided?.repository) {
      this.releaseMade();
      return this.provided.repository;
    }
    if (!this.isConnected) return this.made?.repo;
    const spec: RepositorySpec = {
      store: this.store, endpoint: this.endpoint || undefined, dbName: this.dbName || undefined, apiKey: this.apiKey || undefined,
      ...(this.getHeaders ? { getHeaders: this.#headers } : {}),
    };
    if (this.made && (JSON.stringify(this.made.spec) !== JSON.stringify(spec) || this.made.spec.getHeaders !== spec.getHeaders)) this.releaseMade();
    this.made ??= { spec, repo: acquireRepository(spec, { memory: () => new MemoryRepository(), rest: RestRepository })! };
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
    this.#watch(undefined);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.publish();
    // New credentials: what waits for them is sent now, not at its next retry in many minutes.
    // (A first getHeaders makes a new repository, whose sender tries them at once.)
    if (changed.get('getHeaders') && this.getHeaders) void (this.repository as RestRepository).setCredentials?.().catch(() => undefined);
  }

  // Follows the outbox of the repository in use (REST storage) and reports it.
  #watch(outbox: Outbox | undefined): void {
    if (this.#watched?.outbox === outbox) return;
    this.#watched?.stop();
    this.#watched = outbox && {
      outbox,
      stop: outbox.subscribe((e) => {
        if (e.type === 'retry' && (e.cause === 'unauthorized' || e.cause === 'forbidden')) this.#refused(e.cause, e.status);
        else if (e.type === 'sent') this.#authorization = 'ok';
        void this.#count();
      }),
    };
    if (outbox) void this.#count();
  }

  #refused(authorization: 'unauthorized' | 'forbidden', status: number | undefined): void {
    this.#authorization = authorization;
    if (this.#told) return;
    this.#told = true;
    const fix = this.getHeaders
      ? 'the token that its getHeaders property gives'
      : `its api-key attribute (${this.apiKey ? 'now a key the server does not accept' : 'not set'})`;
    console.error(`<${this.localName}>: the server at ${this.endpoint ?? 'the endpoint'} refused this provider's credentials (HTTP ${status ?? ''} ${authorization}). `
      + `Writes wait on this device until they are accepted: fix ${fix}${authorization === 'forbidden' ? ', with a key whose role may write this' : ''}.`);
  }

  // Counts once per burst of events (a batch of writes sends one event per record).
  async #count(): Promise<void> {
    if (this.#counting) return;
    this.#counting = true;
    await new Promise((r) => setTimeout(r));
    this.#counting = false;
    const outbox = this.#watched?.outbox;
    if (!outbox) return;
    try {
      const [pending, deadLetters] = await Promise.all([outbox.pending(), outbox.deadLetters()]);
      if (pending.every((e) => e.lastStatus !== 401 && e.lastStatus !== 403)) this.#authorization = 'ok';
      const detail: OutboxChangedDetail = { pending: pending.length, deadLetters: deadLetters.length, authorization: this.#authorization };
      const before = this.#outboxState;
      if (before && (Object.keys(detail) as (keyof OutboxChangedDetail)[]).every((k) => before[k] === detail[k])) return;
      this.#outboxState = detail;
      this.emit('outbox-changed', detail);
    } catch {
      // The database went away: the elements say so themselves.
    }
  }

  private publish(): void {
    const repository = this.repository;
    this.#watch((repository as RestRepository | undefined)?.outbox);
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
