import { expect } from '@open-wc/testing';
import type { Deal, DealStatus, Pipeline, StageVisit } from '../../src/core/model.js';
import { funnelFromDeals, salesCycle, timeInStage, winRate } from '../../src/core/funnel.js';
import {
  PROCESS_DECISION_ID, PROCESS_LIMITS, PROCESS_START_ID, backEdges, findBottleneck, nodeLane, processFromPipeline,
  processMetrics, validateMetrics, validateProcess, type Process,
} from '../../src/core/process.js';
import { PIPELINE_TEMPLATES, pipelineFromTemplate } from '../../src/core/stages.js';

const iso = (date: string): string => `${date}T00:00:00.000Z`;

function visits(...rows: [string, string, string?][]): StageVisit[] {
  return rows.map(([stageId, entered, left]) =>
    left === undefined ? { stageId, enteredAt: iso(entered) } : { stageId, enteredAt: iso(entered), leftAt: iso(left) });
}

function deal(id: string, status: DealStatus, stageId: string, history: StageVisit[], extra: Partial<Deal> = {}): Deal {
  return {
    id, title: id, value: 100, currency: 'EUR', pipelineId: 'sales', stageId, status,
    createdAt: iso('2025-01-01'), updatedAt: iso('2025-03-01'), history, ...extra,
  };
}

