/**
 * Duplicate leads: normalised keys (e-mail, phone, company with person), grouping by blocking keys
 * and a union-find (never all pairs), and a merge that keeps the oldest record.
 */
import { normalizeEmail } from './email.js';
import { isRecord } from './guards.js';
import type { Lead, MergeEntry } from './model.js';
import { normalizePhone, phoneRegion } from './phone.js';
import { msOrNow, toIso, toMs } from './time.js';

export { isValidEmail, normalizeEmail } from './email.js';
export type { MergeEntry } from './model.js';

/** The keys two leads may share to count as duplicates. */
export const DEDUP_KEYS = ['email', 'phone', 'company-name'] as const;
export type DedupKey = (typeof DEDUP_KEYS)[number];

/** Options of `findDuplicates`. */
export interface FindDuplicatesOptions {
  /** Region for national phone numbers of leads without a usable `country` (default `US`). */
  defaultRegion?: string;
  /** Which keys link leads (default all of `DEDUP_KEYS`). */
  by?: readonly DedupKey[];
}

/** Leads that are the same person, linked directly or through a chain of shared keys. */
export interface DuplicateGroup {
  /** Lead ids, oldest `createdAt` first. */
  ids: string[];
  /** The keys that linked at least two members, in `DEDUP_KEYS` order. */
  reasons: DedupKey[];
}

/** The result of `findDuplicates`. */
export interface DuplicateResult {
  groups: DuplicateGroup[];
}

/** The result of `mergeLeads`. */
export interface MergeResult {
  survivor: Lead;
  /** The other leads, marked `duplicateOf` the survivor. */
  merged: Lead[];
}

// ---------------------------------------------------------------------------------------------
// Names

// NFKC would spell these out as letters ("Acme™" → "acmetm"), so they go first.
const SPELLED_SYMBOLS = /[\u2120\u2122]/g;
// Japanese abbreviations of legal forms, after NFKC has turned ㈱ into (株).
const JAPANESE_ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(株\)/g, ' 株式会社 '],
  [/\(有\)/g, ' 有限会社 '],
];
// Marks inside a word (O'Brien, A.B.C., L.L.C.) join; every other mark separates.
const JOINERS = /['‘’ʼ.]/g;
const SEPARATORS = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

const NOT_PRINTABLE_ASCII = /[^ -~]/;

/**
 * Lowercase words without punctuation, as a list. NFKC first so full-width input (Ａｃｍｅ，Ｉｎｃ．)
 * reads as ASCII; NFKC again after lowercasing, which can leave compatibility characters behind.
 * Printable ASCII, most input, needs neither.
 */
function words(text: string): string[] {
  let clean = text;
  if (NOT_PRINTABLE_ASCII.test(clean)) {
    clean = clean.replace(SPELLED_SYMBOLS, '').normalize('NFKC');
    for (const [pattern, replacement] of JAPANESE_ABBREVIATIONS) clean = clean.replace(pattern, replacement);
    clean = clean.toLowerCase().normalize('NFKC');
  } else {
    clean = clean.toLowerCase();
  }
  clean = clean.replace(JOINERS, '').replace(SEPARATORS, ' ').trim();
  return clean === '' ? [] : clean.split(' ');
}

// Legal forms as words after cleaning ("L.L.C." is "llc"). Two-word forms are tried first so
// "Pty Ltd" goes as a whole and "pty" alone stays part of a name.
const LEGAL_WORDS: ReadonlySet<string> = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'ltd', 'limited', 'plc',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'bv', 'nv', 'kk', 'oy', 'ab', 'ltda', 'sro',
]);
const LEGAL_PAIRS: ReadonlySet<string> = new Set(['pty ltd', 'pte ltd', 'pvt ltd', 'private limited', 'sdn bhd']);
// CJK legal forms are written without a space, so they are cut from the end of the last word;
// longest first so 集团有限公司 goes before 有限公司 would leave 集团.
const CJK_SUFFIXES: readonly string[] = [
  '股份有限公司', '有限责任公司', '有限責任公司', '集团有限公司', '集團有限公司',
  '有限公司', '株式会社', '株式會社', '有限会社', '合同会社', '公司',
];
// Japanese puts 株式会社 before the name as often as after it.
const CJK_PREFIXES: readonly string[] = ['株式会社', '株式會社', '有限会社', '合同会社'];

