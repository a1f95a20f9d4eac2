/**
 * The data the React and Vue examples hand to the elements as properties (the plain HTML page has
 * the same data inline, so it can be copied alone). Plain JSON-shaped records, as an app would get
 * them from its API.
 */
import type { Deal, FormField, Pipeline, Process, StageInput } from 'l2c-elements';

/** A five-stage pipeline, with won and lost. */
export const pipeline: Pipeline = {
  id: 'sales',
  name: 'Sales',
  currency: 'USD',
  stages: [
    { id: 'lead', label: 'Lead', kind: 'open', probability: 0.1 },
    { id: 'qualified', label: 'Qualified', kind: 'open', probability: 0.3 },
    { id: 'proposal', label: 'Proposal', kind: 'open', probability: 0.6 },
    { id: 'negotiation', label: 'Negotiation', kind: 'open', probability: 0.8 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
  lostReasons: ['Price', 'Timing', 'Competitor'],
};

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const deal = (id: string, title: string, stageId: string, value: number, rank: number, days: number): Deal => ({
  id, title, value, currency: 'USD', pipelineId: 'sales', stageId, status: 'open', rank,
  createdAt: daysAgo(days + 7), updatedAt: daysAgo(days), history: [{ stageId, enteredAt: daysAgo(days) }],
});

/** The deals the board starts with; the app owns them and applies every `deal-moved`. */
export const initialDeals: readonly Deal[] = [
  deal('d1', 'Acme renewal', 'lead', 12_000, 1, 3),
  deal('d2', 'Globex pilot', 'lead', 8_500, 2, 6),
  deal('d3', 'Initech expansion', 'qualified', 30_000, 1, 12),
  deal('d4', 'Umbrella upgrade', 'proposal', 54_000, 1, 5),
  deal('d5', 'Stark rollout', 'negotiation', 120_000, 1, 9),
];

/** Funnel figures from a report: count and value per stage. */
export const funnelStages: StageInput[] = [
  { id: 'leads', label: 'Leads', count: 1200, value: 3_600_000 },
  { id: 'mql', label: 'Marketing qualified', count: 480, value: 1_900_000 },
  { id: 'sql', label: 'Sales qualified', count: 190, value: 1_100_000 },
  { id: 'proposal', label: 'Proposal sent', count: 80, value: 640_000 },
  { id: 'won', label: 'Closed won', count: 31, value: 372_000 },
];

/** The sales process as a flowchart; `lane` places each step in the service blueprint. */
export const process: Process = {
  nodes: [
    { id: 'inquiry', label: 'Inquiry', kind: 'start', lane: 'customer' },
    { id: 'capture', label: 'Capture lead', kind: 'stage', lane: 'frontstage' },
    { id: 'qualify', label: 'Qualify (BANT)', kind: 'stage', lane: 'backstage' },
    { id: 'fit', label: 'Good fit?', kind: 'decision', lane: 'backstage' },
    { id: 'nurture', label: 'Nurture', kind: 'stage', lane: 'support' },
    { id: 'propose', label: 'Send proposal', kind: 'stage', lane: 'frontstage' },
    { id: 'signed', label: 'Contract signed', kind: 'end', lane: 'customer' },
  ],
  edges: [
    { from: 'inquiry', to: 'capture' },
    { from: 'capture', to: 'qualify' },
    { from: 'qualify', to: 'fit' },
    { from: 'fit', to: 'propose', label: 'yes' },
    { from: 'fit', to: 'nurture', label: 'no' },
    { from: 'nurture', to: 'qualify' },
    { from: 'propose', to: 'signed' },
  ],
};

/** A custom field after the built-in ones. */
export const leadSchema: FormField[] = [
  { name: 'teamSize', type: 'select', label: 'Team size', options: ['1-10', '11-50', '51-200', '200+'] },
];

/** BANT weights for `model="weighted"`. */
export const bantWeights = { budget: 3, authority: 2, need: 3, timeline: 2 };

/** Every event the examples listen to, in the order the event table lists them. */
export const EVENTS = [
  'lead-submitted', 'deal-move', 'deal-moved', 'deal-opened', 'stage-selected', 'qualification-changed', 'change', 'node-selected',
] as const;
export type EventName = (typeof EVENTS)[number];

/** How many times each event arrived, and what the last one said. */
export type EventLog = Record<EventName, { count: number; last: string }>;

/** An empty log. */
export function emptyLog(): EventLog {
  return Object.fromEntries(EVENTS.map((name) => [name, { count: 0, last: '' }])) as EventLog;
}

/** The log with one more event. */
export function logged(log: EventLog, name: EventName, last: string): EventLog {
  return { ...log, [name]: { count: log[name].count + 1, last } };
}

/** The deals with one replaced by its moved copy (what a host does on `deal-moved`). */
export function applyMove(deals: readonly Deal[], moved: Deal): Deal[] {
  return deals.map((d) => (d.id === moved.id ? moved : d));
}
