/**
 * `<lead-capture-form>`: the embeddable lead form (DESIGN.md section 3). It validates as a person
 * types and on submit, stores the lead locally first (IndexedDB, or the REST adapter's cache and
 * durable outbox) and reports when the server has it. Spam is caught by a honeypot and a minimum
 * fill time, duplicates by normalised email, and a returning visitor is asked new questions.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { checked } from '../../internal/checked.js';
import { property, state } from 'lit/decorators.js';
import type { Lead, LeadSource } from '../../core/model.js';
import { newId } from '../../core/id.js';
import { DEFAULT_MIN_FILL_MS, cleanText } from '../../core/text.js';
import { FIELD_LIMITS } from '../../core/validate.js';
import { L2cElement } from '../../internal/base-element.js';
import { booleanAttribute } from '../../internal/boolean-attribute.js';
import { restLoaded } from '../../internal/repositories.js';
import { OPT_OUT_KEY, consentKey, leadMemoryKey } from '../../internal/lead-memory.js';
import { StorageError } from '../../storage/errors.js';
import type { Strings } from '../../internal/localize.js';
import type { Repository } from '../../storage/types.js';
import type * as PhoneRules from '../../core/phone.js';
import type * as Scoring from '../../core/scoring.js';
import type { ScoringModel } from '../../core/scoring.js';
import { leadFormStyles } from './lead-capture-form.styles.js';
import { HONEYPOT, LEAD_FIELDS, fieldError, filled, formFields, isPhone } from './fields.js';
import type * as Schema from './schema.js';
import type * as Extras from './submit-extras.js';
import type * as Delivery from './delivery.js';
import type { Delivering, DeliveryState, DeliveryStatus, Tracker } from './delivery.js';
import type { Field, FieldSet, FieldValue, FormField } from './schema.js';
import { leadFormStrings, type BuiltinField, type LeadFormStrings } from './strings.js';

export type { FieldOption, FieldType, FormField, ShowIf } from './schema.js';
export type { FormStepChangedDetail, LeadFailedDetail, LeadFailure, LeadSubmittedDetail, LeadSyncedDetail } from './events.js';

/** `success` (stored; with REST: sent), `pending` (stored, what became of it unknown), or a delivery state. */
type Outcome = 'success' | 'pending' | DeliveryState;

const CONSENT = 'consent';
const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
/** Outcomes after which the lead is safe without this page: a redirect may leave. */
const SAFE: readonly string[] = ['success', 'pending', 'sent', 'offline', 'waiting'];

/** Where the visitor came from: UTM parameters of the page URL, the referrer, the page and `campaign`. */
export function captureSource(campaign?: string): LeadSource {
  const source: LeadSource = {};
  const params = new URLSearchParams(location.search);
  // What the page gives is made safe to store (`?utm_source=%00` decodes to a NUL); the visitor did not type it.
  for (const key of UTM) {
    const v = cleanText(params.get(key) ?? '').trim();
    if (v) source[key] = v.slice(0, FIELD_LIMITS.sourceText);
  }
  if (document.referrer) source.referrer = cleanText(document.referrer).slice(0, FIELD_LIMITS.url);
  source.page = cleanText(location.href.split('#')[0]!).slice(0, FIELD_LIMITS.url);
  if (campaign?.trim()) source.campaign = campaign.trim().slice(0, FIELD_LIMITS.sourceText);
  return source;
}

function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

