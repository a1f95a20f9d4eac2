/**
 * The mapping step of an import: which field each column of a file goes to, how that was decided,
 * and which columns a person should confirm before anything is stored.
 */
import { headerKey } from './aliases.js';
import { parseDateCell, parseNumberCell } from './cells.js';
import { DEAL_SPEC, LEAD_SPEC, STATUS_INDEX } from './columns.js';
import type { RecordSpec } from './columns.js';
import { DEFAULT_PLACEHOLDERS } from './parse.js';
import { csvPreset, detectPreset } from './presets.js';
import type { CsvPreset, CsvPresetId, ImportKind } from './presets.js';

/**
 * How a column's field was chosen: the caller's `mapping`, the detected or given `preset`, an
 * `alias` that names one field only, a `generic` name whose values fit the field (unsure), kept as
 * a `custom` field (leads: `custom.<header>`, deals: an extra field) because nothing matched or the
 * values did not fit, or `none` (left out).
 */
export type MatchHow = 'mapping' | 'preset' | 'alias' | 'generic' | 'custom' | 'none';

/** Where one column goes. */
export interface ColumnMatch {
  header: string;
  /** 0-based position in the header. */
  index: number;
  /** The field path (`email`, `source.utm_source`, `custom.x`, an extra deal field) or null: left out. */
  field: string | null;
  how: MatchHow;
  /** The name is generic: a person should confirm the field (or choose another) before importing. */
  unsure: boolean;
  /** For an unsure column kept as custom: the field its name suggests, which its values did not fit. */
  suggested?: string;
  /** The first non-empty value of the column (at most 60 characters), for a preview. */
  sample?: string;
}

/** What mapColumns decided. */
export interface ColumnMap {
  kind: ImportKind;
  /** The preset used (given or detected from the headers), if any. */
  preset: CsvPresetId | undefined;
  columns: ColumnMatch[];
  /** Headers of unsure columns. */
  unsure: string[];
  /** Headers that matched no field: kept as custom fields (or left out where the name is reserved). */
  unmapped: string[];
}

/** Options of mapColumns. */
export interface MapColumnsOptions {
  /** A preset to apply, `none` for no preset; default: detected from the headers. */
  preset?: CsvPresetId | 'none';
  /** Header -> field (or null to leave the column out); wins over everything else. */
  mapping?: Readonly<Record<string, string | null>>;
  /** Data rows (cells in header order) whose values confirm or refuse generic names. */
  rows?: readonly (readonly string[])[];
  /** Values that count as empty (default DEFAULT_PLACEHOLDERS). */
  placeholders?: readonly string[];
}

/** Rows looked at to judge a column's values. */
const SAMPLE_ROWS = 200;
/** Share of values that must read as the field's type. */
const MOSTLY = 0.8;
/** Fields that name one person, company or deal: a column of a few repeated values is not one. */
const IDENTITY = new Set(['name', 'firstName', 'lastName', 'company', 'title', 'account']);
const DIGITS = /\d/g;
/** Text fields whose values may well be numbers (ids). */
const NUMBERED = new Set(['id', 'ownerId', 'teamId', 'duplicateOf', 'leadId']);

function specFor(kind: ImportKind): RecordSpec {
  return kind === 'deals' ? DEAL_SPEC : LEAD_SPEC;
}

function share(values: readonly string[], test: (value: string) => boolean): number {
  let n = 0;
  for (const value of values) if (test(value)) n++;
  return values.length === 0 ? 1 : n / values.length;
}

/** Whether a column's values fit the field a generic name suggests (no values: cannot tell, so yes). */
function valuesFit(spec: RecordSpec, field: string, values: readonly string[]): boolean {
  if (values.length === 0) return true;
  const kind = spec.kinds[field];
  switch (kind) {
    case 'number':
    case 'percent':
      return share(values, (v) => parseNumberCell(v.replace(/%$/, '')) !== null || parseNumberCell(v, true) !== null) >= MOSTLY;
    case 'timestamp':
    case 'date':
      return share(values, (v) => parseDateCell(v, { dateOrder: 'mdy' }).ok) >= MOSTLY;
    case 'leadStatus': {
      const distinct = [...new Set(values)];
      return share(distinct, (v) => STATUS_INDEX.has(headerKey(v))) >= 0.5;
    }
    default:
      break;
  }
  if (field === 'email') return share(values, (v) => v.includes('@')) >= MOSTLY;
  if (field === 'phone') return share(values, (v) => (v.match(DIGITS)?.length ?? 0) >= 5) >= MOSTLY;
  if (IDENTITY.has(field) && values.length >= 5 && new Set(values).size / values.length < 0.5) return false;
  // A text field named generically (campaign, source) is not a column of counts.
  return NUMBERED.has(field) || share(values, (v) => parseNumberCell(v) !== null) < MOSTLY;
}

