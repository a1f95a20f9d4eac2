/**
 * A deal's activities and notes in the deal panel: the open ones by due time (overdue and today
 * marked) with a "done" checkbox each, the done ones, a form to schedule a call, meeting, task,
 * e-mail or deadline with a due date and time, and notes. Stored in the `activities` collection
 * (`activity-created`, `activity-updated`); in controlled use only the events fire.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { activityState } from '../../core/activity.js';
import { ACTIVITY_TYPES, completeActivity, createActivity } from '../../core/schedule.js';
import { changedFields, checkActivityDraft, checkNoteDraft, dueFrom, type FieldProblem } from '../../core/drafts.js';
import { newId } from '../../core/id.js';
import type { Activity, Deal } from '../../core/model.js';
import { draftStrings } from '../../internal/draft-strings.js';
import { formField, formValues } from '../../internal/form-field.js';
import { formatDateTime, localDay } from '../../internal/format.js';
import type { PanelHost } from './panel-host.js';
import { dealViewStrings } from './strings.js';

const subjectOf = (a: Activity): string => (typeof a['subject'] === 'string' && a['subject'] ? a['subject'] : a.type);

/** The activities section of one deal panel. */
export class DealActivities {
  #draft: Record<string, string> = { type: 'call' };
  #problems: FieldProblem[] = [];
  #note = '';
  #noteProblem = '';
  #failure = '';

  constructor(private readonly h: PanelHost) {}

  /** Forgets what was typed (another deal). */
  reset(): void {
    this.#draft = { type: 'call' };
    this.#problems = [];
    this.#note = '';
    this.#noteProblem = '';
    this.#failure = '';
  }

  async #store(activity: Activity, before?: Activity): Promise<boolean> {
    const repo = this.h.repository;
    try {
      if (repo) await repo.activities.put(activity);
    } catch (error) {
      this.#failure = this.h.localize.section(draftStrings).saveFailed(this.h.errorText(error));
      this.h.announce(this.#failure);
      this.h.element.requestUpdate();
      return false;
    }
    this.#failure = '';
    if (before) {
      const changes = Object.fromEntries(changedFields(before, activity).map((k) => [k, activity[k]])) as Partial<Activity>;
      this.h.emit('activity-updated', { activity, changes });
    } else {
      this.h.emit('activity-created', { activity });
    }
    return true;
  }

