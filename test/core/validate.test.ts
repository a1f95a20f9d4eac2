import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Activity, Deal, Lead, Pipeline, Touch, ValidationResult } from '../../src/core/model.js';
import { PIPELINE_TEMPLATES, pipelineFromTemplate } from '../../src/core/stages.js';
import {
  FIELD_LIMITS, isCurrencyCode, isIsoDate, parseIsoDate, validateActivity, validateDeal, validateLead,
  validatePipeline, validateTouch,
} from '../../src/core/validate.js';

const T0 = '2024-03-01T09:00:00.000Z';
const T1 = '2024-03-05T17:30:00.000Z';

/** `path message` of every error, the way a user reads them. */
function problems(result: ValidationResult): string[] {
  return result.errors.map((e) => `${e.path} ${e.message}`);
}

function pipeline(): Pipeline {
  return {
    id: 'sales',
    name: 'Sales',
    stages: [
      { id: 'new', label: 'New', kind: 'open', probability: 0.1, rottingDays: 14 },
      { id: 'proposal', label: 'Proposal', kind: 'open', probability: 0.5, requiredFields: ['value'] },
      { id: 'won', label: 'Won', kind: 'won', probability: 1 },
      { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
    ],
    policy: { allowSkip: false, allowBackward: true },
    lostReasons: ['Price', 'Timing'],
    currency: 'EUR',
  };
}

function deal(extra: Partial<Deal> = {}): Deal {
  return {
    id: 'd1', title: 'Acme renewal', value: 1200, currency: 'EUR', pipelineId: 'sales', stageId: 'proposal',
    status: 'open', createdAt: T0, updatedAt: T1,
    history: [{ stageId: 'new', enteredAt: T0, leftAt: T1 }, { stageId: 'proposal', enteredAt: T1 }],
    ...extra,
  };
}

function lead(extra: Partial<Lead> = {}): Lead {
  return {
    id: 'l1', createdAt: T0, updatedAt: T1, status: 'new', name: 'Ada Lovelace', email: 'ada@engines.example',
    company: 'Analytical Engines', companySize: 250, source: { utm_source: 'google', page: 'https://x.example/' },
    consent: { text: 'You may contact me.', version: 'abc123', at: T0 }, custom: { budget: '10k' },
    ...extra,
  };
}

describe('core/validate: ISO dates', () => {
  it('accepts dates and zoned date-times, and reads their instant', () => {
    expect(parseIsoDate('2024-03-01')).to.equal(Date.UTC(2024, 2, 1));
    expect(parseIsoDate('2024-03-01T09:30Z')).to.equal(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseIsoDate('2024-03-01T09:30:15.5Z')).to.equal(Date.UTC(2024, 2, 1, 9, 30, 15, 500));
    expect(parseIsoDate('2024-03-01T09:30:15.123456789+08:00')).to.equal(Date.UTC(2024, 2, 1, 1, 30, 15, 123));
    expect(parseIsoDate('2024-03-01T09:30:15-05:30')).to.equal(Date.UTC(2024, 2, 1, 15, 0, 15));
    expect(parseIsoDate('2024-03-01t09:30:15z')).to.equal(Date.UTC(2024, 2, 1, 9, 30, 15));
    expect(new Date(parseIsoDate('0004-02-29') ?? NaN).toISOString()).to.equal('0004-02-29T00:00:00.000Z');
  });

  it('checks the calendar: leap years, month lengths, hours', () => {
    expect(isIsoDate('2024-02-29')).to.equal(true);
    expect(isIsoDate('2000-02-29')).to.equal(true);
    expect(isIsoDate('2023-02-29')).to.equal(false);
    expect(isIsoDate('1900-02-29')).to.equal(false);
    expect(isIsoDate('2024-04-31')).to.equal(false);
    expect(isIsoDate('2024-13-01')).to.equal(false);
    expect(isIsoDate('2024-00-10')).to.equal(false);
    expect(isIsoDate('2024-01-00')).to.equal(false);
    expect(isIsoDate('2024-01-01T24:00Z')).to.equal(false);
    expect(isIsoDate('2024-01-01T10:60Z')).to.equal(false);
    expect(isIsoDate('2024-01-01T10:00:60Z')).to.equal(false);
    expect(isIsoDate('2024-01-01T10:00+24:00')).to.equal(false);
  });

  it('rejects other shapes, a missing zone, and non-strings', () => {
    for (const bad of ['2024-1-01', '2024/01/01', '01/02/2024', '2024-01-01T10:00', '2024-01-01 10:00Z',
      '2024-01-01T10:00:00.Z', '2024-01-01T10:00:00.1234567890Z', '2024-01-01T10:00+0100', '2024-01-01Z',
      'yesterday', '', ' 2024-01-01', `2024-01-01${'0'.repeat(1000)}`]) {
      expect(isIsoDate(bad), bad).to.equal(false);
    }
    for (const bad of [null, undefined, 20240101, new Date(0), ['2024-01-01']]) expect(isIsoDate(bad)).to.equal(false);
  });

  it('agrees with Date.parse on what both accept (property)', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString();
      expect(parseIsoDate(iso)).to.equal(d.getTime());
      expect(parseIsoDate(iso.slice(0, 10))).to.equal(Date.parse(iso.slice(0, 10)));
    }), { numRuns: 200 });
  });

  it('recognises currency codes as three capital letters', () => {
    expect(isCurrencyCode('USD')).to.equal(true);
    expect(isCurrencyCode('CNY')).to.equal(true);
    for (const bad of ['usd', 'US', 'USDT', 'U$D', '', 840, null]) expect(isCurrencyCode(bad)).to.equal(false);
  });
});

