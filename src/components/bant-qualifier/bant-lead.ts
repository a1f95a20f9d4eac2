/**
 * The lazily loaded half of `<bant-qualifier>`: the stored lead it qualifies (`lead-id`). Its name,
 * status and last result, saving the result, "Convert to deal" and "Send to nurture". A qualifier
 * used as a plain form control never loads it; with `lead-id` the qualifier loads it while the lead
 * is read from storage (`updateComplete` waits for it).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { BANT_CRITERIA, type BantResult } from '../../core/bant.js';
import { newId } from '../../core/id.js';
import type { Lead, LeadStatus, Pipeline } from '../../core/model.js';
import { setLeadStatus, stampStatus } from '../../core/lifecycle.js';
import { rejectLead } from '../../core/routing.js';
import { createDeal, findStage, firstOpenStage, pipelineName, stageLabel } from '../../core/stages.js';
import { FIELD_LIMITS, validateDeal, validatePipeline } from '../../core/validate.js';
import type { L2cContextValue } from '../../internal/context.js';
import { formatDate } from '../../internal/format.js';
import { learnedModelOf } from '../../internal/lead-model.js';
import { probabilityStrings, probabilityStyles, renderProbability } from '../../internal/lead-probability.js';
import type { LocalizeController } from '../../internal/localize.js';
import { StorageError } from '../../storage/errors.js';
import type { Repository } from '../../storage/types.js';
import type { BantQualifier, BantQualifierResult, LeadBantRecord, LeadData } from './bant-qualifier.js';
import { bantQualifierStyles } from './bant-qualifier.styles.js';
import { bantLeadStrings, type BantLeadStrings } from './lead-strings.js';
import { adoptAfter } from '../../internal/adopt-styles.js';

export { bantLeadStrings, probabilityStrings };

type LeadEvent = 'qualification-saved' | 'deal-created' | 'lead-nurtured';

/** What the qualifier lends its lead half beyond its own members: its protected helpers. */
export interface BantLeadAccess {
  localize: LocalizeController;
  provided: () => L2cContextValue | undefined;
  emit: <K extends LeadEvent>(name: K, detail: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never) => void;
}

type FieldErrors = Partial<Record<'value' | 'reason' | 'reentry', string>>;

interface Notice {
  kind: 'success' | 'error';
  text: string;
}

/** What the panels keep between renders. */
interface PanelState {
  /** The result of the last action. */
  notice?: Notice | undefined;
  /** An action is writing. */
  busy: boolean;
  chosenPipelineId?: string | undefined;
  valueText?: string | undefined;
  reasonText?: string | undefined;
  reentryDay?: string | undefined;
  /** The nurture panel is open for an SQL lead. */
  nurtureOpen: boolean;
  fieldErrors: FieldErrors;
}

const OUTCOME_STATUS: Record<BantResult['outcome'], LeadStatus> = { sql: 'sql', nurture: 'nurturing', disqualified: 'disqualified' };
const DAY_MS = 86_400_000;
const NURTURE_DAYS = 30;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A local calendar day as `YYYY-MM-DD`. */
function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight of a `YYYY-MM-DD` day, or null. */
function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(ms) && isoDay(ms) === day ? ms : null;
}

function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }
  return undefined;
}

/** Styles of the lead, its actions and panels. */
export const bantLeadStyles = css`
  .lead {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_l2c-space-1) var(--_l2c-space-3);
  }
  .lead-name {
    margin: 0;
    font-weight: 600;
    font-size: 1.1em;
  }
  .status {
    padding: 0 var(--_l2c-space-2);
    border: 1px solid var(--_l2c-border);
    border-radius: 999px;
    font-size: 0.85em;
  }
  .lead-meta {
    margin: 0;
    flex-basis: 100%;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2);
    align-items: center;
  }
  .panel {
    display: grid;
    gap: var(--_l2c-space-3);
  }
  .panel-heading {
    margin: 0;
    font-weight: 600;
  }
  .fields {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_l2c-space-3);
  }
  .field {
    display: grid;
    gap: var(--_l2c-space-1);
    align-content: start;
  }
  .field .error {
    margin: 0;
    font-size: 0.9em;
  }
  .btn.link {
    color: var(--_l2c-color-primary);
    text-decoration: underline;
    text-underline-offset: 3px;
  }
  .notice:empty {
    display: none;
  }
  .notice {
    margin: 0;
  }

  /* Last, so the wider layout wins over the one-column default above. */
  @container (min-width: 560px) {
    .fields {
      grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    }
  }
`;

