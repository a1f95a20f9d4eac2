/** Planning where each column of a file goes (internal to the CSV modules). */
import type { LeadStatus } from '../model.js';
import { DEAL_FIELD_ALIASES, DEAL_GENERIC_HEADERS, DEAL_IMPORT_FIELDS, LEAD_FIELD_ALIASES, LEAD_GENERIC_HEADERS, headerKey } from './aliases.js';
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
  /** headerKeys of names that match a field but often mean something else. */
  generic: ReadonlySet<string>;
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
  generic: new Set(LEAD_GENERIC_HEADERS.map(headerKey)),
};

export const DEAL_SPEC: RecordSpec = {
  aliases: aliasIndex(DEAL_FIELD_ALIASES),
  kinds: DEAL_KINDS,
  unknown: (header) => (DEAL_RESERVED.has(header) ? null : header),
  extra: (target) => target !== '' && !DEAL_RESERVED.has(target),
  nested: false,
  generic: new Set(DEAL_GENERIC_HEADERS.map(headerKey)),
};

export function planFor(spec: RecordSpec, target: string, index: number): ColumnPlan | undefined {
  const kind = Object.hasOwn(spec.kinds, target) ? spec.kinds[target] : spec.extra(target) ? 'text' : undefined;
  if (kind === undefined) return undefined;
  const dot = target.indexOf('.');
  const nested = spec.nested && dot > 0;
  return { index, path: target, top: nested ? target.slice(0, dot) : target, sub: nested ? target.slice(dot + 1) : undefined, kind };
}

/** Ways CRM exports spell lead statuses, by headerKey. */
const LEAD_STATUS_SYNONYMS: Readonly<Record<LeadStatus, readonly string[]>> = {
  new: ['Open - Not Contacted', 'Open', 'Not Contacted', 'Unassigned', 'Subscriber', 'Lead'],
  nurturing: ['Working - Contacted', 'Working', 'Contacted', 'In Progress', 'Nurture', 'Attempted to Contact', 'Connected'],
  mql: ['Marketing Qualified', 'Marketing Qualified Lead'],
  sql: ['Sales Qualified', 'Sales Qualified Lead', 'Qualified'],
  disqualified: ['Closed - Not Converted', 'Not Converted', 'Unqualified', 'Junk', 'Bad Timing'],
  converted: ['Closed - Converted', 'Customer', 'Opportunity', 'Open Deal', 'Evangelist'],
};
export const STATUS_INDEX = aliasIndex(LEAD_STATUS_SYNONYMS) as ReadonlyMap<string, LeadStatus>;

export interface Mapping {
  columns: ColumnPlan[];
  mapping: Record<string, string | null>;
}

function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The plans for the chosen targets (header -> field or null), reporting targets that name no field. */
export function mapHeader(spec: RecordSpec, targets: readonly { header: string; field: string | null }[], errors: CsvError[], line: number): Mapping {
  const result: Mapping = { columns: [], mapping: {} };
  targets.forEach(({ header: name, field: target }, index) => {
    const plan = target === null ? undefined : planFor(spec, target, index);
    if (target !== null && !plan) {
      errors.push({ line, message: `The mapping for column ${quoted(name)} names an unknown field ${quoted(target)}, so the column is ignored.` });
    }
    if (plan) result.columns.push(plan);
    if (!Object.hasOwn(result.mapping, name)) setOwn(result.mapping, name, plan ? target : null);
  });
  return result;
}
