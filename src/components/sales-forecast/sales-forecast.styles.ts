/** Styles of `<sales-forecast>`; global tokens through `--_l2c-*`, its own through `--l2c-sales-forecast-*`. */
import { css } from 'lit';

export const salesForecastStyles = css`
  :host {
    --_height: var(--l2c-sales-forecast-height, 300px);
    --_line: var(--l2c-sales-forecast-line, var(--_l2c-chart-1));
    --_band: var(--l2c-sales-forecast-band, var(--_l2c-chart-5));
  }
  .forecast {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-4);
  }
  h2,
  h3 {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  p {
    margin: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_l2c-space-3) var(--_l2c-space-5);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
  }
  label,
  legend {
    font-weight: 600;
  }
  .period {
    display: flex;
    gap: var(--_l2c-space-3);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .period legend {
    float: inline-start;
    margin-inline-end: var(--_l2c-space-2);
    padding: 0;
  }
  .period label {
    display: inline-flex;
    align-items: center;
    gap: var(--_l2c-space-1);
    font-weight: normal;
  }
  .period input:focus-visible,
  summary:focus-visible {
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    gap: var(--_l2c-space-2);
    margin-inline-start: auto;
  }
  .summary {
    font-size: 1.05em;
    font-weight: 600;
  }
  .chart {
    margin: 0;
  }
  .chart figcaption {
    color: var(--_l2c-text-muted);
    font-size: 0.9em;
  }
  .canvas-box {
    position: relative;
    block-size: var(--_height);
  }
  .legend {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
    font-size: 0.88em;
  }
  .key {
    display: inline-block;
    inline-size: 18px;
    block-size: 10px;
    margin-inline-start: var(--_l2c-space-2);
  }
  .key.line {
    block-size: 3px;
    background: var(--_line);
  }
  .key.band {
    background: var(--_band);
    opacity: 0.35;
  }
  .strong,
  [part~='own'] th {
    font-weight: 700;
  }
  section[part='accuracy'],
  details {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-2);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  .muted {
    color: var(--_l2c-text-muted);
  }
  .error {
    color: var(--_l2c-color-danger);
  }
`;
