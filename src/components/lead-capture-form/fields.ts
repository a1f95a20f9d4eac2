/**
 * The form's built-in fields (`fields`, `required`) and the checks of what a person typed into them.
 * What only a `.schema` needs (checking custom fields, conditions, choices, dates, patterns) is in
 * schema.ts, a separate chunk loaded when a form has a schema or a returning visitor.
 */
import { EMAIL_MAX_LENGTH, isValidEmail } from '../../core/email.js';
import type { PhoneError } from '../../core/phone.js';
import { hasBadCharacters } from '../../core/text.js';
import { FIELD_LIMITS } from '../../core/validate.js';
import type { Field, FieldSet, FieldType, FieldValue } from './schema.js';
import { BUILTIN_FIELDS, type BuiltinField, type LeadFormStrings } from './strings.js';

/** Lead fields a form field fills directly; other names go to `lead.custom`. */
export const LEAD_FIELDS: ReadonlySet<string> = new Set<string>(BUILTIN_FIELDS);

/** The honeypot's name; no field may take it. */
export const HONEYPOT = 'homepage';

const BUILTIN: Record<BuiltinField, Partial<Field>> = {
  name: { autocomplete: 'name' },
  email: { type: 'email', autocomplete: 'email' },
  company: { autocomplete: 'organization' },
  phone: { type: 'tel', autocomplete: 'tel' },
  message: { type: 'textarea' },
  title: { autocomplete: 'organization-title' },
  industry: {},
  country: { autocomplete: 'country-name' },
  region: { autocomplete: 'address-level1' },
  companySize: { type: 'number', integer: true, min: 0 },
};

/** The longest value a field accepts: what the lead field or `custom` may hold (validate.ts FIELD_LIMITS). */
export function capOf(name: string, type: FieldType): number {
  if (name === 'email' || type === 'email') return EMAIL_MAX_LENGTH;
  if (name === 'phone' || type === 'tel') return FIELD_LIMITS.phone;
  return name === 'message' || type === 'textarea' ? FIELD_LIMITS.longText : FIELD_LIMITS.shortText;
}

function list(text: string | null | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The built-in fields of `fieldsAttr` (comma-separated), a checked custom field of the same name
 * taking a built-in's place, then the other custom fields; `requiredAttr` names fields that must
 * be filled (default `email` when the attribute is absent). Problems are pushed onto `problems`.
 */
export function formFields(
  fieldsAttr: string | null | undefined,
  requiredAttr: string | null | undefined,
  custom: Map<string, Field> = new Map(),
  problems: string[] = [],
): FieldSet {
  const fields: Field[] = [];
  for (const name of list(fieldsAttr ?? 'name,email,company,phone,message')) {
    if (!(BUILTIN_FIELDS as readonly string[]).includes(name)) {
      problems.push(`fields: "${name}" is not a built-in field (${BUILTIN_FIELDS.join(', ')})`);
    } else if (!fields.some((f) => f.name === name)) {
      const b = BUILTIN[name as BuiltinField];
      const type = b.type ?? 'text';
      fields.push(custom.get(name) ?? { name, type, required: false, step: 1, progressive: false, maxLength: capOf(name, type), ...b });
      custom.delete(name);
    }
  }
  fields.push(...custom.values());
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const name of requiredAttr === null || requiredAttr === undefined ? (byName.has('email') ? ['email'] : []) : list(requiredAttr)) {
    const f = byName.get(name);
    if (f) f.required = true;
    else problems.push(`required: "${name}" is not a field of this form`);
  }
  return { fields, problems };
}

/** Whether a value counts as given: non-blank text, a ticked box, a non-empty group. */
/** A phone field: the built-in `phone` or a custom field of type `tel`. */
export const isPhone = (f: Field): boolean => f.name === 'phone' || f.type === 'tel';

export function filled(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v === true || typeof v === 'number';
}

/** Formats a number or ISO date bound for a message. */
export type BoundFormat = (value: number | string) => string;

/** What schema.ts checks beyond the built-in fields: choices, dates and patterns. */
export type MoreChecks = (f: Field, v: FieldValue | undefined, text: string, s: LeadFormStrings, format: BoundFormat) => string | undefined;

/**
 * The message for what is wrong with `v` in `f`, or undefined when it is fine. `phone` checks a
 * phone number (undefined while the phone rules are loading: the number is checked on submit);
 * `more` checks what only custom fields have (schema.ts; without it, those pass).
 */
export function fieldError(
  f: Field,
  v: FieldValue | undefined,
  s: LeadFormStrings,
  format: BoundFormat,
  phone?: (raw: string) => PhoneError | null,
  more?: MoreChecks,
): string | undefined {
  if (Array.isArray(v)) return more?.(f, v, '', s, format);
  // A NUL or a lone surrogate (pasted text) cannot be stored or sent: ask for it to go, naming the field.
  if (typeof v === 'string' && hasBadCharacters(v)) return s.badCharacters;
  if (f.type === 'checkbox' && !f.options) return f.required && v !== true ? s.tick : undefined;
  const text = typeof v === 'string' ? v.trim() : '';
  if (!text) return f.required ? (f.options ? s.choose : s.required) : undefined;
  if (text.length > f.maxLength) return s.tooLong(f.maxLength);
  if (f.minLength && text.length < f.minLength) return s.tooShort(f.minLength);
  if (f.options) return more?.(f, v, text, s, format);
  const { min, max } = f;
  if (f.name === 'email' || f.type === 'email') {
    if (!isValidEmail(text)) return s.email;
  } else if (isPhone(f)) {
    const error = phone?.(text);
    if (error) return s.phone[error];
  } else if (f.type === 'number' || f.integer) {
    // Digits with an optional sign, point and exponent: no hex, no blanks, no "Infinity".
    const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(n)) return s.number;
    if (f.integer && !Number.isInteger(n)) return s.integer;
    if (typeof min === 'number' && n < min) return s.min(format(min));
    if (typeof max === 'number' && n > max) return s.max(format(max));
  }
  return more?.(f, v, text, s, format);
}