describe('core/validate: validatePipeline', () => {
  it('accepts a well-formed pipeline and every shipped template', () => {
    expect(validatePipeline(pipeline())).to.deep.equal({ ok: true, errors: [] });
    for (const t of PIPELINE_TEMPLATES) expect(validatePipeline(pipelineFromTemplate(t)).errors, t).to.deep.equal([]);
  });

  it('names every problem by path', () => {
    const p: Record<string, unknown> = {
      id: '',
      name: 'Sales',
      stages: [
        { id: 'a', label: 'A', kind: 'won', probability: 1, rottingDays: -1, requiredFields: ['value', 1] },
        { id: 'b', label: '', kind: 'maybe', probability: 1.5, rottingDays: 2.5 },
        { id: 'a', label: 'A again', kind: 'lost', probability: Number.NaN },
        'not a stage',
      ],
      policy: { allowSkip: 'yes' },
      lostReasons: ['Price', 'Price', ''],
      currency: 'usd',
    };
    expect(problems(validatePipeline(p))).to.deep.equal([
      'id must not be empty',
      'stages[0].rottingDays must be a non-negative integer',
      'stages[0].requiredFields[1] must be a non-empty string',
      'stages[1].label must not be empty',
      'stages[1].kind must be one of: open, won, lost',
      'stages[1].probability must be a number between 0 and 1',
      'stages[1].rottingDays must be a non-negative integer',
      'stages[2].id must be unique ("a" is also the id of stages[0])',
      'stages[2].probability must be a number between 0 and 1',
      'stages[3] must be an object',
      'stages must include at least one open stage',
      'policy.allowSkip must be true or false',
      'policy.allowBackward is required',
      'lostReasons[1] must be unique ("Price" appears earlier)',
      'lostReasons[2] must not be empty',
      'currency must be a 3-letter ISO 4217 currency code in capitals, such as USD',
    ]);
  });

  it('requires the basic fields and a list of stages', () => {
    expect(problems(validatePipeline({}))).to.deep.equal(['id is required', 'name is required', 'stages is required']);
    expect(problems(validatePipeline({ id: 'p', name: 'P', stages: {} }))).to.deep.equal(['stages must be a list']);
    expect(problems(validatePipeline({ id: 'p', name: 'P', stages: [] }))).to.deep.equal(['stages must include at least one open stage']);
    expect(problems(validatePipeline({ ...pipeline(), policy: [], lostReasons: 'Price', template: 5 }))).to.deep.equal([
      'policy must be an object', 'lostReasons must be a list', 'template must be a string',
    ]);
  });

  it('rejects what is not an object', () => {
    for (const bad of [null, undefined, [], 'sales', 42, true]) {
      expect(validatePipeline(bad)).to.deep.equal({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
    }
  });

  it('caps oversized input with a message instead of checking everything', () => {
    const stages = Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, label: `S${i}`, kind: 'open', probability: 0.5 }));
    expect(problems(validatePipeline({ id: 'p', name: 'P', stages }))).to.deep.equal(['stages must have at most 100 items (it has 150)']);
    const bad = Array.from({ length: 100 }, () => ({ kind: 'x' }));
    const result = validatePipeline({ id: 'p', name: 'P', stages: bad });
    expect(result.errors).to.have.length(FIELD_LIMITS.errors + 1);
    expect(result.errors.at(-1)).to.deep.equal({ path: '', message: 'has more problems than the 100 listed' });
    expect(problems(validatePipeline({ id: 'x'.repeat(201), name: 'P'.repeat(5_000_000), stages: [] }))).to.deep.equal([
      'id must be at most 200 characters long (it has 201)',
      'name must be at most 200 characters long (it has 5000000)',
      'stages must include at least one open stage',
    ]);
  });
});