/**
 * A lead capture form: built-in fields and a `.schema` of custom ones, validation, multi-step,
 * consent, UTM capture, dedup, progressive profiling, scoring and spam checks; offline-safe.
 * Use it standalone (`endpoint` for a REST backend, with `api-key`, else IndexedDB `db-name`) or inside `<l2c-provider>`.
 * With REST storage it says what became of the lead: sent; saved on this device (offline, or the
 * server unreachable: the console says why); refused (naming the fields); not authorised (a wrong
 * `api-key`); or, without IndexedDB, not saved on this device (keep the page open). The server judges
 * spam from the signals sent with the lead (honeypot, fill time, autofill).
 *
 * @tag lead-capture-form
 * @fires lead-submitted - `{ lead }`: the lead is stored locally. With IndexedDB storage this is the end.
 * @fires lead-synced - `{ lead }`: the server accepted the lead (REST storage), possibly much later after an offline submit.
 * @fires lead-failed - `{ lead, error }`: the server refused the lead for good (`error.reason` `rejected`, with `status` and `problem`), it conflicts (`conflict`), or the server kept failing (`failed`, after `attempts` tries); it stays in the outbox dead-letter list.
 * @fires form-step-changed - `{ from, to, total }`: a multi-step form moved to another step (1-based).
 * @slot header - Above the form: a title or an introduction.
 * @slot footer - Below the form: a privacy note or links.
 * @csspart panel - The box around everything.
 * @csspart header - The wrapper of the header slot.
 * @csspart footer - The wrapper of the footer slot.
 * @csspart problems - The list of configuration problems (bad `.schema`, `fields`, `required` or `.scoring`).
 * @csspart returning - "Welcome back" for a returning visitor.
 * @csspart restart - The "Not you? Start over" button.
 * @csspart form - The native form.
 * @csspart progress - Step indicator of a multi-step form.
 * @csspart progress-label - "Step 2 of 3".
 * @csspart progress-bar - The progress bar.
 * @csspart required-note - What the asterisk means.
 * @csspart summary - The error summary.
 * @csspart summary-heading - The summary's heading.
 * @csspart summary-link - A button in the summary that focuses the field with the problem.
 * @csspart field - The wrapper of one field (label, help, control, error).
 * @csspart group - A radio or checkbox group (a fieldset; also has part field).
 * @csspart checkbox - A single checkbox field (also has part field).
 * @csspart consent - The consent checkbox (also has parts field and checkbox).
 * @csspart label - A field's label or legend.
 * @csspart input - A text input, text area or select.
 * @csspart option - One radio button or checkbox of a group, with its label.
 * @csspart help - A field's help text.
 * @csspart error - A field's error message.
 * @csspart required - The asterisk of a required field.
 * @csspart failure - A storage failure message (the form stays, to try again).
 * @csspart actions - The row of buttons.
 * @csspart back - The Back button.
 * @csspart next - The Next button.
 * @csspart submit - The submit button.
 * @csspart success - The message after submitting (also when saved offline or refused); `data-outcome` says which: `success`, `sent`, `offline`, `waiting`, `unsaved`, `refused`, `unauthorized`, `failed`, `pending`.
 * @cssprop --l2c-lead-capture-form-max-width - Widest the form grows (default 560px).
 * @cssprop --l2c-lead-capture-form-gap - Space between fields (default space-4).
 * @cssprop --l2c-lead-capture-form-padding - Padding of the panel (default space-5).
 * @cssprop --l2c-lead-capture-form-background - Background of the panel (default the surface).
 * @cssprop --l2c-lead-capture-form-border - Border of the panel (default 1px solid the border colour).
 * @cssprop --l2c-lead-capture-form-label-weight - Font weight of labels (default 600).
 * @cssprop --l2c-lead-capture-form-accent - Colour of checkboxes, radios and the progress bar (default the primary colour).
 * @cssstate invalid - The last submit or step found fields with problems (cleared when they are fixed and submitted again).
 * @cssstate submitting - The lead is being stored.
 * @cssstate submitted - The lead was accepted (stored, or queued to be sent); the success message shows.
 * @cssstate pending - Submitted, but not on the server yet (offline, waiting for credentials, or not stored).
 * @cssstate failed - The server refused the lead for good, or kept failing.
 */
export class LeadCaptureForm extends L2cElement {
  static override defaultTag = 'lead-capture-form';

  static override styles = [L2cElement.styles, leadFormStyles];

  static override messages = [leadFormStrings];

  /** @internal A form on a public page sends leads; it never downloads the server's leads, deals or pipelines. */
  static override writeOnly = true;

  /** Built-in fields to show, comma-separated (default `name,email,company,phone,message`; also `title,industry,country,region,companySize`). */
  @property() accessor fields: string | undefined;

  /** Fields that must be filled, comma-separated (default `email`). */
  @property() accessor required: string | undefined;

  /** Consent text; when set, a required checkbox with this label, recorded on the lead with a hash and the time. */
  @property() accessor consent: string | undefined;

  /** The message shown after submitting (default a translated thank-you). */
  @property({ attribute: 'success-message' }) accessor successMessage: string | undefined;

  /** An http(s) URL to go to after submitting, instead of the success message. */
  @property() accessor redirect: string | undefined;

  /** Campaign name recorded on `lead.source.campaign`. */
  @property() accessor campaign: string | undefined;

  /** Region (ISO 3166 alpha-2) phone numbers without a country code are read in; default the locale's region, else US. */
  @property({ attribute: 'phone-region' }) accessor phoneRegion: string | undefined;

  /** The fill time (ms from showing the form) under which the server may take a lead for a bot; sent with the lead (default 2000, as the server). */
  @property({ attribute: 'min-fill-ms', type: Number }) accessor minFillMs: number = DEFAULT_MIN_FILL_MS;

  /** Store every submission as a new lead (no dedup by email, no progressive profiling). */
  @property({ attribute: 'allow-duplicates', type: Boolean, converter: booleanAttribute }) accessor allowDuplicates = false;

  /** Custom fields (see `FormField`); a field named like a built-in one takes its place. */
  @property({ attribute: false }) accessor schema: FormField[] | undefined;

  /** A scoring model (core `ScoringModel`): the lead gets `score` and `grade` on submit. */
  @property({ attribute: false }) accessor scoring: ScoringModel | undefined;

  @state() private accessor values: Record<string, FieldValue | undefined> = {};
  @state() private accessor errors: Record<string, string> = {};
  @state() private accessor summary = false;
  @state() private accessor stepIndex = 0;
  @state() private accessor saving = false;
  @state() private accessor outcome: Outcome | undefined;
  @state() private accessor failure: string | undefined;
  @state() private accessor known: Lead | undefined;
  @state() private accessor announcement = '';
  @state() private accessor slotted = { header: false, footer: false };
  @state() private accessor scoringProblems: string[] = [];

