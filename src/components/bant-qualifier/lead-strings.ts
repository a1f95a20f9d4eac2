/** Messages of `<bant-qualifier>` about a stored lead (with `lead-id`): loaded with bant-lead.ts. */
import { Strings } from '../../internal/localize.js';
import { enList, zhList } from './strings.js';

/** What the qualifier says about the lead it qualifies and the actions on it. */
export interface BantLeadStrings {
  leadLoading: string;
  leadNotFound: (id: string) => string;
  lastQualified: (date: string, outcome: string) => string;
  save: string;
  saved: (status: string) => string;
  savedAnswers: string;
  convertHeading: string;
  pipelineLabel: string;
  valueLabel: string;
  convert: string;
  converted: (title: string, stage: string, pipeline: string) => string;
  noPipeline: string;
  pipelineSkipped: (name: string, problem: string) => string;
  valueInvalid: string;
  notReady: string;
  nurtureHeading: string;
  reasonLabel: string;
  reasonRequired: string;
  reentryLabel: string;
  reentryInvalid: string;
  nurture: string;
  nurtured: (date: string) => string;
  /** The reason offered by default when a lead goes to nurture. */
  defaultReason: (criteria: string[]) => string;
  actionFailed: (message: string) => string;
  untitledDeal: string;
}

const en: BantLeadStrings = {
  leadLoading: 'Loading the lead…',
  leadNotFound: (id) => `There is no lead with the id “${id}”.`,
  lastQualified: (date, outcome) => `Last qualified ${date}: ${outcome}`,
  save: 'Save qualification',
  saved: (status) => `Qualification saved. The lead is now “${status}”.`,
  savedAnswers: 'Qualification saved. Answer every question to set the lead’s status.',
  convertHeading: 'Convert to deal',
  pipelineLabel: 'Pipeline',
  valueLabel: 'Deal value',
  convert: 'Convert to deal',
  converted: (title, stage, pipeline) => `Converted: the deal “${title}” is in ${stage} of ${pipeline}.`,
  noPipeline: 'There is no pipeline with an open stage to create the deal in.',
  pipelineSkipped: (name, problem) => `Pipeline “${name}” cannot be used: ${problem}`,
  valueInvalid: 'Enter a value of 0 or more, or leave it empty.',
  notReady: 'Not ready yet? Send to nurture',
  nurtureHeading: 'Send to nurture',
  reasonLabel: 'Reason',
  reasonRequired: 'Say why the lead is not ready.',
  reentryLabel: 'Look at it again on',
  reentryInvalid: 'Choose a date after today.',
  nurture: 'Move to nurture',
  nurtured: (date) => `The lead is in nurture until ${date}.`,
  defaultReason: (c) => `Not ready: ${enList(c)} not met.`,
  actionFailed: (message) => `That did not work: ${message}`,
  untitledDeal: 'New deal',
};

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

/** The lead panel's messages; `.strings` on the element overrides them like every other message. */
export const bantLeadStrings = new Strings<BantLeadStrings>('bant-qualifier-lead', { en, 'zh-CN': zhCN });
