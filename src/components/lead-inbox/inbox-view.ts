/**
 * How one lead of `<lead-inbox>` reads: name, company, score and grade, source, why it was routed
 * (or why it waits in the pool), when, its SLA, whether its change is still unsent, its probability
 * of converting and why (when a learned scoring model is applied), and the row's buttons. Text only through Lit bindings (no data rendered as HTML).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LearnedScoring } from '../../core/learn.js';
import type { Lead } from '../../core/model.js';
import { formatDate, formatNumber } from '../../internal/format.js';
import type { HandoffStrings } from '../../internal/handoff-strings.js';
import { renderProbability, type ProbabilityStrings } from '../../internal/lead-probability.js';
import type { InboxItem, InboxView } from './inbox-data.js';
import type { LeadInboxStrings } from './strings.js';

/** What a row needs to render. */
export interface RowContext {
  s: LeadInboxStrings;
  handoff: HandoffStrings;
  lang: string;
  now: number;
  view: InboxView;
  /** The row that holds the list's tab stop. */
  active: number;
  busy: boolean;
  canTake: boolean;
  /** The applied learned model: each lead shows its probability and why. */
  scoring: LearnedScoring | undefined;
  probability: ProbabilityStrings;
  ownerName(id: string | undefined): string;
  leadName(lead: Lead): string;
  on: {
    open(lead: Lead): void;
    accept(lead: Lead): void;
    reject(lead: Lead): void;
    reassign(lead: Lead): void;
    take(lead: Lead): void;
  };
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['minute', 60_000], ['hour', 3_600_000], ['day', 86_400_000]];
const relative = new Map<string, Intl.RelativeTimeFormat>();

/** "5 minutes ago", "in 3 hours", "2 days ago": the unit that fits. */
export function formatFromNow(at: number, now: number, lang: string): string {
  if (!Number.isFinite(at)) return '—';
  const diff = at - now;
  const abs = Math.abs(diff);
  const [unit, size] = abs < 3_600_000 ? UNITS[0]! : abs < 48 * 3_600_000 ? UNITS[1]! : UNITS[2]!;
  let f = relative.get(lang);
  if (!f) relative.set(lang, (f = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })));
  return f.format(Math.round(diff / size), unit);
}

/** Where a lead came from: its campaign and channel. */
function sourceOf(lead: Lead): string | undefined {
  const s = lead.source;
  if (!s) return undefined;
  const parts = [s.utm_source, s.campaign ?? s.utm_campaign].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length ? parts.join(' · ') : undefined;
}

/** Why the lead is here, in words. */
function reasonOf(item: InboxItem, c: RowContext): string {
  const { lead, pool } = item;
  if (pool?.kind === 'rejected') {
    const r = pool.rejection;
    const text = c.handoff.poolRejected(r, r.by || r.ownerId ? c.ownerName(r.by ?? r.ownerId) : undefined);
    return r.reentryAt ? `${text} · ${c.handoff.backOn(formatDate(r.reentryAt, c.lang))}` : text;
  }
  if (pool) return c.handoff.poolUnassigned;
  const routing = lead.routing;
  if (!routing) return '';
  const text = c.handoff.routed(routing, { rule: routing.ruleId, team: routing.teamId, by: routing.by ? c.ownerName(routing.by) : undefined });
  if (routing.trigger === 'sla' && routing.previousOwnerId) return `${text} · ${c.handoff.rerouted.sla(c.ownerName(routing.previousOwnerId))}`;
  if (routing.trigger === 'reentry') return `${text} · ${c.handoff.rerouted.reentry}`;
  return text;
}

/** One lead. */
export function renderRow(item: InboxItem, index: number, c: RowContext): TemplateResult {
  const { lead } = item;
  const { s } = c;
  const name = c.leadName(lead);
  const nameId = `lead-${index}-name`;
  const source = sourceOf(lead);
  const routedAt = Date.parse(item.pool ? lead.rejection?.at ?? lead.updatedAt : lead.routing?.at ?? lead.createdAt);
  const sla = item.dueAt === undefined ? 'none' : item.overdue ? 'overdue' : 'on-time';
  const tab = index === c.active ? 0 : -1;
  const button = (part: string, label: string, act: (l: Lead) => void, primary = false) => html`
    <button type="button" part=${part} class="btn${primary ? ' primary' : ''}" tabindex=${tab} aria-describedby=${nameId} ?disabled=${c.busy}
      @click=${() => act(lead)}>${label}</button>`;
  return html`
    <li part="lead" class="lead${item.overdue ? ' overdue' : ''}" data-lead-id=${lead.id} data-index=${index} data-sla=${sla}
      tabindex=${tab} aria-labelledby=${nameId} aria-describedby="${nameId}-meta">
      <div class="main">
        <div class="title-row">
          <button type="button" part="name" class="name link" id=${nameId} tabindex="-1" title=${s.openLead(name)} @click=${() => c.on.open(lead)}>${name}</button>
          ${lead.company ? html`<span part="company" class="company">${lead.company}</span>` : nothing}
          ${item.overdue ? html`<span part="sla" class="badge sla">${s.overdue}</span>` : nothing}
          ${item.pending ? html`<span part="pending" class="badge pending">${s.notSent}</span>` : nothing}
          ${item.due ? html`<span part="reentry" class="badge reentry">${s.reentryDue}</span>` : nothing}
        </div>
        <p part="meta" class="meta" id="${nameId}-meta">
          ${item.score ? html`<span part="score">${s.score(formatNumber(item.score.score, c.lang), item.score.grade)}</span>`
            : typeof lead.score === 'number' ? html`<span part="score">${s.score(formatNumber(lead.score, c.lang), lead.grade)}</span>` : nothing}
          ${source ? html`<span part="source">${s.from(source)}</span>` : nothing}
          <span part="age">${s.routedAgo(formatFromNow(routedAt, c.now, c.lang))}</span>
          ${item.dueAt !== undefined && !item.overdue ? html`<span part="due">${s.dueIn(formatFromNow(item.dueAt, c.now, c.lang))}</span>` : nothing}
        </p>
        <p part="reason" class="reason">${reasonOf(item, c)}</p>
        ${c.scoring ? html`<div class="chance">${renderProbability(lead, c.scoring, { s: c.probability, lang: c.lang, name, tabindex: tab })}</div>` : nothing}
      </div>
      <div part="actions" class="actions">
        ${c.view === 'pool'
          ? html`${c.canTake ? button('take', s.take, c.on.take, true) : nothing}${button('assign', s.assign, c.on.reassign)}`
          : html`${button('accept', s.accept, c.on.accept, true)}${button('reject', s.reject, c.on.reject)}${button('reassign', s.reassign, c.on.reassign)}`}
      </div>
    </li>`;
}