/**
 * The stored lead of one qualifier and the actions on it. Created by the qualifier once this
 * module has loaded.
 * @internal
 */
export class BantLead {
  private st: PanelState = { busy: false, nurtureOpen: false, fieldErrors: {} };

  constructor(private readonly q: BantQualifier, private readonly access: BantLeadAccess) {
    if (q.renderRoot instanceof ShadowRoot) {
      adoptAfter(q.renderRoot, bantLeadStyles, bantQualifierStyles);
      adoptAfter(q.renderRoot, probabilityStyles, bantLeadStyles);
    }
  }

  private get s(): BantLeadStrings {
    return this.access.localize.section(bantLeadStrings);
  }

  private get lang(): string {
    return this.access.localize.lang();
  }

  /** Sets some of the panel's state and renders again. */
  private set(patch: Partial<PanelState>): void {
    this.st = { ...this.st, ...patch };
    this.q.requestUpdate();
  }

  /** Forgets what was typed and said about the previous lead. */
  reset(): void {
    this.set({ notice: undefined, nurtureOpen: false, valueText: undefined, reasonText: undefined, reentryDay: undefined });
  }

  // ---------------------------------------------------------------------------------------------
  // Lead actions

  private usablePipelines(data: LeadData): { usable: Pipeline[]; skipped: string[] } {
    const all = this.access.provided()?.pipelines ?? data.pipelines;
    const usable: Pipeline[] = [];
    const skipped: string[] = [];
    for (const p of Array.isArray(all) ? all : []) {
      const check = validatePipeline(p);
      const name = isRecord(p) && typeof p.name === 'string' ? p.name : isRecord(p) && typeof p.id === 'string' ? p.id : '?';
      if (!check.ok) {
        const first = check.errors[0];
        skipped.push(this.s.pipelineSkipped(name, first ? `${first.path} ${first.message}` : ''));
      } else if (!firstOpenStage(p)) {
        skipped.push(this.s.pipelineSkipped(name, this.s.noPipeline));
      } else {
        usable.push(p);
      }
    }
    return { usable, skipped };
  }

  private chosenPipeline(usable: Pipeline[]): Pipeline | undefined {
    return usable.find((p) => p.id === this.st.chosenPipelineId)
      ?? usable.find((p) => p.id === this.q.pipelineId)
      ?? usable[0];
  }

  private knownValue(lead: Lead): number | undefined {
    const custom = isRecord(lead.custom) ? lead.custom : {};
    return numberFrom(lead.value) ?? numberFrom(custom.value) ?? numberFrom(custom.budget);
  }

  private bantRecord(at: string, r: BantQualifierResult): LeadBantRecord {
    return { answers: r.answers, scores: r.scores, total: r.total, outcome: r.outcome, missing: r.missing, disqualifiedBy: r.disqualifiedBy, at };
  }

  /**
   * Runs a write against the fresh lead with the answers as they were when the person pressed the
   * button; reports failures in the notice. Should the host switch `lead-id` meanwhile, the write
   * still concerns the lead it began with, and its outcome is not shown on the new one.
   */
  private async act(work: (repo: Repository, lead: Lead, r: BantQualifierResult, same: () => boolean) => Promise<Notice | undefined>): Promise<void> {
    const repo = this.q.repository;
    const id = this.q.leadId;
    if (!repo || !id || this.st.busy) return;
    const r = this.q.result;
    const same = () => this.q.leadId === id;
    this.set({ busy: true, notice: undefined });
    let notice: Notice | undefined;
    try {
      // Read again: another tab or the server may have changed the lead since it was shown.
      const lead = await repo.leads.get(id);
      notice = lead ? await work(repo, lead, r, same) : { kind: 'error', text: this.s.leadNotFound(id) };
    } catch (error) {
      notice = { kind: 'error', text: this.s.actionFailed(this.errorText(error)) };
    } finally {
      this.set({ busy: false, notice: same() ? notice : undefined });
    }
  }

  private errorText(error: unknown): string {
    const term = this.access.localize;
    if (error instanceof StorageError) {
      if (error.code === 'blocked') return term.term('storageBlocked');
      if (error.code === 'unavailable') return term.term('storageUnavailable');
      if (error.code === 'quota') return term.term('storageQuota');
    }
    return error instanceof Error ? error.message : String(error);
  }

