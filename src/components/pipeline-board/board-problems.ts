/**
 * Messages above a board's columns: what is wrong with the data it was given, each problem naming
 * its field or its deal (a pipeline with invalid parts: only the valid stages show; deals that cannot
 * be shown; deals in a stage the pipeline does not have; a pipeline id that is not there; a failed
 * read), and the notice about the last action, with Undo when it can be undone.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { errorText } from '../../internal/error-text.js';
import { boardActionStrings } from './action-strings.js';
import type { MoveHost } from './board-host.js';

/** The problems part of a board, or nothing. */
export function renderProblems(h: MoveHost): TemplateResult | typeof nothing {
  const s = h.localize.section(boardActionStrings);
  const { data } = h;
  const lines: string[] = [];
  const repoMode = !data.controlled && !!h.repository;
  const id = h.element.getAttribute('pipeline-id');
  if (!data.pipeline && !(repoMode && (data.pipelineStore.loading || data.dealStore.loading))) {
    lines.push(id && data.available().length > 0 ? s.unknownPipeline(id) : h.strings.noPipeline);
  }
  const errors = data.current?.errors ?? [];
  if (data.current && errors.length > 0) lines.push(s.badPipeline(errors.slice(0, 3).map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join('; ')));
  const m = data.model;
  if (m && m.problemCount > 0) lines.push(s.badDeals(m.problemCount, m.problems.map((p) => `"${p.id}": ${p.message}`).join('; ')));
  if (m && m.strayCount > 0) lines.push(s.strayDeals(m.strayCount, m.strayStages.map((id) => `"${id}"`).join(', ')));
  const error = repoMode ? data.dealStore.error ?? data.pipelineStore.error : undefined;
  if (error) lines.push(s.loadFailed(errorText(h.localize, error)));
  if (lines.length === 0) return nothing;
  return html`
    <div part="problems" class="problems warning">
      ${lines.length === 1 ? html`<p>${lines[0]}</p>` : html`<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
    </div>`;
}

/** The notice about the last action, or nothing. */
export function renderNotice(h: MoveHost): TemplateResult | typeof nothing {
  const n = h.state.notice;
  if (!n) return nothing;
  const dismiss = () => { h.state.notice = undefined; };
  return html`
    <div part="notice" class="notice ${n.kind === 'error' ? 'error' : n.kind === 'done' ? '' : 'warning'}" role=${n.kind === 'error' ? 'alert' : nothing}>
      <p>${n.text}</p>
      ${n.undo ? html`<button part="undo" class="btn" type="button" @click=${() => { dismiss(); n.undo?.(); }}>${h.localize.section(boardActionStrings).undo}</button>` : nothing}
      <button class="btn quiet" type="button" @click=${dismiss}>${h.localize.term('close')}</button>
    </div>`;
}
