/**
 * `<routing-editor>` (issue 17): a manager's form for lead routing, stored as the `routing` settings
 * record: rules on any lead field (a form's custom fields, the score, the source), teams with
 * weights, capacities and availability, the default owner, the capacity period and the SLA. Every
 * problem the core finds (routing-check.ts: an unknown team, a capacity below zero, a rule that can
 * never match) is named next to its field, with a summary, and nothing is saved until none is left;
 * a preview shows where the most recent leads would go before saving.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Lead, Settings } from '../../core/model.js';
import { routingProblems, type RoutingProblem } from '../../core/routing-check.js';
import type { RoutingConfig } from '../../core/routing.js';
import { routingConfigOf } from '../../core/settings.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { ElementStates } from '../../internal/element-states.js';
import { errorText } from '../../internal/error-text.js';
import { handoffStrings } from '../../internal/handoff-strings.js';
import { panelStyles } from '../../internal/panel-styles.js';
import { StoreController } from '../../internal/store-controller.js';
import type { Repository, Unsubscribe } from '../../storage/types.js';
import { cleaned, draftOf, emptyConfig, move, newMember, newRule, newTeam, setAt } from './editor-draft.js';
import { renderPreview } from './editor-preview.js';
import { idOf, pathName, renderForm, type EditorContext } from './editor-view.js';
import type { RoutingSavedDetail } from './events.js';
import { routingEditorStyles } from './routing-editor.styles.js';
import { routingEditorStrings } from './strings.js';

export type { RoutingSavedDetail };

const DEFAULT_PREVIEW = 20;

interface Loaded {
  saved: Settings | undefined;
  recent: Lead[];
}

/** The part of a REST repository's outbox the editor listens to (others have none). */
interface OutboxLike {
  subscribe(listener: (e: { type: string; collection?: string; id?: string; cause?: string }) => void): Unsubscribe;
}

/**
 * A form for lead routing (the `routing` settings record): rules, teams, default owner, capacity
 * period and SLA, validated field by field, with a preview of where recent leads would go.
 *
 * @tag routing-editor
 * @fires routing-saved - `{ settings }`: the routing configuration was saved (stored, or in controlled use for the host to store).
 * @csspart editor - The whole editor (a form).
 * @csspart title - The heading.
 * @csspart intro - What routing does, in a sentence.
 * @csspart problems - The summary of problems found on saving.
 * @csspart problem-link - A button in the summary that focuses the field with the problem.
 * @csspart rules - The rules section.
 * @csspart rule - One rule (carries `data-rule-id`).
 * @csspart condition - One condition of a rule.
 * @csspart add-rule - Adds a rule.
 * @csspart add-condition - Adds a condition to a rule.
 * @csspart remove-condition - Removes a condition.
 * @csspart move-up - Moves a rule up.
 * @csspart move-down - Moves a rule down.
 * @csspart remove-rule - Removes a rule.
 * @csspart teams - The teams section.
 * @csspart team - One team (carries `data-team-id`).
 * @csspart member - One member of a team.
 * @csspart add-team - Adds a team.
 * @csspart remove-team - Removes a team.
 * @csspart add-member - Adds a member.
 * @csspart remove-member - Removes a member.
 * @csspart general - Default owner, capacity period and SLA.
 * @csspart field - A labelled control.
 * @csspart field-error - The problem under a control.
 * @csspart preview - The preview section.
 * @csspart preview-table - Where recent leads would go, now and with the saved settings.
 * @csspart preview-row - One lead of the preview (class `moved` when it would go elsewhere).
 * @csspart preview-changed - How many leads would go elsewhere.
 * @csspart preview-empty - No leads to preview with.
 * @csspart actions - The Save and Discard buttons.
 * @csspart save - The Save button.
 * @csspart discard - The Discard button.
 * @csspart status - What happened to the last save.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-routing-editor-section-gap - Space between the sections (default the space-5 token).
 * @cssprop --l2c-routing-editor-moved - Background of a preview row whose lead would go elsewhere (default the alternate surface).
 * @cssstate dirty - There are changes not saved yet.
 * @cssstate invalid - The last save found problems.
 */
