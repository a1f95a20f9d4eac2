/**
 * The page of bench/lead-capture-form.ts: registers the form and exposes timing helpers on
 * `window.bench(name, ...args)`. Timings are taken inside the page (performance.now), after a frame has painted.
 */
import { L2cProvider } from '../src/components/l2c-provider/l2c-provider.js';
import { LeadCaptureForm } from '../src/components/lead-capture-form/lead-capture-form.js';
import type { FormField } from '../src/components/lead-capture-form/schema.js';

L2cProvider.define();
LeadCaptureForm.define();

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

/** A schema of `n` custom fields of every type. */
function schema(n: number): FormField[] {
  const types = ['text', 'email', 'number', 'select', 'radio', 'checkbox', 'textarea', 'date'] as const;
  return Array.from({ length: n }, (_, i) => {
    const type = types[i % types.length]!;
    return {
      name: `f${i}`, label: `Field ${i}`, type, required: i % 3 === 0, help: i % 5 === 0 ? 'Some help' : undefined,
      ...(type === 'select' || type === 'radio' ? { options: ['a', 'b', 'c'] } : {}),
      ...(type === 'number' ? { min: 0, max: 100 } : {}),
      ...(i % 7 === 6 ? { showIf: { field: 'f0' } } : {}),
    } as FormField;
  });
}

let current: LeadCaptureForm | undefined;

async function mount(fields: number, store = 'memory'): Promise<{ ms: number; controls: number }> {
  document.body.replaceChildren();
  await frame();
  const start = performance.now();
  const provider = document.createElement('l2c-provider');
  provider.setAttribute('store', store);
  if (store === 'indexeddb') provider.setAttribute('db-name', `bench-${crypto.randomUUID()}`);
  const el = document.createElement('lead-capture-form') as LeadCaptureForm;
  el.setAttribute('min-fill-ms', '0');
  if (fields > 0) {
    el.setAttribute('fields', 'email');
    el.schema = schema(fields);
  }
  provider.append(el);
  document.body.append(provider);
  await el.updateComplete;
  await frame();
  current = el;
  return { ms: performance.now() - start, controls: el.shadowRoot!.querySelectorAll('[name]').length };
}

/** One character typed into a field already left once (so it is validated as typed), to the repaint. */
async function keystroke(): Promise<number> {
  const el = current!;
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('[name="email"]')!;
  input.value = 'ada@';
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
  await el.updateComplete;
  await frame();
  const start = performance.now();
  input.value = 'ada@e';
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  await frame();
  return performance.now() - start;
}

/** From pressing Send on a filled form to the lead stored (IndexedDB) and the thank-you shown. */
async function submit(): Promise<number> {
  await mount(0, 'indexeddb');
  const el = current!;
  for (const [name, value] of [['name', 'Ada Lovelace'], ['email', 'ada@example.com'], ['company', 'Engines']]) {
    const input = el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    input.value = value!;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
  // The phone rules load once per page; a person takes longer than that to fill the form.
  await new Promise((r) => setTimeout(r, 300));
  const done = new Promise<void>((resolve) => el.addEventListener('lead-submitted', () => resolve(), { once: true }));
  const start = performance.now();
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
  await done;
  await el.updateComplete;
  await frame();
  if (!el.shadowRoot!.querySelector('[part~="success"]')) throw new Error('no thank-you after submitting');
  return performance.now() - start;
}

const cases = { mount, keystroke, submit };
// bench/browser.ts waits for `window.bench` to be a function: one entry point, the case by name.
(window as unknown as { bench: unknown }).bench = (name: keyof typeof cases, ...args: [number]) => cases[name](...args);