describe('core/validate: validateDeal', () => {
  it('accepts a consistent deal, with and without its pipeline', () => {
    expect(validateDeal(deal())).to.deep.equal({ ok: true, errors: [] });
    expect(validateDeal(deal(), pipeline())).to.deep.equal({ ok: true, errors: [] });
    const won = deal({ stageId: 'won', status: 'won', closedAt: T1, probability: 1, rank: -3, history: [] });
    expect(validateDeal(won, pipeline()).ok).to.equal(true);
  });

  it('names bad values, missing fields and impossible history', () => {
    const d = {
      ...deal(),
      title: '   ', value: -1, currency: 'eur', probability: 1.2, expectedClose: '31/12/2024', status: 'pending',
      closedAt: 'soon', rank: Number.POSITIVE_INFINITY, ownerId: '',
      history: [{ stageId: 'new', enteredAt: T1, leftAt: T0 }, { stageId: 'proposal', enteredAt: '2024-03-05' }, null, { enteredAt: 5 }],
    };
    delete (d as Partial<Deal>).updatedAt;
    expect(problems(validateDeal(d))).to.deep.equal([
      'title must not be empty',
      'value must be a number of at least 0',
      'currency must be a 3-letter ISO 4217 currency code in capitals, such as USD',
      'ownerId must not be empty',
      'probability must be a number between 0 and 1',
      'expectedClose must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'status must be one of: open, won, lost',
      'rank must be a finite number',
      'updatedAt is required',
      'closedAt must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'history[0].leftAt must not be before enteredAt',
      'history[2] must be an object',
      'history[3].stageId is required',
      'history[3].enteredAt must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
    ]);
    expect(problems(validateDeal({ ...deal(), value: Number.NaN, history: 'none' }))).to.deep.equal([
      'value must be a number of at least 0', 'history must be a list',
    ]);
  });

  it('checks the deal against the given pipeline', () => {
    expect(problems(validateDeal(deal({ pipelineId: 'other', stageId: 'gone' }), pipeline()))).to.deep.equal([
      'pipelineId must be "sales", the id of the given pipeline',
      'stageId must be a stage of pipeline "sales" ("gone" is not)',
    ]);
    expect(problems(validateDeal(deal({ stageId: 'won' }), pipeline()))).to.deep.equal([
      'status must be "won" to match the kind of stage "won"',
    ]);
    expect(problems(validateDeal(deal({ stageId: 'new', status: 'lost' }), pipeline()))).to.deep.equal([
      'status must be "open" to match the kind of stage "new"',
    ]);
  });

  it('reports a pipeline without stages once instead of throwing', () => {
    expect(problems(validateDeal(deal(), { id: 'sales' }))).to.deep.equal([
      ' cannot be checked against the given pipeline, which has no list of stages',
    ]);
    expect(validateDeal(deal(), null).ok).to.equal(false);
    const hostile = new Proxy({}, { get() { throw new Error('no'); } });
    expect(problems(validateDeal(deal(), hostile))).to.deep.equal([
      ' cannot be checked against the given pipeline, which has no list of stages',
    ]);
  });
});

