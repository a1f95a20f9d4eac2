/**
 * E-mail checks small enough for the lead form bundle: no dependencies, no phone metadata.
 */

/** Longest address accepted (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;
/** Longest local part (before the @) accepted (RFC 5321). */
export const EMAIL_LOCAL_MAX_LENGTH = 64;

// Unquoted local part: no whitespace, no @, none of the characters a pasted list or a display name
// leaves behind (",;<>()[]\ and quotes). Dots may not lead, trail or double.
const LOCAL = /^[^\s@",;<>()[\]\\.]+(?:\.[^\s@",;<>()[\]\\.]+)*$/u;
// Domain labels of letters (any script, for IDN, with their combining marks) and digits, hyphens
// only inside.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const DIGITS = /^\d+$/;

const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/**
 * A practical check of an address as people type it (surrounding spaces are ignored): exactly one
 * @, a local part of 1..64 characters without spaces or stray dots, a domain of at least two dotted
 * labels whose last label is not all digits (so IP-like domains fail), at most 254 characters.
 * Quoted local parts and IP literals, legal but never seen on lead forms, are rejected. Non-strings
 * are invalid.
 */
export function isValidEmail(email: unknown): boolean {
  if (typeof email !== 'string') return false;
  const text = email.trim();
  if (text.length > EMAIL_MAX_LENGTH) return false;
  const at = text.indexOf('@');
  if (at < 1 || at !== text.lastIndexOf('@')) return false;
  const local = text.slice(0, at);
  if (local.length > EMAIL_LOCAL_MAX_LENGTH || !LOCAL.test(local)) return false;
  const labels = text.slice(at + 1).split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !DIGITS.test(last);
}

/**
 * The address as a dedup key: trimmed and lowercased, or `null` when `isValidEmail` rejects it.
 * Only for gmail.com and googlemail.com (one mailbox, two names) are dots and a `+tag` dropped from
 * the local part, because Gmail ignores both. Elsewhere the local part is kept (only lowercased):
 * on other providers `a.b@` and `ab@`, or `a+sales@` and `a@`, may be different mailboxes, and
 * merging two people's leads is worse than missing a duplicate. A Gmail local part that is empty
 * after the `+tag` is dropped (`+x@gmail.com`) gives `null`. Idempotent.
 */
export function normalizeEmail(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const text = email.trim().toLowerCase();
  if (!isValidEmail(text)) return null;
  const at = text.indexOf('@');
  const domain = text.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return text;
  const local = text.slice(0, at).split('+')[0]?.replaceAll('.', '') ?? '';
  return local === '' ? null : `${local}@gmail.com`;
}
