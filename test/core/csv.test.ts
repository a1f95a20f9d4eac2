import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  DEAL_FIELD_ALIASES, LEAD_FIELD_ALIASES, csvCell, detectDelimiter, headerKey, importDeals, importLeads,
  parseCsv, parseDateCell, parseNumberCell, toCsv,
} from '../../src/core/csv.js';
import type { CsvDelimiter } from '../../src/core/csv.js';
import { isUuid } from '../../src/core/id.js';
import type { Lead, Pipeline } from '../../src/core/model.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';

const NOW = '2024-07-01T12:00:00.000Z';

function ids(): () => string {
  let n = 0;
  return () => `gen-${++n}`;
}

const opts = () => ({ now: NOW, newId: ids() });

/** Line breaks as a spreadsheet counts them: CRLF, LF and a lone CR. */
function breaks(text: string): number {
  return text.match(/\r\n|\n|\r/g)?.length ?? 0;
}

const guarded = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

// A Salesforce Lead report export (labels as column names, dates in the US locale).
const SF_LEADS = [
  '"Lead ID","Salutation","First Name","Last Name","Title","Company","Email","Phone","Mobile","Lead Source","Lead Status","Industry","No. of Employees","State/Province","Country","Description","Created Date","Lead Owner","Rating"',
  '"00Q5g00000AbCdE","Ms.","Ada","Lovelace","CTO","Analytical Engines Ltd","ada@engines.example","+44 20 7946 0000","","Web","Open - Not Contacted","Technology","250","","United Kingdom","Asked for a demo","3/15/2024","005xx000001AbCd","Hot"',
  '"00Q5g00000AbCdF","","Grace","Hopper","Rear Admiral","US Navy","grace@navy.example","N/A","+1 703 555 0100","Trade Show","Working - Contacted","Government","1,200","VA","USA","Met at the booth.\nWants pricing.","3/16/2024","005xx000001AbCd","Warm"',
  '"00Q5g00000AbCdG","Mr.","Bad","Email","","Nowhere Inc","not-an-email","","","Web","Open - Not Contacted","","","","","","3/17/2024","005xx000001AbCd",""',
  '"00Q5g00000AbCdH","Mr.","Linus","Torvalds","Fellow","Linux Foundation","linus@lf.example","","","Partner Referral","Closed - Converted","Software","--","","Finland","","3/18/2024","005xx000001AbCe","Cold"',
].join('\r\n');

// A Salesforce Opportunity export by API names (Data Loader style).
const SF_OPPORTUNITIES = [
  'Id,AccountId,Name,StageName,Amount,Probability,CloseDate,Type,LeadSource,OwnerId,CreatedDate,CurrencyIsoCode,IsClosed,IsWon',
  '0061,001A,Acme - 200 Widgets,Prospecting,15000.00,10,2024-06-30,New Business,Web,005A,2024-03-01T09:00:00.000Z,USD,false,false',
  '0062,001B,Globex renewal,Closed Won,"$1,200.50",100,2024-04-15,Existing Business,Partner,005B,2024-02-01T00:00:00.000+0000,EUR,true,true',
  '0063,001C,Initech expansion,Proposal/Price Quote,(500),75,2024-07-31,New Business,Web,005A,2024-03-02T00:00:00.000Z,USD,false,false',
  '0064,001D,Umbrella pilot,Perception Analysis,9000,50,2024-08-31,New Business,Web,005A,2024-03-03T00:00:00.000Z,USD,false,false',
  '0065,001E,Hooli migration,closed lost,,0,2024-05-01,New Business,Web,005C,2024-01-10T00:00:00.000Z,,true,false',
].join('\n');

const SF_PIPELINE: Pipeline = {
  id: 'sf',
  name: 'Salesforce default',
  currency: 'USD',
  stages: [
    { id: 'prospecting', label: 'Prospecting', kind: 'open', probability: 0.1 },
    { id: 'qualification', label: 'Qualification', kind: 'open', probability: 0.2 },
    { id: 'needs-analysis', label: 'Needs Analysis', kind: 'open', probability: 0.2 },
    { id: 'proposal', label: 'Proposal/Price Quote', kind: 'open', probability: 0.75 },
    { id: 'negotiation', label: 'Negotiation/Review', kind: 'open', probability: 0.9 },
    { id: 'closed-won', label: 'Closed Won', kind: 'won', probability: 1 },
    { id: 'closed-lost', label: 'Closed Lost', kind: 'lost', probability: 0 },
  ],
};

