/**
 * Styles of what the board's lazily loaded part renders: the filter bar, selection and the bulk bar,
 * what moving shows (lifted card, placeholder, ghost, drop zones, menu) and the "Add deal" and
 * lost-reason dialogs (their frame is the shared dialogStyles). Adopted when the part arrives.
 */
import { css } from 'lit';

export const actionStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_l2c-space-3);
    margin: 0;
  }
  .toolbar .fields {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_l2c-space-3);
  }
  .toolbar .fields[hidden] {
    display: none;
  }
  .toolbar label:not(.check) {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    font-size: 0.85em;
    color: var(--_l2c-text-muted);
  }
  .toolbar input:not([type='checkbox']),
  .toolbar select {
    color: var(--_l2c-text);
    font-size: var(--_l2c-font-size);
  }
  .toolbar input.search {
    inline-size: 16em;
  }
  .toolbar input.money {
    inline-size: 8em;
  }
  .toolbar .switches {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_l2c-space-3);
    margin-inline-start: auto;
  }
  .toolbar.narrow {
    align-items: center;
  }
  .toolbar.narrow .fields {
    flex-basis: 100%;
    order: 2;
  }
  .toolbar.narrow .fields label,
  .toolbar.narrow input.search,
  .toolbar.narrow input.money {
    inline-size: 100%;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--_l2c-space-1);
  }
  .toolbar .count {
    margin: 0;
  }
  .toolbar .btn[aria-pressed='true'] {
    background: var(--_l2c-color-primary);
    border-color: var(--_l2c-color-primary);
    color: var(--_l2c-color-on-primary);
  }

  .bulk {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_l2c-space-3);
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-color-primary);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
  }
  .bulk .count {
    margin: 0 0 var(--_l2c-space-2);
    font-weight: 600;
  }
  .bulk-action {
    display: flex;
    align-items: flex-end;
    gap: var(--_l2c-space-2);
  }
  .bulk label {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    font-size: 0.85em;
    color: var(--_l2c-text-muted);
  }
  .bulk select {
    color: var(--_l2c-text);
    font-size: var(--_l2c-font-size);
  }
  .btn.danger {
    color: var(--_lost-color);
    border-color: var(--_lost-color);
  }

  .card.selected {
    border-color: var(--_l2c-color-primary);
    box-shadow: inset 0 0 0 1px var(--_l2c-color-primary);
  }
  .card input[type='checkbox'] {
    flex: none;
    margin: 0;
  }

  .column.target {
    border-color: var(--_l2c-color-primary);
    box-shadow: inset 0 0 0 1px var(--_l2c-color-primary);
  }
  .card.lifted {
    opacity: 0.55;
    border-style: dashed;
    box-shadow: none;
  }
  .card.lifted.keyboard {
    opacity: 1;
    border-style: solid;
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .placeholder {
    display: flex;
    align-items: center;
    padding: 0 var(--_l2c-space-3);
    border: 2px dashed var(--_l2c-color-primary);
    background: var(--_l2c-surface);
    color: var(--_l2c-text-muted);
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }

  /* In the top layer (a popover), where fixed means the window whatever contains the board. */
  .ghost {
    position: fixed;
    inset: 0 auto auto 0;
    margin: 0;
    z-index: 10;
    display: flex;
    flex-direction: column;
    justify-content: flex-start;
    gap: 2px;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    overflow: hidden;
    border: 1px solid var(--_l2c-color-primary);
    border-inline-start-width: 4px;
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    font: inherit;
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
    pointer-events: none;
    white-space: nowrap;
  }
  .ghost-title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }

  .zones {
    position: fixed;
    inset: auto 0 0 0;
    margin: 0;
    display: flex;
    justify-content: center;
    gap: var(--_l2c-space-3);
    inline-size: auto;
    padding: var(--_l2c-space-3);
    border: 0;
    background: transparent;
    pointer-events: none;
  }
  .zone {
    flex: 0 1 16em;
    min-block-size: 64px;
    padding: var(--_l2c-space-3);
    border: 2px dashed currentColor;
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    font: inherit;
    font-weight: 600;
    box-shadow: var(--_l2c-shadow);
    pointer-events: auto;
    cursor: pointer;
  }
  .zone.won {
    color: var(--_won-color);
  }
  .zone.lost,
  .zone.delete {
    color: var(--_lost-color);
  }
  .zone.target {
    border-style: solid;
    color: var(--_l2c-color-on-primary);
    background: var(--_won-color);
    border-color: var(--_won-color);
  }
  .zone.lost.target,
  .zone.delete.target {
    background: var(--_lost-color);
    border-color: var(--_lost-color);
  }

  .menu {
    position: fixed;
    inset: auto;
    margin: 0;
    z-index: 20;
    min-inline-size: 14em;
    max-block-size: 60vh;
    overflow-y: auto;
    padding: var(--_l2c-space-1);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    box-shadow: var(--_l2c-shadow);
    font: inherit;
  }
  .menu [role='menuitem'] {
    display: block;
    inline-size: 100%;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 0;
    border-radius: var(--_l2c-radius);
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .menu [role='menuitem']:hover,
  .menu [role='menuitem']:focus-visible {
    background: var(--_l2c-surface-alt);
  }
  .menu [aria-disabled='true'] {
    color: var(--_l2c-text-muted);
    cursor: not-allowed;
  }
  .menu .why {
    display: block;
    font-size: 0.8em;
    white-space: normal;
  }

  dialog fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  dialog legend {
    padding: 0;
    margin-block-end: var(--_l2c-space-2);
    font-weight: 600;
  }
  dialog .choice {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
    padding-block: var(--_l2c-space-1);
  }
  dialog .other {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    margin-block-start: var(--_l2c-space-2);
  }
  dialog .error {
    margin: var(--_l2c-space-2) 0 0;
  }
  dialog.drawer {
    padding-block-start: var(--_l2c-space-6);
  }
  dialog.drawer .close {
    position: absolute;
    inset-block-start: var(--_l2c-space-2);
    inset-inline-end: var(--_l2c-space-2);
  }
`;
