/**
 * Generated history with a known answer for the predictive scoring tests and bench: industry SaaS
 * and time on site (the summed `value` of `visit` events, seconds) drive conversion; country,
 * company size and a custom plan are noise; some values are missing. Seeded, so the same call
 * gives the same leads.
 */
import type { Deal, EngagementEvent, Lead } from '../../src/core/index.js';
import type { LearnExample } from '../../src/core/learn.js';
import { rng } from '../generate.js';

export const INDUSTRIES = ['SaaS', 'Retail', 'Health', 'Finance', 'Education'] as const;
const COUNTRIES = ['DE', 'FR', 'US', 'IN', 'BR'];
const PLANS = ['free', 'trial', 'none'];
export const NOW = '2026-06-01T00:00:00.000Z';
const DAY = 86_400_000;

/** Log-odds of converting for the planted signal: SaaS +2, time on site up to +4 (600 s or more). */
export function plantedLogOdds(industry: string | undefined, seconds: number): number {
  return -2.6 + (industry === 'SaaS' ? 2 : 0) + 4 * Math.min(1, seconds / 600);
}

/** `n` leads whose outcome follows `plantedLogOdds` (or a coin with `noise: true`, independent of everything). */
export function plantedExamples(n: number, seed: number, options: { noise?: boolean } = {}): LearnExample[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const examples: LearnExample[] = [];
  for (let i = 0; i < n; i++) {
    const id = `lead-${seed}-${i}`;
    const lead: Lead = { id, createdAt: NOW, updatedAt: NOW, status: 'new', email: `p${i}@example.com` };
    if (random() > 0.05) lead.industry = pick(INDUSTRIES);
    if (random() > 0.1) lead.country = pick(COUNTRIES);
    if (random() > 0.2) lead.companySize = Math.round(5 + random() * 2000);
    lead.custom = { plan: pick(PLANS) };
    lead.source = { utm_source: pick(['google', 'linkedin', 'newsletter']) };
    const visits = Math.floor(random() * 6);
    const events: EngagementEvent[] = [];
    let seconds = 0;
    for (let v = 0; v < visits; v++) {
      const value = Math.round(-Math.log(1 - random()) * 120);
      seconds += value;
      events.push({ type: 'visit', at: new Date(Date.parse(NOW) - (1 + random() * 60) * DAY).toISOString(), leadId: id, value });
    }
    const p = options.noise ? 0.3 : 1 / (1 + Math.exp(-plantedLogOdds(lead.industry, seconds)));
    examples.push({ lead, converted: random() < p, events });
  }
  return examples;
}

/** Stored leads and deals with a known answer, as `historyExamples` reads them. */
export interface PlantedHistory {
  leads: Lead[];
  deals: Deal[];
  /** How each kind of lead was made. */
  counts: { converted: number; wonDeal: number; disqualified: number; stale: number; open: number };
}

/**
 * `n` stored leads read at `NOW`: industry SaaS and `custom.pageViews` drive conversion (the same
 * log-odds as `plantedLogOdds`, 20 page views standing for 600 s). A converted lead is stored with
 * status `converted` or, every third one, as `sql` with a won deal from it; a lead that did not
 * convert is `disqualified` or an old `nurturing` lead (older than 90 days); `openShare` of the
 * leads are recent and open (left out of learning).
 */
export function plantedHistory(n: number, seed: number, openShare = 0.1): PlantedHistory {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const leads: Lead[] = [];
  const deals: Deal[] = [];
  const counts = { converted: 0, wonDeal: 0, disqualified: 0, stale: 0, open: 0 };
  for (let i = 0; i < n; i++) {
    const id = `h-${seed}-${i}`;
    const industry = pick(INDUSTRIES);
    const pageViews = Math.round(-Math.log(1 - random()) * 8);
    const age = random() < openShare ? 1 + random() * 30 : 100 + random() * 200;
    const createdAt = new Date(Date.parse(NOW) - age * DAY).toISOString();
    const lead: Lead = { id, createdAt, updatedAt: createdAt, status: 'new', email: `h${i}@example.com`, name: `Lead ${i}`, company: `Company ${i}`, industry, country: pick(COUNTRIES), custom: { pageViews } };
    leads.push(lead);
    if (age < 100) {
      lead.status = pick(['new', 'mql', 'nurturing'] as const);
      counts.open++;
      continue;
    }
    const p = 1 / (1 + Math.exp(-plantedLogOdds(industry, pageViews * 30)));
    if (random() < p) {
      if (i % 3 === 0) {
        lead.status = 'sql';
        deals.push({ id: `d-${id}`, title: `Deal ${i}`, value: 1000, currency: 'EUR', pipelineId: 'p', stageId: 'won', status: 'won', createdAt, updatedAt: createdAt, history: [], leadId: id });
        counts.wonDeal++;
      } else {
        lead.status = 'converted';
        counts.converted++;
      }
    } else if (random() < 0.5) {
      lead.status = 'disqualified';
      counts.disqualified++;
    } else {
      lead.status = 'nurturing';
      counts.stale++;
    }
  }
  return { leads, deals, counts };
}