describe('core/csv: parseCsv', () => {
  it('strips the BOM, reads CRLF and quoted newlines, and numbers later lines correctly', () => {
    const text = '\uFEFFname,note\r\nAda,"first line\r\nsecond line"\r\nGrace,plain\r\n\r\nLinus,"a\nb\nc"\r\nKen,"He said ""hi"""\r\n';
    expect(parseCsv(text)).to.deep.equal({
      delimiter: ',',
      header: ['name', 'note'],
      headerLine: 1,
      rows: [
        { line: 2, cells: ['Ada', 'first line\r\nsecond line'] },
        { line: 4, cells: ['Grace', 'plain'] },
        { line: 6, cells: ['Linus', 'a\nb\nc'] },
        { line: 9, cells: ['Ken', 'He said "hi"'] },
      ],
      errors: [],
      rowCount: 4,
    });
  });

  it('accepts old Mac line ends and leading blank lines', () => {
    expect(parseCsv('a,b\r1,2\r3,4').rows).to.deep.equal([{ line: 2, cells: ['1', '2'] }, { line: 3, cells: ['3', '4'] }]);
    const r = parseCsv('\n \n a , b \n1,2\n,\n  ,\t\n3,4');
    expect(r.header).to.deep.equal(['a', 'b']);
    expect(r.headerLine).to.equal(3);
    expect(r.rows).to.deep.equal([{ line: 4, cells: ['1', '2'] }, { line: 7, cells: ['3', '4'] }]);
  });

  it('reports rows with too many or too few cells by line and keeps the rest', () => {
    const r = parseCsv('a,b,c\n1,2,3\n4,5,6,7\n8,9\n10,11,12');
    expect(r.rows.map((row) => row.line)).to.deep.equal([2, 5]);
    expect(r.errors).to.deep.equal([
      { line: 3, message: 'This row has 4 cells but the header has 3.' },
      { line: 4, message: 'This row has 2 cells but the header has 3.' },
    ]);
    expect(r.rowCount).to.equal(4);
  });

  it('detects the delimiter from the header, counting outside quotes only', () => {
    expect(detectDelimiter('name;amount;note\n"Ada, Countess";"1.234,50";x')).to.equal(';');
    expect(detectDelimiter('"a;b;c",d,e\n')).to.equal(',');
    expect(detectDelimiter('\n\n  \nname\tphone\tnote, more\n')).to.equal('\t');
    expect(detectDelimiter('single\n1;2;3')).to.equal(',');
    expect(detectDelimiter('a,b;c')).to.equal(',');
    expect(detectDelimiter('')).to.equal(',');
    expect(parseCsv('a;b\n1;2', { delimiter: ',' }).header).to.deep.equal(['a;b']);
  });

  it('reports a quoted field that is never closed instead of swallowing the file silently', () => {
    const r = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(r.rows).to.deep.equal([{ line: 2, cells: ['1', '2'] }]);
    expect(r.errors).to.deep.equal([
      { line: 3, message: 'A quoted field in the record starting on this line is never closed, so the rest of the file could not be read.' },
    ]);
    const header = parseCsv('"a,b\n1,2');
    expect(header.header).to.deep.equal([]);
    expect(header.errors.map((e) => e.line)).to.deep.equal([1]);
    expect(parseCsv('a,b\n"x""","z"\n').rows[0]?.cells).to.deep.equal(['x"', 'z']);
    expect(parseCsv('a,b\n5" screen,"ok"\n').rows[0]?.cells).to.deep.equal(['5" screen', 'ok']);
  });

  it('reports an empty file and non-text input', () => {
    const empty = { line: 1, message: 'The file is empty: it has no header line.' };
    expect(parseCsv('').errors).to.deep.equal([empty]);
    expect(parseCsv('\uFEFF\r\n \r\n').errors).to.deep.equal([empty]);
    expect(parseCsv(null as unknown as string).errors).to.deep.equal([{ line: 0, message: 'The input is not text.' }]);
  });

  it('caps the number of rows with one error naming the first line left out', () => {
    const r = parseCsv('a\n1\n2\n\n3\n4\n5', { maxRows: 3 });
    expect(r.rows.map((row) => row.cells[0])).to.deep.equal(['1', '2', '3']);
    expect(r.rowCount).to.equal(3);
    expect(r.errors).to.deep.equal([
      { line: 6, message: 'The file has more than 3 rows, so it was capped: rows from line 6 on were not imported.' },
    ]);
    for (const maxRows of [0, -1, 1.5, Number.NaN]) expect(parseCsv('a\n1\n2', { maxRows }).rows).to.have.length(2);
  });
});

