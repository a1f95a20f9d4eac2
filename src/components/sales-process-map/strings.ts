/** Messages of `<sales-process-map>` in every built-in locale. */
import type { BlueprintLane, MetricsIssue, ProcessIssue, ProcessNodeKind, ProcessTerms } from '../../core/process.js';
import { Strings } from '../../internal/localize.js';
import { mapStatusEn, mapStatusStrings, mapStatusZhCN, type MapStatusStrings } from './status-strings.js';

/** The three lines of a service blueprint, top to bottom. */
export type BlueprintLine = 'interaction' | 'visibility' | 'internal';

/** Every message of the process map (`empty` and `loadFailed` from MapStatusStrings). */
export interface SalesProcessMapStrings extends MapStatusStrings {
  /** Accessible name of the drawing; `name` is the pipeline's, when there is one. */
  mapLabel: (name: string | undefined, view: 'flow' | 'blueprint') => string;
  /** Words of a process derived from a pipeline. */
  terms: ProcessTerms;
  /** A node's kind, read after its label. */
  kinds: Record<ProcessNodeKind, string>;
  won: string;
  lost: string;
  lanes: Record<BlueprintLane, string>;
  lines: Record<BlueprintLine, string>;
  toolbar: string;
  zoomIn: string;
  zoomOut: string;
  zoomReset: string;
  /** Announced after zooming; `percent` is formatted. */
  zoomed: (percent: string) => string;
  instructions: string;
  /** Short numbers inside a node: count, conversion and days are formatted (or null when unknown). */
  metricsShort: (count: string, conversion: string | null, days: string | null) => string;
  /** The same, as a sentence for assistive technology. */
  metricsLong: (count: number, conversion: string | null, days: string | null) => string;
  /** Formatted average days, short ("5.2 d"). */
  daysShort: (days: string) => string;
  legend: string;
  bottleneckConversion: (label: string, conversion: string) => string;
  bottleneckDays: (label: string, days: string) => string;
  /** How often deals took a back-edge, appended to its label. */
  withCount: (label: string, count: string) => string;
  leadsTo: (labels: string[]) => string;
  comesAfter: (labels: string[]) => string;
  noNext: string;
  noPrevious: string;
  pipelineNotFound: (id: string) => string;
  issuesTitle: (count: number) => string;
  processIssue: (issue: ProcessIssue) => string;
  metricsIssue: (issue: MetricsIssue) => string;
  pipelineIssue: (path: string, message: string) => string;
}

// One formatter per language: every node's description lists its neighbours.
const enLists = new Intl.ListFormat('en', { type: 'conjunction' });
const zhLists = new Intl.ListFormat('zh-CN', { type: 'conjunction' });
const enList = (items: string[]) => enLists.format(items);
const zhList = (items: string[]) => zhLists.format(items);
const q = (s: string | undefined) => `"${s ?? ''}"`;

const en: SalesProcessMapStrings = {
  ...mapStatusEn,
  mapLabel: (name, view) => `${view === 'blueprint' ? 'Service blueprint' : 'Process flowchart'}${name ? `: ${name}` : ''}`,
  terms: { start: 'Start', decision: 'Won?', yes: 'yes', no: 'no', back: 'back' },
  kinds: { start: 'start', stage: 'step', decision: 'decision', end: 'end' },
  won: 'won',
  lost: 'lost',
  lanes: {
    evidence: 'Physical evidence',
    customer: 'Customer actions',
    frontstage: 'Front-stage',
    backstage: 'Back-stage',
    support: 'Support processes',
  },
  lines: { interaction: 'Line of interaction', visibility: 'Line of visibility', internal: 'Line of internal interaction' },
  toolbar: 'Map controls',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Fit to view',
  zoomed: (p) => `Zoom ${p}`,
  instructions: 'Arrow keys follow the arrows: right or down to a next step, left or up to an earlier one. '
    + 'Enter selects a step. Plus and minus zoom, 0 fits the map. Drag to move it; Ctrl and the mouse wheel zoom.',
  metricsShort: (count, conversion, days) => [count, conversion && `${conversion} →`, days].filter(Boolean).join(' · '),
  metricsLong: (count, conversion, days) => [
    `${count === 1 ? '1 deal' : `${count} deals`} reached it`,
    conversion && `${conversion} went on to the next step`,
    days && `${days} there on average`,
  ].filter(Boolean).join('; ') + '.',
  daysShort: (d) => `${d} d`,
  legend: 'On each step: deals · conversion to the next step · average days.',
  bottleneckConversion: (label, c) => `Bottleneck: ${label}, with the lowest conversion to the next step (${c}).`,
  bottleneckDays: (label, d) => `Bottleneck: ${label}, where deals stay longest (${d} on average).`,
  withCount: (label, n) => `${label} (${n})`,
  leadsTo: (labels) => `Leads to ${enList(labels)}.`,
  comesAfter: (labels) => `Comes after ${enList(labels)}.`,
  noNext: 'No step follows this one.',
  noPrevious: 'No step comes before this one.',
  pipelineNotFound: (id) => `There is no pipeline "${id}".`,
  issuesTitle: (n) => `${n === 1 ? 'One problem' : `${n} problems`} in the process; the rest is drawn.`,
  processIssue: (i) => {
    if (i.code === 'not-an-object') return 'The process must be an object with nodes and edges.';
    if (i.code === 'not-a-list') return `${i.path} must be a list.`;
    if (i.code === 'too-many') return `${i.path} has ${i.value ?? 'too many'} items; only the first ones are drawn.`;
    const edge = i.path.startsWith('edges');
    const node = i.id !== undefined && !edge && i.code !== 'duplicate-id' ? ` (node ${q(i.id)})` : '';
    const why = {
      'not-an-object-item': 'not an object',
      'missing-id': 'missing',
      'duplicate-id': `${q(i.id)} is used twice`,
      'missing-label': 'missing',
      'bad-kind': `${q(i.value)} is not start, stage, decision or end`,
      'bad-lane': `${q(i.value)} is not evidence, customer, frontstage, backstage or support`,
      'unknown-node': i.id !== undefined ? `${q(i.id)} is not a node` : 'no node id',
      'invalid-node': `node ${q(i.id)} is invalid`,
    }[i.code];
    return `${i.path}${node}: ${why}; the ${edge ? 'edge' : 'node'} is left out.`;
  },
  metricsIssue: (i) => (i.code === 'not-an-object' && !i.id
    ? 'The metrics must be an object keyed by node id.'
    : `metrics ${i.path} must be a number of 0 or more; the numbers of ${q(i.id)} are left out.`),
  pipelineIssue: (path, message) => `The pipeline's ${path || 'data'} ${message}.`,
};

