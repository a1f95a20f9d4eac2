/**
 * `<scoring-studio>` (issue 14): for a sales-operations user, without code. Reads the stored leads
 * and deals, finds the leads whose outcome is known (core `historyExamples`), trains a scoring
 * model on them off the main thread (`trainScoringModel`), shows its quality on the leads it held
 * out (AUC, lift by decile, the suggested MQL threshold, the strongest factors) next to the current
 * rules measured on the same leads, and applies it: the `scoring` settings record then holds the
 * model as rules and its JSON, so every list of leads shows each lead's probability and why.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { DEFAULT_STALE_DAYS, historyExamples, type HistoryExamples } from '../../core/learn-examples.js';
import type { LearnedScoring } from '../../core/learn.js';
import type { Deal, Lead, Settings } from '../../core/model.js';
import { scoringSettingsOf, type ScoringSettings } from '../../core/settings.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { DialogController, dialogStyles } from '../../internal/dialog.js';
import { ElementStates } from '../../internal/element-states.js';
import { errorText } from '../../internal/error-text.js';
import { figureStyles } from '../../internal/figure-styles.js';
import { formatPercent } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import { chartTokenStyles } from '../../internal/tokens.js';
import { userIdOf } from '../../internal/user.js';
import type { ScoringAppliedDetail } from './events.js';
import { scoringStudioStyles } from './scoring-studio.styles.js';
import { figure, renderResult, type Trained } from './studio-view.js';
import { scoringStudioStrings } from './strings.js';

export type { ScoringAppliedDetail };

/** Leads of each outcome needed before training is offered. */
export const MIN_EXAMPLES_EACH = 10;

interface Loaded {
  leads: Lead[];
  deals: Deal[];
  scoring: ScoringSettings | undefined;
}

/**
 * Trains a lead scoring model from the stored history, shows its quality against the current
 * rules on the same held-out leads, and applies it.
 *
 * @tag scoring-studio
 * @fires scoring-applied - `{ settings }`: the learned model was stored as the `scoring` settings record.
 * @csspart studio - The whole studio.
 * @csspart title - The heading.
 * @csspart intro - Which leads count as converted and not converted.
 * @csspart counts - How many leads to learn from, of each outcome, left out, and the base rate.
 * @csspart problem - Why there is nothing to train on (too few leads, one outcome only), or a training failure.
 * @csspart train - The Train button.
 * @csspart progress - The progress bar while training.
 * @csspart cancel - The Cancel button while training.
 * @csspart quality - AUC, top-decile lift and the lift chart.
 * @csspart auc - The AUC figure.
 * @csspart top-lift - The top-decile lift figure.
 * @csspart lift-chart - The lift chart (a figure with its caption).
 * @csspart lift-details - The disclosure holding the lift table.
 * @csspart lift-table - The lift by decile as a table.
 * @csspart threshold - The suggested MQL threshold with its precision and recall.
 * @csspart factors - A list of factors (also `factors-for` and `factors-against`).
 * @csspart factor - One factor (carries `data-feature`).
 * @csspart compare - The learned model against the current rules.
 * @csspart learned-auc - The learned model's AUC in the comparison.
 * @csspart rules-auc - The current rules' AUC on the same leads.
 * @csspart verdict - Which ranks better, and by how much.
 * @csspart apply - The Apply button.
 * @csspart applied - When the stored scoring was applied.
 * @csspart dialog - The confirmation dialog.
 * @csspart confirm - The dialog's Apply button.
 * @csspart status - Loading, or a failure to read.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-scoring-studio-bar - Colour of deciles above the average (default the chart-1 token).
 * @cssprop --l2c-scoring-studio-bar-low - Colour of deciles below the average (default the chart-6 token).
 * @cssprop --l2c-scoring-studio-for - Colour of factors that raise the chance (default the primary colour).
 * @cssprop --l2c-scoring-studio-against - Colour of factors that lower it (default the danger colour).
 * @cssstate loading - The first read is under way.
 * @cssstate training - A model is being trained.
 * @cssstate trained - A trained model is shown.
 */
export class ScoringStudio extends L2cElement {
  static override defaultTag = 'scoring-studio';

  static override styles = [L2cElement.styles, chartTokenStyles, figureStyles, dialogStyles, scoringStudioStyles];

  static override messages = [scoringStudioStrings];

