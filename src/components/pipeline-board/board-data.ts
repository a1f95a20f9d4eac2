/**
 * What a board shows, derived from its inputs once per change (never per frame): the pipelines it
 * may switch between, the pipeline shown (sanitised by the core), its deals in columns with the
 * writes not yet confirmed laid over them, column figures, and each deal's activities. Reads come
 * from the host's properties (controlled use) or from the repository through StoreControllers.
 */
import type { ReactiveController } from 'lit';
import { activityState, lastDoneAt, nextActivity, type ActivityState } from '../../core/activity.js';
import { weightedPipeline } from '../../core/funnel.js';
import type { Activity, Deal, Pipeline } from '../../core/model.js';
import { sanitizePipeline, type SafePipeline } from '../../core/pipeline.js';
import { getPath } from '../../core/predicate.js';
import { pipelineName, stageLabel } from '../../core/stages.js';
import { formatMoney, formatNumber } from '../../internal/format.js';
import { StoreController, type StoreHost } from '../../internal/store-controller.js';
import { PATCH_LIMIT, buildModel, patchModel, type BoardFilter, type BoardModel } from './board-model.js';
import { PendingWrites } from './board-state.js';
import type { PipelineBoardStrings } from './strings.js';

/**
 * The deals that differ between two versions of the input (the deals given or read, and the
 * pending writes over them), by id with the version to show now (undefined: gone); undefined when
 * more than PATCH_LIMIT differ or the change cannot be told cheaply. A host that updates one deal
 * gives a copy of its array with one element replaced; the ends of the two arrays that are the same
 * are skipped, so the rest is compared in a few steps.
 */
function changedDeals(prevSource: unknown, source: unknown, prevPending: ReadonlyMap<string, Deal | null> | undefined,
  pending: ReadonlyMap<string, Deal | null>): Map<string, Deal | undefined> | undefined {
  if (!Array.isArray(prevSource) || !Array.isArray(source) || !prevPending) return undefined;
  const a = prevSource as unknown[];
  const b = source as unknown[];
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (a.length - head - tail > PATCH_LIMIT || b.length - head - tail > PATCH_LIMIT) return undefined;
  const fromSource = new Map<string, Deal>();
  const ids = new Set<string>();
  for (const list of [a.slice(head, a.length - tail), b.slice(head, b.length - tail)]) {
    for (const d of list) {
      if (typeof d !== 'object' || d === null || typeof (d as Deal).id !== 'string') return undefined;
      ids.add((d as Deal).id);
    }
  }
  for (const d of b.slice(head, b.length - tail) as Deal[]) if (!fromSource.has(d.id)) fromSource.set(d.id, d);
  for (const id of new Set([...prevPending.keys(), ...pending.keys()])) if (prevPending.get(id) !== pending.get(id)) ids.add(id);
  if (ids.size > PATCH_LIMIT) return undefined;
  const changed = new Map<string, Deal | undefined>();
  for (const id of ids) {
    const written = pending.get(id);
    if (written !== undefined) changed.set(id, written ?? undefined);
    else if (fromSource.has(id)) changed.set(id, fromSource.get(id));
    else {
      // A write that no longer shows (it failed): the given version again, wherever it is.
      const given = b.find((d) => (d as Deal).id === id) as Deal | undefined;
      changed.set(id, given);
    }
  }
  return changed;
}

/** The board's properties the data reads. */
export interface DataElement extends StoreHost {
  readonly pipeline: Pipeline | undefined;
  readonly pipelines: Pipeline[] | undefined;
  readonly deals: Deal[] | undefined;
  readonly activities: Activity[] | undefined;
  readonly pipelineId: string | undefined;
  readonly owners: Record<string, string> | undefined;
  readonly cardFields: string | undefined;
}

/** What the data needs from the board beyond its properties: settings it derives. */
export interface DataInputs {
  /** Pipelines an enclosing provider gives. */
  readonly providedPipelines: Pipeline[] | undefined;
  /** The board's currency, else the provider's. */
  readonly currency: string | undefined;
  readonly filter: BoardFilter;
  /** The resolved locale code (`zh-CN`) and the locale Intl formats with (`en-GB`). */
  readonly lang: string;
  readonly formatLocale: string;
  readonly strings: PipelineBoardStrings;
}