const zhCN: SalesProcessMapStrings = {
  ...mapStatusZhCN,
  mapLabel: (name, view) => `${view === 'blueprint' ? '服务蓝图' : '流程图'}${name ? `：${name}` : ''}`,
  terms: { start: '开始', decision: '是否赢单？', yes: '是', no: '否', back: '退回' },
  kinds: { start: '起点', stage: '步骤', decision: '判断', end: '终点' },
  won: '赢单',
  lost: '丢单',
  lanes: {
    evidence: '有形展示',
    customer: '客户行为',
    frontstage: '前台接触',
    backstage: '后台行为',
    support: '支持过程',
  },
  lines: { interaction: '互动分界线', visibility: '可视分界线', internal: '内部互动线' },
  toolbar: '地图控件',
  zoomIn: '放大',
  zoomOut: '缩小',
  zoomReset: '适应窗口',
  zoomed: (p) => `缩放 ${p}`,
  instructions: '方向键沿箭头移动：右键或下键到下一步，左键或上键回到上一步。按回车键选择步骤。'
    + '加号和减号缩放，0 键恢复全图。拖动可移动图形；按住 Ctrl 滚动鼠标滚轮可缩放。',
  metricsShort: (count, conversion, days) => [count, conversion && `${conversion} →`, days].filter(Boolean).join(' · '),
  metricsLong: (count, conversion, days) => [
    `${count} 个商机到达此步`,
    conversion && `${conversion} 进入下一步`,
    days && `平均停留 ${days}`,
  ].filter(Boolean).join('；') + '。',
  daysShort: (d) => `${d} 天`,
  legend: '每一步的数字：商机数 · 进入下一步的转化率 · 平均停留天数。',
  bottleneckConversion: (label, c) => `瓶颈：${label}，进入下一步的转化率最低（${c}）。`,
  bottleneckDays: (label, d) => `瓶颈：${label}，商机在此停留最久（平均 ${d}）。`,
  withCount: (label, n) => `${label}（${n}）`,
  leadsTo: (labels) => `下一步：${zhList(labels)}。`,
  comesAfter: (labels) => `上一步：${zhList(labels)}。`,
  noNext: '这是最后一步。',
  noPrevious: '这是第一步。',
  pipelineNotFound: (id) => `找不到销售管道“${id}”。`,
  issuesTitle: (n) => `流程数据有 ${n} 个问题，其余部分照常显示。`,
  processIssue: (i) => {
    if (i.code === 'not-an-object') return '流程必须是包含 nodes 和 edges 的对象。';
    if (i.code === 'not-a-list') return `${i.path} 必须是列表。`;
    if (i.code === 'too-many') return `${i.path} 共有 ${i.value ?? '过多'} 项，只显示前面的部分。`;
    const edge = i.path.startsWith('edges');
    const node = i.id !== undefined && !edge && i.code !== 'duplicate-id' ? `（节点“${i.id}”）` : '';
    const why = {
      'not-an-object-item': '不是对象',
      'missing-id': '缺失',
      'duplicate-id': `id“${i.id ?? ''}”重复`,
      'missing-label': '缺失',
      'bad-kind': `“${i.value ?? ''}”不是 start、stage、decision 或 end`,
      'bad-lane': `“${i.value ?? ''}”不是 evidence、customer、frontstage、backstage 或 support`,
      'unknown-node': i.id !== undefined ? `“${i.id}”不是已有节点` : '缺少节点 id',
      'invalid-node': `节点“${i.id ?? ''}”无效`,
    }[i.code];
    return `${i.path}${node}：${why}，该${edge ? '连线' : '节点'}已略去。`;
  },
  metricsIssue: (i) => (i.code === 'not-an-object' && !i.id
    ? '指标数据必须是以节点 id 为键的对象。'
    : `指标 ${i.path} 必须是不小于 0 的数字，“${i.id ?? ''}”的数字已略去。`),
  pipelineIssue: (path, message) => `销售管道数据有误：${path || '数据'} ${message}。`,
};

// The element shows two of these messages before this module has loaded, from its own copy:
// a locale added here goes there too.
class MapStrings extends Strings<SalesProcessMapStrings> {
  override add(locale: string, strings: SalesProcessMapStrings): this {
    mapStatusStrings.add(locale, { empty: strings.empty, loadFailed: strings.loadFailed });
    return super.add(locale, strings);
  }
}

/** The process map's messages; `salesProcessMapStrings.add('de', {...})` adds a locale. */
export const salesProcessMapStrings: Strings<SalesProcessMapStrings> = new MapStrings('sales-process-map', { en, 'zh-CN': zhCN });