  #set: FieldSet = { fields: [], problems: [] };
  readonly #touched = new Set<string>();
  #submitting = false;
  readonly #dirty = new Set<string>();
  readonly #held = new Set<string>();
  #pressing = false;
  readonly #stops = new Set<() => void>();
  readonly #internals: ElementInternals | undefined;
  #startedAt = 0;
  #phone: typeof PhoneRules | undefined;
  private phoneLoad: Promise<unknown> | undefined;
  /** schema.ts: custom fields and returning visitors, loaded when a form has either (null: it failed to load). */
  #more: typeof Schema | null | undefined;
  /** The language the fields were built in, and its messages then (they load on first use). */
  #builtLang = '';
  #builtWith: LeadFormStrings | undefined;
  #moreLoad: Promise<unknown> | undefined;
  #scorer: Promise<typeof Scoring | undefined> | undefined;
  #recalled = false;
  #built = false;
  /** delivery.ts: what became of the lead, loaded for REST storage (undefined until then or if it failed). */
  #delivery: Promise<typeof Delivery | undefined> | undefined;
  #deliveryMod: typeof Delivery | undefined;
  /** The lead being followed through the outbox, and where. */
  #tracked: { lead: Lead; repo: Repository; tracker: Tracker } | undefined;
  #status: DeliveryStatus | undefined;
  /** Whether the browser filled any field (autofill) before submitting. */
  #autofill = false;

  constructor() {
    super();
    // Custom states (`:state(submitting)`…) where the platform has them.
    this.#internals = this.attachInternals?.();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#startedAt ||= performance.now();
    this.#readConfig();
  }

  /**
   * Configuration in markup, for pages without JavaScript of their own: a child
   * `<script type="application/json">` holding `{ "schema": [...], "scoring": {...} }` (or the
   * schema's list alone). Properties set by a script win; the schema is checked as `.schema` is,
   * and what is wrong is shown in the form, naming the field.
   */
  #readConfig(): void {
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (!script) return;
    try {
      const config: unknown = JSON.parse(script.textContent ?? '');
      const { schema, scoring } = (Array.isArray(config) ? { schema: config } : config ?? {}) as { schema?: FormField[]; scoring?: ScoringModel };
      this.schema ??= schema;
      this.scoring ??= scoring;
    } catch (error) {
      this.scoringProblems = [`<script type="application/json">: ${(error as Error).message}`];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const stop of this.#stops) stop();
    this.#stops.clear();
    this.#tracked?.tracker.stop();
  }

  /** The key under which this browser remembers the visitor's lead id, per backend. */
  protected get memoryKey(): string {
    return leadMemoryKey(this.endpoint || (this.repository as { endpoint?: string } | undefined)?.endpoint || '', this.dbName);
  }

  /** Goes to `url` after a submission (a hook for tests and for single-page apps). */
  protected navigate(url: string): void {
    location.assign(url);
  }

