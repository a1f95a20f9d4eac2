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
};

/** The funnel chart's messages. */
export const funnelChartStrings = new Strings<FunnelChartStrings>('funnel-chart', { en, 'zh-CN': zhCN });
