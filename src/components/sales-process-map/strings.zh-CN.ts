/**
 * Simplified Chinese messages of strings.ts, loaded the first time a map renders in zh-CN (also
 * for the two messages of status-strings.ts: a map in Chinese soon needs the rest).
 */
import type { SalesProcessMapStrings } from './strings.js';

const zhLists = new Intl.ListFormat('zh-CN', { type: 'conjunction' });
const zhList = (items: string[]) => zhLists.format(items);

const zhCN: SalesProcessMapStrings = {
  empty: '暂无内容：请为流程图提供流程或销售管道。',
  loadFailed: '布局代码未能加载，无法绘制流程图。请检查网络后刷新页面。',
  mapLabel: (name, view) => `${view === 'blueprint' ? '服务蓝图' : '流程图'}${name ? `：${name}` : ''}`,
  terms: { start: '开始', decision: '是否赢单？', yes: '是', no: '否', back: '退回', lost: '丢单' },
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
  bottleneckClose: (label, share) => `瓶颈：成交环节（${label}），到达此处的商机只有 ${share} 赢单。`,
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

export default zhCN;
