/** Styles of `<lead-capture-form>`: component tokens read through private `--_` variables. */
import { css } from 'lit';

export const leadFormStyles = css`
  :host {
    --_max-width: var(--l2c-lead-capture-form-max-width, 560px);
    --_gap: var(--l2c-lead-capture-form-gap, var(--_l2c-space-4));
    --_padding: var(--l2c-lead-capture-form-padding, var(--_l2c-space-5));
    --_background: var(--l2c-lead-capture-form-background, var(--_l2c-surface));
    --_border: var(--l2c-lead-capture-form-border, 1px solid var(--_l2c-border));
    --_label-weight: var(--l2c-lead-capture-form-label-weight, 600);
    --_accent: var(--l2c-lead-capture-form-accent, var(--_l2c-color-primary));
    max-width: var(--_max-width);
  }
  [part~='panel'] {
    display: grid;
    gap: var(--_gap);
    background: var(--_background);
    border: var(--_border);
    border-radius: var(--_l2c-radius);
    padding: var(--_padding);
  }
  form {
    display: grid;
    gap: var(--_gap);
  }
  [hidden] {
    display: none !important;
  }
  /* Tells the form that the browser autofilled a field (animationstart; see #onAnimation). */
  :-webkit-autofill {
    animation: l2c-autofill 1ms;
  }
  @keyframes l2c-autofill {
    to {
      outline-offset: 0;
    }
  }
  .field {
    display: grid;
    gap: var(--_l2c-space-1);
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  [part~='label'] {
    font-weight: var(--_label-weight);
  }
  /* Beats the shared input border; an inset shadow thickens it without moving anything. */
  .field [part~='input'][aria-invalid='true'] {
    border-color: var(--_l2c-color-danger);
    box-shadow: inset 0 0 0 1px var(--_l2c-color-danger);
  }
  ::slotted(*) {
    margin-block: 0;
  }
  legend {
    padding: 0;
    margin-block-end: var(--_l2c-space-1);
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: var(--_l2c-space-2);
    font-weight: normal;
    cursor: pointer;
  }
  .check > input {
    flex: none;
    width: 18px;
    height: 18px;
    margin: 2px 0 0;
    accent-color: var(--_accent);
  }
  [part~='checkbox'] > .check {
    font-weight: var(--_label-weight);
  }
  [part~='required'] {
    color: var(--_l2c-color-danger);
  }
  [part~='help'],
  [part~='error'],
  [part~='required-note'] {
    margin: 0;
    font-size: 0.92em;
  }
  p {
    margin: 0;
  }
  [part~='summary'] {
    padding: var(--_l2c-space-3) var(--_l2c-space-4);
    border: 2px solid var(--_l2c-color-danger);
    border-radius: var(--_l2c-radius);
  }
  [part~='summary'] ul {
    margin: var(--_l2c-space-2) 0 0;
    padding-inline-start: var(--_l2c-space-5);
  }
  [part~='summary-heading'] {
    font-weight: var(--_label-weight);
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    text-decoration: underline;
    cursor: pointer;
  }
  [part~='summary-link'] {
    color: var(--_l2c-color-danger);
  }
  [part~='progress'] {
    display: grid;
    gap: var(--_l2c-space-1);
  }
  progress {
    width: 100%;
    height: 8px;
    accent-color: var(--_accent);
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2);
  }
  [part~='submit'],
  [part~='next'] {
    margin-inline-start: auto;
  }
  [aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  [part~='success'] {
    padding: var(--_l2c-space-3) var(--_l2c-space-4);
    border-inline-start: 4px solid var(--_l2c-color-success);
    background: var(--_l2c-surface-alt);
  }
  [part~='success'][data-outcome='failed'] {
    border-color: var(--_l2c-color-danger);
  }
  [part~='problems'] {
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px dashed var(--_l2c-color-warning);
    font-size: 0.9em;
  }
  [part~='problems'] ul {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-4);
  }
`;
