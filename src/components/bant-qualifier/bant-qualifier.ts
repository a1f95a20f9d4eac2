/**
 * `<bant-qualifier>`: qualifies a lead by Budget, Authority, Need and Timeline (DESIGN.md section 3).
 * A form control (form-associated, value = the JSON result) and, with `lead-id`, the place where an
 * MQL becomes an SQL: it saves the result on the lead, converts an SQL into a deal, or sends the lead
 * back to nurture with a reason and a re-entry date.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { checked as checkedDirective } from '../../internal/checked.js';
import {
  BANT_CRITERIA,
  DEFAULT_BANT_LEVELS,
  evaluateBant,
  validateBantConfig,
  type BantAnswers,
  type BantConfig,
  type BantCriterion,
  type BantLevel,
  type BantModel,
  type BantOutcome,
  type BantResult,
} from '../../core/bant.js';
import type { Deal, Lead, Pipeline, Settings, ValidationError } from '../../core/model.js';
import { FIELD_LIMITS } from '../../core/validate.js';
import { L2cElement } from '../../internal/base-element.js';
import { booleanAttribute } from '../../internal/boolean-attribute.js';
import { panelStyles } from '../../internal/panel-styles.js';
import type { Strings } from '../../internal/localize.js';
import { formatPercent } from '../../internal/format.js';
import { StoreController } from '../../internal/store-controller.js';
import type { Repository } from '../../storage/types.js';
import type * as LeadModule from './bant-lead.js';
import type { BantLead } from './bant-lead.js';
import { bantQualifierStyles } from './bant-qualifier.styles.js';
import type { BantQualifierAnswer, BantQualifierAnswers } from './events.js';
import { bantQualifierStrings, type BantQualifierStrings } from './strings.js';

export type { BantQualifierAnswer, BantQualifierAnswers } from './events.js';

/** Text given once for every locale, or per locale (`{ en: '…', 'zh-CN': '…' }`). */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** A level of a criterion as the qualifier shows it: a core level with a label. */
export interface BantLevelOption extends BantLevel {
  label?: LocalizedText;
}

/** Texts of one criterion that replace the built-in ones. */
export interface BantCriterionText {
  /** The short name (`Budget`). */
  label?: LocalizedText;
  /** The question asked. */
  question?: LocalizedText;
  /** The hint under the question. */
  guidance?: LocalizedText;
}

/** Everything about the qualification that can be configured; every key is optional. */
export interface BantQualifierConfig {
  model?: BantModel;
  threshold?: number;
  passScore?: number;
  weights?: Partial<Record<BantCriterion, number>>;
  levels?: Partial<Record<BantCriterion, BantLevelOption[]>>;
  criteria?: Partial<Record<BantCriterion, BantCriterionText>>;
}

/** The result the qualifier gives: the answers and what core makes of them. */
export interface BantQualifierResult extends BantResult {
  answers: BantQualifierAnswers;
}

/** What is stored on `lead.bant` when a qualification is saved. */
export interface LeadBantRecord {
  answers: BantQualifierAnswers;
  scores: Record<BantCriterion, number | null>;
  total: number;
  outcome: BantOutcome;
  missing: BantCriterion[];
  disqualifiedBy: BantCriterion[];
  /** When it was saved (ISO). */
  at: string;
}

interface Resolved {
  core: BantConfig;
  levels: Record<BantCriterion, readonly BantLevelOption[]>;
  text: Partial<Record<BantCriterion, BantCriterionText>>;
  errors: ValidationError[];
}

/** What the qualifier reads from the repository for `lead-id`. */
export interface LeadData {
  id: string;
  lead: Lead | undefined;
  deals: Deal[];
  pipelines: Pipeline[];
  /** The stored `scoring` settings record: with a learned model, the lead shows its probability and why. */
  scoring?: Settings | undefined;
}

let instances = 0;
let leadModule: typeof LeadModule | undefined;
let leadLoad: Promise<typeof LeadModule> | undefined;

