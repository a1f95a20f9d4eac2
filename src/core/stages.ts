/**
 * The stage model: shipped pipeline templates, the move policy and stage history.
 * Labels are data here (per locale); core never formats text.
 */
import type { Deal, DealStatus, Pipeline, PipelinePolicy, Stage, StageKind } from './model.js';
import { getPath } from './predicate.js';
import { DAY_MS, toIso, toMs } from './time.js';

/** Locales the built-in labels exist in. */
export const TEMPLATE_LOCALES = ['en', 'zh-CN'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** Ids of the shipped pipeline templates (DESIGN.md section 1). */
export const PIPELINE_TEMPLATES = ['l2c', 'classic', 'five-phase', 'aida', '5a'] as const;
export type PipelineTemplateId = (typeof PIPELINE_TEMPLATES)[number];

type Localized = Record<TemplateLocale, string>;

interface StageTemplate {
  id: string;
  kind: StageKind;
  probability: number;
  rottingDays?: number;
  requiredFields?: string[];
  label: Localized;
  guidance?: Localized;
}

interface PipelineTemplate {
  name: Localized;
  policy: PipelinePolicy;
  lostReasons?: readonly string[];
  stages: StageTemplate[];
}

const WON: StageTemplate = {
  id: 'won', kind: 'won', probability: 1, label: { en: 'Won', 'zh-CN': '赢单' },
  guidance: { en: 'Hand over to delivery and ask for a referral.', 'zh-CN': '移交交付团队，并请客户推荐。' },
};
const LOST: StageTemplate = {
  id: 'lost', kind: 'lost', probability: 0, label: { en: 'Lost', 'zh-CN': '丢单' },
  guidance: { en: 'Record why, and set a date to try again.', 'zh-CN': '记录丢单原因，并约定再次跟进的日期。' },
};
/** Ids of the lost reasons the product ships (the templates offer all of them; lost-reasons.ts labels them). */
export const LOST_REASON_IDS = ['price', 'competitor', 'no-budget', 'no-decision', 'timing', 'product-fit'] as const;
export type LostReasonId = (typeof LOST_REASON_IDS)[number];
const LOST_REASONS = LOST_REASON_IDS;
const SALES_POLICY: PipelinePolicy = { allowSkip: true, allowBackward: true };

// Pure: the templates below are dropped from a bundle that never asks for one (the elements do not).
/* @__NO_SIDE_EFFECTS__ */
function open(id: string, probability: number, rottingDays: number, en: string, zh: string,
  guidanceEn: string, guidanceZh: string, requiredFields?: string[]): StageTemplate {
  return {
    id, kind: 'open', probability, rottingDays, label: { en, 'zh-CN': zh },
    guidance: { en: guidanceEn, 'zh-CN': guidanceZh },
    ...(requiredFields ? { requiredFields } : {}),
  };
}

const TEMPLATES: Record<PipelineTemplateId, PipelineTemplate> = {
  l2c: {
    name: { en: 'Lead to cash', 'zh-CN': '线索到现金' },
    policy: SALES_POLICY,
    lostReasons: LOST_REASONS,
    stages: [
      open('lead', 0.05, 7, 'Lead', '线索', 'Make first contact within a day.', '一天内完成首次联系。'),
      open('nurturing', 0.1, 30, 'Nurturing', '培育', 'Share useful content until the lead is ready.', '持续提供有价值的内容，直到线索成熟。'),
      open('qualified', 0.2, 14, 'Qualified', '已确认', 'Confirm budget, authority, need and timeline.', '确认预算、决策权、需求和时间。'),
      open('presentation', 0.35, 14, 'Presentation', '方案演示', 'Show the solution to the people who decide.', '向决策者演示解决方案。'),
      open('needs-analysis', 0.5, 14, 'Needs analysis', '需求分析', 'Write down the requirements and success criteria.', '记录需求和成功标准。', ['value']),
      open('negotiation', 0.65, 10, 'Negotiation', '商务谈判', 'Agree on price, scope and terms.', '就价格、范围和条款达成一致。', ['value', 'expectedClose']),
      open('objection-handling', 0.75, 10, 'Objection handling', '异议处理', 'Answer each open objection.', '逐一解决客户的异议。'),
      open('contract', 0.9, 7, 'Contract', '签约', 'Send the contract and follow up on signature.', '发送合同并跟进签署。', ['value', 'expectedClose']),
      WON,
      LOST,
    ],
  },
  classic: {
    name: { en: 'Classic sales', 'zh-CN': '经典销售流程' },
    policy: SALES_POLICY,
    lostReasons: LOST_REASONS,
    stages: [
      open('prospecting', 0.05, 14, 'Prospecting', '寻找客户', 'Find companies that match the ideal customer profile.', '寻找符合理想客户画像的公司。'),
      open('initial-contact', 0.1, 7, 'Initial contact', '初次接触', 'Reach the contact and book a call.', '联系对方并预约通话。'),
      open('qualification', 0.2, 14, 'Qualification', '资格审查', 'Check budget, authority, need and timeline.', '审查预算、决策权、需求和时间。'),
      open('presentation', 0.4, 14, 'Presentation', '产品演示', 'Present the offer around their needs.', '围绕客户需求展示方案。'),
      open('objection-handling', 0.6, 10, 'Objection handling', '异议处理', 'Answer each objection with evidence.', '用事实回应每个异议。'),
      open('closing', 0.8, 7, 'Closing', '促成交易', 'Ask for the order.', '请求客户下单。', ['value', 'expectedClose']),
      open('follow-up', 0.95, 14, 'Follow-up', '跟进', 'Confirm delivery and satisfaction.', '确认交付和满意度。'),
      WON,
      LOST,
    ],
  },
  'five-phase': {
    name: { en: 'Five phases', 'zh-CN': '五阶段' },
    policy: SALES_POLICY,
    lostReasons: LOST_REASONS,
    stages: [
      open('contact', 0.1, 7, 'Contact', '接触', 'Make contact and understand the situation.', '建立联系，了解客户现状。'),
      open('needs-analysis', 0.3, 14, 'Needs analysis', '需求分析', 'Write down needs and decision criteria.', '记录需求和决策标准。'),
      open('quote-negotiation', 0.6, 14, 'Quote and negotiation', '报价谈判', 'Send the quote and negotiate terms.', '发送报价并谈判条款。', ['value']),
      open('contract-delivery', 0.85, 21, 'Contract and delivery', '签约交付', 'Sign and deliver as promised.', '签约并按承诺交付。', ['value', 'expectedClose']),
      open('after-sales', 0.95, 30, 'After-sales', '售后服务', 'Support the customer and look for renewal.', '服务客户并寻找续约机会。'),
      WON,
      LOST,
    ],
  },
  aida: {
    name: { en: 'AIDA funnel', 'zh-CN': 'AIDA 漏斗' },
    policy: { allowSkip: true, allowBackward: false },
    stages: [
      open('awareness', 0.05, 30, 'Awareness', '认知', 'Get noticed by the right audience.', '让目标受众注意到你。'),
      open('interest', 0.2, 21, 'Interest', '兴趣', 'Keep their interest with relevant content.', '用相关内容保持兴趣。'),
      open('desire', 0.5, 14, 'Desire', '欲望', 'Show the benefit for them.', '展示对客户的价值。'),
      {
        id: 'action', kind: 'won', probability: 1, label: { en: 'Action', 'zh-CN': '行动' },
        guidance: { en: 'Make buying easy.', 'zh-CN': '让购买变得简单。' },
      },
    ],
  },
  '5a': {
    name: { en: '5A customer path', 'zh-CN': '5A 客户旅程' },
    policy: { allowSkip: true, allowBackward: false },
    stages: [
      open('aware', 0.05, 30, 'Aware', '了解', 'Be present where buyers learn.', '出现在客户了解信息的地方。'),
      open('appeal', 0.15, 21, 'Appeal', '吸引', 'Stand out from the alternatives.', '从同类选择中脱颖而出。'),
      open('ask', 0.4, 14, 'Ask', '问询', 'Answer questions quickly and well.', '快速准确地回答问题。'),
      {
        id: 'act', kind: 'won', probability: 1, label: { en: 'Act', 'zh-CN': '行动' },
        guidance: { en: 'Make buying and using easy.', 'zh-CN': '让购买和使用变得简单。' },
      },
      {
        id: 'advocate', kind: 'won', probability: 1, label: { en: 'Advocate', 'zh-CN': '拥护' },
        guidance: { en: 'Turn happy customers into references.', 'zh-CN': '让满意的客户成为推荐者。' },
      },
    ],
  },
};

/** Options for creating a pipeline from a template. */
export interface TemplateOptions {
  id?: string;
  name?: string;
  locale?: string;
  currency?: string;
}

/** Picks the template locale closest to `locale` (`zh`, `zh-Hans`, `zh-CN` -> zh-CN; otherwise en). */
export function templateLocale(locale: string | undefined): TemplateLocale {
  return locale && /^zh(?:-(?:cn|hans|sg))?(?:-|$)/i.test(locale) ? 'zh-CN' : 'en';
}

/**
 * A new pipeline from a shipped template, labelled in `locale`. Each stage also carries `labels`
 * (every built-in locale) so an element can relabel it when its locale changes.
 */
export function pipelineFromTemplate(template: PipelineTemplateId, options: TemplateOptions = {}): Pipeline {
  const t = TEMPLATES[template];
  const loc = templateLocale(options.locale);
  const pipeline: Pipeline = {
    id: options.id ?? template,
    name: options.name ?? t.name[loc],
    ...(options.name === undefined ? { names: { ...t.name } } : {}),
    template,
    policy: { ...t.policy },
    stages: t.stages.map((s): Stage => ({
      id: s.id,
      label: s.label[loc],
      labels: { ...s.label },
      kind: s.kind,
      probability: s.probability,
      ...(s.rottingDays !== undefined ? { rottingDays: s.rottingDays } : {}),
      ...(s.requiredFields ? { requiredFields: [...s.requiredFields] } : {}),
      ...(s.guidance ? { guidance: s.guidance[loc], guidances: { ...s.guidance } } : {}),
    })),
  };
  if (t.lostReasons) pipeline.lostReasons = [...t.lostReasons];
  if (options.currency) pipeline.currency = options.currency;
  return pipeline;
}

function localized(text: string | undefined, byLocale: Record<string, string> | undefined, locale?: string): string | undefined {
  if (!byLocale || !locale || text === undefined) return text;
  // A text the owner changed is no longer one of the template's, and is kept as written.
  if (!Object.values(byLocale).includes(text)) return text;
  return byLocale[locale] ?? byLocale[templateLocale(locale)] ?? text;
}

/** The label of a stage in `locale`, from its per-locale `labels` unless the owner renamed it. */
export function stageLabel(stage: Stage, locale?: string): string {
  return localized(stage.label, stage.labels, locale) ?? stage.label;
}

/** The guidance of a stage in `locale`, like `stageLabel`. */
export function stageGuidance(stage: Stage, locale?: string): string | undefined {
  return localized(stage.guidance, stage.guidances, locale);
}

/**
 * The name of a pipeline in `locale`: a pipeline made from a template carries its name in every
 * built-in locale (`names`) and is shown in the reader's, unless its owner renamed it.
 */
export function pipelineName(pipeline: Pick<Pipeline, 'name' | 'names'>, locale?: string): string {
  return localized(pipeline.name, pipeline.names, locale) ?? pipeline.name;
}

/** The policy of a pipeline, defaulting to free movement. */
export function pipelinePolicy(pipeline: Pipeline): PipelinePolicy {
  return { allowSkip: pipeline.policy?.allowSkip ?? true, allowBackward: pipeline.policy?.allowBackward ?? true };
}

/** The stage with `id`, or undefined. */
export function findStage(pipeline: Pipeline, id: string): Stage | undefined {
  return pipeline.stages.find((s) => s.id === id);
}

/** The open stages of a pipeline in order. */
export function openStages(pipeline: Pipeline): Stage[] {
  return pipeline.stages.filter((s) => s.kind === 'open');
}

/** The first open stage, where new deals start; undefined for a pipeline without one. */
export function firstOpenStage(pipeline: Pipeline): Stage | undefined {
  return pipeline.stages.find((s) => s.kind === 'open');
}

/** The deal's win probability: its own override, else its stage's, clamped to 0..1 (0 for unknown). */
export function dealProbability(deal: Pick<Deal, 'probability' | 'stageId'>, pipeline: Pipeline): number {
  const p = typeof deal.probability === 'number' && Number.isFinite(deal.probability)
    ? deal.probability
    : findStage(pipeline, deal.stageId)?.probability ?? 0;
  return Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0));
}

