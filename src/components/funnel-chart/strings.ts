/**
 * Messages of `<funnel-chart>` in every built-in locale. Numbers arrive already formatted (Intl,
 * per locale); messages only place them, and decide plurals.
 */
import { Strings } from '../../internal/localize.js';
import type { FunnelMeasure, FunnelPercentBase, StageProblem } from './funnel-data.js';

/** What the canvas summary names. */
export interface SummaryInfo {
  count: number;
  first: string;
  firstFigure: string;
  last: string;
  lastFigure: string;
  /** Share of the first stage that reached the last one, formatted. */
  overall: string;
}

/** What a segment's accessible name names; `step` and `change` are absent for the first stage. */
export interface SegmentInfo {
  label: string;
  figure: string;
  cumulative: string;
  step?: string;
  change?: string;
}

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

/** Every message of the funnel chart. */
export interface FunnelChartStrings {
  stagesLabel: string;
  summary: (info: SummaryInfo) => string;
  empty: string;
  chartFailed: string;
  percentNote: (base: FunnelPercentBase) => string;
  segmentName: (info: SegmentInfo) => string;

  problemsTitle: string;
  stagesNotList: string;
  stageProblem: (problem: StageProblem) => string;
  pipelineMissing: (id: string) => string;
  pipelineInvalid: (name: string, details: string) => string;
  dealsInvalid: (count: number, details: string) => string;

  toolbar: string;
  table: string;
  downloadPng: string;
  downloadCsv: string;

  tableCaption: (mode: FunnelMeasure) => string;
  stage: string;
  count: string;
  value: string;
  stepConversion: string;
  cumulativeConversion: string;
  dropOff: string;
  dropOffRate: string;

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

const en: FunnelChartStrings = {
  stagesLabel: 'Funnel stages',
  summary: (s) => (s.count === 1
    ? `Funnel chart with 1 stage: ${s.first} (${s.firstFigure}).`
    : `Funnel chart with ${s.count} stages, from ${s.first} (${s.firstFigure}) to ${s.last} (${s.lastFigure}); ${s.overall} of the first stage reached the last.`),
  empty: 'No stages to show.',
  chartFailed: 'The chart could not be loaded; the figures are in the table.',
  percentNote: (base) => (base === 'top'
    ? 'Bars: share of the first stage. Between bars: change from the previous stage.'
    : 'Bars: conversion from the previous stage. Between bars: change from the previous stage.'),
  segmentName: (s) => (s.step === undefined
    ? `${s.label}: ${s.figure}, ${s.cumulative} of the first stage`
    : `${s.label}: ${s.figure}, ${s.step} of the previous stage, ${s.cumulative} of the first stage, change ${s.change ?? '—'}`),

  problemsTitle: 'Some of the data could not be used as given',
  stagesNotList: '.stages must be a list of { id, label, count, value? }; nothing could be drawn.',
  stageProblem: (p) => {
    const name = p.id === undefined ? p.path : `${p.path} ("${p.id}")`;
    switch (p.kind) {
      case 'object': return `${p.path} must be an object with id, label and count; it was left out.`;
      case 'id': return `${p.path}.id must be a non-empty text; the stage was left out.`;
      case 'duplicate': return `${p.path}.id "${p.id ?? ''}" repeats ${p.first ?? 'an earlier stage'}; the stage was left out.`;
      case 'count': return `${name}: count must be a number of at least 0; the stage was left out.`;
      case 'value': return `${name}: value must be a number of at least 0; the value was ignored.`;
      case 'label': return `${name}: label must be a text; the id is shown instead.`;
      case 'too-many': return `Only the first ${p.limit ?? 0} of ${p.given ?? 0} stages are shown.`;
    }
  },
  pipelineMissing: (id) => `There is no pipeline "${id}".`,
  pipelineInvalid: (name, details) => `The pipeline "${name}" has problems: ${details}.`,
  dealsInvalid: (n, details) => `${n === 1 ? '1 deal has' : `${n} deals have`} problems and may be counted incompletely: ${details}.`,

  toolbar: 'Funnel chart actions',
  table: 'Table',
  downloadPng: 'Download PNG',
  downloadCsv: 'Download CSV',

  tableCaption: (mode) => (mode === 'value' ? 'Funnel figures (conversion and drop-off by value)' : 'Funnel figures'),
  stage: 'Stage',
  count: 'Count',
  value: 'Value',
  stepConversion: 'Step conversion',
  cumulativeConversion: 'Cumulative conversion',
  dropOff: 'Drop-off',
  dropOffRate: 'Drop-off rate',

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

const zhCN: FunnelChartStrings = {
  stagesLabel: '漏斗阶段',
  summary: (s) => (s.count === 1
    ? `漏斗图，共 1 个阶段：“${s.first}”（${s.firstFigure}）。`
    : `漏斗图，共 ${s.count} 个阶段，从“${s.first}”（${s.firstFigure}）到“${s.last}”（${s.lastFigure}），首阶段的 ${s.overall} 走到了最后。`),
  empty: '没有可显示的阶段。',
  chartFailed: '图表未能加载，各项数据见表格。',
  percentNote: (base) => (base === 'top'
    ? '条形：占首阶段的比例。条形之间：较上一阶段的变化。'
    : '条形：环节转化率（占上一阶段的比例）。条形之间：较上一阶段的变化。'),
  segmentName: (s) => (s.step === undefined
    ? `${s.label}：${s.figure}，总转化率 ${s.cumulative}`
    : `${s.label}：${s.figure}，环节转化率 ${s.step}，总转化率 ${s.cumulative}，较上一阶段 ${s.change ?? '—'}`),

  problemsTitle: '部分数据有误，未按原样使用',
  stagesNotList: '.stages 必须是 { id, label, count, value? } 组成的列表，因此无法绘制。',
  stageProblem: (p) => {
    const name = p.id === undefined ? p.path : `${p.path}（“${p.id}”）`;
    switch (p.kind) {
      case 'object': return `${p.path} 必须是包含 id、label 和 count 的对象，已略去该阶段。`;
      case 'id': return `${p.path}.id 必须是非空文本，已略去该阶段。`;
      case 'duplicate': return `${p.path}.id“${p.id ?? ''}”与 ${p.first ?? '前面的阶段'} 重复，已略去该阶段。`;
      case 'count': return `${name}：count 必须是不小于 0 的数字，已略去该阶段。`;
      case 'value': return `${name}：value 必须是不小于 0 的数字，已忽略该金额。`;
      case 'label': return `${name}：label 必须是文本，改为显示 id。`;
      case 'too-many': return `共有 ${p.given ?? 0} 个阶段，只显示前 ${p.limit ?? 0} 个。`;
    }
  },
  pipelineMissing: (id) => `找不到销售流程“${id}”。`,
  pipelineInvalid: (name, details) => `销售流程“${name}”有问题：${details}。`,
  dealsInvalid: (n, details) => `有 ${n} 个商机的数据有误，统计可能不完整：${details}。`,

  toolbar: '漏斗图操作',
  table: '表格',
  downloadPng: '下载 PNG',
  downloadCsv: '下载 CSV',

  tableCaption: (mode) => (mode === 'value' ? '漏斗数据（转化率与流失按金额计算）' : '漏斗数据'),
  stage: '阶段',
  count: '数量',
  value: '金额',
  stepConversion: '环节转化率',
  cumulativeConversion: '总转化率',
  dropOff: '流失',
  dropOffRate: '流失率',

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

/** The funnel chart's messages. */
export const funnelChartStrings = new Strings<FunnelChartStrings>('funnel-chart', { en, 'zh-CN': zhCN });
