/**
 * The board's model: a few changed deals patched in give the same columns as building anew
 * (property-tested), and what cannot be patched says so.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { NO_FILTER, buildModel, patchModel, type BoardModel } from '../../src/components/pipeline-board/board-model.js';
import type { Deal } from '../../src/core/model.js';
import { salesPipeline } from './pipeline-board.suite.js';

const pipeline = salesPipeline();
const STAGES = ['lead', 'nurturing', 'qualified', 'won'];
const at = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();
const deal = (id: string, stageId: string, rank: number | undefined, created: number, ownerId = 'ana'): Deal => ({
  id, title: id, value: 10, currency: 'USD', pipelineId: 'l2c', stageId, status: stageId === 'won' ? 'won' : 'open',
  createdAt: at(created), updatedAt: at(created), history: [], ownerId, ...(rank === undefined ? {} : { rank }),
});
const view = (m: BoardModel) => [...m.columns].map(([stage, list]) => `${stage}:${list.map((d) => d.id).join(',')}`).join(' ');
const build = (deals: Deal[]) => buildModel({ deals, pipeline, pending: new Map(), filter: NO_FILTER, haystack: () => '' });

describe('pipeline-board model', () => {
  it('patches a few changed deals in, giving what building anew gives (property)', () => {
    const arbDeal = (id: string) => fc.record({
      stage: fc.constantFrom(...STAGES), rank: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), created: fc.nat(9),
    }).map(({ stage, rank, created }) => deal(id, stage, rank, created));
    fc.assert(fc.property(
      fc.array(fc.nat(), { minLength: 1, maxLength: 30 }).chain((keys) => fc.tuple(
        fc.constant(keys.length),
        fc.tuple(...keys.map((_, i) => arbDeal(`d${i}`))),
        fc.array(fc.tuple(fc.nat(keys.length - 1), fc.constantFrom(...STAGES), fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), fc.boolean()), { maxLength: 4 }),
      )),
      ([, before, edits]) => {
        const deals = [...before];
        const prev = build(deals);
        const next = [...deals];
        const changed = new Map<string, Deal | undefined>();
        for (const [i, stage, rank, remove] of edits) {
          const d = next[i]!;
          const moved = remove ? undefined : { ...d, stageId: stage, ...(rank === undefined ? {} : { rank }), ownerId: rank === 3 ? 'ben' : d.ownerId };
          changed.set(d.id, moved);
          next[i] = moved ?? { ...d, pipelineId: 'elsewhere' };
        }
        const patched = patchModel(prev, pipeline, NO_FILTER, () => '', changed);
        const rebuilt = build(next);
        return !!patched && view(patched) === view(rebuilt) && patched.total === rebuilt.total && patched.shown.length === rebuilt.shown.length
          && patched.owners.join() === rebuilt.owners.join() && patched.hasUnowned === rebuilt.hasUnowned;
      },
    ));
  });

  it('builds anew when a change is not small or not simple', () => {
    const deals = [deal('a', 'lead', 1, 1), deal('b', 'lead', 2, 1, 'ben')];
    const many = new Map(Array.from({ length: 65 }, (_, i) => [`n${i}`, deal(`n${i}`, 'lead', i, 1)]));
    expect(patchModel(build(deals), pipeline, NO_FILTER, () => '', many)).to.equal(undefined);
    // A new owner joins the owner filter's choices, one who has no deal left leaves them.
    const owned = patchModel(build(deals), pipeline, NO_FILTER, () => '', new Map([['a', { ...deals[0]!, ownerId: 'chen' }]]));
    expect(owned?.owners).to.deep.equal(['ben', 'chen']);
    // A value that is not a number is a problem the board reports.
    expect(patchModel(build(deals), pipeline, NO_FILTER, () => '', new Map([['a', { ...deals[0]!, value: Number.NaN }]]))).to.equal(undefined);
    // A stage the pipeline does not have.
    expect(patchModel(build(deals), pipeline, NO_FILTER, () => '', new Map([['a', { ...deals[0]!, stageId: 'nowhere' }]]))).to.equal(undefined);
    const ok = patchModel(build(deals), pipeline, NO_FILTER, () => '', new Map([['c', deal('c', 'lead', 0, 1, 'ben')]]));
    expect(ok && view(ok)).to.equal(view(build([...deals, deal('c', 'lead', 0, 1, 'ben')])));
  });
});