/** A deal's activities as its card shows them. */
export interface DealActivities {
  state: ActivityState;
  next: Activity | undefined;
  /** When its last activity was done (ms), for rotting. */
  lastDone: number | undefined;
}

interface ColumnFigures {
  count: string;
  total: string;
  weighted: string | undefined;
}

/** The board's data, recomputed in its `willUpdate`. */
export class BoardData implements ReactiveController {
  /** Writes made here that storage has not confirmed yet. */
  readonly pending = new PendingWrites();
  /** The pipeline shown, sanitised, with what was wrong with it. */
  current: SafePipeline | undefined;
  model: BoardModel | undefined;
  readonly pipelineStore: StoreController<Pipeline[]>;
  readonly dealStore: StoreController<Deal[]>;
  readonly activityStore: StoreController<Activity[]>;

  #dealsLoadedFor: string | undefined;
  #currentRaw: unknown;
  #available: Pipeline[] = [];
  #availableKey: unknown[] = [];
  #modelKey: unknown[] = [];
  #builtFrom: { source: unknown; pending: ReadonlyMap<string, Deal | null> | undefined } = { source: undefined, pending: undefined };
  #figures = new Map<string, ColumnFigures>();
  // Each column's deal id -> index, made when first asked for (most columns never are).
  #indexes = new Map<string, Map<string, number>>();
  #activities = new Map<string, { open: Activity[]; done: Activity[] }>();
  #activitySource: unknown;
  #haystacks = new WeakMap<Deal, string>();
  #fields: string[] = [];

  constructor(private readonly host: DataElement, private readonly inputs: DataInputs) {
    host.addController(this);
    this.pipelineStore = new StoreController<Pipeline[]>(host, { collections: ['pipelines'], load: (repo) => repo.pipelines.list() });
    this.dealStore = new StoreController<Deal[]>(host, {
      collections: ['deals'],
      // The board's own writes show already (pending): reading 100,000 deals again would only delay the next frame.
      ignore: (change) => change.origin === 'local' && change.ids.length > 0 && change.ids.every((id) => this.pending.has(id)),
      load: (repo) => {
        const id = this.current?.pipeline?.id;
        this.#dealsLoadedFor = id;
        return id === undefined ? Promise.resolve([]) : repo.deals.list({ where: { pipelineId: id } });
      },
    });
    this.activityStore = new StoreController<Activity[]>(host, { collections: ['activities'], load: (repo) => repo.activities.list() });
  }

  hostConnected(): void {}

  /** Controlled use: `.deals` given, nothing read from or written to storage. */
  get controlled(): boolean {
    return this.host.deals !== undefined;
  }

  get pipeline(): Pipeline | undefined {
    return this.current?.pipeline;
  }

  /** Whether the deals are being read for the first time. */
  get loading(): boolean {
    return !this.controlled && !!this.host.repository && this.dealStore.loading;
  }