function columnValues(rows: MapColumnsOptions['rows'], index: number, empty: ReadonlySet<string>): string[] {
  const values: string[] = [];
  for (const row of (rows ?? []).slice(0, SAMPLE_ROWS)) {
    const value = (row[index] ?? '').trim();
    if (!empty.has(value)) values.push(value);
  }
  return values;
}

function presetIndex(preset: CsvPreset | undefined): Map<string, string | null> {
  const index = new Map<string, string | null>();
  for (const [name, field] of Object.entries(preset?.mapping ?? {})) index.set(headerKey(name), field);
  return index;
}

function choosePreset(headers: readonly string[], kind: ImportKind, chosen: MapColumnsOptions['preset']): CsvPreset | undefined {
  if (chosen === 'none') return undefined;
  const preset = chosen === undefined ? detectPreset(headers, kind) : csvPreset(chosen);
  return preset?.kind === kind ? preset : undefined;
}

/** One column: the caller's mapping, else the preset, else an alias, else the unknown-header rule. */
function matchColumn(spec: RecordSpec, header: string, presetFields: Map<string, string | null>, options: MapColumnsOptions, values: readonly string[]): [Omit<ColumnMatch, 'index' | 'sample'>, boolean] {
  const override = options.mapping;
  if (override && Object.hasOwn(override, header)) {
    const chosen = override[header];
    return [{ header, field: typeof chosen === 'string' ? chosen : null, how: 'mapping', unsure: false }, false];
  }
  if (header === '') return [{ header, field: null, how: 'none', unsure: false }, false];
  const key = headerKey(header);
  if (presetFields.has(key)) {
    const field = presetFields.get(key) ?? null;
    return [{ header, field, how: field === null ? 'none' : 'preset', unsure: false }, false];
  }
  const field = spec.aliases.get(key);
  if (field !== undefined && !spec.generic.has(key)) return [{ header, field, how: 'alias', unsure: false }, false];
  if (field !== undefined && valuesFit(spec, field, values)) return [{ header, field, how: 'generic', unsure: true }, false];
  const kept = spec.unknown(header);
  const how = kept === null ? 'none' : 'custom';
  return [{ header, field: kept, how, unsure: field !== undefined, ...(field !== undefined ? { suggested: field } : {}) }, true];
}

/**
 * Decides where each column of a file goes, without importing anything: the mapping step an import
 * shows before it stores. In order: the caller's `mapping`; the preset (given, or detected from the
 * headers by detectPreset, `none` for none); a header alias that means one field only (see
 * LEAD_FIELD_ALIASES, DEAL_FIELD_ALIASES); a generic name (LEAD_GENERIC_HEADERS,
 * DEAL_GENERIC_HEADERS) only when the column's values (from `rows`) fit the field - numbers,
 * dates, statuses, e-mail addresses, phone numbers, and for names and titles mostly distinct values
 * - and then unsure; everything else is kept as a custom field (`custom.<header>` for leads, an
 * extra field for deals; names of deal fields are left out). A generic name whose values do not fit
 * is kept as custom, unsure, with the field it `suggested`. Never throws.
 */
export function mapColumns(headers: readonly string[], kind: ImportKind, options: MapColumnsOptions = {}): ColumnMap {
  const spec = specFor(kind);
  const preset = choosePreset(headers, kind, options.preset);
  const presetFields = presetIndex(preset);
  const empty = new Set(['', ...(options.placeholders ?? DEFAULT_PLACEHOLDERS)].map((p) => p.trim()));
  const result: ColumnMap = { kind, preset: preset?.id, columns: [], unsure: [], unmapped: [] };
  headers.forEach((header, index) => {
    const values = columnValues(options.rows, index, empty);
    const [match, unknown] = matchColumn(spec, header, presetFields, options, values);
    const first = values[0];
    const sample = first === undefined ? undefined : first.length > 60 ? `${first.slice(0, 60)}…` : first;
    result.columns.push({ ...match, index, ...(sample !== undefined ? { sample } : {}) });
    if (match.unsure) result.unsure.push(header);
    if (unknown) result.unmapped.push(header);
  });
  return result;
}
