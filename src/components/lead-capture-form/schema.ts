/**
 * What a form needs only with a `.schema` or for a returning visitor, in a chunk of its own that the
 * element loads then: custom fields checked (a bad entry is reported by index and key and left out;
 * the rest still render), conditions, choices, dates and patterns, the controls of choices and
 * hidden fields, and which questions a returning visitor is asked (progressive profiling).
 * The built-in fields and their checks are in fields.ts.
 */
import { html, type nothing, type TemplateResult } from 'lit';
import { checked } from '../../internal/checked.js';
import type { Lead } from '../../core/model.js';
import type { PhoneError } from '../../core/phone.js';
import { FIELD_LIMITS } from '../../core/validate.js';
import { formatDate, formatNumber } from '../../internal/format.js';
import {
  HONEYPOT, LEAD_FIELDS, capOf, fieldError as builtinError, filled, formFields, type BoundFormat, type MoreChecks,
} from './fields.js';
import type { LeadFormStrings } from './strings.js';

export { HONEYPOT, LEAD_FIELDS, filled, type BoundFormat };

/** Types a `.schema` field may have. */
export const FIELD_TYPES = ['text', 'email', 'tel', 'number', 'select', 'radio', 'checkbox', 'textarea', 'hidden', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A scalar a field value is compared with. */
export type Scalar = string | number | boolean;

/** An option of a select, radio group or checkbox group. */
export interface FieldOption {
  value: Scalar;
  label?: string;
}

/**
 * Show a field only when another field has a value: any value (`equals` absent: filled in, or
 * ticked), or one of `equals`. A checkbox compares as `true`/`false`.
 */
export interface ShowIf {
  field: string;
  equals?: Scalar | Scalar[];
}

/** A custom field in `.schema`. */
export interface FormField {
  /** The input's `name`, and the lead field it fills: a lead field (`name`, `email`, `phone`, `company`, `title`, `industry`, `country`, `region`, `message`, `companySize`) or else `custom.<name>`. */
  name: string;
  /** Default `text`. */
  type?: FieldType;
  label?: string;
  placeholder?: string;
  /** Help text shown under the label and read with the field. */
  help?: string;
  required?: boolean;
  /** Numbers: bounds. Dates: ISO dates (`YYYY-MM-DD`). */
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole value must match (Unicode mode). */
  pattern?: string;
  /** The message when `pattern` does not match. */
  patternMessage?: string;
  /** Choices of a select, radio group or checkbox group (a checkbox without options is one box). */
  options?: (Scalar | FieldOption)[];
  /** The value of a hidden field, or the initial value of another. */
  value?: Scalar;
  showIf?: ShowIf;
  /** The step (1, 2, …) of a multi-step form; default 1. */
  step?: number;
  /** Asked only of a returning visitor, in place of fields already known (progressive profiling). */
  progressive?: boolean;
  /** The `autocomplete` token, e.g. `organization`. */
  autocomplete?: string;
}

/** A field after checking, ready to render and validate. */
export interface Field {
  name: string;
  type: FieldType;
  /** Absent for built-in fields: their label is translated. */
  label?: string | undefined;
  placeholder?: string | undefined;
  help?: string | undefined;
  required: boolean;
  min?: number | string | undefined;
  max?: number | string | undefined;
  minLength?: number | undefined;
  maxLength: number;
  pattern?: RegExp | undefined;
  patternMessage?: string | undefined;
  options?: { value: string; label: string }[] | undefined;
  value?: string | boolean | undefined;
  showIf?: { field: string; equals?: string[] | undefined } | undefined;
  step: number;
  progressive: boolean;
  autocomplete?: string | undefined;
  /** Whole numbers only (company size). */
  integer?: boolean;
}

/** What a person entered: text, a ticked box, or the ticked boxes of a group. */
export type FieldValue = string | boolean | string[];

/** The fields of a form and what was wrong with its configuration. */
export interface FieldSet {
  fields: Field[];
  /** One line per problem, naming the attribute or `schema[i].key`. */
  problems: string[];
}

const NAME = /^[A-Za-z][\w-]{0,63}$/;
const MAX_OPTIONS = 200;
const MAX_STEPS = 20;

/**
 * A calendar date `YYYY-MM-DD` (no February 30), as core's `isIsoDate` reads a date-only value.
 * Local because `isIsoDate` brings the whole date-time parser into the form's bundle.
 */
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const isInt = (v: unknown, min: number): v is number => Number.isInteger(v) && (v as number) >= min;
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const scalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Checks one `.schema` entry; pushes problems and returns the field, or undefined when it cannot be shown. */
function checkEntry(input: unknown, at: string, push: (m: string) => void): Field | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return void push(`${at}: must be an object with a name`);
  const e = input as Record<string, unknown>;
  let failed = 0;
  const fail = (key: string, message: string) => {
    failed++;
    push(`${at}.${key}: ${message}`);
  };
  const name = e['name'];
  if (typeof name !== 'string' || !NAME.test(name) || name === HONEYPOT) {
    fail('name', 'must be a letter followed by up to 63 letters, digits, _ or - (and not "homepage")');
  }
  const type = e['type'] ?? 'text';
  if (!(FIELD_TYPES as readonly unknown[]).includes(type)) fail('type', `must be one of ${FIELD_TYPES.join(', ')}`);
  for (const key of ['label', 'placeholder', 'autocomplete', 'patternMessage'] as const) {
    if (e[key] !== undefined && !str(e[key], FIELD_LIMITS.shortText)) fail(key, `must be text of at most ${FIELD_LIMITS.shortText} characters`);
  }
  if (e['help'] !== undefined && !str(e['help'], FIELD_LIMITS.longText)) fail('help', `must be text of at most ${FIELD_LIMITS.longText} characters`);
  for (const key of ['required', 'progressive'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'boolean') fail(key, 'must be true or false');
  }
  const t = type as FieldType;
  const cap = capOf(String(name), t);
  for (const key of ['minLength', 'maxLength'] as const) {
    if (e[key] !== undefined && !isInt(e[key], key === 'minLength' ? 0 : 1)) fail(key, 'must be a whole number (at least 1 for maxLength)');
  }
  for (const key of ['min', 'max'] as const) {
    const v = e[key];
    if (v === undefined) continue;
    if (t === 'date' ? !isCalendarDate(v) : typeof v !== 'number' || !Number.isFinite(v)) {
      fail(key, t === 'date' ? 'must be an ISO date (YYYY-MM-DD)' : 'must be a number');
    }
  }
  let pattern: RegExp | undefined;
  if (e['pattern'] !== undefined) {
    try {
      if (!str(e['pattern'], 1000)) throw new Error();
      pattern = new RegExp(`^(?:${e['pattern']})$`, 'u');
    } catch {
      fail('pattern', 'must be a valid regular expression');
    }
  }
  let options: Field['options'];
  if (e['options'] !== undefined || t === 'select' || t === 'radio') {
    const raw = e['options'];
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_OPTIONS) {
      fail('options', `must be a list of 1 to ${MAX_OPTIONS} options`);
    } else {
      options = [];
      raw.forEach((o: unknown, j) => {
        const value = scalar(o) ? o : (o as FieldOption | null)?.value;
        const label = scalar(o) ? undefined : (o as FieldOption | null)?.label;
        if (!scalar(value) || (label !== undefined && !str(label, FIELD_LIMITS.shortText))) fail(`options[${j}]`, 'must be a value, or { value, label } with a text label');
        else options!.push({ value: String(value), label: label ?? String(value) });
      });
    }
  }
  if (e['value'] !== undefined && !scalar(e['value'])) fail('value', 'must be text, a number or true/false');
  if (e['step'] !== undefined && !(isInt(e['step'], 1) && (e['step'] as number) <= MAX_STEPS)) fail('step', `must be a whole number from 1 to ${MAX_STEPS}`);
  let showIf: Field['showIf'];
  const s = e['showIf'];
  if (s !== undefined) {
    const field = (s as ShowIf | null)?.field;
    const equals = (s as ShowIf | null)?.equals;
    const values = equals === undefined ? undefined : Array.isArray(equals) ? equals : [equals];
    if (typeof field !== 'string' || field === name || (values && !values.every(scalar))) {
      fail('showIf', 'must be { field: "another field", equals?: a value or a list of values }');
    } else {
      showIf = { field, equals: values?.map(String) };
    }
  }
  if (failed > 0) return undefined;
  const minLength = e['minLength'] as number | undefined;
  return {
    name: name as string,
    type: t,
    label: e['label'] as string | undefined,
    placeholder: e['placeholder'] as string | undefined,
    help: e['help'] as string | undefined,
    required: e['required'] === true,
    min: e['min'] as number | string | undefined,
    max: e['max'] as number | string | undefined,
    minLength,
    maxLength: Math.min(cap, (e['maxLength'] as number | undefined) ?? cap),
    pattern,
    patternMessage: e['patternMessage'] as string | undefined,
    options,
    value: t === 'checkbox' && !options ? e['value'] === true : e['value'] === undefined ? undefined : String(e['value']),
    showIf,
    step: (e['step'] as number | undefined) ?? 1,
    progressive: e['progressive'] === true,
    autocomplete: e['autocomplete'] as string | undefined,
    // The lead's companySize is a whole number: typed text is read as one.
    ...(name === 'companySize' && (t === 'number' || t === 'text') ? { integer: true } : {}),
  };
}

