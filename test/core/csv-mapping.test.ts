import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  CSV_PRESETS, detectPreset, importDeals, importLeads, mapColumns, parseCsv, pipelineFromStages, stagesFromCsv, toCsv,
} from '../../src/core/csv.js';
import { weightedPipeline } from '../../src/core/funnel.js';

const NOW = '2024-02-01T00:00:00.000Z';

function ids(): () => string {
  let n = 0;
  return () => `gen-${++n}`;
}

const opts = () => ({ now: NOW, newId: ids() });

/** A bank-marketing-shaped file: `contact` is the channel (cellular/telephone), `campaign` a count of calls. */
function bankCsv(rows: number): string {
  const lines = ['"age";"job";"marital";"contact";"month";"campaign";"y"'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${30 + (i % 40)};"${i % 3 ? 'admin.' : 'services'}";"married";"${i % 2 ? 'cellular' : 'telephone'}";"may";${1 + (i % 4)};"${i % 5 ? 'no' : 'yes'}"`);
  }
  return lines.join('\n');
}

const SF_STAGES = [
  ['Qualification', 10, '', ''], ['Discovery', 0, '', ''], ['Proposal/Quote', 0, '', ''], ['Negotiation', 0, '', ''],
  ['Closed Won', 100, '1', '1'], ['Closed Lost', 0, '1', ''],
] as const;

/**
 * A Salesforce-Opportunity-shaped export of `rows` deals (API names and system columns as Data
 * Export writes them): closed deals close in 2023 but were all created on the backfill date, and
 * open stages other than Qualification carry Probability 0.
 */
function salesforceOpportunities(rows: number): { text: string; open: number; amounts: number[] } {
  const header = 'Id,IsDeleted,AccountId,Name,Description,StageName,Amount,Probability,CloseDate,Type,NextStep,LeadSource,IsClosed,IsWon,ForecastCategory,ForecastCategoryName,OwnerId,CreatedDate,CreatedById,LastModifiedDate,SystemModstamp,FiscalQuarter,FiscalYear,External_id__c';
  const lines = [header];
  const amounts: number[] = [];
  let open = 0;
  for (let i = 0; i < rows; i++) {
    const [stage, p, closed, won] = SF_STAGES[i % SF_STAGES.length]!;
    const amount = 1000 * (i + 1);
    amounts.push(amount);
    if (closed === '') open++;
    const close = closed ? `2023-0${1 + (i % 9)}-15` : '2024-11-10';
    lines.push(`006X${i},,001X${i % 7},Account ${i} - Loans,,${stage},${amount}.00,${p},${close},,,,${closed},${won},${closed ? 'Closed' : 'Pipeline'},${closed ? 'Closed' : 'Pipeline'},005A,2024-01-22T16:14:25.000+0000,005A,2024-01-22T16:14:25.000+0000,2024-01-22T16:14:25.000+0000,4,2024,ext_${i}`);
  }
  return { text: `\uFEFF${lines.join('\n')}`, open, amounts };
}

describe('core/csv: mapColumns', () => {
  it('does not map a bank file\'s contact channel to the lead\'s name, nor its call count to a campaign', () => {
    const parsed = parseCsv(bankCsv(40));
    const map = mapColumns(parsed.header, 'leads', { rows: parsed.rows.map((r) => r.cells) });
    const contact = map.columns.find((c) => c.header === 'contact');
    expect(contact).to.deep.include({ field: 'custom.contact', how: 'custom', unsure: true, suggested: 'name', sample: 'telephone' });
    expect(map.columns.find((c) => c.header === 'campaign')).to.deep.include({ field: 'custom.campaign', unsure: true, suggested: 'source.campaign' });
    expect(map.unsure).to.deep.equal(['contact', 'campaign']);
    expect(map.columns.some((c) => c.field === 'name')).to.equal(false);
    const imported = importLeads(bankCsv(40), opts());
    expect(imported.records).to.have.length(40);
    expect(imported.records.every((l) => l.name === undefined && (l.custom?.contact === 'cellular' || l.custom?.contact === 'telephone'))).to.equal(true);
    expect(imported.warnings.map((w) => [w.line, w.message])).to.deep.equal([
      [1, 'Column "contact" is named like name but its values do not look like it, so it was not mapped there.'],
      [1, 'Column "campaign" is named like source.campaign but its values do not look like it, so it was not mapped there.'],
    ]);
  });

  it('maps a generic name whose values fit, and marks it unsure; exact aliases are sure', () => {
    const text = 'Contact,E-mail,Status\nAda Lovelace,ada@x.example,MQL\nGrace Hopper,grace@x.example,New\nAlan Turing,alan@x.example,Working\nEdsger Dijkstra,ed@x.example,New\nBarbara Liskov,bl@x.example,MQL\n';
    const parsed = parseCsv(text);
    const map = mapColumns(parsed.header, 'leads', { rows: parsed.rows.map((r) => r.cells) });
    expect(map.columns.map((c) => [c.header, c.field, c.how, c.unsure])).to.deep.equal([
      ['Contact', 'name', 'generic', true], ['E-mail', 'email', 'alias', false], ['Status', 'status', 'generic', true],
    ]);
    // Foreign statuses (an account's Active/Inactive) do not become lead statuses that reject every row.
    const foreign = importLeads('Name,Status\nA,Active\nB,Inactive\nC,Active\n', opts());
    expect(foreign.errors).to.deep.equal([]);
    expect(foreign.records.map((l) => [l.status, l.custom?.Status])).to.deep.equal([['new', 'Active'], ['new', 'Inactive'], ['new', 'Active']]);
  });

  it('lets the caller\'s mapping win and keeps deal names generic without a preset', () => {
    const map = mapColumns(['Name', 'Amount', 'Stage'], 'deals', { mapping: { Amount: null } });
    expect(map.columns.map((c) => [c.field, c.how, c.unsure])).to.deep.equal([['title', 'generic', true], [null, 'mapping', false], ['stageId', 'generic', true]]);
  });

  it('detects each preset from its own export headers and only for its kind', () => {
    expect(detectPreset(parseCsv(salesforceOpportunities(1).text).header)?.id).to.equal('salesforce-opportunity');
    expect(detectPreset(['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date', 'Create Date', 'Deal owner', 'Pipeline'])?.id).to.equal('hubspot-deal');
    expect(detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Lifecycle Stage', 'Lead Status', 'Contact owner', 'Create Date'])?.id).to.equal('hubspot-contact');
    expect(detectPreset(['Id', 'LastName', 'FirstName', 'Company', 'LeadSource', 'Status', 'IsConverted', 'ConvertedDate'])?.id).to.equal('salesforce-lead');
    expect(detectPreset(['Id', 'LastName', 'FirstName', 'Company', 'LeadSource', 'Status', 'IsConverted'], 'deals')).to.equal(undefined);
    expect(detectPreset(['Name', 'Email', 'Phone'])).to.equal(undefined);
    for (const preset of CSV_PRESETS) expect(detectPreset(preset.signature, preset.kind)?.id).to.equal(preset.id);
  });

  it('imports a HubSpot contacts export with its lifecycle stages as statuses', () => {
    const text = 'Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Lead Status,Contact owner,Create Date\n'
      + '101,Ada,Lovelace,ada@x.example,+44 20 7946 0000,Marketing Qualified Lead,Open,ada.owner@x.example,2024-01-05 10:00\n'
      + '102,Grace,Hopper,grace@x.example,,Subscriber,New,,2024-01-06 11:30\n';
    const r = importLeads(text, opts());
    expect(r.preset).to.equal('hubspot-contact');
    expect(r.errors).to.deep.equal([]);
    expect(r.records.map((l) => [l.id, l.name, l.status, l.custom?.leadStatus, l.createdAt])).to.deep.equal([
      ['101', 'Ada Lovelace', 'mql', 'Open', '2024-01-05T10:00:00.000Z'], ['102', 'Grace Hopper', 'new', 'New', '2024-01-06T11:30:00.000Z'],
    ]);
  });
});

describe('core/csv: pipelineFromStages', () => {
  it('builds a Salesforce export\'s pipeline: usual order, won and lost detected, 0 probabilities ignored', () => {
    const { text } = salesforceOpportunities(12);
    const pipeline = pipelineFromStages(stagesFromCsv(text), { id: 'sf', name: 'From Salesforce' });
    expect(pipeline.stages.map((s) => [s.id, s.kind, s.probability])).to.deep.equal([
      ['qualification', 'open', 0.1], ['discovery', 'open', 0.4], ['proposal-quote', 'open', 0.6], ['negotiation', 'open', 0.8],
      ['closed-won', 'won', 1], ['closed-lost', 'lost', 0],
    ]);
  });

  it('builds a HubSpot deals export\'s pipeline in its probability order, or the usual order without one', () => {
    const stages = ['Contract Sent', 'Appointment Scheduled', 'Closed Won', 'Decision Maker Bought-In', 'Qualified To Buy', 'Presentation Scheduled', 'Closed Lost'];
    const probability: Record<string, number> = {
      'Appointment Scheduled': 0.2, 'Qualified To Buy': 0.4, 'Presentation Scheduled': 0.6, 'Decision Maker Bought-In': 0.8, 'Contract Sent': 0.9,
      'Closed Won': 1, 'Closed Lost': 0,
    };
    const lines = ['Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline,Deal probability'];
    stages.forEach((s, i) => lines.push(`${900 + i},Deal ${i},${s},${(i + 1) * 500},2024-0${i + 1}-28,2024-01-0${i + 1},Ana,Sales Pipeline,${probability[s]}`));
    const text = lines.join('\n');
    const expected = ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent', 'Closed Won', 'Closed Lost'];
    const byProbability = pipelineFromStages(stagesFromCsv(text), { id: 'hs', name: 'HubSpot' });
    expect(byProbability.stages.map((s) => s.label)).to.deep.equal(expected);
    expect(byProbability.stages.map((s) => s.probability)).to.deep.equal([0.2, 0.4, 0.6, 0.8, 0.9, 1, 0]);
    expect(pipelineFromStages(stages, { id: 'hs', name: 'HubSpot' }).stages.map((s) => s.label)).to.deep.equal(expected);
    const r = importDeals(text, { ...opts(), pipeline: byProbability });
    expect([r.preset, r.errors, r.records.length]).to.deep.equal(['hubspot-deal', [], 7]);
    expect(r.records.map((d) => d.status)).to.deep.equal(['open', 'open', 'won', 'open', 'open', 'open', 'lost']);
    expect(r.records[0]).to.deep.include({ id: '900', title: 'Deal 0', ownerId: 'Ana', value: 500, probability: 0.9, Pipeline: 'Sales Pipeline' });
  });

  it('detects won and lost by name without flags, and keeps first appearance for unusual names', () => {
    const p = pipelineFromStages(['Intro call', 'closedwon', 'Sent offer', 'Lost', 'intro  call', 'Pilot'], { id: 'p', name: 'P' });
    expect(p.stages.map((s) => [s.label, s.kind])).to.deep.equal([
      ['Intro call', 'open'], ['Sent offer', 'open'], ['Pilot', 'open'], ['closedwon', 'won'], ['Lost', 'lost'],
    ]);
    expect(p.stages.slice(0, 3).map((s) => s.probability)).to.deep.equal([0.25, 0.5, 0.75]);
  });

  it('orders open stages by probability when every one has one, with won and lost last (property)', () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{2,8}$/), { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() });
    fc.assert(fc.property(names, fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 6, maxLength: 6 }), (labels, probs) => {
      const open = labels.filter((l) => !/^(won|lost)/i.test(l));
      const input = [...open.map((stage, i) => ({ stage, probability: probs[i] })), { stage: 'Closed Lost' }, { stage: 'Closed Won' }];
      const p = pipelineFromStages(input, { id: 'p', name: 'P' });
      const openStages = p.stages.filter((s) => s.kind === 'open');
      expect(openStages).to.have.length(open.length);
      for (let i = 1; i < openStages.length; i++) expect(openStages[i]!.probability).to.be.at.least(openStages[i - 1]!.probability);
      expect(p.stages.slice(-2).map((s) => s.kind)).to.deep.equal(['won', 'lost']);
      expect(new Set(p.stages.map((s) => s.id)).size).to.equal(p.stages.length);
    }));
  });
});

describe('core/csv: importing a Salesforce Opportunity export', () => {
  it('imports every row with the preset and a pipeline from its stages, warning by line and field', () => {
    const { text, open, amounts } = salesforceOpportunities(24);
    const pipeline = pipelineFromStages(stagesFromCsv(text), { id: 'sf', name: 'From Salesforce' });
    const r = importDeals(text, { ...opts(), pipeline });
    expect(r.preset).to.equal('salesforce-opportunity');
    expect(r.errors).to.deep.equal([]);
    expect(r.records).to.have.length(24);
    expect(r.records.map((d) => d.value)).to.deep.equal(amounts);
    // Line 2 is Qualification (kept: 10 %), line 3 Discovery (0 on an open stage), line 6 Closed Won (closed before created).
    expect(r.warnings.filter((w) => w.line <= 7)).to.deep.equal([
      { line: 3, path: 'probability', message: 'is 0 on an open stage, so it was ignored and the stage\'s probability applies' },
      { line: 4, path: 'probability', message: 'is 0 on an open stage, so it was ignored and the stage\'s probability applies' },
      { line: 5, path: 'probability', message: 'is 0 on an open stage, so it was ignored and the stage\'s probability applies' },
      { line: 6, path: 'createdAt', message: '2024-01-22T16:14:25.000Z is after the close date 2023-05-15T00:00:00.000Z (a backfilled creation date?), so createdAt was set to the close date' },
      { line: 7, path: 'createdAt', message: '2024-01-22T16:14:25.000Z is after the close date 2023-06-15T00:00:00.000Z (a backfilled creation date?), so createdAt was set to the close date' },
    ]);
    const won = r.records.find((d) => d.id === '006X4');
    expect([won?.status, won?.createdAt, won?.closedAt]).to.deep.equal(['won', '2023-05-15T00:00:00.000Z', '2023-05-15T00:00:00.000Z']);
    // Without the zeros the open pipeline weighs each deal by its stage: every open deal counts.
    const weighted = weightedPipeline(r.records, pipeline);
    expect(weighted.byStage.reduce((n, s) => n + s.count, 0)).to.equal(open);
    expect(weighted.byStage.every((s) => s.weighted > 0)).to.equal(true);
    // System columns are left out by the preset rather than stored on every deal.
    expect(r.records[0]).to.not.have.property('SystemModstamp');
    expect(r.records[0]).to.have.property('External_id__c', 'ext_0');
  });

  it('rejects nothing already valid: the same rows round-trip through toCsv', () => {
    const { text } = salesforceOpportunities(6);
    const pipeline = pipelineFromStages(stagesFromCsv(text), { id: 'sf', name: 'SF' });
    const first = importDeals(text, { ...opts(), pipeline });
    const again = importDeals(toCsv(first.records, [
      { key: 'id', header: 'Id' }, { key: 'title', header: 'Name' }, { key: 'stageId', header: 'StageName' }, { key: 'value', header: 'Amount' },
      { key: 'createdAt', header: 'CreatedDate' }, { key: 'closedAt', header: 'Closed Date' }, { key: 'AccountId', header: 'AccountId' },
      { key: 'IsClosed', header: 'IsClosed' }, { key: 'IsWon', header: 'IsWon' },
    ]), { ...opts(), pipeline });
    expect(again.errors).to.deep.equal([]);
    expect(again.warnings).to.deep.equal([]);
    expect(again.records.map((d) => [d.id, d.stageId, d.value, d.createdAt])).to.deep.equal(first.records.map((d) => [d.id, d.stageId, d.value, d.createdAt]));
  });
});
