/**
 * CSV import of leads and deals (DESIGN.md section 7): header mapping onto Lead and Deal fields
 * (Salesforce-style names included), per-line errors while the rest imports.
 */
import { newId as randomId } from '../id.js';
import { LEAD_STATUSES } from '../model.js';
import type { Deal, Lead, LeadStatus, Pipeline, StageKind, ValidationResult } from '../model.js';
import { isDateMs, toIso } from '../time.js';
import { parseIsoDate, validateDeal, validateLead, validatePipeline } from '../validate.js';
import { headerKey } from './aliases.js';
import { parseDateCell, parseNumberCell } from './cells.js';
import { DEAL_SPEC, LEAD_SPEC, STATUS_INDEX, mapHeader } from './columns.js';
import type { ColumnPlan } from './columns.js';
import { mapColumns } from './mapping.js';
import type { CsvPresetId, ImportKind } from './presets.js';
import { DEFAULT_PLACEHOLDERS, parseCsv } from './parse.js';
import type { CsvDelimiter, CsvError, CsvParseOptions, CsvParseResult, DateOrder } from './parse.js';
import { quoted } from './util.js';

/** A probability cell: `45%` is 0.45; a plain number above 1 is a percentage (45 -> 0.45). */
function parseProbability(text: string, decimalComma: boolean): number | null {
  const percent = text.endsWith('%');
  const n = parseNumberCell(percent ? text.slice(0, -1) : text, decimalComma);
  return n === null ? null : percent || n > 1 ? n / 100 : n;
}

/** Options shared by importLeads and importDeals. */
export interface ImportOptions extends CsvParseOptions {
  /** Header -> field path (`email`, `source.utm_source`, `custom.budget`, an extra deal field) or null to ignore the column. */
  mapping?: Readonly<Record<string, string | null>>;
  /** Values treated as empty (default DEFAULT_PLACEHOLDERS). */
  placeholders?: readonly string[];
  /** The import time (ISO string or ms): the default of createdAt and updatedAt. Default: the current time. */
  now?: string | number;
  /** Makes ids for rows without one (default: random UUIDs). */
  newId?: () => string;
  /** How to read dates such as 03/04/2024 (see parseDateCell). */
  dateOrder?: DateOrder;
  /** A column preset (see CSV_PRESETS), `none` for none; default: detected from the headers. */
  preset?: CsvPresetId | 'none';
}

/** Options of importDeals. */
export interface DealImportOptions extends ImportOptions {
  /** The pipeline deals go into; stage cells are matched against its stage ids and labels. */
  pipeline: Pipeline;
  /** Currency of rows without one (default: the pipeline's, else USD). */
  currency?: string;
}

/** What an import produced. */
export interface ImportResult<T> {
  /** Valid records, in file order. */
  records: T[];
  /** Every problem, by line; a row with any problem is not in `records`. */
  errors: CsvError[];
  /** Each header and the field it went to (null: ignored). */
  mapping: Record<string, string | null>;
  /** Headers that matched no known field: kept in `custom` (leads) or as extra fields (deals). */
  unmapped: string[];
  /** Headers with a generic name (see mapColumns): mapped only where their values fit; confirm them. */
  unsure: string[];
  /** The preset used, if any. */
  preset: CsvPresetId | undefined;
  /** What was accepted but changed or left out, by line and field (rows with a warning are imported). */
  warnings: CsvError[];
  /** Data rows read (see CsvParseResult.rowCount). */
  rowCount: number;
  delimiter: CsvDelimiter;
}

type Draft = Record<string, unknown>;

/** Per-import state; caches hold the few distinct status and stage spellings a file has. */
interface ImportContext {
  placeholders: ReadonlySet<string>;
  decimalComma: boolean;
  dateOrder: DateOrder | undefined;
  now: string;
  newId: () => string;
  statusCache: Map<string, LeadStatus | null>;
  stages: Map<string, string>;
  stageCache: Map<string, string | null>;
  stageKinds: Map<string, StageKind>;
  pipelineName: string;
}

/** Per-row state, reset for each row. */
interface RowState {
  line: number;
  errors: CsvError[];
  /** This row's warnings, kept when the row is imported. */
  warnings: CsvError[];
  failed: Set<string> | undefined;
  first: string | undefined;
  last: string | undefined;
}


