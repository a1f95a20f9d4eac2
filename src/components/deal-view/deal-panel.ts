/**
 * A deal as one panel: its status, every field editable in place (Enter saves; the core checks the
 * draft and names each bad field; nothing is stored until all are right), a stage change under the
 * pipeline's policy (a lost stage asks why, as a reason id), its lead, activities and notes, and its
 * stage history. A conflicting edit saved elsewhere (HTTP 412 on a REST repository) shows both
 * versions and lets the person choose. Shared by `<deal-view>` and the board's deal drawer, which
 * each give it a `PanelHost`; loaded lazily by both.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { checkDealDraft, editDeal, parseAmount, type DealDraft, type FieldProblem } from '../../core/drafts.js';
import { lostReasonIds, lostReasonLabel } from '../../core/lost-reasons.js';
import type { Activity, Deal, Lead } from '../../core/model.js';
import { moveDeal, stageLabel } from '../../core/stages.js';
import { DAY_MS } from '../../core/time.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { formField, formValues } from '../../internal/form-field.js';
import { formatDate, formatMoney } from '../../internal/format.js';
import type { Unsubscribe } from '../../storage/types.js';
import { DealConflicts } from './deal-conflicts.js';
import { DealActivities } from './deal-activities.js';
import type { PanelHost } from './panel-host.js';
import { dealViewStrings } from './strings.js';

export type { PanelHost } from './panel-host.js';
export { dealViewStrings } from './strings.js';
export { dealPanelStyles } from './deal-panel.styles.js';

const OTHER = '\u0000other';

/** The fields of the details form, in order. */
const FIELDS = ['title', 'value', 'currency', 'ownerId', 'expectedClose', 'probability', 'stageId'] as const;

function draftOf(deal: Deal): Record<string, string> {
  return {
    title: deal.title, value: String(deal.value ?? ''), currency: deal.currency ?? '', ownerId: deal.ownerId ?? '',
    expectedClose: typeof deal.expectedClose === 'string' ? deal.expectedClose.slice(0, 10) : '',
    probability: typeof deal.probability === 'number' ? String(Math.round(deal.probability * 1000) / 10) : '',
    stageId: deal.stageId, lostReason: deal.lostReason ?? '', lostOther: '',
  };
}

/** One deal, editable. */
export class DealPanel implements ReactiveController {
  #deal: Deal | undefined;
  #draft: Record<string, string> = {};
  #problems: FieldProblem[] = [];
  #refusal = '';
  #failure = '';
  #activities: Activity[] = [];
  #lead: Lead | undefined;
  #stop: Unsubscribe | undefined;
  #loaded: string | undefined;
  readonly #acts: DealActivities;
  readonly #conflicts: DealConflicts;

  constructor(private readonly h: PanelHost) {
    h.element.addController(this);
    this.#acts = new DealActivities(h);
    this.#conflicts = new DealConflicts(h);
  }

