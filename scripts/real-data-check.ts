/**
 * Real data through the CSV importer into the funnel math, checked against an independent
 * calculation (scripts/real-data-check.py, Python standard library only). Not part of npm test:
 * the data in ../shared/data has no confirmed licence, is read in place and never copied here.
 *
 *   npx tsx scripts/real-data-check.ts [DATA_DIR]
 *
 * DATA_DIR defaults to ../shared/data next to the repository (or $L2C_SHARED_DATA). When it is
 * missing the script says "skipped" and exits 0. It exits 1 when any figure differs: counts must
 * match exactly, ratios within 1e-9, other figures (days, money) within 1e-9 relative.
 *
 * maven_crm_sales_opportunities/sales_pipeline.csv goes through importDeals into a four-stage
 * pipeline (Prospecting, Engaging, Won, Lost). The importer gives each deal a one-visit history of
 * its current stage, so "reached" is reported twice: as imported (a Won deal reached only Won), and
 * with histories derived from the dates (every deal passed Prospecting, a deal with an engage_date
 * passed Engaging at that date, a closed deal left Engaging at its close_date), which is what the
 * data dictionary says: "Prospecting > Engaging > Won / Lost".
 *
 * olist_marketing_funnel: the MQL file goes through importLeads (origin -> source.utm_source);
 * the closed-deals file through parseCsv and parseDateCell, joined on mql_id; the MQL -> closed
 * funnel comes from funnelFromCounts, the days from first contact to won date from salesCycle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  funnelFromCounts,
  funnelFromDeals,
  headerKey,
  importDeals,
  importLeads,
  median,
  parseCsv,
  parseDateCell,
  parseNumberCell,
  salesCycle,
  velocity,
  weightedPipeline,
  winRate,
  type CsvError,
  type Deal,
  type FunnelStep,
  type Pipeline,
  type StageVisit,
  type Summary,
} from '../src/core/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(process.argv[2] ?? process.env.L2C_SHARED_DATA ?? join(HERE, '..', '..', 'shared', 'data'));
const MAVEN = join(DATA, 'maven_crm_sales_opportunities');
const OLIST = join(DATA, 'olist_marketing_funnel');
/** The import time: createdAt of rows without one. Just after the Maven data ends, and fixed so runs repeat. */
const NOW = '2018-01-01T00:00:00.000Z';
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Figures to compare

type Kind = 'count' | 'ratio' | 'real';
const figures = new Map<string, { value: number | null; kind: Kind }>();

function put(key: string, value: number | null | undefined, kind: Kind): void {
  figures.set(key, { value: value ?? null, kind });
}

function putSummary(prefix: string, s: Summary): void {
  put(`${prefix}.count`, s.count, 'count');
  for (const k of ['mean', 'median', 'p90', 'min', 'max'] as const) put(`${prefix}.${k}`, s[k], 'real');
}

