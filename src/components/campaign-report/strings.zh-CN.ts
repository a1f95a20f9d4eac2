import type { CampaignReportStrings } from './strings.js';

const zh: CampaignReportStrings = {
  title: '营销活动投资回报',
  intro: '每个营销活动带来了什么：线索、合格线索、赢单和收入，以及它的花费。',
  model: '归因模型',
  models: {
    'first-touch': '首次触达', 'last-touch': '末次触达', linear: '线性', 'u-shaped': 'U 型', 'w-shaped': 'W 型', 'time-decay': '时间衰减',
  },
  modelHelp: {
    'first-touch': '赢单计入最先带来此人的活动。',
    'last-touch': '赢单计入此人赢单前最近一次访问的活动。',
    linear: '赢单在带来此人的所有活动间平均分配。',
    'u-shaped': '首个活动 40%，产生线索的活动 40%，其余活动共 20%。',
    'w-shaped': '首个、产生线索和产生商机的活动各 30%，其余活动共 10%。',
    'time-decay': '越接近赢单的活动权重越高，每 7 天减半。',
  },
  columns: {
    campaign: '活动', leads: '线索', mqls: 'MQL', sqls: 'SQL', mqlToSql: 'MQL → SQL', mqlToSqlDays: 'MQL → SQL 天数', won: '赢单数',
    revenue: '收入', cost: '花费', costPerLead: '单条线索成本', costPerWon: '单笔赢单成本', roi: 'ROI',
  },
  caption: (model) => `按${model}归因的营销活动。选择列标题可排序。`,
  sortBy: (column) => `按${column}排序`,
  sorted: (column, ascending) => `已按${column}排序，${ascending ? '从低到高' : '从高到低'}。`,
  total: '全部活动',
  none: '无活动',
  costOf: (campaign) => `${campaign} 的花费`,
  costSaved: (campaign) => `已保存 ${campaign} 的花费。`,
  importCosts: '导入花费（CSV）',
  importHelp: '文件需有活动列和花费列（spend、spent 或 amount 也可）；同名活动的花费会被替换。',
  imported: (n) => `已导入 ${n} 个活动的花费。`,
  importProblems: (n) => `${n} 行未导入：`,
  importLine: (line, message) => `第 ${line} 行：${message}`,
  badCost: '花费不是 0 或以上的数字',
  noCampaignColumn: '文件没有活动列（campaign、utm_campaign 或 id）或花费列。',
  exportCsv: '导出 CSV',
  exported: '报表已保存为 CSV 文件。',
  chartTitle: '各活动的收入与花费',
  chartSummary: (best, roi) => (best ? `回报最高：${best}，ROI ${roi}。表格中有全部数据。` : '表格中有全部数据。'),
  chartEmpty: '还没有活动产生收入或花费。',
  revenue: '收入',
  cost: '花费',
  empty: '还没有线索或活动花费。',
  notSaved: (message) => `未保存：${message}`,
};

export default zh;