/** Why a move is refused. */
export const MOVE_REFUSALS = [
  'unknown-stage', 'same-stage', 'skip-not-allowed', 'backward-not-allowed', 'missing-fields', 'lost-reason-required',
] as const;
export type MoveRefusal = (typeof MOVE_REFUSALS)[number];

/** Whether a move is allowed, and if not, why (a code an element translates). */
export type MoveCheck =
  | { ok: true }
  | { ok: false; reason: MoveRefusal; missingFields?: string[]; from?: string; to?: string };

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    || (typeof value === 'number' && !Number.isFinite(value));
}

/** The last open stage a deal was in: its current stage, or for a closed deal the one before closing. */
export function lastOpenStageId(deal: Pick<Deal, 'stageId' | 'history'>, pipeline: Pipeline): string | undefined {
  if (findStage(pipeline, deal.stageId)?.kind === 'open') return deal.stageId;
  const history = Array.isArray(deal.history) ? deal.history : [];
  for (let i = history.length - 1; i >= 0; i--) {
    const id = history[i]?.stageId;
    if (id !== undefined && findStage(pipeline, id)?.kind === 'open') return id;
  }
  return undefined;
}

/**
 * Whether `deal` may move to `toStageId` under the pipeline's policy.
 * Rules: closing (to a won or lost stage) is allowed from any stage; skipping and going back are
 * measured between open stages, and for a closed deal from the open stage it was closed in, so
 * restoring a lost deal to that stage is always allowed. The target stage's `requiredFields` must be
 * filled, and a lost stage needs a `lostReason` when the pipeline lists reasons.
 */