  private save(): Promise<void> {
    return this.act(async (repo, lead, r, same) => {
      const at = new Date().toISOString();
      // A result is decided when it is SQL or disqualified, or nurture with every question answered.
      const decided = r.outcome !== 'nurture' || r.complete;
      const moved = decided && lead.status !== 'converted' ? setLeadStatus(lead, OUTCOME_STATUS[r.outcome], at) : lead;
      const next: Lead = { ...moved, bant: this.bantRecord(at, r), updatedAt: at };
      await repo.leads.put(next);
      if (same()) this.q.dirty = false;
      this.access.emit('qualification-saved', { lead: next });
      const status = this.access.localize.term('leadStatus')[next.status] ?? next.status;
      return { kind: 'success', text: decided ? this.s.saved(status) : this.s.savedAnswers };
    });
  }

  private convert(): Promise<void> {
    const data = this.q.leadData;
    if (!data) return Promise.resolve();
    const pipeline = this.chosenPipeline(this.usablePipelines(data).usable);
    const valueText = (this.st.valueText ?? '').trim();
    const typed = valueText === '' ? undefined : numberFrom(valueText);
    if (valueText !== '' && typed === undefined) {
      this.set({ fieldErrors: { value: this.s.valueInvalid } });
      return Promise.resolve();
    }
    this.set({ fieldErrors: {} });
    return this.act(async (repo, lead, r, same) => {
      if (!pipeline) return { kind: 'error', text: this.s.noPipeline };
      if (lead.status === 'converted') return undefined;
      if (r.outcome !== 'sql') return undefined;
      const now = Date.now();
      const at = new Date(now).toISOString();
      const title = (lead.company?.trim() || lead.name?.trim() || lead.email?.trim() || this.s.untitledDeal).slice(0, FIELD_LIMITS.shortText);
      const value = typed ?? (this.st.valueText === undefined ? this.knownValue(lead) : undefined) ?? 0;
      const currency = pipeline.currency ?? this.access.provided()?.currency ?? 'USD';
      const deal = createDeal(pipeline, {
        id: newId(), title, value, currency, leadId: lead.id, ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
      }, now);
      if (!deal) return { kind: 'error', text: this.s.noPipeline };
      const check = validateDeal(deal, pipeline);
      if (!check.ok) {
        const e = check.errors[0]!;
        return { kind: 'error', text: this.s.actionFailed(`${e.path} ${e.message}`) };
      }
      await repo.deals.put(deal);
      const next: Lead = { ...setLeadStatus(lead, 'converted', at), bant: this.bantRecord(at, r), updatedAt: at };
      await repo.leads.put(next);
      if (same()) this.q.dirty = false;
      this.access.emit('deal-created', { deal, lead: next });
      const stage = findStage(pipeline, deal.stageId);
      return { kind: 'success', text: this.s.converted(deal.title, stage ? stageLabel(stage, this.lang) : deal.stageId, pipelineName(pipeline, this.lang)) };
    });
  }

  private nurture(): Promise<void> {
    const data = this.q.leadData;
    if (!data?.lead) return Promise.resolve();
    const reason = (this.st.reasonText ?? this.defaultReason()).trim();
    const day = this.st.reentryDay ?? this.defaultReentry();
    const start = dayStart(day);
    const now = Date.now();
    const errors: FieldErrors = {};
    if (!reason) errors.reason = this.s.reasonRequired;
    if (start === null || start <= now) errors.reentry = this.s.reentryInvalid;
    this.set({ fieldErrors: errors });
    if (Object.keys(errors).length > 0) {
      const first = errors.reason ? 'reason' : 'reentry';
      void this.q.updateComplete.then(() => this.q.renderRoot.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus());
      return Promise.resolve();
    }
    return this.act(async (repo, lead, r, same) => {
      const at = new Date(now).toISOString();
      // rejectLead's semantics (status nurturing, back to the pool without an owner, the reason);
      // the re-entry is the calendar day chosen, kept as a date so no time zone can shift it.
      const next = stampStatus(rejectLead({ ...lead, bant: this.bantRecord(at, r) }, { reason, now, nurtureDays: ((start as number) - now) / DAY_MS }), lead.status, at);
      next.reentryAt = day;
      await repo.leads.put(next);
      if (same()) {
        this.q.dirty = false;
        this.set({ nurtureOpen: false });
      }
      this.access.emit('lead-nurtured', { lead: next, reason: next.nurtureReason ?? reason, reentryAt: day });
      return { kind: 'success', text: this.s.nurtured(formatDate(day, this.lang, 'long')) };
    });
  }

