/** Simplified Chinese messages of strings.ts, loaded the first time an element renders in zh-CN. */
import type { PipelineBoardStrings } from './strings.js';

const zhCN: PipelineBoardStrings = {
  board: (pipeline) => `${pipeline}：商机看板`,
  noOwner: '未分配',
  count: (_n, text) => `${text} 个商机`,
  weighted: '加权',
  weightedHint: '金额乘以赢单概率',
  column: (stage, count) => `${stage}，${count}`,
  emptyColumn: '暂无商机',
  age: (days) => `已在本阶段 ${days} 天`,
  ageShort: (days) => `${days} 天`,
  rotting: '停滞',
  rottingHint: (days) => `超过 ${days} 天没有跟进`,
  activity: {
    overdue: '活动已逾期',
    today: '今天有待办活动',
    planned: '已安排活动',
    none: '未安排活动',
  },
  cardLabel: (parts) => parts.join('，'),
  cardHint: '按空格键移动，按回车键打开。',
  cardHintSelecting: '按空格键选择，按回车键打开。',
  addDeal: '新建商机',
  noNextActivity: '没有下一步活动',
  activityTypes: { call: '电话', meeting: '会议', task: '任务', email: '邮件', deadline: '截止日期', note: '备注' },
  selected: '已选择',
  selectDeal: (title) => `选择“${title}”`,
  moveTo: '移动到…',
  restore: '恢复',
  noPipeline: '暂无可显示的销售流程。',
  fields: {
    title: '名称', value: '金额', ownerId: '负责人', expectedClose: '预计成交日期', probability: '赢单概率',
    leadId: '线索', lostReason: '丢单原因', createdAt: '创建时间', updatedAt: '更新时间', lastActivityAt: '最近跟进',
    closedAt: '关闭时间', currency: '币种',
  },
};

export default zhCN;
