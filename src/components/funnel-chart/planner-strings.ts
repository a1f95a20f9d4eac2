/** Messages of the revenue plan of `<funnel-chart>` (with `planner`): loaded with funnel-planner.ts. */
import { Strings } from '../../internal/localize.js';

/** What the plan summary names. */
export interface PlanSummaryInfo {
  target: string;
  average: string;
  wins: number;
  winsText: string;
  measured: boolean;
}

/** What the what-if result names. */
export interface WhatIfInfo {
  top: string;
  before: string;
  after: string;
  delta: string;
  deltaRate: string;
}

/** Every message of the revenue plan and the what-if. */
export interface FunnelPlannerStrings {
  plannerTitle: string;
  target: string;
  averageDealValue: string;
  planSummary: (info: PlanSummaryInfo) => string;
  planCaption: string;
  now: string;
  rateToNext: string;
  needed: string;
  noTarget: string;
  noAverage: string;
  infeasible: (stage: string) => string;
  whatIfTitle: string;
  whatIfStage: string;
  stepName: (from: string, to: string) => string;
  whatIfRate: string;
  whatIfResult: (info: WhatIfInfo) => string;
  whatIfNeed: (stage: string, before: string, after: string) => string;
  reset: string;
}

const en: FunnelPlannerStrings = {
  plannerTitle: 'Revenue plan',
  target: 'Revenue target',
  averageDealValue: 'Average deal value',
  planSummary: (s) => `Reaching ${s.target} at an average deal value of ${s.average} (${s.measured ? 'measured on the last stage' : 'as set'}) takes ${s.wins === 1 ? '1 win' : `${s.winsText} wins`}.`,
  planCaption: 'Needed at each stage for the revenue target',
  now: 'Now',
  rateToNext: 'Converts to next',
  needed: 'Needed',
  noTarget: 'Enter a revenue target to see how many are needed at each stage.',
  noAverage: 'The average deal value is unknown: give the stages a value, or set average-deal-value.',
  infeasible: (stage) => `No plan reaches the target: nothing converts from ${stage} to the next stage.`,
  whatIfTitle: 'What if',
  whatIfStage: 'Step',
  stepName: (from, to) => `${from} → ${to}`,
  whatIfRate: 'Conversion to the next stage (%)',
  whatIfResult: (w) => `With the same ${w.top} at the top, expected revenue goes from ${w.before} to ${w.after} (${w.delta}, ${w.deltaRate}).`,
  whatIfNeed: (stage, before, after) => `To reach the target, ${stage} needs ${after} instead of ${before}.`,
  reset: 'Reset',
};

/** The planner's messages; `.strings` on the element overrides them like every other message. */
export const funnelPlannerStrings = new Strings<FunnelPlannerStrings>('funnel-chart-planner', { en, 'zh-CN': () => import('./planner-strings.zh-CN.js') });
