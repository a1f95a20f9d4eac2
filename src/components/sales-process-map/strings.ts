/** Messages of `<sales-process-map>` in every built-in locale. */
import type { BlueprintLane, MetricsIssue, ProcessIssue, ProcessNodeKind, ProcessTerms } from '../../core/process.js';
import { Strings, type MessagesLoader } from '../../internal/localize.js';
import { mapStatusEn, mapStatusStrings, type MapStatusStrings } from './status-strings.js';

/** The three lines of a service blueprint, top to bottom. */
export type BlueprintLine = 'interaction' | 'visibility' | 'internal';

/** Every message of the process map (`empty` and `loadFailed` from MapStatusStrings). */
export interface SalesProcessMapStrings extends MapStatusStrings {
  /** Accessible name of the drawing; `name` is the pipeline's, when there is one. */
  mapLabel: (name: string | undefined, view: 'flow' | 'blueprint') => string;
  /** Words of a process derived from a pipeline. */
  terms: ProcessTerms;
  /** A node's kind, read after its label. */
  kinds: Record<ProcessNodeKind, string>;
  won: string;
  lost: string;
  lanes: Record<BlueprintLane, string>;
  lines: Record<BlueprintLine, string>;
  toolbar: string;
  zoomIn: string;
  zoomOut: string;
  zoomReset: string;
  /** Announced after zooming; `percent` is formatted. */
  zoomed: (percent: string) => string;
  instructions: string;
  /** Short numbers inside a node: count, conversion and days are formatted (or null when unknown). */
  metricsShort: (count: string, conversion: string | null, days: string | null) => string;
  /** The same, as a sentence for assistive technology. */
  metricsLong: (count: number, conversion: string | null, days: string | null) => string;
  /** Formatted average days, short ("5.2 d"). */
  daysShort: (days: string) => string;
  legend: string;
  bottleneckConversion: (label: string, conversion: string) => string;
  bottleneckDays: (label: string, days: string) => string;
  /** The close picked as the bottleneck: the share of the deals that came to it that were won. */
  bottleneckClose: (label: string, share: string) => string;
  /** How often deals took a back-edge, appended to its label. */
  withCount: (label: string, count: string) => string;
  leadsTo: (labels: string[]) => string;
  comesAfter: (labels: string[]) => string;
  noNext: string;
  noPrevious: string;
  pipelineNotFound: (id: string) => string;
  issuesTitle: (count: number) => string;
  processIssue: (issue: ProcessIssue) => string;
  metricsIssue: (issue: MetricsIssue) => string;
  pipelineIssue: (path: string, message: string) => string;
}

// One formatter per language: every node's description lists its neighbours.
const enLists = new Intl.ListFormat('en', { type: 'conjunction' });
const enList = (items: string[]) => enLists.format(items);
const q = (s: string | undefined) => `"${s ?? ''}"`;

