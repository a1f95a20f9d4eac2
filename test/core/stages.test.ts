import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Deal, Pipeline } from '../../src/core/model.js';
import {
  PIPELINE_TEMPLATES, canMove, createDeal, dealProbability, daysInStage, findStage, firstOpenStage, isRotting,
  lastOpenStageId, moveDeal, openStages, pipelineFromTemplate, pipelineName, pipelinePolicy, stageGuidance, stageLabel,
  templateLocale,
} from '../../src/core/stages.js';

const T0 = '2026-01-01T00:00:00.000Z';
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

function newDeal(pipeline: Pipeline, extra: Partial<Deal> = {}): Deal {
  const deal = createDeal(pipeline, { id: 'd1', title: 'Acme renewal', value: 1000, ...extra }, T0);
  if (!deal) throw new Error('pipeline has no open stage');
  return deal;
}

function mustMove(deal: Deal, to: string, pipeline: Pipeline, now: string, lostReason?: string): Deal {
  const r = moveDeal(deal, to, pipeline, { now, ...(lostReason ? { lostReason } : {}) });
  if (!r.ok) throw new Error(`move to ${to} refused: ${r.reason}`);
  return r.deal;
}

describe('core/stages: templates', () => {
  it('ships the five templates with the stage ids of DESIGN.md', () => {
    const ids = Object.fromEntries(PIPELINE_TEMPLATES.map((t) => [t, pipelineFromTemplate(t).stages.map((s) => s.id)]));
    expect(ids).to.deep.equal({
      l2c: ['lead', 'nurturing', 'qualified', 'presentation', 'needs-analysis', 'negotiation', 'objection-handling', 'contract', 'won', 'lost'],
      classic: ['prospecting', 'initial-contact', 'qualification', 'presentation', 'objection-handling', 'closing', 'follow-up', 'won', 'lost'],
      'five-phase': ['contact', 'needs-analysis', 'quote-negotiation', 'contract-delivery', 'after-sales', 'won', 'lost'],
      aida: ['awareness', 'interest', 'desire', 'action'],
      '5a': ['aware', 'appeal', 'ask', 'act', 'advocate'],
    });
  });

  it('labels every stage in English and Chinese, with probabilities rising through the open stages', () => {
    for (const t of PIPELINE_TEMPLATES) {
      const en = pipelineFromTemplate(t, { locale: 'en' });
      const zh = pipelineFromTemplate(t, { locale: 'zh-CN' });
      expect(en.name).to.not.equal(zh.name);
      en.stages.forEach((s, i) => {
        const z = zh.stages[i]!;
        expect(s.label, `${t}/${s.id}`).to.match(/^[A-Z]/);
        expect(z.label, `${t}/${s.id}`).to.match(/[\u4e00-\u9fff]/);
        expect(s.probability).to.be.within(0, 1);
      });
      const p = openStages(en).map((s) => s.probability);
      expect([...p].sort((a, b) => a - b)).to.deep.equal(p);
      expect(openStages(en).length).to.be.greaterThan(0);
    }
  });

  it('gives l2c a won and a lost stage, lost reasons and required fields on late stages', () => {
    const p = pipelineFromTemplate('l2c', { id: 'main', name: 'Main', currency: 'EUR' });
    expect(p.id).to.equal('main');
    expect(p.name).to.equal('Main');
    expect(p.currency).to.equal('EUR');
    expect(findStage(p, 'won')?.kind).to.equal('won');
    expect(findStage(p, 'lost')?.kind).to.equal('lost');
    // Reasons are ids, the same in every language; core/lost-reasons.ts labels them.
    expect(p.lostReasons).to.deep.equal(['price', 'competitor', 'no-budget', 'no-decision', 'timing', 'product-fit']);
    expect(findStage(p, 'contract')?.requiredFields).to.deep.equal(['value', 'expectedClose']);
    expect(findStage(p, 'lead')?.rottingDays).to.equal(7);
    expect(pipelineFromTemplate('l2c', { locale: 'zh' }).lostReasons).to.include('price');
  });

  it('returns independent copies, so editing one pipeline never changes another', () => {
    const a = pipelineFromTemplate('classic');
    a.stages[0]!.label = 'Changed';
    a.stages[5]!.requiredFields!.push('ownerId');
    const b = pipelineFromTemplate('classic');
    expect(b.stages[0]!.label).to.equal('Prospecting');
    expect(b.stages[5]!.requiredFields).to.deep.equal(['value', 'expectedClose']);
  });

  it('resolves locales to the nearest template locale', () => {
    expect(templateLocale('zh-CN')).to.equal('zh-CN');
    expect(templateLocale('zh-Hans-CN')).to.equal('zh-CN');
    expect(templateLocale('zh')).to.equal('zh-CN');
    expect(templateLocale('de-DE')).to.equal('en');
    expect(templateLocale(undefined)).to.equal('en');
  });

  it('names template pipelines in the locale but keeps a name the owner chose', () => {
    const p = pipelineFromTemplate('l2c');
    expect(pipelineName(p, 'zh-CN')).to.equal('线索到现金');
    expect(pipelineName(pipelineFromTemplate('classic', { locale: 'zh-CN' }), 'en')).to.equal('Classic sales');
    expect(pipelineName({ ...p, name: 'EMEA enterprise' }, 'zh-CN')).to.equal('EMEA enterprise');
    expect(pipelineName({ name: 'Mine' }, 'zh-CN')).to.equal('Mine');
    expect(pipelineName(pipelineFromTemplate('l2c', { name: 'Named at creation' }), 'zh-CN')).to.equal('Named at creation');
  });

  it('relabels template stages per locale but keeps a label the owner changed', () => {
    const p = pipelineFromTemplate('l2c');
    const stage = findStage(p, 'negotiation')!;
    expect(stageLabel(stage, 'zh-CN')).to.equal('商务谈判');
    expect(stageLabel(stage, 'en')).to.equal('Negotiation');
    expect(stageGuidance(stage, 'zh-CN')).to.equal('就价格、范围和条款达成一致。');
    const renamed = { ...stage, label: 'Haggling', guidance: 'Our own words' };
    expect(stageLabel(renamed, 'zh-CN')).to.equal('Haggling');
    expect(stageGuidance(renamed, 'zh-CN')).to.equal('Our own words');
    expect(stageLabel({ id: 'x', label: 'Plain', kind: 'open', probability: 0 }, 'zh-CN')).to.equal('Plain');
  });
});