// Only a strict ISO string (or ms) is a usable `now`: an import must not guess dates.
function isoNow(now: unknown): string | undefined {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? parseIsoDate(now) : null;
  return ms !== null && isDateMs(ms) ? toIso(ms) : undefined;
}

function createContext(options: ImportOptions, parsed: CsvParseResult, errors: CsvError[]): ImportContext {
  let now = isoNow(options.now ?? Date.now());
  if (now === undefined) {
    errors.push({ line: 0, message: 'The option now is not a valid date, so the current time was used.' });
    now = toIso(Date.now());
  }
  return {
    placeholders: new Set(['', ...(options.placeholders ?? DEFAULT_PLACEHOLDERS)].map((p) => p.trim())),
    decimalComma: parsed.delimiter === ';',
    dateOrder: options.dateOrder,
    now,
    newId: options.newId ?? randomId,
    statusCache: new Map(),
    stages: new Map(),
    stageCache: new Map(),
    stageKinds: new Map(),
    pipelineName: '',
  };
}

function fail(row: RowState, path: string, message: string): undefined {
  row.errors.push({ line: row.line, path, message });
  (row.failed ??= new Set()).add(path);
  return undefined;
}

function leadStatus(value: string, ctx: ImportContext): LeadStatus | null {
  let status = ctx.statusCache.get(value);
  if (status === undefined) {
    status = STATUS_INDEX.get(headerKey(value)) ?? null;
    ctx.statusCache.set(value, status);
  }
  return status;
}

function stageId(value: string, ctx: ImportContext): string | null {
  let id = ctx.stageCache.get(value);
  if (id === undefined) {
    id = ctx.stages.get(headerKey(value)) ?? null;
    ctx.stageCache.set(value, id);
  }
  return id;
}

function dateValue(value: string, path: string, ctx: ImportContext, row: RowState, dateTime: boolean): string | undefined {
  const cell = parseDateCell(value, { dateOrder: ctx.dateOrder, dateTime });
  return cell.ok ? cell.value : fail(row, path, cell.message);
}

/** The value of one non-empty cell, or undefined after recording why it is unusable. */
function convert(col: ColumnPlan, value: string, ctx: ImportContext, row: RowState): unknown {
  switch (col.kind) {
    case 'number': {
      const n = parseNumberCell(value, ctx.decimalComma);
      return n ?? fail(row, col.path, `must be a number (got ${quoted(value)})`);
    }
    case 'percent': {
      const p = parseProbability(value, ctx.decimalComma);
      return p ?? fail(row, col.path, `must be a percentage or a number between 0 and 1 (got ${quoted(value)})`);
    }
    case 'timestamp':
      return dateValue(value, col.path, ctx, row, true);
    case 'date':
      return dateValue(value, col.path, ctx, row, false);
    case 'leadStatus':
      return leadStatus(value, ctx) ?? fail(row, col.path, `must be a lead status such as ${LEAD_STATUSES.join(', ')} (got ${quoted(value)})`);
    case 'stage':
      return stageId(value, ctx) ?? fail(row, col.path, `must name a stage of pipeline ${quoted(ctx.pipelineName)} by id or label (got ${quoted(value)})`);
    case 'currency':
      return value.toUpperCase();
    default:
      return value;
  }
}

/** Sets a field unless an earlier column already filled it: the first non-empty value wins. */
function assign(draft: Draft, col: ColumnPlan, value: unknown, row: RowState): void {
  if (col.kind === 'namePart') {
    if (col.top === 'firstName') row.first ??= value as string;
    else row.last ??= value as string;
    return;
  }
  // hasOwn, not `=== undefined`: a column named `constructor` or `toString` must still be kept.
  if (col.sub === undefined) {
    if (!Object.hasOwn(draft, col.top)) draft[col.top] = value;
    return;
  }
  const inner = (draft[col.top] ??= {}) as Draft;
  if (!Object.hasOwn(inner, col.sub)) inner[col.sub] = value;
}

function fillDraft(cells: readonly string[], columns: readonly ColumnPlan[], ctx: ImportContext, row: RowState): Draft {
  const draft: Draft = {};
  for (const col of columns) {
    const value = (cells[col.index] ?? '').trim();
    if (ctx.placeholders.has(value)) continue;
    const converted = convert(col, value, ctx, row);
    if (converted !== undefined) assign(draft, col, converted, row);
  }
  return draft;
}

