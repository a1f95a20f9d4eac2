/**
 * A modal dialog that an element renders in its own template (the board's lost-reason question,
 * its "Add deal" form and deal drawer): shown with `showModal()` (the top layer, above everything,
 * wherever the element sits), Escape and the backdrop's cancel go through the element's own
 * `onCancel`, Tab stays inside in every browser, and focus goes back to where it was on close.
 * `dialogStyles` is the shared look, with a `drawer` variant along the side of the window.
 */
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** What the controller needs from the element. */
export interface DialogOptions {
  /** The `<dialog>` in the element's render root (rendered whether open or not). */
  find(): HTMLDialogElement | null;
  /** Escape or the dialog's cancel: usually `close()` plus whatever cancelling means. */
  onCancel(): void;
  /** The control to focus when the dialog opens (default: its first input or button). */
  initialFocus?(dialog: HTMLDialogElement): HTMLElement | null;
}

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex="0"]';

/** Opens and closes one modal dialog of the host as its `open` state says. */
export class DialogController implements ReactiveController {
  #open = false;
  #opener: HTMLElement | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly options: DialogOptions) {
    host.addController(this);
  }

  /** Whether the dialog is (to be) shown. */
  get open(): boolean {
    return this.#open;
  }

  /** Shows the dialog after the next update; focus returns to `opener` (default: what has focus now) on close. */
  show(opener?: HTMLElement | null): void {
    this.#opener = opener ?? deepActive();
    this.#open = true;
    this.host.requestUpdate();
  }

  /** Closes the dialog after the next update, giving focus back unless `returnFocus` is false. */
  close(returnFocus = true): void {
    if (!returnFocus) this.#opener = null;
    this.#open = false;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const dialog = this.options.find();
    if (!dialog?.isConnected) return;
    if (this.#open && !dialog.open) {
      dialog.showModal();
      const first = this.options.initialFocus?.(dialog) ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    } else if (!this.#open && dialog.open) {
      dialog.close();
      const opener = this.#opener;
      this.#opener = null;
      if (opener?.isConnected) opener.focus();
    }
  }

  hostDisconnected(): void {
    this.#open = false;
  }

  /** Bind to the dialog's `@cancel`: Escape goes through `onCancel`. */
  readonly onCancelEvent = (e: Event): void => {
    e.preventDefault();
    this.options.onCancel();
  };

  /** Bind to the dialog's `@keydown`: Escape cancels, Tab stays inside (showModal alone lets focus reach the browser UI). */
  readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.options.onCancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = e.currentTarget as HTMLDialogElement;
    const stops = tabStops(dialog);
    const first = stops[0];
    const last = stops[stops.length - 1];
    const active = deepActive();
    const inGroup = (el: HTMLElement | undefined) => !!el && !!active && el instanceof HTMLInputElement && el.type === 'radio'
      && active instanceof HTMLInputElement && active.type === 'radio' && active.name === el.name;
    if (!e.shiftKey && (active === last || inGroup(last))) {
      e.preventDefault();
      first?.focus();
    } else if (e.shiftKey && (active === first || inGroup(first))) {
      e.preventDefault();
      last?.focus();
    }
  };
}

/** The focused element, looking into shadow roots. */
export function deepActive(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/** The controls Tab stops at in `root`, in order; a radio group is one stop (its checked radio, else its first). */
export function tabStops(root: ParentNode): HTMLElement[] {
  const seen = new Set<string>();
  const out: HTMLElement[] = [];
  const all = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]') && el.tabIndex >= 0);
  for (const el of all) {
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (seen.has(el.name)) continue;
      seen.add(el.name);
      const group = all.filter((r): r is HTMLInputElement => r instanceof HTMLInputElement && r.type === 'radio' && r.name === el.name);
      out.push(group.find((r) => r.checked) ?? group[0]!);
      continue;
    }
    out.push(el);
  }
  return out;
}

/** The shared look of dialogs (part `dialog`) and of side drawers (`<dialog class="drawer">`). */
export const dialogStyles = css`
  dialog {
    inline-size: min(30em, calc(100vw - 2 * var(--_l2c-space-4)));
    max-block-size: calc(100vh - 2 * var(--_l2c-space-4));
    padding: var(--_l2c-space-5);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    box-shadow: var(--_l2c-shadow);
    overflow: auto;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog.drawer {
    position: fixed;
    inset: 0 0 0 auto;
    margin: 0;
    inline-size: min(34em, 100vw);
    max-block-size: none;
    block-size: 100%;
    border-radius: 0;
    border-block: 0;
    border-inline-end: 0;
  }
  dialog h2 {
    margin: 0 0 var(--_l2c-space-4);
    font-size: 1.15em;
  }
  dialog .buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_l2c-space-2);
    margin-block-start: var(--_l2c-space-5);
  }
  dialog .field {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-1);
    margin-block-end: var(--_l2c-space-3);
  }
  dialog .label-row {
    display: flex;
    gap: var(--_l2c-space-1);
    font-weight: 600;
  }
  dialog .required-mark {
    color: var(--_l2c-color-danger);
  }
  dialog .field .error {
    margin: 0;
    font-size: 0.9em;
  }
  dialog .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9em, 1fr));
    gap: 0 var(--_l2c-space-3);
  }
  dialog .summary {
    margin: 0 0 var(--_l2c-space-3);
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-color-danger);
    border-radius: var(--_l2c-radius);
  }
  dialog .summary p {
    margin: 0;
  }
  dialog .summary ul {
    margin: var(--_l2c-space-1) 0 0;
    padding-inline-start: var(--_l2c-space-5);
  }
`;