describe('core/csv: cell values', () => {
  it('reads numbers as exports write them', () => {
    const cases: [string, boolean, number | null][] = [
      ['1234', false, 1234], ['1,234.50', false, 1234.5], ['$1,200', false, 1200], ['¥3000', false, 3000],
      ['3000元', false, 3000], ['US$5', false, 5], ['€ 1.234,50', true, 1234.5], ['1.234.567,89', true, 1234567.89],
      ['-12.5', false, -12.5], ['(1,000)', false, -1000], ['+7', false, 7], ['1 234 567', false, 1234567],
      ['1\u00a0234,5', true, 1234.5], ['12,5', false, 12.5], ['12.5', true, 12.5], ['1.500', true, 1500],
      ['1,500', true, 1.5], ['1e3', false, 1000], ['.5', false, 0.5],
      ['1.234,50', false, null], ['abc', false, null], ['', false, null], ['1,23,4', false, null], ['1e999', false, null],
      ['12abc', false, null], ['--5', false, null], ['$-5', false, null], ['1.2.3', false, null],
    ];
    for (const [text, decimalComma, expected] of cases) expect(parseNumberCell(text, decimalComma), text).to.equal(expected);
    expect(Object.is(parseNumberCell('-0'), 0)).to.equal(true);
    expect(parseNumberCell(5 as unknown as string)).to.equal(null);
  });

  it('reads back what en-US and de-DE number formatting writes (property)', () => {
    const en = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const de = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
      const x = cents / 100;
      expect(parseNumberCell(en.format(x))).to.equal(x);
      expect(parseNumberCell(de.format(x), true)).to.equal(x);
    }), { numRuns: 200 });
  });

  it('reads dates it can be sure of and refuses ambiguous ones', () => {
    const ok = (text: string, options = {}) => parseDateCell(text, options);
    expect(ok('2024-03-15')).to.deep.equal({ ok: true, value: '2024-03-15' });
    expect(ok('2024-03-15', { dateTime: true })).to.deep.equal({ ok: true, value: '2024-03-15T00:00:00.000Z' });
    expect(ok('2024-03-15T10:20:30+08:00')).to.deep.equal({ ok: true, value: '2024-03-15T02:20:30.000Z' });
    expect(ok('2024-03-15T10:20:30.000+0000')).to.deep.equal({ ok: true, value: '2024-03-15T10:20:30.000Z' });
    expect(ok('2024-03-15 10:20')).to.deep.equal({ ok: true, value: '2024-03-15T10:20:00.000Z' });
    expect(ok('2024-03-15T10:20:30.5')).to.deep.equal({ ok: true, value: '2024-03-15T10:20:30.500Z' });
    expect(ok('2024/3/5')).to.deep.equal({ ok: true, value: '2024-03-05' });
    expect(ok('2024.03.05', { dateTime: true })).to.deep.equal({ ok: true, value: '2024-03-05T00:00:00.000Z' });
    expect(ok('05.03.2024')).to.deep.equal({ ok: true, value: '2024-03-05' });
    expect(ok('3/15/2024')).to.deep.equal({ ok: true, value: '2024-03-15' });
    expect(ok('15/3/2024')).to.deep.equal({ ok: true, value: '2024-03-15' });
    expect(ok('4/4/2024')).to.deep.equal({ ok: true, value: '2024-04-04' });
    expect(ok('03/04/2024', { dateOrder: 'dmy' })).to.deep.equal({ ok: true, value: '2024-04-03' });
    expect(ok('03-04-2024', { dateOrder: 'mdy' })).to.deep.equal({ ok: true, value: '2024-03-04' });
    const ambiguous = 'is an ambiguous date ("03/04/2024" may be month/day or day/month); write it as YYYY-MM-DD or set the dateOrder option';
    expect(ok('03/04/2024')).to.deep.equal({ ok: false, message: ambiguous });
    expect(ok('02/30/2024')).to.deep.equal({ ok: false, message: 'must be a valid calendar date and time of day (got "02/30/2024")' });
    expect(ok('2023-02-29')).to.deep.equal({ ok: false, message: 'must be a valid calendar date and time of day (got "2023-02-29")' });
    expect(ok('2024-03-15T25:00')).to.deep.equal({ ok: false, message: 'must be a valid calendar date and time of day (got "2024-03-15T25:00")' });
    for (const bad of ['3/15/24', 'March 15, 2024', 'soon', `2024-01-01${' '.repeat(100)}`]) {
      expect(ok(bad).ok, bad).to.equal(false);
    }
    expect(ok('3/15/24')).to.deep.equal({ ok: false, message: 'must be a date such as 2024-03-31 (got "3/15/24")' });
  });

  it('compares headers by letters and digits only', () => {
    expect(headerKey('Lead_Source')).to.equal('leadsource');
    expect(headerKey(' No. of Employees ')).to.equal('noofemployees');
    expect(headerKey('ＥＭＡＩＬ')).to.equal('email');
    expect(headerKey('电子 邮件')).to.equal('电子邮件');
  });

  it('has no header alias that means two fields', () => {
    for (const aliases of [LEAD_FIELD_ALIASES, DEAL_FIELD_ALIASES]) {
      const owner = new Map<string, string>();
      for (const [field, names] of Object.entries(aliases)) {
        for (const name of [field, ...names]) {
          const key = headerKey(name);
          expect(owner.get(key) ?? field, `${name} -> ${field}`).to.equal(field);
          owner.set(key, field);
        }
      }
    }
  });
});