  /** An open lead older than this many days without converting counts as not converted (default 90). */
  @property({ type: Number, attribute: 'stale-days' }) accessor staleDays: number = DEFAULT_STALE_DAYS;

  /** Fields not to learn from, comma-separated dot paths (fields filled in after the first contact: `custom.tags,custom.quality`). */
  @property() accessor exclude: string | undefined;

  /** Seed of the held-out split (default 1): the same leads and seed give the same model. */
  @property({ type: Number }) accessor seed: number = 1;

  /** The present (ISO or ms) the history is read at; default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  readonly #announcer = new Announcer(this);
  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #store = new StoreController<Loaded>(this, {
    collections: ['leads', 'deals', 'settings'],
    load: async (repo) => {
      const [leads, deals, scoring] = await Promise.all([repo.leads.list(), repo.deals.list({ where: { status: 'won' } }), repo.settings.get('scoring')]);
      return { leads, deals, scoring: scoringSettingsOf(scoring as Settings | undefined) };
    },
  });
  readonly #dialog = new DialogController(this, {
    find: () => this.renderRoot.querySelector<HTMLDialogElement>('dialog'),
    onCancel: () => this.#dialog.close(),
  });

  #memo: { key: unknown[]; history: HistoryExamples } | undefined;
  #abort: AbortController | undefined;
  #trained: Trained | undefined;
  #problem = '';

  /** The examples found in the stored leads (core `historyExamples`). */
  get history(): HistoryExamples {
    const leads = this.#store.value?.leads ?? [];
    const deals = this.#store.value?.deals ?? [];
    const key = [leads, deals, this.staleDays, this.#now()];
    if (!this.#memo || this.#memo.key.some((k, i) => k !== key[i])) {
      const staleDays = Number.isFinite(this.staleDays) && this.staleDays > 0 ? this.staleDays : DEFAULT_STALE_DAYS;
      this.#memo = { key, history: historyExamples(leads, deals, { now: this.#now(), staleDays }) };
    }
    return this.#memo.history;
  }

  /** The model trained last (undefined before training), for a host that wants more than is shown. */
  get model(): LearnedScoring | undefined {
    return this.#trained?.learned;
  }

  /** Trains a model on the stored history (as the Train button does); resolves when it is shown. */
  async train(): Promise<void> {
    const s = this.localize.section(scoringStudioStrings);
    const history = this.history;
    const blocked = this.#blocked(history);
    if (blocked) {
      this.#problem = blocked;
      this.#announcer.announce(blocked);
      this.requestUpdate();
      return;
    }
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#problem = '';
    this.#announcer.announce(s.training(history.examples.length));
    this.requestUpdate();
    const at = new Date(this.#now()).toISOString();
    try {
      const { trainAndMeasure } = await import('./studio-train.js');
      abort.signal.throwIfAborted();
      const options = { seed: this.seed, now: at, exclude: this.#exclude(), signal: abort.signal };
      this.#trained = await trainAndMeasure(history.examples, options, this.#store.value?.scoring?.model, at);
      this.#announcer.announce(s.trained(figure(this.#trained.metrics.auc, this.localize.lang())));
    } catch (error) {
      if (abort.signal.aborted) this.#announcer.announce(s.cancelled);
      else {
        this.#problem = s.failed(errorText(this.localize, error));
        this.#announcer.announce(this.#problem);
      }
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
      this.requestUpdate();
    }
    await this.updateComplete;
    if (this.#trained && !abort.signal.aborted) this.renderRoot.querySelector<HTMLElement>('#quality-title')?.focus();
  }

  /** Stops a training under way. */
  cancel(): void {
    this.#abort?.abort();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#states.sync({ loading: this.#loading(), training: this.#abort !== undefined, trained: this.#trained !== undefined });
  }

  override render(): TemplateResult {
    const s = this.localize.section(scoringStudioStrings);
    if (this.#store.error) return html`<p part="status" class="error" role="alert">${errorText(this.localize, this.#store.error)}</p>`;
    if (this.#loading()) return html`<p part="status" class="muted">${this.localize.term('loading')}</p>`;
    const lang = this.localize.lang();
    const h = this.history;
    const training = this.#abort !== undefined;
    const blocked = this.#blocked(h);
    const applied = this.#store.value?.scoring;
    return html`
      <section part="studio" class="studio" aria-labelledby="studio-title">
        <h2 part="title" id="studio-title">${s.title}</h2>
        <p part="intro" class="muted">${s.intro(this.staleDays)}</p>
        <ul part="counts" class="counts">
          <li>${s.examples(h.examples.length)}</li><li>${s.converted(h.converted)}</li><li>${s.notConverted(h.notConverted)}</li>
          <li>${s.leftOut(h.leftOut)}</li><li>${s.baseRate(formatPercent(h.baseRate, lang))}</li>
        </ul>
        ${applied ? html`<p part="applied" class="muted">${s.appliedAt(new Date(applied.appliedAt).toLocaleString(lang))}</p>` : nothing}
        ${blocked || this.#problem ? html`<p part="problem" class="problem" role="alert">${this.#problem || blocked}</p>` : nothing}
        <div class="actions">
          <button type="button" class="btn primary" part="train" ?disabled=${training || !!blocked} @click=${() => void this.train()}>${this.#trained ? s.retrain : s.train}</button>
          ${training ? html`
            <progress part="progress" aria-label=${s.training(h.examples.length)}></progress>
            <span class="muted" aria-hidden="true">${s.training(h.examples.length)}</span>
            <button type="button" class="btn" part="cancel" @click=${() => this.cancel()}>${s.cancel}</button>` : nothing}
        </div>
        ${this.#trained && !training ? html`
          ${renderResult(this.#trained, s, lang)}
          <div class="actions">
            <button type="button" class="btn primary" part="apply" ?disabled=${!this.repository} @click=${(e: Event) => this.#dialog.show(e.currentTarget as HTMLElement)}>${s.apply}</button>
          </div>` : nothing}
        ${this.#renderDialog()}
        ${this.#announcer.render()}
      </section>`;
  }

  #renderDialog(): TemplateResult {
    const s = this.localize.section(scoringStudioStrings);
    const lang = this.localize.lang();
    const t = this.#trained;
    return html`
      <dialog part="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" @cancel=${this.#dialog.onCancelEvent} @keydown=${this.#dialog.onKeydown}>
        ${this.#dialog.open && t ? html`
          <h2 id="confirm-title">${s.confirmTitle}</h2>
          <p id="confirm-text">${s.confirmText(figure(t.comparison.learnedAuc, lang), t.comparison.rulesAuc === null ? null : figure(t.comparison.rulesAuc, lang))}</p>
          <div class="actions">
            <button type="button" class="btn primary" part="confirm" @click=${() => void this.#apply()}>${s.confirm}</button>
            <button type="button" class="btn" @click=${() => this.#dialog.close()}>${s.cancel}</button>
          </div>` : nothing}
      </dialog>`;
  }

  #loading(): boolean {
    return this.repository !== undefined && this.#store.value === undefined && !this.#store.error;
  }

  #now(): string | number {
    return this.now ?? Date.now();
  }

  #exclude(): string[] {
    return (this.exclude ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  }

  // Why there is nothing to train on, or '' when there is.
  #blocked(h: HistoryExamples): string {
    const s = this.localize.section(scoringStudioStrings);
    if (this.repository === undefined) return '';
    if (h.converted === 0 || h.notConverted === 0) return s.oneClass(h.converted, h.notConverted);
    if (h.converted < MIN_EXAMPLES_EACH || h.notConverted < MIN_EXAMPLES_EACH) return s.tooFew(h.converted, h.notConverted, MIN_EXAMPLES_EACH);
    return '';
  }

  async #apply(): Promise<void> {
    const s = this.localize.section(scoringStudioStrings);
    const t = this.#trained;
    const repo = this.repository;
    if (!t || !repo) return;
    const by = userIdOf(this);
    const settings: ScoringSettings = {
      id: 'scoring', model: t.learned.toScoringModel(), learned: t.learned.toJSON(), appliedAt: new Date(this.#now()).toISOString(), ...(by ? { appliedBy: by } : {}),
    };
    this.#dialog.close();
    try {
      await repo.settings.put(settings);
    } catch (error) {
      this.#problem = s.notSaved(errorText(this.localize, error));
      this.#announcer.announce(this.#problem);
      this.requestUpdate();
      return;
    }
    this.#problem = '';
    this.emit('scoring-applied', { settings });
    this.#announcer.announce(s.applied(figure(t.learned.metrics.auc, this.localize.lang())));
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'scoring-studio': ScoringStudio;
  }
}