  private defaultReason(): string {
    const r = this.q.result;
    const missing = r.missing.length > 0 ? r.missing : BANT_CRITERIA.filter((c) => (r.scores[c] ?? 0) < 1);
    return missing.length > 0 ? this.s.defaultReason(missing.map((c) => this.q.criterionName(c))) : '';
  }

  private defaultReentry(): string {
    return isoDay(Date.now() + NURTURE_DAYS * DAY_MS);
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  /** The lead's name, status and last qualification (or why it cannot be shown). */
  renderLead(): TemplateResult {
    const s = this.s;
    const data = this.q.leadData;
    const error = this.q.store.error;
    if (error) return html`<p part="lead" class="lead error" role="alert">${this.errorText(error)}</p>`;
    if (!data) return html`<p part="lead" class="lead muted">${s.leadLoading}</p>`;
    if (!data.lead) return html`<p part="lead" class="lead error" role="alert">${s.leadNotFound(data.id)}</p>`;
    const lead = data.lead;
    const title = [lead.name, lead.company].filter((x): x is string => typeof x === 'string' && x.trim() !== '').join(' · ') || lead.email || lead.id;
    const status = this.access.localize.term('leadStatus')[lead.status] ?? String(lead.status);
    const bant = isRecord(lead.bant) ? lead.bant : undefined;
    const outcomes = this.q.s.outcome;
    const savedOutcome = bant && typeof bant.outcome === 'string' && bant.outcome in outcomes ? outcomes[bant.outcome as BantResult['outcome']] : undefined;
    return html`
      <div part="lead" class="lead">
        <p part="lead-name" class="lead-name">${title}</p>
        <span part="lead-status" class="status">${status}</span>
        ${renderProbability(lead, learnedModelOf(data.scoring), { s: this.access.localize.section(probabilityStrings), lang: this.lang, name: title })}
        ${savedOutcome && typeof bant?.at === 'string'
          ? html`<p class="lead-meta muted">${s.lastQualified(formatDate(bant.at, this.lang), savedOutcome)}</p>`
          : nothing}
      </div>
    `;
  }

  /** The save button, the convert and nurture panels, and the notice of the last action. */
  renderActions(r: BantResult): TemplateResult {
    const data = this.q.leadData;
    const notice = html`<p part="notice" class="notice ${this.st.notice?.kind ?? ''}" role="status">${this.st.notice?.text ?? ''}</p>`;
    if (!data?.lead) return notice;
    const lead = data.lead;
    const off = this.q.isDisabled || this.st.busy;
    const converted = lead.status === 'converted';
    const showConvert = !converted && r.outcome === 'sql';
    const showNurture = !converted && (r.outcome === 'nurture' || (r.outcome === 'sql' && this.st.nurtureOpen));
    return html`
      <div part="actions" class="actions">
        <button type="button" part="save-button" class="btn" ?disabled=${off} @click=${() => this.save()}>${this.s.save}</button>
        ${r.outcome === 'sql' && !converted && !this.st.nurtureOpen
          ? html`<button type="button" part="nurture-toggle" class="btn quiet link" ?disabled=${off}
              @click=${() => this.set({ nurtureOpen: true })}>${this.s.notReady}</button>`
          : nothing}
      </div>
      ${showConvert ? this.renderConvert(data, lead, off) : nothing}
      ${showNurture ? this.renderNurture(off) : nothing}
      ${converted ? this.renderConverted(data) : nothing}
      ${notice}
    `;
  }

  private renderConvert(data: LeadData, lead: Lead, off: boolean): TemplateResult {
    const s = this.s;
    const id = this.q.uid;
    const { usable, skipped } = this.usablePipelines(data);
    const chosen = this.chosenPipeline(usable);
    const known = this.knownValue(lead);
    const currency = chosen?.currency ?? this.access.provided()?.currency ?? 'USD';
    const lang = this.lang;
    return html`
      <section part="convert" class="panel surface" aria-labelledby="${id}-convert">
        <p class="panel-heading" id="${id}-convert">${s.convertHeading}</p>
        ${skipped.map((text) => html`<p class="error">${text}</p>`)}
        ${usable.length === 0
          ? html`<p class="error">${s.noPipeline}</p>`
          : html`
            <div class="fields">
              <div class="field">
                <label for="${id}-pipeline">${s.pipelineLabel}</label>
                <select part="pipeline-select" id="${id}-pipeline" ?disabled=${off}
                  @change=${(e: Event) => this.set({ chosenPipelineId: (e.target as HTMLSelectElement).value })}>
                  ${usable.map((p) => html`<option value=${p.id} ?selected=${p.id === chosen?.id}>${pipelineName(p, lang)}${
                    firstOpenStage(p) ? ` — ${stageLabel(firstOpenStage(p)!, lang)}` : ''}</option>`)}
                </select>
              </div>
              <div class="field">
                <label for="${id}-value">${s.valueLabel} (${currency})</label>
                <input part="value-input" id="${id}-value" data-field="value" type="number" min="0" step="any" inputmode="decimal"
                  ?disabled=${off} aria-invalid=${this.st.fieldErrors.value ? 'true' : 'false'}
                  aria-describedby=${this.st.fieldErrors.value ? `${id}-value-error` : nothing}
                  .value=${live(this.st.valueText ?? (known === undefined ? '' : String(known)))}
                  @input=${(e: Event) => this.set({ valueText: (e.target as HTMLInputElement).value })} />
                ${this.st.fieldErrors.value ? html`<p class="error" id="${id}-value-error">${this.st.fieldErrors.value}</p>` : nothing}
              </div>
            </div>
            <div class="actions">
              <button type="button" part="convert-button" class="btn primary" ?disabled=${off} @click=${() => this.convert()}>${s.convert}</button>
            </div>`}
      </section>
    `;
  }

  private renderNurture(off: boolean): TemplateResult {
    const s = this.s;
    const id = this.q.uid;
    const errors = this.st.fieldErrors;
    return html`
      <section part="nurture" class="panel surface" aria-labelledby="${id}-nurture">
        <p class="panel-heading" id="${id}-nurture">${s.nurtureHeading}</p>
        <div class="fields">
          <div class="field">
            <label for="${id}-reason">${s.reasonLabel}</label>
            <input part="reason-input" id="${id}-reason" data-field="reason" type="text" maxlength=${FIELD_LIMITS.longText}
              ?disabled=${off} aria-invalid=${errors.reason ? 'true' : 'false'}
              aria-describedby=${errors.reason ? `${id}-reason-error` : nothing}
              .value=${live(this.st.reasonText ?? this.defaultReason())}
              @input=${(e: Event) => this.set({ reasonText: (e.target as HTMLInputElement).value })} />
            ${errors.reason ? html`<p class="error" id="${id}-reason-error">${errors.reason}</p>` : nothing}
          </div>
          <div class="field">
            <label for="${id}-reentry">${s.reentryLabel}</label>
            <input part="reentry-input" id="${id}-reentry" data-field="reentry" type="date" min=${isoDay(Date.now() + DAY_MS)}
              ?disabled=${off} aria-invalid=${errors.reentry ? 'true' : 'false'}
              aria-describedby=${errors.reentry ? `${id}-reentry-error` : nothing}
              .value=${live(this.st.reentryDay ?? this.defaultReentry())}
              @input=${(e: Event) => this.set({ reentryDay: (e.target as HTMLInputElement).value })}
              @change=${(e: Event) => this.set({ reentryDay: (e.target as HTMLInputElement).value })} />
            ${errors.reentry ? html`<p class="error" id="${id}-reentry-error">${errors.reentry}</p>` : nothing}
          </div>
        </div>
        <div class="actions">
          <button type="button" part="nurture-button" class="btn primary" ?disabled=${off} @click=${() => this.nurture()}>${s.nurture}</button>
        </div>
      </section>
    `;
  }

  private renderConverted(data: LeadData): TemplateResult | typeof nothing {
    const deal = [...data.deals].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
    if (!deal || this.st.notice) return nothing;
    const pipelines = this.access.provided()?.pipelines ?? data.pipelines;
    const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
    const stage = pipeline ? findStage(pipeline, deal.stageId) : undefined;
    const text = this.s.converted(deal.title, stage ? stageLabel(stage, this.lang) : deal.stageId, pipeline?.name ?? deal.pipelineId);
    return html`<p class="success">${text}</p>`;
  }
}
