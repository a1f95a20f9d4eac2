/**
 * A pipeline from an export's stage names: the stages a file uses, their kinds (won, lost, open),
 * order and probabilities, so deals from another CRM import without building the pipeline by hand.
 */
import type { Pipeline, Stage, StageKind } from '../model.js';
import { median } from '../stats.js';
import { headerKey } from './aliases.js';
import { parseNumberCell } from './cells.js';
import { mapColumns } from './mapping.js';
import type { MapColumnsOptions } from './mapping.js';
import { DEFAULT_PLACEHOLDERS, parseCsv } from './parse.js';
import type { CsvParseOptions } from './parse.js';

/** One deal's stage as an export gives it: its name and, where the export has them, probability and closed/won flags. */
export interface StageObservation {
  stage: string;
  /** 0..1, or a percentage above 1; 0 and missing values say nothing about the stage. */
  probability?: number | null;
  isClosed?: boolean | null;
  isWon?: boolean | null;
}

/** Options of pipelineFromStages. */
export interface PipelineFromStagesOptions {
  id: string;
  name: string;
  currency?: string;
}

const WON = /^(?:closed)?won$|^closedwon|^won/;
const LOST = /^(?:closed)?lost$|^closedlost|^lost|^closednotwon$/;
/** Stages as CRMs usually order them, by the word their names start with (headerKey). */
const USUAL_ORDER: readonly (readonly string[])[] = [
  ['prospect', 'lead', 'new', 'appointment'], ['qualif'], ['discovery', 'needsanalysis', 'needs'], ['demo', 'valueproposition', 'presentation', 'solution'],
  ['decisionmaker', 'iddecision'], ['perception'], ['proposal', 'quote'], ['negotiat', 'review'], ['contract', 'commit'],
];

function usualRank(name: string): number | undefined {
  const key = headerKey(name);
  const rank = USUAL_ORDER.findIndex((words) => words.some((word) => key.startsWith(word)));
  return rank < 0 ? undefined : rank;
}

/** won, lost or open: from the export's closed/won flags where present, else the stage name. */
function kindOf(name: string, seen: readonly StageObservation[]): StageKind {
  const flagged = seen.find((o) => o.isClosed === true || o.isWon === true);
  if (flagged) return flagged.isWon === true ? 'won' : 'lost';
  const key = headerKey(name);
  return WON.test(key) ? 'won' : LOST.test(key) ? 'lost' : 'open';
}

function fraction(p: number | null | undefined): number | undefined {
  if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0) return undefined;
  return p > 1 ? Math.min(1, p / 100) : p;
}