  hostConnected(): void {
    if (this.#deal) this.#watch(this.#deal);
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = undefined;
    this.#loaded = undefined;
    this.#conflicts.stop();
  }

  /** Shows `deal` (a new deal starts with a fresh form; the same deal keeps what is typed). */
  show(deal: Deal): void {
    if (deal.id !== this.#deal?.id) {
      this.#draft = draftOf(deal);
      this.#problems = [];
      this.#refusal = this.#failure = '';
      this.#acts.reset();
      this.#lead = undefined;
    }
    this.#deal = deal;
    this.#watch(deal);
  }

  // Reads the deal's activities and lead, and follows changes to them and conflicts about the deal.
  #watch(deal: Deal): void {
    const repo = this.h.repository;
    this.#conflicts.watch(deal.id);
    if (!repo || this.#loaded === deal.id) return;
    this.#stop?.();
    this.#loaded = deal.id;
    const load = () => {
      void repo.activities.list({ where: { dealId: deal.id } }).then((list) => {
        if (this.#loaded !== deal.id) return;
        this.#activities = list;
        this.h.element.requestUpdate();
      }, () => undefined);
    };
    this.#stop = repo.subscribe((c) => { if (c.collection === 'activities') load(); });
    load();
    if (typeof deal.leadId === 'string' && deal.leadId) {
      void repo.leads.get(deal.leadId).then((lead) => {
        this.#lead = lead;
        this.h.element.requestUpdate();
      }, () => undefined);
    }
  }

  render(): TemplateResult | typeof nothing {
    const deal = this.#deal;
    if (!deal) return nothing;
    const v = this.h.localize.section(dealViewStrings);
    const lang = this.h.localize.lang();
    const pipeline = this.h.pipeline;
    const stage = pipeline?.stages.find((st) => st.id === deal.stageId);
    const money = formatMoney(deal.value, deal.currency, this.h.formatLocale);
    const reason = deal.status === 'lost' && deal.lostReason ? lostReasonLabel(deal.lostReason, pipeline, lang) : undefined;
    return html`
      <article part="deal" class="deal" data-deal-id=${deal.id} aria-labelledby="deal-title">
        <header class="deal-head">
          <h2 id="deal-title">${deal.title}</h2>
          <p class="deal-meta"><span part="status" class="status ${deal.status}">${v.status[deal.status] ?? deal.status}</span>
            ${stage ? html`<span>${stageLabel(stage, lang)}</span>` : nothing}<span>${money}</span>
            ${reason ? html`<span>${v.lostBecause(reason)}</span>` : nothing}</p>
        </header>
        ${this.#conflicts.render(deal)}
        ${this.#renderDetails(deal)}
        ${this.#renderLead(deal)}
        ${this.#acts.render(deal, this.h.activities ?? this.#activities)}
        ${this.#renderHistory(deal)}
      </article>`;
  }

  #renderDetails(deal: Deal): TemplateResult {
    const v = this.h.localize.section(dealViewStrings);
    const d = this.h.localize.section(draftStrings);
    const pipeline = this.h.pipeline;
    const lang = this.h.localize.lang();
    const label = (f: string) => d.fields[f] ?? f;
    const error = (f: string) => {
      const p = this.#problems.find((x) => x.field === f);
      return p ? d.problem(p.code, label(f), p.max) : f === 'stageId' && this.#refusal ? this.#refusal : undefined;
    };
    const field = (name: string, extra: Partial<Parameters<typeof formField>[0]> = {}) => formField({
      name, label: label(name), value: this.#draft[name] ?? '', error: error(name), part: `field field-${name}`, ...extra,
    }, 'deal', d.requiredMark);
    const owners = { ...this.h.owners };
    if (deal.ownerId && !(deal.ownerId in owners)) owners[deal.ownerId] = deal.ownerId;
    const target = pipeline?.stages.find((st) => st.id === this.#draft.stageId);
    const reasons = lostReasonIds(pipeline);
    const losing = target?.kind === 'lost' && deal.stageId !== target.id;
    const dirty = FIELDS.some((f) => (this.#draft[f] ?? '') !== (draftOf(deal)[f] ?? '')) || (losing && !!this.#draft.lostReason);
    return html`
      <form part="deal-form" class="details" novalidate aria-labelledby="details-title" @submit=${this.#save} @input=${this.#onInput} @change=${this.#onInput}>
        <h3 id="details-title">${v.details}</h3>
        ${this.#problems.length > 0 ? html`
          <div class="summary error" role="alert"><p>${d.problems(this.#problems.length)}</p>
            <ul>${this.#problems.map((p) => html`<li>${d.problem(p.code, label(p.field), p.max)}</li>`)}</ul></div>` : nothing}
        ${this.#failure ? html`<p class="summary error" role="alert">${this.#failure}</p>` : nothing}
        ${field('title', { required: true, maxlength: 200 })}
        <div class="row">${field('value', { inputmode: 'decimal' })}${field('currency', { maxlength: 3 })}</div>
        <div class="row">
          ${Object.keys(owners).length > 0
            ? field('ownerId', { kind: 'select', options: [['', v.noOwnerChoice], ...Object.entries(owners)] })
            : field('ownerId', { maxlength: 200 })}
          ${field('expectedClose', { kind: 'date' })}
        </div>
        <div class="row">
          ${field('probability', { inputmode: 'decimal' })}
          ${pipeline ? field('stageId', { kind: 'select', options: pipeline.stages.map((st) => [st.id, stageLabel(st, lang)] as const) }) : nothing}
        </div>
        ${losing ? html`
          ${field('lostReason', { kind: 'select', required: true, options: [['', ''], ...reasons.map((r) => [r, lostReasonLabel(r, pipeline, lang)] as const), [OTHER, v.otherReason]] })}
          ${this.#draft.lostReason === OTHER || reasons.length === 0 ? field('lostOther', { maxlength: 200 }) : nothing}` : nothing}
        <div class="buttons">
          ${dirty ? html`<button class="btn" type="button" @click=${this.#discard}>${v.discardChanges}</button>` : nothing}
          <button class="btn primary" type="submit">${v.saveChanges}</button>
        </div>
      </form>`;
  }

  #renderLead(deal: Deal): TemplateResult {
    const v = this.h.localize.section(dealViewStrings);
    const id = typeof deal.leadId === 'string' ? deal.leadId : '';
    const lead = this.#lead;
    const name = lead ? [lead.name, lead.company].filter(Boolean).join(', ') || lead.email || id : id;
    const href = id && this.h.leadHref ? this.h.leadHref.replace('{id}', encodeURIComponent(id)) : undefined;
    return html`
      <section part="lead" class="section" aria-labelledby="lead-title">
        <h3 id="lead-title">${v.lead}</h3>
        ${!id ? html`<p class="muted">${v.noLead}</p>` : href ? html`<p><a part="lead-link" href=${href} aria-label=${v.openLead(name)}>${name}</a></p>` : html`<p>${name}</p>`}
      </section>`;
  }

  #renderHistory(deal: Deal): TemplateResult {
    const v = this.h.localize.section(dealViewStrings);
    const lang = this.h.localize.lang();
    const locale = this.h.formatLocale;
    const now = this.h.now();
    const visits = Array.isArray(deal.history) ? [...deal.history].reverse() : [];
    const name = (id: string) => {
      const st = this.h.pipeline?.stages.find((s) => s.id === id);
      return st ? stageLabel(st, lang) : id;
    };
    return html`
      <section part="history" class="section" aria-labelledby="history-title">
        <h3 id="history-title">${v.history}</h3>
        <ol class="history">${visits.map((h) => {
          const from = Date.parse(h.enteredAt);
          const to = h.leftAt ? Date.parse(h.leftAt) : now;
          const days = Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, Math.floor((to - from) / DAY_MS)) : 0;
          return html`<li>${v.visit(name(h.stageId), formatDate(h.enteredAt, locale), h.leftAt ? formatDate(h.leftAt, locale) : undefined, days)}</li>`;
        })}</ol>
      </section>`;
  }

  readonly #onInput = (e: Event): void => {
    this.#draft = { ...this.#draft, ...formValues(e.currentTarget as HTMLFormElement) };
    this.h.element.requestUpdate();
  };

  readonly #discard = (): void => {
    if (this.#deal) this.#draft = draftOf(this.#deal);
    this.#problems = [];
    this.#refusal = this.#failure = '';
    this.h.element.requestUpdate();
  };

  #toDraft(values: Record<string, string>): DealDraft {
    const draft: DealDraft = { title: values.title?.trim() ?? '' };
    draft.value = parseAmount(values.value) ?? 0;
    draft.currency = values.currency?.trim().toUpperCase() ?? '';
    draft.ownerId = values.ownerId?.trim() ?? '';
    draft.expectedClose = values.expectedClose?.trim() ?? '';
    const p = parseAmount(values.probability);
    draft.probability = p === undefined ? undefined : p / 100;
    return draft;
  }

  readonly #save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const deal = this.#deal;
    const pipeline = this.h.pipeline;
    if (!deal) return;
    const form = e.currentTarget as HTMLFormElement;
    this.#draft = { ...this.#draft, ...formValues(form) };
    const d = this.h.localize.section(draftStrings);
    const v = this.h.localize.section(dealViewStrings);
    const draft = this.#toDraft(this.#draft);
    const to = this.#draft.stageId ?? deal.stageId;
    this.#problems = checkDealDraft({ ...deal, ...draft, stageId: to } as DealDraft, pipeline);
    this.#refusal = this.#failure = '';
    let base = deal;
    if (this.#problems.length === 0 && pipeline && to !== deal.stageId) {
      const losing = pipeline.stages.find((st) => st.id === to)?.kind === 'lost';
      const reason = this.#draft.lostReason === OTHER || lostReasonIds(pipeline).length === 0 ? this.#draft.lostOther?.trim() : this.#draft.lostReason;
      if (losing && !reason) {
        this.#problems = [{ field: this.#draft.lostReason === OTHER ? 'lostOther' : 'lostReason', code: 'required' }];
      } else {
        const moved = moveDeal({ ...deal, ...draft } as Deal, to, pipeline, { now: this.h.now(), ...(reason ? { lostReason: reason } : {}) });
        if (moved.ok) base = { ...moved.deal, ...Object.fromEntries(Object.keys(draft).map((k) => [k, deal[k]])) } as Deal;
        else this.#refusal = this.h.localize.term('moveRefused')(moved.reason, {
          ...(moved.from ? { from: moved.from } : {}), to: stageLabel(pipeline.stages.find((st) => st.id === to)!, this.h.localize.lang()),
          ...(moved.missingFields ? { fields: moved.missingFields.map((f) => d.fields[f] ?? f) } : {}),
        });
      }
    }
    if (this.#problems.length > 0 || this.#refusal) {
      const first = this.#problems[0];
      this.h.announce(first ? d.problem(first.code, d.fields[first.field] ?? first.field, first.max) : this.#refusal);
      this.h.element.requestUpdate();
      await this.h.element.updateComplete;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const edited = editDeal(base, draft, this.h.now());
    const changed = new Set([...edited.changes, ...(base === deal ? [] : ['stageId', 'status', 'history', 'closedAt', 'lostReason'])]);
    if (base === deal && edited.changes.length === 0) {
      this.h.announce(v.noChanges);
      return;
    }
    const next = edited.deal;
    const changes = Object.fromEntries([...changed].map((k) => [k, next[k]])) as Partial<Deal>;
    if (!(await this.#conflicts.store(next, (error) => {
      this.#failure = d.saveFailed(this.h.errorText(error));
      this.h.announce(this.#failure);
    }))) {
      this.h.element.requestUpdate();
      return;
    }
    this.#deal = next;
    this.#draft = draftOf(next);
    this.h.emit('deal-updated', { deal: next, changes });
    this.h.announce(v.saved(next.title));
    this.h.element.requestUpdate();
  };
}