describe('core/stages: moving deals', () => {
  const l2c = pipelineFromTemplate('l2c');

  it('creates a deal in the first open stage with its first visit recorded', () => {
    const d = newDeal(l2c);
    expect(d.stageId).to.equal('lead');
    expect(d.status).to.equal('open');
    expect(d.pipelineId).to.equal('l2c');
    expect(d.history).to.deep.equal([{ stageId: 'lead', enteredAt: T0 }]);
    expect(createDeal({ id: 'x', name: 'x', stages: [{ id: 'w', label: 'W', kind: 'won', probability: 1 }] },
      { id: 'a', title: 'a' }, T0)).to.equal(undefined);
    expect(createDeal(l2c, { id: 'a', title: 'a', stageId: 'qualified' }, 0)?.stageId).to.equal('qualified');
  });

  it('records entered and left times for every stage a deal passes through', () => {
    let d = newDeal(l2c, { expectedClose: '2026-03-01' });
    d = mustMove(d, 'nurturing', l2c, at(2));
    d = mustMove(d, 'qualified', l2c, at(5));
    d = mustMove(d, 'won', l2c, at(9));
    expect(d.history).to.deep.equal([
      { stageId: 'lead', enteredAt: T0, leftAt: at(2) },
      { stageId: 'nurturing', enteredAt: at(2), leftAt: at(5) },
      { stageId: 'qualified', enteredAt: at(5), leftAt: at(9) },
      { stageId: 'won', enteredAt: at(9) },
    ]);
    expect(d.status).to.equal('won');
    expect(d.closedAt).to.equal(at(9));
    expect(d.updatedAt).to.equal(at(9));
  });

  it('does not change the deal it was given', () => {
    const d = newDeal(l2c);
    const copy = structuredClone(d);
    mustMove(d, 'qualified', l2c, at(1));
    expect(d).to.deep.equal(copy);
  });

  it('refuses unknown and same-stage moves', () => {
    const d = newDeal(l2c);
    expect(canMove(d, 'nope', l2c)).to.deep.equal({ ok: false, reason: 'unknown-stage', to: 'nope' });
    expect(canMove(d, 'lead', l2c)).to.include({ ok: false, reason: 'same-stage' });
  });

  it('enforces a policy without skipping or going back, naming both stages', () => {
    const strict: Pipeline = { ...l2c, policy: { allowSkip: false, allowBackward: false } };
    const d = newDeal(strict);
    expect(canMove(d, 'qualified', strict)).to.deep.equal({ ok: false, reason: 'skip-not-allowed', from: 'lead', to: 'qualified' });
    const d2 = mustMove(d, 'nurturing', strict, at(1));
    expect(canMove(d2, 'lead', strict)).to.deep.equal({ ok: false, reason: 'backward-not-allowed', from: 'nurturing', to: 'lead' });
    expect(canMove(d2, 'qualified', strict).ok).to.equal(true);
    // Closing is allowed from anywhere.
    expect(canMove(d2, 'won', strict).ok).to.equal(true);
  });

  it('lets a free pipeline skip and go back', () => {
    const d = mustMove(newDeal(l2c), 'presentation', l2c, at(1));
    expect(mustMove(d, 'lead', l2c, at(2)).stageId).to.equal('lead');
    expect(pipelinePolicy({ id: 'p', name: 'p', stages: [] })).to.deep.equal({ allowSkip: true, allowBackward: true });
  });

  it('requires the target stage fields and names the missing ones', () => {
    const d = newDeal(l2c, { value: Number.NaN });
    expect(canMove(d, 'contract', l2c)).to.deep.equal({
      ok: false, reason: 'missing-fields', missingFields: ['value', 'expectedClose'], to: 'contract',
    });
    const filled = { ...d, value: 5000, expectedClose: '2026-04-30' };
    expect(canMove(filled, 'contract', l2c).ok).to.equal(true);
    expect(canMove({ ...filled, expectedClose: '  ' }, 'contract', l2c)).to.deep.include({ missingFields: ['expectedClose'] });
  });

  it('requires a lost reason and keeps it; restoring clears it and returns to the last open stage', () => {
    const d = mustMove(newDeal(l2c), 'presentation', l2c, at(3));
    expect(canMove(d, 'lost', l2c)).to.deep.equal({ ok: false, reason: 'lost-reason-required', to: 'lost' });
    const lost = mustMove(d, 'lost', l2c, at(4), 'Price');
    expect(lost.status).to.equal('lost');
    expect(lost.lostReason).to.equal('Price');
    expect(lost.closedAt).to.equal(at(4));
    expect(lastOpenStageId(lost, l2c)).to.equal('presentation');

    const strict: Pipeline = { ...l2c, policy: { allowSkip: false, allowBackward: false } };
    expect(canMove(lost, 'presentation', strict).ok, 'restore to the stage it was lost in').to.equal(true);
    expect(canMove(lost, 'qualified', strict)).to.include({ reason: 'backward-not-allowed' });
    const restored = mustMove(lost, 'presentation', strict, at(6));
    expect(restored.status).to.equal('open');
    expect(restored.lostReason).to.equal(undefined);
    expect(restored.closedAt).to.equal(undefined);
    expect(restored.history.map((v) => v.stageId)).to.deep.equal(['lead', 'presentation', 'lost', 'presentation']);
  });

  it('accepts a lost move without a reason when the pipeline lists no reasons', () => {
    const bare: Pipeline = { ...l2c, lostReasons: [] };
    expect(canMove(newDeal(bare), 'lost', bare).ok).to.equal(true);
  });

  it('sets the rank when given and drops a lost reason when the deal is later won', () => {
    const lost = mustMove(newDeal(l2c), 'lost', l2c, at(1), 'Timing');
    const r = moveDeal(lost, 'won', l2c, { now: Date.parse(at(2)), rank: 3 });
    expect(r.ok).to.equal(true);
    if (r.ok) {
      expect(r.deal.rank).to.equal(3);
      expect(r.deal.lostReason).to.equal(undefined);
      expect(r.deal.updatedAt).to.equal(at(2));
    }
  });

  it('moves deals between pipelines independently (multiple pipelines)', () => {
    const sales = pipelineFromTemplate('classic', { id: 'sales' });
    const partners = pipelineFromTemplate('five-phase', { id: 'partners' });
    const a = createDeal(sales, { id: 'a', title: 'A' }, T0)!;
    const b = createDeal(partners, { id: 'b', title: 'B' }, T0)!;
    expect([a.pipelineId, a.stageId, b.pipelineId, b.stageId]).to.deep.equal(['sales', 'prospecting', 'partners', 'contact']);
    expect(canMove(a, 'contact', sales)).to.include({ reason: 'unknown-stage' });
  });

  it('keeps history consistent over any sequence of allowed moves (property)', () => {
    const ids = l2c.stages.map((s) => s.id);
    fc.assert(fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 25 }), (targets) => {
      let d = newDeal(l2c, { expectedClose: '2026-06-01' });
      targets.forEach((to, i) => {
        const r = moveDeal(d, to, l2c, { now: at(i + 1), lostReason: 'Price' });
        if (r.ok) d = r.deal;
      });
      const h = d.history;
      // Exactly one open visit, the last, for the current stage; every visit ends where the next starts.
      expect(h.filter((v) => v.leftAt === undefined)).to.have.length(1);
      expect(h.at(-1)!.stageId).to.equal(d.stageId);
      for (let i = 1; i < h.length; i++) expect(h[i - 1]!.leftAt).to.equal(h[i]!.enteredAt);
      expect(d.status).to.equal(findStage(l2c, d.stageId)!.kind);
    }), { numRuns: 100 });
  });
});

