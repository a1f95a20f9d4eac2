/**
 * Seeded, realistic bench data that test/generate.ts does not provide: deals with long stage
 * histories, leads with phones in mixed formats and regions plus a share of duplicates, and CSV
 * exports of both as a CRM writes them. The same seed always gives the same data. Not timed.
 */
import { rng } from '../test/generate.js';
import { normalizePhone, openStages, type Deal, type Lead, type Pipeline, type StageVisit } from '../src/core/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Random = () => number;

function picker(random: Random) {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
}

function digits(random: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
  return s;
}

// ISO strings repeat a lot (one per hour of the period), so each is built once.
function isoCache(): (ms: number) => string {
  const cache = new Map<number, string>();
  return (ms) => {
    let s = cache.get(ms);
    if (s === undefined) cache.set(ms, (s = new Date(ms).toISOString()));
    return s;
  };
}

// ---------------------------------------------------------------------------------------------
// Deals with stage history

/**
 * `count` deals of `pipeline`, each with exactly `visits` history entries (so count x visits stage
 * events): deals mostly move forward one stage, sometimes skip one or go back one, and the last
 * visit is a won, lost or still-open stage. History is oldest first with `leftAt` set on all but
 * the open visit.
 */
export function dealsWithHistory(pipeline: Pipeline, count: number, visits: number, seed = 7): Deal[] {
  const random = rng(seed);
  const pick = picker(random);
  const iso = isoCache();
  const open = openStages(pipeline);
  const won = pipeline.stages.find((s) => s.kind === 'won');
  const lost = pipeline.stages.find((s) => s.kind === 'lost');
  const start = Date.parse('2025-01-01T00:00:00Z');
  const deals: Deal[] = [];
  for (let d = 0; d < count; d++) {
    const history: StageVisit[] = [];
    let t = start + Math.floor(random() * 365 * 24) * HOUR;
    const created = t;
    let at = random() < 0.1 ? 1 : 0;
    let stageId = open[at]!.id;
    let status: Deal['status'] = 'open';
    for (let v = 0; v < visits; v++) {
      if (v === visits - 1) {
        const outcome = random();
        if (outcome < 0.4 && won) [stageId, status] = [won.id, 'won'];
        else if (outcome < 0.65 && lost) [stageId, status] = [lost.id, 'lost'];
        else stageId = open[at]!.id;
      } else {
        stageId = open[at]!.id;
      }
      const visit: StageVisit = { stageId, enteredAt: iso(t) };
      history.push(visit);
      if (v === visits - 1) break;
      t += (1 + Math.floor(random() * 20 * 24)) * HOUR;
      visit.leftAt = iso(t);
      const move = random();
      const step = move < 0.1 ? 2 : move < 0.18 ? -1 : 1;
      at = Math.min(open.length - 1, Math.max(0, at + step));
    }
    const last = history.at(-1)!;
    const closed = status !== 'open';
    deals.push({
      id: `deal-${d.toString(36)}`,
      title: `Deal ${d}`,
      value: Math.round(Math.exp(7 + random() * 4) / 10) * 10,
      currency: 'USD',
      pipelineId: pipeline.id,
      stageId,
      ownerId: pick(['ana', 'ben', 'chen', 'dara', 'emil', 'fatima']),
      status,
      createdAt: iso(created),
      updatedAt: last.enteredAt,
      history,
      ...(closed ? { closedAt: last.enteredAt } : {}),
    });
  }
  return deals;
}

// ---------------------------------------------------------------------------------------------
// Leads with phones in mixed formats and regions, and duplicates

interface PhonePlan {
  country: string;
  cc: string;
  /** National trunk prefix written before national numbers ('' for none). */
  trunk: string;
  /** Whether `00` is this country's international prefix. */
  idd00: boolean;
  nsn: (random: Random) => string;
  /** Group sizes for display. */
  groups: readonly number[];
  weight: number;
  tld: string;
  legal: readonly string[];
}

