/**
 * Phone numbers: E.164 normalisation and form validation on libphonenumber-js with its `min`
 * metadata (length and leading-digit checks per country, about 80 KB). Kept out of `email.ts` so a
 * bundle that only needs e-mail checks does not pull the metadata in.
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';

/** Why a phone number is rejected, for form messages. */
export const PHONE_ERRORS = ['too-short', 'too-long', 'invalid-country', 'invalid'] as const;
export type PhoneError = (typeof PHONE_ERRORS)[number];

// libphonenumber gives up on longer input anyway; capping first keeps pasted essays cheap.
const MAX_PHONE_INPUT = 250;

/** The region code (`'us'` → `'US'`) when libphonenumber knows it, else `undefined`. */
export function phoneRegion(region: unknown): CountryCode | undefined {
  if (typeof region !== 'string') return undefined;
  const code = region.trim().toUpperCase();
  return isSupportedCountry(code) ? code : undefined;
}

// NFKC turns full-width input (＋８６ １３８…), common from Chinese and Japanese IMEs, into ASCII,
// which libphonenumber does not do for the plus sign.
function prepare(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.normalize('NFKC').trim();
  return text === '' || text.length > MAX_PHONE_INPUT ? null : text;
}

/**
 * The number in E.164 (`+12125550100`), or `null` when it is not a valid number.
 * A national number is read in `defaultRegion` (ISO 3166 alpha-2, any case); an unknown region
 * means only numbers written with a leading `+` can be read (an IDD prefix such as `00` is
 * region-specific). An extension (`ext. 12`, `x12`) is dropped: E.164 has no place for it.
 * Non-strings, blanks and input over 250 characters give `null`.
 */
export function normalizePhone(raw: unknown, defaultRegion: string = 'US'): string | null {
  const text = prepare(raw);
  if (text === null) return null;
  const parsed = parsePhoneNumberFromString(text, phoneRegion(defaultRegion));
  return parsed?.isValid() ? parsed.number : null;
}

/** Whether `raw` is a valid phone number (read in `defaultRegion` when national); same rules as `normalizePhone`. */
export function isValidPhone(raw: unknown, defaultRegion: string = 'US'): boolean {
  return normalizePhone(raw, defaultRegion) !== null;
}

/**
 * Why `raw` is not a valid number, or `null` when it is (exactly when `isValidPhone` is true).
 * `invalid-country`: a national number with an unknown region, or an unknown country calling code.
 * `too-short` / `too-long`: the digit count does not fit the country. `invalid`: anything else,
 * including blanks, non-strings and text without digits (a required-field check is the form's job).
 */
export function phoneError(raw: unknown, region: string = 'US'): PhoneError | null {
  const text = prepare(raw);
  if (text === null) return typeof raw === 'string' && raw.length > MAX_PHONE_INPUT ? 'too-long' : 'invalid';
  const country = phoneRegion(region);
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isValid()) return null;
  switch (validatePhoneNumberLength(text, country)) {
    case 'INVALID_COUNTRY':
      return 'invalid-country';
    case 'TOO_SHORT':
      return 'too-short';
    case 'TOO_LONG':
      return 'too-long';
    default:
      return 'invalid';
  }
}
