/**
 * "Add deal": a small modal form for a new deal in one column. Title (required), value, currency,
 * expected close, owner, contact or lead, and whatever else the stage requires. Enter saves, Escape
 * cancels. The core checks the draft (`checkDealDraft`: each problem names its field) and makes the
 * deal (`createDeal`, with its first stage visit) at the top of the column; it shows at once, is
 * stored through the repository, and `deal-created` fires. Bad input or a storage failure keeps
 * the draft, nothing stored, and says why.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { checkDealDraft, parseAmount, type DealDraft, type FieldProblem } from '../../core/drafts.js';
import { newId } from '../../core/id.js';
import type { Deal, Lead } from '../../core/model.js';
import { placeDeal } from '../../core/rank.js';
import { createDeal } from '../../core/stages.js';
import { DialogController } from '../../internal/dialog.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { formField, formValues } from '../../internal/form-field.js';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';
import type { BoardWrites } from './board-writes.js';
import { errorText } from '../../internal/error-text.js';

// The fields the form always has; a stage may require more (its `requiredFields`).
const BASE = ['title', 'value', 'currency', 'expectedClose', 'ownerId', 'leadId'];

/** The "Add deal" form of one board. */
export class CreateDeal {
  #stageId = '';
  #draft: Record<string, string> = {};
  #problems: FieldProblem[] = [];
  #failure = '';
  #saving = false;
  #leads: Lead[] = [];
  readonly #dialog: DialogController;