/** Keeps the record when the row converted cleanly and validates; else records the new problems. */
function accept(result: ValidationResult, row: RowState): boolean {
  for (const error of result.errors) {
    if (!row.failed?.has(error.path)) row.errors.push({ line: row.line, path: error.path, message: error.message });
  }
  return result.ok && row.failed === undefined;
}

function runImport<T>(
  text: string,
  options: ImportOptions,
  kind: ImportKind,
  build: (draft: Draft, ctx: ImportContext, row: RowState) => ValidationResult,
  setup?: (ctx: ImportContext) => void,
): ImportResult<T> {
  const parsed = parseCsv(text, options);
  const errors: CsvError[] = [];
  const spec = kind === 'deals' ? DEAL_SPEC : LEAD_SPEC;
  const ctx = createContext(options, parsed, errors);
  setup?.(ctx);
  const plan = mapColumns(parsed.header, kind, {
    rows: parsed.rows.map((r) => r.cells), preset: options.preset, mapping: options.mapping, placeholders: options.placeholders,
  });
  const { columns, mapping } = mapHeader(spec, plan.columns, errors, parsed.headerLine);
  const warnings: CsvError[] = plan.columns.filter((c) => c.suggested !== undefined).map((c) => ({
    line: parsed.headerLine,
    message: `Column ${quoted(c.header)} is named like ${c.suggested ?? ''} but its values do not look like it, so it was not mapped there.`,
  }));
  const records: T[] = [];
  const row: RowState = { line: 0, errors, warnings: [], failed: undefined, first: undefined, last: undefined };
  for (const { line, cells } of parsed.rows) {
    row.line = line;
    row.failed = row.first = row.last = undefined;
    row.warnings = [];
    const draft = fillDraft(cells, columns, ctx, row);
    if (accept(build(draft, ctx, row), row)) {
      records.push(draft as T);
      warnings.push(...row.warnings);
    }
  }
  const all = [...parsed.errors, ...errors].sort((a, b) => a.line - b.line);
  return {
    records, errors: all, mapping, unmapped: plan.unmapped, unsure: plan.unsure, preset: plan.preset, warnings,
    rowCount: parsed.rowCount, delimiter: parsed.delimiter,
  };
}

function buildLead(draft: Draft, ctx: ImportContext, row: RowState): ValidationResult {
  if (draft.name === undefined && (row.first !== undefined || row.last !== undefined)) {
    draft.name = [row.first, row.last].filter((part) => part !== undefined).join(' ');
  }
  if (draft.region === undefined && draft.country !== undefined) draft.region = draft.country;
  draft.id ??= ctx.newId();
  draft.status ??= 'new';
  draft.createdAt ??= ctx.now;
  draft.updatedAt ??= ctx.now;
  return validateLead(draft);
}

/**
 * Imports leads from CSV. Columns map as mapColumns decides (the caller's `mapping`, a preset
 * detected from the headers or given, header aliases; generic names such as `Contact` only where
 * their values fit, and listed in `unsure`); other headers go to `custom` under their own name (a
 * `custom.x` header to `custom.x`).
 * Cells are trimmed; placeholders are empty. When several columns map to one field the first
 * non-empty value wins. First and last name make `name` when there is no name column; `region`
 * falls back to `country`. Statuses accept CRM spellings ("Open - Not Contacted" is new, "Working -
 * Contacted" nurturing, "Closed - Converted" converted, "Closed - Not Converted" disqualified).
 * Numbers and dates are read by parseNumberCell (decimal comma in `;` files) and parseDateCell.
 * Rows without an id, status or timestamps get a new id, `new`, and `now`. Each record is checked
 * with validateLead; a row with any problem is left out and each problem is an error naming its
 * line and field, while the other rows import.
 */
export function importLeads(text: string, options: ImportOptions = {}): ImportResult<Lead> {
  return runImport<Lead>(text, options, 'leads', buildLead);
}

/** Stage ids, labels and `won`/`lost`/`closed won`/`closed lost` by headerKey; the first stage wins a clash. */
function indexStages(pipeline: Pipeline, ctx: ImportContext): void {
  ctx.pipelineName = pipeline.name;
  const add = (name: string, id: string): void => {
    const key = headerKey(name);
    if (!ctx.stages.has(key)) ctx.stages.set(key, id);
  };
  for (const stage of pipeline.stages) {
    ctx.stageKinds.set(stage.id, stage.kind);
    add(stage.id, stage.id);
  }
  for (const stage of pipeline.stages) add(stage.label, stage.id);
  for (const stage of pipeline.stages) {
    if (stage.kind !== 'open') {
      add(stage.kind, stage.id);
      add(`closed ${stage.kind}`, stage.id);
    }
  }
}