describe('core/csv: importLeads', () => {
  it('imports a Salesforce Lead report export and names the bad line', () => {
    const r = importLeads(SF_LEADS, opts());
    expect(r.records).to.deep.equal([
      {
        id: '00Q5g00000AbCdE', custom: { Salutation: 'Ms.', Rating: 'Hot' }, name: 'Ada Lovelace', title: 'CTO',
        company: 'Analytical Engines Ltd', email: 'ada@engines.example', phone: '+44 20 7946 0000',
        source: { utm_source: 'Web' }, status: 'new', industry: 'Technology', companySize: 250,
        country: 'United Kingdom', region: 'United Kingdom', message: 'Asked for a demo',
        createdAt: '2024-03-15T00:00:00.000Z', ownerId: '005xx000001AbCd', updatedAt: NOW,
      },
      {
        id: '00Q5g00000AbCdF', custom: { Rating: 'Warm' }, name: 'Grace Hopper', title: 'Rear Admiral', company: 'US Navy',
        email: 'grace@navy.example', phone: '+1 703 555 0100', source: { utm_source: 'Trade Show' }, status: 'nurturing',
        industry: 'Government', companySize: 1200, region: 'VA', country: 'USA', message: 'Met at the booth.\nWants pricing.',
        createdAt: '2024-03-16T00:00:00.000Z', ownerId: '005xx000001AbCd', updatedAt: NOW,
      },
      {
        id: '00Q5g00000AbCdH', custom: { Salutation: 'Mr.', Rating: 'Cold' }, name: 'Linus Torvalds', title: 'Fellow',
        company: 'Linux Foundation', email: 'linus@lf.example', source: { utm_source: 'Partner Referral' }, status: 'converted',
        industry: 'Software', country: 'Finland', region: 'Finland', createdAt: '2024-03-18T00:00:00.000Z',
        ownerId: '005xx000001AbCe', updatedAt: NOW,
      },
    ]);
    expect(r.errors).to.deep.equal([
      { line: 5, path: 'email', message: 'must be a valid e-mail address (one @, a dotted domain, no spaces)' },
    ]);
    expect(r.mapping).to.deep.equal({
      'Lead ID': 'id', Salutation: 'custom.Salutation', 'First Name': 'firstName', 'Last Name': 'lastName', Title: 'title',
      Company: 'company', Email: 'email', Phone: 'phone', Mobile: 'phone', 'Lead Source': 'source.utm_source',
      'Lead Status': 'status', Industry: 'industry', 'No. of Employees': 'companySize', 'State/Province': 'region',
      Country: 'country', Description: 'message', 'Created Date': 'createdAt', 'Lead Owner': 'ownerId', Rating: 'custom.Rating',
    });
    expect(r.unmapped).to.deep.equal(['Salutation', 'Rating']);
    expect(r.rowCount).to.equal(4);
    expect(r.delimiter).to.equal(',');
  });

  it('imports a Salesforce export by API names', () => {
    const text = 'Id,FirstName,LastName,Company,Email,Phone,MobilePhone,LeadSource,Status,Industry,NumberOfEmployees,State,Country,Description,CreatedDate,OwnerId\n'
      + '00Q1,Ada,Lovelace,Analytical Engines,ada@engines.example,,+44 7700 900000,Web,Open - Not Contacted,Technology,250,,UK,,2024-03-15T10:20:30.000+0000,005A\n';
    const r = importLeads(text, opts());
    expect(r.unmapped).to.deep.equal([]);
    expect(r.errors).to.deep.equal([]);
    expect(r.records).to.deep.equal([{
      id: '00Q1', name: 'Ada Lovelace', company: 'Analytical Engines', email: 'ada@engines.example', phone: '+44 7700 900000',
      source: { utm_source: 'Web' }, status: 'new', industry: 'Technology', companySize: 250, country: 'UK', region: 'UK',
      createdAt: '2024-03-15T10:20:30.000Z', ownerId: '005A', updatedAt: NOW,
    }]);
  });

  it('treats placeholder values as empty, and lets the caller choose them', () => {
    const r = importLeads('Name,Email,Company,Industry\nAda,N/A,Select,#N/A\nGrace,none,-,null\n', opts());
    expect(r.records.map((l) => [l.name, l.email, l.company, l.industry])).to.deep.equal([
      ['Ada', undefined, undefined, undefined], ['Grace', undefined, undefined, undefined],
    ]);
    const custom = importLeads('Name,Email,Company\nAda,TBD,N/A\n', { ...opts(), placeholders: [' TBD '] });
    expect(custom.records.map((l) => [l.name, l.email, l.company])).to.deep.equal([['Ada', undefined, 'N/A']]);
  });

  it('leaves out bad rows in the middle, naming line and field, and imports the others', () => {
    const text = 'Name,Email,Employees,Notes\n'
      + 'Ada,ada@x.example,10,"multi\nline\nnote"\n'
      + 'Bob,bob@x.example,lots,ok\n'
      + 'Cy,cy@x.example,5,"fine"\n'
      + 'Di,di@x.example,-3,"x"\n'
      + 'Ed,ed@x.example,2.5,y\n'
      + 'Fay,fay@x.example,1,2,3\n'
      + 'Gus,gus@x.example,,\n';
    const r = importLeads(text, opts());
    expect(r.records.map((l) => l.name)).to.deep.equal(['Ada', 'Cy', 'Gus']);
    expect(r.records[0]?.message).to.equal('multi\nline\nnote');
    expect(r.errors).to.deep.equal([
      { line: 5, path: 'companySize', message: 'must be a number (got "lots")' },
      { line: 7, path: 'companySize', message: 'must be a non-negative integer' },
      { line: 8, path: 'companySize', message: 'must be a non-negative integer' },
      { line: 9, message: 'This row has 5 cells but the header has 4.' },
    ]);
    expect(r.rowCount).to.equal(7);
  });

  it('maps CRM status names and reports unknown ones', () => {
    const r = importLeads('Name,Status\nA,MQL\nB,Sales Qualified Lead\nC,hot\nD,\nE,closed-not converted\nF,MQL', opts());
    expect(r.records.map((l) => [l.name, l.status])).to.deep.equal([['A', 'mql'], ['B', 'sql'], ['D', 'new'], ['E', 'disqualified'], ['F', 'mql']]);
    expect(r.errors).to.deep.equal([
      { line: 4, path: 'status', message: 'must be a lead status such as new, nurturing, mql, sql, disqualified, converted (got "hot")' },
    ]);
  });

  it('follows the caller\'s mapping and reports a mapping to an unknown field', () => {
    const r = importLeads('Full Name,Phone 2,Budget,Notes,Weird\nAda,555-0100,10k,private,x\n', {
      ...opts(), mapping: { 'Phone 2': 'phone', Budget: 'custom.budget', Notes: null, Weird: 'nonsense' },
    });
    expect(r.records).to.deep.equal([{ id: 'gen-1', name: 'Ada', phone: '555-0100', custom: { budget: '10k' }, status: 'new', createdAt: NOW, updatedAt: NOW }]);
    expect(r.errors).to.deep.equal([{ line: 1, message: 'The mapping for column "Weird" names an unknown field "nonsense", so the column is ignored.' }]);
    expect(r.mapping).to.deep.equal({ 'Full Name': 'name', 'Phone 2': 'phone', Budget: 'custom.budget', Notes: null, Weird: null });
    expect(r.unmapped).to.deep.equal([]);
  });

  it('ignores a __proto__ column, reads custom.x columns, and lets the first of duplicate columns win', () => {
    const r = importLeads('Name,__proto__,custom.tier,Email,E-mail,\nAda,evil,gold,,ada@x.example,foo\nBo,,,bo@x.example,b2@x.example,\n', opts());
    expect(r.records.map((l) => [l.name, l.email, l.custom])).to.deep.equal([
      ['Ada', 'ada@x.example', { tier: 'gold' }], ['Bo', 'bo@x.example', undefined],
    ]);
    expect(Object.getPrototypeOf(r.records[0])).to.equal(Object.prototype);
    expect(Object.hasOwn(r.mapping, '__proto__')).to.equal(true);
    expect(r.mapping.__proto__).to.equal(null);
    expect(r.mapping['']).to.equal(null);
    expect(r.unmapped).to.deep.equal(['__proto__', 'custom.tier']);
    const inherited = importLeads('Name,constructor,toString\nAda,x,y\n', opts());
    expect(inherited.records[0]?.custom).to.deep.equal({ constructor: 'x', toString: 'y' });
    const deals = importDeals('Name,Stage,constructor\nA,prospecting,x\n', { ...opts(), pipeline: SF_PIPELINE });
    expect(Object.hasOwn(deals.records[0] ?? {}, 'constructor')).to.equal(true);
  });

  it('reads decimal commas in ;-delimited files', () => {
    const r = importLeads('Name;Score;Employees\nAda;12,5;1.200\n', opts());
    expect(r.delimiter).to.equal(';');
    expect(r.records.map((l) => [l.score, l.companySize])).to.deep.equal([[12.5, 1200]]);
  });

  it('refuses ambiguous dates unless told the order', () => {
    const text = 'Name,Created\nAda,03/04/2024\n';
    expect(importLeads(text, opts()).errors).to.deep.equal([{
      line: 2, path: 'createdAt',
      message: 'is an ambiguous date ("03/04/2024" may be month/day or day/month); write it as YYYY-MM-DD or set the dateOrder option',
    }]);
    expect(importLeads(text, { ...opts(), dateOrder: 'dmy' }).records[0]?.createdAt).to.equal('2024-04-03T00:00:00.000Z');
  });

  it('fills ids and times from the options, and reports an unusable now', () => {
    const byMs = importLeads('Name\nAda', { now: Date.UTC(2024, 0, 1) });
    expect(byMs.records[0]?.createdAt).to.equal('2024-01-01T00:00:00.000Z');
    expect(isUuid(byMs.records[0]?.id)).to.equal(true);
    const bad = importLeads('Name\nAda', { now: 'yesterday' });
    expect(bad.errors).to.deep.equal([{ line: 0, message: 'The option now is not a valid date, so the current time was used.' }]);
    expect(bad.records).to.have.length(1);
    expect(importLeads('', opts())).to.deep.equal({
      records: [], errors: [{ line: 1, message: 'The file is empty: it has no header line.' }], mapping: {}, unmapped: [], unsure: [],
      preset: undefined, warnings: [], rowCount: 0, delimiter: ',',
    });
  });
});

