import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Deal, Pipeline } from '../../src/core/model.js';
import { compareDeals, rankOf, sanitizePipeline } from '../../src/core/pipeline.js';
import { placeDeal, rankAt, renumber } from '../../src/core/rank.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';

const at = '2026-01-01T00:00:00.000Z';
const deal = (id: string, rank?: number, createdAt = at): Deal => ({
  id, title: id, value: 1, currency: 'USD', pipelineId: 'p', stageId: 's', status: 'open', createdAt, updatedAt: createdAt, history: [],
  ...(rank === undefined ? {} : { rank }),
});

describe('core/pipeline: sanitizePipeline', () => {
  it('keeps a valid pipeline as it is, with its policy and reasons', () => {
    const p = pipelineFromTemplate('l2c', { currency: 'EUR' });
    const { pipeline, errors } = sanitizePipeline(p);
    expect(errors).to.deep.equal([]);
    expect(pipeline!.stages.map((s) => s.id)).to.deep.equal(p.stages.map((s) => s.id));
    expect(pipeline!.lostReasons).to.deep.equal(p.lostReasons);
    expect(pipeline!.currency).to.equal('EUR');
  });

  it('leaves out stages without a usable id and repairs kinds and probabilities, naming every problem', () => {
    const input = {
      id: 'x', name: '', policy: { allowSkip: 'no' }, currency: 'euro', lostReasons: ['Price', 'Price', '', 3],
      stages: [{ id: 'a', label: '', kind: 'weird', probability: 7 }, { label: 'no id' }, { id: 'a' }, { id: 'w', kind: 'won' }, null],
    };
    const { pipeline, errors } = sanitizePipeline(input);
    expect(pipeline!.stages.map((s) => [s.id, s.label, s.kind, s.probability])).to.deep.equal([['a', 'a', 'open', 0], ['w', 'w', 'won', 1]]);
    expect(pipeline!.policy).to.deep.equal({ allowSkip: true, allowBackward: true });
    expect(pipeline!.lostReasons).to.deep.equal(['Price']);
    expect(pipeline!.name).to.equal('x');
    expect(pipeline!.currency).to.equal(undefined);
    expect(errors.map((e) => e.path)).to.include.members(['name', 'stages[0].kind', 'stages[0].probability', 'stages[1].id', 'currency']);
  });

  it('never throws, even on hostile input', () => {
    const hostile = new Proxy({}, { get() { throw new Error('no'); }, ownKeys() { throw new Error('no'); } });
    for (const input of [null, 'x', 5, [], hostile, { stages: 'nope' }]) {
      expect(() => sanitizePipeline(input)).to.not.throw();
    }
    expect(sanitizePipeline('x').pipeline).to.equal(undefined);
    fc.assert(fc.property(fc.anything(), (input) => {
      const r = sanitizePipeline(input);
      return r.pipeline === undefined || Array.isArray(r.pipeline.stages);
    }));
  });
});

describe('core/pipeline: column order and ranks', () => {
  it('orders by rank (missing last), then createdAt, then id', () => {
    const list = [deal('c'), deal('b', 2), deal('a', 2), deal('z', 1), deal('y', undefined, '2025-01-01T00:00:00.000Z'), deal('n', Number.NaN)];
    expect([...list].sort(compareDeals).map((d) => d.id)).to.deep.equal(['z', 'a', 'b', 'y', 'c', 'n']);
    expect(rankOf(deal('n', Number.NaN))).to.equal(undefined);
  });

  it('finds a rank between neighbours, or none when they leave no room', () => {
    const column = [deal('a', 1), deal('b', 2), deal('c', 2)];
    expect(rankAt(column, 0)).to.equal(0);
    expect(rankAt(column, 1)).to.equal(1.5);
    expect(rankAt(column, 2)).to.equal(undefined);
    expect(rankAt(column, 3)).to.equal(3);
    expect(rankAt([deal('u')], 1)).to.equal(undefined);
    expect(rankAt([], 0)).to.equal(0);
  });

  it('renumbers a column when needed, changing only the ranks that differ', () => {
    const column = [deal('a', 0), deal('b', 5), deal('c', 5)];
    const ranks = renumber(column, 2, deal('x'));
    expect([...ranks]).to.deep.equal([['b', 1], ['x', 2], ['c', 3]]);
    const placed = placeDeal(column, 2, deal('x'));
    expect(placed.rank).to.equal(2);
    expect(placed.others.map((d) => `${d.id}:${d.rank}`)).to.deep.equal(['b:1', 'c:3']);
    expect(placeDeal(column, 1, deal('x'))).to.deep.equal({ rank: 2.5, others: [] });
  });

  it('places a deal so that the column, sorted, has it where it was put (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), { maxLength: 12 }),
      fc.nat(13),
      (ranks, where) => {
        const column = ranks.map((r, i) => deal(`d${String(i).padStart(2, '0')}`, r)).sort(compareDeals);
        const moving = deal('zz');
        const index = Math.min(where, column.length);
        const { rank, others } = placeDeal(column, index, moving);
        const renumbered = new Map(others.map((d) => [d.id, d]));
        const after = [...column.map((d) => renumbered.get(d.id) ?? d), { ...moving, rank }].sort(compareDeals);
        return after.findIndex((d) => d.id === 'zz') === index;
      },
    ));
  });
});

describe('core/pipeline: a pipeline without open stages', () => {
  it('is kept, so the element can say what is wrong', () => {
    const p: Pipeline = { id: 'c', name: 'Closed only', stages: [{ id: 'won', label: 'Won', kind: 'won', probability: 1 }] };
    expect(sanitizePipeline(p).pipeline!.stages).to.have.length(1);
  });
});
