/** Simplified Chinese messages of planner-strings.ts, loaded the first time an element renders in zh-CN. */
import type { FunnelPlannerStrings } from './planner-strings.js';

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

export default zhCN;
