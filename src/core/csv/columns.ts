/** Planning where each column of a file goes (internal to the CSV modules). */
import { DEAL_FIELD_ALIASES, DEAL_IMPORT_FIELDS, LEAD_FIELD_ALIASES, headerKey } from './aliases.js';
import type { DealImportField, LeadImportField } from './aliases.js';
import type { CsvError } from './parse.js';
import { quoted } from './util.js';

/** How a column's cells become a field value. */
export type Kind = 'text' | 'number' | 'percent' | 'timestamp' | 'date' | 'leadStatus' | 'stage' | 'currency' | 'namePart';

const LEAD_KINDS: Readonly<Record<LeadImportField, Kind>> = {
  id: 'text', name: 'text', firstName: 'namePart', lastName: 'namePart', email: 'text', phone: 'text',
  company: 'text', title: 'text', industry: 'text', companySize: 'number', region: 'text', country: 'text',
  message: 'text', 'source.utm_source': 'text', 'source.utm_medium': 'text', 'source.utm_campaign': 'text',
  'source.utm_term': 'text', 'source.utm_content': 'text', 'source.referrer': 'text', 'source.page': 'text',
  'source.campaign': 'text', status: 'leadStatus', createdAt: 'timestamp', updatedAt: 'timestamp',
  score: 'number', grade: 'text', ownerId: 'text', teamId: 'text', nurtureReason: 'text', reentryAt: 'date',
  duplicateOf: 'text',
};

const DEAL_KINDS: Readonly<Record<DealImportField, Kind>> = {
  id: 'text', title: 'text', value: 'number', currency: 'currency', stageId: 'stage', ownerId: 'text',
  leadId: 'text', probability: 'percent', expectedClose: 'date', closedAt: 'timestamp', createdAt: 'timestamp',
  updatedAt: 'timestamp', lastActivityAt: 'timestamp', lostReason: 'text', rank: 'number', account: 'text',
};

/** Fields of a deal an unknown column must not overwrite. */
const DEAL_RESERVED: ReadonlySet<string> = new Set([...DEAL_IMPORT_FIELDS, 'pipelineId', 'status', 'history', '__proto__']);

/** Where one column goes: `record[top]`, or `record[top][sub]`. */
export interface ColumnPlan {
  index: number;
  path: string;
  top: string;
  sub: string | undefined;
  kind: Kind;
}

/** The known fields of one record type and what to do with other headers. */
export interface RecordSpec {
  aliases: ReadonlyMap<string, string>;
  kinds: Readonly<Record<string, Kind>>;
  /** Target of an unrecognised header, or null to ignore it. */
  unknown: (header: string) => string | null;
  /** Whether a target outside `kinds` (from the defaults or a caller's mapping) is allowed. */
  extra: (target: string) => boolean;
  /** Whether a dotted target (`source.page`, `custom.x`) names a field of a nested object. */
  nested: boolean;
}

export function aliasIndex(aliases: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) {
    for (const name of [field, ...names]) {
      const key = headerKey(name);
      if (!index.has(key)) index.set(key, field);
    }
  }
  return index;
}

function customKey(target: string): string | undefined {
  const key = target.startsWith('custom.') ? target.slice(7) : '';
  return key !== '' && key !== '__proto__' ? key : undefined;
}

export const LEAD_SPEC: RecordSpec = {
  aliases: aliasIndex(LEAD_FIELD_ALIASES),
  kinds: LEAD_KINDS,
  unknown: (header) => (customKey(header) ? header : header === '__proto__' ? null : `custom.${header}`),
  extra: (target) => customKey(target) !== undefined,
  nested: true,
};

export const DEAL_SPEC: RecordSpec = {
  aliases: aliasIndex(DEAL_FIELD_ALIASES),
  kinds: DEAL_KINDS,
  unknown: (header) => (DEAL_RESERVED.has(header) ? null : header),
  extra: (target) => target !== '' && !DEAL_RESERVED.has(target),
  nested: false,
};

function planFor(spec: RecordSpec, target: string, index: number): ColumnPlan | undefined {
  const kind = Object.hasOwn(spec.kinds, target) ? spec.kinds[target] : spec.extra(target) ? 'text' : undefined;
  if (kind === undefined) return undefined;
  const dot = target.indexOf('.');
  const nested = spec.nested && dot > 0;
  return { index, path: target, top: nested ? target.slice(0, dot) : target, sub: nested ? target.slice(dot + 1) : undefined, kind };
}

export interface Mapping {
  columns: ColumnPlan[];
  mapping: Record<string, string | null>;
  unmapped: string[];
}

function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The target of one header: the caller's choice, else an alias, else the unknown-header rule. */
function targetOf(spec: RecordSpec, header: string, override: Readonly<Record<string, string | null>> | undefined): [string | null, boolean] {
  if (override && Object.hasOwn(override, header)) {
    const chosen = override[header];
    return [typeof chosen === 'string' ? chosen : null, false];
  }
  if (header === '') return [null, false];
  const field = spec.aliases.get(headerKey(header));
  return field !== undefined ? [field, false] : [spec.unknown(header), true];
}

export function mapHeader(spec: RecordSpec, header: readonly string[], override: Readonly<Record<string, string | null>> | undefined, errors: CsvError[], line: number): Mapping {
  const result: Mapping = { columns: [], mapping: {}, unmapped: [] };
  header.forEach((name, index) => {
    const [target, unknown] = targetOf(spec, name, override);
    if (unknown) result.unmapped.push(name);
    const plan = target === null ? undefined : planFor(spec, target, index);
    if (target !== null && !plan) {
      errors.push({ line, message: `The mapping for column ${quoted(name)} names an unknown field ${quoted(target)}, so the column is ignored.` });
    }
    if (plan) result.columns.push(plan);
    if (!Object.hasOwn(result.mapping, name)) setOwn(result.mapping, name, plan ? target : null);
  });
  return result;
}

