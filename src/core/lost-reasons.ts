/**
 * Why deals are lost, as ids: a pipeline lists the reason ids it offers (`lostReasons`) and a lost
 * deal stores one of them (`lostReason`), so every reader sees the reason in their own language.
 * The shipped reasons have labels in every built-in locale; a pipeline may label its own ids
 * (`lostReasonLabels`). Reasons stored as display text by older versions ("Price", "价格") still
 * read as the shipped reason they name; any other text is a reason written by hand and shown as is.
 */
import { isRecord, nonEmptyString } from './guards.js';
import type { Pipeline } from './model.js';
import { LOST_REASON_IDS, type LostReasonId } from './stages.js';

/** Labels of the shipped reasons, by locale (data, like stage labels). */
export const LOST_REASON_LABELS: Readonly<Record<LostReasonId, Readonly<Record<string, string>>>> = {
  price: { en: 'Price', 'zh-CN': '价格' },
  competitor: { en: 'Chose a competitor', 'zh-CN': '选择了竞争对手' },
  'no-budget': { en: 'No budget', 'zh-CN': '没有预算' },
  'no-decision': { en: 'No decision', 'zh-CN': '未做决定' },
  timing: { en: 'Timing', 'zh-CN': '时机不对' },
  'product-fit': { en: 'Product fit', 'zh-CN': '产品不匹配' },
};

// Old text reasons ("Price", "价格") by their text, for reading them as ids.
const BY_TEXT = new Map<string, LostReasonId>();
for (const id of LOST_REASON_IDS) for (const text of Object.values(LOST_REASON_LABELS[id])) BY_TEXT.set(text.toLocaleLowerCase(), id);

function isBuiltIn(id: string): id is LostReasonId {
  return Object.hasOwn(LOST_REASON_LABELS, id);
}

// The label for `locale` in a labels-by-locale object: exact, then same language, then English.
function pick(labels: unknown, locale: string | undefined): string | undefined {
  if (!isRecord(labels)) return undefined;
  const exact = locale ? labels[locale] : undefined;
  if (nonEmptyString(exact)) return exact;
  const language = (locale ?? 'en').split('-')[0]!.toLowerCase();
  for (const [key, text] of Object.entries(labels)) {
    if (key.split('-')[0]!.toLowerCase() === language && nonEmptyString(text)) return text;
  }
  return nonEmptyString(labels.en) ? labels.en : undefined;
}

/**
 * The id a reason stands for: a reason id of the pipeline or a shipped id as it is; a text that is
 * the label of a shipped reason in any locale (as older versions stored reasons), that reason's id;
 * anything else (a reason written by hand) the trimmed text itself.
 */
export function lostReasonId(reason: string, pipeline?: Pick<Pipeline, 'lostReasons' | 'lostReasonLabels'>): string {
  const text = reason.trim();
  if (pipeline?.lostReasons?.includes(text) && (isBuiltIn(text) || isRecord(pipeline.lostReasonLabels?.[text]))) return text;
  if (isBuiltIn(text)) return text;
  return BY_TEXT.get(text.toLocaleLowerCase()) ?? text;
}

/** The reason ids a pipeline offers, in its order, with old text reasons read as ids (no repeats). */
export function lostReasonIds(pipeline: Pick<Pipeline, 'lostReasons' | 'lostReasonLabels'> | undefined): string[] {
  const list = Array.isArray(pipeline?.lostReasons) ? pipeline.lostReasons : [];
  return [...new Set(list.filter(nonEmptyString).map((r) => lostReasonId(r, pipeline)))];
}

/**
 * A reason as a reader in `locale` sees it: the pipeline's own label for its id, else the shipped
 * reason's label, else the reason as stored (a reason written by hand).
 */
export function lostReasonLabel(reason: string, pipeline: Pick<Pipeline, 'lostReasons' | 'lostReasonLabels'> | undefined, locale?: string): string {
  const id = lostReasonId(reason, pipeline);
  const own = pick(isRecord(pipeline?.lostReasonLabels) ? pipeline.lostReasonLabels[id] : undefined, locale);
  if (own) return own;
  return isBuiltIn(id) ? pick(LOST_REASON_LABELS[id], locale) ?? id : reason;
}