function closingTime(date: unknown): string | undefined {
  const ms = parseIsoDate(date);
  return ms === null ? undefined : toIso(ms);
}

/** A probability of 0 on an open stage is left out: exports write 0 where none was set, which would zero the weighted pipeline. */
function dropZeroProbability(draft: Draft, kind: StageKind | undefined, row: RowState): void {
  if (draft.probability !== 0 || (kind !== undefined && kind !== 'open')) return;
  delete draft.probability;
  row.warnings.push({ line: row.line, path: 'probability', message: 'is 0 on an open stage, so it was ignored and the stage\'s probability applies' });
}

/** A deal closed before its creation date (a backfilled CreatedDate) is kept, created when it closed. */
function fixClosedBeforeCreated(draft: Draft, row: RowState): void {
  const created = parseIsoDate(draft.createdAt);
  const closed = parseIsoDate(draft.closedAt);
  if (created === null || closed === null || closed >= created) return;
  row.warnings.push({
    line: row.line, path: 'createdAt',
    message: `${String(draft.createdAt)} is after the close date ${String(draft.closedAt)} (a backfilled creation date?), so createdAt was set to the close date`,
  });
  draft.createdAt = draft.closedAt;
}

function dealBuilder(pipeline: Pipeline, currency: string) {
  return (draft: Draft, ctx: ImportContext, row: RowState): ValidationResult => {
    const stage = typeof draft.stageId === 'string' ? draft.stageId : undefined;
    const kind = stage === undefined ? undefined : ctx.stageKinds.get(stage);
    draft.id ??= ctx.newId();
    draft.title ??= draft.account ?? draft.id;
    draft.value ??= 0;
    draft.currency ??= currency;
    draft.pipelineId = pipeline.id;
    draft.status = kind ?? 'open';
    draft.createdAt ??= ctx.now;
    draft.updatedAt ??= ctx.now;
    const closed = kind === 'won' || kind === 'lost';
    if (closed && draft.closedAt === undefined) {
      const at = closingTime(draft.expectedClose);
      if (at !== undefined) draft.closedAt = at;
    }
    dropZeroProbability(draft, kind, row);
    if (closed) fixClosedBeforeCreated(draft, row);
    const leftAt = closed ? draft.closedAt : undefined;
    draft.history = stage === undefined ? [] : [{ stageId: stage, enteredAt: draft.createdAt, ...(leftAt !== undefined ? { leftAt } : {}) }];
    return validateDeal(draft, pipeline);
  };
}

/**
 * Imports deals into `options.pipeline`, like importLeads. Stage cells match a stage by id or label
 * (headerKey, so case and punctuation are ignored), and `Won`, `Lost`, `Closed Won`, `Closed Lost`
 * match the pipeline's first won or lost stage; an unknown stage is an error for that line. The
 * stage's kind sets `status`; a won or lost deal takes `closedAt` from its close date. History is one
 * visit of the current stage entered at `createdAt` (left at `closedAt` for closed deals). An empty
 * amount is 0; a probability above 1 is a percentage; currency defaults to `options.currency`, the
 * pipeline's, else USD; a row without a title is titled by its account, else its id. Other headers
 * are kept as extra fields under their own name, except names of deal fields (ignored). An invalid
 * pipeline gives errors on line 0 and no records. Accepted with a warning (by line and field): a
 * won or lost deal closed before its creation date is kept with `createdAt` set to the close date
 * (exports backfill creation dates); a probability of 0 on an open stage is left out, so the
 * stage's probability applies (exports write 0 where none was set).
 */
export function importDeals(text: string, options: DealImportOptions): ImportResult<Deal> {
  const pipeline = options?.pipeline;
  const checked = validatePipeline(pipeline);
  if (!checked.ok) {
    return {
      records: [], mapping: {}, unmapped: [], unsure: [], preset: undefined, warnings: [], rowCount: 0, delimiter: ',',
      errors: checked.errors.map((e) => ({ line: 0, path: e.path === '' ? 'pipeline' : `pipeline.${e.path}`, message: e.message })),
    };
  }
  const currency = options.currency ?? pipeline.currency ?? 'USD';
  return runImport<Deal>(text, options, 'deals', dealBuilder(pipeline, currency), (ctx) => indexStages(pipeline, ctx));
}

