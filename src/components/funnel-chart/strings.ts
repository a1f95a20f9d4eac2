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

/** The funnel chart's messages. */
export const funnelChartStrings = new Strings<FunnelChartStrings>('funnel-chart', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