// The lead half is needed only with `lead-id`: one download for every qualifier on the page, a
// failed download may be tried again.
function loadLead(): Promise<typeof LeadModule> {
  leadLoad ??= import('./bant-lead.js').then((m) => (leadModule = m), (error: unknown) => {
    leadLoad = undefined;
    throw error;
  });
  return leadLoad;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown): value is LocalizedText =>
  typeof value === 'string' || (isRecord(value) && Object.values(value).every((v) => typeof v === 'string'));

/** Answers from any input: known criteria only, a non-empty string level, a string note. */
function cleanAnswers(input: unknown): BantQualifierAnswers {
  const out: BantQualifierAnswers = {};
  if (!isRecord(input)) return out;
  for (const c of BANT_CRITERIA) {
    const a = input[c];
    if (!isRecord(a)) continue;
    const answer: BantQualifierAnswer = {};
    if (typeof a.level === 'string' && a.level !== '') answer.level = a.level;
    if (typeof a.note === 'string' && a.note !== '') answer.note = a.note.slice(0, FIELD_LIMITS.longText);
    if (answer.level !== undefined || answer.note !== undefined) out[c] = answer;
  }
  return out;
}

function coreAnswers(answers: BantQualifierAnswers): BantAnswers {
  const out: BantAnswers = {};
  for (const c of BANT_CRITERIA) {
    const a = answers[c];
    if (a?.level !== undefined) out[c] = a.note === undefined ? { level: a.level } : { level: a.level, note: a.note };
  }
  return out;
}

/**
 * Qualifies a lead by Budget, Authority, Need and Timeline, as a form control or on a stored lead.
 *
 * Form participation: the value is the JSON of `result` (answers, scores, total, outcome, missing,
 * disqualifiedBy, complete), submitted under `name`. `required` means every criterion is answered.
 *
 * @tag bant-qualifier
 * @attr {string} name - The name the JSON result is submitted under in the host form.
 * @fires qualification-changed - A level was chosen; detail `{ answers, scores, total, outcome, missing }`.
 * @fires change - A level was chosen or a note was committed (native `Event`, bubbles).
 * @fires qualification-saved - The result and status were saved on the lead; detail `{ lead }`.
 * @fires deal-created - An SQL lead was converted into a deal; detail `{ deal, lead }`.
 * @fires lead-nurtured - The lead went to nurture; detail `{ lead, reason, reentryAt }`.
 * @csspart base - The wrapper of everything.
 * @csspart config-error - The list of invalid settings.
 * @csspart lead - The lead's name, company, status and last qualification.
 * @csspart lead-name - The lead's name and company.
 * @csspart lead-status - The lead's status badge.
 * @csspart probability - The lead's probability of converting, when a learned scoring model is applied (carries `data-probability`).
 * @csspart why - The disclosure of the top factors for and against that probability.
 * @csspart why-factor - One factor (carries `data-direction`: `for` or `against`).
 * @csspart criteria - The grid of the four criteria.
 * @csspart criterion - One criterion (a fieldset); `data-criterion` names it.
 * @csspart question - The legend: criterion name and question.
 * @csspart criterion-name - The criterion's short name.
 * @csspart guidance - The hint under the question.
 * @csspart levels - The radio group of levels.
 * @csspart level - One level (a label); also `level-checked` when chosen.
 * @csspart level-input - The native radio of a level.
 * @csspart level-label - The visible face of a level.
 * @csspart note-label - The label of the note.
 * @csspart note - The note text area.
 * @csspart criterion-error - "Answer this question" after a blocked submit.
 * @csspart outcome - The outcome panel; `data-outcome` is `sql`, `nurture` or `disqualified`.
 * @csspart outcome-badge - The outcome's name.
 * @csspart score - The score text.
 * @csspart score-bar - The score bar track.
 * @csspart score-fill - The filled part of the bar.
 * @csspart score-threshold - The threshold mark on the bar (weighted model).
 * @csspart missing - The criteria still to answer, not met, or disqualifying.
 * @csspart error - The validation message after a blocked submit.
 * @csspart actions - The save button row.
 * @csspart save-button - "Save qualification".
 * @csspart convert - The "Convert to deal" panel.
 * @csspart pipeline-select - The pipeline picker.
 * @csspart value-input - The deal value input.
 * @csspart convert-button - "Convert to deal".
 * @csspart nurture-toggle - "Not ready yet? Send to nurture" (SQL outcome).
 * @csspart nurture - The "Send to nurture" panel.
 * @csspart reason-input - The nurture reason.
 * @csspart reentry-input - The re-entry date.
 * @csspart nurture-button - "Move to nurture".
 * @csspart notice - The result of the last action (a polite live region).
 * @csspart announcer - The visually hidden live region announcing the outcome.
 * @cssprop [--l2c-bant-qualifier-sql-color=var(--l2c-color-success)] - Colour of the SQL outcome.
 * @cssprop [--l2c-bant-qualifier-nurture-color=var(--l2c-color-warning)] - Colour of the nurture outcome.
 * @cssprop [--l2c-bant-qualifier-disqualified-color=var(--l2c-color-danger)] - Colour of the disqualified outcome and of a chosen disqualifying level.
 * @cssprop [--l2c-bant-qualifier-selected-background=var(--l2c-color-primary)] - Background of a chosen level.
 * @cssprop [--l2c-bant-qualifier-selected-color=var(--l2c-color-on-primary)] - Text of a chosen level.
 * @cssprop [--l2c-bant-qualifier-bar-height=8px] - Height of the score bar.
 * @cssstate complete - Every criterion is scored.
 * @cssstate sql - The outcome is sales-qualified.
 * @cssstate nurture - The outcome is nurture.
 * @cssstate disqualified - The outcome is disqualified.
 * @cssstate disabled - The control is disabled (its own `disabled` or a disabled fieldset).
 */
