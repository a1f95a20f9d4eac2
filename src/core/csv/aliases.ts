/** The Lead and Deal fields a CSV column can map onto and the header names recognised for each. */

const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** How headers (and status or stage names) are compared: NFKC, lowercase, letters and digits only. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(NOT_ALNUM, '');
}

/** Lead fields a column can map onto; `firstName` and `lastName` are combined into `name`. */
export const LEAD_IMPORT_FIELDS = [
  'id', 'name', 'firstName', 'lastName', 'email', 'phone', 'company', 'title', 'industry', 'companySize',
  'region', 'country', 'message', 'source.utm_source', 'source.utm_medium', 'source.utm_campaign',
  'source.utm_term', 'source.utm_content', 'source.referrer', 'source.page', 'source.campaign', 'status',
  'createdAt', 'updatedAt', 'score', 'grade', 'ownerId', 'teamId', 'nurtureReason', 'reentryAt', 'duplicateOf',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];

/**
 * Deal fields a column can map onto. `account` is kept as an extra field and is the title of a row
 * without one; `expectedClose` is also the `closedAt` of a won or lost deal.
 */
export const DEAL_IMPORT_FIELDS = [
  'id', 'title', 'value', 'currency', 'stageId', 'ownerId', 'leadId', 'probability', 'expectedClose',
  'closedAt', 'createdAt', 'updatedAt', 'lastActivityAt', 'lostReason', 'rank', 'account',
] as const;
export type DealImportField = (typeof DEAL_IMPORT_FIELDS)[number];

/**
 * Header names recognised for each lead field, compared by headerKey (so `Lead Source`,
 * `LeadSource` and `lead_source` are one). Each field's own name is recognised too
 * (`companySize`, `source.utm_source`), so an export by key imports back.
 */
export const LEAD_FIELD_ALIASES: Readonly<Record<LeadImportField, readonly string[]>> = {
  id: ['Lead ID', 'Record ID'],
  name: ['Lead Name', 'Full Name', 'Contact Name', 'Contact', '姓名', '联系人'],
  firstName: ['First Name', 'Given Name', 'First', '名'],
  lastName: ['Last Name', 'Surname', 'Family Name', 'Last', '姓'],
  email: ['E-mail', 'Email Address', 'Mail', '邮箱', '电子邮件', '电子邮箱'],
  phone: ['Phone Number', 'Telephone', 'Tel', 'Mobile', 'MobilePhone', 'Cell', 'Cell Phone', '电话', '手机', '手机号'],
  company: ['Company Name', 'Account', 'Account Name', 'Organization', 'Organisation', '公司', '公司名称'],
  title: ['Job Title', 'Position', '职位', '职务'],
  industry: ['行业'],
  companySize: ['NumberOfEmployees', 'No. of Employees', 'Employees', 'Number of Employees', 'Headcount', '员工数', '公司规模'],
  region: ['State', 'State/Province', 'Province', '地区', '省份'],
  country: ['Country Code', '国家'],
  message: ['Description', 'Notes', 'Note', 'Comments', 'Comment', '留言', '备注'],
  'source.utm_source': ['LeadSource', 'Lead Source', 'Source', 'Origin', 'utm_source', '来源'],
  'source.utm_medium': ['utm_medium', 'Medium'],
  'source.utm_campaign': ['utm_campaign'],
  'source.utm_term': ['utm_term'],
  'source.utm_content': ['utm_content'],
  'source.referrer': ['Referrer', 'Referer'],
  'source.page': ['Page', 'Landing Page', 'Page URL'],
  'source.campaign': ['Campaign', 'Campaign Name', '活动'],
  status: ['Lead Status', '状态'],
  createdAt: ['CreatedDate', 'Created Date', 'Created', 'Created On', 'Date Created', 'First Contact Date', '创建时间'],
  updatedAt: ['LastModifiedDate', 'Last Modified Date', 'Last Modified', 'Updated', 'Modified'],
  score: ['Lead Score'],
  grade: ['Lead Grade'],
  ownerId: ['Owner', 'OwnerId', 'Lead Owner', '负责人'],
  teamId: ['Team'],
  nurtureReason: [],
  reentryAt: [],
  duplicateOf: [],
};

/** Header names recognised for each deal field, like LEAD_FIELD_ALIASES. */
export const DEAL_FIELD_ALIASES: Readonly<Record<DealImportField, readonly string[]>> = {
  id: ['Opportunity ID', 'opportunity_id', 'Deal ID'],
  title: ['Name', 'Opportunity Name', 'Deal', 'Deal Name', '商机名称'],
  value: ['Amount', 'Value', 'close_value', 'Deal Value', '金额'],
  currency: ['CurrencyIsoCode', 'Currency Code', '币种'],
  stageId: ['StageName', 'Stage', 'Stage Name', 'deal_stage', '阶段'],
  ownerId: ['Owner', 'OwnerId', 'Opportunity Owner', 'Deal Owner', 'sales_agent', '负责人'],
  leadId: ['Lead ID'],
  probability: ['Probability (%)', 'Win Probability'],
  expectedClose: ['CloseDate', 'Close Date', 'close_date', 'Expected Close', 'Expected Close Date'],
  closedAt: ['Closed Date', 'Date Closed', 'Actual Close Date'],
  createdAt: ['CreatedDate', 'Created Date', 'engage_date', 'Created', 'Created On'],
  updatedAt: ['LastModifiedDate', 'Last Modified Date', 'Updated'],
  lastActivityAt: ['LastActivityDate', 'Last Activity', 'Last Activity Date'],
  lostReason: ['Lost Reason', 'Loss Reason', 'Closed Lost Reason'],
  rank: [],
  account: ['Account Name', 'Company', 'Customer'],
};


/**
 * Header names that match a lead field but are often used for something else (the bank marketing
 * file's `contact` is cellular or telephone, not a person): a column so named is mapped only when
 * its values look like the field's and is always reported as unsure, so a person confirms it.
 */
export const LEAD_GENERIC_HEADERS: readonly string[] = [
  'Contact', 'Status', 'State', 'Source', 'Origin', 'Account', 'Owner', 'Page', 'Campaign', 'Created', 'Modified',
  'Updated', 'First', 'Last', 'Cell', 'Mail', 'Position', 'Team', 'Medium', 'Tel', 'Last Modified',
];

/** Like LEAD_GENERIC_HEADERS, for deals: `Name`, `Value`, `Owner` ... may mean anything in a deal file. */
export const DEAL_GENERIC_HEADERS: readonly string[] = [
  'Name', 'Deal', 'Value', 'Owner', 'Created', 'Created On', 'Updated', 'Customer', 'Company', 'Stage',
];