/**
 * The fields of a form: the built-in ones of `fieldsAttr` (comma-separated), a `.schema` field of
 * the same name taking a built-in's place, then the other schema fields. `requiredAttr` names
 * fields that must be filled (default `email` when the attribute is absent).
 */
// ISO 3166-1 alpha-2, and Kosovo (XK), which forms commonly offer.
const COUNTRIES = ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ '
  + 'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE '
  + 'GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP '
  + 'KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF '
  + 'NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN '
  + 'SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT '
  + 'ZA ZM ZW').split(' ');
const INDUSTRIES = ['Software and IT', 'Financial services', 'Healthcare', 'Manufacturing', 'Retail and e-commerce', 'Education',
  'Professional services', 'Media and marketing', 'Real estate and construction', 'Energy and utilities', 'Transport and logistics',
  'Hospitality and travel', 'Government and non-profit', 'Other'];

/**
 * Company size ranges (employees), by their lower bound: the lead's `companySize` stores the lower
 * bound of the range chosen (11 for 11-50), so scoring rules written at range boundaries
 * (`companySize >= 51`) hold exactly. A form that wants the exact number declares a `companySize`
 * field of type `number` in its schema.
 */
export const COMPANY_SIZES = [1, 11, 51, 201, 501, 1001, 5001, 10001] as const;