export function canMove(deal: Deal, toStageId: string, pipeline: Pipeline, lostReason?: string): MoveCheck {
  const target = findStage(pipeline, toStageId);
  if (!target) return { ok: false, reason: 'unknown-stage', to: toStageId };
  if (deal.stageId === toStageId) return { ok: false, reason: 'same-stage', to: toStageId };

  if (target.kind === 'open') {
    const policy = pipelinePolicy(pipeline);
    const order = openStages(pipeline).map((s) => s.id);
    const fromId = lastOpenStageId(deal, pipeline);
    const from = fromId === undefined ? -1 : order.indexOf(fromId);
    const to = order.indexOf(toStageId);
    if (from >= 0 && to < from && !policy.allowBackward) {
      return { ok: false, reason: 'backward-not-allowed', from: fromId, to: toStageId };
    }
    // A deal entering the pipeline (from -1) may only start at the first stage when skipping is off.
    if (to > from + 1 && !policy.allowSkip) {
      return { ok: false, reason: 'skip-not-allowed', ...(fromId ? { from: fromId } : {}), to: toStageId };
    }
  }

  const missing = (target.requiredFields ?? []).filter((f) => isBlank(getPath(deal, f)));
  if (missing.length > 0) return { ok: false, reason: 'missing-fields', missingFields: missing, to: toStageId };

  if (target.kind === 'lost' && (pipeline.lostReasons?.length ?? 0) > 0 && isBlank(lostReason ?? deal.lostReason)) {
    return { ok: false, reason: 'lost-reason-required', to: toStageId };
  }
  return { ok: true };
}

