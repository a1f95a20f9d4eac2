/**
 * Sample CSV files to try the import with: generated leads or deals with CRM-style headers, and one
 * deliberately bad line, so the report shows both sides. No DOM here: the end-to-end test uses it too.
 */
import { findStage, openStages, stageLabel, toCsv, type Pipeline } from '../src/core/index.js';
import { generateDataset } from '../test/generate.js';

/** A sample file and the line that must be rejected. */
export interface SampleCsv {
  name: string;
  text: string;
  rows: number;
  badLine: number;
}

/** `rows` generated leads (Salesforce-like headers); data row `badRow` (1-based) has an invalid e-mail. */
export function sampleLeadsCsv(rows = 12, badRow = 5, seed = 99): SampleCsv {
  const { leads } = generateDataset({ seed, deals: 0, leads: rows });
  const bad = leads[badRow - 1];
  if (bad) bad.email = 'not-an-email';
  const text = toCsv(leads, [
    { key: 'name', header: 'Full Name' },
    { key: 'email', header: 'Email' },
    { key: 'company', header: 'Company' },
    { key: 'industry', header: 'Industry' },
    { key: 'companySize', header: 'Employees' },
    { key: 'region', header: 'Region' },
    { key: 'source.utm_source', header: 'Lead Source' },
    { key: 'source.utm_campaign', header: 'utm_campaign' },
    { key: 'status', header: 'Lead Status' },
  ]);
  // Line 1 is the header, so data row n is on line n + 1.
  return { name: 'sample-leads.csv', text, rows, badLine: badRow + 1 };
}

/** `rows` generated deals for `pipeline` (stage names as a CRM exports them); data row `badRow` has an unknown stage. */
export function sampleDealsCsv(pipeline: Pipeline, rows = 12, badRow = 5, seed = 98): SampleCsv {
  const { deals } = generateDataset({ seed, deals: rows * 3, leads: 0, templates: ['l2c'] });
  const open = openStages(pipeline);
  const records = deals.slice(0, rows).map((deal, i) => {
    const stage = open[i % Math.max(1, open.length)] ?? findStage(pipeline, deal.stageId);
    return {
      title: deal.title,
      value: deal.value,
      stage: i === badRow - 1 ? 'Moonshot' : stage ? stageLabel(stage, 'en') : '',
      expectedClose: deal.expectedClose,
      ownerId: deal.ownerId,
    };
  });
  const text = toCsv(records, [
    { key: 'title', header: 'Opportunity Name' },
    { key: 'value', header: 'Amount' },
    { key: 'stage', header: 'Stage' },
    { key: 'expectedClose', header: 'Close Date' },
    { key: 'ownerId', header: 'Owner' },
  ]);
  return { name: `sample-deals-${pipeline.id}.csv`, text, rows, badLine: badRow + 1 };
}
