import { expect } from '@open-wc/testing';
import { ACTIVITY_TYPES } from '../../src/core/schedule.js';
import { changedFields, checkActivityDraft, checkDealDraft, checkNoteDraft, dueFrom, editDeal, parseAmount } from '../../src/core/drafts.js';
import type { Deal } from '../../src/core/model.js';
import { createDeal, pipelineFromTemplate } from '../../src/core/stages.js';

const l2c = pipelineFromTemplate('l2c', { currency: 'USD' });
const codes = (problems: { field: string; code: string }[]) => problems.map((p) => `${p.field}:${p.code}`);

describe('core/drafts: typed amounts', () => {
  it('reads digits with grouping and a decimal point, and says NaN for anything else', () => {
    expect(parseAmount('12000')).to.equal(12000);
    expect(parseAmount(' 12,000.50 ')).to.equal(12000.5);
    expect(parseAmount('12 000')).to.equal(12000);
    expect(parseAmount('-5')).to.equal(-5);
    expect(parseAmount('.5')).to.equal(0.5);
    expect(parseAmount('')).to.equal(undefined);
    expect(parseAmount(undefined)).to.equal(undefined);
    for (const bad of ['abc', '12a', '1,2,3', '1.2.3', '--1', '1e5']) expect(Number.isNaN(parseAmount(bad)), bad).to.equal(true);
  });
});

describe('core/drafts: checkDealDraft', () => {
  it('accepts a complete draft', () => {
    expect(checkDealDraft({ title: 'Acme', value: 100, currency: 'EUR', expectedClose: '2026-12-01', probability: 0.4 }, l2c)).to.deep.equal([]);
  });

  it('names each bad field with a code', () => {
    expect(codes(checkDealDraft({ title: '  ', value: Number.NaN, currency: 'euro', expectedClose: '31.12.2026', probability: 2 }))).to.deep.equal([
      'title:required', 'value:not-a-number', 'currency:bad-currency', 'expectedClose:bad-date', 'probability:not-a-probability',
    ]);
    expect(codes(checkDealDraft({ title: 'x'.repeat(201), value: -1 }))).to.deep.equal(['title:too-long', 'value:negative']);
    expect(checkDealDraft({ title: 'x'.repeat(201) })[0]!.max).to.equal(200);
    expect(codes(checkDealDraft({ title: 'A', expectedClose: '2026-02-30' }))).to.deep.equal(['expectedClose:bad-date']);
  });

  it('requires the fields of the stage the deal is made in', () => {
    expect(codes(checkDealDraft({ title: 'A', stageId: 'negotiation' }, l2c))).to.deep.equal(['value:required', 'expectedClose:required']);
    expect(codes(checkDealDraft({ title: 'A', stageId: 'negotiation', value: 5, expectedClose: '2026-12-01' }, l2c))).to.deep.equal([]);
  });
});

describe('core/drafts: checkActivityDraft', () => {
  it('wants a known type, a subject and a due date', () => {
    expect(checkActivityDraft({ type: 'call', subject: 'Intro call', dueAt: '2026-11-03T10:00:00.000Z' }, ACTIVITY_TYPES)).to.deep.equal([]);
    expect(checkActivityDraft({ type: 'call', subject: 'Intro call', dueAt: '2026-11-03' }, ACTIVITY_TYPES)).to.deep.equal([]);
    expect(codes(checkActivityDraft({ type: 'fax', subject: '', dueAt: 'tomorrow' }, ACTIVITY_TYPES))).to.deep.equal(['type:bad-type', 'subject:required', 'dueAt:bad-date']);
    expect(codes(checkActivityDraft({}, ACTIVITY_TYPES))).to.deep.equal(['type:required', 'subject:required', 'dueAt:required']);
  });
});

describe('core/drafts: editDeal', () => {
  const deal = createDeal(l2c, { id: 'd1', title: 'Acme', value: 100, ownerId: 'ana' }, '2026-11-01T09:00:00.000Z') as Deal;

  it('applies changes, removes cleared optional fields and lists what changed', () => {
    const r = editDeal(deal, { title: 'Acme renewal', value: 250, ownerId: '', expectedClose: '2026-12-01' }, '2026-11-02T09:00:00.000Z');
    expect(r.changes).to.have.members(['title', 'value', 'expectedClose', 'ownerId']);
    expect(r.deal).to.include({ title: 'Acme renewal', value: 250, expectedClose: '2026-12-01', updatedAt: '2026-11-02T09:00:00.000Z' });
    expect('ownerId' in r.deal).to.equal(false);
    expect(r.deal.history).to.deep.equal(deal.history);
  });

  it('changes nothing (not even updatedAt) when nothing differs, and never the stage', () => {
    const r = editDeal(deal, { title: 'Acme', stageId: 'won' }, 5);
    expect(r.changes).to.deep.equal([]);
    expect(r.deal).to.equal(deal);
    expect(editDeal(deal, { value: undefined }, 5).deal.value).to.equal(0);
  });

  it('compares nested values as JSON', () => {
    expect(changedFields({ a: { x: 1 }, b: 1, updatedAt: 'x' }, { a: { x: 1 }, b: 2, updatedAt: 'y' })).to.deep.equal(['b']);
  });
});

describe('core/drafts: notes and due times', () => {
  it('wants a note that is not blank', () => {
    expect(codes(checkNoteDraft('  '))).to.deep.equal(['note:required']);
    expect(checkNoteDraft('Called, will call back')).to.deep.equal([]);
  });

  it('reads a due date and time in the user\'s zone', () => {
    // UTC+8 (China): getTimezoneOffset is -480.
    expect(dueFrom('2026-11-03', '10:30', () => -480)).to.equal('2026-11-03T02:30:00.000Z');
    expect(dueFrom('2026-11-03', '', () => -480)).to.equal('2026-11-03');
    expect(dueFrom('03.11.2026', '10:30', () => 0)).to.equal('03.11.2026');
    expect(dueFrom('2026-11-03', '25:00', () => 0)).to.equal('2026-11-03T25:00');
    expect(checkActivityDraft({ type: 'call', subject: 'x', dueAt: dueFrom('2026-11-03', '25:00', () => 0) }, ACTIVITY_TYPES)[0]!.code).to.equal('bad-date');
  });
});