/**
 * The choices of the built-in `industry`, `country` and `companySize` fields: countries by ISO
 * code, named in `lang` by Intl.DisplayNames (the code where it is missing) and sorted by name;
 * industries stored in English and labelled from `industryLabels` (the language's strings; English
 * when absent); company size ranges with numbers formatted for `lang`.
 */
export function builtinChoices(name: string, lang: string, industryLabels?: Readonly<Record<string, string>>): { value: string; label: string }[] | undefined {
  if (name === 'industry') return INDUSTRIES.map((i) => ({ value: i, label: industryLabels?.[i] ?? i }));
  if (name === 'companySize') {
    const n = (x: number): string => x.toLocaleString(lang);
    return COMPANY_SIZES.map((low, i) => {
      const next = COMPANY_SIZES[i + 1];
      return { value: String(low), label: next === undefined ? `${n(low)}+` : `${n(low)}\u2013${n(next - 1)}` };
    });
  }
  if (name !== 'country') return undefined;
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([lang, 'en'], { type: 'region' });
  } catch {
    // No Intl.DisplayNames (or not this language): the codes.
  }
  return COUNTRIES.map((code) => ({ value: code, label: names?.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

export function buildFields(
  fieldsAttr: string | null | undefined, requiredAttr: string | null | undefined, schema: unknown, lang = 'en', industryLabels?: Readonly<Record<string, string>>,
): FieldSet {
  const problems: string[] = [];
  const custom = new Map<string, Field>();
  if (schema !== undefined && schema !== null && !Array.isArray(schema)) problems.push('schema: must be a list of fields');
  (Array.isArray(schema) ? schema : []).forEach((entry: unknown, i) => {
    const field = checkEntry(entry, `schema[${i}]`, (m) => problems.push(m));
    if (!field) return;
    if (custom.has(field.name)) problems.push(`schema[${i}].name: "${field.name}" is used by another field`);
    else custom.set(field.name, field);
  });
  const own = new Set(custom.keys());
  const { fields } = formFields(fieldsAttr, requiredAttr, custom, problems);
  // Industry, country and company size are choices unless a custom field of that name says otherwise.
  for (const f of fields) {
    const options = own.has(f.name) ? undefined : builtinChoices(f.name, lang, industryLabels);
    if (options) Object.assign(f, { type: 'select', options });
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  // A condition on a missing field, or a loop of conditions, would hide fields for ever.
  return {
    fields: fields.filter((f) => {
      let g: Field | undefined = f;
      for (let hops = 0; g?.showIf; hops++) {
        g = byName.get(g.showIf.field);
        if (!g || hops > fields.length) {
          problems.push(`schema field "${f.name}": showIf names ${g ? 'a loop of conditions' : `"${f.showIf!.field}", which is not a field of this form`}`);
          return false;
        }
      }
      return true;
    }),
    problems,
  };
}

/** Whether `f` is shown given the current values (its condition, and its condition field's, hold). */
export function shown(f: Field, values: Record<string, FieldValue | undefined>, byName: Map<string, Field>, depth = 0): boolean {
  if (!f.showIf) return true;
  const on = byName.get(f.showIf.field);
  if (!on || depth > byName.size || !shown(on, values, byName, depth + 1)) return false;
  const v = values[on.name];
  const { equals } = f.showIf;
  if (!equals) return filled(v);
  // An unticked box is `false`, not blank, so `equals: false` can ask for it.
  const given = Array.isArray(v) ? v : [on.type === 'checkbox' && !on.options ? String(v === true) : String(v ?? '').trim()];
  return given.some((x) => equals.includes(x));
}

/** A number or ISO date bound of a field, as the reader writes it, for a message. */
export function formatBound(v: number | string, lang: string): string {
  return typeof v === 'number' ? formatNumber(v, lang, 6) : formatDate(v, lang);
}

/** Checks of custom fields: choices, dates and patterns (after fields.ts has checked the rest). */
export const moreChecks: MoreChecks = (f, v, text, s, format) => {
  if (Array.isArray(v)) {
    if (v.length === 0) return f.required ? s.choose : undefined;
    return v.every((x) => f.options?.some((o) => o.value === x)) ? undefined : s.option;
  }
  if (f.options) return f.options.some((o) => o.value === text) ? undefined : s.option;
  const { min, max } = f;
  // An email or phone field is checked as such whatever its type says (fields.ts).
  if (f.type === 'date' && f.name !== 'email' && f.name !== 'phone') {
    if (!isCalendarDate(text)) return s.date;
    if (typeof min === 'string' && text < min) return s.dateMin(format(min));
    if (typeof max === 'string' && text > max) return s.dateMax(format(max));
  }
  return f.pattern && !f.pattern.test(text) ? f.patternMessage ?? s.pattern : undefined;
};

/**
 * The message for what is wrong with `v` in `f`, or undefined when it is fine. `phone` checks a
 * phone number (undefined while the phone rules are loading: the number is checked on submit).
 */
export function fieldError(
  f: Field,
  v: FieldValue | undefined,
  s: LeadFormStrings,
  format: BoundFormat,
  phone?: (raw: string) => PhoneError | null,
): string | undefined {
  return builtinError(f, v, s, format, phone, moreChecks);
}

/** What a returning visitor told before, as form values (conditions may depend on them). */
export function knownValues(fields: readonly Field[], lead: Lead): Record<string, FieldValue | undefined> {
  const values: Record<string, FieldValue | undefined> = {};
  for (const f of fields) {
    const k = knownValue(f, lead);
    if (k !== undefined) values[f.name] = typeof k === 'boolean' || Array.isArray(k) ? k as FieldValue : String(k);
  }
  return values;
}

function knownValue(f: Field, lead: Lead): unknown {
  return LEAD_FIELDS.has(f.name) ? lead[f.name] : lead.custom?.[f.name];
}

/**
 * The fields asked of a returning visitor (progressive profiling): known ones are skipped and as
 * many `progressive` ones asked in their place.
 */
export function askReturning(fields: readonly Field[], lead: Lead): Field[] {
  const plain = fields.filter((f) => !f.progressive);
  const unknown = (f: Field) => f.type === 'hidden' || !filled(knownValue(f, lead));
  const base = plain.filter(unknown);
  const skipped = plain.length - base.length;
  const extra = fields.filter((f) => f.progressive && unknown(f)).slice(0, skipped);
  // Everything is known already: ask the usual questions again rather than show an empty form.
  if (!base.concat(extra).some((f) => f.type !== 'hidden')) return plain;
  return fields.filter((f) => base.includes(f) || extra.includes(f));
}

/** The step numbers in use, in order (a form without `step` has one; the consent box goes with the last real step). */
export function stepsOf(visible: readonly Field[]): number[] {
  const steps = [...new Set(visible.filter((f) => f.type !== 'hidden').map((f) => f.step))].sort((a, b) => a - b);
  return steps.length > 1 && steps.at(-1) === Infinity ? steps.slice(0, -1) : steps.length ? steps : [1];
}

/** The step indicator of a multi-step form: "Step 2 of 3" and a progress bar. */
export function renderProgress(s: LeadFormStrings, index: number, total: number): TemplateResult {
  return html`<div part="progress"><span part="progress-label" id="progress">${s.step(index + 1, total)}</span>
    <progress part="progress-bar" max=${total} value=${index + 1} aria-labelledby="progress"></progress></div>`;
}

/** What the element gives a control: ids, state and the pieces around it. */
export interface ControlParts {
  v: FieldValue | undefined;
  id: string;
  invalid: 'true' | 'false';
  described: string | typeof nothing;
  label: string;
  mark: TemplateResult | typeof nothing;
  help: TemplateResult | typeof nothing;
  message: TemplateResult | typeof nothing;
}

/** The controls only custom fields have: a hidden input, a radio or checkbox group, a select; else undefined. */
export function renderControl(f: Field, p: ControlParts): TemplateResult | undefined {
  const { v, id, invalid, described } = p;
  if (f.type === 'hidden') return html`<input type="hidden" name=${f.name} .value=${String(f.value ?? '')}>`;
  if (f.options && (f.type === 'radio' || f.type === 'checkbox')) {
    return html`<fieldset part="field group" class="field" aria-describedby=${described}>
      <legend part="label">${p.label}${p.mark}</legend>${p.help}
      ${f.options.map((o) => html`<label part="option" class="check"><input type=${f.type} name=${f.name} .value=${o.value}
        ${checked(Array.isArray(v) ? v.includes(o.value) : v === o.value)} ?checked=${Array.isArray(v) ? v.includes(o.value) : v === o.value} ?required=${f.required && f.type === 'radio'}
        aria-invalid=${invalid}>${o.label}</label>`)}
      ${p.message}</fieldset>`;
  }
  if (f.type !== 'select') return undefined;
  const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  return html`<div part="field" class="field"><label part="label" for=${id}>${p.label}${p.mark}</label>${p.help}<select part="input"
    id=${id} name=${f.name} ?required=${f.required} aria-invalid=${invalid} aria-describedby=${described}>
      <option value="">${f.placeholder ?? ''}</option>
      ${f.options!.map((o) => html`<option .value=${o.value} ?selected=${text === o.value}>${o.label}</option>`)}</select>${p.message}</div>`;
}