  /** Forgets the returning visitor (on a shared computer: "Not you?") and shows the full form. */
  forget(): void {
    try {
      localStorage.removeItem(this.memoryKey);
      localStorage.removeItem(consentKey(this.memoryKey));
    } catch {
      // Storage turned off: nothing was remembered.
    }
    this.known = undefined;
    this.values = this.#initialValues();
    this.errors = {};
    this.summary = false;
    this.stepIndex = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A form with a schema shows its fields once schema.ts is here (updateComplete waits for it).
    if (this.#wantsMore) void this.#loadMore();
    // Choices are named in the page's language (countries, industries, numbers): built again when
    // it changes, and when its messages arrive (a language's strings load on first use).
    const lang = this.localize.lang();
    const s = this.#s;
    if (!this.#waiting && (!this.#built || this.#builtLang !== lang || this.#builtWith !== s || changed.has('fields') || changed.has('required') || changed.has('schema'))) {
      this.#built = true;
      this.#builtLang = lang;
      this.#builtWith = s;
      this.#set = this.#more ? this.#more.buildFields(this.fields, this.required, this.schema, lang, s.industryLabels) : formFields(this.fields, this.required);
      if (this.#set.problems.length) console.warn(`<${this.localName}>:\n${this.#set.problems.join('\n')}`);
      this.values = { ...this.#initialValues(), ...this.values };
    }
    if (changed.has('scoring')) this.#loadScoring();
  }

  /**
   * The phone rules (libphonenumber metadata, 28 KB gzip) are a separate chunk, asked for only when
   * a visitor types in a phone field or sends the form with a phone number (one given before,
   * such as a returning visitor's, is checked then): a visitor who gives no number never downloads them.
   */
  #loadPhone(): Promise<unknown> {
    return this.phoneLoad ??= import('../../core/phone.js').then((m) => {
      this.#phone = m;
      // A phone number left before the rules arrived is checked now, as it would have been then.
      for (const f of this.#visible()) if (isPhone(f) && this.#touched.has(f.name)) this.#recheck(f);
      this.requestUpdate();
    }, () => undefined);
  }

  // Custom fields, or the built-in choice fields (industry, country), need schema.ts.
  get #wantsMore(): boolean {
    return this.schema != null || /\b(industry|country|companySize)\b/.test(this.fields ?? '');
  }

  // True while the fields wait for schema.ts.
  get #waiting(): boolean {
    return this.#wantsMore && this.#more === undefined;
  }

  #loadMore(): Promise<unknown> {
    // Should the chunk fail to load, the built-in fields still work.
    this.#moreLoad ??= import('./schema.js').then((m) => m, () => null).then((m) => {
      this.#more = m;
      this.#built = false;
      this.requestUpdate();
    });
    return this.#moreLoad;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    // The render after schema.ts arrives is part of this update as far as a caller can tell.
    while (this.#waiting && this.#moreLoad) {
      await this.#moreLoad;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Also when the repository arrives late (a provider defined after the form).
    if (!this.#recalled) void this.#recall();
    const repo = this.repository;
    // With REST storage, what tells the visitor where the lead is: here before they submit (and go offline).
    if ((repo as Partial<Delivering> | undefined)?.outbox) void this.#loadDelivery();
    // A new repository (a new api-key): follow the lead there, where it is now sent.
    const tracked = this.#tracked;
    if (tracked && repo && repo !== tracked.repo && this.#deliveryMod && this.outcome) {
      tracked.tracker.stop();
      this.#tracked = { ...tracked, repo, tracker: this.#deliveryMod.track(this.#host(), repo as unknown as Delivering, tracked.lead, 4000, this.outcome as DeliveryState) };
    }
  }

  protected override messageSections(): readonly Strings<object>[] {
    const own = super.messageSections();
    return this.#deliveryMod ? [...own, this.#deliveryMod.deliveryStrings] : own;
  }

  #loadDelivery(): Promise<typeof Delivery | undefined> {
    this.#delivery ??= import('./delivery.js').then((m) => {
      this.#deliveryMod = m;
      this.requestUpdate();
      return m;
    }, () => (this.#delivery = undefined));
    return this.#delivery;
  }

  // What delivery.ts needs of the form.
  #host(): Delivery.DeliveryHost {
    return {
      localName: this.localName,
      inProvider: !!this.provided,
      show: (status) => {
        this.#status = status;
        if (status.state === 'sending') this.#announce(this.localize.section(this.#deliveryMod!.deliveryStrings).sending);
        // After the first answer (the form is gone), a change is shown and announced.
        else if (this.outcome) {
          this.#finish(status.state);
          this.#announce(this.#deliveryMod!.describe(status, this.localize.section(this.#deliveryMod!.deliveryStrings), this.successMessage || this.#s.success));
        }
      },
      synced: (lead) => this.emit('lead-synced', { lead }),
      failed: (lead, error) => this.emit('lead-failed', { lead, error }),
      label: (path) => {
        const f = this.#set.fields.find((x) => x.name === path.replace(/^custom\./, ''));
        return f && this.#labelOf(f);
      },
    };
  }

  // Whether the browser filled `el` (autofill): a person using it fills a form in a second or two.
  #noteAutofill(el: Element): void {
    this.#autofill ||= [':autofill', ':-webkit-autofill'].some((selector) => {
      try {
        return el.matches(selector);
      } catch {
        return false;
      }
    });
  }

  #loadScoring(): void {
    const model = this.scoring;
    this.#scorer = model ? import('../../core/scoring.js').then((m) => {
      const result = m.validateScoringModel(model);
      this.scoringProblems = result.errors.map((e) => `scoring${e.path ? `.${e.path}` : ''}: ${e.message}`);
      return result.ok ? m : undefined;
    }, () => undefined) : undefined;
    if (!model) this.scoringProblems = [];
  }

  // A returning visitor: load the lead this browser submitted before.
  async #recall(): Promise<void> {
    const repo = this.repository;
    if (this.#recalled || !repo || this.allowDuplicates) return;
    this.#recalled = true;
    let id: string | null;
    try {
      id = localStorage.getItem(this.memoryKey);
    } catch {
      return;
    }
    const lead = id ? await repo.leads.get(id).catch(() => undefined) : undefined;
    if (!lead) return;
    // What a returning visitor is asked is decided in schema.ts.
    await this.#loadMore();
    // Someone who has started typing keeps the form in front of them: no field disappears under
    // their hands, and what they type is a lead of its own (dedup by email still applies).
    if (this.#more && this.#dirty.size === 0) this.known = lead;
  }

  /** The values schema fields start with (`value` of a field that is not hidden). */
  #initialValues(): Record<string, FieldValue | undefined> {
    const initial: Record<string, FieldValue | undefined> = {};
    for (const f of this.#set.fields) if (f.value !== undefined && f.type !== 'hidden') initial[f.name] = f.value;
    return initial;
  }

  get #s(): LeadFormStrings {
    return this.localize.section(leadFormStrings);
  }

  #labelOf(f: Field): string {
    return f.label ?? this.#s.fieldLabels[f.name as BuiltinField] ?? f.name;
  }

  /** The fields asked in this visit: a returning visitor skips known ones and gets progressive ones instead. */
  #asked(): Field[] {
    const { fields } = this.#set;
    return this.known && this.#more ? this.#more.askReturning(fields, this.known) : fields.filter((f) => !f.progressive);
  }

  #visible(): Field[] {
    const more = this.#more;
    let list = this.#asked();
    if (more) {
      const byName = new Map(this.#set.fields.map((f) => [f.name, f]));
      // Conditions may depend on what a returning visitor told us before.
      const values = { ...this.known && more.knownValues(this.#set.fields, this.known), ...this.values };
      list = list.filter((f) => more.shown(f, values, byName));
    }
    if (this.consent) list.push({ name: CONSENT, type: 'checkbox', label: this.consent, required: true, step: Infinity, progressive: false, maxLength: 0 });
    return list;
  }

  /** The step numbers in use, in order (steps come with a schema: a form without has one). */
  #stepsOf(visible: Field[]): number[] {
    return this.#more?.stepsOf(visible) ?? [1];
  }

  #stepOf(f: Field, steps: number[]): number {
    return f.step === Infinity ? steps.length - 1 : Math.max(0, steps.indexOf(f.step));
  }

  // Bounds in the reader's format come with schema.ts; the only built-in bound is a company size of 0.
  #formatBound = (v: number | string): string => this.#more?.formatBound(v, this.localize.lang()) ?? String(v);

  #errorOf(f: Field): string | undefined {
    const region = this.phoneRegion || regionOf(this.localize.requested()) || 'US';
    const phone = this.#phone;
    const error = fieldError(f, this.values[f.name], this.#s, this.#formatBound, phone && ((raw) => phone.phoneError(raw, region)), this.#more?.moreChecks);
    return error && f.name === CONSENT ? this.#s.consentRequired : error;
  }

  #fieldFor(name: string): Field | undefined {
    return this.#visible().find((f) => f.name === name);
  }

  // What the controls of a field hold now (also what autofill or a script put there without events).
  #read(f: Field): FieldValue {
    const els = [...this.renderRoot.querySelectorAll<HTMLInputElement>(`[name="${f.name}"]`)];
    if (f.type === 'checkbox') return f.options ? els.filter((e) => e.checked).map((e) => e.value) : els[0]?.checked === true;
    if (f.type === 'radio') return els.find((e) => e.checked)?.value ?? '';
    return els[0]?.value ?? '';
  }

  #recheck(f: Field): void {
    const { [f.name]: _, ...rest } = this.errors;
    const error = this.#errorOf(f);
    this.errors = error ? { ...rest, [f.name]: error } : rest;
  }

  #onInput(e: Event): void {
    this.#noteAutofill(e.target as Element);
    const name = (e.target as HTMLInputElement).name;
    const f = this.#fieldFor(name);
    if (!f || f.type === 'hidden') return;
    if (isPhone(f)) void this.#loadPhone();
    this.values = { ...this.values, [name]: this.#read(f) };
    this.#dirty.add(name);
    // A choice is complete at once; text is checked as typed only after the first blur.
    const choice = f.options !== undefined || f.type === 'checkbox' || f.type === 'date';
    if (this.#touched.has(name) || name in this.errors || (choice && e.type === 'change')) this.#recheck(f);
  }

  // The styles start a tiny animation on a field the browser autofills (the one signal every engine gives).
  #onAnimation(e: AnimationEvent): void {
    if (e.animationName === 'l2c-autofill') this.#autofill = true;
  }

  #onFocusOut(e: FocusEvent): void {
    const name = (e.target as HTMLInputElement).name;
    const f = this.#fieldFor(name);
    if (!f || !this.#dirty.has(name)) return;
    this.#touched.add(name);
    // Leaving a field by pressing a button: a message appearing now would move the button away
    // before the press ends and the click would be lost, so the check waits for the release.
    if (this.#pressing) this.#held.add(name);
    else this.#recheck(f);
  }

  #onPointerDown(): void {
    this.#pressing = true;
    const release = (): void => {
      removeEventListener('pointerup', release);
      removeEventListener('pointercancel', release);
      // After the click that the release makes.
      setTimeout(() => {
        this.#pressing = false;
        for (const name of this.#held) {
          const f = this.#fieldFor(name);
          if (f) this.#recheck(f);
        }
        this.#held.clear();
      });
    };
    addEventListener('pointerup', release);
    addEventListener('pointercancel', release);
  }

  // A live region speaks only when its text changes: the same message twice differs by a space.
  #announce(text: string): void {
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  async #onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    // One submission at a time, from the first press: a double click or a second Enter while a
    // chunk loads or the lead is stored would otherwise store it twice (or skip a step).
    if (this.#submitting) return;
    this.#submitting = true;
    try {
      await this.#submit();
    } finally {
      this.#submitting = false;
    }
  }

  async #submit(): Promise<void> {
    const visible = this.#visible();
    const steps = this.#stepsOf(visible);
    // An answer may have hidden the fields of later steps, this one included.
    this.stepIndex = Math.min(this.stepIndex, steps.length - 1);
    const last = this.stepIndex === steps.length - 1;
    for (const f of visible) {
      if (f.type !== 'hidden' && this.#stepOf(f, steps) === this.stepIndex) this.values = { ...this.values, [f.name]: this.#read(f) };
    }
    if (visible.some((f) => isPhone(f) && filled(this.values[f.name]))) await this.#loadPhone();
    // On the last step every visible field is checked again: an earlier answer may have changed what is shown.
    const check = visible.filter((f) => f.type !== 'hidden' && (last || this.#stepOf(f, steps) === this.stepIndex));
    const errors: Record<string, string> = {};
    for (const f of check) {
      const error = this.#errorOf(f);
      if (error) errors[f.name] = error;
      this.#touched.add(f.name);
    }
    const invalid = check.filter((f) => errors[f.name]);
    this.errors = errors;
    this.summary = invalid.length > 0;
    this.#setState('invalid', invalid.length > 0);
    if (invalid.length) {
      this.#announce(this.#s.summary(invalid.length));
      const first = invalid[0]!;
      this.#go(this.#stepOf(first, steps), steps.length);
      await this.updateComplete;
      this.#focusField(first.name);
      return;
    }
    if (!last) {
      this.#go(this.stepIndex + 1, steps.length);
      await this.updateComplete;
      this.#focusField(visible.find((f) => f.type !== 'hidden' && this.#stepOf(f, steps) === this.stepIndex)?.name);
      return;
    }
    await this.#save(visible.filter((f) => f.name !== CONSENT));
  }

  #back(): void {
    const steps = this.#stepsOf(this.#visible());
    this.#go(this.stepIndex - 1, steps.length);
    void this.updateComplete.then(() => {
      const visible = this.#visible();
      this.#focusField(visible.find((f) => f.type !== 'hidden' && this.#stepOf(f, this.#stepsOf(visible)) === this.stepIndex)?.name);
    });
  }

  #go(index: number, total: number): void {
    if (index === this.stepIndex) return;
    const from = this.stepIndex + 1;
    this.stepIndex = index;
    this.summary = false;
    this.#announce(this.#s.step(index + 1, total));
    this.emit('form-step-changed', { from, to: index + 1, total });
  }

  #focusField(name: string | undefined): void {
    if (name) this.renderRoot.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  }

  #setState(name: string, on: boolean): void {
    try {
      if (on) this.#internals?.states.add(name);
      else this.#internals?.states.delete(name);
    } catch {
      // Older engines accept only `--dashed` state names; states are an extra, never required.
    }
  }

  async #save(asked: Field[]): Promise<void> {
    const elapsedMs = Math.round(performance.now() - this.#startedAt);
    const honeypot = this.renderRoot.querySelector<HTMLInputElement>(`[name="${HONEYPOT}"]`)?.value ?? '';
    for (const el of this.renderRoot.querySelectorAll('input, textarea, select')) this.#noteAutofill(el);
    // Consent and redirect are optional: their code is a chunk of its own, loaded on submit.
    const extras = this.consent || this.redirect ? await import('./submit-extras.js').catch(() => undefined) : undefined;
    const redirect = extras?.safeRedirect(this.redirect);
    // A form with an endpoint may be submitted before the REST adapter's code is here (a moment after load).
    const repo = this.repository ?? (this.endpoint && !this.provided ? await restLoaded().then(() => this.repository, () => undefined) : undefined);
    const outbox = (repo as Partial<Delivering> | undefined)?.outbox;
    // With REST storage the server judges spam from the signals sent with the lead (and keeps a
    // suspect one, flagged); in the visitor's own browser only a filled honeypot is dropped. A fast
    // fill is no proof: a person using autofill fills a form in under two seconds.
    if (honeypot !== '' && !outbox) {
      this.#finish('success', redirect);
      return;
    }
    if (!repo) return;
    this.saving = true;
    this.failure = undefined;
    this.#setState('submitting', true);
    this.#tracked?.tracker.stop();
    this.#status = undefined;
    try {
      const lead = await this.#buildLead(asked, repo, extras);
      const delivery = outbox && await this.#loadDelivery();
      const tracker = delivery?.track(this.#host(), repo as unknown as Delivering, lead);
      if (tracker) this.#tracked = { lead, repo, tracker };
      try {
        await repo.leads.put(lead, { meta: { _hp: honeypot, _elapsedMs: elapsedMs, _minFillMs: this.minFillMs, _autofill: this.#autofill } });
      } catch (error) {
        // Nothing reached the outbox: stop following it; the person can try again.
        tracker?.stop();
        throw error;
      }
      if (!this.allowDuplicates) {
        try {
          localStorage.setItem(this.memoryKey, lead.id);
          // The tracker (l2c-elements/track) follows a visitor only after a submission with consent.
          if (lead.consent) {
            localStorage.setItem(consentKey(this.memoryKey), lead.consent.at);
            localStorage.removeItem(OPT_OUT_KEY);
          } else localStorage.removeItem(consentKey(this.memoryKey));
        } catch {
          // No local storage: the visitor is simply not recognised next time.
        }
      }
      this.emit('lead-submitted', { lead });
      // With REST storage, what the first answer says (bounded: after a few seconds, "saved, will be sent").
      this.#finish(tracker ? await tracker.first : outbox ? 'pending' : 'success', redirect);
    } catch (error) {
      this.failure = this.#storageMessage(error);
    } finally {
      this.saving = false;
      this.#setState('submitting', false);
    }
  }

  #finish(outcome: Outcome, redirect?: string): void {
    const first = !this.outcome;
    this.outcome = outcome;
    this.#setState('submitted', true);
    this.#setState('pending', ['pending', 'offline', 'waiting', 'unsaved', 'unauthorized'].includes(outcome));
    this.#setState('failed', outcome === 'refused' || outcome === 'failed');
    if (!first) return;
    if (redirect && SAFE.includes(outcome)) {
      this.navigate(redirect);
      return;
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="success"]')?.focus());
  }

  #storageMessage(error: unknown): string {
    if (error instanceof StorageError) {
      if (error.code === 'quota') return this.localize.term('storageQuota');
      if (error.code === 'blocked') return this.localize.term('storageBlocked');
      if (error.code === 'unavailable') return this.localize.term('storageUnavailable');
    }
    return error instanceof Error ? error.message : String(error);
  }

  async #buildLead(asked: Field[], repo: Repository, extras: typeof Extras | undefined): Promise<Lead> {
    const now = new Date().toISOString();
    const top: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    const region = this.phoneRegion || regionOf(this.localize.requested()) || 'US';
    for (const f of asked) {
      const v = f.type === 'hidden' ? f.value : this.values[f.name];
      if (typeof v !== 'boolean' && !filled(v)) continue;
      let out: unknown = typeof v === 'string' ? v.trim() : v;
      if (f.type === 'number' || f.integer) out = Number(out);
      // Phone numbers are stored in E.164, so dedup and dialling work whatever the visitor typed.
      if (isPhone(f)) out = this.#phone?.normalizePhone(out, region) ?? out;
      (LEAD_FIELDS.has(f.name) ? top : custom)[f.name] = out;
    }
    let existing: Lead | undefined;
    if (!this.allowDuplicates) {
      if (this.known) existing = await repo.leads.get(this.known.id);
      if (!existing && typeof top['email'] === 'string') existing = (await repo.leads.list({ where: { email: top['email'] }, limit: 1 }))[0];
    }
    const source = captureSource(this.campaign);
    const lead: Lead = existing
      ? {
          // A returning or duplicate person: the same lead, with what they told us now on top.
          ...existing,
          ...top,
          ...(Object.keys(custom).length ? { custom: { ...existing.custom, ...custom } } : {}),
          updatedAt: now,
          source: existing.source ?? source,
          submissions: (Number(existing['submissions']) || 1) + 1,
        }
      : {
          id: newId(),
          createdAt: now,
          updatedAt: now,
          status: 'new',
          ...top,
          ...(Object.keys(custom).length ? { custom } : {}),
          source,
          submissions: 1,
        };
    if (this.consent) {
      if (!extras) throw new Error('The consent could not be recorded: the page failed to load part of the form. Try again.');
      lead.consent = { text: this.consent.slice(0, FIELD_LIMITS.longText), version: await extras.consentVersion(this.consent), at: now };
    }
    const scoring = await this.#scorer;
    if (scoring && this.scoring) {
      const result = scoring.scoreLead(lead, [], this.scoring);
      lead.score = result.score;
      lead.grade = result.grade;
    }
    return lead;
  }

  #onSlotChange(e: Event): void {
    const slot = e.target as HTMLSlotElement;
    this.slotted = { ...this.slotted, [slot.name]: slot.assignedNodes({ flatten: true }).length > 0 };
  }

  override render(): TemplateResult {
    const s = this.#s;
    const problems = [...this.#set.problems, ...this.scoringProblems];
    return html`<div part="panel" lang=${this.localize.lang()}>
      <div part="header" ?hidden=${!this.slotted.header}><slot name="header" @slotchange=${this.#onSlotChange}></slot></div>
      ${problems.length
        ? html`<div part="problems" role="note"><p>${s.configProblems}</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`
        : nothing}
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.outcome ? this.#renderDone(s) : this.#waiting ? nothing : this.#renderForm(s)}
      <div part="footer" ?hidden=${!this.slotted.footer}><slot name="footer" @slotchange=${this.#onSlotChange}></slot></div>
    </div>`;
  }

  #renderDone(s: LeadFormStrings): TemplateResult {
    const success = this.successMessage || s.success;
    const m = this.#deliveryMod;
    const status = this.#status;
    const text = m && status && status.state === this.outcome
      ? m.describe(status, this.localize.section(m.deliveryStrings), success)
      : this.outcome === 'pending' ? s.pending : success;
    // Focused when shown; later changes are announced through the live region above.
    return html`<p part="success" tabindex="-1" data-outcome=${this.outcome!}>${text}</p>`;
  }

  #renderForm(s: LeadFormStrings): TemplateResult {
    const visible = this.#visible();
    const steps = this.#stepsOf(visible);
    const index = Math.min(this.stepIndex, steps.length - 1);
    const total = steps.length;
    const here = visible.filter((f) => f.type === 'hidden' || this.#stepOf(f, steps) === index);
    const invalid = here.filter((f) => this.errors[f.name]);
    const last = index === total - 1;
    return html`
      ${this.known
        ? html`<p part="returning">${s.welcomeBack(typeof this.known.name === 'string' ? this.known.name : undefined)}
            <button type="button" part="restart" class="link" @click=${this.forget}>${s.notYou}</button></p>`
        : nothing}
      <form part="form" novalidate @submit=${this.#onSubmit} @input=${this.#onInput} @change=${this.#onInput} @focusout=${this.#onFocusOut}
        @pointerdown=${this.#onPointerDown} @animationstart=${this.#onAnimation}>
        ${total > 1 ? this.#more?.renderProgress(s, index, total) : nothing}
        ${here.some((f) => f.required && f.type !== 'hidden') ? html`<p part="required-note" class="muted">${s.requiredNote}</p>` : nothing}
        ${this.summary && invalid.length
          ? html`<div part="summary" tabindex="-1"><p part="summary-heading">${s.summary(invalid.length)}</p><ul>
              ${invalid.map((f) => html`<li><button type="button" part="summary-link" class="link" @click=${() => this.#focusField(f.name)}>
                ${f.name === CONSENT ? this.errors[f.name] : s.summaryItem(this.#labelOf(f), this.errors[f.name]!)}</button></li>`)}
            </ul></div>`
          : nothing}
        ${here.map((f) => this.#renderField(f))}
        <div class="visually-hidden" aria-hidden="true">
          <label for="hp">${s.honeypot}</label><input id="hp" name=${HONEYPOT} type="text" tabindex="-1" autocomplete="off">
        </div>
        ${this.failure ? html`<p part="failure" role="alert" class="error">${this.failure}</p>` : nothing}
        <div part="actions">
          ${index > 0 ? html`<button type="button" part="back" class="btn" @click=${this.#back}>${s.back}</button>` : nothing}
          <button part=${last ? 'submit' : 'next'} class="btn primary" aria-disabled=${this.saving ? 'true' : 'false'}>
            ${last ? (this.saving ? s.sending : s.submit) : s.next}</button>
        </div>
      </form>`;
  }

  #renderField(f: Field): TemplateResult {
    const v = this.values[f.name];
    const id = `f-${f.name}`;
    const error = this.errors[f.name];
    const described = [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].join(' ').trim() || nothing;
    const invalid = error ? 'true' : 'false';
    const label = this.#labelOf(f);
    const mark = f.required ? html`<span part="required" aria-hidden="true"> *</span>` : nothing;
    const help = f.help ? html`<p part="help" id="${id}-help" class="muted">${f.help}</p>` : nothing;
    const message = error ? html`<p part="error" id="${id}-error" class="error">${error}</p>` : nothing;
    const custom = this.#more?.renderControl(f, { v, id, invalid, described, label, mark, help, message });
    if (custom) return custom;
    if (f.type === 'checkbox') {
      return html`<div part=${f.name === CONSENT ? 'field checkbox consent' : 'field checkbox'} class="field">
        <label part="label" class="check"><input id=${id} type="checkbox" name=${f.name} ${checked(v === true)} ?checked=${v === true} ?required=${f.required}
          aria-invalid=${invalid} aria-describedby=${described}><span>${label}${mark}</span></label>${help}${message}</div>`;
    }
    const text = typeof v === 'string' ? v : '';
    const control = f.type === 'textarea'
      ? html`<textarea part="input" id=${id} name=${f.name} rows="4" maxlength=${f.maxLength} placeholder=${f.placeholder ?? nothing}
          ?required=${f.required} aria-invalid=${invalid} aria-describedby=${described} .value=${text}></textarea>`
      : html`<input part="input" id=${id} name=${f.name} .value=${text}
          type=${f.type === 'number' ? 'text' : f.type} inputmode=${f.type === 'number' ? (f.integer ? 'numeric' : 'decimal') : nothing}
          autocomplete=${f.autocomplete ?? nothing} maxlength=${f.type === 'date' ? nothing : f.maxLength}
          min=${f.type === 'date' ? f.min ?? nothing : nothing} max=${f.type === 'date' ? f.max ?? nothing : nothing}
          placeholder=${f.placeholder ?? nothing} ?required=${f.required} aria-invalid=${invalid} aria-describedby=${described}>`;
    return html`<div part="field" class="field"><label part="label" for=${id}>${label}${mark}</label>${help}${control}${message}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lead-capture-form': LeadCaptureForm;
  }
}
