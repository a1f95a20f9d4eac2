/**
 * What `<lead-inbox>` shows: the leads of one owner waiting to be accepted (or the pool: leads with
 * no owner, with why), newest first, each flagged when its SLA has passed, and which of them have
 * a write not yet sent (REST outbox). Every decision is the core's (handoff.ts); this controller
 * reads the repository (or the host's `.leads` in controlled use) and keeps the list derived once.
 */
import type { ReactiveController } from 'lit';
import type { LearnedScoring } from '../../core/learn.js';
import { inInbox, poolEntry, slaDueAt, type PoolEntry } from '../../core/handoff.js';
import { engagementByLead } from '../../core/engagement.js';
import { isDueForRequalification } from '../../core/lifecycle.js';
import type { Lead } from '../../core/model.js';
import type * as Scoring from '../../core/scoring.js';
import type { EngagementEvent, LeadScorer, ScoreResult, ScoringModel } from '../../core/scoring.js';
import type { RoutingConfig } from '../../core/routing.js';
import { routingConfigOf } from '../../core/settings.js';
import { loadScoringModel } from '../../internal/lead-probability.js';
import { StoreController, type StoreHost } from '../../internal/store-controller.js';
import type { Repository, Unsubscribe } from '../../storage/types.js';

/** Which leads the inbox lists: its owner's, or the pool. */
export const INBOX_VIEWS = ['mine', 'pool'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** What the data controller reads of its element. */
export interface InboxDataHost extends StoreHost {
  /** Controlled use: the leads to list (nothing is read or written). */
  readonly leads: Lead[] | undefined;
  /** Controlled use: the routing configuration (SLA, teams); otherwise read from `settings`. */
  readonly routing: RoutingConfig | undefined;
  readonly view: InboxView;
  /** Whose inbox: `owner-id`, else the provider's user. */
  readonly owner: string | undefined;
  /** Overrides the SLA hours of the routing configuration. */
  readonly slaHours: number | undefined;
  /** Scores each lead with its tracked engagement (page views, visits) when set. */
  readonly scoring: ScoringModel | undefined;
}

/** One lead as the inbox lists it. */
export interface InboxItem {
  lead: Lead;
  /** When the SLA ends (ms), for leads with one. */
  dueAt: number | undefined;
  overdue: boolean;
  /** Why a lead is in the pool (pool view). */
  pool: PoolEntry | undefined;
  /** Its latest change is still in the outbox (offline, or not sent yet). */
  pending: boolean;
  /** A nurtured lead whose re-entry date has passed: back for qualification (listed first). */
  due: boolean;
  /** Its score now, with its engagement, under the element's `scoring` model (when set). */
  score: ScoreResult | undefined;
}

interface Loaded {
  leads: Lead[];
  routing: RoutingConfig | undefined;
  /** The applied learned scoring model (the `scoring` settings record), for each lead's probability. */
  scoring: LearnedScoring | undefined;
  /** The listed leads' page views and visits (only read with a scoring model). */
  engagement: Map<string, EngagementEvent[]>;
}

/** The part of a REST repository's outbox the inbox watches (other repositories have none). */
interface OutboxLike {
  pending(): Promise<{ collection: string; id: string }[]>;
  subscribe(listener: () => void): Unsubscribe;
}

const OPEN = ['new', 'nurturing', 'mql'];

// Newest first: when the lead reached its owner (or the pool), else when it was created.
function arrivedAt(lead: Lead): string {
  const routed = lead.routing?.at;
  const rejected = lead.rejection?.at;
  return (typeof rejected === 'string' && !lead.ownerId ? rejected : typeof routed === 'string' ? routed : lead.createdAt) ?? '';
}

/** Reads and derives the inbox's list. */
export class InboxData implements ReactiveController {
  readonly store: StoreController<Loaded>;
  #pending = new Set<string>();
  #outbox: { outbox: OutboxLike; stop: Unsubscribe } | undefined;
  #memo: { key: unknown[]; items: InboxItem[] } | undefined;
  #swept: Repository | undefined;
  // Leads this inbox has just moved out of its list (accepted, rejected, given away): hidden at
  // once rather than after the repository is read again (thousands of leads, tens of ms), until the
  // next read, which no longer lists them.
  #departed = new Set<string>();
  #departedFrom: Loaded | undefined;
  #own = new Set<string>();
  #scorer: { model: ScoringModel; score: LeadScorer } | undefined;
  // The scoring code is a chunk of its own, loaded when the element is given a model.
  #scoring: typeof Scoring | undefined;
  #loadingScoring = false;

  constructor(private readonly host: InboxDataHost) {
    this.store = new StoreController<Loaded>(host, {
      collections: ['leads', 'settings', 'activities'],
      // The notice of the inbox's own write loads nothing: depart() has taken the row out already.
      // Activities matter only to scores: a new page view changes a lead's score.
      ignore: (change) => (change.collection === 'activities' && !this.host.scoring)
        || (change.collection === 'leads' && change.type === 'put' && change.ids.length > 0 && change.ids.every((id) => this.#own.has(id))),
      load: async (repo) => {
        const [leads, settings, scoring] = await Promise.all([this.#read(repo), repo.settings.get('routing'), repo.settings.get('scoring')]);
        const activities = this.host.scoring && leads.length ? await repo.activities.list({ where: { leadId: leads.map((l) => l.id) } }) : [];
        return { leads, routing: routingConfigOf(settings), scoring: await loadScoringModel(scoring), engagement: engagementByLead(activities) };
      },
    });
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdate(): void {
    const repo = this.host.leads === undefined ? this.host.repository : undefined;
    this.#watchOutbox(repo);
    if (repo !== this.#swept) {
      this.#swept = repo;
      this.sweep();
    }
  }

  /**
   * Routes again, in a repository that routes leads itself (IndexedDB, memory), those whose
   * re-entry date or SLA has passed: as the inbox opens, and every minute while it is open. With
   * REST storage the server does it.
   */
  sweep(): void {
    const repo = this.#swept;
    if (repo?.kind !== 'memory' && repo?.kind !== 'indexeddb') return;
    void import('../../storage/routing-write.js').then((m) => m.sweepRouting(repo)).catch(() => undefined);
  }

  hostDisconnected(): void {
    this.#watchOutbox(undefined);
  }

  /** How many lead changes wait in the outbox (REST storage), whether listed here or not. */
  get unsent(): number {
    return this.#pending.size;
  }

  /** Whether the first read is under way. */
  get loading(): boolean {
    return this.host.leads === undefined && (this.store.loading || (this.store.value === undefined && this.host.repository !== undefined && !this.store.error));
  }

  /** The applied learned scoring model, when the stored `scoring` settings have one. */
  get scoring(): LearnedScoring | undefined {
    return this.store.value?.scoring;
  }

  /** The routing configuration in use (SLA, teams, default owner), with `sla-hours` applied. */
  get routing(): RoutingConfig | undefined {
    const base = this.host.routing ?? this.store.value?.routing;
    const hours = this.host.slaHours;
    if (hours === undefined || !(hours > 0)) return base;
    return { ...(base ?? { rules: [], teams: [], period: 'day' }), sla: { ...base?.sla, hours } };
  }

  /** Marks the write of lead `id` as this inbox's own while it is stored (`on`), or no longer. */
  writing(id: string, on: boolean): void {
    if (on) this.#own.add(id);
    else this.#own.delete(id);
  }

  /** Hides the lead `id` until the repository has been read again (its change is stored). */
  depart(id: string): void {
    if (this.#departedFrom !== this.store.value) this.#departed = new Set();
    this.#departedFrom = this.store.value;
    this.#departed = new Set([...this.#departed, id]);
  }

  /** The leads to list, newest first, at `now` (ms). */
  items(now: number): InboxItem[] {
    const source = this.host.leads ?? this.store.value?.leads ?? [];
    if (this.#departed.size && this.#departedFrom !== this.store.value) this.#departed = new Set();
    const departed = this.#departed;
    const routing = this.routing;
    const { view, owner } = this.host;
    // Derived once per input (a render for an announcement sorts nothing); the SLA per minute.
    const score = this.#score();
    const engagement = this.store.value?.engagement;
    const key = [source, routing, view, owner, this.#pending, departed, Math.floor(now / 60_000), score, engagement];
    if (this.#memo && this.#memo.key.every((k, i) => k === key[i])) return this.#memo.items;
    // Only a departure since: the list less that lead, without going through every lead again.
    const DEPARTED = 5;
    if (this.#memo && this.#memo.key.every((k, i) => i === DEPARTED || k === key[i])) {
      const items = this.#memo.items.filter((item) => !departed.has(item.lead.id));
      this.#memo = { key, items };
      return items;
    }
    const items: InboxItem[] = [];
    for (const lead of source) {
      if (departed.has(lead.id)) continue;
      const pool = view === 'pool' ? poolEntry(lead) : undefined;
      if (view === 'pool' ? !pool : !(owner && inInbox(lead, owner))) continue;
      const dueAt = view === 'mine' ? slaDueAt(lead, routing) : undefined;
      const due = isDueForRequalification(lead, now);
      const scored = score?.(lead, engagement?.get(lead.id) ?? [], now);
      items.push({ lead, dueAt, overdue: dueAt !== undefined && now >= dueAt, pool, pending: this.#pending.has(lead.id), due, score: scored });
    }
    // Leads back for qualification first, earliest re-entry first; then newest first.
    const order = items.map((item) => [item.due ? `0${item.lead.reentryAt ?? ''}` : `1${arrivedAt(item.lead)}`, item] as const);
    order.sort((a, b) => {
      const [ka, kb] = [a[0], b[0]];
      if (ka[0] !== kb[0]) return ka < kb ? -1 : 1;
      const newestFirst = ka[0] === '1' ? -1 : 1;
      return ka < kb ? -newestFirst : ka > kb ? newestFirst : a[1].lead.id < b[1].lead.id ? -1 : 1;
    });
    const sorted = order.map(([, item]) => item);
    this.#memo = { key, items: sorted };
    return sorted;
  }

  /** The element's scoring model, compiled once per model (undefined until the scoring chunk is here). */
  #score(): LeadScorer | undefined {
    const model = this.host.scoring;
    if (!model) return undefined;
    const scoring = this.#scoring;
    if (!scoring) {
      if (!this.#loadingScoring) {
        this.#loadingScoring = true;
        void import('../../core/scoring.js').then((m) => {
          this.#scoring = m;
          this.host.requestUpdate();
        }, () => undefined);
      }
      return undefined;
    }
    if (this.#scorer?.model !== model) this.#scorer = { model, score: scoring.compileScoringModel(model, { explain: false }) };
    return this.#scorer.score;
  }

  /** Owner ids a lead may be given to: the host's names, else the routing teams' members and default owner. */
  ownerChoices(names: Record<string, string> | undefined): string[] {
    if (names && Object.keys(names).length) return Object.keys(names);
    const routing = this.routing;
    const ids = new Set<string>();
    for (const team of routing?.teams ?? []) for (const m of team.members ?? []) if (m.ownerId) ids.add(m.ownerId);
    if (routing?.defaultOwnerId) ids.add(routing.defaultOwnerId);
    return [...ids];
  }

  // The owner's leads by the ownerId index; the pool among open leads by the status index.
  #read(repo: Repository): Promise<Lead[]> {
    if (this.host.view === 'pool') return repo.leads.list({ where: { status: OPEN } });
    const owner = this.host.owner;
    return owner ? repo.leads.list({ where: { ownerId: owner } }) : Promise.resolve([]);
  }

  #watchOutbox(repo: Repository | undefined): void {
    const outbox = (repo as { outbox?: OutboxLike } | undefined)?.outbox;
    if (this.#outbox?.outbox === outbox) return;
    this.#outbox?.stop();
    this.#outbox = undefined;
    this.#pending = new Set();
    if (!outbox) return;
    const count = async () => {
      try {
        const pending = await outbox.pending();
        this.#pending = new Set(pending.filter((e) => e.collection === 'leads').map((e) => e.id));
        this.host.requestUpdate();
      } catch {
        // The database went away: the element says so through its store.
      }
    };
    this.#outbox = { outbox, stop: outbox.subscribe(() => void count()) };
    void count();
  }
}