  /** The pipelines to switch between: `.pipeline` first, then `.pipelines`, the provider's or the repository's. */
  available(): Pipeline[] {
    const i = this.inputs;
    const h = this.host;
    const fromStore = this.host.repository ? this.pipelineStore.value : undefined;
    const key = [h.pipeline, h.pipelines, i.providedPipelines, fromStore];
    if (key.every((k, n) => k === this.#availableKey[n])) return this.#available;
    this.#availableKey = key;
    const list: Pipeline[] = [];
    const seen = new Set<unknown>();
    for (const items of [h.pipeline ? [h.pipeline] : [], h.pipelines ?? i.providedPipelines ?? fromStore ?? []]) {
      for (const p of Array.isArray(items) ? items : []) {
        const id = typeof p === 'object' && p !== null ? (p as { id?: unknown }).id : undefined;
        if (id === undefined || seen.has(id)) continue;
        seen.add(id);
        list.push(p);
      }
    }
    this.#available = list;
    return list;
  }

  /** Recomputes what changed; true when the pipeline shown changed (its scroll positions are then stale). */
  update(changedFields: boolean): boolean {
    const i = this.inputs;
    const h = this.host;
    const switched = this.#choosePipeline();
    const pipeline = this.pipeline;
    if (this.host.repository && !this.controlled && pipeline && pipeline.id !== this.#dealsLoadedFor) {
      this.#dealsLoadedFor = pipeline.id;
      void this.dealStore.refresh();
    }
    const source = this.controlled ? h.deals : this.dealStore.value;
    const pending = this.pending.over(source);
    if (changedFields) {
      this.#haystacks = new WeakMap();
      this.#fields = (h.cardFields ?? '').split(',').map((f) => f.trim()).filter(Boolean);
      this.#modelKey = [];
    }
    // What the model depends on beside the deals: when only deals changed, a few are patched in.
    const key = [pipeline, i.filter, i.formatLocale, this.currency, i.lang];
    if (pipeline && (source !== this.#builtFrom.source || pending !== this.#builtFrom.pending || !key.every((k, n) => k === this.#modelKey[n]))) {
      const haystack = (d: Deal) => this.#haystack(d);
      const same = this.model && key.every((k, n) => k === this.#modelKey[n]);
      const changed = same ? changedDeals(this.#builtFrom.source, source, this.#builtFrom.pending, pending) : undefined;
      this.model = (changed && patchModel(this.model!, pipeline, i.filter, haystack, changed))
        ?? buildModel({ deals: source ?? [], pipeline, pending, filter: i.filter, haystack });
      this.#modelKey = key;
      this.#builtFrom = { source, pending };
      this.#computeFigures(pipeline, this.model);
    } else if (!pipeline) {
      this.model = undefined;
      this.#modelKey = [];
    }
    this.#indexActivities();
    return switched;
  }

  #choosePipeline(): boolean {
    const list = this.available();
    const h = this.host;
    // A malformed `.pipeline` is still the one asked for: it is shown with its problems named.
    const raw: unknown = h.pipelineId
      ? list.find((p) => p.id === h.pipelineId)
      : h.pipeline !== undefined && h.pipeline !== null ? h.pipeline : list[0];
    if (raw === this.#currentRaw && this.current) return false;
    this.#currentRaw = raw;
    this.current = raw === undefined ? undefined : sanitizePipeline(raw);
    return true;
  }

  /** The currency of column totals: the board's, the provider's (given as `currency`), the pipeline's, or USD. */
  get currency(): string {
    return this.inputs.currency || this.pipeline?.currency || 'USD';
  }

  /** The extra fields cards show (`card-fields`). */
  get fields(): readonly string[] {
    return this.#fields;
  }

  // The text a search looks in: title, owner and the card's extra fields, lower case (cached).
  #haystack(deal: Deal): string {
    let text = this.#haystacks.get(deal);
    if (text === undefined) {
      const owners = this.host.owners;
      const owner = typeof deal.ownerId === 'string' ? `${deal.ownerId} ${owners?.[deal.ownerId] ?? ''}` : '';
      const extra = this.#fields.map((f) => String(getPath(deal, f) ?? '')).join(' ');
      text = `${deal.title} ${owner} ${extra}`.toLocaleLowerCase();
      this.#haystacks.set(deal, text);
    }
    return text;
  }

  #computeFigures(pipeline: Pipeline, model: BoardModel): void {
    const { formatLocale: locale, strings: s } = this.inputs;
    const currency = this.currency;
    const weighted = new Map(weightedPipeline(model.shown, pipeline).byStage.map((w) => [w.stageId, w]));
    this.#figures = new Map();
    this.#indexes = new Map();
    for (const stage of pipeline.stages) {
      const deals = model.columns.get(stage.id) ?? [];
      const w = weighted.get(stage.id);
      let total = w?.value;
      if (total === undefined) {
        total = 0;
        for (const d of deals) if (d.value > 0) total += d.value;
      }
      this.#figures.set(stage.id, {
        count: s.count(deals.length, formatNumber(deals.length, locale)),
        total: formatMoney(total, currency, locale, { compact: total >= 1e6 }),
        weighted: stage.kind === 'open' && w ? formatMoney(w.weighted, currency, locale, { compact: w.weighted >= 1e6 }) : undefined,
      });
    }
  }

  /** Count, total and weighted value of a column, formatted. */
  figures(stageId: string): ColumnFigures | undefined {
    return this.#figures.get(stageId);
  }

  #indexActivities(): void {
    const source = this.host.activities ?? (this.controlled ? undefined : this.activityStore.value);
    if (source === this.#activitySource) return;
    this.#activitySource = source;
    this.#activities = new Map();
    for (const a of Array.isArray(source) ? source : []) {
      if (typeof a !== 'object' || a === null || typeof a.dealId !== 'string') continue;
      let entry = this.#activities.get(a.dealId);
      if (!entry) this.#activities.set(a.dealId, (entry = { open: [], done: [] }));
      // Notes are written, not done: they neither plan nor end anything.
      if (a.type === 'note') continue;
      (a.done === true ? entry.done : entry.open).push(a);
    }
  }

  /** The activities of a deal as its card shows them, at `now` on the user's calendar day. */
  activitiesOf(deal: Deal, clock: { now: number; today: string; dayEnd: number }): DealActivities {
    const entry = this.#activities.get(deal.id);
    const open = entry?.open ?? [];
    const planned = deal['nextActivityAt'];
    const due = typeof planned === 'string' || typeof planned === 'number'
      ? [...open, { dueAt: typeof planned === 'number' ? new Date(planned).toISOString() : planned }]
      : open;
    return { state: activityState(due, clock), next: nextActivity(open), lastDone: lastDoneAt(entry?.done) };
  }

  /** The deals of a column, in order (filtered). */
  column(stageId: string): Deal[] {
    return this.model?.columns.get(stageId) ?? [];
  }

  /** Where a deal is: its column, its index there and the column's size. */
  placeOf(id: string): { stage: string; index: number; size: number } | undefined {
    const deal = this.model?.byId.get(id);
    const index = this.indexOf(id);
    if (!deal || index === undefined || this.column(deal.stageId)[index]?.id !== id) return undefined;
    return { stage: deal.stageId, index, size: this.column(deal.stageId).length };
  }

  /** A deal's index in its (shown) column. */
  indexOf(id: string): number | undefined {
    const stage = this.model?.byId.get(id)?.stageId;
    if (stage === undefined) return undefined;
    let index = this.#indexes.get(stage);
    if (!index) {
      index = new Map(this.column(stage).map((d, n) => [d.id, n]));
      this.#indexes.set(stage, index);
    }
    return index.get(id);
  }

  /** A stage's name in the board's language. */
  stageName(stageId: string): string {
    const stage = this.pipeline?.stages.find((st) => st.id === stageId);
    return stage ? stageLabel(stage, this.inputs.lang) : stageId;
  }

  /** A pipeline's name in the board's language (template names are translated). */
  pipelineTitle(pipeline: Pipeline): string {
    return typeof pipeline.name === 'string' ? pipelineName(pipeline, this.inputs.lang) : String(pipeline.id);
  }

  /** An owner's display name (`.owners`), else the id. */
  ownerName(id: unknown): string | undefined {
    if (typeof id !== 'string' || id === '') return undefined;
    return this.host.owners?.[id] ?? id;
  }

  /** Money in the deal's currency, else the board's. */
  money(value: unknown, currency: unknown): string | undefined {
    const c = typeof currency === 'string' && currency ? currency : this.currency;
    return typeof value === 'number' ? formatMoney(value, c, this.inputs.formatLocale) : undefined;
  }

  /** A deal field's label (`card-fields`, policy messages). */
  fieldLabel(field: string): string {
    return this.inputs.strings.fields[field] ?? field;
  }

  /** The first deal of the first column with deals. */
  firstDealId(stages: readonly string[]): string | undefined {
    for (const id of stages) {
      const d = this.column(id)[0];
      if (d) return d.id;
    }
    return undefined;
  }
}
