/** Styles of `<routing-editor>`; component tokens read through private `--_x` variables. */
import { css } from 'lit';

export const routingEditorStyles = css`
  :host {
    --_gap: var(--l2c-routing-editor-section-gap, var(--_l2c-space-5));
    --_moved: var(--l2c-routing-editor-moved, var(--_l2c-surface-alt));
  }
  .editor {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
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
    margin-block-end: var(--_l2c-space-3);
  }
  .intro,
  .help,
  .sub,
  .field-error {
    margin: 0;
  }
  .help {
    font-size: 0.9em;
  }
  .sub {
    font-weight: 600;
    margin-block: var(--_l2c-space-2);
  }
  .section {
    padding-block-start: var(--_l2c-space-4);
    border-block-start: 1px solid var(--_l2c-border);
  }
  ol,
  ul {
    margin: 0 0 var(--_l2c-space-3);
    padding: 0;
    list-style: none;
  }
  fieldset {
    margin: 0 0 var(--_l2c-space-3);
    padding: var(--_l2c-space-3) var(--_l2c-space-4);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
  }
  fieldset[aria-invalid='true'] {
    border-color: var(--_l2c-color-danger);
  }
  legend {
    padding: 0 var(--_l2c-space-1);
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    margin-block-end: var(--_l2c-space-2);
    min-inline-size: 10em;
    flex: 1 1 12em;
  }
  .field.narrow {
    flex: 0 1 9em;
    min-inline-size: 7em;
  }
  label {
    font-weight: 600;
    font-size: 0.92em;
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-2);
    font-weight: 400;
  }
  .check input {
    inline-size: 18px;
    block-size: 18px;
  }
  .condition,
  .member,
  .target {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0 var(--_l2c-space-3);
  }
  .condition,
  .member {
    padding-block: var(--_l2c-space-2);
    border-block-end: 1px dashed var(--_l2c-border);
  }
  /* Members line up in columns from one row to the next, whatever the length of the remove button's name. */
  .member {
    display: grid;
    grid-template-columns: minmax(8rem, 1fr) 6.5rem 8rem 7rem 13rem;
  }
  .member .remove {
    justify-self: end;
    text-align: end;
  }
  @media (max-width: 640px) {
    .member {
      display: flex;
    }
  }
  .remove {
    margin-block-end: var(--_l2c-space-2);
  }
  .rule-actions,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_l2c-space-2);
    margin-block-start: var(--_l2c-space-2);
  }
  .problems {
    padding: var(--_l2c-space-3) var(--_l2c-space-4);
    border: 1px solid var(--_l2c-color-danger);
    border-radius: var(--_l2c-radius);
  }
  .problems p {
    margin: 0 0 var(--_l2c-space-2);
    font-weight: 600;
  }
  .problems ul {
    margin: 0;
    padding-inline-start: var(--_l2c-space-4);
    list-style: disc;
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_l2c-color-danger);
    font: inherit;
    text-align: start;
    text-decoration: underline;
    cursor: pointer;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse !important;
  }
  th,
  td {
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border-block-end: 1px solid var(--_l2c-border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    font-size: 0.9em;
  }
  tbody th {
    font-weight: 600;
  }
  tr.moved {
    background: var(--_moved);
  }
  .owner {
    font-weight: 600;
  }
  .why {
    display: block;
    font-size: 0.88em;
  }
  .changed,
  .status {
    margin: 0;
  }
`;