function putFunnel(prefix: string, steps: readonly FunnelStep[]): void {
  for (const step of steps) {
    const key = `${prefix}.${step.id}`;
    put(`${key}.count`, step.count, 'count');
    put(`${key}.value`, step.value, 'real');
    put(`${key}.stepConversion`, step.stepConversion, 'ratio');
    put(`${key}.cumulativeConversion`, step.cumulativeConversion, 'ratio');
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const fmt = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined ? '-' : Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits);
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(2)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

function printFunnel(title: string, steps: readonly FunnelStep[]): void {
  console.log(`\n  ${title}`);
  table(['step', 'count', 'value', 'step conv.', 'cumulative', 'drop-off'],
    steps.map((s) => [s.id, fmt(s.count), fmt(s.value, 0), pct(s.stepConversion), pct(s.cumulativeConversion), fmt(s.dropOff)]), '    ');
}

function printErrors(errors: readonly CsvError[]): void {
  if (errors.length === 0) {
    console.log('  line errors: none');
    return;
  }
  console.log(`  line errors: ${errors.length}; the first few:`);
  for (const e of errors.slice(0, 5)) console.log(`    line ${e.line}: ${e.path ? `${e.path} ` : ''}${e.message}`);
}

// ---------------------------------------------------------------------------------------------
// Maven CRM sales opportunities

const MAVEN_PIPELINE: Pipeline = {
  id: 'maven',
  name: 'Maven CRM',
  currency: 'USD',
  stages: [
    // Illustrative probabilities for the weighted pipeline; the data set has none.
    { id: 'prospecting', label: 'Prospecting', kind: 'open', probability: 0.1 },
    { id: 'engaging', label: 'Engaging', kind: 'open', probability: 0.5 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

/** Stage history from the dates: Prospecting, then Engaging at engage_date, then the close. */
function derivedHistory(deal: Deal): StageVisit[] {
  if (deal.stageId === 'prospecting') return [{ stageId: 'prospecting', enteredAt: deal.createdAt }];
  // engage_date is createdAt; the data has no earlier date, so Prospecting is a visit of no length.
  const engaged = deal.createdAt;
  const history: StageVisit[] = [
    { stageId: 'prospecting', enteredAt: engaged, leftAt: engaged },
    { stageId: 'engaging', enteredAt: engaged },
  ];
  if (deal.status !== 'open' && deal.closedAt !== undefined) {
    history[1]!.leftAt = deal.closedAt;
    history.push({ stageId: deal.stageId, enteredAt: deal.closedAt, leftAt: deal.closedAt });
  }
  return history;
}

function maven(): void {
  console.log('\n== maven_crm_sales_opportunities/sales_pipeline.csv -> importDeals -> funnel math ==');
  const text = readFileSync(join(MAVEN, 'sales_pipeline.csv'), 'utf8');
  // The importer's aliases already cover every header (opportunity_id, sales_agent, deal_stage,
  // engage_date, close_date, close_value); product is kept as an extra field.
  const result = importDeals(text, { pipeline: MAVEN_PIPELINE, now: NOW });
  const deals = result.records;
  console.log(`  rows read: ${fmt(result.rowCount)}, imported: ${fmt(deals.length)}, rejected: ${fmt(result.rowCount - deals.length)} (delimiter ${JSON.stringify(result.delimiter)})`);
  printErrors(result.errors);
  console.log(`  mapping: ${Object.entries(result.mapping).map(([h, f]) => `${h} -> ${f ?? '(ignored)'}`).join(', ')}`);
  console.log(`  unmapped (kept as extra fields): ${result.unmapped.join(', ') || 'none'}`);
  put('maven.rows', result.rowCount, 'count');
  put('maven.imported', deals.length, 'count');
  put('maven.rejected', result.rowCount - deals.length, 'count');

  const byStatus = (s: Deal['status']): number => deals.filter((d) => d.status === s).length;
  put('maven.status.open', byStatus('open'), 'count');
  put('maven.status.won', byStatus('won'), 'count');
  put('maven.status.lost', byStatus('lost'), 'count');
  const noAccount = deals.filter((d) => d.account === undefined).length;
  const noEngage = deals.filter((d) => d.createdAt === NOW).length;
  put('maven.accountMissing', noAccount, 'count');
  put('maven.engageDateMissing', noEngage, 'count');
  console.log(`  status: open ${fmt(byStatus('open'))}, won ${fmt(byStatus('won'))}, lost ${fmt(byStatus('lost'))}`);
  console.log(`  empty account: ${fmt(noAccount)} (title falls back to the opportunity id); no engage_date: ${fmt(noEngage)} (createdAt = import time ${NOW})`);

  const imported = { any: funnelFromDeals(deals, MAVEN_PIPELINE, { mode: 'any' }), strict: funnelFromDeals(deals, MAVEN_PIPELINE, { mode: 'strict' }) };
  printFunnel('funnel as imported, any (a deal reached only its current stage):', imported.any);
  printFunnel('funnel as imported, strict:', imported.strict);
  putFunnel('maven.funnel.imported.any', imported.any);
  putFunnel('maven.funnel.imported.strict', imported.strict);

  const derivedDeals = deals.map((d) => ({ ...d, history: derivedHistory(d) }));
  const derived = { any: funnelFromDeals(derivedDeals, MAVEN_PIPELINE, { mode: 'any' }), strict: funnelFromDeals(derivedDeals, MAVEN_PIPELINE, { mode: 'strict' }) };
  printFunnel('funnel with histories derived from engage_date/close_date, any:', derived.any);
  printFunnel('funnel with derived histories, strict:', derived.strict);
  putFunnel('maven.funnel.derived.any', derived.any);
  putFunnel('maven.funnel.derived.strict', derived.strict);

  const rate = winRate(deals);
  put('maven.winRate', rate, 'ratio');
  const wonCycle = salesCycle(deals, { status: 'won' });
  const closedCycle = salesCycle(deals, { status: 'closed' });
  putSummary('maven.cycle.won', wonCycle);
  putSummary('maven.cycle.closed', closedCycle);
  console.log(`\n  win rate (won / (won + lost)): ${pct(rate)} (${fmt(rate, 6)})`);
  const cycleLine = (s: Summary): string =>
    `n ${fmt(s.count)}, median ${fmt(s.median, 1)}, p90 ${fmt(s.p90, 1)}, mean ${fmt(s.mean, 2)}, min ${fmt(s.min)}, max ${fmt(s.max)} days`;
  console.log(`  sales cycle, won (engage_date -> close_date): ${cycleLine(wonCycle)}`);
  console.log(`  sales cycle, won + lost:                      ${cycleLine(closedCycle)}`);

  const v = velocity(deals, MAVEN_PIPELINE);
  put('maven.averageWonValue', v.averageWonValue, 'real');
  put('maven.velocity.openDeals', v.openDeals, 'count');
  put('maven.velocity.averageCycleDays', v.averageCycleDays, 'real');
  put('maven.velocity.perDay', v.perDay, 'real');
  console.log(`  average won value: ${fmt(v.averageWonValue, 2)} USD`);
  console.log(`  velocity: ${fmt(v.openDeals)} open x ${fmt(v.winRate, 4)} x ${fmt(v.averageWonValue, 2)} / ${fmt(v.averageCycleDays, 2)} days = ${fmt(v.perDay, 2)} USD per day`);

  const asImported = weightedPipeline(deals, MAVEN_PIPELINE);
  put('maven.weighted.imported.total', asImported.total, 'real');
  put('maven.weighted.imported.weighted', asImported.weighted, 'real');
  console.log(`  weighted pipeline as imported: total ${fmt(asImported.total)}, weighted ${fmt(asImported.weighted)} (open deals have no close_value, so value 0)`);

  // Open deals valued at their product's list price; names joined by headerKey ("GTXPro" = "GTX Pro").
  const products = parseCsv(readFileSync(join(MAVEN, 'products.csv'), 'utf8'));
  const nameAt = products.header.indexOf('product');
  const priceAt = products.header.indexOf('sales_price');
  const exact = new Map(products.rows.map((r) => [r.cells[nameAt]!, parseNumberCell(r.cells[priceAt]!) ?? 0]));
  const loose = new Map(products.rows.map((r) => [headerKey(r.cells[nameAt]!), parseNumberCell(r.cells[priceAt]!) ?? 0]));
  const productOf = (d: Deal): string => String(d.product ?? '');
  put('maven.products.unmatchedExact', deals.filter((d) => !exact.has(productOf(d))).length, 'count');
  put('maven.products.unmatchedLoose', deals.filter((d) => !loose.has(headerKey(productOf(d)))).length, 'count');
  const priced = deals.map((d) => (d.status === 'open' ? { ...d, value: loose.get(headerKey(productOf(d))) ?? 0 } : d));
  const listPrice = weightedPipeline(priced, MAVEN_PIPELINE);
  put('maven.weighted.listPrice.total', listPrice.total, 'real');
  put('maven.weighted.listPrice.weighted', listPrice.weighted, 'real');
  for (const s of listPrice.byStage) {
    put(`maven.weighted.listPrice.${s.stageId}.count`, s.count, 'count');
    put(`maven.weighted.listPrice.${s.stageId}.value`, s.value, 'real');
    put(`maven.weighted.listPrice.${s.stageId}.weighted`, s.weighted, 'real');
  }
  console.log(`  weighted pipeline at product list price (products.csv; probabilities Prospecting 0.1, Engaging 0.5, illustrative):`);
  table(['stage', 'open deals', 'value', 'weighted'], [
    ...listPrice.byStage.map((s) => [s.stageId, fmt(s.count), fmt(s.value, 2), fmt(s.weighted, 2)]),
    ['total', '', fmt(listPrice.total, 2), fmt(listPrice.weighted, 2)],
  ], '    ');
}

// ---------------------------------------------------------------------------------------------
// Olist marketing funnel

function olist(): void {
  console.log('\n== olist_marketing_funnel: MQLs -> importLeads, closed deals -> parseCsv, joined on mql_id ==');
  const leadsResult = importLeads(readFileSync(join(OLIST, 'olist_marketing_qualified_leads_dataset.csv'), 'utf8'), {
    now: NOW,
    // origin -> source.utm_source comes from the aliases; these three need saying.
    mapping: { mql_id: 'id', first_contact_date: 'createdAt', landing_page_id: 'custom.landing_page_id' },
  });
  const leads = leadsResult.records;
  console.log(`  MQL rows read: ${fmt(leadsResult.rowCount)}, imported: ${fmt(leads.length)}, rejected: ${fmt(leadsResult.rowCount - leads.length)}`);
  printErrors(leadsResult.errors);
  console.log(`  mapping: ${Object.entries(leadsResult.mapping).map(([h, f]) => `${h} -> ${f ?? '(ignored)'}`).join(', ')}`);
  put('olist.mql.rows', leadsResult.rowCount, 'count');
  put('olist.mql.imported', leads.length, 'count');
  put('olist.mql.rejected', leadsResult.rowCount - leads.length, 'count');
  const originOf = (l: (typeof leads)[number]): string => l.source?.utm_source ?? '(none)';
  const originEmpty = leads.filter((l) => l.source?.utm_source === undefined).length;
  const originUnknown = leads.filter((l) => l.source?.utm_source === 'unknown').length;
  put('olist.mql.originEmpty', originEmpty, 'count');
  put('olist.mql.originUnknown', originUnknown, 'count');
  console.log(`  origin empty: ${fmt(originEmpty)} (no source); origin "unknown": ${fmt(originUnknown)} (not a default placeholder, so kept as a value)`);

  const closed = parseCsv(readFileSync(join(OLIST, 'olist_closed_deals_dataset.csv'), 'utf8'));
  const col = (name: string): number => closed.header.indexOf(name);
  const [mqlAt, wonAt, sellerAt] = [col('mql_id'), col('won_date'), col('seller_id')];
  const leadById = new Map(leads.map((l) => [l.id, l]));
  const wonDeals: Deal[] = [];
  const badDates: string[] = [];
  let unjoined = 0;
  for (const { line, cells } of closed.rows) {
    const lead = leadById.get(cells[mqlAt]!);
    if (!lead) {
      unjoined++;
      continue;
    }
    const won = parseDateCell(cells[wonAt]!, { dateTime: true });
    if (!won.ok) {
      badDates.push(`line ${line}: won_date ${won.message}`);
      continue;
    }
    wonDeals.push({
      id: cells[sellerAt]!, title: cells[sellerAt]!, value: 0, currency: 'BRL', pipelineId: 'olist', stageId: 'won', status: 'won',
      leadId: lead.id, createdAt: lead.createdAt, updatedAt: won.value, closedAt: won.value,
      history: [{ stageId: 'mql', enteredAt: lead.createdAt, leftAt: won.value }],
    });
  }
  console.log(`  closed-deal rows read: ${fmt(closed.rowCount)}, parse errors: ${closed.errors.length}, joined to an imported MQL: ${fmt(wonDeals.length)}, not joined: ${fmt(unjoined)}, unreadable won_date: ${badDates.length}`);
  for (const b of badDates.slice(0, 5)) console.log(`    ${b}`);
  put('olist.closed.rows', closed.rowCount, 'count');
  put('olist.closed.joined', wonDeals.length, 'count');

  const steps = funnelFromCounts([{ id: 'mql', count: leads.length }, { id: 'closed', count: wonDeals.length }]);
  printFunnel('funnel (funnelFromCounts):', steps);
  put('olist.funnel.mql.count', steps[0]!.count, 'count');
  put('olist.funnel.closed.count', steps[1]!.count, 'count');
  put('olist.funnel.closed.stepConversion', steps[1]!.stepConversion, 'ratio');

  const closedIds = new Set(wonDeals.map((d) => d.leadId));
  const byOrigin = new Map<string, { mql: number; closed: number }>();
  for (const lead of leads) {
    const o = byOrigin.get(originOf(lead)) ?? { mql: 0, closed: 0 };
    o.mql++;
    if (closedIds.has(lead.id)) o.closed++;
    byOrigin.set(originOf(lead), o);
  }
  const origins = [...byOrigin.entries()].sort((a, b) => b[1].mql - a[1].mql);
  const originRows = origins.map(([origin, { mql, closed: won }]) => {
    const step = funnelFromCounts([{ id: 'mql', count: mql }, { id: 'closed', count: won }])[1]!;
    put(`olist.origin.${origin}.mql`, mql, 'count');
    put(`olist.origin.${origin}.closed`, won, 'count');
    put(`olist.origin.${origin}.conversion`, step.stepConversion, 'ratio');
    return [origin, fmt(mql), fmt(won), pct(step.stepConversion)];
  });
  console.log('\n  conversion by origin (funnelFromCounts per origin):');
  table(['origin', 'MQLs', 'closed', 'conversion'], originRows, '    ');

  const days = wonDeals.map((d) => (Date.parse(d.closedAt!) - Date.parse(d.createdAt)) / DAY_MS);
  const negative = days.filter((x) => x < 0).length;
  const cycle = salesCycle(wonDeals, { status: 'won' });
  put('olist.daysToWon.negative', negative, 'count');
  put('olist.daysToWon.all.count', days.length, 'count');
  put('olist.daysToWon.all.median', median(days), 'real');
  putSummary('olist.daysToWon', cycle);
  console.log(`\n  days from first contact to won date (salesCycle, won; ${negative} deal with a won date before its first contact is skipped):`);
  console.log(`    n ${fmt(cycle.count)}, median ${fmt(cycle.median, 2)}, p90 ${fmt(cycle.p90, 2)}, mean ${fmt(cycle.mean, 2)}, min ${fmt(cycle.min, 2)}, max ${fmt(cycle.max, 2)}`);
  console.log(`    median over all ${fmt(days.length)} including it: ${fmt(median(days), 2)}`);
}

// ---------------------------------------------------------------------------------------------
// Independent check

function sameFigure(kind: Kind, a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (kind === 'count') return a === b;
  if (kind === 'ratio') return Math.abs(a - b) <= 1e-9;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function compare(): boolean {
  console.log('\n== independent check: scripts/real-data-check.py (Python csv + statistics, no shared code) ==');
  const py = spawnSync('python3', [join(HERE, 'real-data-check.py'), DATA], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (py.error || py.status !== 0) {
    console.log(`  skipped: python3 could not run the check (${py.error?.message ?? py.stderr.trim()})`);
    return true;
  }
  const theirs = JSON.parse(py.stdout) as Record<string, number | null>;
  const rows: string[][] = [];
  let failed = 0;
  for (const [key, { value, kind }] of figures) {
    const other = Object.hasOwn(theirs, key) ? theirs[key]! : undefined;
    const ok = other !== undefined && sameFigure(kind, value, other);
    if (!ok) failed++;
    rows.push([key, kind, String(value), other === undefined ? '(missing)' : String(other), ok ? 'PASS' : 'FAIL']);
  }
  for (const key of Object.keys(theirs)) {
    if (figures.has(key)) continue;
    failed++;
    rows.push([key, '?', '(missing)', String(theirs[key]), 'FAIL']);
  }
  table(['figure', 'kind', 'core (TypeScript)', 'independent (Python)', 'result'], rows);
  console.log(`\n  ${rows.length - failed} of ${rows.length} figures PASS${failed > 0 ? `, ${failed} FAIL` : ''} (counts exact, ratios within 1e-9, days and money within 1e-9 relative)`);
  return failed === 0;
}

function main(): void {
  const missing = [MAVEN, OLIST].filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    console.log(`skipped: real data not found (${missing.join(', ')}); this check needs ../shared/data and is not part of npm test.`);
    return;
  }
  console.log(`real data from ${DATA} (read in place, not copied); import time (now) ${NOW}`);
  maven();
  olist();
  if (!compare()) process.exitCode = 1;
}

main();
