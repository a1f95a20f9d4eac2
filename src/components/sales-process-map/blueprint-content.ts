/**
 * What the service blueprint shows around each stage of a pipeline made from a shipped template:
 * physical evidence, customer actions, back-stage work and support processes, and the blueprint's
 * layout (blueprint-layout.ts). Loaded lazily, only for `view="blueprint"`. Stages the table does
 * not know get a generic customer action and back-stage step.
 */
import type { LaneContent } from '../../core/process.js';
import type { Stage } from '../../core/model.js';
import { Strings } from '../../internal/localize.js';

export { layoutBlueprint } from './blueprint-layout.js';

/** Blueprint texts of one locale. */
export interface BlueprintContentStrings {
  /** Per template stage id: "evidence|customer action|back-stage|support" (an empty part shows nothing). */
  stages: Record<string, string>;
  /** The customer action of a stage the table does not know. */
  customer: (stageLabel: string) => string;
  /** The back-stage step of a stage the table does not know. */
  backstage: string;
}

const en: BlueprintContentStrings = {
  stages: {
    lead: 'Web form, ad|Fills in a form or replies|Score and dedupe the lead|Marketing automation',
    nurturing: 'Newsletter, guides|Reads content, visits the site|Track engagement, re-score|Email platform',
    qualified: 'Call notes|Answers BANT questions|Check fit, route to a rep|CRM, routing rules',
    presentation: 'Demo, slide deck|Watches the demo|Prepare a tailored demo|Demo environment',
    'needs-analysis': 'Requirements document|Shares needs and criteria|Map needs to the solution|Solution engineering',
    negotiation: 'Quote|Negotiates price and terms|Approve discounts|Pricing and CPQ',
    'objection-handling': 'Case studies, references|Raises concerns|Gather proof from experts|Product and legal teams',
    contract: 'Contract, e-signature|Signs the contract|Draft and review the contract|Legal, e-signature',
    prospecting: 'Ads, events|Notices the company|Build target account lists|Data providers, CRM',
    'initial-contact': 'Email, call|Takes the first call|Research the account|CRM, sales engagement',
    qualification: 'Call notes|Answers qualifying questions|Check BANT, route the deal|CRM',
    closing: 'Order form|Places the order|Book the order|Billing, ERP',
    'follow-up': 'Welcome pack, invoice|Confirms delivery|Hand over to delivery|Customer success',
    contact: 'Email, call|Describes the situation|Research the account|CRM',
    'quote-negotiation': 'Quote|Compares and negotiates|Price and approve the quote|CPQ, finance',
    'contract-delivery': 'Contract, delivery note|Signs and receives|Fulfil and invoice|Logistics, billing',
    'after-sales': 'Support portal|Uses and renews|Solve tickets, plan renewal|Support desk',
    awareness: 'Ads, social posts|Sees the brand|Plan campaigns|Ad platforms',
    interest: 'Website, blog|Reads and compares|Publish content, track visits|CMS, analytics',
    desire: 'Demo, trial|Tries the product|Follow up on trials|Trial environment',
    aware: 'Ads, word of mouth|Hears of the brand|Plan reach|Media buying',
    appeal: 'Website, packaging|Shortlists the brand|Sharpen the message|Brand team',
    ask: 'Reviews, chat|Asks friends and the company|Answer questions fast|Support desk, community',
  },
  customer: (label) => `Takes part in “${label}”`,
  backstage: 'Update the CRM record',
};

/** The blueprint texts; `blueprintStrings.add('de', {...})` adds a locale. */
export const blueprintStrings = new Strings<BlueprintContentStrings>('sales-process-map-blueprint', { en, 'zh-CN': () => import('./blueprint-content.zh-CN.js') });

/** The blueprint items of `stage` (labelled `label`) from `texts`. */
export function laneContent(texts: BlueprintContentStrings, stage: Stage, label: string): LaneContent {
  const row = Object.hasOwn(texts.stages, stage.id) ? texts.stages[stage.id] : undefined;
  if (row === undefined) return { customer: texts.customer(label), backstage: texts.backstage };
  const [evidence, customer, backstage, support] = row.split('|');
  return { evidence, customer, backstage, support };
}
