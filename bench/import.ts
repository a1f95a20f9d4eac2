/**
 * The importer on the Salesforce sample export in ../shared/data (50 Opportunities, 60 Leads):
 * rows imported with and without the preset and a pipeline from the file's stage names, and the
 * weighted open pipeline as the export's Probability column states it (0 on most open stages)
 * against the imported deals' (open-stage zeros ignored). Reported only, no budget; a skipped row
 * when the data is not there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importDeals, importLeads, parseCsv, parseNumberCell, pipelineFromStages, pipelineFromTemplate, stagesFromCsv, weightedPipeline,
} from '../src/core/index.js';
import { expect, guarded, skippedRow } from './measure.js';
import type { BenchRow } from './types.js';

const NOW = '2024-02-01T00:00:00.000Z';
const money = (n: number) => `${(n / 1e6).toFixed(2)} M`;

/** Σ amount × Probability over open rows, as the export writes them (what importing the column as-is gives). */
function weightedAsExported(text: string): number {
  const { header, rows } = parseCsv(text);
  const at = (name: string) => header.indexOf(name);
  const [amount, probability, closed] = [at('Amount'), at('Probability'), at('IsClosed')];
  let sum = 0;
  for (const { cells } of rows) {
    if ((cells[closed] ?? '').trim() !== '') continue;
    sum += (parseNumberCell(cells[amount] ?? '') ?? 0) * ((parseNumberCell(cells[probability] ?? '') ?? 0) / 100);
  }
  return sum;
}

async function salesforceBench(): Promise<BenchRow[]> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'salesforce_sample_export_sfdc_assets');
  const file = join(dir, 'Opportunity.csv');
  if (!existsSync(file)) return [skippedRow('Salesforce sample export', `${dir} not found (real data is optional)`)];
  const text = readFileSync(file, 'utf8');
  const rows: BenchRow[] = [];
  const template = importDeals(text, { pipeline: pipelineFromTemplate('l2c'), now: NOW, preset: 'none' });
  rows.push({ name: 'Opportunity.csv into the l2c template, no preset', value: `${template.records.length} of ${template.rowCount} rows imported` });
  const pipeline = pipelineFromStages(stagesFromCsv(text), { id: 'salesforce', name: 'Salesforce' });
  const result = importDeals(text, { pipeline, now: NOW });
  expect(result.rowCount === 50, `read ${result.rowCount} rows`);
  const warned = (path: string) => result.warnings.filter((w) => w.path === path).length;
  rows.push({
    name: `Opportunity.csv, preset ${result.preset ?? 'none'}, pipeline from its ${pipeline.stages.length} stage names`,
    value: `${result.records.length} of ${result.rowCount} rows imported; warnings: ${warned('createdAt')} closed before created, ${warned('probability')} zero probabilities ignored`,
  });
  const before = weightedAsExported(text);
  const after = weightedPipeline(result.records, pipeline);
  rows.push({ name: 'Opportunity.csv weighted open pipeline', value: `${money(before)} with the export's Probability as written, ${money(after.weighted)} imported (open value ${money(after.total)})` });
  const leads = importLeads(readFileSync(join(dir, 'Lead.csv'), 'utf8'), { now: NOW });
  rows.push({ name: `Lead.csv, preset ${leads.preset ?? 'none'}`, value: `${leads.records.length} of ${leads.rowCount} rows imported, ${leads.unsure.length} unsure columns` });
  return rows;
}

/** The import bench: the Salesforce sample, when ../shared/data has it. */
export async function bench(): Promise<BenchRow[]> {
  return guarded('Salesforce sample export', salesforceBench);
}