describe('core/csv: importDeals', () => {
  it('imports a Salesforce Opportunity export into a pipeline', () => {
    const r = importDeals(SF_OPPORTUNITIES, { ...opts(), pipeline: SF_PIPELINE });
    expect(r.records).to.deep.equal([
      {
        id: '0061', AccountId: '001A', title: 'Acme - 200 Widgets', stageId: 'prospecting', value: 15000, probability: 0.1,
        expectedClose: '2024-06-30', Type: 'New Business', LeadSource: 'Web', ownerId: '005A', createdAt: '2024-03-01T09:00:00.000Z',
        currency: 'USD', IsClosed: 'false', IsWon: 'false', pipelineId: 'sf', status: 'open', updatedAt: NOW,
        history: [{ stageId: 'prospecting', enteredAt: '2024-03-01T09:00:00.000Z' }],
      },
      {
        id: '0062', AccountId: '001B', title: 'Globex renewal', stageId: 'closed-won', value: 1200.5, probability: 1,
        expectedClose: '2024-04-15', Type: 'Existing Business', LeadSource: 'Partner', ownerId: '005B', createdAt: '2024-02-01T00:00:00.000Z',
        currency: 'EUR', IsClosed: 'true', IsWon: 'true', pipelineId: 'sf', status: 'won', updatedAt: NOW, closedAt: '2024-04-15T00:00:00.000Z',
        history: [{ stageId: 'closed-won', enteredAt: '2024-02-01T00:00:00.000Z', leftAt: '2024-04-15T00:00:00.000Z' }],
      },
      {
        id: '0065', AccountId: '001E', title: 'Hooli migration', stageId: 'closed-lost', value: 0, probability: 0,
        expectedClose: '2024-05-01', Type: 'New Business', LeadSource: 'Web', ownerId: '005C', createdAt: '2024-01-10T00:00:00.000Z',
        currency: 'USD', IsClosed: 'true', IsWon: 'false', pipelineId: 'sf', status: 'lost', updatedAt: NOW, closedAt: '2024-05-01T00:00:00.000Z',
        history: [{ stageId: 'closed-lost', enteredAt: '2024-01-10T00:00:00.000Z', leftAt: '2024-05-01T00:00:00.000Z' }],
      },
    ]);
    expect(r.errors).to.deep.equal([
      { line: 4, path: 'value', message: 'must be a number of at least 0' },
      { line: 5, path: 'stageId', message: 'must name a stage of pipeline "Salesforce default" by id or label (got "Perception Analysis")' },
    ]);
    expect(r.mapping).to.deep.equal({
      Id: 'id', AccountId: 'AccountId', Name: 'title', StageName: 'stageId', Amount: 'value', Probability: 'probability',
      CloseDate: 'expectedClose', Type: 'Type', LeadSource: 'LeadSource', OwnerId: 'ownerId', CreatedDate: 'createdAt',
      CurrencyIsoCode: 'currency', IsClosed: 'IsClosed', IsWon: 'IsWon',
    });
    expect(r.unmapped).to.deep.equal(['AccountId', 'Type', 'LeadSource', 'IsClosed', 'IsWon']);
  });

  it('imports a CRM dataset export: titles from accounts, closing dates, deal fields never overwritten', () => {
    const text = 'opportunity_id,sales_agent,account,deal_stage,engage_date,close_date,close_value,status,history\n'
      + '1C1I7A6R,Moses Frase,Cancity,Won,2016-10-20,2017-03-01,1054,x,y\n'
      + 'Z063OYW0,Darcel Schlecht,,Engaging,2016-10-25,,,x,y\n'
      + 'EC4QE1BX,Zane Levy,Sunnamplex,Lost,2016-10-25,2016-09-01,0,x,y\n';
    const pipeline = pipelineFromTemplate('l2c');
    const r = importDeals(text, { ...opts(), pipeline, currency: 'GBP' });
    expect(r.mapping.status).to.equal(null);
    expect(r.mapping.history).to.equal(null);
    expect(r.unmapped).to.deep.equal(['status', 'history']);
    // Closed before it was created: kept, created when it closed, with a warning naming line and field.
    expect(r.records.map((d) => [d.id, d.createdAt])).to.deep.equal([['1C1I7A6R', '2016-10-20T00:00:00.000Z'], ['EC4QE1BX', '2016-09-01T00:00:00.000Z']]);
    expect(r.errors).to.deep.equal([
      { line: 3, path: 'stageId', message: `must name a stage of pipeline "${pipeline.name}" by id or label (got "Engaging")` },
    ]);
    expect(r.warnings).to.deep.equal([{
      line: 4, path: 'createdAt',
      message: '2016-10-25T00:00:00.000Z is after the close date 2016-09-01T00:00:00.000Z (a backfilled creation date?), so createdAt was set to the close date',
    }]);
    const fixed = importDeals(text.replace('Engaging', 'Negotiation').replace('2016-09-01', '2016-11-01'), { ...opts(), pipeline, currency: 'GBP' });
    expect(fixed.errors).to.deep.equal([]);
    expect(fixed.records.map((d) => [d.title, d.status, d.stageId, d.value, d.currency, d.closedAt ?? null, d.history])).to.deep.equal([
      ['Cancity', 'won', 'won', 1054, 'GBP', '2017-03-01T00:00:00.000Z', [{ stageId: 'won', enteredAt: '2016-10-20T00:00:00.000Z', leftAt: '2017-03-01T00:00:00.000Z' }]],
      ['Z063OYW0', 'open', 'negotiation', 0, 'GBP', null, [{ stageId: 'negotiation', enteredAt: '2016-10-25T00:00:00.000Z' }]],
      ['Sunnamplex', 'lost', 'lost', 0, 'GBP', '2016-11-01T00:00:00.000Z', [{ stageId: 'lost', enteredAt: '2016-10-25T00:00:00.000Z', leftAt: '2016-11-01T00:00:00.000Z' }]],
    ]);
  });

  it('reads ;-delimited files with decimal commas and day-first dates', () => {
    const r = importDeals('Name;Amount;Stage;Close Date\r\nAlpha;1.234,50;Prospecting;31.05.2024\r\nBeta;2,5;qualification;2024-06-01\r\nGamma;1;;2024-06-01\r\n', {
      ...opts(), pipeline: SF_PIPELINE, currency: 'CNY',
    });
    expect(r.records.map((d) => [d.title, d.value, d.stageId, d.expectedClose, d.currency])).to.deep.equal([
      ['Alpha', 1234.5, 'prospecting', '2024-05-31', 'CNY'], ['Beta', 2.5, 'qualification', '2024-06-01', 'CNY'],
    ]);
    expect(r.errors).to.deep.equal([{ line: 4, path: 'stageId', message: 'is required' }]);
  });

  it('reads probabilities as fractions or percentages', () => {
    const r = importDeals('Name,Stage,Probability\nA,prospecting,0.35\nB,prospecting,35\nC,prospecting,35%\nD,prospecting,1\nE,prospecting,high\nF,prospecting,250', {
      ...opts(), pipeline: SF_PIPELINE,
    });
    expect(r.records.map((d) => d.probability)).to.deep.equal([0.35, 0.35, 0.35, 1]);
    expect(r.errors).to.deep.equal([
      { line: 6, path: 'probability', message: 'must be a percentage or a number between 0 and 1 (got "high")' },
      { line: 7, path: 'probability', message: 'must be a number between 0 and 1' },
    ]);
  });

  it('refuses an invalid pipeline with errors on line 0', () => {
    const empty = { id: 'p', name: 'P', stages: [] } as Pipeline;
    expect(importDeals('Name\nA', { pipeline: empty })).to.deep.equal({
      records: [], mapping: {}, unmapped: [], unsure: [], preset: undefined, warnings: [], rowCount: 0, delimiter: ',',
      errors: [{ line: 0, path: 'pipeline.stages', message: 'must include at least one open stage' }],
    });
    expect(importDeals('Name\nA', { pipeline: undefined as unknown as Pipeline }).errors).to.deep.equal([
      { line: 0, path: 'pipeline', message: 'must be an object' },
    ]);
  });
});