describe('core/validate: validateLead', () => {
  it('accepts a complete lead and a minimal one', () => {
    expect(validateLead(lead())).to.deep.equal({ ok: true, errors: [] });
    expect(validateLead({ id: 'l2', createdAt: '2024-03-01', updatedAt: T0, status: 'mql' }).ok).to.equal(true);
  });

  it('checks e-mail addresses in a practical way', () => {
    const ok = (email: string) => validateLead(lead({ email })).ok;
    expect(ok('ada.lovelace+crm@mail.engines.example')).to.equal(true);
    expect(ok('李@例子.中国')).to.equal(true);
    for (const bad of ['ada', 'ada@engines', 'ada@@engines.example', 'a da@engines.example', ' ada@engines.example',
      'ada@engines..example', '@engines.example', `${'a'.repeat(65)}@engines.example`, `a@${'b'.repeat(250)}.com`, '']) {
      expect(problems(validateLead(lead({ email: bad }))), bad).to.deep.equal([
        'email must be a valid e-mail address (one @, a dotted domain, no spaces)',
      ]);
    }
  });

  it('caps text fields and names the field and its limit', () => {
    const result = validateLead(lead({ name: 'n'.repeat(201), message: 'm'.repeat(5001), phone: '1'.repeat(65), company: 'c'.repeat(200) }));
    expect(problems(result)).to.deep.equal([
      'name must be at most 200 characters long (it has 201)',
      'phone must be at most 64 characters long (it has 65)',
      'message must be at most 5000 characters long (it has 5001)',
    ]);
  });

  it('names bad values in nested objects by path', () => {
    const bad = {
      ...lead(), status: 'hot', createdAt: '2024-02-30', companySize: 2.5, score: '90', name: null, reentryAt: 'later',
      source: { utm_source: 123, referrer: 'r'.repeat(2049) },
      consent: { text: 'ok', at: 'now' },
      custom: { note: 'x'.repeat(5001), n: 1 },
    };
    expect(problems(validateLead(bad))).to.deep.equal([
      'createdAt must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'status must be one of: new, nurturing, mql, sql, disqualified, converted',
      'name must be a string',
      'companySize must be a non-negative integer',
      'score must be a finite number',
      'reentryAt must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'source.utm_source must be a string',
      'source.referrer must be at most 2048 characters long (it has 2049)',
      'consent.version is required',
      'consent.at must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'custom.note must be at most 5000 characters long (it has 5001)',
    ]);
    expect(problems(validateLead({ ...lead(), source: 'google', consent: [], custom: ['a'], companySize: -1 }))).to.deep.equal([
      'companySize must be a non-negative integer', 'source must be an object', 'consent must be an object', 'custom must be an object',
    ]);
    const custom = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i]));
    expect(problems(validateLead(lead({ custom })))).to.deep.equal(['custom must have at most 200 fields (it has 201)']);
  });

  it('never throws: throwing getters, cycles, proxies, huge strings', () => {
    const trap = lead();
    Object.defineProperty(trap, 'email', { enumerable: true, get() { throw new Error('boom'); } });
    expect(problems(validateLead(trap))).to.deep.equal(['email could not be read']);

    const cyclic: Record<string, unknown> = lead();
    cyclic.custom = cyclic;
    cyclic.source = { self: cyclic };
    expect(validateLead(cyclic).ok).to.equal(true);

    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(problems(validateLead(proxy))).to.deep.equal([' could not be read completely']);
    const hostile = new Proxy({}, { get() { throw new Error('no'); } });
    const messages = validateLead(hostile).errors.map((e) => e.message);
    expect(messages.length).to.be.greaterThan(20);
    expect(new Set(messages)).to.deep.equal(new Set(['could not be read']));
    expect(validateDeal(hostile).ok).to.equal(false);

    const huge = 'x'.repeat(10_000_000);
    const result = validateLead({ ...lead(), id: huge, email: huge, createdAt: huge });
    expect(result.errors.map((e) => e.path)).to.deep.equal(['id', 'createdAt', 'email']);
    const history = Array.from({ length: 20_000 }, () => ({ stageId: 'new', enteredAt: T0 }));
    expect(problems(validateDeal(deal({ history })))).to.deep.equal(['history must have at most 10000 items (it has 20000)']);
  });

  it('never throws and reports ok exactly when there are no errors (property)', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withMap: true, withBigInt: true }), (input) => {
      for (const result of [validateLead(input), validateDeal(input, input), validatePipeline(input), validateActivity(input), validateTouch(input)]) {
        expect(result.ok).to.equal(result.errors.length === 0);
        expect(result.ok).to.equal(false);
      }
    }), { numRuns: 150 });
  });

  it('accepts every lead built from valid parts (property)', () => {
    const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    const arb = fc.record({
      id: fc.uuid(), createdAt: isoDate, updatedAt: isoDate,
      status: fc.constantFrom('new', 'nurturing', 'mql', 'sql', 'disqualified', 'converted'),
      name: fc.string({ maxLength: 200 }), companySize: fc.nat(), score: fc.double({ noNaN: true, noDefaultInfinity: true }),
      email: fc.emailAddress().filter((e) => e.length <= 254),
    }, { requiredKeys: ['id', 'createdAt', 'updatedAt', 'status'] });
    fc.assert(fc.property(arb, (l) => {
      expect(validateLead(l).errors).to.deep.equal([]);
    }), { numRuns: 150 });
  });
});

