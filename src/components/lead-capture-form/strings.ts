/** Messages of `<lead-capture-form>` in English and Simplified Chinese. */
import type { PhoneError } from '../../core/phone.js';
import { Strings } from '../../internal/localize.js';

/** The built-in fields (`fields` attribute); each maps to the lead field of the same name. */
export const BUILTIN_FIELDS = ['name', 'email', 'company', 'phone', 'message', 'title', 'industry', 'country', 'region', 'companySize'] as const;
export type BuiltinField = (typeof BUILTIN_FIELDS)[number];

/** Every message the form shows. Field-level messages read on their own next to the field. */
export interface LeadFormStrings {
  /** Labels of the built-in fields. */
  fieldLabels: Record<BuiltinField, string>;
  /** Shown once above the fields: what the asterisk means. */
  requiredNote: string;
  submit: string;
  sending: string;
  next: string;
  back: string;
  step: (n: number, total: number) => string;
  /** Heading of the error summary. */
  summary: (count: number) => string;
  /** One line of the error summary. */
  summaryItem: (label: string, message: string) => string;
  required: string;
  choose: string;
  tick: string;
  consentRequired: string;
  email: string;
  phone: Record<PhoneError, string>;
  tooLong: (max: number) => string;
  tooShort: (min: number) => string;
  number: string;
  integer: string;
  min: (min: string) => string;
  max: (max: string) => string;
  date: string;
  dateMin: (date: string) => string;
  dateMax: (date: string) => string;
  pattern: string;
  option: string;
  /** Default success message (the `success-message` attribute replaces it). */
  success: string;
  /** Stored locally, not yet accepted by the server (offline, or the server is unreachable). */
  pending: string;
  /** The server refused the lead for good. */
  failed: string;
  welcomeBack: (name: string | undefined) => string;
  notYou: string;
  /** Heading above the list of configuration problems (`.schema`, `fields`, `required`, `.scoring`). */
  configProblems: string;
  /** The label of the honeypot, which people never see or reach. */
  honeypot: string;
}

const en: LeadFormStrings = {
  fieldLabels: {
    name: 'Name',
    email: 'Email',
    company: 'Company',
    phone: 'Phone',
    message: 'Message',
    title: 'Job title',
    industry: 'Industry',
    country: 'Country',
    region: 'Region',
    companySize: 'Company size (employees)',
  },
  requiredNote: 'Fields marked * are required.',
  submit: 'Send',
  sending: 'Sending…',
  next: 'Next',
  back: 'Back',
  step: (n, total) => `Step ${n} of ${total}`,
  summary: (n) => (n === 1 ? 'There is 1 problem to fix' : `There are ${n} problems to fix`),
  summaryItem: (label, message) => `${label}: ${message}`,
  required: 'Fill in this field.',
  choose: 'Choose an option.',
  tick: 'Tick this box to continue.',
  consentRequired: 'Tick the box to agree before sending.',
  email: 'Enter an email address like name@example.com.',
  phone: {
    'too-short': 'This phone number is too short.',
    'too-long': 'This phone number is too long.',
    'invalid-country': 'Start with the country code, like +44 20 7946 0958.',
    invalid: 'Enter a valid phone number.',
  },
  tooLong: (max) => `Use at most ${max} characters.`,
  tooShort: (min) => `Use at least ${min} characters.`,
  number: 'Enter a number.',
  integer: 'Enter a whole number.',
  min: (min) => `Enter ${min} or more.`,
  max: (max) => `Enter ${max} or less.`,
  date: 'Enter a real date.',
  dateMin: (date) => `Choose ${date} or later.`,
  dateMax: (date) => `Choose ${date} or earlier.`,
  pattern: 'Check the format of this entry.',
  option: 'Choose one of the listed options.',
  success: 'Thank you! We will be in touch soon.',
  pending: 'Thank you! Your details are saved on this device and will be sent as soon as you are back online.',
  failed: 'Sorry, we could not send your details. Please try again later or contact us another way.',
  welcomeBack: (name) => (name ? `Welcome back, ${name}.` : 'Welcome back.'),
  notYou: 'Not you? Start over',
  configProblems: 'Some fields of this form are set up wrongly and are not shown:',
  honeypot: 'Leave this field empty',
};

const zhCN: LeadFormStrings = {
  fieldLabels: {
    name: '姓名',
    email: '电子邮箱',
    company: '公司',
    phone: '电话',
    message: '留言',
    title: '职位',
    industry: '行业',
    country: '国家/地区',
    region: '地区',
    companySize: '公司规模（员工人数）',
  },
  requiredNote: '带 * 的为必填项。',
  submit: '提交',
  sending: '正在提交…',
  next: '下一步',
  back: '上一步',
  step: (n, total) => `第 ${n} 步，共 ${total} 步`,
  summary: (n) => `有 ${n} 处需要修改`,
  summaryItem: (label, message) => `${label}：${message}`,
  required: '请填写此项。',
  choose: '请选择一项。',
  tick: '请勾选此项后继续。',
  consentRequired: '提交前请勾选同意。',
  email: '请输入有效的电子邮箱，例如 name@example.com。',
  phone: {
    'too-short': '电话号码位数不足。',
    'too-long': '电话号码位数过多。',
    'invalid-country': '请以国家区号开头，例如 +86 138 0013 8000。',
    invalid: '请输入有效的电话号码。',
  },
  tooLong: (max) => `最多填写 ${max} 个字符。`,
  tooShort: (min) => `至少填写 ${min} 个字符。`,
  number: '请输入数字。',
  integer: '请输入整数。',
  min: (min) => `请输入不小于 ${min} 的数。`,
  max: (max) => `请输入不大于 ${max} 的数。`,
  date: '请输入有效的日期。',
  dateMin: (date) => `请选择 ${date} 或之后的日期。`,
  dateMax: (date) => `请选择 ${date} 或之前的日期。`,
  pattern: '格式不正确，请检查。',
  option: '请从列出的选项中选择。',
  success: '感谢您的留言！我们会尽快与您联系。',
  pending: '感谢您！您的信息已保存在本设备上，恢复网络后会自动提交。',
  failed: '抱歉，您的信息未能提交成功。请稍后再试，或通过其他方式联系我们。',
  welcomeBack: (name) => (name ? `欢迎回来，${name}。` : '欢迎回来。'),
  notYou: '不是您本人？重新填写',
  configProblems: '此表单有字段配置错误，未能显示：',
  honeypot: '请勿填写此项',
};

/** The form's messages; `.strings` on an instance overrides any of them. */
export const leadFormStrings = new Strings<LeadFormStrings>('lead-capture-form', { en, 'zh-CN': zhCN });
