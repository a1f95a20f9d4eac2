/**
 * The data tables of the report elements (`<campaign-report>`, `<sales-forecast>`): a scrollable,
 * focusable region around a full-width table with a muted caption, tabular figures and `.num`
 * cells aligned to the end.
 */
import { css } from 'lit';

export const dataTableStyles = css`
  .table-wrap {
    overflow-x: auto;
  }
  .table-wrap:focus-visible {
    outline: var(--_l2c-focus-ring);
  }
  table {
    inline-size: 100%;
    border-collapse: collapse !important;
    font-variant-numeric: tabular-nums;
  }
  caption {
    padding-block-end: var(--_l2c-space-2);
    color: var(--_l2c-text-muted);
    text-align: start;
    font-size: 0.9em;
  }
  th,
  td {
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border-block-end: 1px solid var(--_l2c-border);
    text-align: start;
    white-space: nowrap;
  }
  .num {
    text-align: end;
  }
`;
