/** Simplified Chinese messages of strings.ts, loaded the first time an element renders in zh-CN. */
import type { FunnelChartStrings } from './strings.js';

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

export default zhCN;