  constructor(private readonly h: MoveHost, private readonly writes: BoardWrites) {
    this.#dialog = new DialogController(h.element, {
      find: () => h.element.renderRoot.querySelector<HTMLDialogElement>('dialog.create'),
      onCancel: () => this.#dialog.close(),
      initialFocus: (d) => d.querySelector<HTMLElement>('[aria-invalid="true"]') ?? d.querySelector<HTMLElement>('input[name="title"]'),
    });
  }

  /** Opens the form for a new deal in `stageId`; focus returns to `opener` when it closes. */
  open(stageId: string, opener: HTMLElement): void {
    this.#stageId = stageId;
    this.#draft = { currency: this.h.data.currency };
    this.#problems = [];
    this.#failure = '';
    this.#dialog.show(opener);
    const repo = this.h.repository;
    if (repo) {
      void repo.leads.list({ orderBy: 'updatedAt', desc: true, limit: 500 }).then((leads) => {
        this.#leads = leads.filter((l) => l.status !== 'disqualified');
        this.h.element.requestUpdate();
      }, () => undefined);
    }
  }

  #requiredExtras(): string[] {
    const stage = this.h.data.pipeline?.stages.find((st) => st.id === this.#stageId);
    return (stage?.requiredFields ?? []).filter((f) => !BASE.includes(f));
  }

  render(): TemplateResult {
    const s = this.h.localize.section(boardActionStrings);
    const d = this.h.localize.section(draftStrings);
    const open = this.#dialog.open;
    const stage = this.h.data.pipeline?.stages.find((st) => st.id === this.#stageId);
    const required = new Set(['title', ...(stage?.requiredFields ?? [])]);
    const label = (f: string) => d.fields[f] ?? this.h.data.fieldLabel(f);
    const error = (f: string) => {
      const p = this.#problems.find((x) => x.field === f);
      return p ? d.problem(p.code, label(f), p.max) : undefined;
    };
    const field = (name: string, extra: Partial<Parameters<typeof formField>[0]> = {}) => formField({
      name, label: label(name), value: this.#draft[name] ?? '', required: required.has(name), error: error(name), part: `field field-${name}`, ...extra,
    }, 'create', d.requiredMark);
    const owners = { ...Object.fromEntries((this.h.data.model?.owners ?? []).map((o) => [o, o])), ...this.h.owners };
    const ownerIds = Object.keys(owners);
    return html`
      <dialog part="create-dialog" class="create" aria-labelledby="create-title" @cancel=${this.#dialog.onCancelEvent} @keydown=${this.#dialog.onKeydown}>
        ${open ? html`
          <form part="create-form" novalidate @submit=${this.#submit} @input=${this.#onInput} @change=${this.#onInput}>
            <h2 id="create-title">${s.createTitle(this.h.data.stageName(this.#stageId))}</h2>
            ${this.#problems.length > 0 ? html`
              <div class="summary error" role="alert">
                <p>${d.problems(this.#problems.length)}</p>
                <ul>${this.#problems.map((p) => html`<li>${d.problem(p.code, label(p.field), p.max)}</li>`)}</ul>
              </div>` : nothing}
            ${this.#failure ? html`<p class="summary error" role="alert">${this.#failure}</p>` : nothing}
            ${field('title', { maxlength: 200 })}
            <div class="row">
              ${field('value', { inputmode: 'decimal' })}
              ${field('currency', { maxlength: 3 })}
            </div>
            <div class="row">
              ${field('expectedClose', { kind: 'date' })}
              ${ownerIds.length > 0
                ? field('ownerId', { kind: 'select', options: [['', s.noOwnerChoice], ...ownerIds.map((o) => [o, owners[o] ?? o] as const)] })
                : field('ownerId', { maxlength: 200 })}
            </div>
            ${this.#leads.length > 0
              ? field('leadId', { kind: 'select', options: [['', s.noLeadChoice], ...this.#leads.map((l) => [l.id, [l.name, l.company].filter(Boolean).join(', ') || l.email || l.id] as const)] })
              : field('leadId', { maxlength: 200 })}
            ${this.#requiredExtras().map((f) => field(f))}
            <div class="buttons">
              <button class="btn" type="button" @click=${() => this.#dialog.close()}>${this.h.localize.term('cancel')}</button>
              <button class="btn primary" type="submit" ?disabled=${this.#saving}>${s.createButton}</button>
            </div>
          </form>` : nothing}
      </dialog>`;
  }

  readonly #onInput = (e: Event): void => {
    this.#draft = formValues(e.currentTarget as HTMLFormElement);
  };

  #toDraft(values: Record<string, string>): DealDraft {
    const draft: DealDraft = { title: values.title?.trim() ?? '', stageId: this.#stageId };
    const value = parseAmount(values.value);
    if (value !== undefined) draft.value = value;
    if (values.currency?.trim()) draft.currency = values.currency.trim().toUpperCase();
    for (const f of ['expectedClose', 'ownerId', 'leadId', ...this.#requiredExtras()]) {
      const v = values[f]?.trim();
      if (v) draft[f] = v;
    }
    return draft;
  }

  readonly #submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.#saving) return;
    const form = e.currentTarget as HTMLFormElement;
    this.#draft = formValues(form);
    const pipeline = this.h.data.pipeline;
    if (!pipeline) return;
    const draft = this.#toDraft(this.#draft);
    const d = this.h.localize.section(draftStrings);
    this.#problems = checkDealDraft(draft, pipeline);
    this.#failure = '';
    if (this.#problems.length > 0) {
      const first = this.#problems[0]!;
      this.h.announce(d.problem(first.code, d.fields[first.field] ?? this.h.data.fieldLabel(first.field), first.max));
      this.h.element.requestUpdate();
      await this.h.element.updateComplete;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const { rank, others } = placeDeal(this.h.data.column(this.#stageId), 0, { id: '\u0000new' } as Deal);
    const deal = createDeal(pipeline, { ...draft, id: newId(), title: draft.title!, rank } as Parameters<typeof createDeal>[1], this.h.now());
    if (!deal) return;
    this.#saving = true;
    this.h.element.requestUpdate();
    try {
      // The new card shows at once (a pending write); the form closes after that frame is painted,
      // so the frame that shows the deal does not also carry closing a modal dialog.
      await Promise.all([this.writes.save([deal, ...others]), new Promise((r) => requestAnimationFrame(() => setTimeout(r)))]);
    } catch (error) {
      this.#failure = d.saveFailed(errorText(this.h.localize, error));
      this.h.announce(this.#failure);
      return;
    } finally {
      this.#saving = false;
      this.h.element.requestUpdate();
    }
    this.#dialog.close(false);
    this.h.state.activeId = deal.id;
    this.h.state.refocus = deal.id;
    this.h.emit('deal-created', { deal });
    this.h.announce(this.h.localize.section(boardActionStrings).created(deal.title, this.h.data.stageName(deal.stageId)));
  };
}