export class BantQualifier extends L2cElement {
  static override defaultTag = 'bant-qualifier';

  /** Takes part in forms (ElementInternals). */
  static formAssociated = true;

  /** Focusing the host (a `<label for>` click, a blocked submit) focuses the first radio inside. */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override styles = [L2cElement.styles, panelStyles, bantQualifierStyles];

  static override messages = [bantQualifierStrings];

  /** The name the value is submitted under in the host form (nothing is submitted without one). */
  get name(): string {
    return this.getAttribute('name') ?? '';
  }

  set name(value: string) {
    this.setAttribute('name', value);
  }

  /** A form with this qualifier cannot be submitted until every criterion is answered. */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true }) accessor required = false;

  /** Disables every control (a disabled ancestor fieldset does the same). */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true }) accessor disabled = false;

  /** `all` (every criterion met) or `weighted` (total against `threshold`); wins over `.config`. */
  @property() accessor model: BantModel | undefined;

  /** The weighted total (0..1) an SQL needs under the `weighted` model (default 0.75); wins over `.config`. */
  @property({ type: Number }) accessor threshold: number | undefined;

  /** Relative weight of each criterion (default equal); wins over `.config`. */
  @property({ attribute: false }) accessor weights: Partial<Record<BantCriterion, number>> | undefined;

  /** Model, threshold, weights, levels and the texts of each criterion; invalid parts are named and replaced by defaults. */
  @property({ attribute: false }) accessor config: BantQualifierConfig | undefined;

  /** The answers `form.reset()` goes back to (default: the lead's saved answers, else none). */
  @property({ attribute: false }) accessor defaultAnswers: BantQualifierAnswers | undefined;

  /** The lead to qualify, read from and saved to the repository. */
  @property({ attribute: 'lead-id' }) accessor leadId: string | undefined;

  /** The pipeline "Convert to deal" picks first (default: the first usable one). */
  @property({ attribute: 'pipeline-id' }) accessor pipelineId: string | undefined;

  /** The current answers by criterion. Setting them fires no event, as with native inputs. */
  get answers(): BantQualifierAnswers {
    return this.current;
  }

  // A plain setter rather than a decorated one: the form value must follow at once, and the
  // update is requested as a reactive property's would be (`answers` in the changed properties).
  set answers(value: BantQualifierAnswers) {
    const old = this.current;
    this.current = cleanAnswers(value);
    this.syncForm();
    this.requestUpdate('answers', old);
  }

  @state() private accessor formDisabled = false;
  @state() private accessor showInvalid = false;
  @state() private accessor announcement = '';

  readonly #internals: ElementInternals;
  private current: BantQualifierAnswers = {};
  private customError = '';
  // Members marked @internal are shared with the lazily loaded lead half (bant-lead.ts), not public API.
  /** @internal The answers changed since the lead's were shown or saved. */
  dirty = false;
  private savedAnswers: BantQualifierAnswers | undefined;
  private appliedKey: string | undefined;
  private resolvedCache: { key: unknown[]; value: Resolved } | undefined;
  /** @internal Prefix of the ids in the shadow root. */
  readonly uid = `bq${++instances}`;
  private lead: BantLead | undefined;
  private leadReady: Promise<unknown> | undefined;

  /** @internal */
  readonly store = new StoreController<LeadData | undefined>(this, {
    collections: ['leads', 'deals', 'pipelines', 'settings'],
    load: (repo) => this.loadLead(repo),
  });

  constructor() {
    super();
    this.#internals = this.attachInternals();
    try {
      // The host is the group a `<label for>` names; the fieldsets inside are its parts.
      this.#internals.role = 'group';
    } catch {
      /* ARIA reflection on ElementInternals is missing: the fieldsets still carry the names. */
    }
    this.addEventListener('invalid', () => {
      this.showInvalid = true;
    });
  }

  private async loadLead(repo: Repository): Promise<LeadData | undefined> {
    const id = this.leadId;
    if (!id) return undefined;
    const [lead, deals, pipelines, scoring] = await Promise.all([
      repo.leads.get(id),
      repo.deals.list({ where: { leadId: id } }),
      this.provided?.pipelines ? Promise.resolve([]) : repo.pipelines.list(),
      // Without the scoring settings (none stored, or not readable) the lead shows no probability.
      repo.settings.get('scoring').catch(() => undefined),
    ]);
    return { id, lead, deals, pipelines, scoring };
  }

  /** The repository, used only while `lead-id` is set (a plain form control opens no database). */
  override get repository(): Repository | undefined {
    return this.leadId ? super.repository : undefined;
  }

  /** The answers and what core makes of them under the current configuration. */
  get result(): BantQualifierResult {
    const result = evaluateBant(coreAnswers(this.current), this.resolved().core);
    return { answers: structuredClone(this.current), ...result };
  }

  /** The form value: `result` as JSON. Setting a JSON string with `answers` sets the answers. */
  get value(): string {
    return JSON.stringify(this.result);
  }

  set value(value: string) {
    let parsed: unknown;
    try {
      parsed = value ? JSON.parse(value) : {};
    } catch {
      parsed = {};
    }
    this.answers = cleanAnswers(isRecord(parsed) ? parsed.answers : undefined);
  }

  /** The form this qualifier belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** The `<label>` elements that name this qualifier. */
  get labels(): NodeList {
    return this.#internals.labels;
  }

  /** The validity state (`valueMissing` while required and incomplete). */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** The message a blocked submit shows. */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** Whether the qualifier takes part in constraint validation (not when disabled). */
  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  /** Checks validity; fires `invalid` when invalid. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** Checks validity and shows the message to the user. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Sets a custom validation message (an empty string clears it), as on native inputs. */
  setCustomValidity(message: string): void {
    this.customError = String(message ?? '');
    this.syncForm();
  }

  /** @internal Called by the platform when a fieldset or the `disabled` attribute disables the qualifier. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** @internal Called by the platform on `form.reset()`. */
  formResetCallback(): void {
    this.answers = this.defaultAnswers ?? this.savedAnswers ?? {};
    this.dirty = false;
    this.showInvalid = false;
    this.announcement = '';
  }

  /** @internal Called by the platform to restore the value after navigation or autofill. */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }

  // `:disabled` covers the attribute and fieldsets at once; the callback's flag serves browsers
  // that cannot match it on custom elements.
  /** @internal */
  get isDisabled(): boolean {
    if (this.disabled) return true;
    try {
      return this.matches(':disabled');
    } catch {
      return this.formDisabled;
    }
  }

  /** @internal */
  get s(): BantQualifierStrings {
    return this.localize.section(bantQualifierStrings);
  }

  private text(value: LocalizedText | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    const lang = this.localize.lang();
    return value[lang] ?? value[lang.split('-')[0]!] ?? value.en ?? Object.values(value)[0];
  }

  /** @internal */
  criterionName(c: BantCriterion, res = this.resolved()): string {
    return this.text(res.text[c]?.label) ?? this.s.criterion[c];
  }

  /** The effective configuration: element attributes over `.config`, invalid parts named and dropped. */
  private resolved(): Resolved {
    const key = [this.config, this.model, this.threshold, this.weights];
    const cached = this.resolvedCache;
    if (cached && cached.key.every((k, i) => k === key[i])) return cached.value;
    const value = this.resolve();
    this.resolvedCache = { key, value };
    return value;
  }

  private resolve(): Resolved {
    const errors: ValidationError[] = [];
    const cfg: Record<string, unknown> = isRecord(this.config) ? this.config : {};
    if (this.config !== undefined && this.config !== null && !isRecord(this.config)) errors.push({ path: 'config', message: 'must be an object' });
    const candidate: Record<string, unknown> = { model: this.model ?? cfg.model ?? 'weighted' };
    const threshold = this.threshold ?? cfg.threshold;
    if (threshold !== undefined) candidate.threshold = threshold;
    if (cfg.passScore !== undefined) candidate.passScore = cfg.passScore;
    const weights = this.weights ?? cfg.weights;
    if (weights !== undefined) candidate.weights = weights;
    if (cfg.levels !== undefined) candidate.levels = cfg.levels;
    errors.push(...validateBantConfig(candidate).errors);

    const text: Partial<Record<BantCriterion, BantCriterionText>> = {};
    if (cfg.criteria !== undefined) {
      if (!isRecord(cfg.criteria)) errors.push({ path: 'criteria', message: 'must be an object' });
      else {
        for (const [c, entry] of Object.entries(cfg.criteria)) {
          if (!(BANT_CRITERIA as readonly string[]).includes(c)) {
            errors.push({ path: `criteria.${c}`, message: `unknown criterion (expected ${BANT_CRITERIA.join(', ')})` });
            continue;
          }
          if (!isRecord(entry)) {
            errors.push({ path: `criteria.${c}`, message: 'must be an object' });
            continue;
          }
          const kept: BantCriterionText = {};
          for (const field of ['label', 'question', 'guidance'] as const) {
            const v = entry[field];
            if (v === undefined) continue;
            if (isText(v)) kept[field] = v;
            else errors.push({ path: `criteria.${c}.${field}`, message: 'must be text, or text by locale' });
          }
          text[c as BantCriterion] = kept;
        }
      }
    }
    if (isRecord(cfg.levels)) {
      for (const c of BANT_CRITERIA) {
        const list = cfg.levels[c];
        if (!Array.isArray(list)) continue;
        list.forEach((level: unknown, i) => {
          if (isRecord(level) && level.label !== undefined && !isText(level.label)) {
            errors.push({ path: `levels.${c}[${i}].label`, message: 'must be text, or text by locale' });
          }
        });
      }
    }

    const bad = (path: string) => errors.some((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
    const core: BantConfig = { model: bad('model') ? 'weighted' : (candidate.model as BantModel) };
    if (candidate.threshold !== undefined && !bad('threshold')) core.threshold = candidate.threshold as number;
    if (candidate.passScore !== undefined && !bad('passScore')) core.passScore = candidate.passScore as number;
    if (candidate.weights !== undefined && !bad('weights')) core.weights = candidate.weights as BantConfig['weights'];
    const levels = { ...DEFAULT_BANT_LEVELS } as Record<BantCriterion, readonly BantLevelOption[]>;
    const customLevels: Partial<Record<BantCriterion, BantLevel[]>> = {};
    // Only a criterion whose own list is wrong falls back to the default levels.
    for (const c of BANT_CRITERIA) {
      const list = isRecord(cfg.levels) ? cfg.levels[c] : undefined;
      if (Array.isArray(list) && !bad(`levels.${c}`)) {
        levels[c] = list as BantLevelOption[];
        customLevels[c] = list as BantLevel[];
      }
    }
    if (Object.keys(customLevels).length > 0) core.levels = customLevels;
    return { core, levels, text, errors };
  }

  private levelLabel(level: BantLevelOption): string {
    return this.text(level.label) ?? this.s.level[level.id] ?? level.id;
  }

  /** Puts the value and the validity into the form. */
  private syncForm(): void {
    const result = this.result;
    const json = JSON.stringify(result);
    this.#internals.setFormValue(json, json);
    const unanswered = BANT_CRITERIA.filter((c) => result.scores[c] === null);
    const anchorFor = (c: BantCriterion | undefined) =>
      (c && this.renderRoot?.querySelector?.<HTMLElement>(`input[data-criterion="${c}"]`)) || undefined;
    if (this.customError) {
      this.#internals.setValidity({ customError: true }, this.customError, anchorFor(unanswered[0] ?? 'budget'));
    } else if (this.required && unanswered.length > 0) {
      const message = this.s.valueMissing(unanswered.map((c) => this.criterionName(c)));
      this.#internals.setValidity({ valueMissing: true }, message, anchorFor(unanswered[0]));
    } else {
      this.#internals.setValidity({});
    }
    this.setState('complete', result.complete);
    for (const o of ['sql', 'nurture', 'disqualified'] as const) this.setState(o, result.outcome === o);
  }

  private setState(name: string, on: boolean): void {
    try {
      if (on) this.#internals.states.add(name);
      else this.#internals.states.delete(name);
    } catch {
      /* No CustomStateSet: styling by state is unavailable, nothing else depends on it. */
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Reflect now rather than after render, so `:disabled` (attribute or fieldset) is current in render.
    if (changed.has('disabled')) this.toggleAttribute('disabled', this.disabled);
    if (changed.has('leadId') && changed.get('leadId') !== undefined) {
      this.appliedKey = undefined;
      this.savedAnswers = undefined;
      this.lead?.reset();
      // Another lead's answers must not carry over to this one.
      this.answers = {};
      this.dirty = false;
      void this.store.refresh();
    }
    if (this.leadId && !this.lead) void this.whenLead();
    this.applyLead();
    this.syncForm();
  }

  /** Loads the lead half (once per page) and attaches it to this qualifier. */
  private whenLead(): Promise<unknown> {
    if (leadModule) {
      this.attachLead(leadModule);
      return Promise.resolve();
    }
    this.leadReady ??= loadLead().then((m) => this.attachLead(m), () => { this.leadReady = undefined; });
    return this.leadReady;
  }

  private attachLead(m: typeof LeadModule): void {
    if (this.lead) return;
    this.lead = new m.BantLead(this, {
      localize: this.localize,
      provided: () => this.provided,
      emit: (name, detail) => { this.emit(name, detail); },
    });
    this.requestUpdate();
  }

  protected override messageSections(): readonly Strings<object>[] {
    const own = super.messageSections();
    return this.leadId && leadModule ? [...own, leadModule.bantLeadStrings, leadModule.probabilityStrings] : own;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    // With `lead-id`, an update is complete once the lead half is attached and has rendered.
    if (this.leadId && !this.lead && this.leadReady) {
      await this.leadReady;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  protected override firstUpdated(): void {
    // The validity anchor (the first unanswered radio) exists only now.
    this.syncForm();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.setState('disabled', this.isDisabled);
    // Sizes go through CSSOM: a style attribute (what styleMap writes on first render) is blocked
    // by a strict CSP without 'unsafe-inline'.
    const fill = this.renderRoot.querySelector<HTMLElement>('.fill');
    fill?.style.setProperty('inline-size', fill.dataset.size ?? '0%');
    const mark = this.renderRoot.querySelector<HTMLElement>('.mark');
    mark?.style.setProperty('inset-inline-start', mark.dataset.start ?? '0');
  }

  /** Shows the lead's saved answers, unless the person has changed them since. */
  private applyLead(): void {
    const data = this.leadData;
    if (!data?.lead) return;
    const saved = cleanAnswers(isRecord(data.lead.bant) ? data.lead.bant.answers : undefined);
    const key = `${data.lead.id}|${JSON.stringify(saved)}`;
    if (key === this.appliedKey) return;
    const first = this.appliedKey === undefined || !this.appliedKey.startsWith(`${data.lead.id}|`);
    this.appliedKey = key;
    this.savedAnswers = saved;
    // What the person answered while the lead was loading is newer than what was saved: it stays
    // (and is what Save stores). Otherwise the saved answers are shown, on the first load only if
    // there are any (answers set by the host before it survive a lead without saved answers).
    if (!this.dirty && (!first || Object.keys(saved).length > 0)) {
      this.answers = saved;
      this.dirty = false;
    }
  }

  /** @internal */
  get leadData(): LeadData | undefined {
    const data = this.store.value;
    return data && data.id === this.leadId ? data : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Answering

  private choose(c: BantCriterion, level: string): void {
    if (this.isDisabled) return;
    this.current = { ...this.current, [c]: { ...this.current[c], level } };
    this.dirty = true;
    this.syncForm();
    this.requestUpdate('answers');
    const r = this.result;
    if (r.complete) this.showInvalid = false;
    this.emit('qualification-changed', { answers: r.answers, scores: r.scores, total: r.total, outcome: r.outcome, missing: r.missing });
    this.dispatchEvent(new Event('change', { bubbles: true }));
    this.announcement = this.s.announce(this.s.outcome[r.outcome], this.missingText(r));
  }

  private typeNote(c: BantCriterion, note: string): void {
    const answer: BantQualifierAnswer = { ...this.current[c] };
    if (note) answer.note = note.slice(0, FIELD_LIMITS.longText);
    else delete answer.note;
    const next = { ...this.current };
    if (answer.level === undefined && answer.note === undefined) delete next[c];
    else next[c] = answer;
    this.current = next;
    this.dirty = true;
    this.syncForm();
    this.requestUpdate('answers');
  }

  private missingText(r: BantResult): string {
    const names = (list: readonly BantCriterion[]) => list.map((c) => this.criterionName(c));
    if (r.disqualifiedBy.length > 0) return this.s.disqualifiedBy(names(r.disqualifiedBy));
    const unanswered = r.missing.filter((c) => r.scores[c] === null);
    const notMet = r.missing.filter((c) => r.scores[c] !== null);
    const parts: string[] = [];
    if (unanswered.length > 0) parts.push(this.s.unanswered(names(unanswered)));
    if (notMet.length > 0) parts.push(this.s.notMet(names(notMet)));
    return parts.length > 0 ? parts.join(' ') : this.s.allMet;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  override render(): TemplateResult {
    const res = this.resolved();
    const r = this.result;
    return html`
      <div part="base" class="base" lang=${this.localize.lang()}>
        ${res.errors.length > 0 ? this.renderConfigErrors(res.errors) : nothing}
        ${this.leadId ? this.lead?.renderLead() ?? nothing : nothing}
        <div part="criteria" class="criteria">${BANT_CRITERIA.map((c) => this.renderCriterion(c, res, r))}</div>
        ${this.showInvalid && !r.complete && this.required && !this.isDisabled
          ? html`<p part="error" class="error invalid-summary" role="alert">${this.validationMessage}</p>`
          : nothing}
        ${this.renderOutcome(r, res)}
        ${this.leadId ? this.lead?.renderActions(r) ?? nothing : nothing}
        <div part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </div>
    `;
  }

  private renderConfigErrors(errors: ValidationError[]): TemplateResult {
    return html`<div part="config-error" class="config-error error surface">
      <p>${this.s.configError}</p>
      <ul>${errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul>
    </div>`;
  }

  private renderCriterion(c: BantCriterion, res: Resolved, r: BantResult): TemplateResult {
    const s = this.s;
    const id = `${this.uid}-${c}`;
    const name = this.criterionName(c, res);
    const question = this.text(res.text[c]?.question) ?? s.question[c];
    const guidance = this.text(res.text[c]?.guidance) ?? s.guidance[c];
    const answer = this.current[c];
    const invalid = this.showInvalid && this.required && r.scores[c] === null && !this.isDisabled;
    const describedBy = invalid ? `${id}-guidance ${id}-error` : `${id}-guidance`;
    return html`
      <fieldset part="criterion" class=${invalid ? 'invalid' : ''} data-criterion=${c} aria-describedby=${describedBy} ?disabled=${this.isDisabled}>
        <legend part="question"><span part="criterion-name" class="name">${name}</span> <span class="question">${question}</span></legend>
        <p part="guidance" class="guidance muted" id="${id}-guidance">${guidance}</p>
        <div part="levels" class="levels">
          ${res.levels[c].map((level) => {
            const checked = answer?.level === level.id;
            return html`<label part="level${checked ? ' level-checked' : ''}" class="level">
              <input type="radio" part="level-input" name=${id} value=${level.id} data-criterion=${c}
                ${checkedDirective(checked)} ?checked=${checked} ?disabled=${this.isDisabled} @change=${() => this.choose(c, level.id)}
              /><span part="level-label" class="face${level.disqualifies ? ' dq' : ''}">${this.levelLabel(level)}${level.disqualifies
                ? html`<span class="visually-hidden"> ${s.disqualifiesHint}</span>`
                : nothing}</span>
            </label>`;
          })}
        </div>
        ${invalid ? html`<p part="criterion-error" class="criterion-error error" id="${id}-error">${s.answerThis}</p>` : nothing}
        <label part="note-label" class="note-label" for="${id}-note">${s.noteLabel(name)}</label>
        <textarea part="note" id="${id}-note" rows="2" maxlength=${FIELD_LIMITS.longText} ?disabled=${this.isDisabled}
          .value=${live(answer?.note ?? '')}
          @input=${(e: Event) => this.typeNote(c, (e.target as HTMLTextAreaElement).value)}
          @change=${() => this.dispatchEvent(new Event('change', { bubbles: true }))}></textarea>
      </fieldset>
    `;
  }

  private renderOutcome(r: BantResult, res: Resolved): TemplateResult {
    const s = this.s;
    const lang = this.localize.lang();
    const weighted = res.core.model === 'weighted';
    const threshold = typeof res.core.threshold === 'number' ? Math.min(1, Math.max(0, res.core.threshold)) : 0.75;
    return html`
      <section part="outcome" class="outcome surface" data-outcome=${r.outcome} aria-labelledby="${this.uid}-outcome">
        <div class="outcome-line">
          <span class="outcome-heading" id="${this.uid}-outcome">${s.outcomeHeading}</span>
          <span part="outcome-badge" class="badge">${s.outcome[r.outcome]}</span>
          <span part="score" class="score-text muted">${s.score(formatPercent(r.total, lang, 0))} · ${weighted
            ? s.threshold(formatPercent(threshold, lang, 0))
            : s.modelAll}</span>
        </div>
        <div part="score-bar" class="bar" aria-hidden="true">
          <div part="score-fill" class="fill" data-size=${`${Math.round(r.total * 1000) / 10}%`}></div>
          ${weighted
            ? html`<div part="score-threshold" class="mark" data-start=${`calc(${threshold * 100}% - 1px)`}></div>`
            : nothing}
        </div>
        <p part="missing" class="missing">${this.missingText(r)}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bant-qualifier': BantQualifier;
  }
}
