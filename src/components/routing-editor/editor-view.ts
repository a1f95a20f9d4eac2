/**
 * The routing editor's form: rules (conditions on any lead field, a form's custom field, the score
 * or the source; where matching leads go), teams (members with weight, capacity and availability)
 * and the general settings. Every control is labelled and carries the path of the field it edits,
 * so a problem the core names (`rules[2].when[0].value`) shows next to that control.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Condition, ConditionOp } from '../../core/predicate.js';
import { ROUTING_PERIODS, type RoutingConfig, type RoutingRule, type Team } from '../../core/routing.js';
import { CONDITION_OPS, parseValue, valueKind, valueText } from './editor-draft.js';
import type { RoutingEditorStrings } from './strings.js';

type Path = (string | number)[];

/** What the form needs of the editor. */
export interface EditorContext {
  s: RoutingEditorStrings;
  draft: RoutingConfig;
  /** Problems by field path (`rules[0].teamId`). */
  errors: ReadonlyMap<string, string>;
  /** Owner ids to offer, and their names. */
  owners: readonly string[];
  ownerName(id: string): string;
  /** Lead fields to offer in conditions (dot paths). */
  fields: readonly string[];
  fieldLabel(path: string): string;
  set(path: Path, value: unknown): void;
  /** Replaces what is at `path` by what `fn` makes of its current value (read when the change happens). */
  update(path: Path, fn: (current: unknown) => unknown): void;
  act: {
    addRule(): void;
    removeRule(i: number): void;
    moveRule(i: number, by: number): void;
    addCondition(i: number): void;
    removeCondition(i: number, j: number): void;
    addTeam(): void;
    removeTeam(i: number): void;
    addMember(i: number): void;
    removeMember(i: number, j: number): void;
  };
}