  render(deal: Deal, activities: readonly Activity[]): TemplateResult {
    const v = this.h.localize.section(dealViewStrings);
    const d = this.h.localize.section(draftStrings);
    const locale = this.h.formatLocale;
    const now = this.h.now();
    const clock = { now, ...localDay(now) };
    const mine = activities.filter((a) => a.dealId === deal.id);
    const open = mine.filter((a) => a.type !== 'note' && a.done !== true).sort((a, b) => String(a.dueAt ?? '\uffff').localeCompare(String(b.dueAt ?? '\uffff')));
    const done = mine.filter((a) => a.type !== 'note' && a.done === true).sort((a, b) => String(b['doneAt'] ?? b.at).localeCompare(String(a['doneAt'] ?? a.at)));
    const notes = mine.filter((a) => a.type === 'note').sort((a, b) => b.at.localeCompare(a.at));
    const label = (f: string) => d.fields[f] ?? f;
    const error = (f: string) => {
      const p = this.#problems.find((x) => x.field === f);
      return p ? d.problem(p.code, label(f), p.max) : undefined;
    };
    const field = (name: string, extra: Partial<Parameters<typeof formField>[0]> = {}) => formField({
      name, label: label(name), value: this.#draft[name] ?? '', error: error(name), part: `field field-${name}`, ...extra,
    }, 'activity', d.requiredMark);
    return html`
      <section part="activities" class="section" aria-labelledby="activities-title">
        <h3 id="activities-title">${v.activities}</h3>
        ${this.#failure ? html`<p class="error" role="alert">${this.#failure}</p>` : nothing}
        ${open.length + done.length === 0 ? html`<p class="muted">${v.noActivities}</p>` : nothing}
        <ul class="activity-list">
          ${[...open, ...done].map((a) => {
            const state = a.done ? undefined : activityState([a], clock);
            const subject = subjectOf(a);
            return html`
              <li part="activity" class="act ${state ?? 'done'}" data-activity-id=${a.id} data-state=${state ?? 'done'}>
                <label class="check">
                  <input type="checkbox" .checked=${live(a.done === true)} @change=${(e: Event) => void this.#toggle(a, (e.target as HTMLInputElement).checked)}
                    aria-label=${v.markDone(subject)}>
                  <span class="subject">${subject}</span>
                </label>
                <span class="muted">${d.activityTypes[a.type] ?? a.type} · ${a.done ? v.doneOn(formatDateTime(String(a['doneAt'] ?? a.dueAt ?? a.at), locale))
                  : formatDateTime(a.dueAt, locale)}${state === 'overdue' ? html` · <strong class="overdue">${v.overdue}</strong>` : state === 'today' ? html` · <strong>${v.dueToday}</strong>` : nothing}</span>
              </li>`;
          })}
        </ul>
        <form part="schedule-form" class="schedule" novalidate @submit=${this.#schedule} @input=${this.#onInput} @change=${this.#onInput}>
          <h4>${v.schedule}</h4>
          <fieldset class="types">
            <legend>${label('type')}</legend>
            ${ACTIVITY_TYPES.map((t) => html`<label class="choice"><input type="radio" name="type" .value=${t} .checked=${live((this.#draft.type ?? 'call') === t)}>${d.activityTypes[t]}</label>`)}
          </fieldset>
          ${field('subject', { required: true, maxlength: 200 })}
          <div class="row">
            ${field('dueAt', { kind: 'date', required: true })}
            ${field('dueTime', { kind: 'time' })}
          </div>
          ${field('note', { kind: 'textarea', maxlength: 5000 })}
          <div class="buttons"><button class="btn primary" type="submit">${v.scheduleButton}</button></div>
        </form>
      </section>
      <section part="notes" class="section" aria-labelledby="notes-title">
        <h3 id="notes-title">${v.notes}</h3>
        <form class="note-form" novalidate @submit=${this.#addNote}>
          ${formField({ name: 'note', label: v.noteLabel, value: this.#note, kind: 'textarea', maxlength: 5000, error: this.#noteProblem || undefined, part: 'field field-note' }, 'new-note', d.requiredMark)}
          <div class="buttons"><button class="btn" type="submit">${v.addNote}</button></div>
        </form>
        ${notes.length === 0 ? html`<p class="muted">${v.noNotes}</p>` : html`
          <ul class="notes">${notes.map((n) => html`<li part="note"><p class="note-text">${n.note ?? ''}</p><span class="muted">${formatDateTime(n.at, locale)}</span></li>`)}</ul>`}
      </section>`;
  }

  readonly #onInput = (e: Event): void => {
    this.#draft = formValues(e.currentTarget as HTMLFormElement);
  };

  async #toggle(activity: Activity, done: boolean): Promise<void> {
    const next = completeActivity(activity, done, this.h.now());
    if (await this.#store(next, activity)) {
      const v = this.h.localize.section(dealViewStrings);
      this.h.announce(done ? v.done(subjectOf(next)) : v.reopened(subjectOf(next)));
    }
  }

  readonly #schedule = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const values = formValues(form);
    this.#draft = values;
    const d = this.h.localize.section(draftStrings);
    const dueAt = dueFrom(values.dueAt ?? '', values.dueTime ?? '', (ms) => new Date(ms).getTimezoneOffset());
    const draft = { type: values.type, subject: values.subject?.trim(), dueAt, note: values.note?.trim() || undefined };
    this.#problems = checkActivityDraft(draft, ACTIVITY_TYPES);
    if (this.#problems.length > 0) {
      const first = this.#problems[0]!;
      this.h.announce(d.problem(first.code, d.fields[first.field] ?? first.field, first.max));
      this.h.element.requestUpdate();
      await this.h.element.updateComplete;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const dealId = form.closest<HTMLElement>('[data-deal-id]')?.dataset.dealId;
    if (!dealId) return;
    const activity = createActivity({
      id: newId(), dealId, type: draft.type!, subject: draft.subject!, dueAt, ...(draft.note ? { note: draft.note } : {}),
    }, this.h.now());
    if (!(await this.#store(activity))) return;
    this.#draft = { type: draft.type ?? 'call' };
    this.h.announce(this.h.localize.section(dealViewStrings).scheduled(draft.subject!, formatDateTime(dueAt, this.h.formatLocale)));
    this.h.element.requestUpdate();
  };

  readonly #addNote = async (e: Event): Promise<void> => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const text = formValues(form).note ?? '';
    this.#note = text;
    const problems = checkNoteDraft(text.trim());
    const v = this.h.localize.section(dealViewStrings);
    if (problems.length > 0) {
      this.#noteProblem = v.noteRequired;
      this.h.announce(v.noteRequired);
      this.h.element.requestUpdate();
      return;
    }
    this.#noteProblem = '';
    const dealId = form.closest<HTMLElement>('[data-deal-id]')?.dataset.dealId;
    if (!dealId) return;
    const note = createActivity({ id: newId(), dealId, type: 'note', subject: text.trim().split('\n')[0]!.slice(0, 200), note: text.trim(), done: true }, this.h.now());
    if (!(await this.#store(note))) return;
    this.#note = '';
    this.h.announce(v.noteAdded);
    this.h.element.requestUpdate();
  };
}
