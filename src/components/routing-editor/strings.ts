/** `<routing-editor>`'s own messages (English; Chinese loads on first use). */
import type { ConditionOp } from '../../core/predicate.js';
import type { RoutingProblemCode } from '../../core/routing-check.js';
import type { RoutingPeriod } from '../../core/routing.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<routing-editor>`. */
export interface RoutingEditorStrings {
  title: string;
  intro: string;
  rules: string;
  rule: (n: number) => string;
  ruleName: string;
  when: string;
  everyLead: string;
  field: string;
  operator: string;
  value: string;
  min: string;
  max: string;
  listHelp: string;
  addCondition: string;
  removeCondition: (n: number) => string;
  sendTo: string;
  toTeam: string;
  toOwner: string;
  toDefault: string;
  team: string;
  owner: string;
  moveUp: (name: string) => string;
  moveDown: (name: string) => string;
  removeRule: (name: string) => string;
  addRule: string;
  ops: Record<ConditionOp, string>;
  fields: Record<string, string>;
  customField: (name: string) => string;
  teams: string;
  teamName: string;
  members: string;
  weight: string;
  capacity: (period: string) => string;
  unlimited: string;
  available: string;
  addMember: string;
  removeMember: (name: string) => string;
  addTeam: string;
  removeTeam: (name: string) => string;
  general: string;
  defaultOwner: string;
  defaultOwnerHelp: string;
  period: string;
  periods: Record<RoutingPeriod, string>;
  slaHours: string;
  slaHelp: string;
  reroute: string;
  preview: string;
  previewHelp: (n: number) => string;
  previewLead: string;
  previewNow: string;
  previewBefore: string;
  previewChanged: (n: number) => string;
  noLeads: string;
  nobody: string;
  save: string;
  discard: string;
  saved: string;
  unchanged: string;
  problemsTitle: (n: number) => string;
  problem: (code: RoutingProblemCode, params: Record<string, string>) => string;
  notSaved: (message: string) => string;
  forbidden: string;
  waiting: string;
}

const en: RoutingEditorStrings = {
  title: 'Lead routing',
  intro: 'Rules are tried in order and the first that matches decides: it sends the lead to an owner, or shares it among a team by weight, within each member’s capacity. A returning contact always goes back to their owner.',
  rules: 'Rules',
  rule: (n) => `Rule ${n}`,
  ruleName: 'Name',
  when: 'When',
  everyLead: 'Every lead (no condition yet)',
  field: 'Field',
  operator: 'Condition',
  value: 'Value',
  min: 'From',
  max: 'To',
  listHelp: 'Separate values with commas.',
  addCondition: 'Add condition',
  removeCondition: (n) => `Remove condition ${n}`,
  sendTo: 'Send to',
  toTeam: 'A team (round robin)',
  toOwner: 'One owner',
  toDefault: 'The default owner',
  team: 'Team',
  owner: 'Owner',
  moveUp: (name) => `Move ${name} up`,
  moveDown: (name) => `Move ${name} down`,
  removeRule: (name) => `Remove ${name}`,
  addRule: 'Add rule',
  ops: {
    eq: 'equals', neq: 'does not equal', in: 'is one of', nin: 'is none of', gt: 'is more than', gte: 'is at least', lt: 'is less than',
    lte: 'is at most', between: 'is between', contains: 'contains', startsWith: 'starts with', exists: 'is filled in', missing: 'is empty',
  },
  fields: {
    country: 'Country', region: 'Region', industry: 'Industry', companySize: 'Company size', score: 'Score', grade: 'Grade', status: 'Status',
    title: 'Job title', company: 'Company', email: 'E-mail', 'source.utm_source': 'UTM source', 'source.utm_medium': 'UTM medium',
    'source.utm_campaign': 'UTM campaign', 'source.campaign': 'Campaign', 'source.referrer': 'Referrer',
  },
  customField: (name) => `Form field: ${name}`,
  teams: 'Teams',
  teamName: 'Team name',
  members: 'Members',
  weight: 'Weight',
  capacity: (period) => `Most leads per ${period}`,
  unlimited: 'No limit',
  available: 'Available',
  addMember: 'Add member',
  removeMember: (name) => `Remove ${name}`,
  addTeam: 'Add team',
  removeTeam: (name) => `Remove team ${name}`,
  general: 'Default owner, capacity period and SLA',
  defaultOwner: 'Default owner',
  defaultOwnerHelp: 'Gets the leads no rule or team could place. Empty: they wait in the pool.',
  period: 'Capacities count per',
  periods: { day: 'day', week: 'week', month: 'month' },
  slaHours: 'Hours to accept a lead (SLA)',
  slaHelp: 'Empty: no SLA. An owner’s lead not accepted in time is flagged in their inbox.',
  reroute: 'Route an overdue lead to someone else',
  preview: 'Preview',
  previewHelp: (n) => `Where the ${n === 1 ? 'most recent lead' : `${n} most recent leads`} would go with these settings, before you save. Nothing is stored.`,
  previewLead: 'Lead',
  previewNow: 'With these settings',
  previewBefore: 'With the saved settings',
  previewChanged: (n) => (n === 1 ? '1 lead would go elsewhere.' : `${n} leads would go elsewhere.`),
  noLeads: 'No leads yet to preview with.',
  nobody: 'Nobody (pool)',
  save: 'Save routing',
  discard: 'Discard changes',
  saved: 'Routing saved. New leads are routed by it from now on.',
  unchanged: 'Nothing changed.',
  problemsTitle: (n) => (n === 1 ? 'Fix this before saving:' : `Fix these ${n} problems before saving:`),
  problem: (code, p) => {
    switch (code) {
      case 'not-object': return 'This is not filled in correctly.';
      case 'not-list': return 'This list is missing.';
      case 'required': return 'Fill this in.';
      case 'duplicate': return p.of === 'member' ? `${p.id} is already in this team.` : `Another ${p.of === 'team' ? 'team' : 'rule'} is called ${p.id}: names must differ.`;
      case 'unknown-team': return `There is no team ${p.id}.`;
      case 'weight': return 'Use a number of 0 or more.';
      case 'capacity': return 'Use a whole number of 0 or more, or leave it empty for no limit.';
      case 'available': return 'Tick or untick this.';
      case 'period': return 'Choose day, week or month.';
      case 'condition-field': return 'Choose a field.';
      case 'condition-op': return 'Choose a condition.';
      case 'condition-value': return 'This value does not fit the condition (a number is needed, or a list, or two bounds).';
      case 'never-matches': return `This rule can never match: conditions ${p.conditions ?? ''} contradict each other.`;
      case 'shadowed': return `This rule can never match: ${p.by ?? ''} comes first and takes every lead it would.`;
      case 'sla-hours': return 'Use a number of hours above 0, or leave it empty.';
      case 'sla-reroute': return 'Tick or untick this.';
    }
  },
  notSaved: (message) => `Not saved: ${message}`,
  forbidden: 'Saved on this device, but the server refused it: changing routing needs an admin key. It is sent again once the key allows it.',
  waiting: 'Saved on this device; it is sent to the server when it can be reached.',
};

/** The routing editor's messages; add a locale with `routingEditorStrings.add('de', {...})`. */
export const routingEditorStrings = new Strings<RoutingEditorStrings>('routing-editor', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