const PHONE_PLANS: readonly PhonePlan[] = [
  {
    country: 'US', cc: '1', trunk: '', idd00: false, groups: [3, 3, 4], weight: 35, tld: 'com', legal: ['Inc', 'Inc.', 'LLC', 'Corp.', 'Corporation', ''],
    nsn: (r) => `${picker(r)(['212', '415', '646', '312', '617', '202', '305', '512', '206', '303', '718', '213'])}${2 + Math.floor(r() * 8)}${digits(r, 6)}`,
  },
  {
    country: 'GB', cc: '44', trunk: '0', idd00: true, groups: [4, 6], weight: 12, tld: 'co.uk', legal: ['Ltd', 'Limited', 'PLC', ''],
    nsn: (r) => `7${picker(r)(['4', '5', '7', '8', '9'])}${digits(r, 8)}`,
  },
  {
    country: 'DE', cc: '49', trunk: '0', idd00: true, groups: [3, 8], weight: 12, tld: 'de', legal: ['GmbH', 'AG', 'GmbH & Co. KG', ''],
    nsn: (r) => `${picker(r)(['151', '152', '157', '160', '162', '170', '171', '172', '175', '176', '177', '178', '179'])}${digits(r, 7 + Math.floor(r() * 2))}`,
  },
  {
    country: 'FR', cc: '33', trunk: '0', idd00: true, groups: [1, 2, 2, 2, 2], weight: 8, tld: 'fr', legal: ['SA', 'SAS', 'SARL', ''],
    nsn: (r) => `${picker(r)(['6', '7'])}${digits(r, 8)}`,
  },
  {
    country: 'CN', cc: '86', trunk: '', idd00: true, groups: [3, 4, 4], weight: 12, tld: 'cn', legal: ['Co., Ltd.', '有限公司', 'Ltd', ''],
    nsn: (r) => `${picker(r)(['130', '131', '135', '136', '137', '138', '139', '150', '151', '158', '159', '186', '187', '188'])}${digits(r, 8)}`,
  },
  {
    country: 'JP', cc: '81', trunk: '0', idd00: false, groups: [2, 4, 4], weight: 6, tld: 'jp', legal: ['K.K.', 'Co., Ltd.', '株式会社', ''],
    nsn: (r) => `${picker(r)(['90', '80', '70'])}${digits(r, 8)}`,
  },
  {
    country: 'IN', cc: '91', trunk: '', idd00: true, groups: [5, 5], weight: 8, tld: 'in', legal: ['Pvt Ltd', 'Private Limited', 'Ltd', ''],
    nsn: (r) => `${picker(r)(['9', '8', '7', '6'])}${digits(r, 9)}`,
  },
  {
    country: 'BR', cc: '55', trunk: '', idd00: false, groups: [2, 5, 4], weight: 7, tld: 'com.br', legal: ['Ltda', 'S.A.', ''],
    nsn: (r) => `${picker(r)(['11', '21', '31', '41', '51', '61', '71', '81'])}9${digits(r, 8)}`,
  },
];

function grouped(nsn: string, groups: readonly number[], separator = ' '): string {
  const parts: string[] = [];
  let i = 0;
  for (const size of groups) {
    if (i >= nsn.length) break;
    parts.push(nsn.slice(i, i + size));
    i += size;
  }
  if (i < nsn.length) parts.push(nsn.slice(i));
  return parts.join(separator);
}

/** Ways a number is written: international, national (as locals write it), compact, with 00. */
const PHONE_STYLES = ['international', 'national', 'compact', 'idd'] as const;
type PhoneStyle = (typeof PHONE_STYLES)[number];