export class RoutingEditor extends L2cElement {
  static override defaultTag = 'routing-editor';

  static override styles = [L2cElement.styles, panelStyles, routingEditorStyles];

  static override messages = [routingEditorStrings, handoffStrings];

  /** The configuration to edit instead of the stored one (controlled: saving only fires `routing-saved`). */
  @property({ attribute: false }) accessor config: RoutingConfig | undefined;

  /** Leads to preview with instead of the most recent stored ones. */
  @property({ attribute: false }) accessor leads: Lead[] | undefined;

  /** Display names of owners by owner id (also offered in the owner fields). */
  @property({ attribute: false }) accessor owners: Record<string, string> | undefined;

  /** How many recent leads the preview routes (default 20). */
  @property({ type: Number, attribute: 'preview-count' }) accessor previewCount: number = DEFAULT_PREVIEW;

  /** The present for the preview's capacity periods (ISO or ms); default the current time. */
  @property({ attribute: false }) accessor now: string | number | undefined;

  readonly #announcer = new Announcer(this);
  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #store = new StoreController<Loaded>(this, {
    collections: ['settings', 'leads'],
    load: async (repo) => {
      const [saved, recent] = await Promise.all([
        repo.settings.get('routing'),
        repo.leads.list({ orderBy: 'createdAt', desc: true, limit: this.#count() }),
      ]);
      return { saved, recent };
    },
  });

  #draft: RoutingConfig = emptyConfig();
  #dirty = false;
  #problems: RoutingProblem[] = [];
  #checked = false;
  #status = '';
  #outbox: { outbox: OutboxLike; stop: Unsubscribe } | undefined;