const en: SalesProcessMapStrings = {
  ...mapStatusEn,
  mapLabel: (name, view) => `${view === 'blueprint' ? 'Service blueprint' : 'Process flowchart'}${name ? `: ${name}` : ''}`,
  terms: { start: 'Start', decision: 'Won?', yes: 'yes', no: 'no', back: 'back', lost: 'lost' },
  kinds: { start: 'start', stage: 'step', decision: 'decision', end: 'end' },
  won: 'won',
  lost: 'lost',
  lanes: {
    evidence: 'Physical evidence',
    customer: 'Customer actions',
    frontstage: 'Front-stage',
    backstage: 'Back-stage',
    support: 'Support processes',
  },
  lines: { interaction: 'Line of interaction', visibility: 'Line of visibility', internal: 'Line of internal interaction' },
  toolbar: 'Map controls',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Fit to view',
  zoomed: (p) => `Zoom ${p}`,
  instructions: 'Arrow keys follow the arrows: right or down to a next step, left or up to an earlier one. '
    + 'Enter selects a step. Plus and minus zoom, 0 fits the map. Drag to move it; Ctrl and the mouse wheel zoom.',
  metricsShort: (count, conversion, days) => [count, conversion && `${conversion} →`, days].filter(Boolean).join(' · '),
  metricsLong: (count, conversion, days) => [
    `${count === 1 ? '1 deal' : `${count} deals`} reached it`,
    conversion && `${conversion} went on to the next step`,
    days && `${days} there on average`,
  ].filter(Boolean).join('; ') + '.',
  daysShort: (d) => `${d} d`,
  legend: 'On each step: deals · conversion to the next step · average days.',
  bottleneckConversion: (label, c) => `Bottleneck: ${label}, with the lowest conversion to the next step (${c}).`,
  bottleneckDays: (label, d) => `Bottleneck: ${label}, where deals stay longest (${d} on average).`,
  bottleneckClose: (label, share) => `Bottleneck: the close (${label}), where only ${share} of the deals that get there are won.`,
  withCount: (label, n) => `${label} (${n})`,
  leadsTo: (labels) => `Leads to ${enList(labels)}.`,
  comesAfter: (labels) => `Comes after ${enList(labels)}.`,
  noNext: 'No step follows this one.',
  noPrevious: 'No step comes before this one.',
  pipelineNotFound: (id) => `There is no pipeline "${id}".`,
  issuesTitle: (n) => `${n === 1 ? 'One problem' : `${n} problems`} in the process; the rest is drawn.`,
  processIssue: (i) => {
    if (i.code === 'not-an-object') return 'The process must be an object with nodes and edges.';
    if (i.code === 'not-a-list') return `${i.path} must be a list.`;
    if (i.code === 'too-many') return `${i.path} has ${i.value ?? 'too many'} items; only the first ones are drawn.`;
    const edge = i.path.startsWith('edges');
    const node = i.id !== undefined && !edge && i.code !== 'duplicate-id' ? ` (node ${q(i.id)})` : '';
    const why = {
      'not-an-object-item': 'not an object',
      'missing-id': 'missing',
      'duplicate-id': `${q(i.id)} is used twice`,
      'missing-label': 'missing',
      'bad-kind': `${q(i.value)} is not start, stage, decision or end`,
      'bad-lane': `${q(i.value)} is not evidence, customer, frontstage, backstage or support`,
      'unknown-node': i.id !== undefined ? `${q(i.id)} is not a node` : 'no node id',
      'invalid-node': `node ${q(i.id)} is invalid`,
    }[i.code];
    return `${i.path}${node}: ${why}; the ${edge ? 'edge' : 'node'} is left out.`;
  },
  metricsIssue: (i) => (i.code === 'not-an-object' && !i.id
    ? 'The metrics must be an object keyed by node id.'
    : `metrics ${i.path} must be a number of 0 or more; the numbers of ${q(i.id)} are left out.`),
  pipelineIssue: (path, message) => `The pipeline's ${path || 'data'} ${message}.`,
};

const status = ({ empty, loadFailed }: SalesProcessMapStrings): MapStatusStrings => ({ empty, loadFailed });

// The element shows two of these messages before this module has loaded, from its own copy:
// a locale added here later (a vendor's) goes there too. The built-in ones are there already.
class MapStrings extends Strings<SalesProcessMapStrings> {
  // Undefined while the base constructor adds the built-in locales (a field is set after it).
  private readonly more: boolean | undefined = true;

  override add(locale: string, strings: SalesProcessMapStrings | MessagesLoader<SalesProcessMapStrings>): this {
    if (this.more) {
      mapStatusStrings.add(locale, typeof strings === 'function'
        ? () => strings().then((m) => status('default' in m ? m.default : m))
        : status(strings));
    }
    return super.add(locale, strings);
  }
}

/** The process map's messages; `salesProcessMapStrings.add('de', {...})` adds a locale. */
export const salesProcessMapStrings: Strings<SalesProcessMapStrings> = new MapStrings('sales-process-map', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
