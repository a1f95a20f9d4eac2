/** Messages of `<lead-capture-form>` in English and Simplified Chinese. */
import type { PhoneError } from '../../core/phone.js';
import { Strings } from '../../internal/localize.js';

/** The built-in fields (`fields` attribute); each maps to the lead field of the same name. */
export const BUILTIN_FIELDS = ['name', 'email', 'company', 'phone', 'message', 'title', 'industry', 'country', 'region', 'companySize'] as const;
export type BuiltinField = (typeof BUILTIN_FIELDS)[number];

/** Every message the form shows. Field-level messages read on their own next to the field. */
export interface LeadFormStrings {
  /** Labels of the built-in fields. */
  fieldLabels: Record<BuiltinField, string>;
  /** Shown once above the fields: what the asterisk means. */
  requiredNote: string;
  submit: string;
  sending: string;
  next: string;
  back: string;
  step: (n: number, total: number) => string;
  /** Heading of the error summary. */
  summary: (count: number) => string;
  /** One line of the error summary. */
  summaryItem: (label: string, message: string) => string;
  required: string;
  choose: string;
  tick: string;
  consentRequired: string;
  email: string;
  phone: Record<PhoneError, string>;
  tooLong: (max: number) => string;
  tooShort: (min: number) => string;
  number: string;
  integer: string;
  min: (min: string) => string;
  max: (max: string) => string;
  date: string;
  dateMin: (date: string) => string;
  dateMax: (date: string) => string;
  pattern: string;
  option: string;
  /** Default success message (the `success-message` attribute replaces it). */
  success: string;
  /** Stored locally, not yet accepted by the server (offline); delivery messages come with REST storage (delivery.ts). */
  pending: string;
  /** A typed value holds a character that cannot be stored: a NUL or half of an emoji (an unpaired surrogate). */
  badCharacters: string;
  welcomeBack: (name: string | undefined) => string;
  notYou: string;
  /** Heading above the list of configuration problems (`.schema`, `fields`, `required`, `.scoring`). */
  configProblems: string;
  /** The label of the honeypot, which people never see or reach. */
  honeypot: string;
  /** Labels of the built-in industry choices, by the English value stored (English needs none). */
  industryLabels?: Readonly<Record<string, string>>;
}

const en: LeadFormStrings = {
  fieldLabels: {
    name: 'Name',
    email: 'Email',
    company: 'Company',
    phone: 'Phone',
    message: 'Message',
    title: 'Job title',
    industry: 'Industry',
    country: 'Country',
    region: 'Region',
    companySize: 'Company size (employees)',
  },
  requiredNote: 'Fields marked * are required.',
  submit: 'Send',
  sending: 'Sending…',
  next: 'Next',
  back: 'Back',
  step: (n, total) => `Step ${n} of ${total}`,
  summary: (n) => (n === 1 ? 'There is 1 problem to fix' : `There are ${n} problems to fix`),
  summaryItem: (label, message) => `${label}: ${message}`,
  required: 'Fill in this field.',
  choose: 'Choose an option.',
  tick: 'Tick this box to continue.',
  consentRequired: 'Tick the box to agree before sending.',
  email: 'Enter an email address like name@example.com.',
  phone: {
    'too-short': 'This phone number is too short.',
    'too-long': 'This phone number is too long.',
    'invalid-country': 'Start with the country code, like +44 20 7946 0958.',
    invalid: 'Enter a valid phone number.',
  },
  tooLong: (max) => `Use at most ${max} characters.`,
  tooShort: (min) => `Use at least ${min} characters.`,
  number: 'Enter a number.',
  integer: 'Enter a whole number.',
  min: (min) => `Enter ${min} or more.`,
  max: (max) => `Enter ${max} or less.`,
  date: 'Enter a real date.',
  dateMin: (date) => `Choose ${date} or later.`,
  dateMax: (date) => `Choose ${date} or earlier.`,
  pattern: 'Check the format of this entry.',
  option: 'Choose one of the listed options.',
  success: 'Thank you! We will be in touch soon.',
  pending: 'Thank you! Your details are saved on this device and will be sent as soon as you are back online.',
  badCharacters: 'Remove the invisible or broken character from this entry (it may have come with pasted text).',
  welcomeBack: (name) => (name ? `Welcome back, ${name}.` : 'Welcome back.'),
  notYou: 'Not you? Start over',
  configProblems: 'Some fields of this form are set up wrongly and are not shown:',
  honeypot: 'Leave this field empty',
  // The stored English values are their own labels.
  industryLabels: {},
};

/** The form's messages; `.strings` on an instance overrides any of them. */
export const leadFormStrings = new Strings<LeadFormStrings>('lead-capture-form', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
