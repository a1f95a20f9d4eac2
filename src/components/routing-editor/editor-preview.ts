/**
 * The routing editor's preview: where the most recent leads would go under the draft, beside where
 * the saved configuration sends them, before anything is saved (core `previewRouting`, from an empty
 * round-robin state for both, so the two columns compare like for like).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { previewRouting, type RoutingPreviewRow } from '../../core/handoff.js';
import type { Lead } from '../../core/model.js';
import type { RoutingConfig } from '../../core/routing.js';
import type { HandoffStrings } from '../../internal/handoff-strings.js';
import type { RoutingEditorStrings } from './strings.js';

/** What the preview needs. */
export interface PreviewContext {
  s: RoutingEditorStrings;
  handoff: HandoffStrings;
  leads: readonly Lead[];
  draft: RoutingConfig;
  saved: RoutingConfig | undefined;
  now: number;
  ownerName(id: string): string;
  leadName(lead: Lead): string;
}

function cell(c: PreviewContext, row: RoutingPreviewRow | undefined): TemplateResult {
  if (!row) return html`—`;
  const owner = row.ownerId ? c.ownerName(row.ownerId) : c.s.nobody;
  const why = c.handoff.routed(row, { rule: row.ruleId, team: row.teamId });
  return html`<span class="owner">${owner}</span> <span class="why muted">${why}</span>`;
}

/** The preview table (or why there is none). */
export function renderPreview(c: PreviewContext): TemplateResult {
  const { s } = c;
  if (c.leads.length === 0) return html`<p class="muted" part="preview-empty">${s.noLeads}</p>`;
  const now = previewRouting(c.leads, c.draft, undefined, c.now);
  const before = c.saved ? previewRouting(c.leads, c.saved, undefined, c.now) : [];
  const changed = c.saved ? now.filter((r, i) => r.ownerId !== before[i]?.ownerId).length : 0;
  return html`
    <p class="help muted" id="preview-help">${s.previewHelp(c.leads.length)}</p>
    ${c.saved ? html`<p class="changed" part="preview-changed" role="status">${s.previewChanged(changed)}</p>` : nothing}
    <div class="table-wrap">
      <table part="preview-table" aria-describedby="preview-help">
        <thead><tr><th scope="col">${s.previewLead}</th><th scope="col">${s.previewNow}</th>${c.saved ? html`<th scope="col">${s.previewBefore}</th>` : nothing}</tr></thead>
        <tbody>
          ${now.map((row, i) => html`
            <tr part="preview-row" class=${c.saved && row.ownerId !== before[i]?.ownerId ? 'moved' : ''} data-lead-id=${row.leadId}>
              <th scope="row">${c.leadName(c.leads[i]!)}</th>
              <td>${cell(c, row)}</td>
              ${c.saved ? html`<td>${cell(c, before[i])}</td>` : nothing}
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}
