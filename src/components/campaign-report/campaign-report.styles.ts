/** Styles of `<campaign-report>`; component tokens read through private `--_x` variables. */
import { css } from 'lit';

export const campaignReportStyles = css`
  :host {
    --_revenue: var(--l2c-campaign-report-revenue, var(--_l2c-chart-3));
    --_cost: var(--l2c-campaign-report-cost, var(--_l2c-chart-6));
  }
  .report {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-4);
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  .intro,
  .help,
  .import-result p {
    margin: 0;
  }
  .help {
    font-size: 0.88em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: var(--_l2c-space-3) var(--_l2c-space-5);
  }
  .toolbar .btn {
    align-self: flex-end;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    max-inline-size: 22em;
  }
  label {
    font-weight: 600;
  }
  .import-result ul {
    margin: var(--_l2c-space-1) 0 0;
  }
  thead th {
    padding: 0;
    vertical-align: bottom;
  }
  thead button {
    display: inline-flex;
    gap: var(--_l2c-space-1);
    inline-size: 100%;
    justify-content: inherit;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    white-space: normal;
    /* Chinese headings break between words (at spaces) rather than after any character. */
    word-break: keep-all;
    cursor: pointer;
  }
  thead th.num button {
    justify-content: flex-end;
    text-align: end;
  }
  thead th[aria-sort='ascending'],
  thead th[aria-sort='descending'] {
    background: var(--_l2c-surface-alt);
  }
  tbody th {
    font-weight: 600;
    white-space: normal;
  }
  tfoot th,
  tfoot td {
    font-weight: 600;
    border-block-start: 2px solid var(--_l2c-border);
  }
  input.cost-field {
    inline-size: 8em;
    min-height: 32px;
    padding: var(--_l2c-space-1) var(--_l2c-space-2);
    text-align: end;
  }
  .revenue {
    fill: var(--_revenue);
  }
  .cost {
    fill: var(--_cost);
  }
  svg text {
    fill: var(--_l2c-text);
    font-size: 12px;
  }
  svg .value,
  svg .legend {
    fill: var(--_l2c-text-muted);
  }
`;
