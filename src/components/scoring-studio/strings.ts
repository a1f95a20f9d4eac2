/** `<scoring-studio>`'s own messages (English; Chinese loads on first use). */
import { Strings } from '../../internal/localize.js';

/** Every message of `<scoring-studio>`. */
export interface ScoringStudioStrings {
  title: string;
  intro: (staleDays: number) => string;
  examples: (n: number) => string;
  converted: (n: number) => string;
  notConverted: (n: number) => string;
  leftOut: (n: number) => string;
  baseRate: (rate: string) => string;
  train: string;
  retrain: string;
  training: (n: number) => string;
  cancel: string;
  cancelled: string;
  trained: (auc: string) => string;
  tooFew: (converted: number, notConverted: number, min: number) => string;
  oneClass: (converted: number, notConverted: number) => string;
  failed: (message: string) => string;
  quality: string;
  auc: string;
  aucHelp: string;
  topLift: string;
  topLiftHelp: (lift: string) => string;
  heldOut: (n: number, nTrain: number) => string;
  liftTitle: string;
  liftSummary: (top: string) => string;
  liftTable: string;
  decile: string;
  leads: string;
  conversions: string;
  rate: string;
  lift: string;
  captured: string;
  threshold: string;
  thresholdText: (score: string, precision: string, recall: string, share: string) => string;
  factorsFor: string;
  factorsAgainst: string;
  noFactors: string;
  compare: string;
  learnedModel: string;
  currentRules: string;
  noRules: string;
  compareHelp: (n: number) => string;
  better: (by: string) => string;
  worse: (by: string) => string;
  apply: string;
  confirmTitle: string;
  confirmText: (auc: string, rules: string | null) => string;
  confirm: string;
  applied: (auc: string) => string;
  appliedAt: (when: string) => string;
  notSaved: (message: string) => string;
}

const en: ScoringStudioStrings = {
  title: 'Lead scoring from your history',
  intro: (days) => `Learns which leads convert from the leads you stored: converted leads (or leads with a won deal) against disqualified leads and leads open for more than ${days} days. Newer open leads are left out.`,
  examples: (n) => (n === 1 ? '1 lead to learn from' : `${n} leads to learn from`),
  converted: (n) => `${n} converted`,
  notConverted: (n) => `${n} not converted`,
  leftOut: (n) => `${n} left out (still open or spam)`,
  baseRate: (rate) => `Base rate ${rate}`,
  train: 'Train',
  retrain: 'Train again',
  training: (n) => `Training on ${n} leads…`,
  cancel: 'Cancel',
  cancelled: 'Training cancelled.',
  trained: (auc) => `Trained. AUC ${auc} on the held-out leads.`,
  tooFew: (c, n, min) => `Too few leads to learn from: ${c} converted and ${n} not converted; at least ${min} of each are needed.`,
  oneClass: (c, n) => (c === 0 ? `No lead converted yet (${n} did not): there is nothing to learn what converts from.` : `Every lead converted (${c}): there is nothing to learn what does not convert from.`),
  failed: (message) => `Training failed: ${message}`,
  quality: 'Quality on held-out leads',
  auc: 'AUC',
  aucHelp: 'The chance that a converted lead scores above one that did not: 0.5 is a coin toss, 1 perfect.',
  topLift: 'Top-decile lift',
  topLiftHelp: (lift) => `The best-scored tenth converts ${lift} times as often as the average lead.`,
  heldOut: (n, nTrain) => `Measured on ${n} leads held out from training (trained on ${nTrain}).`,
  liftTitle: 'Conversion rate by decile, best-scored first',
  liftSummary: (top) => `The first decile converts ${top} times the average. The table has every figure.`,
  liftTable: 'Lift by decile',
  decile: 'Decile',
  leads: 'Leads',
  conversions: 'Converted',
  rate: 'Rate',
  lift: 'Lift',
  captured: 'Conversions found so far',
  threshold: 'Suggested MQL threshold',
  thresholdText: (score, precision, recall, share) => `A probability of ${score} or more: ${share} of leads become MQLs, ${precision} of them convert (precision), and they hold ${recall} of all conversions (recall).`,
  factorsFor: 'Raise the chance',
  factorsAgainst: 'Lower the chance',
  noFactors: 'None',
  compare: 'Against your current rules',
  learnedModel: 'Learned model',
  currentRules: 'Current rules',
  noRules: 'No rules applied yet',
  compareHelp: (n) => `AUC of both on the same ${n} held-out leads.`,
  better: (by) => `The learned model ranks leads better, by ${by} AUC.`,
  worse: (by) => `Your current rules rank leads better, by ${by} AUC.`,
  apply: 'Apply this model',
  confirmTitle: 'Apply the learned model?',
  confirmText: (auc, rules) => `Every lead will be scored by the learned model (AUC ${auc}) instead of ${rules === null ? 'no rules' : `the current rules (AUC ${rules})`}. Its MQL threshold is the one suggested.`,
  confirm: 'Apply',
  applied: (auc) => `The learned model (AUC ${auc}) is applied: leads now show their probability.`,
  appliedAt: (when) => `Applied ${when}.`,
  notSaved: (message) => `Not applied: ${message}`,
};

/** The scoring studio's messages; add a locale with `scoringStudioStrings.add('de', {...})`. */
export const scoringStudioStrings = new Strings<ScoringStudioStrings>('scoring-studio', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
