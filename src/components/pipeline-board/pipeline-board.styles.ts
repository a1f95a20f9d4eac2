/**
 * Styles of `<pipeline-board>`: global tokens through `--_l2c-*`, component tokens through `--_*`.
 * What the lazily loaded part renders (filter bar, ghost, drop zones, menu, dialogs) is styled in
 * action-styles.ts. No containment on the host: it would make `position: fixed` inside it relative
 * to the board (what is fixed here lives in the top layer anyway).
 */
import { css } from 'lit';

export const boardStyles = css`
  :host {
    --_column-width: var(--l2c-pipeline-board-column-width, 272px);
    --_height: var(--l2c-pipeline-board-height, 640px);
    --_card-gap: var(--l2c-pipeline-board-card-gap, var(--_l2c-space-2));
    --_column-background: var(--l2c-pipeline-board-column-background, var(--_l2c-surface-alt));
    --_rotting-color: var(--l2c-pipeline-board-rotting-color, var(--_l2c-color-danger));
    --_won-color: var(--l2c-pipeline-board-won-color, var(--_l2c-color-success));
    --_lost-color: var(--l2c-pipeline-board-lost-color, var(--_l2c-color-danger));
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-3);
    block-size: var(--_height);
    min-block-size: 240px;
  }
  :host([data-narrow]) {
    --_column-width: var(--l2c-pipeline-board-column-width, 85%);
  }

  /* Where the filter bar goes once it has loaded: the same height, so nothing moves. */
  .toolbar.pending {
    min-block-size: 62px;
  }
  :host([data-narrow]) .toolbar.pending {
    min-block-size: 38px;
  }

  .notice,
  .problems {
    display: flex;
    align-items: flex-start;
    gap: var(--_l2c-space-3);
    margin: 0;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid currentColor;
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
  }
  .notice p,
  .problems p {
    margin: 0;
    flex: 1;
  }
  .problems ul {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-5);
  }

  .board {
    flex: 1;
    min-block-size: 0;
    display: flex;
    gap: var(--_l2c-space-3);
    overflow-x: auto;
    overflow-y: hidden;
    padding-block-end: var(--_l2c-space-2);
    overscroll-behavior-x: contain;
    contain: layout;
  }
  :host([data-narrow]) .board {
    scroll-snap-type: x mandatory;
  }
  :host([data-narrow]) .column {
    scroll-snap-align: start;
  }

  .column {
    flex: 0 0 var(--_column-width);
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    background: var(--_column-background);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
  }
  .column-header {
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border-block-end: 1px solid var(--_l2c-border);
  }
  .column-head {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
  }
  .column-title {
    flex: 1;
    min-inline-size: 0;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .column-summary {
    display: flex;
    justify-content: space-between;
    gap: var(--_l2c-space-2);
    margin: var(--_l2c-space-1) 0 0;
    white-space: nowrap;
    font-size: 0.85em;
    color: var(--_l2c-text-muted);
    font-variant-numeric: tabular-nums;
  }
  .add {
    flex: none;
    min-block-size: 28px;
    padding: 0 var(--_l2c-space-2);
    color: var(--_l2c-color-primary);
    font-size: 0.9em;
  }
  .column-summary .total {
    color: var(--_l2c-text);
    font-weight: 600;
  }
  .column-body {
    position: relative;
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    overflow-x: hidden;
    overscroll-behavior-y: contain;
    padding: var(--_l2c-space-2);
  }
  .cards {
    position: relative;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .empty {
    margin: 0;
    padding: var(--_l2c-space-3);
    text-align: center;
    color: var(--_l2c-text-muted);
    font-size: 0.9em;
  }

  /* Cards sit at absolute offsets (virtualised); every line is one line high, so cards are equal. */
  .card,
  .placeholder {
    position: absolute;
    inset-inline: 0;
    inset-block-start: 0;
    margin: 0 0 var(--_card-gap);
    border-radius: var(--_l2c-radius);
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    background: var(--_l2c-surface);
    border: 1px solid var(--_l2c-border);
    border-inline-start: 4px solid var(--_l2c-border);
    box-shadow: var(--_l2c-shadow);
    cursor: grab;
    touch-action: manipulation;
    user-select: none;
    -webkit-user-select: none;
    transition: transform 120ms ease-out;
  }
  .card.rotting {
    border-inline-start-color: var(--_rotting-color);
  }
  .next[data-activity='none'] {
    color: var(--_l2c-color-warning);
  }
  .next[data-activity='overdue'] {
    color: var(--_l2c-color-danger);
  }
  .card:focus-visible {
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .line {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
    min-inline-size: 0;
    white-space: nowrap;
  }
  .line > * {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .title {
    flex: 1;
    min-inline-size: 0;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_l2c-text);
    font: inherit;
    font-weight: 600;
    text-align: start;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    cursor: pointer;
  }
  .title:hover {
    text-decoration: underline;
  }
  .value {
    font-variant-numeric: tabular-nums;
  }
  .meta {
    font-size: 0.85em;
    color: var(--_l2c-text-muted);
  }
  .owner {
    flex: 1;
  }
  .rotting-badge {
    flex: none;
    padding: 0 var(--_l2c-space-1);
    border: 1px solid var(--_rotting-color);
    border-radius: var(--_l2c-radius);
    color: var(--_rotting-color);
    font-size: 0.8em;
  }
  .activity {
    flex: none;
    inline-size: 10px;
    block-size: 10px;
    border-radius: 50%;
    border: 2px solid var(--_l2c-text-muted);
  }
  .activity[data-activity='overdue'] {
    background: var(--_l2c-color-danger);
    border-color: var(--_l2c-color-danger);
  }
  .activity[data-activity='today'] {
    background: var(--_l2c-color-success);
    border-color: var(--_l2c-color-success);
  }
  .activity[data-activity='planned'] {
    background: var(--_l2c-text-muted);
  }
  .activity[data-activity='none'] {
    border-color: var(--_l2c-color-warning);
  }
  .fields {
    margin: 0;
    font-size: 0.85em;
  }
  .fields div {
    display: flex;
    gap: var(--_l2c-space-1);
    white-space: nowrap;
  }
  .fields dt {
    color: var(--_l2c-text-muted);
  }
  .fields dt::after {
    content: ':';
  }
  .fields dd {
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .actions {
    display: flex;
    flex: none;
    gap: var(--_l2c-space-1);
    margin-inline-start: auto;
  }
  .actions .btn {
    min-block-size: 24px;
    padding: 0 var(--_l2c-space-2);
    font-size: 0.85em;
    color: var(--_l2c-color-primary);
  }
  :host([compact]:not([compact=false])) .card {
    gap: 0;
    padding-block: var(--_l2c-space-1);
  }
  @media (prefers-reduced-motion: reduce) {
    .card {
      transition: none;
    }
  }
`;