describe('core/validate: activities and touches', () => {
  it('accepts good records', () => {
    const a: Activity = { id: 'a1', dealId: 'd1', type: 'call', at: T0, dueAt: T1, done: false, note: 'Left a voicemail' };
    const t: Touch = { id: 't1', leadId: 'l1', channel: 'webinar', campaign: 'Spring', at: T0, milestone: 'lead' };
    expect(validateActivity(a)).to.deep.equal({ ok: true, errors: [] });
    expect(validateTouch(t)).to.deep.equal({ ok: true, errors: [] });
    expect(validateTouch({ channel: 'email', at: '2024-03-01' }).ok).to.equal(true);
  });

  it('names bad fields', () => {
    expect(problems(validateActivity({ id: 'a1', type: '', at: 'today', done: 'yes', note: 'n'.repeat(5001), leadId: 7 }))).to.deep.equal([
      'leadId must be a non-empty string',
      'type must not be empty',
      'at must be an ISO 8601 date (YYYY-MM-DD) or date-time with a time zone',
      'done must be true or false',
      'note must be at most 5000 characters long (it has 5001)',
    ]);
    expect(problems(validateTouch({ at: T0, milestone: 'middle', dealId: '' }))).to.deep.equal([
      'dealId must not be empty', 'channel is required', 'milestone must be one of: first, lead, opportunity, close',
    ]);
    expect(problems(validateActivity([]))).to.deep.equal([' must be an object']);
    expect(problems(validateTouch('touch'))).to.deep.equal([' must be an object']);
  });
});