/** Options for moving a deal. */
export interface MoveOptions {
  /** The time of the move (ISO string or ms). */
  now: string | number;
  lostReason?: string;
  /** New position within the target column. */
  rank?: number;
}

/** The result of a move: the new deal (the input is not changed) or why it was refused. */
export type MoveResult = { ok: true; deal: Deal } | Extract<MoveCheck, { ok: false }>;

function statusOf(kind: StageKind): DealStatus {
  return kind;
}

/**
 * Moves a deal to another stage, recording stage history: the open visit is closed (`leftAt`) and a
 * new visit starts. Status follows the target stage's kind; closing sets `closedAt`; restoring an
 * open stage clears `closedAt` and `lostReason`.
 */
export function moveDeal(deal: Deal, toStageId: string, pipeline: Pipeline, options: MoveOptions): MoveResult {
  const check = canMove(deal, toStageId, pipeline, options.lostReason);
  if (!check.ok) return check;
  const target = findStage(pipeline, toStageId) as Stage;
  const at = toIso(options.now);
  const history = (Array.isArray(deal.history) ? deal.history : []).map((v) =>
    v.leftAt === undefined ? { ...v, leftAt: at } : { ...v });
  history.push({ stageId: toStageId, enteredAt: at });
  const next: Deal = { ...deal, stageId: toStageId, status: statusOf(target.kind), history, updatedAt: at };
  if (options.rank !== undefined) next.rank = options.rank;
  if (target.kind === 'open') {
    delete next.closedAt;
    delete next.lostReason;
  } else {
    next.closedAt = at;
    if (target.kind === 'lost') {
      const reason = options.lostReason ?? deal.lostReason;
      if (reason !== undefined) next.lostReason = reason;
    } else {
      delete next.lostReason;
    }
  }
  return { ok: true, deal: next };
}

