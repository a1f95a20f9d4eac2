/**
 * How `<scoring-studio>` shows a trained model: its quality on the held-out leads (AUC, top-decile
 * lift), a lift chart by decile (SVG bars, with the same figures in a table), the suggested MQL
 * threshold, the strongest factors for and against, and the current rules on the same leads.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { ScoringComparison, ModelFactor } from '../../core/learn-history.js';
import type { LearnedMetrics, LearnedScoring, LearnedThreshold } from '../../core/learn.js';
import { formatNumber, formatPercent } from '../../internal/format.js';
import type { ScoringStudioStrings } from './strings.js';

/** What the view needs. */
export interface StudioResult {
  metrics: LearnedMetrics;
  threshold: LearnedThreshold;
  comparison: ScoringComparison;
  factors: { for: ModelFactor[]; against: ModelFactor[] };
}

/** A trained model and what the studio shows of it. */
export interface Trained extends StudioResult {
  learned: LearnedScoring;
  /** When it was trained (ISO). */
  at: string;
}

const WIDTH = 520;
const HEIGHT = 200;
const AXIS = 28;

/** A figure with exactly `digits` decimals (an AUC of 0.60 stays 0.60 beside 0.83). */
export function figure(value: number | null, lang: string, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function renderLift(metrics: LearnedMetrics, s: ScoringStudioStrings, lang: string): TemplateResult {
  const deciles = metrics.lift.deciles;
  const max = Math.max(1, ...deciles.map((d) => d.lift));
  const slot = (WIDTH - AXIS) / Math.max(1, deciles.length);
  const y = (lift: number) => HEIGHT - AXIS - (lift / max) * (HEIGHT - AXIS - 16);
  return html`
    <figure part="lift-chart" class="chart lift">
      <figcaption id="lift-caption">${s.liftTitle} <span class="muted">${s.liftSummary(figure(metrics.lift.top, lang, 1))}</span></figcaption>
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="lift-caption" preserveAspectRatio="xMinYMin meet">
        <line x1=${AXIS} x2=${WIDTH} y1=${y(1)} y2=${y(1)} class="base"></line>
        <text x=${AXIS - 4} y=${y(1) + 4} text-anchor="end" class="axis">1×</text>
        ${deciles.map((d, i) => {
          const x = AXIS + i * slot + 4;
          return svg`
            <rect x=${x} y=${y(d.lift)} width=${slot - 8} height=${Math.max(0, HEIGHT - AXIS - y(d.lift))} class=${d.lift >= 1 ? 'bar up' : 'bar'}></rect>
            <text x=${x + (slot - 8) / 2} y=${y(d.lift) - 4} text-anchor="middle" class="value">${figure(d.lift, lang, 1)}</text>
            <text x=${x + (slot - 8) / 2} y=${HEIGHT - AXIS + 16} text-anchor="middle" class="axis">${d.decile}</text>`;
        })}
      </svg>
    </figure>
    <details part="lift-details" class="lift-details">
      <summary>${s.liftTable}</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="lift-table-caption">
        <table part="lift-table">
          <caption id="lift-table-caption">${s.liftTable}</caption>
          <thead><tr>${[s.decile, s.leads, s.conversions, s.rate, s.lift, s.captured].map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
          <tbody>${deciles.map((d) => html`<tr>
            <th scope="row">${d.decile}</th><td>${formatNumber(d.n, lang)}</td><td>${formatNumber(d.conversions, lang)}</td>
            <td>${formatPercent(d.rate, lang)}</td><td>${formatNumber(d.lift, lang, 2)}</td><td>${formatPercent(d.cumulativeCapture, lang)}</td>
          </tr>`)}</tbody>
        </table>
      </div>
    </details>`;
}

function renderFactors(list: readonly ModelFactor[], title: string, kind: 'for' | 'against', s: ScoringStudioStrings, lang: string): TemplateResult {
  return html`
    <section part="factors factors-${kind}" class="factors ${kind}" aria-labelledby="factors-${kind}">
      <h4 id="factors-${kind}">${title}</h4>
      ${list.length === 0 ? html`<p class="muted">${s.noFactors}</p>` : html`<ul>${list.map((f) => html`
        <li part="factor" data-feature=${f.feature}><span class="factor-text">${f.factor}</span>
          <span class="weight">${kind === 'for' ? '+' : '−'}${formatNumber(Math.abs(f.weight), lang, 2)}</span></li>`)}</ul>`}
    </section>`;
}

function renderCompare(c: ScoringComparison, s: ScoringStudioStrings, lang: string): TemplateResult {
  const diff = c.rulesAuc === null ? null : c.learnedAuc - c.rulesAuc;
  return html`
    <section part="compare" class="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">${s.compare}</h3>
      <p class="muted">${s.compareHelp(c.n)}</p>
      <dl class="figures">
        <div part="learned-auc"><dt>${s.learnedModel}</dt><dd>${figure(c.learnedAuc, lang)}</dd></div>
        <div part="rules-auc"><dt>${s.currentRules}</dt><dd>${c.rulesAuc === null ? s.noRules : figure(c.rulesAuc, lang)}</dd></div>
      </dl>
      ${diff === null ? nothing : html`<p part="verdict">${diff >= 0 ? s.better(figure(diff, lang)) : s.worse(figure(-diff, lang))}</p>`}
    </section>`;
}

/** The whole result: quality, lift, threshold, factors and the comparison. */
export function renderResult(r: StudioResult, s: ScoringStudioStrings, lang: string): TemplateResult {
  const { metrics, threshold } = r;
  return html`
    <section part="quality" class="quality" aria-labelledby="quality-title">
      <h3 id="quality-title" tabindex="-1">${s.quality}</h3>
      <dl class="figures">
        <div part="auc"><dt>${s.auc}</dt><dd>${figure(metrics.auc, lang)}</dd><dd class="muted help">${s.aucHelp}</dd></div>
        <div part="top-lift"><dt>${s.topLift}</dt><dd>${figure(metrics.lift.top, lang, 1)}×</dd><dd class="muted help">${s.topLiftHelp(figure(metrics.lift.top, lang, 1))}</dd></div>
      </dl>
      <p class="muted">${s.heldOut(metrics.n, metrics.nTrain)}</p>
      ${renderLift(metrics, s, lang)}
    </section>
    <section part="threshold" class="threshold" aria-labelledby="threshold-title">
      <h3 id="threshold-title">${s.threshold}</h3>
      <p>${s.thresholdText(formatPercent(threshold.score, lang, 0), formatPercent(threshold.precision, lang, 0), formatPercent(threshold.recall, lang, 0), formatPercent(threshold.share, lang, 0))}</p>
    </section>
    <div class="factor-lists">
      ${renderFactors(r.factors.for, s.factorsFor, 'for', s, lang)}
      ${renderFactors(r.factors.against, s.factorsAgainst, 'against', s, lang)}
    </div>
    ${renderCompare(r.comparison, s, lang)}`;
}
