/**
 * The lazily loaded revenue plan of `<funnel-chart>` (attribute `planner`): how many are needed at
 * each stage for a revenue target, and the what-if on one step's conversion. A funnel without
 * `planner` never loads it; with `planner` the element loads it at its first update
 * (`updateComplete` waits for it).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { planFromFunnel, ratesFromFunnel, reversePlan, whatIf, type FunnelStep, type Plan, type RateStep } from '../../core/funnel.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { FunnelChart } from './funnel-chart.js';
import { funnelChartStyles } from './funnel-chart.styles.js';
import { measuredAverage, type FunnelData, type FunnelFormat } from './funnel-data.js';
import { funnelPlannerStrings, type FunnelPlannerStrings } from './planner-strings.js';
import { adoptAfter } from '../../internal/adopt-styles.js';

export { funnelPlannerStrings };

/** Styles of the planner and the what-if. */
export const plannerStyles = css`
  [part='planner'] {
    display: grid;
    gap: var(--_l2c-space-3);
  }

  [part='planner'] h3 {
    margin: 0;
    font-size: 1.1em;
  }

  [part='planner'] p {
    margin: 0;
  }

  .inputs {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_l2c-space-3);
  }

  label {
    display: grid;
    gap: var(--_l2c-space-1);
    font-size: 0.875em;
  }

  .inputs label {
    flex: 1 1 12em;
    max-width: 20em;
  }

  .inputs label.step {
    flex: 2 1 18em;
    max-width: 30em;
  }

  [part='what-if'] {
    display: grid;
    gap: var(--_l2c-space-3);
    margin: 0;
    padding: var(--_l2c-space-3);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
  }

  [part='what-if'] legend {
    padding: 0 var(--_l2c-space-1);
    font-weight: 600;
  }

  .inputs input.rate {
    flex: 0 0 6.5em;
    width: 6.5em;
  }

  input[type='range'] {
    width: 100%;
    accent-color: var(--_l2c-color-primary);
  }

  [part='what-if-result'] {
    display: block;
    font-weight: 600;
  }
`;

