/**
 * `<campaign-report>` (issue 17): for a marketer, per campaign (from the UTM campaign or campaign
 * on leads and deals) the leads, MQLs, SQLs, MQL -> SQL rate and days, deals won and revenue under
 * one of the core's six attribution models, the cost (entered in the table, or imported from a
 * CSV file, kept in the `campaigns` settings record), cost per lead, cost per deal won and ROI.
 * A table first (sortable with the keyboard, exported as formula-safe CSV), then a chart. Every
 * figure is the core's (campaigns.ts).
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ATTRIBUTION_MODELS, type AttributionModel } from '../../core/attribution.js';
import { campaignReport, importCampaignCosts, type CampaignCost, type CampaignReport as Report } from '../../core/campaigns.js';
import type { Deal, Lead, Settings } from '../../core/model.js';
import { Announcer } from '../../internal/announcer.js';
import { L2cElement } from '../../internal/base-element.js';
import { ElementStates } from '../../internal/element-states.js';
import { errorText } from '../../internal/error-text.js';
import { figureStyles } from '../../internal/figure-styles.js';
import { StoreController } from '../../internal/store-controller.js';
import { dataTableStyles } from '../../internal/table-styles.js';
import { chartTokenStyles } from '../../internal/tokens.js';
import type { Repository } from '../../storage/types.js';
import { campaignReportStyles } from './campaign-report.styles.js';
import type { CostsChangedDetail } from './events.js';
import { renderChart, renderTable, reportCsv, sortRows, type ReportContext, type ReportSort } from './report-view.js';
import { REPORT_COLUMNS, campaignReportStrings, type ReportColumn } from './strings.js';

export type { CostsChangedDetail };
export { REPORT_COLUMNS, type ReportColumn };

interface Loaded {
  leads: Lead[];
  deals: Deal[];
  costs: CampaignCost[];
}

/**
 * Return on marketing campaigns: leads, MQLs, SQLs, deals won, revenue (by attribution model), cost,
 * cost per lead and per deal won, ROI and the MQL -> SQL hand-off, as a sortable table, CSV and a chart.
 *
 * @tag campaign-report
 * @fires costs-changed - `{ campaigns }`: campaign costs were entered or imported (stored in the `campaigns` settings record, or in controlled use for the host to store).
 * @csspart report - The whole report.
 * @csspart title - The heading.
 * @csspart intro - What the report shows.
 * @csspart toolbar - The model choice, the import and the export.
 * @csspart model - The attribution model's select.
 * @csspart model-help - What the chosen model does.
 * @csspart import - The cost import's file input.
 * @csspart import-result - What the import read, and the lines it could not.
 * @csspart export - The Export CSV button.
 * @csspart table - The table.
 * @csspart sort - A column heading's sort button (carries `data-column`).
 * @csspart row - One campaign (carries `data-campaign`).
 * @csspart cost-input - The cost of a campaign, editable.
 * @csspart total - The totals row.
 * @csspart chart - The chart (a figure with its caption).
 * @csspart chart-empty - No campaign to chart yet.
 * @csspart empty - No leads or costs yet.
 * @csspart status - Loading, or a failure.
 * @csspart announcer - The polite live region (visually hidden).
 * @cssprop --l2c-campaign-report-revenue - Colour of revenue bars (default the chart-3 token).
 * @cssprop --l2c-campaign-report-cost - Colour of cost bars (default the chart-6 token).
 * @cssstate loading - The first read is under way.
 * @cssstate empty - Nothing to report yet.
 */
export class CampaignReport extends L2cElement {
  static override defaultTag = 'campaign-report';

  static override styles = [L2cElement.styles, chartTokenStyles, dataTableStyles, figureStyles, campaignReportStyles];

  static override messages = [campaignReportStrings];

  /** The attribution model: `first-touch` (default), `last-touch`, `linear`, `u-shaped`, `w-shaped` or `time-decay`. */
  @property({ reflect: true }) accessor model: AttributionModel = 'first-touch';

  /** Currency (ISO 4217) of revenue and cost; default the provider's, else the won deals', else USD. */
  @property() accessor currency: string | undefined;

  /** Leads to report on instead of the repository's (controlled, with `.deals` and `.costs`). */
  @property({ attribute: false }) accessor leads: Lead[] | undefined;

  /** Deals to report on instead of the repository's. */
  @property({ attribute: false }) accessor deals: Deal[] | undefined;

  /** Campaign costs instead of the `campaigns` settings record (controlled: edits only fire `costs-changed`). */
  @property({ attribute: false }) accessor costs: CampaignCost[] | undefined;