// Removes one legal form from the end (or a Japanese one from the front); false when none is left
// to remove. A legal form is never the whole name: "Company" and "有限公司" stay as they are.
function stripOneLegalForm(tokens: string[]): boolean {
  const n = tokens.length;
  const last = tokens[n - 1] ?? '';
  if (n > 2 && LEGAL_PAIRS.has(`${tokens[n - 2]} ${last}`)) {
    tokens.length = n - 2;
    return true;
  }
  if (n > 1 && LEGAL_WORDS.has(last)) {
    tokens.length = n - 1;
    return true;
  }
  const suffix = CJK_SUFFIXES.find((form) => last.endsWith(form));
  if (suffix !== undefined && (last.length > suffix.length || n > 1)) {
    if (last.length > suffix.length) tokens[n - 1] = last.slice(0, -suffix.length);
    else tokens.length = n - 1;
    return true;
  }
  const first = tokens[0] ?? '';
  const prefix = CJK_PREFIXES.find((form) => first.startsWith(form));
  if (prefix !== undefined && (first.length > prefix.length || n > 1)) {
    if (first.length > prefix.length) tokens[0] = first.slice(prefix.length);
    else tokens.shift();
    return true;
  }
  return false;
}

/**
 * A company name as a dedup key, or `null` when nothing is left (blank, punctuation only,
 * non-string). NFKC (full-width → half-width), lowercase, punctuation removed (ASCII and CJK,
 * `，。（）「」`; dots and apostrophes join so "A.B.C." is "abc"), then legal forms removed from the
 * end again and again (Inc, Corp, Co, LLC, Ltd, GmbH, AG, SA, BV, Pty Ltd, KK, AB, 有限公司,
 * 股份有限公司, 株式会社, 公司, …; 株式会社 also from the front), whitespace collapsed.
 * "Acme Co., Ltd." and "ＡＣＭＥ" both give "acme". A name that is only a legal form is kept as it
 * is. Idempotent.
 */
export function normalizeCompany(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const tokens = words(name);
  while (stripOneLegalForm(tokens));
  return tokens.length === 0 ? null : tokens.join(' ');
}

/**
 * A person's name as a dedup key, or `null` when blank: cleaned like a company name (no legal
 * forms) and with its words sorted, so "Smith, John" and "John Smith" (or 王 伟 and 伟 王) match.
 */
export function normalizePersonName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const tokens = words(name);
  return tokens.length === 0 ? null : tokens.sort().join(' ');
}

// ---------------------------------------------------------------------------------------------
// Finding duplicates

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || Number.isNaN(value) || (typeof value === 'string' && value.trim() === '');
}

// Creation time for ordering, read from text only; unknown times sort after every known one.
function createdMs(lead: Lead): number {
  return (typeof lead.createdAt === 'string' ? toMs(lead.createdAt) : null) ?? Number.POSITIVE_INFINITY;
}

