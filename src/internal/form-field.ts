/**
 * One labelled form field with its error, as the deal and activity forms draw them (the board's
 * "Add deal" form, the deal view): a `<label>` around the control, the error text tied to it with
 * `aria-describedby` and `aria-invalid`, a visual mark beside the label of a required field (the
 * label, and so the accessible name, is the field's name alone; `required` tells screen readers).
 * Controls keep what was typed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

/** What one field shows. */
export interface FieldSpec {
  /** The control's `name` (and, prefixed, its id). */
  name: string;
  label: string;
  value: string;
  kind?: 'text' | 'date' | 'time' | 'select' | 'textarea';
  /** For `select`: value and text of each option. */
  options?: readonly (readonly [string, string])[];
  required?: boolean;
  /** The error shown under the field (the field is then invalid). */
  error?: string | undefined;
  inputmode?: 'decimal' | 'text';
  maxlength?: number;
  /** The part names the field's wrapper carries, e.g. `field field-title`. */
  part?: string;
}

/** Renders a field; `idPrefix` keeps ids apart when two forms share a shadow root. */
export function formField(spec: FieldSpec, idPrefix: string, requiredMark: string): TemplateResult {
  // `-field-` keeps the id apart from the form's own ids (its heading is `<prefix>-title`).
  const id = `${idPrefix}-field-${spec.name}`;
  const errorId = `${id}-error`;
  const invalid = spec.error ? 'true' : 'false';
  const described = spec.error ? errorId : undefined;
  let control: TemplateResult;
  if (spec.kind === 'select') {
    control = html`<select id=${id} name=${spec.name} aria-invalid=${invalid} aria-describedby=${ifDefined(described)} ?required=${spec.required}>
      ${(spec.options ?? []).map(([value, text]) => html`<option value=${value} ?selected=${value === spec.value}>${text}</option>`)}
    </select>`;
  } else if (spec.kind === 'textarea') {
    control = html`<textarea id=${id} name=${spec.name} rows="3" maxlength=${ifDefined(spec.maxlength)} .value=${live(spec.value)}
      aria-invalid=${invalid} aria-describedby=${ifDefined(described)}></textarea>`;
  } else {
    control = html`<input id=${id} name=${spec.name} type=${spec.kind ?? 'text'} .value=${live(spec.value)} ?required=${spec.required}
      inputmode=${ifDefined(spec.inputmode)} maxlength=${ifDefined(spec.maxlength)} autocomplete="off"
      aria-invalid=${invalid} aria-describedby=${ifDefined(described)}>`;
  }
  return html`
    <div class="field" part=${spec.part ?? 'field'}>
      <span class="label-row"><label for=${id}>${spec.label}</label>${spec.required ? html`<span class="required-mark" aria-hidden="true">${requiredMark}</span>` : nothing}</span>
      ${control}
      ${spec.error ? html`<p id=${errorId} class="error">${spec.error}</p>` : nothing}
    </div>`;
}

/** The values of a form's named controls, as typed. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of form.elements) {
    const control = el as HTMLInputElement;
    if (control.name && control.type !== 'radio' && control.type !== 'checkbox' && control.type !== 'submit' && control.type !== 'button') out[control.name] = control.value;
    else if (control.name && control.type === 'radio' && control.checked) out[control.name] = control.value;
  }
  return out;
}
