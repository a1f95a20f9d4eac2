/**
 * Each lead's probability of converting and why (issue 14), where leads are listed: when the
 * `scoring` settings record holds a learned model, a list shows "72 % likely to convert" and, in
 * a disclosure, the top factors for and against (the model's `explain`). Text only through Lit
 * bindings. The model itself is read by `lead-model.ts`, loaded only when one is applied.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { LearnedScoring } from '../core/learn.js';
import { isRecord } from '../core/guards.js';
import type { Lead, Settings } from '../core/model.js';
import { formatPercent } from './format.js';
import { Strings } from './localize.js';

/** The messages of the probability and its reasons. */
export interface ProbabilityStrings {
  chance: (percent: string) => string;
  why: string;
  whyOf: (name: string) => string;
  raises: string;
  lowers: string;
  none: string;
}

const en: ProbabilityStrings = {
  chance: (percent) => `${percent} likely to convert`,
  why: 'Why',
  whyOf: (name) => `Why ${name} is scored so`,
  raises: 'Raises',
  lowers: 'Lowers',
  none: 'Nothing sets this lead apart from a typical one.',
};

/** Shared by `<lead-inbox>` and `<bant-qualifier>`; add a locale with `probabilityStrings.add('de', {...})`. */
export const probabilityStrings = new Strings<ProbabilityStrings>('lead-probability', { en, 'zh-CN': () => import('./lead-probability.zh-CN.js') });

/**
 * The learned model of a stored `scoring` settings record (undefined without one), loading the
 * learner's module only when the record holds a learned model.
 */
export async function loadScoringModel(record: Settings | undefined): Promise<LearnedScoring | undefined> {
  if (!(isRecord(record) && record.id === 'scoring' && isRecord(record.learned))) return undefined;
  const { learnedModelOf } = await import('./lead-model.js');
  return learnedModelOf(record);
}

/** What the probability needs to render. */
export interface ProbabilityContext {
  s: ProbabilityStrings;
  lang: string;
  /** The lead's name, for the disclosure's label. */
  name: string;
  /** The disclosure's tab stop (a roving list sets -1 on rows that are not active). */
  tabindex?: number;
}

/** The lead's probability and, on demand, its top factors for and against. */
export function renderProbability(lead: Lead, model: LearnedScoring | undefined, c: ProbabilityContext): TemplateResult | typeof nothing {
  if (!model) return nothing;
  const p = model.predict(lead);
  const factors = model.explain(lead);
  return html`
    <span part="probability" class="probability" data-probability=${p.toFixed(4)}>${c.s.chance(formatPercent(p, c.lang, 0))}</span>
    <details part="why" class="why">
      <summary tabindex=${c.tabindex ?? 0} aria-label=${c.s.whyOf(c.name)}>${c.s.why}</summary>
      ${factors.length === 0 ? html`<p class="why-none">${c.s.none}</p>` : html`<ul class="why-list">${factors.map((f) => html`
        <li part="why-factor" data-direction=${f.weight > 0 ? 'for' : 'against'}><span class="why-kind">${f.weight > 0 ? c.s.raises : c.s.lowers}:</span> ${f.factor}</li>`)}</ul>`}
    </details>`;
}

/** The look of the probability and its disclosure. */
export const probabilityStyles = css`
  .probability {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .why {
    display: inline-block;
    vertical-align: top;
    margin-inline-start: var(--_l2c-space-2);
  }
  .why summary {
    cursor: pointer;
    color: var(--_l2c-color-primary);
  }
  .why summary:focus-visible {
    outline: var(--_l2c-focus-ring);
  }
  .why-list,
  .why-none {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-4);
    font-size: 0.92em;
  }
  .why-kind {
    color: var(--_l2c-text-muted);
  }
`;
