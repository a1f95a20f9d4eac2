import type { RoutingEditorStrings } from './strings.js';

const zh: RoutingEditorStrings = {
  title: '线索分配',
  intro: '规则按顺序匹配，第一条匹配的规则决定去向：把线索交给一位负责人，或在团队内按权重轮流分配，不超过每个人的容量。回访的联系人总是回到原负责人。',
  rules: '规则',
  rule: (n) => `规则 ${n}`,
  ruleName: '名称',
  when: '条件',
  everyLead: '所有线索（尚无条件）',
  field: '字段',
  operator: '条件',
  value: '值',
  min: '从',
  max: '到',
  listHelp: '多个值用逗号分隔。',
  addCondition: '添加条件',
  removeCondition: (n) => `删除条件 ${n}`,
  sendTo: '分配给',
  toTeam: '团队（轮询）',
  toOwner: '一位负责人',
  toDefault: '默认负责人',
  team: '团队',
  owner: '负责人',
  moveUp: (name) => `将 ${name} 上移`,
  moveDown: (name) => `将 ${name} 下移`,
  removeRule: (name) => `删除 ${name}`,
  addRule: '添加规则',
  ops: {
    eq: '等于', neq: '不等于', in: '是以下之一', nin: '不是以下任何一个', gt: '大于', gte: '至少', lt: '小于',
    lte: '至多', between: '介于', contains: '包含', startsWith: '开头是', exists: '已填写', missing: '为空',
  },
  fields: {
    country: '国家', region: '地区', industry: '行业', companySize: '公司规模', score: '评分', grade: '等级', status: '状态',
    title: '职位', company: '公司', email: '电子邮件', 'source.utm_source': 'UTM 来源', 'source.utm_medium': 'UTM 媒介',
    'source.utm_campaign': 'UTM 活动', 'source.campaign': '活动', 'source.referrer': '来源页面',
  },
  customField: (name) => `表单字段：${name}`,
  teams: '团队',
  teamName: '团队名称',
  members: '成员',
  weight: '权重',
  capacity: (period) => `每${period}最多线索数`,
  unlimited: '不限',
  available: '可接收',
  addMember: '添加成员',
  removeMember: (name) => `移除 ${name}`,
  addTeam: '添加团队',
  removeTeam: (name) => `删除团队 ${name}`,
  general: '默认负责人、容量周期与 SLA',
  defaultOwner: '默认负责人',
  defaultOwnerHelp: '接收没有规则或团队接手的线索。留空：线索留在线索池。',
  period: '容量统计周期',
  periods: { day: '天', week: '周', month: '月' },
  slaHours: '接受线索的时限（小时，SLA）',
  slaHelp: '留空：不设 SLA。负责人未按时接受的线索会在其收件箱中标记。',
  reroute: '把超时的线索转给其他人',
  preview: '预览',
  previewHelp: (n) => `按当前设置，最近的 ${n} 条线索会分配给谁（保存前预览，不会保存任何内容）。`,
  previewLead: '线索',
  previewNow: '按当前设置',
  previewBefore: '按已保存的设置',
  previewChanged: (n) => `${n} 条线索的去向会改变。`,
  noLeads: '还没有可用于预览的线索。',
  nobody: '无人（线索池）',
  save: '保存分配规则',
  discard: '放弃更改',
  saved: '分配规则已保存，新线索将按此分配。',
  unchanged: '没有更改。',
  problemsTitle: (n) => `保存前请修正以下 ${n} 个问题：`,
  problem: (code, p) => {
    switch (code) {
      case 'not-object': return '此处填写不正确。';
      case 'not-list': return '缺少此列表。';
      case 'required': return '请填写此项。';
      case 'duplicate': return p.of === 'member' ? `${p.id} 已在此团队中。` : `已有名为 ${p.id} 的${p.of === 'team' ? '团队' : '规则'}：名称不能重复。`;
      case 'unknown-team': return `没有名为 ${p.id} 的团队。`;
      case 'weight': return '请填写 0 或以上的数字。';
      case 'capacity': return '请填写 0 或以上的整数，留空表示不限。';
      case 'available': return '请勾选或取消勾选。';
      case 'period': return '请选择天、周或月。';
      case 'condition-field': return '请选择字段。';
      case 'condition-op': return '请选择条件。';
      case 'condition-value': return '此值与条件不符（需要数字、列表或两个边界）。';
      case 'never-matches': return `此规则永远不会匹配：条件 ${p.conditions ?? ''} 互相矛盾。`;
      case 'shadowed': return `此规则永远不会匹配：${p.by ?? ''} 排在前面，会先接走它的所有线索。`;
      case 'sla-hours': return '请填写大于 0 的小时数，或留空。';
      case 'sla-reroute': return '请勾选或取消勾选。';
    }
  },
  notSaved: (message) => `未保存：${message}`,
  forbidden: '已保存在本设备，但服务器拒绝了：修改分配规则需要管理员密钥。密钥允许后会再次发送。',
  waiting: '已保存在本设备，能连上服务器时会发送。',
};

export default zh;
