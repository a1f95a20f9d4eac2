/**
 * How good a scoring is on leads whose outcome is known: ROC AUC, lift by decile, calibration and
 * the MQL threshold with the best balance of precision and recall. Pure functions over a score per
 * lead and whether it converted; used by the learner on its held-out leads, and open to anyone who
 * wants to measure hand-written rules the same way (scores from `scoreLeads`).
 */

/** One tenth of the leads, best scored first. */
export interface LiftDecile {
  /** 1 for the best-scored tenth. */
  decile: number;
  n: number;
  conversions: number;
  /** Conversions / n. */
  rate: number;
  /** Rate / the base rate: 3 means three times as likely to convert as an average lead. */
  lift: number;
  /** Share of all conversions found in this decile and the ones above it. */
  cumulativeCapture: number;
}

/** Lift of the best-scored tenth, and the whole curve. */
export interface LiftCurve {
  top: number;
  deciles: LiftDecile[];
}

/** Leads whose predicted probability lies in `[from, to)`, and how many of them converted. */
export interface CalibrationBin {
  from: number;
  to: number;
  n: number;
  /** Mean predicted probability. */
  predicted: number;
  /** Share that converted. */
  observed: number;
}

/** A threshold on the score and what it buys: of the leads at or above it, how many convert (precision), and how many of all conversions they are (recall). */
export interface ThresholdChoice {
  score: number;
  precision: number;
  recall: number;
  /** Share of leads at or above the threshold. */
  share: number;
}

function check(scores: readonly number[], converted: readonly boolean[]): void {
  if (scores.length !== converted.length) throw new RangeError(`scores (${scores.length}) and converted (${converted.length}) must have the same length`);
}

/**
 * The ROC AUC: the chance that a converted lead scores above one that did not (ties count half).
 * 0.5 is a coin toss, 1 a perfect ranking. `null` unless both outcomes occur. Throws a RangeError
 * when the lists differ in length.
 */
export function rocAuc(scores: readonly number[], converted: readonly boolean[]): number | null {
  check(scores, converted);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (converted[order[k] as number]) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

// Indexes by score, best first; equal scores keep their order, so the result is deterministic.
function bestFirst(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/** Lift per decile of leads ranked by score (best first). Throws a RangeError when the lists differ in length. */
export function liftCurve(scores: readonly number[], converted: readonly boolean[]): LiftCurve {
  check(scores, converted);
  const order = bestFirst(scores);
  const total = converted.filter(Boolean).length;
  const base = order.length > 0 ? total / order.length : 0;
  const deciles: LiftDecile[] = [];
  let found = 0;
  for (let d = 1; d <= 10; d++) {
    const slice = order.slice(Math.floor(((d - 1) * order.length) / 10), Math.floor((d * order.length) / 10));
    const conversions = slice.filter((i) => converted[i]).length;
    found += conversions;
    const rate = slice.length > 0 ? conversions / slice.length : 0;
    deciles.push({ decile: d, n: slice.length, conversions, rate, lift: base > 0 ? rate / base : 0, cumulativeCapture: total > 0 ? found / total : 0 });
  }
  return { top: deciles[0]?.lift ?? 0, deciles };
}

/** Predicted against observed conversion in ten bins of predicted probability; empty bins are left out. */
export function calibrationBins(probabilities: readonly number[], converted: readonly boolean[]): CalibrationBin[] {
  check(probabilities, converted);
  const bins = Array.from({ length: 10 }, (_, k) => ({ from: k / 10, to: (k + 1) / 10, n: 0, sum: 0, yes: 0 }));
  probabilities.forEach((p, i) => {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(p * 10)))] as (typeof bins)[number];
    bin.n++;
    bin.sum += p;
    if (converted[i]) bin.yes++;
  });
  return bins.filter((b) => b.n > 0).map((b) => ({ from: b.from, to: b.to, n: b.n, predicted: b.sum / b.n, observed: b.yes / b.n }));
}

/**
 * The threshold with the best F1 (the balance of precision and recall) among the scores given;
 * leads at or above it would be MQL. `null` when no lead converted.
 */
export function bestThreshold(scores: readonly number[], converted: readonly boolean[]): ThresholdChoice | null {
  check(scores, converted);
  const order = bestFirst(scores);
  const total = converted.filter(Boolean).length;
  if (total === 0) return null;
  let best: ThresholdChoice | null = null;
  let bestF1 = -1;
  let hits = 0;
  for (let k = 0; k < order.length; k++) {
    if (converted[order[k] as number]) hits++;
    const score = scores[order[k] as number] as number;
    // Only where the next lead scores lower: a threshold takes every lead with an equal score.
    if (k + 1 < order.length && scores[order[k + 1] as number] === score) continue;
    const precision = hits / (k + 1);
    const recall = hits / total;
    const f1 = (2 * precision * recall) / (precision + recall || 1);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = { score, precision, recall, share: (k + 1) / order.length };
    }
  }
  return best;
}
