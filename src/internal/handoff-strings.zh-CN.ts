import type { HandoffStrings } from './handoff-strings.js';

const zh: HandoffStrings = {
  routed: ({ reason }, { rule, team, by }) => {
    switch (reason) {
      case 'rule-owner': return rule ? `规则“${rule}”` : '规则分配';
      case 'round-robin': return team ? `${team} 团队轮询${rule ? `（规则“${rule}”）` : ''}` : '轮询分配';
      case 'default': return '默认负责人：没有规则匹配';
      case 'unassigned': return '没有规则、团队或默认负责人接收';
      case 'returning': return '回访联系人：沿用原负责人';
      case 'given': return '录入时已指定负责人';
      case 'reassigned': return by ? `由 ${by} 重新分配` : '已重新分配';
      default: return String(reason);
    }
  },
  rerouted: { sla: (from) => `超出 SLA 后从 ${from} 转来`, reentry: '从线索池返回' },
  poolRejected: ({ reason }, by) => (by ? `${by} 已拒绝：${reason}` : `已拒绝：${reason}`),
  poolUnassigned: '未分配：没有规则、团队或默认负责人接收',
  backOn: (date) => `${date} 重新进入分配`,
  nobody: '无人',
};

export default zh;