describe('core/stages: probability, age and rotting', () => {
  const p = pipelineFromTemplate('l2c');

  it('uses the deal probability over the stage one, clamped', () => {
    const d = newDeal(p);
    expect(dealProbability(d, p)).to.equal(0.05);
    expect(dealProbability({ ...d, probability: 0.7 }, p)).to.equal(0.7);
    expect(dealProbability({ ...d, probability: 7 }, p)).to.equal(1);
    expect(dealProbability({ ...d, probability: Number.NaN }, p)).to.equal(0.05);
    expect(dealProbability({ ...d, stageId: 'gone' }, p)).to.equal(0);
  });

  it('counts whole days in the current stage', () => {
    const d = mustMove(newDeal(p), 'qualified', p, at(2));
    expect(daysInStage(d, at(2))).to.equal(0);
    expect(daysInStage(d, Date.parse(at(12.5)))).to.equal(10);
    expect(daysInStage(d, at(1))).to.equal(0);
    expect(daysInStage({ ...d, history: [] }, at(5))).to.equal(3);
  });

  it('marks an open deal rotting after its stage rotting days without activity', () => {
    const d = newDeal(p); // lead: 7 rotting days
    expect(isRotting(d, p, at(7))).to.equal(false);
    expect(isRotting(d, p, at(8))).to.equal(true);
    expect(isRotting({ ...d, lastActivityAt: at(5) }, p, at(8))).to.equal(false);
    // Counted from the last done activity when that is later.
    expect(isRotting(d, p, at(8), Date.parse(at(5)))).to.equal(false);
    expect(isRotting(d, p, at(8), at(0))).to.equal(true);
    const won = mustMove(d, 'won', p, at(1));
    expect(isRotting(won, p, at(100))).to.equal(false);
    expect(isRotting({ ...d, history: [], updatedAt: 'garbage' }, p, at(100))).to.equal(false);
    const noRot: Pipeline = { ...p, stages: p.stages.map((s) => ({ ...s, rottingDays: undefined })) };
    expect(isRotting(d, noRot, at(100))).to.equal(false);
  });

  it('finds the first open stage', () => {
    expect(firstOpenStage(pipelineFromTemplate('5a'))?.id).to.equal('aware');
    expect(firstOpenStage({ id: 'e', name: 'e', stages: [] })).to.equal(undefined);
  });
});
