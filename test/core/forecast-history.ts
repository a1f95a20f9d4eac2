/**
 * A synthetic deal history with a known answer, for the forecast's tests: deals created at a steady
 * rate, each closing after an exponentially distributed time, won with a known probability.
 */
import type { Deal, Pipeline, StageVisit } from '../../src/core/model.js';
import { rng } from '../generate.js';

export const DAY = 86_400_000;
/** Day 0 of every synthetic history. */
export const EPOCH = Date.UTC(2020, 0, 1);

export const forecastPipeline: Pipeline = {
  id: 'p',
  name: 'Sales',
  currency: 'EUR',
  stages: [
    { id: 'talk', label: 'Talk', kind: 'open', probability: 0.2 },
    { id: 'offer', label: 'Offer', kind: 'open', probability: 0.5 },
    { id: 'won', label: 'Won', kind: 'won', probability: 1 },
    { id: 'lost', label: 'Lost', kind: 'lost', probability: 0 },
  ],
};

export interface HistoryOptions {
  seed: number;
  /** Deals created per day. */
  perDay: number;
  /** History spans days [0, days); deals closing later stay open. */
  days: number;
  /** Mean days from creation to close (won and lost alike). */
  meanDays: number;
  /**
   * Two-stage truth: a share `offerShare` of deals reaches `offer` halfway to its close and wins with
   * probability `offerWin`; the others are lost. Without it, every deal stays in `talk` and wins with
   * probability `winRate`.
   */
  offerShare?: number;
  offerWin?: number;
  winRate?: number;
  /** Share of deals that never close (stale). */
  staleShare?: number;
  value?: number;
}

export const iso = (day: number): string => new Date(EPOCH + day * DAY).toISOString();

/** One deal as the generator writes it. */
export function makeDeal(id: string, created: number, close: number | null, won: boolean, value: number, offerAt: number | null = null): Deal {
  const history: StageVisit[] = [{ stageId: 'talk', enteredAt: iso(created), ...(offerAt !== null ? { leftAt: iso(offerAt) } : {}) }];
  if (offerAt !== null) history.push({ stageId: 'offer', enteredAt: iso(offerAt) });
  const status = close === null ? 'open' : won ? 'won' : 'lost';
  const last = history.at(-1) as StageVisit;
  if (close !== null) {
    last.leftAt = iso(close);
    history.push({ stageId: status, enteredAt: iso(close) });
  }
  return {
    id,
    title: `Deal ${id}`,
    value,
    currency: 'EUR',
    pipelineId: 'p',
    stageId: history.at(-1)?.stageId ?? 'talk',
    status,
    createdAt: iso(created),
    updatedAt: iso(close ?? created),
    ...(close !== null ? { closedAt: iso(close) } : {}),
    history,
  };
}

/** The history as it stands at its end (day `days`). */
export function syntheticHistory(o: HistoryOptions): Deal[] {
  const random = rng(o.seed);
  const deals: Deal[] = [];
  const count = Math.round(o.perDay * o.days);
  for (let i = 0; i < count; i++) {
    const created = random() * o.days;
    const stale = random() < (o.staleShare ?? 0);
    const close = created - Math.log(1 - random()) * o.meanDays;
    const twoStage = o.offerShare !== undefined;
    const reachesOffer = twoStage && random() < (o.offerShare ?? 0);
    const won = twoStage ? reachesOffer && random() < (o.offerWin ?? 0) : random() < (o.winRate ?? 0);
    const offerAt = reachesOffer ? (created + close) / 2 : null;
    const closed = !stale && close < o.days ? close : null;
    deals.push(makeDeal(`d${i}`, created, closed, won, o.value ?? 1000, offerAt !== null && offerAt < o.days && !stale ? offerAt : null));
  }
  return deals;
}