/** Union-find over indices with path halving and union by size. */
class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(i: number): number {
    const parent = this.parent;
    let x = i;
    while (parent[x] !== x) {
      const grand = parent[parent[x]!]!;
      parent[x] = grand;
      x = grand;
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/** Links leads that share a key: each key remembers the first lead that had it. */
class Linker {
  readonly sets: DisjointSets;
  /** Per lead, a bit per `DEDUP_KEYS` index for each key kind it shares with another lead. */
  readonly kinds: Uint8Array;
  // One map per kind, so an e-mail can never collide with a phone or company key.
  private readonly firstByKey = DEDUP_KEYS.map(() => new Map<string, number>());

  constructor(n: number) {
    this.sets = new DisjointSets(n);
    this.kinds = new Uint8Array(n);
  }

  link(index: number, kind: DedupKey, key: string): void {
    const k = DEDUP_KEYS.indexOf(kind);
    const firsts = this.firstByKey[k]!;
    const first = firsts.get(key);
    if (first === undefined) {
      firsts.set(key, index);
      return;
    }
    this.sets.union(first, index);
    this.kinds[first]! |= 1 << k;
    this.kinds[index]! |= 1 << k;
  }
}

// Parsing a phone number costs about 10 µs (libphonenumber compiles regular expressions on every
// call), too slow for 100,000 leads. Two tricks keep the parsing down:
// - Blocking: two numbers can only have the same E.164 form if their last six digits agree
//   (national prefixes, trunk and carrier codes, IDD prefixes and country codes only change the
//   front of a number), so numbers are bucketed by those digits first and only numbers that share
//   a bucket are parsed. A number that is not plain (words, full-width digits) or has too few
//   digits for its tail to be safe is parsed at once and bucketed by its E.164 tail.
// - Caching: a plain number parses the same whatever its separators and extension (E.164 drops
//   it), so the cache is keyed by its digits (and a leading +): "(212) 555-0100",
//   "212.555.0100" and "212 555 0100 x12" are parsed once.
const PHONE_TAIL = 6;
const MIN_PLAIN_DIGITS = 9;
const PLAIN_PHONE = /^\+?[\d\s().-]+$/;
const EXTENSION = /\s*(?:ext\.?|x|#)\s*\d{1,6}$/i;
const NON_DIGITS = /\D/g;

// Digits with a leading + kept, for a plain number (an extension dropped); null for anything else.
function plainPhone(raw: string): string | null {
  const text = raw.trim().replace(EXTENSION, '');
  if (!PLAIN_PHONE.test(text)) return null;
  const digits = text.replace(NON_DIGITS, '');
  return text.startsWith('+') ? `+${digits}` : digits;
}

function linkPhones(leads: readonly Lead[], defaultRegion: string, linker: Linker): void {
  const cache = new Map<string, string | null>();
  const plain: (string | null)[] = [];
  const e164 = (lead: Lead, i: number): string | null => {
    const region = phoneRegion(lead.country) ?? defaultRegion;
    const key = `${region}\u0000${plain[i] ?? (lead.phone as string)}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = normalizePhone(lead.phone, region);
      cache.set(key, value);
    }
    return value;
  };
  const tails: (string | null)[] = [];
  const counts = new Map<string, number>();
  leads.forEach((lead, i) => {
    const raw = typeof lead.phone === 'string' ? lead.phone : '';
    plain[i] = plainPhone(raw);
    const digits = plain[i]?.replace('+', '') ?? '';
    const tail = raw.trim() === '' ? null
      : digits.length >= MIN_PLAIN_DIGITS ? digits.slice(-PHONE_TAIL)
        : e164(lead, i)?.slice(-PHONE_TAIL) ?? null;
    tails[i] = tail;
    if (tail !== null) counts.set(tail, (counts.get(tail) ?? 0) + 1);
  });
  leads.forEach((lead, i) => {
    const tail = tails[i];
    if (tail === null || tail === undefined || (counts.get(tail) ?? 0) < 2) return;
    const number = e164(lead, i);
    if (number !== null) linker.link(i, 'phone', number);
  });
}

function linkByKey(leads: readonly Lead[], kind: DedupKey, keyOf: (lead: Lead) => string | null, linker: Linker): void {
  leads.forEach((lead, i) => {
    const key = keyOf(lead);
    if (key !== null) linker.link(i, kind, key);
  });
}

// Many leads share a company, so its normalised form is computed once per spelling.
function companyNameKeys(): (lead: Lead) => string | null {
  const companies = new Map<unknown, string | null>();
  return (lead) => {
    const person = normalizePersonName(lead.name);
    if (person === null) return null;
    let company = companies.get(lead.company);
    if (company === undefined) {
      company = normalizeCompany(lead.company);
      companies.set(lead.company, company);
    }
    return company === null ? null : `${company}\u0000${person}`;
  };
}

function hasId(value: unknown): value is Lead {
  return isRecord(value) && typeof value.id === 'string' && value.id !== '';
}

// Objects with a non-empty string id, each id once (the first entry wins).
function distinctLeads(leads: readonly Lead[]): Lead[] {
  const seen = new Set<string>();
  const out: Lead[] = [];
  for (const lead of (Array.isArray(leads) ? leads : []) as readonly unknown[]) {
    if (!hasId(lead) || seen.has(lead.id)) continue;
    seen.add(lead.id);
    out.push(lead);
  }
  return out;
}

/**
 * Groups leads that share a normalised e-mail, an E.164 phone or a company plus person name,
 * directly or through a chain (A shares an e-mail with B, B a phone with C: one group).
 * Each key is looked up in a map and linked through a union-find, never compared pair by pair;
 * phones are parsed only when their last digits collide (see linkPhones), so 100,000 leads take well
 * under a second. A lead's phone is read in its `country` when that is a region code
 * libphonenumber knows, else in `defaultRegion` (an unknown one: only `+…` numbers are read).
 * Groups are disjoint, have two or more members and come oldest member first. Ignored: entries
 * that are not objects or have no string id, repeats of an id already seen (the first one
 * counts), and leads that already have a `duplicateOf`. `by` limits the keys (unknown kinds
 * ignored; an empty list finds nothing).
 */
export function findDuplicates(leads: readonly Lead[], options: FindDuplicatesOptions = {}): DuplicateResult {
  const opts: FindDuplicatesOptions = isRecord(options) ? options : {};
  const list = distinctLeads(leads).filter((lead) => isBlank(lead.duplicateOf));
  const by: readonly unknown[] = Array.isArray(opts.by) ? opts.by : DEDUP_KEYS;
  const linker = new Linker(list.length);
  if (by.includes('email')) linkByKey(list, 'email', (lead) => normalizeEmail(lead.email), linker);
  // An unknown default region becomes '' (none): national numbers then cannot be read.
  if (by.includes('phone')) linkPhones(list, phoneRegion(opts.defaultRegion ?? 'US') ?? '', linker);
  if (by.includes('company-name')) linkByKey(list, 'company-name', companyNameKeys(), linker);
  return { groups: collectGroups(list, linker) };
}

function collectGroups(list: readonly Lead[], linker: Linker): DuplicateGroup[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < list.length; i++) {
    if (linker.kinds[i] === 0) continue;
    const root = linker.sets.find(i);
    const group = members.get(root);
    if (group) group.push(i);
    else members.set(root, [i]);
  }
  const groups = [...members.values()];
  const times = new Float64Array(list.length);
  for (const indices of groups) for (const i of indices) times[i] = createdMs(list[i]!);
  // Two unknown (infinite) times subtract to NaN, which falls through to input order.
  const byAge = (a: number, b: number): number => times[a]! - times[b]! || a - b;
  for (const indices of groups) indices.sort(byAge);
  groups.sort((a, b) => byAge(a[0]!, b[0]!));
  return groups.map((indices) => {
    let mask = 0;
    for (const i of indices) mask |= linker.kinds[i]!;
    return {
      ids: indices.map((i) => list[i]!.id),
      reasons: DEDUP_KEYS.filter((_, bit) => (mask & (1 << bit)) !== 0),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Merging

// Objects merged key by key rather than taken whole.
const NESTED = ['custom', 'source'] as const;
// Top-level fields a merge never copies whole: identity and lifecycle belong to the survivor,
// `score` takes the maximum instead, the nurture fields only make sense with the other lead's
// status, and the nested objects are merged key by key.
const NOT_FILLED: ReadonlySet<string> = new Set([
  'id', 'createdAt', 'updatedAt', 'status', 'duplicateOf', 'mergedFrom', 'score', 'reentryAt', 'nurtureReason', ...NESTED,
]);
const NOTHING: ReadonlySet<string> = new Set();

// Copies into `target` each key of `donor` that is blank in `target`; returns the keys copied.
function fillBlanks(target: Record<string, unknown>, donor: Record<string, unknown>, skip: ReadonlySet<string>): string[] {
  const filled: string[] = [];
  for (const [key, value] of Object.entries(donor)) {
    if (skip.has(key) || isBlank(value) || !isBlank(target[key])) continue;
    target[key] = value;
    filled.push(key);
  }
  return filled;
}

function fillNested(target: Lead, donor: Lead): string[] {
  const filled: string[] = [];
  for (const key of NESTED) {
    const from = donor[key];
    if (!isRecord(from)) continue;
    const current = target[key];
    const into: Record<string, unknown> = isRecord(current) ? { ...current } : {};
    const keys = fillBlanks(into, from, NOTHING);
    if (keys.length === 0) continue;
    target[key] = into;
    for (const k of keys) filled.push(`${key}.${k}`);
  }
  return filled;
}

// The first of `donors` whose finite score beats the survivor's and every other, if any.
function highestScorer(survivor: Lead, donors: readonly Lead[]): Lead | undefined {
  let best = typeof survivor.score === 'number' && Number.isFinite(survivor.score) ? survivor.score : Number.NEGATIVE_INFINITY;
  let scorer: Lead | undefined;
  for (const donor of donors) {
    if (typeof donor.score === 'number' && Number.isFinite(donor.score) && donor.score > best) {
      best = donor.score;
      scorer = donor;
    }
  }
  return scorer;
}

/**
 * Merges duplicate leads into the oldest one (`createdAt`; unknown times count as newest, ties go
 * to the earlier entry). Each blank field of the survivor (undefined, null, NaN or blank text) is
 * filled from the other leads, newest first; `custom` and `source` are merged key by key the same
 * way; identity, status, `duplicateOf` and the nurture fields are never copied. `score` becomes the
 * highest finite score. Every merged lead is recorded in `survivor.mergedFrom` (earlier history
 * kept) with the fields it filled; the survivor and the others get `updatedAt: now`, the others
 * `duplicateOf: survivor.id`. Inputs are not mutated. Non-objects, leads without a non-empty string id
 * and repeats of an id are ignored; a single lead comes back unchanged; no leads give `null`.
 * An unusable `now` falls back to the current time.
 */
export function mergeLeads(leads: readonly Lead[], now: number | string = Date.now()): MergeResult | null {
  const ordered = oldestFirst(leads);
  const oldest = ordered[0];
  if (oldest === undefined) return null;
  if (ordered.length === 1) return { survivor: oldest, merged: [] };
  // An unusable `now` falls back to the current time, so a merge still records when.
  const at = toIso(msOrNow(now));
  const survivor: Lead = { ...oldest };
  const history: MergeEntry[] = Array.isArray(oldest.mergedFrom) ? [...oldest.mergedFrom] : [];
  const donors = ordered.slice(1).reverse();
  const scorer = highestScorer(oldest, donors);
  for (const donor of donors) {
    const fields = [...fillBlanks(survivor, donor, NOT_FILLED), ...fillNested(survivor, donor)];
    if (donor === scorer) {
      survivor.score = donor.score;
      fields.push('score');
    }
    history.push({ id: donor.id, at, fields });
  }
  survivor.mergedFrom = history;
  survivor.updatedAt = at;
  const merged = donors.map((donor): Lead => ({ ...donor, duplicateOf: survivor.id, updatedAt: at }));
  return { survivor, merged };
}

// Distinct leads, oldest first (stable for equal or unknown times).
function oldestFirst(leads: readonly Lead[]): Lead[] {
  const list = distinctLeads(leads);
  const times = list.map(createdMs);
  return list.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b).map((i) => list[i]!);
}