function positive(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

function numberFrom(event: Event): number | undefined {
  const input = event.target as HTMLInputElement;
  const n = input.value === '' ? Number.NaN : Number(input.value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The plan and the what-if of one funnel chart. Created by the chart once this module has loaded.
 * @internal
 */
export class FunnelPlanner {
  private whatIfStep: string | undefined;
  private whatIfRate: number | undefined;

  constructor(private readonly el: FunnelChart, private readonly localize: LocalizeController) {
    if (el.renderRoot instanceof ShadowRoot) adoptAfter(el.renderRoot, plannerStyles, funnelChartStyles);
  }

  private get s(): FunnelPlannerStrings {
    return this.localize.section(funnelPlannerStrings);
  }

  private setWhatIf(step: string | undefined, rate: number | undefined): void {
    this.whatIfStep = step;
    this.whatIfRate = rate;
    this.el.requestUpdate();
  }

  /** The planner section for the current figures. */
  render(data: FunnelData, fmt: FunnelFormat, stageHeader: string): TemplateResult {
    const s = this.s;
    const el = this.el;
    const steps = data.steps;
    const given = positive(el.averageDealValue);
    const measuredAvg = measuredAverage(steps);
    const average = given ?? measuredAvg;
    const target = positive(el.target);
    const rates = ratesFromFunnel(steps);
    const plan = target !== null && average !== null && steps.length ? planFromFunnel(steps, target, average) : null;
    const label = (id: string) => data.stages.find((st) => st.id === id)?.label ?? id;
    return html`<section part="planner" aria-labelledby="planner-title">
      <h3 id="planner-title">${s.plannerTitle}</h3>
      <div class="inputs">
        <label>${s.target} (${fmt.currency})
          <input type="number" name="target" min="0" step="any" .value=${target === null ? '' : String(target)}
            @input=${(e: Event) => { el.target = numberFrom(e); }}>
        </label>
        <label>${s.averageDealValue} (${fmt.currency})
          <input type="number" name="average-deal-value" min="0" step="any" .value=${given === null ? '' : String(given)}
            placeholder=${measuredAvg === null ? '' : String(Math.round(measuredAvg * 100) / 100)}
            @input=${(e: Event) => { el.averageDealValue = numberFrom(e); }}>
        </label>
      </div>
      ${this.renderPlan(plan, target, average, given === null, rates, data, fmt, label, stageHeader)}
      ${average !== null && rates.length ? this.renderWhatIf(steps, rates, target, average, plan, fmt, label) : nothing}
    </section>`;
  }

  private renderPlan(
    plan: Plan | null, target: number | null, average: number | null, measured: boolean, rates: RateStep[],
    data: FunnelData, fmt: FunnelFormat, label: (id: string) => string, stageHeader: string,
  ): TemplateResult {
    const s = this.s;
    if (target === null) return html`<p class="muted">${s.noTarget}</p>`;
    if (average === null || !plan) return html`<p class="warning">${s.noAverage}</p>`;
    const blocked = [...plan.steps].reverse().find((p, i) => p.needed === null && plan.steps.length - 1 - i < rates.length);
    return html`
      ${plan.wins === null ? nothing : html`<p part="plan-summary">${s.planSummary({
        target: fmt.money(target), average: fmt.money(average), wins: plan.wins, winsText: fmt.count(plan.wins), measured,
      })}</p>`}
      <table part="plan-table">
        <caption class="visually-hidden">${s.planCaption}</caption>
        <thead><tr><th scope="col">${stageHeader}</th><th scope="col">${s.now}</th><th scope="col">${s.rateToNext}</th><th scope="col">${s.needed}</th></tr></thead>
        <tbody>${plan.steps.map((p, i) => html`<tr data-stage-id=${p.id}>
          <th scope="row">${label(p.id)}</th>
          <td>${fmt.count(data.steps[i]?.count ?? null)}</td>
          <td>${fmt.percent(rates[i]?.rate ?? null)}</td>
          <td>${fmt.count(p.needed)}</td>
        </tr>`)}</tbody>
      </table>
      ${blocked ? html`<p class="warning">${s.infeasible(label(blocked.id))}</p>` : nothing}`;
  }

  private renderWhatIf(
    steps: FunnelStep[], rates: RateStep[], target: number | null, average: number, plan: Plan | null,
    fmt: FunnelFormat, label: (id: string) => string,
  ): TemplateResult {
    const s = this.s;
    const stepId = rates.some((r) => r.id === this.whatIfStep) ? this.whatIfStep! : rates[0]!.id;
    const index = rates.findIndex((r) => r.id === stepId);
    const measuredRate = rates[index]?.rate ?? 0;
    const rate = this.whatIfRate ?? measuredRate;
    const top = steps[0]?.count ?? 0;
    const result = whatIf({ top, averageDealValue: average, steps: rates }, { stepId, rate });
    const changed = target === null ? null : reversePlan({
      target, averageDealValue: average, steps: rates.map((r) => (r.id === stepId ? { id: r.id, rate } : r)),
    });
    const percent = Math.round(rate * 1000) / 10;
    const max = Math.max(100, Math.ceil(measuredRate * 100), Math.ceil(percent));
    const topId = steps[0]?.id ?? '';
    const setRate = (e: Event) => {
      const n = numberFrom(e);
      if (n !== undefined && n >= 0) this.setWhatIf(this.whatIfStep, n / 100);
    };
    return html`<fieldset part="what-if">
      <legend>${s.whatIfTitle}</legend>
      <div class="inputs">
        <label class="step">${s.whatIfStage}
          <select name="what-if-step" @change=${(e: Event) => this.setWhatIf((e.target as HTMLSelectElement).value, undefined)}>
            ${rates.map((r, i) => html`<option value=${r.id} ?selected=${r.id === stepId}>${s.stepName(label(r.id), label(steps[i + 1]?.id ?? ''))}</option>`)}
          </select>
        </label>
        <label>${s.whatIfRate}
          <input type="range" name="what-if-range" min="0" max=${max} step="0.1" .value=${String(percent)} @input=${setRate}>
        </label>
        <input type="number" name="what-if-rate" class="rate" aria-label=${s.whatIfRate} min="0" max=${max} step="0.1"
          .value=${String(percent)} @input=${setRate}>
        <button type="button" class="btn" ?disabled=${this.whatIfRate === undefined}
          @click=${() => this.setWhatIf(this.whatIfStep, undefined)}>${s.reset}</button>
      </div>
      <output part="what-if-result" aria-live="polite">${s.whatIfResult({
        top: fmt.count(top),
        before: fmt.money(result.baselineRevenue),
        after: fmt.money(result.revenue),
        delta: fmt.signed(result.delta, 'value'),
        deltaRate: fmt.signedPercent(result.deltaRate),
      })}${changed && plan ? ` ${s.whatIfNeed(label(topId), fmt.count(plan.steps[0]?.needed ?? null), fmt.count(changed.steps[0]?.needed ?? null))}` : ''}</output>
    </fieldset>`;
  }
}