/** `rules[0].when[1].value` for ['rules', 0, 'when', 1, 'value']: the core's way of naming a field. */
export function pathName(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

/** An element id for a field path. */
export const idOf = (path: Path): string => `f-${pathName(path).replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** The error under a control, and the attributes that tie it to the control. */
function problem(c: EditorContext, path: Path): { error: TemplateResult | typeof nothing; invalid: 'true' | 'false'; describedBy: string | typeof nothing } {
  const message = c.errors.get(pathName(path));
  if (!message) return { error: nothing, invalid: 'false', describedBy: nothing };
  const id = `${idOf(path)}-error`;
  return { error: html`<p id=${id} class="error field-error" part="field-error">${message}</p>`, invalid: 'true', describedBy: id };
}

/** A labelled control with its help and its problem; `control` gets the id and the ARIA wiring. */
function field(
  c: EditorContext, path: Path, label: string, help: string | undefined, narrow: boolean,
  control: (a: { id: string; invalid: 'true' | 'false'; describedBy: string | typeof nothing }) => TemplateResult,
): TemplateResult {
  const p = problem(c, path);
  const id = idOf(path);
  const helpId = help ? `${id}-help` : '';
  const describedBy = [helpId, p.describedBy === nothing ? '' : p.describedBy].filter(Boolean).join(' ');
  return html`
    <div class=${narrow ? 'field narrow' : 'field'} part="field">
      <label for=${id}>${label}</label>
      ${control({ id, invalid: p.invalid, describedBy: describedBy || nothing })}
      ${help ? html`<p id=${helpId} class="help muted">${help}</p>` : nothing}
      ${p.error}
    </div>`;
}

function text(c: EditorContext, path: Path, label: string, value: string, options: { list?: string; help?: string } = {}): TemplateResult {
  return field(c, path, label, options.help, false, (a) => html`
    <input id=${a.id} data-path=${pathName(path)} .value=${live(value)} list=${options.list ?? nothing}
      aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
      @change=${(e: Event) => c.set(path, (e.target as HTMLInputElement).value)}>`);
}

/** A number field; empty sets undefined (no limit, no SLA). */
function number(c: EditorContext, path: Path, label: string, value: number | undefined, options: { min?: number; step?: string; placeholder?: string; help?: string } = {}): TemplateResult {
  return field(c, path, label, options.help, true, (a) => html`
    <input id=${a.id} type="number" data-path=${pathName(path)} min=${options.min ?? nothing} step=${options.step ?? 'any'} placeholder=${options.placeholder ?? nothing}
      .value=${live(value === undefined ? '' : String(value))} aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
      @change=${(e: Event) => {
        const raw = (e.target as HTMLInputElement).value;
        c.set(path, raw === '' ? undefined : Number(raw));
      }}>`);
}

function conditionRow(c: EditorContext, i: number, j: number, cond: Condition): TemplateResult {
  const { s } = c;
  const base: Path = ['rules', i, 'when', j];
  const kind = valueKind(cond.op);
  const opPath = [...base, 'op'];
  const op = problem(c, opPath);
  const fieldPath = [...base, 'field'];
  const fp = problem(c, fieldPath);
  return html`
    <li class="condition" part="condition">
      <div class="field" part="field">
        <label for=${idOf(fieldPath)}>${s.field}</label>
        <input id=${idOf(fieldPath)} data-path=${pathName(fieldPath)} list="routing-fields" .value=${live(cond.field ?? '')} aria-invalid=${fp.invalid}
          aria-describedby=${fp.describedBy} @change=${(e: Event) => c.set(fieldPath, (e.target as HTMLInputElement).value.trim())}>
        ${fp.error}
      </div>
      <div class="field" part="field">
        <label for=${idOf(opPath)}>${s.operator}</label>
        <select id=${idOf(opPath)} data-path=${pathName(opPath)} aria-invalid=${op.invalid} aria-describedby=${op.describedBy}
          @change=${(e: Event) => {
            const next = (e.target as HTMLSelectElement).value as ConditionOp;
            c.update(base, (now) => {
              const current = now as Condition;
              return { field: current.field, op: next, ...(valueKind(next) === 'none' ? {} : { value: parseValue(next, valueText(current)) }) };
            });
          }}>
          ${CONDITION_OPS.map((o) => html`<option value=${o} ?selected=${o === cond.op}>${s.ops[o]}</option>`)}
        </select>
        ${op.error}
      </div>
      ${kind === 'range' ? html`
        ${number(c, [...base, 'value', 0], s.min, typeof (cond.value as unknown[])?.[0] === 'number' ? (cond.value as number[])[0] : undefined)}
        ${number(c, [...base, 'value', 1], s.max, typeof (cond.value as unknown[])?.[1] === 'number' ? (cond.value as number[])[1] : undefined)}` : nothing}
      ${kind === 'one' || kind === 'list' ? html`
        <div class="field" part="field">
          ${(() => {
            const valuePath = [...base, 'value'];
            const p = problem(c, valuePath);
            const help = kind === 'list' ? `${idOf(valuePath)}-help` : '';
            return html`
              <label for=${idOf(valuePath)}>${s.value}</label>
              <input id=${idOf(valuePath)} data-path=${pathName(valuePath)} .value=${live(valueText(cond))} aria-invalid=${p.invalid}
                aria-describedby=${[help, p.describedBy === nothing ? '' : p.describedBy].filter(Boolean).join(' ') || nothing}
                @change=${(e: Event) => c.set(valuePath, parseValue(cond.op, (e.target as HTMLInputElement).value))}>
              ${kind === 'list' ? html`<p id=${help} class="help muted">${s.listHelp}</p>` : nothing}
              ${p.error}`;
          })()}
        </div>` : nothing}
      <button type="button" class="btn quiet remove" part="remove-condition" @click=${() => c.act.removeCondition(i, j)}>${s.removeCondition(j + 1)}</button>
    </li>`;
}

function target(rule: RoutingRule): 'team' | 'owner' | 'default' {
  if (typeof rule.ownerId === 'string') return 'owner';
  if (typeof rule.teamId === 'string') return 'team';
  return 'default';
}

function ruleBlock(c: EditorContext, rule: RoutingRule, i: number, count: number): TemplateResult {
  const { s } = c;
  const name = rule.id || s.rule(i + 1);
  const whole = problem(c, ['rules', i]);
  const when = problem(c, ['rules', i, 'when']);
  const to = target(rule);
  const sendId = `${idOf(['rules', i])}-to`;
  return html`
    <li class="rule" part="rule" data-rule-id=${rule.id}>
      <fieldset aria-invalid=${whole.invalid} aria-describedby=${whole.describedBy}>
        <legend>${s.rule(i + 1)}</legend>
        ${whole.error}
        ${text(c, ['rules', i, 'id'], s.ruleName, rule.id ?? '')}
        <div class="when">
          <p class="sub">${s.when}</p>
          ${when.error}
          ${Array.isArray(rule.when) && rule.when.length
            ? html`<ol class="conditions">${rule.when.map((cond, j) => conditionRow(c, i, j, cond))}</ol>`
            : html`<p class="muted">${s.everyLead}</p>`}
          <button type="button" class="btn" part="add-condition" @click=${() => c.act.addCondition(i)}>${s.addCondition}</button>
        </div>
        <div class="target">
          <div class="field" part="field">
            <label for=${sendId}>${s.sendTo}</label>
            <select id=${sendId} @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              c.update(['rules', i], (now) => {
                const current = now as RoutingRule;
                const next: RoutingRule = { id: current.id, when: current.when };
                if (v === 'team') next.teamId = c.draft.teams[0]?.id ?? '';
                if (v === 'owner') next.ownerId = '';
                return next;
              });
            }}>
              <option value="team" ?selected=${to === 'team'}>${s.toTeam}</option>
              <option value="owner" ?selected=${to === 'owner'}>${s.toOwner}</option>
              <option value="default" ?selected=${to === 'default'}>${s.toDefault}</option>
            </select>
          </div>
          ${to === 'team' ? (() => {
            const path = ['rules', i, 'teamId'];
            const p = problem(c, path);
            const known = c.draft.teams.map((t) => t.id);
            const teamIds = known.includes(rule.teamId ?? '') || !rule.teamId ? known : [rule.teamId, ...known];
            return html`
              <div class="field" part="field">
                <label for=${idOf(path)}>${s.team}</label>
                <select id=${idOf(path)} data-path=${pathName(path)} aria-invalid=${p.invalid} aria-describedby=${p.describedBy}
                  @change=${(e: Event) => c.set(path, (e.target as HTMLSelectElement).value)}>
                  ${teamIds.map((id) => html`<option value=${id} ?selected=${id === rule.teamId}>${id}</option>`)}
                </select>
                ${p.error}
              </div>`;
          })() : nothing}
          ${to === 'owner' ? text(c, ['rules', i, 'ownerId'], s.owner, rule.ownerId ?? '', { list: 'routing-owners' }) : nothing}
        </div>
        <div class="rule-actions">
          <button type="button" class="btn quiet" part="move-up" ?disabled=${i === 0} @click=${() => c.act.moveRule(i, -1)}>${s.moveUp(name)}</button>
          <button type="button" class="btn quiet" part="move-down" ?disabled=${i === count - 1} @click=${() => c.act.moveRule(i, 1)}>${s.moveDown(name)}</button>
          <button type="button" class="btn quiet" part="remove-rule" @click=${() => c.act.removeRule(i)}>${s.removeRule(name)}</button>
        </div>
      </fieldset>
    </li>`;
}

function teamBlock(c: EditorContext, team: Team, i: number): TemplateResult {
  const { s } = c;
  const period = s.periods[c.draft.period] ?? c.draft.period;
  const members = problem(c, ['teams', i, 'members']);
  return html`
    <li class="team" part="team" data-team-id=${team.id}>
      <fieldset>
        <legend>${team.id || s.teamName}</legend>
        ${text(c, ['teams', i, 'id'], s.teamName, team.id ?? '')}
        <p class="sub">${s.members}</p>
        ${members.error}
        <ul class="members">
          ${(Array.isArray(team.members) ? team.members : []).map((m, j) => {
            const availablePath = ['teams', i, 'members', j, 'available'];
            return html`
              <li class="member" part="member">
                ${text(c, ['teams', i, 'members', j, 'ownerId'], s.owner, m.ownerId ?? '', { list: 'routing-owners' })}
                ${number(c, ['teams', i, 'members', j, 'weight'], s.weight, m.weight, { min: 0, placeholder: '1' })}
                ${number(c, ['teams', i, 'members', j, 'capacity'], s.capacity(period), m.capacity, { min: 0, step: '1', placeholder: s.unlimited })}
                <label class="check" for=${idOf(availablePath)}>
                  <input type="checkbox" id=${idOf(availablePath)} data-path=${pathName(availablePath)} .checked=${live(m.available !== false)}
                    @change=${(e: Event) => c.set(availablePath, (e.target as HTMLInputElement).checked)}>
                  ${s.available}
                </label>
                <button type="button" class="btn quiet remove" part="remove-member" @click=${() => c.act.removeMember(i, j)}>${s.removeMember(m.ownerId ? c.ownerName(m.ownerId) : `${s.owner} ${j + 1}`)}</button>
              </li>`;
          })}
        </ul>
        <button type="button" class="btn" part="add-member" @click=${() => c.act.addMember(i)}>${s.addMember}</button>
        <button type="button" class="btn quiet" part="remove-team" @click=${() => c.act.removeTeam(i)}>${s.removeTeam(team.id || String(i + 1))}</button>
      </fieldset>
    </li>`;
}

/** The rules, the teams and the general settings. */
export function renderForm(c: EditorContext): TemplateResult {
  const { s, draft } = c;
  const periodPath = ['period'];
  const rerouteId = idOf(['sla', 'reroute']);
  return html`
    <datalist id="routing-fields">${c.fields.map((f) => html`<option value=${f}>${c.fieldLabel(f)}</option>`)}</datalist>
    <datalist id="routing-owners">${c.owners.map((o) => html`<option value=${o}>${c.ownerName(o)}</option>`)}</datalist>
    <section class="section" part="rules" aria-labelledby="rules-title">
      <h3 id="rules-title">${s.rules}</h3>
      <ol class="rules">${draft.rules.map((r, i) => ruleBlock(c, r, i, draft.rules.length))}</ol>
      <button type="button" class="btn" part="add-rule" @click=${c.act.addRule}>${s.addRule}</button>
    </section>
    <section class="section" part="teams" aria-labelledby="teams-title">
      <h3 id="teams-title">${s.teams}</h3>
      <ul class="teams">${draft.teams.map((t, i) => teamBlock(c, t, i))}</ul>
      <button type="button" class="btn" part="add-team" @click=${c.act.addTeam}>${s.addTeam}</button>
    </section>
    <section class="section general" part="general" aria-labelledby="general-title">
      <h3 id="general-title">${s.general}</h3>
      ${text(c, ['defaultOwnerId'], s.defaultOwner, draft.defaultOwnerId ?? '', { list: 'routing-owners', help: s.defaultOwnerHelp })}
      <div class="field narrow" part="field">
        <label for=${idOf(periodPath)}>${s.period}</label>
        <select id=${idOf(periodPath)} data-path="period" @change=${(e: Event) => c.set(periodPath, (e.target as HTMLSelectElement).value)}>
          ${ROUTING_PERIODS.map((p) => html`<option value=${p} ?selected=${p === draft.period}>${s.periods[p]}</option>`)}
        </select>
      </div>
      ${number(c, ['sla', 'hours'], s.slaHours, draft.sla?.hours, { min: 0, help: s.slaHelp })}
      <label class="check" for=${rerouteId}>
        <input type="checkbox" id=${rerouteId} data-path="sla.reroute" .checked=${live(draft.sla?.reroute === true)} ?disabled=${!draft.sla}
          @change=${(e: Event) => c.set(['sla', 'reroute'], (e.target as HTMLInputElement).checked)}>
        ${s.reroute}
      </label>
    </section>`;
}