function slug(name: string, taken: Set<string>): string {
  const base = name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'stage';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

interface Group {
  label: string;
  first: number;
  kind: StageKind;
  probability: number | undefined;
}

/** Open stages in order: by probability when every one has one, else the usual CRM order when every name is known, else first appearance. */
function orderOpen(open: Group[]): Group[] {
  if (open.every((g) => g.probability !== undefined)) return [...open].sort((a, b) => (a.probability ?? 0) - (b.probability ?? 0) || a.first - b.first);
  if (open.every((g) => usualRank(g.label) !== undefined)) return [...open].sort((a, b) => (usualRank(a.label) ?? 0) - (usualRank(b.label) ?? 0) || a.first - b.first);
  return [...open].sort((a, b) => a.first - b.first);
}

/**
 * A pipeline from the stage names an export uses (plain names, or observations with probability
 * and closed/won flags). Names are grouped by headerKey (first spelling kept as the label). A stage
 * is won or lost by the export's flags (IsClosed/IsWon) where given, else by its name (`Closed Won`,
 * `Won`, `closedwon`; `Closed Lost`, `Lost`, `closedlost`), else open. Open stages come first,
 * ordered by their probability when every one has a positive one, else in the usual CRM order
 * (prospecting, qualification, discovery, demo, proposal, negotiation, contract) when every name
 * is a usual one, else by first appearance; then won, then lost stages. An open stage's probability
 * is the median of its positive probabilities (0 counts as unknown: exports write 0 where none was
 * set), else its position: the i-th of n open stages gets i/(n+1). Ids are slugs of the labels.
 */
export function pipelineFromStages(input: readonly (string | StageObservation)[], options: PipelineFromStagesOptions): Pipeline {
  const byKey = new Map<string, StageObservation[]>();
  const firstLabel = new Map<string, { label: string; first: number }>();
  input.forEach((item, i) => {
    const o = typeof item === 'string' ? { stage: item } : item;
    const label = typeof o?.stage === 'string' ? o.stage.trim() : '';
    const key = headerKey(label);
    if (key === '') return;
    if (!firstLabel.has(key)) firstLabel.set(key, { label, first: i });
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
  });
  const groups: Group[] = [...byKey].map(([key, seen]) => {
    const { label, first } = firstLabel.get(key) ?? { label: key, first: 0 };
    const probs = seen.map((o) => fraction(o.probability)).filter((p): p is number => p !== undefined);
    return { label, first, kind: kindOf(label, seen), probability: median(probs) ?? undefined };
  });
  const open = orderOpen(groups.filter((g) => g.kind === 'open'));
  const closed = (kind: StageKind) => groups.filter((g) => g.kind === kind).sort((a, b) => a.first - b.first);
  const taken = new Set<string>();
  const stages: Stage[] = [
    ...open.map((g, i) => ({ id: slug(g.label, taken), label: g.label, kind: 'open' as const, probability: g.probability ?? Math.round(((i + 1) / (open.length + 1)) * 100) / 100 })),
    ...closed('won').map((g) => ({ id: slug(g.label, taken), label: g.label, kind: 'won' as const, probability: 1 })),
    ...closed('lost').map((g) => ({ id: slug(g.label, taken), label: g.label, kind: 'lost' as const, probability: 0 })),
  ];
  return {
    id: options.id, name: options.name, stages, policy: { allowSkip: true, allowBackward: true }, lostReasons: [],
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
  };
}

function flag(value: string | undefined): boolean | null {
  const key = headerKey(value ?? '');
  return key === 'true' || key === '1' || key === 'yes' ? true : key === 'false' || key === '0' || key === 'no' ? false : null;
}

/**
 * The stage observations of a deals CSV, for pipelineFromStages: the stage column and probability
 * column as mapColumns maps them (the same preset and mapping options as importDeals), and IsClosed
 * / IsWon (Salesforce) or Is Closed / Is Closed Won columns where the file has them. An empty
 * IsClosed means not closed (Salesforce leaves it empty). Empty when the file has no stage column.
 */
export function stagesFromCsv(text: string, options: CsvParseOptions & Pick<MapColumnsOptions, 'preset' | 'mapping'> = {}): StageObservation[] {
  const parsed = parseCsv(text, options);
  const rows = parsed.rows.map((r) => r.cells);
  const plan = mapColumns(parsed.header, 'deals', { ...options, rows });
  const col = (field: string) => plan.columns.find((c) => c.field === field)?.index;
  const header = (...names: string[]) => {
    const keys = names.map(headerKey);
    const i = parsed.header.findIndex((h) => keys.includes(headerKey(h)));
    return i < 0 ? undefined : i;
  };
  const stage = col('stageId');
  if (stage === undefined) return [];
  const probability = col('probability');
  const closedAt = header('IsClosed', 'Is Closed');
  const wonAt = header('IsWon', 'Is Won', 'Is Closed Won');
  const empty = new Set<string>(DEFAULT_PLACEHOLDERS);
  return rows.map((cells) => {
    const p = probability === undefined ? null : parseNumberCell((cells[probability] ?? '').trim().replace(/%$/, ''));
    const closed = closedAt === undefined ? null : empty.has((cells[closedAt] ?? '').trim()) ? false : flag(cells[closedAt]);
    const won = wonAt === undefined ? null : flag(cells[wonAt]);
    return { stage: (cells[stage] ?? '').trim(), probability: p, isClosed: closed, isWon: closed === true ? won : null };
  });
}
