/** Styles of `<lead-inbox>`; component tokens read through private `--_x` variables. */
import { css } from 'lit';

export const leadInboxStyles = css`
  :host {
    --_overdue: var(--l2c-lead-inbox-overdue, var(--_l2c-color-danger));
    --_gap: var(--l2c-lead-inbox-gap, var(--_l2c-space-2));
    --_max-height: var(--l2c-lead-inbox-max-height, none);
  }
  .inbox {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-3);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_l2c-space-2) var(--_l2c-space-4);
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  .summary,
  .hint,
  .empty,
  .meta,
  .reason {
    margin: 0;
  }
  .summary {
    color: var(--_l2c-text-muted);
  }
  .hint {
    font-size: 0.9em;
  }
  .list {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    max-block-size: var(--_max-height);
    overflow: auto;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .lead {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_l2c-space-3);
    padding: var(--_l2c-space-3) var(--_l2c-space-4);
    border: 1px solid var(--_l2c-border);
    border-inline-start-width: 4px;
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
  }
  .lead:focus-visible {
    outline: var(--_l2c-focus-ring);
    outline-offset: 1px;
  }
  .lead.overdue {
    border-inline-start-color: var(--_overdue);
  }
  .main {
    display: flex;
    flex: 1 1 20em;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    min-inline-size: 0;
  }
  .title-row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_l2c-space-1) var(--_l2c-space-3);
  }
  .name {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_l2c-color-primary);
    font: inherit;
    font-weight: 600;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 2px;
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .company {
    color: var(--_l2c-text-muted);
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_l2c-space-3);
    color: var(--_l2c-text-muted);
    font-size: 0.92em;
  }
  .reason {
    font-size: 0.92em;
    overflow-wrap: anywhere;
  }
  .badge {
    padding: 0 var(--_l2c-space-2);
    border: 1px solid currentColor;
    border-radius: var(--_l2c-radius);
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
  }
  .badge.sla {
    color: var(--_overdue);
  }
  .badge.pending {
    color: var(--_l2c-color-warning);
  }
  .badge.reentry {
    color: var(--_l2c-color-primary);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2);
  }
  .unsent {
    margin: 0;
    color: var(--_l2c-color-warning);
  }
  .more {
    align-self: flex-start;
  }
  dialog .help {
    margin: 0;
    font-size: 0.9em;
  }
`;
