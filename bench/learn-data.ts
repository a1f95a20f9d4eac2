/**
 * Real histories from ../shared/data as learner examples (bench/learn.ts): X Education leads and
 * UCI bank marketing. Each loader returns null when its file is missing. What is left out, and why:
 *
 * X Education (Leads.csv): filled in by the sales team after the first contact, so it gives the
 * outcome away: `Tags`, `Lead Quality`, `Lead Profile`, the four `Asymmetrique*` columns,
 * `Last Activity` and `Last Notable Activity`. Ids (`Prospect ID` is the lead id, `Lead Number` is
 * dropped). "Select" (the form's unchosen option) is not given. Kept, as a form or the web site
 * knows them before contact: origin, source (as `source.utm_source`), country, city,
 * specialization, occupation, what matters most, how they heard, the do-not-email/call flags, the
 * ad-seen and update flags; engagement as events: `TotalVisits` visits whose `value` sums to
 * `Total Time Spent on Website` (seconds), and round(visits x pages per visit) page views.
 *
 * Bank marketing (bank-additional-full.csv): `duration` is left out (the call's length is known
 * only after the call, and decides the outcome); "unknown" is not given; every other column is a
 * custom field (pdays 999 = never contacted is kept as a value: the quantile ranges give it a range).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvParse, dsvFormat } from 'd3-dsv';
import type { EngagementEvent, Lead, LearnExample, ScoringModel } from '../src/core/index.js';

/** ../shared/data beside the repository. */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data');
export const X_EDUCATION_CSV = join(DATA_DIR, 'x_education_leads', 'Leads.csv');
export const BANK_CSV = join(DATA_DIR, 'uci_bank_marketing', 'bank-additional-full.csv');

/** X Education columns filled in after contact (never learned from). */
export const X_EDUCATION_LEAKY = [
  'Tags', 'Lead Quality', 'Lead Profile', 'Asymmetrique Activity Index', 'Asymmetrique Profile Index',
  'Asymmetrique Activity Score', 'Asymmetrique Profile Score', 'Last Activity', 'Last Notable Activity',
];

const NOW = '2020-01-01T00:00:00.000Z';
const SEEN = '2019-12-01T00:00:00.000Z';

const X_CUSTOM: Record<string, string> = {
  'Lead Origin': 'origin', City: 'city', Specialization: 'specialization', 'What is your current occupation': 'occupation',
  'What matters most to you in choosing a course': 'motivation', 'How did you hear about X Education': 'heardFrom',
  'Do Not Email': 'doNotEmail', 'Do Not Call': 'doNotCall', Search: 'adSearch', Magazine: 'adMagazine',
  'Newspaper Article': 'adNewspaperArticle', 'X Education Forums': 'adForums', Newspaper: 'adNewspaper',
  'Digital Advertisement': 'adDigital', 'Through Recommendations': 'recommended',
  'Receive More Updates About Our Courses': 'updatesCourses', 'Update me on Supply Chain Content': 'updatesSupplyChain',
  'Get updates on DM Content': 'updatesDm', 'I agree to pay the amount through cheque': 'payByCheque',
  'A free copy of Mastering The Interview': 'freeCopy',
};

function given(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' || v === 'Select' || v === 'unknown' ? undefined : v;
}

/** X Education leads, or null when the file is missing. */
export function xEducationExamples(): LearnExample[] | null {
  if (!existsSync(X_EDUCATION_CSV)) return null;
  return csvParse(readFileSync(X_EDUCATION_CSV, 'utf8')).map((row) => {
    const id = row['Prospect ID'] as string;
    const lead: Lead = { id, createdAt: NOW, updatedAt: NOW, status: 'new', custom: {}, source: {} };
    const country = given(row.Country);
    if (country) lead.country = country;
    const source = given(row['Lead Source']);
    if (source) lead.source!.utm_source = source;
    for (const [column, key] of Object.entries(X_CUSTOM)) {
      const value = given(row[column]);
      if (value !== undefined) lead.custom![key] = value;
    }
    const visits = Number(row.TotalVisits) || 0;
    const seconds = Number(row['Total Time Spent on Website']) || 0;
    const perVisit = given(row['Page Views Per Visit']);
    if (perVisit !== undefined) lead.custom!.pagesPerVisit = Number(perVisit);
    const pages = Math.round(visits * (Number(perVisit) || 0));
    const events: EngagementEvent[] = [];
    for (let v = 0; v < visits; v++) events.push({ type: 'visit', at: SEEN, leadId: id, value: seconds / visits });
    for (let p = 0; p < pages; p++) events.push({ type: 'page-view', at: SEEN, leadId: id });
    return { lead, converted: row.Converted === '1', events };
  });
}

/** Learner options for X Education: the clock the events were read at, and plain names. */
export const X_EDUCATION_OPTIONS = {
  now: NOW,
  labels: { 'events.visit.value': 'Time on site', 'events.visit.count': 'Visits', 'events.page-view.count': 'Page views', 'source.utm_source': 'Source' },
  units: { 'events.visit.value': 's' },
};

/**
 * Rules a marketer would write for X Education without looking at the outcome (as issue 14 did):
 * fit on source, occupation and country, engagement on visits, time on site and page views.
 */
export const X_EDUCATION_HAND_RULES: ScoringModel = {
  fit: [
    { id: 'referral', when: [{ field: 'source.utm_source', op: 'in', value: ['Reference', 'Welingak Website'] }], points: 20 },
    { id: 'search', when: [{ field: 'source.utm_source', op: 'in', value: ['Google', 'Organic Search'] }], points: 10 },
    { id: 'professional', when: [{ field: 'custom.occupation', op: 'eq', value: 'Working Professional' }], points: 20 },
    { id: 'student', when: [{ field: 'custom.occupation', op: 'eq', value: 'Student' }], points: 5 },
    { id: 'india', when: [{ field: 'country', op: 'eq', value: 'India' }], points: 5 },
  ],
  engagement: [
    { id: 'visits', event: 'visit', points: 2, repeatable: true, maxCount: 10 },
    { id: 'time', event: 'visit', measure: 'value', points: 1, per: 60, cap: 30 },
    { id: 'pages', event: 'page-view', points: 1, repeatable: true, maxCount: 10 },
  ],
  mqlThreshold: 50,
};

/** UCI bank marketing contacts without `duration`, or null when the file is missing. */
export function bankExamples(): LearnExample[] | null {
  if (!existsSync(BANK_CSV)) return null;
  return dsvFormat(';').parse(readFileSync(BANK_CSV, 'utf8')).map((row, i) => {
    const custom: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === 'duration' || column === 'y') continue;
      const v = given(value);
      if (v !== undefined) custom[column.replace(/\./g, '_')] = v;
    }
    const lead: Lead = { id: `bank-${i}`, createdAt: NOW, updatedAt: NOW, status: 'new', custom };
    return { lead, converted: row.y === 'yes' };
  });
}
