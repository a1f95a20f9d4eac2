/**
 * Styles of `<bant-qualifier>`. Component tokens are read through private `--_bq-*` variables.
 * The lead, its actions and panels (with `lead-id`) are styled in bant-lead.ts.
 */
import { css } from 'lit';

export const bantQualifierStyles = css`
  :host {
    container-type: inline-size;
    --_bq-sql: var(--l2c-bant-qualifier-sql-color, var(--_l2c-color-success));
    --_bq-nurture: var(--l2c-bant-qualifier-nurture-color, var(--_l2c-color-warning));
    --_bq-disqualified: var(--l2c-bant-qualifier-disqualified-color, var(--_l2c-color-danger));
    --_bq-selected-bg: var(--l2c-bant-qualifier-selected-background, var(--_l2c-color-primary));
    --_bq-selected-fg: var(--l2c-bant-qualifier-selected-color, var(--_l2c-color-on-primary));
    --_bq-bar: var(--l2c-bant-qualifier-bar-height, 8px);
  }

  .base {
    display: grid;
    gap: var(--_l2c-space-4);
  }

  /* One, two or four columns: never three, which would leave the fourth criterion alone. */
  .criteria {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_l2c-space-3);
  }
  /* A column, so the levels and the note line up across a row whatever the question's length. */
  fieldset {
    display: flex;
    flex-direction: column;
    margin: 0;
    min-width: 0;
    padding: var(--_l2c-space-3) var(--_l2c-space-4) var(--_l2c-space-4);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
  }
  fieldset.invalid {
    border-color: var(--_l2c-color-danger);
  }
  /* A floated legend sits inside the border like any other line of the card. */
  legend {
    float: left;
    width: 100%;
    padding: 0;
    margin: 0 0 var(--_l2c-space-1);
  }
  legend + * {
    clear: both;
  }
  .name {
    display: block;
    font-size: 0.8em;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--_l2c-text-muted);
  }
  .question {
    display: block;
    font-weight: 600;
  }
  .guidance {
    margin: 0 0 var(--_l2c-space-3);
    font-size: 0.9em;
  }

  .levels {
    display: flex;
    flex-wrap: wrap;
    margin-block: auto var(--_l2c-space-3);
  }
  .level {
    position: relative;
    flex: 1 1 0;
    min-width: max-content;
  }
  /* The native radio keeps the keyboard behaviour (arrows, roving tab stop); the span is what shows. */
  .level input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .level span.face {
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: 36px;
    padding: var(--_l2c-space-1) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-border);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    text-align: center;
  }
  .level + .level span.face {
    margin-inline-start: -1px;
  }
  .level:first-child span.face {
    border-start-start-radius: var(--_l2c-radius);
    border-end-start-radius: var(--_l2c-radius);
  }
  .level:last-child span.face {
    border-start-end-radius: var(--_l2c-radius);
    border-end-end-radius: var(--_l2c-radius);
  }
  .level input:hover + span.face {
    background: var(--_l2c-surface-alt);
  }
  .level input:checked + span.face {
    position: relative;
    z-index: 1;
    border-color: var(--_bq-selected-bg);
    background: var(--_bq-selected-bg);
    color: var(--_bq-selected-fg);
    font-weight: 600;
  }
  .level input:checked + span.face.dq {
    border-color: var(--_bq-disqualified);
    background: var(--_bq-disqualified);
  }
  .level input:focus-visible + span.face {
    position: relative;
    z-index: 2;
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .level input:disabled {
    cursor: not-allowed;
  }
  .level input:disabled + span.face {
    opacity: 0.6;
  }

  .note-label {
    display: block;
    margin-block-end: var(--_l2c-space-1);
    font-size: 0.9em;
  }
  textarea {
    resize: vertical;
    min-height: 56px;
  }
  .criterion-error,
  .invalid-summary {
    margin: 0 0 var(--_l2c-space-2);
  }

  .outcome {
    --_bq-tone: var(--_bq-nurture);
    display: grid;
    gap: var(--_l2c-space-2);
    border-inline-start: 4px solid var(--_bq-tone);
  }
  .outcome[data-outcome='sql'] {
    --_bq-tone: var(--_bq-sql);
  }
  .outcome[data-outcome='disqualified'] {
    --_bq-tone: var(--_bq-disqualified);
  }
  .outcome-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_l2c-space-2) var(--_l2c-space-3);
  }
  .outcome-heading {
    margin: 0;
    font-weight: 600;
  }
  .badge {
    display: inline-block;
    padding: 2px var(--_l2c-space-3);
    border-radius: 999px;
    background: var(--_bq-tone);
    color: var(--_l2c-color-on-primary);
    font-weight: 600;
  }
  .score-text {
    margin-inline-start: auto;
  }
  .bar {
    position: relative;
    height: var(--_bq-bar);
    border-radius: var(--_bq-bar);
    background: var(--_l2c-surface-alt);
    overflow: visible;
  }
  .fill {
    height: 100%;
    border-radius: var(--_bq-bar);
    background: var(--_bq-tone);
    transition: inline-size 0.2s ease;
  }
  .mark {
    position: absolute;
    inset-block: calc(var(--_bq-bar) / -2);
    width: 2px;
    background: var(--_l2c-text);
  }
  .missing {
    margin: 0;
  }

  .config-error ul {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-5);
  }
  .config-error p {
    margin: 0;
  }

  /* Last, so the wider layouts win over the one-column defaults above. */
  @container (min-width: 560px) {
    .criteria {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container (min-width: 1120px) {
    .criteria {
      grid-template-columns: repeat(4, minmax(0, 1fr));
    }
  }
`;
