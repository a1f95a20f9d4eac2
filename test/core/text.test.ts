import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DEFAULT_MIN_FILL_MS, badCharacterPaths, cleanStrings, cleanText, hasBadCharacters } from '../../src/core/text.js';

// The oracle: a NUL, or a string that is not well-formed UTF-16 (encodeURIComponent refuses those).
function oracleBad(s: string): boolean {
  if (s.includes('\0')) return true;
  try {
    encodeURIComponent(s);
    return false;
  } catch {
    return true;
  }
}

// Strings made of any code units (lone surrogates, NUL and other controls included) as well as ordinary ones.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('\0', '\ud800', '\udc00', '\ud83d', '\ude00', '\x07', '\t', '\n', '\r', 'a', '王'), maxLength: 8 }),
  fc.string({ maxLength: 8 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  // An empty key would make its path the same as its parent's.
  object: fc.dictionary(text.filter((k) => k !== ''), tie('value'), { maxKeys: 4 }),
})).value;

/** The value at a path of badCharacterPaths (`a.b[2].c`), reading keys as the function wrote them. */
function at(value: unknown, path: string, keys: (v: Record<string, unknown>) => string[] = Object.keys): unknown[] {
  // Keys may hold dots or brackets themselves: try every key that fits the path.
  if (path === '') return [value];
  if (Array.isArray(value)) {
    const m = /^\[(\d+)\](.*)$/s.exec(path);
    if (!m) return [];
    const rest = m[2]!.startsWith('.') ? m[2]!.slice(1) : m[2]!;
    return at(value[Number(m[1])], rest, keys);
  }
  if (typeof value !== 'object' || value === null) return [];
  const found: unknown[] = [];
  for (const key of keys(value as Record<string, unknown>)) {
    if (!path.startsWith(key)) continue;
    const rest = path.slice(key.length);
    if (rest === '') found.push({ key, value: (value as Record<string, unknown>)[key] });
    else if (rest.startsWith('.')) found.push(...at((value as Record<string, unknown>)[key], rest.slice(1), keys));
    else if (rest.startsWith('[')) found.push(...at((value as Record<string, unknown>)[key], rest, keys));
  }
  return found;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) { out.push(k); strings(v, out); }
  return out;
}

describe('core/text', () => {
  it('agrees with the server on the minimum fill time', () => {
    expect(DEFAULT_MIN_FILL_MS).to.equal(2000);
  });

  it('finds NUL and unpaired surrogates, and nothing else', () => {
    for (const bad of ['\0', 'a\0b', '\ud800', '\udc00', 'x\ud83d', '\ude00x', '\udc00\ud800', '😀\ud800']) expect(hasBadCharacters(bad), JSON.stringify(bad)).to.equal(true);
    for (const good of ['', 'plain', '😀', '王小明', 'tab\tnew\nline\r', '\x07bell', '\ufffd']) expect(hasBadCharacters(good), JSON.stringify(good)).to.equal(false);
    fc.assert(fc.property(text, (s) => hasBadCharacters(s) === oracleBad(s)), { numRuns: 2000 });
  });

  it('names the path of every bad string, keys included', () => {
    const lead = {
      name: 'Ada', source: { utm_source: '\0', page: 'https://x.test/?a=%00' }, custom: { notes: 'pasted \ud83d', ok: '😀' },
      tags: ['fine', 'bad\udc00'], ['k\0']: 1,
    };
    expect(badCharacterPaths(lead)).to.deep.equal(['source.utm_source', 'custom.notes', 'tags[1]', 'k\0']);
    expect(badCharacterPaths('\0')).to.deep.equal(['']);
    expect(badCharacterPaths({ a: 1, b: [true, null] })).to.deep.equal([]);
  });

  it('finds a bad string in any JSON value exactly when there is one, and each path leads to one', () => {
    fc.assert(fc.property(json, (value) => {
      const paths = badCharacterPaths(value);
      expect(paths.length > 0).to.equal(strings(value).some(oracleBad));
      for (const path of paths) {
        const bad = (h: unknown): boolean => {
          if (typeof h === 'string') return oracleBad(h);
          const { key, value: v } = h as { key: string; value: unknown };
          return oracleBad(key) || (typeof v === 'string' && oracleBad(v));
        };
        expect(at(value, path).some(bad), path).to.equal(true);
      }
    }), { numRuns: 500 });
  });

  it('cleans text: controls but tab, new line and return go, a lone surrogate becomes U+FFFD', () => {
    expect(cleanText('a\0b\x07c\td\ne\rf\x1f')).to.equal('abc\td\ne\rf');
    expect(cleanText('x\ud800y\udc00z😀')).to.equal('x\ufffdy\ufffdz😀');
    expect(cleanText('\ud800\0\udc00')).to.equal('\ufffd\ufffd');
    fc.assert(fc.property(text, (s) => {
      const clean = cleanText(s);
      expect(oracleBad(clean)).to.equal(false);
      // eslint-disable-next-line no-control-regex
      expect(/[\0-\x08\x0b\x0c\x0e-\x1f]/.test(clean)).to.equal(false);
      expect(cleanText(clean), 'idempotent').to.equal(clean);
      // Only controls are removed, and a surrogate is replaced one for one.
      // eslint-disable-next-line no-control-regex
      const controls = (s.match(/[\0-\x08\x0b\x0c\x0e-\x1f]/g) ?? []).length;
      expect(clean.length).to.equal(s.length - controls);
      if (!oracleBad(s) && controls === 0) expect(clean).to.equal(s);
    }), { numRuns: 2000 });
  });

  it('cleans every string of a JSON value, keeping its shape, and returns an untouched value as it is', () => {
    fc.assert(fc.property(json, (value) => {
      const clean = cleanStrings(value);
      expect(badCharacterPaths(clean)).to.deep.equal([]);
      expect(strings(clean).every((s) => cleanText(s) === s)).to.equal(true);
      if (strings(value).every((s) => cleanText(s) === s)) expect(clean).to.equal(value);
      expect(cleanStrings(clean)).to.equal(clean);
      const shape = (v: unknown): unknown => (Array.isArray(v) ? v.map(shape) : typeof v === 'object' && v !== null ? Object.values(v).map(shape) : typeof v);
      // Two keys that clean to the same text merge; otherwise the shape is the same.
      const keys = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(keys)
        : typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : []);
      if (keys(value).every((k) => cleanText(k) === k)) expect(shape(clean)).to.deep.equal(shape(value));
    }), { numRuns: 500 });
    const lead = { id: 'l1', source: { utm_source: '\0spam' }, custom: { notes: ['a\ud800'] }, n: 1 };
    expect(cleanStrings(lead)).to.deep.equal({ id: 'l1', source: { utm_source: 'spam' }, custom: { notes: ['a\ufffd'] }, n: 1 });
    expect(lead.source.utm_source, 'the input is left alone').to.equal('\0spam');
    // A key named __proto__ (as JSON.parse gives it, an own property) is kept as data.
    const proto = cleanStrings(JSON.parse('{"__proto__":"\\u0000","a":{"__proto__":{"x":"\\u0000"}}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(proto)).to.equal(Object.prototype);
    expect(JSON.stringify(proto)).to.equal('{"__proto__":"","a":{"__proto__":{"x":""}}}');
  });
});