const pipeline: Pipeline = {
  id: 'sales',
  name: 'Sales',
  policy: { allowSkip: true, allowBackward: false },
  stages: [
    { id: 'lead', label: 'Lead', kind: 'open', probability: 0.1 },
    { id: 'qualified', label: 'Qualified', kind: 'open', probability: 0.3 },
    { id: 'proposal', label: 'Proposal', kind: 'open', probability: 0.6 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

const deals: Deal[] = [
  deal('d1', 'won', 'won', visits(['lead', '2025-01-01', '2025-01-03'], ['qualified', '2025-01-03', '2025-01-08'],
    ['proposal', '2025-01-08', '2025-01-18'], ['won', '2025-01-18']), { closedAt: iso('2025-01-18') }),
  // Went back from proposal to qualified once.
  deal('d2', 'lost', 'lost', visits(['lead', '2025-01-01', '2025-01-02'], ['qualified', '2025-01-02', '2025-01-04'],
    ['proposal', '2025-01-04', '2025-01-10'], ['qualified', '2025-01-10', '2025-01-12'], ['lost', '2025-01-12']), { closedAt: iso('2025-01-12') }),
  deal('d3', 'open', 'qualified', visits(['lead', '2025-02-01', '2025-02-05'], ['qualified', '2025-02-05'])),
  deal('d4', 'open', 'lead', visits(['lead', '2025-02-10'])),
  deal('x', 'won', 'won', [], { pipelineId: 'other' }),
];

const ids = (p: Process) => p.nodes.map((n) => n.id);
const pairs = (p: Process) => p.edges.map((e) => `${e.from}>${e.to}`);

describe('core/process', () => {
  describe('validateProcess', () => {
    it('keeps a valid process as it is, with extra fields', () => {
      const input = {
        nodes: [
          { id: 'a', label: 'Start', kind: 'start' },
          { id: 'b', label: 'Call', kind: 'stage', lane: 'frontstage', owner: 'sales' },
          { id: 'c', label: 'Done', kind: 'end' },
        ],
        edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c', label: 'ok', weight: 2 }],
      };
      const { process, issues } = validateProcess(input);
      expect(issues).to.deep.equal([]);
      expect(process).to.deep.equal(input);
      expect(process.nodes[1]).to.not.equal(input.nodes[1]);
    });

    it('names the bad node or edge, and keeps the valid part', () => {
      const { process, issues } = validateProcess({
        nodes: [
          { id: 'a', label: 'Start', kind: 'start' },
          { id: 'b', label: 'Call', kind: 'step' },
          { id: 'c', label: '', kind: 'stage' },
          { id: 'd', label: 'Support', kind: 'stage', lane: 'kitchen' },
          { id: 'a', label: 'Again', kind: 'stage' },
          { label: 'No id', kind: 'stage' },
          'nonsense',
          { id: 'e', label: 'End', kind: 'end' },
        ],
        edges: [
          { from: 'a', to: 'e', label: 7 },
          { from: 'a', to: 'b' },
          { from: 'a', to: 'ghost' },
          { to: 'e' },
          null,
        ],
      });
      expect(ids(process)).to.deep.equal(['a', 'e']);
      expect(process.edges).to.deep.equal([{ from: 'a', to: 'e' }]);
      expect(issues.map((i) => [i.path, i.code, i.id])).to.deep.equal([
        ['nodes[1].kind', 'bad-kind', 'b'],
        ['nodes[2].label', 'missing-label', 'c'],
        ['nodes[3].lane', 'bad-lane', 'd'],
        ['nodes[4].id', 'duplicate-id', 'a'],
        ['nodes[5].id', 'missing-id', undefined],
        ['nodes[6]', 'not-an-object-item', undefined],
        ['edges[1].to', 'invalid-node', 'b'],
        ['edges[2].to', 'unknown-node', 'ghost'],
        ['edges[3].from', 'unknown-node', undefined],
        ['edges[4]', 'not-an-object-item', undefined],
      ]);
      expect(issues[0]!.value).to.equal('step');
      expect(issues[0]!.message).to.contain('start, stage, decision, end');
    });

    it('reports input that is not a process at all', () => {
      expect(validateProcess(null).issues.map((i) => i.code)).to.deep.equal(['not-an-object']);
      expect(validateProcess([]).issues.map((i) => i.code)).to.deep.equal(['not-an-object']);
      const { process, issues } = validateProcess({ nodes: 'x' });
      expect(process).to.deep.equal({ nodes: [], edges: [] });
      expect(issues.map((i) => i.path)).to.deep.equal(['nodes', 'edges']);
    });

    it('caps huge lists with an issue', () => {
      const nodes = Array.from({ length: PROCESS_LIMITS.nodes + 5 }, (_, i) => ({ id: `n${i}`, label: `N${i}`, kind: 'stage' }));
      const { process, issues } = validateProcess({ nodes, edges: [] });
      expect(process.nodes).to.have.length(PROCESS_LIMITS.nodes);
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ path: 'nodes', code: 'too-many', value: String(PROCESS_LIMITS.nodes + 5) });
    });

    it('never throws on hostile objects', () => {
      const node = { id: 'a', label: 'A', kind: 'stage' };
      Object.defineProperty(node, 'boom', { enumerable: true, get() { throw new Error('no'); } });
      const label = { id: 'b', kind: 'stage' };
      Object.defineProperty(label, 'label', { get() { throw new Error('no'); } });
      const { process, issues } = validateProcess({ nodes: [node, label], edges: [] });
      expect(process.nodes).to.deep.equal([{ id: 'a', label: 'A', kind: 'stage' }]);
      expect(issues.map((i) => i.code)).to.deep.equal(['missing-label']);
    });
  });

  it('puts nodes without a lane in front-stage, and decisions in back-stage', () => {
    expect(nodeLane({ kind: 'stage' })).to.equal('frontstage');
    expect(nodeLane({ kind: 'start' })).to.equal('frontstage');
    expect(nodeLane({ kind: 'end' })).to.equal('frontstage');
    expect(nodeLane({ kind: 'decision' })).to.equal('backstage');
    expect(nodeLane({ kind: 'stage', lane: 'customer' })).to.equal('customer');
    expect(nodeLane({ kind: 'decision', lane: 'bogus' as never })).to.equal('backstage');
  });

  describe('backEdges', () => {
    it('finds the edges that close a cycle, walking from the start', () => {
      const process: Process = {
        nodes: [
          { id: 'b', label: 'B', kind: 'stage' },
          { id: 's', label: 'S', kind: 'start' },
          { id: 'c', label: 'C', kind: 'stage' },
          { id: 'e', label: 'E', kind: 'end' },
        ],
        edges: [
          { from: 's', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'b' }, { from: 'c', to: 'e' },
          { from: 'e', to: 'e' }, { from: 'b', to: 'e', back: true }, { from: 'c', to: 'nowhere' },
        ],
      };
      expect([...backEdges(process)].sort()).to.deep.equal([2, 4, 5]);
    });

    it('handles a chain of 500 nodes without deep recursion', () => {
      const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, label: `N${i}`, kind: 'stage' as const }));
      const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }));
      edges.push({ from: 'n499', to: 'n0' });
      expect([...backEdges({ nodes, edges })]).to.deep.equal([499]);
    });
  });

  describe('processFromPipeline', () => {
    it('draws start, the open stages, the decision and both ends', () => {
      const p = processFromPipeline(pipeline, { terms: { start: 'Begin', decision: 'Won?', yes: 'yes', no: 'no' } });
      expect(ids(p)).to.deep.equal([PROCESS_START_ID, 'lead', 'qualified', 'proposal', PROCESS_DECISION_ID, 'won', 'lost']);
      expect(p.nodes.map((n) => n.kind)).to.deep.equal(['start', 'stage', 'stage', 'stage', 'decision', 'end', 'end']);
      expect(p.nodes[0]!.label).to.equal('Begin');
      expect(p.nodes.find((n) => n.id === 'lost')).to.include({ outcome: 'lost', stageId: 'lost', label: 'Lost' });
      expect(pairs(p)).to.deep.equal([
        '_start>lead', 'lead>qualified', 'qualified>proposal', 'proposal>_decision', '_decision>won', '_decision>lost',
      ]);
      expect(p.edges.filter((e) => e.label).map((e) => [e.label, e.term])).to.deep.equal([['yes', 'yes'], ['no', 'no']]);
      expect(p.nodes.every((n) => n.lane === undefined)).to.equal(true);
    });

    it('draws deals lost before the last stage leaving from the stage they were lost in', () => {
      const lostEarly = [
        ...deals,
        deal('d5', 'lost', 'lost', visits(['lead', '2025-01-01', '2025-01-03'], ['lost', '2025-01-03'])),
        deal('d6', 'lost', 'lost', visits(['lead', '2025-01-01', '2025-01-02'], ['qualified', '2025-01-02', '2025-01-05'], ['proposal', '2025-01-05', '2025-01-07'], ['lost', '2025-01-07'])),
      ];
      const p = processFromPipeline(pipeline, { deals: lostEarly, terms: { lost: 'lost' } });
      // d2 was lost in Qualified (after going back), d5 in Lead; d6 in Proposal, the last stage, goes through the decision.
      expect(p.edges.filter((e) => e.term === 'lost').map((e) => `${e.from}>${e.to}:${e.count}`)).to.deep.equal(['qualified>lost:1', 'lead>lost:1']);
      expect(processMetrics(lostEarly, pipeline)[PROCESS_DECISION_ID]).to.include({ count: 2, conversion: 0.5 });
      expect(processFromPipeline(pipeline).edges.some((e) => e.term === 'lost')).to.equal(false);
    });

    it('adds a step back per stage when the policy allows going back, and the moves back the deals made', () => {
      const back = processFromPipeline({ ...pipeline, policy: { allowSkip: true, allowBackward: true } });
      expect(back.edges.filter((e) => e.back).map((e) => `${e.from}>${e.to}:${e.label}`)).to.deep.equal(['qualified>lead:back', 'proposal>qualified:back']);
      // The policy forbids it, but d2 went back anyway: the map shows what happened, with a count.
      const seen = processFromPipeline(pipeline, { deals, terms: { back: 'again' } });
      expect(seen.edges.filter((e) => e.back)).to.deep.equal([{ from: 'proposal', to: 'qualified', label: 'again', term: 'back', back: true, count: 1 }]);
      expect(backEdges(seen).size).to.equal(1);
    });

    it('renders every shipped template sensibly, in both languages', () => {
      const shapes: Record<string, string[]> = {};
      for (const template of PIPELINE_TEMPLATES) {
        const p = processFromPipeline(pipelineFromTemplate(template), {});
        shapes[template] = p.nodes.map((n) => n.kind[0]!);
        // Every node can be reached from the start and every edge joins two nodes.
        const reach = new Set([PROCESS_START_ID]);
        for (let changed = true; changed;) {
          changed = false;
          for (const e of p.edges) if (reach.has(e.from) && !reach.has(e.to)) changed = reach.add(e.to) !== undefined;
        }
        expect([...reach].sort(), template).to.deep.equal(ids(p).sort());
      }
      expect(shapes).to.deep.equal({
        l2c: ['s', 's', 's', 's', 's', 's', 's', 's', 's', 'd', 'e', 'e'],
        classic: ['s', 's', 's', 's', 's', 's', 's', 's', 'd', 'e', 'e'],
        'five-phase': ['s', 's', 's', 's', 's', 's', 'd', 'e', 'e'],
        aida: ['s', 's', 's', 's', 'e'],
        '5a': ['s', 's', 's', 's', 'e', 'e'],
      });
      // No lost stage, nothing to decide: the last stage leads to the win, and 5A's wins follow each other.
      expect(pairs(processFromPipeline(pipelineFromTemplate('5a')))).to.deep.equal(['_start>aware', 'aware>appeal', 'appeal>ask', 'ask>act', 'act>advocate']);
      const zh = processFromPipeline(pipelineFromTemplate('l2c'), { locale: 'zh-CN' });
      expect(zh.nodes[1]!.label).to.equal('线索');
    });

    it('puts blueprint items around each stage when asked', () => {
      const p = processFromPipeline(pipeline, {
        lanes: (s) => (s.id === 'lead' ? { evidence: 'Form', customer: 'Fills it in', support: 'CRM' } : s.id === 'qualified' ? undefined : { backstage: '  ' }),
      });
      expect(p.nodes.filter((n) => n.lane !== 'frontstage').map((n) => `${n.id}@${n.lane}`)).to.deep.equal([
        '_lane:lead:evidence@evidence', '_lane:lead:customer@customer', '_lane:lead:support@support',
      ]);
      expect(p.edges.filter((e) => e.term === 'lane').map((e) => `${e.from}>${e.to}`)).to.deep.equal([
        '_lane:lead:evidence>_lane:lead:customer', '_lane:lead:customer>lead', 'lead>_lane:lead:support',
      ]);
      const failing = processFromPipeline(pipeline, { lanes: () => { throw new Error('no'); } });
      expect(failing.nodes).to.have.length(7);
    });

    it('copes with odd pipelines', () => {
      const odd = { id: 'o', name: 'Odd', stages: [null, { id: 'a', label: '', kind: 'open' }, { id: 'a', label: 'A2', kind: 'open' }, { id: 'l', label: 'L', kind: 'lost' }] } as unknown as Pipeline;
      const p = processFromPipeline(odd);
      expect(ids(p)).to.deep.equal([PROCESS_START_ID, 'a', 'l']);
      expect(p.nodes[1]!.label).to.equal('a');
      expect(pairs(p)).to.deep.equal(['_start>a', 'a>l']);
      expect(processFromPipeline({ id: 'e', name: 'E', stages: 'x' } as unknown as Pipeline).nodes).to.have.length(1);
    });
  });

  describe('processMetrics', () => {
    it('gives every node the numbers of the funnel math', () => {
      const m = processMetrics(deals, pipeline);
      const mine = deals.filter((d) => d.pipelineId === 'sales');
      const funnel = funnelFromDeals(mine, pipeline);
      const times = timeInStage(mine, pipeline);
      expect(m.lead).to.deep.equal({ count: funnel[0]!.count, conversion: funnel[1]!.stepConversion, avgDays: times[0]!.mean });
      expect(m.qualified).to.deep.equal({ count: funnel[1]!.count, conversion: funnel[2]!.stepConversion, avgDays: times[1]!.mean });
      expect(m.proposal).to.deep.equal({ count: funnel[2]!.count, conversion: funnel[3]!.stepConversion, avgDays: times[2]!.mean });
      expect(m.lead!.count).to.equal(4);
      expect(m.proposal).to.deep.equal({ count: 2, conversion: 0.5, avgDays: 8 });
      expect(m[PROCESS_START_ID]).to.deep.equal({ count: 4, conversion: 1, avgDays: null });
      // The close: d1 won; d2 was lost in Qualified, before the last stage, so it never came to it.
      expect(m[PROCESS_DECISION_ID]).to.deep.equal({ count: 1, conversion: 1, avgDays: salesCycle(mine).mean });
      expect(winRate(mine)).to.equal(0.5);
      expect(m.won).to.deep.equal({ count: 1, conversion: null, avgDays: null });
      expect(m.lost).to.deep.equal({ count: 1, conversion: null, avgDays: null });
    });

    it('counts open visits up to `now` when given', () => {
      const m = processMetrics(deals, pipeline, { now: iso('2025-02-20') });
      expect(m.lead!.avgDays).to.equal(timeInStage(deals, pipeline, { now: iso('2025-02-20'), includeOpen: true })[0]!.mean);
      expect(m.lead!.avgDays).to.not.equal(processMetrics(deals, pipeline).lead!.avgDays);
    });

    it('chains several won stages (5A: act, then advocate)', () => {
      const five = pipelineFromTemplate('5a', { id: 'sales' });
      const m = processMetrics([
        deal('a', 'won', 'advocate', visits(['aware', '2025-01-01', '2025-01-02'], ['act', '2025-01-02', '2025-01-05'], ['advocate', '2025-01-05'])),
        deal('b', 'won', 'act', visits(['aware', '2025-01-01', '2025-01-03'], ['act', '2025-01-03'])),
        deal('c', 'open', 'aware', []),
      ], five);
      expect(m.act).to.deep.equal({ count: 2, conversion: 0.5, avgDays: null });
      expect(m.advocate).to.deep.equal({ count: 1, conversion: null, avgDays: null });
      expect(m[PROCESS_START_ID]!.count).to.equal(3);
    });

    it('is empty but defined without deals', () => {
      const m = processMetrics([], pipeline);
      expect(m.lead).to.deep.equal({ count: 0, conversion: null, avgDays: null });
      expect(m[PROCESS_START_ID]).to.deep.equal({ count: 0, conversion: null, avgDays: null });
      expect(m[PROCESS_DECISION_ID]!.conversion).to.equal(null);
    });
  });

  describe('findBottleneck', () => {
    const process = processFromPipeline(pipeline);
    it('is the stage with the lowest conversion, a tie going to the longer stay', () => {
      expect(findBottleneck(process, {
        lead: { count: 10, conversion: 0.5, avgDays: 2 },
        qualified: { count: 5, conversion: 0.4, avgDays: 3 },
        proposal: { count: 2, conversion: 0.4, avgDays: 9 },
        [PROCESS_DECISION_ID]: { count: 2, conversion: 0.9, avgDays: 1 },
      })).to.deep.equal({ nodeId: 'proposal', reason: 'conversion', value: 0.4 });
    });

    it('considers the close too, and says that the close picked it', () => {
      expect(findBottleneck(process, {
        lead: { count: 10, conversion: 0.5, avgDays: 2 },
        proposal: { count: 2, conversion: 0.4, avgDays: 9 },
        [PROCESS_DECISION_ID]: { count: 2, conversion: 0.1, avgDays: 40 },
      })).to.deep.equal({ nodeId: PROCESS_DECISION_ID, reason: 'close', value: 0.1 });
      // The sales cycle shown on the decision is not a stay there: days alone never pick the close.
      expect(findBottleneck(process, { [PROCESS_DECISION_ID]: { count: 2, conversion: null, avgDays: 40 }, lead: { count: 2, conversion: null, avgDays: 3 } }))
        .to.deep.equal({ nodeId: 'lead', reason: 'days', value: 3 });
    });

    it('falls back to the longest stay when no conversion is known, and skips empty stages', () => {
      expect(findBottleneck(process, {
        lead: { count: 3, conversion: null, avgDays: 2 },
        qualified: { count: 0, conversion: 0, avgDays: 30 },
        proposal: { count: 1, conversion: null, avgDays: 9 },
      })).to.deep.equal({ nodeId: 'proposal', reason: 'days', value: 9 });
      expect(findBottleneck(process, { lead: { count: 3, conversion: null, avgDays: null } })).to.equal(undefined);
      expect(findBottleneck(process, {})).to.equal(undefined);
    });
  });

  it('validateMetrics keeps good entries and names bad ones', () => {
    const { metrics, issues } = validateMetrics({
      a: { count: 3, conversion: 0.5, avgDays: 2 },
      b: { count: 1 },
      c: { count: -1, conversion: 'x', avgDays: 1 },
      d: 7,
    });
    expect(metrics).to.deep.equal({ a: { count: 3, conversion: 0.5, avgDays: 2 }, b: { count: 1, conversion: null, avgDays: null } });
    expect(issues.map((i) => [i.path, i.code])).to.deep.equal([['c.count', 'bad-count'], ['c.conversion', 'bad-conversion'], ['d', 'not-an-object']]);
    expect(validateMetrics([]).issues[0]!.code).to.equal('not-an-object');
  });
});
