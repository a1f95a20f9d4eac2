/** Simplified Chinese messages of lead-strings.ts, loaded the first time an element renders in zh-CN. */
import type { BantLeadStrings } from './lead-strings.js';

const zhList = (items: string[]) => items.join('、');

const zhCN: BantLeadStrings = {
  leadLoading: '正在加载线索…',
  leadNotFound: (id) => `找不到 ID 为“${id}”的线索。`,
  lastQualified: (date, outcome) => `上次评估（${date}）：${outcome}`,
  save: '保存评估',
  saved: (status) => `评估已保存，线索状态已更新为“${status}”。`,
  savedAnswers: '评估已保存。回答全部问题后才会更新线索状态。',
  convertHeading: '转为商机',
  pipelineLabel: '销售管道',
  valueLabel: '商机金额',
  convert: '转为商机',
  converted: (title, stage, pipeline) => `已转化：商机“${title}”位于“${pipeline}”的“${stage}”阶段。`,
  noPipeline: '没有包含进行中阶段的销售管道，无法创建商机。',
  pipelineSkipped: (name, problem) => `销售管道“${name}”无法使用：${problem}`,
  valueInvalid: '请输入不小于 0 的金额，或留空。',
  notReady: '时机未到？转入培育',
  nurtureHeading: '转入培育',
  reasonLabel: '原因',
  reasonRequired: '请说明线索尚未成熟的原因。',
  reentryLabel: '重新跟进日期',
  reentryInvalid: '请选择今天之后的日期。',
  nurture: '转入培育',
  nurtured: (date) => `线索将培育至 ${date}。`,
  defaultReason: (c) => `时机未到：${zhList(c)}未满足。`,
  actionFailed: (message) => `操作失败：${message}`,
  untitledDeal: '新商机',
};

export default zhCN;