function formatPhone(plan: PhonePlan, nsn: string, style: PhoneStyle, random: Random): string {
  switch (style) {
    case 'international':
      return `+${plan.cc} ${grouped(nsn, plan.groups)}`;
    case 'compact':
      return `+${plan.cc}${nsn}`;
    case 'idd':
      return plan.idd00 ? `00${plan.cc} ${grouped(nsn, plan.groups)}` : `+${plan.cc}-${grouped(nsn, plan.groups, '-')}`;
    default:
      if (plan.country === 'US') {
        const a = nsn.slice(0, 3);
        const b = nsn.slice(3, 6);
        const c = nsn.slice(6);
        return picker(random)([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c} x${digits(random, 3)}`]);
      }
      if (plan.country === 'BR') return `(${nsn.slice(0, 2)}) ${nsn.slice(2, 7)}-${nsn.slice(7)}`;
      return `${plan.trunk}${grouped(nsn, plan.groups, random() < 0.3 ? '-' : ' ')}`;
  }
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar',
  'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Aiko', 'Björn', 'Carmen', 'Dmitri',
  'Emma', 'Felix', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kenji', 'Laila', 'Marco', 'Nadia'];
const LAST = ['Silva', 'Okafor', 'Müller', 'Nguyen', 'Kowalski', 'Haddad', 'Larsen', 'Sato', 'Petrov', 'Chen', 'Mensah', 'Fischer',
  'García', 'Byrne', 'Aziz', 'Iyer', 'Walsh', 'Ortiz', 'Berg', 'Costa'];
const SYLLABLES = ['an', 'bel', 'cor', 'dan', 'el', 'fin', 'gar', 'hol', 'is', 'jor', 'kal', 'lin', 'mor', 'nor', 'ol', 'per',
  'quin', 'ros', 'sel', 'tor', 'ul', 'ven', 'wil', 'xan', 'yor', 'zen', 'bra', 'cla', 'dre', 'fro', 'gri', 'tri'];
const WORDS = ['Systems', 'Labs', 'Analytics', 'Logistics', 'Foods', 'Health', 'Energy', 'Robotics', 'Media', 'Capital', 'Works', 'Solutions'];
const INDUSTRIES = ['SaaS', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Education', 'Logistics'];
const SOURCES = ['google', 'linkedin', 'newsletter', 'partner', 'webinar', 'direct'];

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ascii(s: string): string {
  return s.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

/** Leads from `benchLeads`, and how many of them were made as duplicates of others. */
export interface BenchLeads {
  leads: Lead[];
  duplicates: number;
  /** Duplicate lead id -> the id of the lead it duplicates, and how it was made. */
  duplicateOf: Map<string, { id: string; by: 'email' | 'phone' | 'company-name' }>;
}

/**
 * `count` leads from eight countries, of which about `duplicateShare` are duplicates of earlier
 * ones: the same e-mail in other capitalisation (or a Gmail variant), the same phone written
 * another way, or the same person at the company spelled differently ("Acme Inc" / "ACME
 * Corporation"). Phones are national, international, compact or 00-prefixed; 15% of leads have no
 * country (their phones are then international), 10% no phone.
 */
export function benchLeads(count: number, duplicateShare = 0.1, seed = 11): BenchLeads {
  const random = rng(seed);
  const pick = picker(random);
  const iso = isoCache();
  const totalWeight = PHONE_PLANS.reduce((sum, p) => sum + p.weight, 0);
  const planOf = (): PhonePlan => {
    let x = random() * totalWeight;
    for (const plan of PHONE_PLANS) if ((x -= plan.weight) < 0) return plan;
    return PHONE_PLANS[0]!;
  };
  const companies = Array.from({ length: Math.max(10, Math.floor(count / 4)) }, () => {
    const base = capitalised(pick(SYLLABLES) + pick(SYLLABLES) + (random() < 0.3 ? pick(SYLLABLES) : ''));
    return random() < 0.4 ? `${base} ${pick(WORDS)}` : base;
  });
  const lastNames = [...LAST, ...Array.from({ length: 300 }, () => capitalised(pick(SYLLABLES) + pick(SYLLABLES)))];
  const emails = new Set<string>();
  const uniqueEmail = (local: string, domain: string): string => {
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  };
  const validNsn = (plan: PhonePlan): string => {
    for (;;) {
      const nsn = plan.nsn(random);
      if (normalizePhone(`+${plan.cc}${nsn}`) !== null) return nsn;
    }
  };
  const start = Date.parse('2025-06-01T00:00:00Z');
  const originals = Math.round(count * (1 - duplicateShare));
  const leads: Lead[] = [];
  // Per original: its country plan and national number, so a duplicate can write it another way.
  const plans: PhonePlan[] = [];
  const numbers: (string | null)[] = [];

  for (let i = 0; i < originals; i++) {
    const plan = planOf();
    const first = pick(FIRST);
    const last = pick(lastNames);
    const company = companies[Math.floor(random() * random() * companies.length)]!;
    const legal = pick(plan.legal);
    const domain = `${ascii(company)}.${plan.tld}`;
    const gmail = random() < 0.12;
    const email = gmail ? uniqueEmail(`${ascii(first)}.${ascii(last)}`, 'gmail.com') : uniqueEmail(`${ascii(first)}.${ascii(last)}`, domain);
    const noCountry = random() < 0.15;
    const hasPhone = random() < 0.9;
    const nsn = hasPhone ? validNsn(plan) : '';
    const style: PhoneStyle = noCountry ? pick(['international', 'compact'] as const) : pick(PHONE_STYLES);
    const created = iso(start + Math.floor(random() * 300 * 24) * HOUR);
    const lead: Lead = {
      id: `lead-${i.toString(36)}`,
      createdAt: created,
      updatedAt: created,
      status: 'new',
      name: `${first} ${last}`,
      email,
      company: legal ? `${company} ${legal}` : company,
      industry: pick(INDUSTRIES),
      companySize: Math.round(Math.exp(1 + random() * 8)),
      source: { utm_source: pick(SOURCES) },
    };
    if (!noCountry) lead.country = random() < 0.1 ? plan.country.toLowerCase() : plan.country;
    if (hasPhone) lead.phone = formatPhone(plan, nsn, style, random);
    plans.push(plan);
    numbers.push(hasPhone ? nsn : null);
    leads.push(lead);
  }

  let duplicates = 0;
  const duplicateOf: BenchLeads['duplicateOf'] = new Map();
  for (let i = originals; i < count; i++) {
    const k = Math.floor(random() * originals);
    const original = leads[k]!;
    const plan = plans[k]!;
    const nsn = numbers[k];
    const created = iso(Date.parse(original.createdAt) + (1 + Math.floor(random() * 60)) * DAY);
    const dup: Lead = {
      id: `lead-${i.toString(36)}`,
      createdAt: created,
      updatedAt: created,
      status: 'new',
      industry: original.industry,
      source: { utm_source: pick(SOURCES) },
    };
    const [first = '', last = ''] = (original.name ?? '').split(' ');
    const kind = random();
    let by: 'email' | 'phone' | 'company-name' = 'company-name';
    if (kind < 0.4) {
      by = 'email';
      // Same address, typed differently; Gmail ignores dots and +tags.
      const email = original.email!;
      dup.email = email.endsWith('@gmail.com') && random() < 0.5
        ? email.replace('.', '').replace('@', '+leads@')
        : email.replace(/^./, (c) => c.toUpperCase()).replace(/@(.*)$/, (_m, d: string) => `@${d.toUpperCase()}`);
      dup.name = random() < 0.5 ? original.name! : `${last.toUpperCase()}, ${first}`;
      dup.company = original.company!;
    } else if (kind < 0.7 && nsn) {
      by = 'phone';
      // Same number, written another way; a personal address this time.
      dup.name = original.name!;
      dup.email = uniqueEmail(`${ascii(first)}${ascii(last)}${Math.floor(random() * 100)}`, 'gmail.com');
      // National and 00-prefixed numbers are only readable with a country; without one it stays +.
      dup.phone = formatPhone(plan, nsn, original.country === undefined ? pick(['international', 'compact'] as const) : pick(PHONE_STYLES), random);
      if (original.country !== undefined) dup.country = original.country;
    } else {
      // Same person at the same company, the company spelled another way.
      const company = original.company!;
      const base = plan.legal.reduce((name, form) => (form && name.endsWith(` ${form}`) ? name.slice(0, -form.length - 1) : name), company);
      const legal = pick(plan.legal);
      const spelled = random() < 0.5 ? base.toUpperCase() : base.toLowerCase();
      dup.company = legal ? `${spelled} ${legal}` : spelled;
      dup.name = original.name!;
      dup.email = uniqueEmail(`${ascii(first)}.${ascii(last)}.${Math.floor(random() * 1000)}`, 'example.org');
    }
    leads.push(dup);
    duplicateOf.set(dup.id, { id: original.id, by });
    duplicates++;
  }

  // Duplicates are not all at the end of a real list.
  for (let i = leads.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [leads[i], leads[j]] = [leads[j]!, leads[i]!];
  }
  return { leads, duplicates, duplicateOf };
}

// ---------------------------------------------------------------------------------------------
// CSV exports

// RFC 4180 quoting only: csvCell would also prefix `+44 …` with `'` against formula injection,
// which is right for a file opened in a spreadsheet but not what a CRM export contains.
function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const LEAD_STATUS_TEXT = ['Open - Not Contacted', 'Working - Contacted', 'Marketing Qualified', 'Closed - Not Converted', 'New'];

/**
 * Leads as a CRM export (First Name, Last Name, Email, Phone, Company, Industry, No. of Employees,
 * Country, Lead Source, Lead Status, Created Date) with what real exports contain: placeholders
 * (`N/A`, `-`), dates in three formats, and about `badShare` rows with a broken e-mail or date.
 */
export function leadsCsv(leads: readonly Lead[], badShare = 0.005, seed = 13): string {
  const random = rng(seed);
  const pick = picker(random);
  const header = ['First Name', 'Last Name', 'Email', 'Phone', 'Company', 'Industry', 'No. of Employees', 'Country', 'Lead Source', 'Lead Status', 'Created Date'];
  const lines = [header.join(',')];
  for (const lead of leads) {
    const [first = '', ...rest] = (lead.name ?? '').split(' ');
    const created = lead.createdAt;
    const date = random() < 0.5 ? created : random() < 0.5 ? created.slice(0, 10) : `${created.slice(5, 7)}/${created.slice(8, 10)}/${created.slice(0, 4)}`;
    const bad = random() < badShare;
    const cells = [
      first, rest.join(' '),
      bad && random() < 0.5 ? (lead.email ?? '').replace('@', ' at ') : lead.email ?? '',
      lead.phone ?? pick(['', 'N/A', '-']),
      lead.company ?? '',
      random() < 0.05 ? 'N/A' : lead.industry ?? '',
      random() < 0.5 ? String(lead.companySize ?? '') : (lead.companySize ?? 0).toLocaleString('en-US'),
      lead.country ?? '',
      lead.source?.utm_source ?? '',
      pick(LEAD_STATUS_TEXT),
      bad ? '31/31/2025' : date,
    ];
    lines.push(cells.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Deals as a Salesforce-style export (Opportunity ID, Opportunity Name, Account Name, Stage,
 * Amount, Close Date, Owner, Probability (%), Created Date): stage labels and `Closed Won`/`Closed
 * Lost`, amounts with currency symbols and thousands separators, and about `badShare` rows with an
 * unknown stage or an unreadable amount.
 */
export function dealsCsv(pipeline: Pipeline, count: number, badShare = 0.005, seed = 17): string {
  const random = rng(seed);
  const pick = picker(random);
  const iso = isoCache();
  const labels = [...openStages(pipeline).map((s) => s.label), 'Closed Won', 'Closed Lost'];
  const header = ['Opportunity ID', 'Opportunity Name', 'Account Name', 'Stage', 'Amount', 'Close Date', 'Owner', 'Probability (%)', 'Created Date'];
  const lines = [header.join(',')];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const account = `${capitalised(pick(SYLLABLES) + pick(SYLLABLES))} ${pick(WORDS)}`;
    const amount = Math.round(Math.exp(7 + random() * 4));
    const created = start + Math.floor(random() * 365 * 24) * HOUR;
    const close = iso(created + (10 + Math.floor(random() * 120)) * DAY).slice(0, 10);
    const bad = random() < badShare;
    const cells = [
      `006${digits(random, 12)}`,
      `${account} - ${pick(['Renewal', 'Expansion', 'Pilot', 'New business'])}`,
      account,
      bad && random() < 0.5 ? 'Stalled' : pick(labels),
      bad ? 'about 5k' : random() < 0.5 ? String(amount) : `$${amount.toLocaleString('en-US')}.00`,
      close,
      pick(['ana', 'ben', 'chen', 'dara', 'emil', 'fatima']),
      `${Math.floor(random() * 10) * 10}`,
      iso(created),
    ];
    lines.push(cells.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
