/** Simplified Chinese messages of strings.ts, loaded the first time an element renders in zh-CN. */
import type { BantQualifierStrings } from './strings.js';

const zhList = (items: string[]) => items.join('、');

const zhCN: BantQualifierStrings = {
  criterion: { budget: '预算', authority: '决策权', need: '需求', timeline: '时间线' },
  question: {
    budget: '预算是否足以覆盖我们的报价？',
    authority: '联系人是否有权做出采购决定？',
    need: '客户的需求与我们的产品是否匹配？',
    timeline: '采购时间是否符合我们的销售周期？',
  },
  guidance: {
    budget: '是否已列支预算？金额是否在报价范围内？',
    authority: '此人能否拍板？还需要谁同意？',
    need: '客户想解决什么问题？我们的产品能否解决？',
    timeline: '客户打算何时采购？届时能否完成签约？',
  },
  level: { yes: '是', partial: '部分', no: '否' },
  disqualifiesHint: '（直接判定不合格）',
  noteLabel: (criterion) => `${criterion}备注`,
  outcomeHeading: '评估结果',
  outcome: { sql: '销售认可线索（SQL）', nurture: '继续培育', disqualified: '不合格' },
  score: (percent) => `得分 ${percent}`,
  threshold: (percent) => `达到 ${percent} 即为 SQL`,
  modelAll: '四项标准须全部满足',
  unanswered: (c) => `尚未回答：${zhList(c)}。`,
  notMet: (c) => `未满足：${zhList(c)}。`,
  disqualifiedBy: (c) => `判定不合格的原因：${zhList(c)}。`,
  allMet: '各项标准均已满足。',
  announce: (outcome, detail) => (detail ? `${outcome}。${detail}` : `${outcome}。`),
  valueMissing: (c) => `请回答全部 BANT 问题。尚未回答：${zhList(c)}。`,
  answerThis: '请回答此问题。',
  configError: '部分评估设置无效，已改用默认值：',
};

export default zhCN;
