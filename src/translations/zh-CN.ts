import type { Translation } from './translation.js';

const list = (items: string[] = []) => new Intl.ListFormat('zh-CN', { type: 'conjunction' }).format(items);

/** Simplified Chinese messages. */
const zhCN: Translation = {
  $code: 'zh-CN',
  $name: '简体中文',
  $dir: 'ltr',

  close: '关闭',
  cancel: '取消',
  save: '保存',
  retry: '重试',
  discard: '放弃',
  loading: '加载中…',
  required: '必填',
  optional: '选填',
  notAvailable: '—',

  leadStatus: {
    new: '新线索',
    nurturing: '培育中',
    mql: '市场认可线索',
    sql: '销售认可线索',
    disqualified: '不合格',
    converted: '已转化',
  },
  dealStatus: { open: '进行中', won: '赢单', lost: '丢单' },
  moveRefused: (reason, { from, to, fields }) => {
    switch (reason) {
      case 'unknown-stage': return `此销售流程中没有“${to ?? ''}”阶段。`;
      case 'same-stage': return `该商机已处于${to ?? '此阶段'}。`;
      case 'skip-not-allowed': return `此销售流程不允许跳过阶段：请先从${from ?? '起点'}移到下一阶段。`;
      case 'backward-not-allowed': return `此销售流程不允许从${from ?? '当前阶段'}退回到${to ?? '之前的阶段'}。`;
      case 'missing-fields': return `移到${to ?? '此阶段'}之前，请先填写${list(fields)}。`;
      case 'lost-reason-required': return '请选择丢单原因。';
    }
  },

  storageBlocked: '数据库正在升级，但本网站的其他标签页仍在使用它。请关闭其他标签页后重试。',
  storageUnavailable: '此浏览器不允许在这里保存数据（隐私模式或已关闭存储）。',
  storageQuota: '本网站的浏览器存储空间已满。请释放空间后重试。',

  deals: (n) => `${n} 个商机`,
  leads: (n) => `${n} 条线索`,
  days: (n) => `${n} 天`,
};

export default zhCN;
