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

const zhCN: FunnelPlannerStrings = {
  plannerTitle: '收入规划',
  target: '收入目标',
  averageDealValue: '平均成交金额',
  planSummary: (s) => `按平均成交金额 ${s.average}（${s.measured ? '按最后阶段实测' : '设定值'}）计算，要达到 ${s.target}，需要赢单 ${s.winsText} 个。`,
  planCaption: '为达到收入目标，各阶段所需的数量',
  now: '当前',
  rateToNext: '转化到下一阶段',
  needed: '所需',
  noTarget: '输入收入目标，即可看到每个阶段需要多少。',
  noAverage: '平均成交金额未知：请为各阶段提供金额，或设置 average-deal-value。',
  infeasible: (stage) => `无法达到目标：“${stage}”没有任何转化到下一阶段。`,
  whatIfTitle: '假设分析',
  whatIfStage: '环节',
  stepName: (from, to) => `${from} → ${to}`,
  whatIfRate: '到下一阶段的转化率（%）',
  whatIfResult: (w) => `顶部数量同为 ${w.top} 时，预计收入从 ${w.before} 变为 ${w.after}（${w.delta}，${w.deltaRate}）。`,
  whatIfNeed: (stage, before, after) => `要达到目标，“${stage}”需要 ${after}，而不是 ${before}。`,
  reset: '重置',
};

/** The planner's messages; `.strings` on the element overrides them like every other message. */
export const funnelPlannerStrings = new Strings<FunnelPlannerStrings>('funnel-chart-planner', { en, 'zh-CN': zhCN });
