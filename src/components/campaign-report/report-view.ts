/**
 * How `<campaign-report>` shows the core's report: first a table (sortable by any column with the
 * keyboard, the cost of each campaign editable in place, the totals at the foot), then a chart of
 * revenue beside cost per campaign (SVG; the table carries every figure). Sorting, the CSV and
 * the chart read the same rows.
 */
import { html, svg, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { CampaignRow } from '../../core/campaigns.js';
import { toCsv } from '../../core/csv.js';
import { UNATTRIBUTED } from '../../core/attribution.js';
import { formatMoney, formatNumber, formatPercent } from '../../internal/format.js';
import type { CampaignReportStrings, ReportColumn } from './strings.js';

/** A sort: the column, and whether the lowest comes first. */
export interface ReportSort {
  column: ReportColumn;
  ascending: boolean;
}

/** What the table and chart need. */
export interface ReportContext {
  s: CampaignReportStrings;
  lang: string;
  currency: string;
  sort: ReportSort;
  /** Costs can be edited (a repository, or controlled with `costs` set). */
  editable: boolean;
  onSort(column: ReportColumn): void;
  onCost(campaign: string, cost: number | undefined): void;
}

const MONEY: readonly ReportColumn[] = ['revenue', 'cost', 'costPerLead', 'costPerWon'];

/** A campaign's name as shown. */
export function campaignLabel(row: CampaignRow, s: CampaignReportStrings): string {
  return row.campaign === UNATTRIBUTED ? s.none : row.name ?? row.campaign;
}

/** Rows in the order of `sort` (nulls last either way; ties by campaign). */
export function sortRows(rows: readonly CampaignRow[], sort: ReportSort, s: CampaignReportStrings): CampaignRow[] {
  const sign = sort.ascending ? 1 : -1;
  const value = (r: CampaignRow): string | number | null => (sort.column === 'campaign' ? campaignLabel(r, s).toLowerCase() : r[sort.column]);
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c * sign || (a.campaign < b.campaign ? -1 : 1);
  });
}

function cell(row: CampaignRow, column: ReportColumn, c: ReportContext): string {
  const v = row[column as keyof CampaignRow];
  if (column === 'campaign') return campaignLabel(row, c.s);
  if (v === null || v === undefined) return '—';
  if (MONEY.includes(column)) return formatMoney(v as number, c.currency, c.lang);
  if (column === 'roi' || column === 'mqlToSql') return formatPercent(v as number, c.lang);
  if (column === 'won' || column === 'mqlToSqlDays') return formatNumber(v as number, c.lang, 1);
  return formatNumber(v as number, c.lang);
}

function costInput(row: CampaignRow, c: ReportContext, index: number): TemplateResult {
  const id = `cost-${index}`;
  return html`<label class="visually-hidden" for=${id}>${c.s.costOf(campaignLabel(row, c.s))}</label>
    <input id=${id} part="cost-input" class="cost-field" type="number" min="0" step="any" inputmode="decimal"
      .value=${live(row.cost === null ? '' : String(row.cost))}
      @change=${(e: Event) => {
        const raw = (e.target as HTMLInputElement).value.trim();
        c.onCost(row.campaign, raw === '' ? undefined : Number(raw));
      }}>`;
}

/** The table, sortable by every column heading. */
export function renderTable(rows: readonly CampaignRow[], total: CampaignRow, columns: readonly ReportColumn[], modelName: string, c: ReportContext): TemplateResult {
  const { s } = c;
  const sorted = sortRows(rows, c.sort, s);
  return html`
    <div class="table-wrap" role="region" aria-labelledby="report-caption" tabindex="0">
      <table part="table">
        <caption id="report-caption">${s.caption(modelName)}</caption>
        <thead><tr>
          ${columns.map((col) => {
            const active = c.sort.column === col;
            return html`<th scope="col" aria-sort=${active ? (c.sort.ascending ? 'ascending' : 'descending') : 'none'} class=${col === 'campaign' ? '' : 'num'}>
              <button type="button" part="sort" data-column=${col} title=${s.sortBy(s.columns[col])} @click=${() => c.onSort(col)}>
                ${s.columns[col]}<span class="arrow" aria-hidden="true">${active ? (c.sort.ascending ? '▲' : '▼') : ''}</span>
              </button>
            </th>`;
          })}
        </tr></thead>
        <tbody>
          ${sorted.map((row, i) => html`<tr part="row" data-campaign=${row.campaign}>
            ${columns.map((col) => (col === 'campaign'
              ? html`<th scope="row">${cell(row, col, c)}</th>`
              : html`<td class="num">${col === 'cost' && c.editable && row.campaign !== UNATTRIBUTED ? costInput(row, c, i) : cell(row, col, c)}</td>`))}
          </tr>`)}
        </tbody>
        <tfoot><tr part="total">
          ${columns.map((col) => (col === 'campaign' ? html`<th scope="row">${s.total}</th>` : html`<td class="num">${cell(total, col, c)}</td>`))}
        </tr></tfoot>
      </table>
    </div>`;
}