/** Fields a new deal needs; the rest are filled in. */
export type NewDeal = Partial<Deal> & { id: string; title: string };

/**
 * A new deal in the pipeline's first open stage (or `stageId` when given), with its first visit
 * recorded. Returns undefined for a pipeline without an open stage.
 */
export function createDeal(pipeline: Pipeline, fields: NewDeal, now: string | number): Deal | undefined {
  const stage = (fields.stageId ? findStage(pipeline, fields.stageId) : undefined) ?? firstOpenStage(pipeline);
  if (!stage) return undefined;
  const at = toIso(now);
  return {
    value: 0,
    currency: pipeline.currency ?? 'USD',
    createdAt: at,
    ...fields,
    pipelineId: pipeline.id,
    stageId: stage.id,
    status: statusOf(stage.kind),
    updatedAt: at,
    history: [{ stageId: stage.id, enteredAt: at }],
  };
}

/** When the deal entered its current stage: its open history visit, else `updatedAt`. */
export function enteredCurrentStageAt(deal: Deal): string | undefined {
  const history = Array.isArray(deal.history) ? deal.history : [];
  for (let i = history.length - 1; i >= 0; i--) {
    const v = history[i];
    if (v && v.stageId === deal.stageId) return v.enteredAt;
  }
  return deal.updatedAt;
}

/** Whole days the deal has been in its current stage at `now` (0 when unknown or in the future). */
export function daysInStage(deal: Deal, now: string | number): number {
  const from = toMs(enteredCurrentStageAt(deal));
  const to = toMs(now);
  if (from === null || to === null || to <= from) return 0;
  return Math.floor((to - from) / DAY_MS);
}

/**
 * Whether an open deal is rotting: idle for longer than its stage's `rottingDays`, counted from the
 * latest of entering its stage, its `lastActivityAt` and `lastDone` (when its last activity was
 * done, see `lastDoneAt`; a planned activity does not count). Closed deals and stages without
 * `rottingDays` never rot.
 */
export function isRotting(deal: Deal, pipeline: Pipeline, now: string | number, lastDone?: string | number): boolean {
  const stage = findStage(pipeline, deal.stageId);
  if (!stage || stage.kind !== 'open' || stage.rottingDays === undefined) return false;
  const entered = toMs(enteredCurrentStageAt(deal));
  const activity = toMs(deal.lastActivityAt);
  const done = toMs(lastDone);
  const last = Math.max(entered ?? -Infinity, activity ?? -Infinity, done ?? -Infinity);
  const t = toMs(now);
  if (!Number.isFinite(last) || t === null) return false;
  return t - last > stage.rottingDays * DAY_MS;
}
