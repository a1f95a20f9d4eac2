/** Styles of `<scoring-studio>`; component tokens read through private `--_x` variables. */
import { css } from 'lit';

export const scoringStudioStyles = css`
  :host {
    --_bar: var(--l2c-scoring-studio-bar, var(--_l2c-chart-1));
    --_bar-low: var(--l2c-scoring-studio-bar-low, var(--_l2c-chart-6));
    --_for: var(--l2c-scoring-studio-for, var(--_l2c-color-primary));
    --_against: var(--l2c-scoring-studio-against, var(--_l2c-color-danger));
    --_figure-max: 620px;
  }
  .studio,
  .quality,
  .compare,
  .threshold {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-3);
  }
  .studio {
    gap: var(--_l2c-space-4);
  }
  h2,
  h3,
  h4,
  p {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  h4 {
    font-size: 1em;
  }
  .help {
    font-size: 0.88em;
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2) var(--_l2c-space-4);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .counts li:first-child {
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_l2c-space-3);
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-3) var(--_l2c-space-5);
    margin: 0;
  }
  .figures > div {
    max-inline-size: 18em;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    font-size: 1.6em;
    font-variant-numeric: tabular-nums;
  }
  svg .bar {
    fill: var(--_bar-low);
  }
  svg .bar.up {
    fill: var(--_bar);
  }
  svg .base {
    stroke: var(--_l2c-text-muted);
    stroke-dasharray: 4 3;
  }
  svg text {
    fill: var(--_l2c-text);
    font-size: 12px;
  }
  svg .axis {
    fill: var(--_l2c-text-muted);
  }
  summary {
    cursor: pointer;
  }
  summary:focus-visible,
  .table-wrap:focus-visible {
    outline: var(--_l2c-focus-ring);
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    color: var(--_l2c-text-muted);
  }
  th,
  td {
    padding: var(--_l2c-space-1) var(--_l2c-space-3);
    border-block-end: 1px solid var(--_l2c-border);
    text-align: end;
  }
  thead th {
    text-align: start;
  }
  .factor-lists {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-4) var(--_l2c-space-5);
  }
  .factors {
    flex: 1 1 16em;
  }
  .factors ul {
    margin: var(--_l2c-space-2) 0 0;
    padding: 0;
    list-style: none;
  }
  .factors li {
    display: flex;
    justify-content: space-between;
    gap: var(--_l2c-space-3);
    padding: var(--_l2c-space-1) 0;
    border-block-end: 1px solid var(--_l2c-border);
  }
  .factors.for .weight {
    color: var(--_for);
  }
  .factors.against .weight {
    color: var(--_against);
  }
  .weight {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .problem {
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border-inline-start: 4px solid var(--_l2c-color-warning);
    background: var(--_l2c-surface-alt);
  }
  progress {
    inline-size: 12em;
  }
`;