  /** Columns to show, comma-separated (default all: campaign, leads, mqls, sqls, mqlToSql, mqlToSqlDays, won, revenue, cost, costPerLead, costPerWon, roi). */
  @property() accessor columns: string | undefined;

  readonly #announcer = new Announcer(this);
  readonly #states = new ElementStates(ElementStates.internalsOf(this));
  readonly #store = new StoreController<Loaded>(this, {
    collections: ['leads', 'deals', 'settings'],
    load: async (repo) => {
      const [leads, deals, settings] = await Promise.all([repo.leads.list(), repo.deals.list({ where: { status: 'won' } }), repo.settings.get('campaigns')]);
      return { leads, deals, costs: costsOf(settings) };
    },
  });

  #sort: ReportSort = { column: 'revenue', ascending: false };
  #memo: { key: unknown[]; report: Report } | undefined;
  #import: { read: number; errors: string[] } | undefined;
  #failure = '';

  /** The repository, except in controlled use (`.leads` set), where the report reads and writes nothing. */
  override get repository(): Repository | undefined {
    return this.leads !== undefined ? undefined : super.repository;
  }

  /** The report as shown (core `campaignReport`), for a host that wants the figures. */
  get report(): Report {
    const leads = this.leads ?? this.#store.value?.leads ?? [];
    const deals = this.deals ?? this.#store.value?.deals ?? [];
    const costs = this.#costs();
    const model = (ATTRIBUTION_MODELS as readonly string[]).includes(this.model) ? this.model : 'first-touch';
    const key = [leads, deals, costs, model];
    if (!this.#memo || this.#memo.key.some((k, i) => k !== key[i])) this.#memo = { key, report: campaignReport(leads, deals, costs, { model }) };
    return this.#memo.report;
  }

  /** The report as CSV text (formula-safe), sorted as shown. */
  toCsv(): string {
    const s = this.localize.section(campaignReportStrings);
    const r = this.report;
    return reportCsv(sortRows(r.rows, this.#sort, s), r.total, this.#columns(), s);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const loading = this.#loading();
    this.#states.sync({ loading, empty: !loading && this.report.rows.length === 0 });
  }

  override render(): TemplateResult {
    const s = this.localize.section(campaignReportStrings);
    if (this.#store.error && this.leads === undefined) return html`<p part="status" class="error" role="alert">${errorText(this.localize, this.#store.error)}</p>`;
    if (this.#loading()) return html`<p part="status" class="muted">${this.localize.term('loading')}</p>`;
    const report = this.report;
    const model = report.model;
    const ctx = this.#context();
    return html`
      <section part="report" class="report" aria-labelledby="report-title">
        <h2 part="title" id="report-title">${s.title}</h2>
        <p part="intro" class="muted intro">${s.intro}</p>
        <div part="toolbar" class="toolbar">
          <div class="field">
            <label for="report-model">${s.model}</label>
            <select id="report-model" part="model" aria-describedby="report-model-help" @change=${this.#onModel}>
              ${ATTRIBUTION_MODELS.map((m) => html`<option value=${m} ?selected=${m === model}>${s.models[m]}</option>`)}
            </select>
            <p id="report-model-help" part="model-help" class="muted help">${s.modelHelp[model]}</p>
          </div>
          ${ctx.editable ? html`
            <div class="field">
              <label for="report-import">${s.importCosts}</label>
              <input id="report-import" part="import" type="file" accept=".csv,text/csv,text/plain" aria-describedby="report-import-help" @change=${this.#onImport}>
              <p id="report-import-help" class="muted help">${s.importHelp}</p>
            </div>` : nothing}
          <button type="button" class="btn" part="export" @click=${this.#export}>${s.exportCsv}</button>
        </div>
        ${this.#import ? html`<div part="import-result" class="import-result" role="status">
          <p>${s.imported(this.#import.read)}</p>
          ${this.#import.errors.length ? html`<p>${s.importProblems(this.#import.errors.length)}</p><ul>${this.#import.errors.map((e) => html`<li>${e}</li>`)}</ul>` : nothing}
        </div>` : nothing}
        ${this.#failure ? html`<p part="status" class="error" role="alert">${this.#failure}</p>` : nothing}
        ${report.rows.length === 0
          ? html`<p part="empty" class="muted">${s.empty}</p>`
          : html`${renderTable(report.rows, report.total, this.#columns(), s.models[model], ctx)}${renderChart(report.rows, ctx)}`}
        ${this.#announcer.render()}
      </section>`;
  }

  #context(): ReportContext {
    return {
      s: this.localize.section(campaignReportStrings),
      lang: this.localize.lang(),
      currency: this.#currency(),
      sort: this.#sort,
      editable: this.leads === undefined ? this.repository !== undefined : this.costs !== undefined,
      onSort: (column) => this.#sortBy(column),
      onCost: (campaign, cost) => void this.#setCost(campaign, cost),
    };
  }

  #loading(): boolean {
    return this.leads === undefined && this.repository !== undefined && this.#store.value === undefined && !this.#store.error;
  }

  #costs(): CampaignCost[] {
    return this.costs ?? this.#store.value?.costs ?? [];
  }

  #columns(): ReportColumn[] {
    const wanted = (this.columns ?? '').split(',').map((c) => c.trim()).filter((c): c is ReportColumn => (REPORT_COLUMNS as readonly string[]).includes(c));
    return wanted.length ? (wanted.includes('campaign') ? wanted : ['campaign', ...wanted]) : [...REPORT_COLUMNS];
  }

  #currency(): string {
    const deal = (this.deals ?? this.#store.value?.deals ?? []).find((d) => d.status === 'won' && typeof d.currency === 'string');
    return this.currency || this.provided?.currency || deal?.currency || 'USD';
  }

  #sortBy(column: ReportColumn): void {
    const s = this.localize.section(campaignReportStrings);
    // A new column starts with the largest first (the name column A to Z); the same column turns.
    this.#sort = this.#sort.column === column ? { column, ascending: !this.#sort.ascending } : { column, ascending: column === 'campaign' };
    this.#announcer.announce(s.sorted(s.columns[column], this.#sort.ascending));
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~="sort"][data-column="${column}"]`)?.focus());
  }

  async #saveCosts(costs: CampaignCost[], said: string): Promise<void> {
    const s = this.localize.section(campaignReportStrings);
    this.#failure = '';
    const repo = this.repository;
    if (repo && this.costs === undefined) {
      try {
        await repo.settings.put({ id: 'campaigns', campaigns: costs, updatedAt: new Date().toISOString() });
      } catch (error) {
        this.#failure = s.notSaved(errorText(this.localize, error));
        this.#announcer.announce(this.#failure);
        this.requestUpdate();
        return;
      }
    }
    this.emit('costs-changed', { campaigns: costs });
    this.#announcer.announce(said);
    this.requestUpdate();
  }

  async #setCost(campaign: string, cost: number | undefined): Promise<void> {
    const s = this.localize.section(campaignReportStrings);
    if (cost !== undefined && !(Number.isFinite(cost) && cost >= 0)) {
      this.#failure = s.notSaved(s.badCost);
      this.#announcer.announce(this.#failure);
      this.requestUpdate();
      return;
    }
    const rest = this.#costs().filter((c) => c.id !== campaign);
    const name = this.report.rows.find((r) => r.campaign === campaign)?.name;
    await this.#saveCosts(cost === undefined ? rest : [...rest, { id: campaign, cost, ...(name ? { name } : {}) }], s.costSaved(name ?? campaign));
  }

  readonly #onModel = (e: Event): void => {
    this.model = (e.target as HTMLSelectElement).value as AttributionModel;
  };

  readonly #onImport = async (e: Event): Promise<void> => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const s = this.localize.section(campaignReportStrings);
    const result = importCampaignCosts(await file.text());
    input.value = '';
    const errors = result.errors.map((err) => (err.code === 'missing-columns' ? s.noCampaignColumn
      : s.importLine(err.line, err.code === 'cost' ? s.badCost : this.localize.term('required'))));
    this.#import = { read: result.costs.length, errors };
    if (result.costs.length === 0) {
      this.#announcer.announce(errors[0] ?? s.imported(0));
      this.requestUpdate();
      return;
    }
    const replaced = new Set(result.costs.map((c) => c.id));
    const merged = [...this.#costs().filter((c) => !replaced.has(c.id)), ...result.costs];
    await this.#saveCosts(merged, s.imported(result.costs.length));
  };

  readonly #export = (): void => {
    const s = this.localize.section(campaignReportStrings);
    const blob = new Blob([`\uFEFF${this.toCsv()}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `campaigns-${this.report.model}.csv`;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.#announcer.announce(s.exported);
  };
}

function costsOf(settings: Settings | undefined): CampaignCost[] {
  const list = settings?.campaigns;
  return Array.isArray(list) ? (list as CampaignCost[]) : [];
}

declare global {
  interface HTMLElementTagNameMap {
    'campaign-report': CampaignReport;
  }
}
