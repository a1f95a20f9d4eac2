/** Simplified Chinese messages of blueprint-content.ts, loaded the first time an element renders in zh-CN. */
import type { BlueprintContentStrings } from './blueprint-content.js';

const zhCN: BlueprintContentStrings = {
  stages: {
    lead: '网页表单、广告|填写表单或回复|线索评分与去重|营销自动化',
    nurturing: '电子简报、指南|阅读内容、访问网站|跟踪互动并重新评分|邮件平台',
    qualified: '通话记录|回答 BANT 问题|评估匹配度并分配销售|CRM、分配规则',
    presentation: '演示、幻灯片|观看演示|准备定制演示|演示环境',
    'needs-analysis': '需求文档|说明需求和标准|把需求对应到方案|售前工程',
    negotiation: '报价单|商谈价格和条款|审批折扣|定价与报价系统',
    'objection-handling': '案例、客户推荐|提出顾虑|向专家收集证据|产品与法务团队',
    contract: '合同、电子签名|签署合同|起草并审核合同|法务、电子签名',
    prospecting: '广告、活动|注意到公司|建立目标客户名单|数据服务商、CRM',
    'initial-contact': '邮件、电话|接听首次电话|调研客户|CRM、销售互动工具',
    qualification: '通话记录|回答资格问题|核查 BANT 并分配商机|CRM',
    closing: '订单|下单|录入订单|账务、ERP',
    'follow-up': '欢迎礼包、发票|确认交付|移交交付团队|客户成功',
    contact: '邮件、电话|介绍现状|调研客户|CRM',
    'quote-negotiation': '报价单|比价并谈判|定价并审批报价|报价系统、财务',
    'contract-delivery': '合同、送货单|签约并收货|履约并开票|物流、账务',
    'after-sales': '服务门户|使用并续约|处理工单、规划续约|客服中心',
    awareness: '广告、社交媒体|看到品牌|策划推广活动|广告平台',
    interest: '官网、博客|阅读并比较|发布内容、跟踪访问|内容管理、数据分析',
    desire: '演示、试用|试用产品|跟进试用|试用环境',
    aware: '广告、口碑|听说品牌|规划触达|媒介采购',
    appeal: '官网、包装|把品牌列入候选|提炼卖点|品牌团队',
    ask: '评价、在线咨询|向朋友和企业咨询|快速答疑|客服、社区',
  },
  customer: (label) => `参与“${label}”`,
  backstage: '更新 CRM 记录',
};

export default zhCN;