  /** The routing configuration being edited (with what is not saved yet). */
  get draft(): RoutingConfig {
    return cleaned(this.#draft);
  }

  /** The repository, except in controlled use (`.config` set), where the editor reads and writes nothing but the preview's leads. */
  override get repository(): Repository | undefined {
    return this.config !== undefined && this.leads !== undefined ? undefined : super.repository;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Until the person changes something, the form shows what is stored (or given).
    if (!this.#dirty) {
      const base = this.config ?? routingConfigOf(this.#store.value?.saved);
      this.#draft = draftOf(base);
    }
    this.#watchOutbox();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#states.sync({ dirty: this.#dirty, invalid: this.#problems.length > 0 });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#outbox?.stop();
    this.#outbox = undefined;
  }

  override render(): TemplateResult {
    const s = this.localize.section(routingEditorStrings);
    if (this.#store.error && this.config === undefined) {
      return html`<p class="error" role="alert" part="status">${errorText(this.localize, this.#store.error)}</p>`;
    }
    if (this.config === undefined && this.repository && this.#store.value === undefined) {
      return html`<p class="muted" part="status">${this.localize.term('loading')}</p>`;
    }
    const errors = this.#errors();
    return html`
      <form part="editor" class="editor" novalidate aria-labelledby="editor-title" @submit=${this.#save}>
        <h2 part="title" id="editor-title">${s.title}</h2>
        <p part="intro" class="muted intro">${s.intro}</p>
        ${this.#problems.length ? html`
          <div part="problems" class="problems" role="alert" tabindex="-1">
            <p>${s.problemsTitle(this.#problems.length)}</p>
            <ul>${this.#problems.map((p) => html`<li><button type="button" class="link" part="problem-link"
              @click=${() => this.#focusPath(p.path)}>${this.#fieldName(p.path)}: ${s.problem(p.code, p.params ?? {})}</button></li>`)}</ul>
          </div>` : nothing}
        ${renderForm(this.#context(errors))}
        <section class="section" part="preview" aria-labelledby="preview-title">
          <h3 id="preview-title">${s.preview}</h3>
          ${renderPreview({
            s, handoff: this.localize.section(handoffStrings), leads: this.#recent(), draft: this.draft,
            saved: this.config === undefined ? routingConfigOf(this.#store.value?.saved) : this.config,
            now: this.#now(), ownerName: (id) => this.#ownerName(id), leadName: (l) => this.#leadName(l),
          })}
        </section>
        <div part="actions" class="actions">
          <button type="submit" class="btn primary" part="save">${s.save}</button>
          <button type="button" class="btn" part="discard" ?disabled=${!this.#dirty} @click=${this.#discard}>${s.discard}</button>
        </div>
        ${this.#status ? html`<p part="status" class="status" role="status">${this.#status}</p>` : nothing}
        ${this.#announcer.render()}
      </form>`;
  }

  #context(errors: ReadonlyMap<string, string>): EditorContext {
    const owners = this.#ownerChoices();
    return {
      s: this.localize.section(routingEditorStrings),
      draft: this.#draft,
      errors,
      owners,
      ownerName: (id) => this.#ownerName(id),
      fields: this.#fields(),
      fieldLabel: (path) => this.#fieldLabel(path),
      set: (path, value) => this.#change(setAt(this.#draft, path, value)),
      update: (path, fn) => this.#change(setAt(this.#draft, path, fn(path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], this.#draft)))),
      act: {
        addRule: () => this.#change({ ...this.#draft, rules: [...this.#draft.rules, newRule(this.#draft)] }, `rules[${this.#draft.rules.length}].id`),
        removeRule: (i) => this.#change({ ...this.#draft, rules: this.#draft.rules.filter((_, k) => k !== i) }),
        moveRule: (i, by) => this.#change({ ...this.#draft, rules: move(this.#draft.rules, i, i + by) }),
        addCondition: (i) => this.#change(setAt(this.#draft, ['rules', i, 'when'], [...(this.#draft.rules[i]?.when ?? []), { field: '', op: 'eq', value: '' }]),
          `rules[${i}].when[${this.#draft.rules[i]?.when?.length ?? 0}].field`),
        removeCondition: (i, j) => this.#change(setAt(this.#draft, ['rules', i, 'when'], (this.#draft.rules[i]?.when ?? []).filter((_, k) => k !== j))),
        addTeam: () => this.#change({ ...this.#draft, teams: [...this.#draft.teams, newTeam(this.#draft)] }, `teams[${this.#draft.teams.length}].id`),
        removeTeam: (i) => this.#change({ ...this.#draft, teams: this.#draft.teams.filter((_, k) => k !== i) }),
        addMember: (i) => this.#change(setAt(this.#draft, ['teams', i, 'members'], [...(this.#draft.teams[i]?.members ?? []), newMember()]),
          `teams[${i}].members[${this.#draft.teams[i]?.members?.length ?? 0}].ownerId`),
        removeMember: (i, j) => this.#change(setAt(this.#draft, ['teams', i, 'members'], (this.#draft.teams[i]?.members ?? []).filter((_, k) => k !== j))),
      },
    };
  }

  // A change to the draft; problems are checked again as the person edits once a save found some.
  #change(next: RoutingConfig, focus?: string): void {
    this.#draft = next;
    this.#dirty = true;
    this.#status = '';
    if (this.#checked) this.#problems = routingProblems(cleaned(next));
    this.requestUpdate();
    if (focus) this.#focusPath(focus);
  }

  #errors(): Map<string, string> {
    const s = this.localize.section(routingEditorStrings);
    const errors = new Map<string, string>();
    for (const p of this.#problems) {
      const text = s.problem(p.code, p.params ?? {});
      errors.set(p.path, errors.has(p.path) ? `${errors.get(p.path)} ${text}` : text);
    }
    return errors;
  }

  readonly #save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const s = this.localize.section(routingEditorStrings);
    const config = this.draft;
    this.#checked = true;
    this.#problems = routingProblems(config);
    if (this.#problems.length) {
      this.#status = '';
      this.#announcer.announce(s.problemsTitle(this.#problems.length));
      this.requestUpdate();
      await this.updateComplete;
      this.#focusPath(this.#problems[0]!.path);
      return;
    }
    const settings: Settings = { id: 'routing', ...config, updatedAt: new Date(this.#now()).toISOString() };
    const repo = this.repository;
    if (repo && this.config === undefined) {
      try {
        await repo.settings.put(settings);
      } catch (error) {
        this.#status = s.notSaved(errorText(this.localize, error));
        this.#announcer.announce(this.#status);
        this.requestUpdate();
        return;
      }
    }
    this.#dirty = false;
    this.#status = repo?.kind === 'rest' && this.config === undefined ? s.waiting : s.saved;
    this.#announcer.announce(this.#status);
    this.emit('routing-saved', { settings });
    this.requestUpdate();
  };

  readonly #discard = (): void => {
    this.#dirty = false;
    this.#checked = false;
    this.#problems = [];
    this.#status = '';
    this.requestUpdate();
  };

  // With REST storage the save is sent later: say when the server took it, or refused the role.
  #watchOutbox(): void {
    const outbox = (this.repository as { outbox?: OutboxLike } | undefined)?.outbox;
    if (this.#outbox?.outbox === outbox) return;
    this.#outbox?.stop();
    this.#outbox = outbox && {
      outbox,
      stop: outbox.subscribe((e) => {
        if (e.collection !== 'settings' || e.id !== 'routing') return;
        const s = this.localize.section(routingEditorStrings);
        const next = e.type === 'sent' ? s.saved : e.type === 'retry' && (e.cause === 'forbidden' || e.cause === 'unauthorized') ? s.forbidden : undefined;
        if (!next || next === this.#status) return;
        this.#status = next;
        this.#announcer.announce(next);
        this.requestUpdate();
      }),
    };
  }

  #focusPath(path: string): void {
    void this.updateComplete.then(() => {
      const root = this.renderRoot;
      const exact = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
      // A problem of a whole rule, team or list: its first control.
      const within = exact ?? root.querySelector<HTMLElement>(`[id^="${idOf(path.split(/[.[\]]+/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k)))}"]`);
      (within ?? root.querySelector<HTMLElement>(`[data-path^="${CSS.escape(path)}"]`))?.focus();
    });
  }

  #fieldName(path: string): string {
    const s = this.localize.section(routingEditorStrings);
    const m = /^rules\[(\d+)\]/.exec(path);
    if (m) return s.rule(Number(m[1]) + 1);
    const t = /^teams\[(\d+)\]/.exec(path);
    if (t) return `${s.team} ${this.#draft.teams[Number(t[1])]?.id || Number(t[1]) + 1}`;
    if (path.startsWith('sla')) return s.slaHours;
    if (path === 'defaultOwnerId') return s.defaultOwner;
    return path === 'period' ? s.period : pathName([path]);
  }

  #recent(): Lead[] {
    return (this.leads ?? this.#store.value?.recent ?? []).slice(0, this.#count());
  }

  #fields(): string[] {
    const s = this.localize.section(routingEditorStrings);
    const custom = new Set<string>();
    for (const lead of this.#recent()) for (const key of Object.keys(lead.custom ?? {})) custom.add(`custom.${key}`);
    return [...Object.keys(s.fields), ...[...custom].sort()];
  }

  #fieldLabel(path: string): string {
    const s = this.localize.section(routingEditorStrings);
    return s.fields[path] ?? (path.startsWith('custom.') ? s.customField(path.slice(7)) : path);
  }

  #ownerChoices(): string[] {
    const ids = new Set(Object.keys(this.owners ?? {}));
    for (const team of this.#draft.teams) for (const m of team.members ?? []) if (m.ownerId) ids.add(m.ownerId);
    return [...ids];
  }

  #ownerName(id: string): string {
    return this.owners?.[id] ?? id;
  }

  #leadName(lead: Lead): string {
    return [lead.name, lead.email, lead.company, lead.id].find((v): v is string => typeof v === 'string' && v.trim() !== '')!;
  }

  #count(): number {
    return Number.isInteger(this.previewCount) && this.previewCount > 0 ? this.previewCount : DEFAULT_PREVIEW;
  }

  #now(): number {
    const given = typeof this.now === 'number' ? this.now : typeof this.now === 'string' ? Date.parse(this.now) : Number.NaN;
    return Number.isFinite(given) ? given : Date.now();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'routing-editor': RoutingEditor;
  }
}
