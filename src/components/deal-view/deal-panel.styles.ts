/**
 * Styles of the deal panel (deal-panel.ts) wherever it shows: in `<deal-view>` and in the board's
 * drawer. Adopted with the panel when it arrives. Component tokens of `<deal-view>` with fallbacks,
 * so they apply in the drawer too.
 */
import { css } from 'lit';

export const dealPanelStyles = css`
  .deal {
    --_section-gap: var(--l2c-deal-view-section-gap, var(--_l2c-space-5));
    --_accent: var(--l2c-deal-view-accent, var(--_l2c-color-primary));
    display: flex;
    flex-direction: column;
    gap: var(--_section-gap);
  }
  .deal h2 {
    margin: 0;
    font-size: 1.25em;
    overflow-wrap: anywhere;
  }
  .deal h3 {
    margin: 0 0 var(--_l2c-space-3);
    font-size: 1.05em;
  }
  .deal h4 {
    margin: var(--_l2c-space-4) 0 var(--_l2c-space-2);
    font-size: 1em;
  }
  .deal .deal-meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2) var(--_l2c-space-3);
    margin: var(--_l2c-space-2) 0 0;
    color: var(--_l2c-text-muted);
  }
  .deal .status {
    padding: 0 var(--_l2c-space-2);
    border: 1px solid currentColor;
    border-radius: var(--_l2c-radius);
    color: var(--_accent);
    font-weight: 600;
  }
  .deal .status.won {
    color: var(--_l2c-color-success);
  }
  .deal .status.lost {
    color: var(--_l2c-color-danger);
  }
  .deal .section,
  .deal .details {
    padding-block-start: var(--_l2c-space-4);
    border-block-start: 1px solid var(--_l2c-border);
  }
  .deal .field {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    margin-block-end: var(--_l2c-space-3);
  }
  .deal .label-row {
    display: flex;
    gap: var(--_l2c-space-1);
    font-weight: 600;
  }
  .deal .field .error {
    margin: 0;
    font-size: 0.9em;
  }
  .deal .required-mark {
    color: var(--_l2c-color-danger);
  }
  .deal .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9em, 1fr));
    gap: 0 var(--_l2c-space-3);
  }
  .deal .summary {
    margin: 0 0 var(--_l2c-space-3);
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-color-danger);
    border-radius: var(--_l2c-radius);
  }
  .deal .summary p,
  .deal .summary ul {
    margin: 0;
  }
  .deal .summary ul {
    padding-inline-start: var(--_l2c-space-5);
  }
  .deal .buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_l2c-space-2);
  }
  .deal .types {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-1) var(--_l2c-space-3);
    margin: 0 0 var(--_l2c-space-3);
    padding: 0;
    border: 0;
  }
  .deal .types legend {
    margin-block-end: var(--_l2c-space-1);
    padding: 0;
    font-weight: 600;
  }
  .deal .choice,
  .deal .check {
    display: inline-flex;
    align-items: center;
    gap: var(--_l2c-space-2);
  }
  .deal .activity-list,
  .deal .notes,
  .deal .history {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .deal .act,
  .deal .notes li {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: var(--_l2c-space-2) 0;
    border-block-end: 1px solid var(--_l2c-surface-alt);
  }
  .deal .act .subject {
    font-weight: 600;
  }
  .deal .act.done .subject {
    text-decoration: line-through;
    color: var(--_l2c-text-muted);
  }
  .deal .act .overdue {
    color: var(--_l2c-color-danger);
  }
  .deal .note-text {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .deal .history li {
    padding: var(--_l2c-space-1) 0;
  }
  .deal .conflict {
    padding: var(--_l2c-space-3);
    border: 2px solid var(--_l2c-color-warning);
    border-radius: var(--_l2c-radius);
  }
  .deal .conflict table {
    inline-size: 100%;
    margin-block: var(--_l2c-space-2);
    border-collapse: collapse;
  }
  .deal .conflict th,
  .deal .conflict td {
    padding: var(--_l2c-space-1) var(--_l2c-space-2);
    border-block-end: 1px solid var(--_l2c-border);
    text-align: start;
    overflow-wrap: anywhere;
  }
  .deal textarea {
    resize: vertical;
  }
`;
