/**
 * The lazily loaded data table and export of `<funnel-chart>`: the table of the figures (visually
 * hidden unless `show-table`, always there for assistive technology), the figures as formula-safe
 * CSV (core's `toCsv`), the chart as a PNG, and the download of either. The first paint is the
 * chart's box and its summary, so the chart loads this right after its first render
 * (`updateComplete` waits for it).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { FunnelStep } from '../../core/funnel.js';
import { toCsv } from '../../core/csv.js';
import type { FunnelChartStrings } from './strings.js';
import { hasValues, measuredSteps, type FunnelData, type FunnelFormat, type FunnelMeasure } from './funnel-data.js';

// A header such as "Drop-off" may wrap at spaces but never split at its hyphen.
function keepHyphen(text: string): string {
  return text.replace(/-/g, '\u2011');
}

/**
 * The data table. Shown (a focusable, named region that scrolls sideways when narrow) with
 * `shown`, else visually hidden.
 */
export function renderTable(data: FunnelData, measured: FunnelStep[], fmt: FunnelFormat, s: FunnelChartStrings, mode: FunnelMeasure, shown: boolean): TemplateResult {
  const withValue = mode === 'value' || hasValues(data.steps);
  // The wrapper, not the table, is hidden: a table does not shrink to the 1px of .visually-hidden.
  return html`<div class=${shown ? 'table' : 'table visually-hidden'} role=${shown ? 'region' : nothing}
    aria-label=${shown ? s.tableCaption(mode) : nothing} tabindex=${shown ? 0 : nothing}><table part="table">
    <caption>${s.tableCaption(mode)}</caption>
    <thead><tr>
      <th scope="col">${s.stage}</th><th scope="col">${s.count}</th>${withValue ? html`<th scope="col">${s.value}</th>` : nothing}
      <th scope="col">${s.stepConversion}</th><th scope="col">${s.cumulativeConversion}</th>
      <th scope="col">${keepHyphen(s.dropOff)}</th><th scope="col">${keepHyphen(s.dropOffRate)}</th>
    </tr></thead>
    <tbody>${data.stages.map((stage, i) => {
      const step = data.steps[i];
      const m = measured[i];
      return html`<tr data-stage-id=${stage.id}>
        <th scope="row">${stage.label}</th>
        <td>${fmt.count(step?.count ?? null)}</td>
        ${withValue ? html`<td>${stage.valued ? fmt.money(step?.value ?? 0) : fmt.count(null)}</td>` : nothing}
        <td>${fmt.percent(m?.stepConversion ?? null)}</td>
        <td>${fmt.percent(m?.cumulativeConversion ?? null)}</td>
        <td>${fmt.maybe(m?.dropOff ?? null, mode)}</td>
        <td>${fmt.percent(m?.dropOffRate ?? null)}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

/** The figures as CSV, with the columns of the data table. */
export function csvOf(data: FunnelData, s: FunnelChartStrings, mode: FunnelMeasure): string {
  const measured = measuredSteps(data.steps, mode);
  const rows = data.stages.map((stage, i) => {
    const step = data.steps[i];
    const m = measured[i];
    return {
      stage: stage.label, id: stage.id, count: step?.count, value: stage.valued ? step?.value : null,
      step: m?.stepConversion, cumulative: m?.cumulativeConversion, dropOff: m?.dropOff, dropOffRate: m?.dropOffRate,
    };
  });
  return toCsv(rows, [
    { key: 'stage', header: s.stage }, { key: 'id', header: 'id' }, { key: 'count', header: s.count },
    { key: 'value', header: s.value }, { key: 'step', header: s.stepConversion },
    { key: 'cumulative', header: s.cumulativeConversion }, { key: 'dropOff', header: s.dropOff },
    { key: 'dropOffRate', header: s.dropOffRate },
  ]);
}

// Shared with other elements that export (src/internal/download.ts); re-exported for this lazy part's callers.
export { download, pngOf } from '../../internal/download.js';