describe('core/csv: export', () => {
  it('prefixes cells that a spreadsheet would run as formulas', () => {
    expect(csvCell('=SUM(A1:A2)')).to.equal("'=SUM(A1:A2)");
    expect(csvCell('+123')).to.equal("'+123");
    expect(csvCell('-2+3')).to.equal("'-2+3");
    expect(csvCell('@cmd')).to.equal("'@cmd");
    expect(csvCell('\tx')).to.equal("'\tx");
    expect(csvCell('\tx', '\t')).to.equal('"\'\tx"');
    expect(csvCell('\rx')).to.equal('"\'\rx"');
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).to.equal('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell(' =1+1')).to.equal(' =1+1');
    expect(csvCell('a=b')).to.equal('a=b');
  });

  it('writes numbers as numbers, never prefixed, and other values plainly', () => {
    expect(csvCell(-5)).to.equal('-5');
    expect(csvCell(1234.5)).to.equal('1234.5');
    expect(csvCell(-0.25, ';')).to.equal('-0,25');
    expect(csvCell(Number.NaN)).to.equal('');
    expect(csvCell(Number.NEGATIVE_INFINITY)).to.equal('');
    expect(csvCell(null)).to.equal('');
    expect(csvCell(undefined)).to.equal('');
    expect(csvCell(true)).to.equal('true');
    expect(csvCell(10n)).to.equal('10');
    expect(csvCell(new Date(Date.UTC(2024, 0, 2)))).to.equal('2024-01-02T00:00:00.000Z');
    expect(csvCell(new Date(Number.NaN))).to.equal('');
    expect(csvCell({ a: 1 })).to.equal('"{""a"":1}"');
    expect(csvCell(['x', 'y'], ';')).to.equal('"[""x"",""y""]"');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(csvCell(cyclic)).to.equal('');
    expect(csvCell(Symbol('s'))).to.equal('');
    expect(csvCell(() => 1)).to.equal('');
    expect(csvCell('a;b')).to.equal('a;b');
    expect(csvCell('a;b', ';')).to.equal('"a;b"');
    expect(csvCell('a,b', '|' as CsvDelimiter)).to.equal('"a,b"');
  });

  it('writes a header and CRLF-ended rows, reading dot paths', () => {
    const rows = [
      { id: 1, name: 'Ada', source: { utm_source: 'google' }, 'a.b': 'own' },
      { id: 2, name: '=cmd', note: 'x\ny' },
      null as unknown as Record<string, unknown>,
    ];
    const columns = [{ key: 'id', header: 'ID' }, { key: 'name' }, { key: 'source.utm_source', header: 'Source' }, { key: 'a.b' }, { key: 'note' }];
    expect(toCsv(rows, columns)).to.equal('ID,name,Source,a.b,note\r\n1,Ada,google,own,\r\n2,\'=cmd,,,"x\ny"\r\n,,,,\r\n');
    expect(toCsv([], [{ key: 'a' }], { bom: true, delimiter: ';' })).to.equal('\uFEFFa\r\n');
    expect(toCsv(rows, [])).to.equal('');
    expect(toCsv(null as unknown as [], [{ key: 'a' }])).to.equal('a\r\n');
    const trap = Object.defineProperty({}, 'x', { enumerable: true, get() { throw new Error('boom'); } });
    expect(toCsv([trap], [{ key: 'x' }])).to.equal('x\r\n\r\n');
  });

  it('round-trips leads: export, then import gives the same records', () => {
    const leads: Lead[] = [
      {
        id: 'l1', createdAt: '2024-03-01T09:00:00.000Z', updatedAt: '2024-03-02T10:00:00.000Z', status: 'mql',
        name: 'Ada "Countess" Lovelace', email: 'ada@engines.example', company: 'Engines, Ltd', companySize: 250, score: 87.5,
        message: 'Line one\r\nLine two; and more', source: { utm_source: 'google', utm_campaign: 'spring, 2024' }, custom: { budget: '10k' },
      },
      {
        id: 'l2', createdAt: '2024-03-03T00:00:00.000Z', updatedAt: '2024-03-03T00:00:00.000Z', status: 'new',
        name: '李雷', company: '北京公司', region: 'Beijing', custom: { budget: '5k' },
      },
    ];
    const columns = ['id', 'createdAt', 'updatedAt', 'status', 'name', 'email', 'company', 'companySize', 'score', 'region',
      'message', 'source.utm_source', 'source.utm_campaign', 'custom.budget'].map((key) => ({ key }));
    for (const delimiter of [',', ';', '\t'] as const) {
      const r = importLeads(toCsv(leads, columns, { delimiter, bom: true }), opts());
      expect(r.errors, delimiter).to.deep.equal([]);
      expect(r.unmapped).to.deep.equal(['custom.budget']);
      expect(r.records, delimiter).to.deep.equal(leads);
    }
  });

  it('round-trips deals: export, then import gives the same records', () => {
    const first = importDeals(SF_OPPORTUNITIES, { ...opts(), pipeline: SF_PIPELINE }).records;
    const columns = Object.keys(first[1] ?? {}).filter((k) => k !== 'history' && k !== 'pipelineId' && k !== 'status').map((key) => ({ key }));
    const again = importDeals(toCsv(first, columns), { ...opts(), pipeline: SF_PIPELINE });
    expect(again.errors).to.deep.equal([]);
    expect(again.records).to.deep.equal(first);
  });

  it('round-trips any text through toCsv and parseCsv, with the right line numbers (property)', () => {
    const unit = fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '"', '\n', '\r', '=', '+', '-', '@', 'é', '中', "'");
    const cell = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }));
    const data = fc.array(fc.tuple(cell, cell, cell), { maxLength: 15 });
    fc.assert(fc.property(data, fc.constantFrom<CsvDelimiter>(',', ';', '\t'), fc.boolean(), (rows, delimiter, detect) => {
      const objects = rows.map(([a, b, c], i) => ({ id: `r${i}`, a, b, c }));
      const text = toCsv(objects, ['id', 'a', 'b', 'c'].map((key) => ({ key })), { delimiter });
      const parsed = parseCsv(text, detect ? {} : { delimiter });
      const expected = objects.map((o) => [o.id, guarded(o.a), guarded(o.b), guarded(o.c)]);
      let line = 2;
      const lines = expected.map((cells) => {
        const at = line;
        line += 1 + cells.reduce((n, c) => n + breaks(c), 0);
        return at;
      });
      expect(parsed.delimiter).to.equal(delimiter);
      expect(parsed.errors).to.deep.equal([]);
      expect(parsed.rows.map((r) => r.cells)).to.deep.equal(expected);
      expect(parsed.rows.map((r) => r.line)).to.deep.equal(lines);
    }), { numRuns: 200 });
  });
});
