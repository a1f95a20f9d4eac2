/** Simplified Chinese messages of draft-strings.ts, loaded the first time a form renders in zh-CN. */
import type { DraftStrings } from './draft-strings.js';

const zhCN: DraftStrings = {
  fields: {
    title: '名称', value: '金额', currency: '币种', expectedClose: '预计成交日期', ownerId: '负责人', leadId: '联系人或线索',
    probability: '赢单概率（%）', stageId: '阶段', lostReason: '丢单原因', type: '类型', subject: '主题', dueAt: '截止日期',
    dueTime: '时间', note: '备注',
  },
  activityTypes: { call: '电话', meeting: '会议', task: '任务', email: '邮件', deadline: '截止日期' },
  problem: (code, label, max) => {
    switch (code) {
      case 'required': return `请填写${label}。`;
      case 'too-long': return `${label}最多 ${max ?? 200} 个字符。`;
      case 'not-a-number': return `${label}必须是数字，例如 12500 或 12,500.50。`;
      case 'negative': return `${label}不能为负数。`;
      case 'not-a-probability': return `${label}必须在 0 到 100 之间。`;
      case 'bad-date': return `${label}必须是日期，例如 2026-12-31。`;
      case 'bad-currency': return `${label}必须是由三个大写字母组成的币种代码。`;
      case 'bad-type': return `${label}不在可选范围内。`;
    }
  },
  problems: (n) => `请检查以下 ${n} 项：`,
  saveFailed: (reason) => `未能保存，您填写的内容仍在此处：${reason}`,
  requiredMark: '*',
};

export default zhCN;
