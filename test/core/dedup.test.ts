import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  DEDUP_KEYS, findDuplicates, isValidEmail, mergeLeads, normalizeCompany, normalizeEmail, normalizePersonName,
} from '../../src/core/dedup.js';
import type { DedupKey, MergeEntry } from '../../src/core/dedup.js';
import { isValidEmail as isValidEmailDirect, normalizeEmail as normalizeEmailDirect } from '../../src/core/email.js';
import type { Lead } from '../../src/core/model.js';
import { normalizePhone } from '../../src/core/phone.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const NOW = at(100);

function lead(id: string, day: number, extra: Partial<Lead> = {}): Lead {
  return { id, createdAt: at(day), updatedAt: at(day), status: 'new', ...extra };
}

// Maps printable ASCII to its full-width form (U+FF01..U+FF5E) and the space to U+3000.
function fullWidth(text: string): string {
  return text.replace(/[!-~ ]/g, (c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}

describe('core/dedup: normalizeEmail and isValidEmail', () => {
  it('is re-exported from the small email module', () => {
    expect(normalizeEmail).to.equal(normalizeEmailDirect);
    expect(isValidEmail).to.equal(isValidEmailDirect);
  });

  it('trims and lowercases', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).to.equal('jane.doe@example.com');
  });

  it('drops dots and +tags only for Gmail, mapping googlemail.com to gmail.com', () => {
    expect(normalizeEmail('Jane.Doe+news@gmail.com')).to.equal('janedoe@gmail.com');
    expect(normalizeEmail('j.a.n.e.doe@GoogleMail.com')).to.equal('janedoe@gmail.com');
    expect(normalizeEmail('jane.doe+news@example.com')).to.equal('jane.doe+news@example.com');
    expect(normalizeEmail('jane.doe+news@outlook.com')).not.to.equal(normalizeEmail('janedoe@outlook.com'));
  });

  it('gives null for invalid addresses and a Gmail address that is only a tag', () => {
    for (const bad of ['', 'jane', 'jane@', '@example.com', 'jane@example', 'jane@@example.com', 'ja ne@example.com',
      'jane@exa mple.com', 'jane@example..com', '.jane@example.com', 'jane.@example.com', 'ja..ne@example.com',
      'jane@-example.com', 'jane@example-.com', 'jane@127.0.0.1', 'a,b@example.com', '"jane"@example.com', '+news@gmail.com']) {
      expect(normalizeEmail(bad), bad).to.equal(null);
    }
    expect(normalizeEmail(undefined)).to.equal(null);
    expect(normalizeEmail(42)).to.equal(null);
  });

  it('accepts practical addresses: tags, subdomains, internationalised domains, digits in labels', () => {
    for (const good of ['a@b.co', 'first.last+tag@mail.example.co.uk', 'x_y-z@123.example', '用户@例子.中国', 'user@xn--fiqs8s.xn--fiqz9s']) {
      expect(isValidEmail(good), good).to.equal(true);
    }
    expect(isValidEmail(' jane@example.com ')).to.equal(true);
    expect(isValidEmail(null)).to.equal(false);
  });

  it('caps the local part at 64 and the address at 254 characters', () => {
    expect(isValidEmail(`${'a'.repeat(64)}@example.com`)).to.equal(true);
    expect(isValidEmail(`${'a'.repeat(65)}@example.com`)).to.equal(false);
    const domain = `${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(57)}`;
    expect(`abcd@${domain}`).to.have.length(254);
    expect(isValidEmail(`abcd@${domain}`)).to.equal(true);
    expect(isValidEmail(`abcde@${domain}`)).to.equal(false);
  });

  it('is idempotent', () => {
    const local = fc.stringMatching(/^[A-Za-z0-9._+-]{1,12}$/);
    const domain = fc.constantFrom('gmail.com', 'GoogleMail.com', 'example.com', 'mail.example.cn', 'x');
    fc.assert(fc.property(fc.oneof(fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`), fc.string()), (email) => {
      const once = normalizeEmail(email);
      expect(normalizeEmail(once)).to.equal(once);
      if (once !== null) expect(isValidEmail(once)).to.equal(true);
    }), { numRuns: 200 });
  });
});

describe('core/dedup: normalizeCompany', () => {
  it('strips English and other legal suffixes, repeatedly, with their punctuation', () => {
    const cases: [string, string][] = [
      ['Acme Inc.', 'acme'], ['Acme, Incorporated', 'acme'], ['ACME Corp', 'acme'], ['Acme Corporation', 'acme'],
      ['Acme Co., Ltd.', 'acme'], ['Acme Company Limited', 'acme'], ['Acme LLC', 'acme'], ['Acme L.L.C.', 'acme'],
      ['Acme PLC', 'acme'], ['Acme GmbH', 'acme'], ['Acme AG', 'acme'], ['Acme S.A.', 'acme'], ['Acme SAS', 'acme'],
      ['Acme SARL', 'acme'], ['Acme B.V.', 'acme'], ['Acme N.V.', 'acme'], ['Acme Pty Ltd', 'acme'], ['Acme K.K.', 'acme'],
      ['Acme Oy', 'acme'], ['Volvo AB', 'volvo'], ['Acme Holdings Co Inc', 'acme holdings'], ['Acme™ Pty. Ltd.', 'acme'],
    ];
    for (const [raw, expected] of cases) expect(normalizeCompany(raw), raw).to.equal(expected);
  });

  it('strips Chinese and Japanese legal forms, written without spaces, and CJK punctuation', () => {
    const cases: [string, string][] = [
      ['华为技术有限公司', '华为技术'], ['阿里巴巴集团有限公司', '阿里巴巴'], ['中国平安保险股份有限公司', '中国平安保险'],
      ['北京字节跳动科技有限责任公司', '北京字节跳动科技'], ['腾讯科技（深圳）有限公司', '腾讯科技 深圳'], ['「小米」公司', '小米'],
      ['ソニー株式会社', 'ソニー'], ['株式会社ソニー', 'ソニー'], ['㈱ソニー', 'ソニー'], ['百度，有限公司。', '百度'],
    ];
    for (const [raw, expected] of cases) expect(normalizeCompany(raw), raw).to.equal(expected);
  });

  it('reads full-width letters as half-width, ignores case, and joins dotted initials', () => {
    expect(normalizeCompany('ＡＣＭＥ　Ｉｎｃ．')).to.equal('acme');
    expect(normalizeCompany('I.B.M. Corp.')).to.equal('ibm');
    expect(normalizeCompany('Comércio Brasil Ltda')).to.equal(normalizeCompany('COMÉRCIO BRASIL'));
    expect(normalizeCompany("McDonald's Corporation")).to.equal('mcdonalds');
    expect(normalizeCompany('  Smith -  Jones   & Partners ')).to.equal('smith jones partners');
  });

  it('keeps a name that is only a legal form, and gives null when nothing is left', () => {
    expect(normalizeCompany('Company')).to.equal('company');
    expect(normalizeCompany('有限公司')).to.equal('有限公司');
    expect(normalizeCompany('Co. Ltd.')).to.equal('co');
    for (const blank of ['', '   ', '...', '（）', undefined, null, 7]) expect(normalizeCompany(blank)).to.equal(null);
  });

  it('does not strip a suffix glued to a Latin word', () => {
    expect(normalizeCompany('Medco')).to.equal('medco');
    expect(normalizeCompany('Rocksa')).to.equal('rocksa');
  });

  it('is idempotent on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
      const once = normalizeCompany(text);
      expect(normalizeCompany(once)).to.equal(once);
    }), { numRuns: 200 });
  });

  it('does not change under full-width conversion or case', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
      fc.constantFrom('Inc.', 'Co., Ltd.', 'L.L.C.', 'GmbH', 'Pty Ltd', 'S.A.', '(', ')', ',', '&', '-', "'", '有限公司', '华为', '科技', '株式会社'),
    );
    const name = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(name, (text) => {
      const key = normalizeCompany(text);
      expect(normalizeCompany(fullWidth(text))).to.equal(key);
      expect(normalizeCompany(text.toUpperCase())).to.equal(key);
      expect(normalizeCompany(text.toLowerCase())).to.equal(key);
    }), { numRuns: 200 });
  });
});

describe('core/dedup: normalizePersonName', () => {
  it('ignores word order, case, punctuation and width', () => {
    expect(normalizePersonName('John Smith')).to.equal('john smith');
    expect(normalizePersonName('SMITH, John')).to.equal('john smith');
    expect(normalizePersonName('Ｊｏｈｎ　Ｓｍｉｔｈ')).to.equal('john smith');
    expect(normalizePersonName("Mary O'Brien")).to.equal('mary obrien');
    expect(normalizePersonName('约翰·史密斯')).to.equal(normalizePersonName('史密斯 约翰'));
    expect(normalizePersonName(' - ')).to.equal(null);
    expect(normalizePersonName(undefined)).to.equal(null);
  });
});

describe('core/dedup: findDuplicates', () => {
  // a-b share an e-mail (Gmail dots), b-c a phone, d-e a company and person, f stands alone,
  // g has the phone of c but is already merged, h repeats the id of a.
  const fixture: Lead[] = [
    lead('c', 3, { phone: '+1 (212) 555-0100', name: 'C' }),
    lead('a', 1, { email: 'Jane.Doe@gmail.com' }),
    lead('b', 2, { email: 'janedoe+work@googlemail.com', phone: '212.555.0100' }),
    lead('e', 5, { company: 'ACME Co., Ltd.', name: 'Smith, John' }),
    lead('d', 4, { company: 'Acme Inc', name: 'John Smith' }),
    lead('f', 0, { email: 'jane.doe@example.com', phone: '212-555-0199', company: 'Acme', name: 'Jane Doe' }),
    lead('g', 6, { phone: '2125550100', duplicateOf: 'c' }),
    lead('a', 7, { email: 'zed@example.com', phone: '212-555-0199' }),
  ];

  it('groups leads linked directly or through a chain of keys, oldest first, with the keys that linked them', () => {
    expect(findDuplicates(fixture)).to.deep.equal({
      groups: [
        { ids: ['a', 'b', 'c'], reasons: ['email', 'phone'] },
        { ids: ['d', 'e'], reasons: ['company-name'] },
      ],
    });
  });

  it('uses only the keys asked for', () => {
    expect(findDuplicates(fixture, { by: ['email'] }).groups).to.deep.equal([{ ids: ['a', 'b'], reasons: ['email'] }]);
    expect(findDuplicates(fixture, { by: ['phone'] }).groups).to.deep.equal([{ ids: ['b', 'c'], reasons: ['phone'] }]);
    expect(findDuplicates(fixture, { by: ['company-name'] }).groups).to.deep.equal([{ ids: ['d', 'e'], reasons: ['company-name'] }]);
    expect(findDuplicates(fixture, { by: [] }).groups).to.deep.equal([]);
    expect(findDuplicates(fixture, { by: ['bogus' as DedupKey, 'email'] }).groups).to.have.length(1);
  });

  it('needs both company and person name for the company key', () => {
    const leads = [lead('x', 0, { company: 'Acme' }), lead('y', 1, { company: 'Acme Ltd' }), lead('z', 2, { name: 'Jo', company: 'Acme' })];
    expect(findDuplicates(leads).groups).to.deep.equal([]);
  });

  it('reads national numbers in the default region, or in the lead country when it is a region code', () => {
    const leads = [
      lead('p', 0, { phone: '138 0013 8000' }),
      lead('q', 1, { phone: '+86 138-0013-8000' }),
      lead('r', 2, { phone: '13800138000', country: 'cn' }),
      lead('s', 3, { phone: '13800138000', country: 'China' }),
    ];
    expect(findDuplicates(leads).groups).to.deep.equal([{ ids: ['q', 'r'], reasons: ['phone'] }]);
    expect(findDuplicates(leads, { defaultRegion: 'CN' }).groups).to.deep.equal([{ ids: ['p', 'q', 'r', 's'], reasons: ['phone'] }]);
    // With an unknown default region only international numbers and leads with a country can be read.
    expect(findDuplicates(leads, { defaultRegion: 'ZZ' }).groups).to.deep.equal([{ ids: ['q', 'r'], reasons: ['phone'] }]);
  });

  it('matches numbers with extensions, words or full-width digits against plain ones', () => {
    const leads = [
      lead('plain', 0, { phone: '2125550100' }),
      lead('ext', 1, { phone: 'tel: 212 555 0100 ext. 7' }),
      lead('wide', 2, { phone: '＋１ ２１２ ５５５ ０１００' }),
      lead('short', 3, { phone: '555-0100' }),
      lead('other', 4, { phone: '212 555 0101' }),
      lead('bad', 5, { phone: 'n/a' }),
      lead('blank', 6, { phone: '  ' }),
    ];
    expect(findDuplicates(leads).groups).to.deep.equal([{ ids: ['plain', 'ext', 'wide'], reasons: ['phone'] }]);
  });

  it('matches national and international forms of short numbers and of Argentine mobiles (digits inserted mid-number)', () => {
    const leads = [
      lead('nu1', 0, { phone: '4002', country: 'NU' }),
      lead('nu2', 1, { phone: '+683 4002' }),
      lead('ar1', 2, { phone: '0 2966 15 123456', country: 'AR' }),
      lead('ar2', 3, { phone: '+54 9 2966 123456' }),
      lead('ar3', 4, { phone: '011 15 2345-6789', country: 'AR' }),
      lead('ar4', 5, { phone: '+54 9 11 2345 6789' }),
    ];
    expect(findDuplicates(leads).groups.map((g) => g.ids)).to.deep.equal([['nu1', 'nu2'], ['ar1', 'ar2'], ['ar3', 'ar4']]);
  });

  it('ignores invalid keys, non-objects and leads without an id, and handles empty input', () => {
    const leads = [
      lead('m', 0, { email: 'not an email', phone: '123' }),
      lead('n', 1, { email: 'not an email', phone: '123' }),
      null, 'x', { email: 'a@b.co' }, { id: '', email: 'a@b.co' }, lead('o', 2, { email: 'a@b.co' }),
    ] as unknown as Lead[];
    expect(findDuplicates(leads).groups).to.deep.equal([]);
    expect(findDuplicates([]).groups).to.deep.equal([]);
    expect(findDuplicates(null as unknown as Lead[]).groups).to.deep.equal([]);
    expect(findDuplicates([lead('o1', 0, { email: 'a@b.co' }), lead('o2', 1, { email: 'A@B.CO' })], null as unknown as object).groups)
      .to.deep.equal([{ ids: ['o1', 'o2'], reasons: ['email'] }]);
  });

  it('orders members and groups by creation time, unknown times last, ties in input order', () => {
    const leads = [
      lead('late', 9, { email: 'x@y.co' }),
      { ...lead('unknown', 0, { email: 'x@y.co' }), createdAt: 'garbage' },
      lead('tie2', 3, { email: 'x@y.co' }),
      lead('tie1', 3, { email: 'x@y.co' }),
      { ...lead('unknown2', 0, { email: 'x@y.co' }), createdAt: undefined } as unknown as Lead,
      lead('g2a', 1, { email: 'p@q.co' }),
      lead('g2b', 2, { email: 'p@q.co' }),
    ];
    expect(findDuplicates(leads).groups.map((g) => g.ids)).to.deep.equal([
      ['g2a', 'g2b'],
      ['tie2', 'tie1', 'late', 'unknown', 'unknown2'],
    ]);
  });

  // Random leads drawn from small pools so that keys collide often.
  const baseNumbers = ['2125550100', '2125550101', '4155550123', '3125550100'];
  const phoneFormats = [
    (n: string) => n, (n: string) => `+1 ${n}`, (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    (n: string) => `1-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, (n: string) => `${n} ext 9`, (n: string) => fullWidth(n),
    (n: string) => n.slice(3),
  ];
  const arbLead = fc.record({
    day: fc.integer({ min: 0, max: 5 }),
    email: fc.option(fc.constantFrom('a@x.co', 'A@X.CO', 'b.c@gmail.com', 'bc+1@gmail.com', 'bad', 'd@x.co'), { nil: undefined }),
    phone: fc.option(fc.tuple(fc.constantFrom(...baseNumbers), fc.constantFrom(...phoneFormats)).map(([n, f]) => f(n)), { nil: undefined }),
    company: fc.option(fc.constantFrom('Acme Inc', 'ACME', 'Globex', '华为有限公司', '华为'), { nil: undefined }),
    name: fc.option(fc.constantFrom('Jo Li', 'Li Jo', 'Max'), { nil: undefined }),
  });
  const arbLeads = fc.array(arbLead, { maxLength: 25 }).map((rows) => rows.map((r, i) => {
    const extra: Partial<Lead> = {};
    for (const key of ['email', 'phone', 'company', 'name'] as const) if (r[key] !== undefined) extra[key] = r[key];
    return lead(`L${i}`, r.day, extra);
  }));

  function keysOf(l: Lead): string[] {
    const keys: string[] = [];
    const email = normalizeEmail(l.email);
    if (email) keys.push(`email:${email}`);
    const phone = normalizePhone(l.phone, 'US');
    if (phone) keys.push(`phone:${phone}`);
    const company = normalizeCompany(l.company);
    const person = normalizePersonName(l.name);
    if (company && person) keys.push(`company-name:${company}|${person}`);
    return keys;
  }

  it('finds exactly the groups of leads connected by shared keys (checked against all pairs)', () => {
    fc.assert(fc.property(arbLeads, (leads) => {
      const { groups } = findDuplicates(leads);
      const groupOf = new Map<string, number>();
      groups.forEach((g, gi) => g.ids.forEach((id) => {
        expect(groupOf.has(id), `${id} in two groups`).to.equal(false);
        groupOf.set(id, gi);
      }));
      const keys = new Map(leads.map((l) => [l.id, keysOf(l)]));
      const share = (a: string, b: string) => keys.get(a)!.some((k) => keys.get(b)!.includes(k));
      // Every pair sharing a key is in one group.
      for (const a of leads) for (const b of leads) {
        if (a.id !== b.id && share(a.id, b.id)) {
          expect(groupOf.get(a.id), `${a.id} ~ ${b.id}`).to.not.equal(undefined);
          expect(groupOf.get(a.id)).to.equal(groupOf.get(b.id));
        }
      }
      for (const g of groups) {
        expect(g.ids.length).to.be.greaterThan(1);
        // Every member is reached from the first through shared keys.
        const reached = new Set([g.ids[0]!]);
        for (let grew = true; grew;) {
          grew = false;
          for (const id of g.ids) {
            if (!reached.has(id) && [...reached].some((r) => share(r, id))) {
              reached.add(id);
              grew = true;
            }
          }
        }
        expect(reached.size).to.equal(g.ids.length);
        // Reasons are exactly the key kinds some pair in the group shares.
        const kinds = DEDUP_KEYS.filter((kind) => g.ids.some((a) => g.ids.some((b) => a !== b
          && keys.get(a)!.some((k) => k.startsWith(`${kind}:`) && keys.get(b)!.includes(k)))));
        expect(g.reasons).to.deep.equal(kinds);
        const times = g.ids.map((id) => Date.parse(leads.find((l) => l.id === id)!.createdAt));
        expect(times).to.deep.equal([...times].sort((x, y) => x - y));
      }
    }), { numRuns: 150 });
  });
});

describe('core/dedup: mergeLeads', () => {
  const oldest = lead('old', 1, {
    name: 'Jane Doe', email: '', phone: undefined, score: 40, status: 'mql', ownerId: 'rep1',
    custom: { budget: 5000, size: '' }, source: { utm_source: 'google' },
    mergedFrom: [{ id: 'older-merge', at: at(0), fields: ['title'] }],
  });
  const middle = lead('mid', 2, {
    name: 'J. Doe', email: 'jane@old.example', phone: '212-555-0100', company: 'Acme', score: 70,
    custom: { size: '50-200', region: 'east' }, source: { utm_source: 'bing', utm_medium: 'cpc' },
  });
  const newest = lead('new', 3, {
    email: 'jane@new.example', company: 'Acme Inc', title: 'CTO', score: 55, status: 'nurturing',
    nurtureReason: 'timing', duplicateOf: 'someone', custom: { region: 'west' },
  });

  it('keeps the oldest, fills its blanks newest first, takes the highest score and records history', () => {
    const result = mergeLeads([newest, oldest, middle], NOW);
    expect(result).to.not.equal(null);
    const { survivor, merged } = result!;
    expect(survivor).to.deep.equal({
      ...oldest,
      email: 'jane@new.example',
      phone: '212-555-0100',
      company: 'Acme Inc',
      title: 'CTO',
      score: 70,
      custom: { budget: 5000, size: '50-200', region: 'west' },
      source: { utm_source: 'google', utm_medium: 'cpc' },
      updatedAt: NOW,
      mergedFrom: [
        { id: 'older-merge', at: at(0), fields: ['title'] },
        { id: 'new', at: NOW, fields: ['email', 'company', 'title', 'custom.region'] },
        { id: 'mid', at: NOW, fields: ['phone', 'custom.size', 'source.utm_medium', 'score'] },
      ],
    });
    expect(merged).to.deep.equal([
      { ...newest, duplicateOf: 'old', updatedAt: NOW },
      { ...middle, duplicateOf: 'old', updatedAt: NOW },
    ]);
  });

  it('does not mutate its input', () => {
    const input = [structuredClone(newest), structuredClone(oldest), structuredClone(middle)];
    const copy = structuredClone(input);
    mergeLeads(input, NOW);
    expect(input).to.deep.equal(copy);
  });

  it('accepts now as milliseconds and falls back to the current time when now is unusable', () => {
    expect(mergeLeads([oldest, middle], Date.parse(NOW))!.survivor.updatedAt).to.equal(NOW);
    const before = Date.now();
    const stamp = Date.parse(mergeLeads([oldest, middle], 'not a date')!.survivor.updatedAt);
    expect(stamp).to.be.at.least(before);
    expect(Date.parse(mergeLeads([oldest, middle], Number.NaN)!.survivor.updatedAt)).to.be.at.least(before);
  });

  it('creates custom and source on the survivor when only others have them', () => {
    const a = lead('a', 0);
    const b = lead('b', 1, { custom: { x: 1 }, source: { page: '/pricing' }, score: Number.NaN });
    const { survivor } = mergeLeads([a, b], NOW)!;
    expect(survivor.custom).to.deep.equal({ x: 1 });
    expect(survivor.source).to.deep.equal({ page: '/pricing' });
    expect(survivor.score).to.equal(undefined);
    expect(survivor.mergedFrom).to.deep.equal([{ id: 'b', at: NOW, fields: ['custom.x', 'source.page'] }]);
  });

  it('treats unknown creation times as newest and ties in input order', () => {
    const unknown = { ...lead('u', 0), createdAt: 'never' };
    expect(mergeLeads([unknown, lead('k', 5)], NOW)!.survivor.id).to.equal('k');
    expect(mergeLeads([lead('t1', 2), lead('t2', 2)], NOW)!.survivor.id).to.equal('t1');
  });

  it('returns a single lead unchanged, null for none, and ignores repeats and non-records', () => {
    const one = lead('one', 0, { email: 'x@y.co' });
    expect(mergeLeads([one], NOW)).to.deep.equal({ survivor: one, merged: [] });
    expect(mergeLeads([one, one, null as unknown as Lead], NOW)).to.deep.equal({ survivor: one, merged: [] });
    expect(mergeLeads([], NOW)).to.equal(null);
    expect(mergeLeads(undefined as unknown as Lead[], NOW)).to.equal(null);
  });

  const value = fc.oneof(fc.constant(undefined), fc.constant(''), fc.constant('  '), fc.constant(null), fc.string({ minLength: 1, maxLength: 5 }), fc.integer());
  const arbLead = fc.record({
    day: fc.integer({ min: 0, max: 9 }),
    email: value, phone: value, company: value, title: value,
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    custom: fc.option(fc.dictionary(fc.constantFrom('a', 'b', 'c'), value), { nil: undefined }),
  });

  it('keeps every non-blank field of the survivor and fills blanks only from the others', () => {
    fc.assert(fc.property(fc.array(arbLead, { minLength: 1, maxLength: 6 }), (rows) => {
      const leads = rows.map(({ day, ...fields }, i) => lead(`L${i}`, day, fields as Partial<Lead>));
      const result = mergeLeads(leads, NOW)!;
      const original = leads.find((l) => l.id === result.survivor.id)!;
      const minDay = Math.min(...rows.map((r) => r.day));
      expect(rows[leads.indexOf(original)]!.day).to.equal(minDay);
      const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
      for (const key of ['email', 'phone', 'company', 'title', 'status', 'createdAt', 'id'] as const) {
        if (!isBlank(original[key])) expect(result.survivor[key]).to.equal(original[key]);
        else if (!isBlank(result.survivor[key])) expect(leads.some((l) => l !== original && l[key] === result.survivor[key])).to.equal(true);
      }
      for (const [k, v] of Object.entries(original.custom ?? {})) if (!isBlank(v)) expect(result.survivor.custom![k]).to.equal(v);
      const scores = leads.map((l) => l.score).filter((s): s is number => s !== undefined);
      expect(result.survivor.score).to.equal(scores.length ? Math.max(...scores) : undefined);
      expect(result.merged.map((m) => m.duplicateOf)).to.deep.equal(result.merged.map(() => original.id));
      if (leads.length > 1) {
        expect((result.survivor.mergedFrom as MergeEntry[]).map((e) => e.id).sort()).to.deep.equal(
          leads.filter((l) => l !== original).map((l) => l.id).sort(),
        );
      }
    }), { numRuns: 150 });
  });
});
