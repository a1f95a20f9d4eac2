/**
 * Styles of `<funnel-chart>`; global tokens only through `--_l2c-*`, its own through `--l2c-funnel-chart-*`.
 * The planner (with `planner`) is styled in funnel-planner.ts.
 */
import { css } from 'lit';

export const funnelChartStyles = css`
  :host {
    --_height: var(--l2c-funnel-chart-height, 360px);
    --_selected: var(--l2c-funnel-chart-selected-outline, 2px dashed var(--_l2c-color-primary));
  }

  [part='base'] {
    display: grid;
    gap: var(--_l2c-space-3);
  }

  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_l2c-space-2);
  }

  [part='legend'] {
    margin: 0;
    font-size: 0.875em;
  }

  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2);
    margin-inline-start: auto;
  }

  [part='toolbar'] .btn {
    min-height: 32px;
    padding: var(--_l2c-space-1) var(--_l2c-space-3);
  }

  .btn[aria-pressed='true'] {
    background: var(--_l2c-surface-alt);
    border-color: var(--_l2c-color-primary);
  }

  [part='messages'] {
    margin: 0;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border-inline-start: 3px solid var(--_l2c-color-warning);
    background: var(--_l2c-surface-alt);
    border-radius: var(--_l2c-radius);
  }

  [part='messages'] p {
    margin: 0;
  }

  [part='messages'] ul {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-5);
  }

  [part='chart'] {
    position: relative;
    height: var(--_height);
    min-height: 160px;
  }

  [part='chart'][hidden] {
    display: none;
  }

  [part='canvas'] {
    display: block;
    width: 100%;
    height: 100%;
  }

  [part='segments'] {
    position: absolute;
    inset: 0;
    margin: 0;
    padding: 0;
    list-style: none;
    pointer-events: none;
  }

  [part~='segment'] {
    position: absolute;
    margin: 0;
    padding: 0;
    border: 0;
    border-radius: var(--_l2c-radius);
    background: transparent;
    color: inherit;
    cursor: pointer;
    pointer-events: auto;
  }

  [part~='segment']:hover {
    outline: 1px solid var(--_l2c-border);
  }

  [part~='segment'][aria-pressed='true'] {
    outline: var(--_selected);
  }

  [part~='segment']:focus-visible {
    outline: var(--_l2c-focus-ring);
    outline-offset: 0;
  }

  .table:not(.visually-hidden) {
    overflow-x: auto;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: var(--_l2c-space-2);
  }

  th,
  td {
    padding: var(--_l2c-space-1) var(--_l2c-space-2);
    border-block-end: 1px solid var(--_l2c-border);
    text-align: end;
  }

  td {
    white-space: nowrap;
  }

  th:first-child,
  td:first-child {
    text-align: start;
    white-space: normal;
  }

  thead th {
    color: var(--_l2c-text-muted);
    font-weight: 600;
  }
`;
