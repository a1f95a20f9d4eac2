/**
 * A realistic, seeded data set for tests, benchmarks and the demo: pipelines from the templates,
 * deals that walk through their stages with stage history, leads with sources, and activities.
 * The same seed always gives the same data.
 */
import type { Activity, Deal, Lead, LeadStatus, Pipeline, StageVisit } from '../src/core/model.js';
import { openStages, pipelineFromTemplate, type PipelineTemplateId } from '../src/core/stages.js';
import { seededRandom } from '../src/core/learn/solver.js';

/** A small fast PRNG (mulberry32, the learner's): deterministic across browsers and Node. */
export const rng: (seed: number) => () => number = seededRandom;

const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomás'];
const LAST = ['Silva', 'Okafor', 'Müller', 'Nguyen', 'Kowalski', 'Haddad', 'Larsen', 'Sato', 'Petrov', 'Chen', 'Mensah', 'Fischer', 'García', 'Byrne', 'Aziz', 'Iyer', 'Walsh', 'Ortiz', 'Berg', 'Costa'];
const ZH_NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵婷', '黄强', '周杰', '吴芳'];
const COMPANIES = ['Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Acme', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka', 'Gringotts'];
const ZH_COMPANIES = ['华为技术', '腾讯科技', '海尔集团', '美的集团', '小米科技', '比亚迪'];
const SUFFIXES = [' Inc', ' Ltd', ' GmbH', ' LLC', ' Corp', '', ' S.A.'];
const INDUSTRIES = ['SaaS', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Education', 'Logistics'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];
const SOURCES: [string, string][] = [['google', 'cpc'], ['linkedin', 'paid-social'], ['newsletter', 'email'], ['partner', 'referral'], ['webinar', 'event'], ['direct', 'none']];
const CAMPAIGNS = ['spring-launch', 'q3-webinar-series', 'partner-push', 'retargeting', 'brand'];
const OWNERS = ['ana', 'ben', 'chen', 'dara', 'emil', 'fatima'];
const DEAL_NOUNS = ['renewal', 'expansion', 'pilot', 'platform deal', 'annual licence', 'onboarding'];

/** Options for `generateDataset`. */
export interface GenerateOptions {
  seed?: number;
  deals?: number;
  leads?: number;
  templates?: PipelineTemplateId[];
  /** The present (ISO); deals are spread over the year before it. */
  now?: string;
  currency?: string;
  locale?: string;
}

/** A generated data set. */
export interface Dataset {
  pipelines: Pipeline[];
  deals: Deal[];
  leads: Lead[];
  activities: Activity[];
}

const DAY = 86_400_000;
const SUBJECTS = { call: 'Follow-up call', meeting: 'Demo meeting', email: 'Send the proposal', task: 'Prepare the quote' } as const;

/** Generates pipelines, deals with stage histories, leads and activities. */
export function generateDataset(options: GenerateOptions = {}): Dataset {
  const random = rng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const now = Date.parse(options.now ?? '2026-11-01T09:00:00.000Z');
  const templates = options.templates ?? ['l2c', 'classic', 'five-phase'];
  const currency = options.currency ?? 'USD';
  const pipelines = templates.map((t) => pipelineFromTemplate(t, { locale: options.locale, currency }));
  const deals: Deal[] = [];
  const activities: Activity[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  const id = (prefix: string) => `${prefix}-${(++n).toString(36).padStart(6, '0')}`;

  const dealCount = options.deals ?? 300;
  for (let i = 0; i < dealCount; i++) {
    // The first pipeline carries most deals, as a main sales pipeline does.
    const pipeline = random() < 0.7 ? pipelines[0]! : pick(pipelines);
    const stages = openStages(pipeline);
    const won = pipeline.stages.find((s) => s.kind === 'won');
    const lost = pipeline.stages.find((s) => s.kind === 'lost');
    const created = now - Math.floor(random() * 365 * DAY);
    let t = created;
    const history: StageVisit[] = [];
    let stageId = stages[0]!.id;
    let status: Deal['status'] = 'open';
    let closedAt: string | undefined;
    let lostReason: string | undefined;
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s]!;
      stageId = stage.id;
      history.push({ stageId, enteredAt: iso(t) });
      const dwell = Math.ceil(-Math.log(1 - random()) * (stage.rottingDays ?? 14) * 0.8 * DAY);
      if (t + dwell > now) break; // still in this stage today
      t += dwell;
      history[history.length - 1]!.leftAt = iso(t);
      const advance = random();
      if (advance < 0.78 && s < stages.length - 1) continue;
      // Deals are won late in the pipeline and lost anywhere, so stage counts fall as a funnel does.
      const late = s >= stages.length - 2;
      if (late && advance < 0.92 && won) {
        stageId = won.id;
        status = 'won';
      } else if (lost) {
        stageId = lost.id;
        status = 'lost';
        lostReason = pick(pipeline.lostReasons ?? ['Price']);
      } else {
        // A pipeline without a lost stage (AIDA, 5A): the deal simply stops here.
        delete history[history.length - 1]!.leftAt;
        break;
      }
      history.push({ stageId, enteredAt: iso(t) });
      closedAt = iso(t);
      break;
    }
    const company = pick(COMPANIES);
    const value = Math.round(Math.exp(8 + random() * 3.2) / 100) * 100;
    const deal: Deal = {
      id: id('deal'),
      title: `${company} ${pick(DEAL_NOUNS)}`,
      value,
      currency,
      pipelineId: pipeline.id,
      stageId,
      ownerId: pick(OWNERS),
      status,
      createdAt: iso(created),
      updatedAt: closedAt ?? history.at(-1)!.enteredAt,
      history,
      rank: i,
      expectedClose: new Date(created + (30 + Math.floor(random() * 150)) * DAY).toISOString().slice(0, 10),
      ...(closedAt ? { closedAt } : {}),
      ...(lostReason ? { lostReason } : {}),
    };
    if (status === 'open') {
      const last = Date.parse(history.at(-1)!.enteredAt) + Math.floor(random() * 10) * DAY;
      if (last < now && random() < 0.6) deal.lastActivityAt = iso(last);
      if (random() < 0.5) {
        const type = pick(['call', 'meeting', 'email', 'task'] as const);
        activities.push({
          id: id('act'), dealId: deal.id, type, subject: SUBJECTS[type],
          at: iso(now - 3 * DAY), dueAt: iso(now + Math.floor((random() - 0.4) * 10) * DAY), done: false,
        });
      }
    }
    deals.push(deal);
  }

  const leads: Lead[] = [];
  const leadCount = options.leads ?? 200;
  const statuses: LeadStatus[] = ['new', 'new', 'nurturing', 'mql', 'mql', 'sql', 'disqualified', 'converted'];
  for (let i = 0; i < leadCount; i++) {
    const chinese = random() < 0.2;
    const name = chinese ? pick(ZH_NAMES) : `${pick(FIRST)} ${pick(LAST)}`;
    const company = chinese ? `${pick(ZH_COMPANIES)}有限公司` : `${pick(COMPANIES)}${pick(SUFFIXES)}`;
    const [utmSource, utmMedium] = pick(SOURCES);
    const created = iso(now - Math.floor(random() * 180 * DAY));
    const local = chinese ? `user${i}` : name.toLowerCase().normalize('NFKD').replace(/[^a-z ]/g, '').replace(' ', '.');
    leads.push({
      id: id('lead'),
      createdAt: created,
      updatedAt: created,
      status: pick(statuses),
      name,
      email: `${local}@${company.toLowerCase().replace(/[^a-z]/g, '') || 'example'}.example`,
      company,
      industry: pick(INDUSTRIES),
      companySize: Math.round(Math.exp(2 + random() * 7)),
      region: pick(REGIONS),
      source: { utm_source: utmSource, utm_medium: utmMedium, utm_campaign: pick(CAMPAIGNS) },
    });
  }
  return { pipelines, deals, leads, activities };
}