/** The report as CSV: the columns of the table, raw numbers (ratios 0..1), formula-safe (core toCsv). */
export function reportCsv(rows: readonly CampaignRow[], total: CampaignRow, columns: readonly ReportColumn[], s: CampaignReportStrings): string {
  const out = rows.map((r) => ({ ...r, campaign: campaignLabel(r, s) }));
  out.push({ ...total, campaign: s.total });
  return toCsv(out, columns.map((key) => ({ key, header: s.columns[key] })));
}

const BAR = 14;
const GAP = 10;
const LABEL = 150;
const WIDTH = 640;

/** Revenue beside cost for the campaigns with either, as many as fit (the table has them all). */
export function renderChart(rows: readonly CampaignRow[], c: ReportContext, limit = 12): TemplateResult {
  const { s } = c;
  const shown = sortRows(rows.filter((r) => r.revenue > 0 || (r.cost ?? 0) > 0), c.sort, s).slice(0, limit);
  if (shown.length === 0) return html`<p class="muted" part="chart-empty">${s.chartEmpty}</p>`;
  const max = Math.max(...shown.flatMap((r) => [r.revenue, r.cost ?? 0]));
  const scale = (v: number) => (max > 0 ? (v / max) * (WIDTH - LABEL - 90) : 0);
  const rowHeight = 2 * BAR + GAP + 4;
  const height = shown.length * rowHeight + 24;
  const best = [...shown].filter((r) => r.roi !== null).sort((a, b) => (b.roi ?? 0) - (a.roi ?? 0))[0];
  const summary = s.chartSummary(best ? campaignLabel(best, s) : undefined, best ? formatPercent(best.roi, c.lang) : '');
  return html`
    <figure part="chart" class="chart">
      <figcaption id="chart-caption">${s.chartTitle} <span class="muted">${summary}</span></figcaption>
      <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-caption" preserveAspectRatio="xMinYMin meet">
        ${shown.map((r, i) => {
          const y = i * rowHeight;
          const label = campaignLabel(r, s);
          return svg`
            <text x=${LABEL - 8} y=${y + BAR + 4} text-anchor="end" class="label">${label.length > 22 ? `${label.slice(0, 21)}…` : label}</text>
            <rect x=${LABEL} y=${y} width=${Math.max(1, scale(r.revenue))} height=${BAR} class="revenue"></rect>
            <text x=${LABEL + scale(r.revenue) + 6} y=${y + BAR - 3} class="value">${formatMoney(r.revenue, c.currency, c.lang, { compact: true })}</text>
            <rect x=${LABEL} y=${y + BAR + 2} width=${Math.max(1, scale(r.cost ?? 0))} height=${BAR} class="cost"></rect>
            <text x=${LABEL + scale(r.cost ?? 0) + 6} y=${y + 2 * BAR - 1} class="value">${r.cost === null ? '—' : formatMoney(r.cost, c.currency, c.lang, { compact: true })}</text>`;
        })}
        <g transform="translate(${LABEL}, ${height - 14})">
          <rect width="12" height="10" class="revenue"></rect><text x="18" y="9" class="legend">${s.revenue}</text>
          <rect x="110" width="12" height="10" class="cost"></rect><text x="128" y="9" class="legend">${s.cost}</text>
        </g>
      </svg>
    </figure>`;
}

