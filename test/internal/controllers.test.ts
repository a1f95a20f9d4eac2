/**
 * The shared controllers of src/internal: roving focus, lazy parts, element states, the announcer,
 * the modal dialog and the drag ghost's placement.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, type TemplateResult } from 'lit';
import { Announcer } from '../../src/internal/announcer.js';
import { DialogController, tabStops } from '../../src/internal/dialog.js';
import { placeGhost } from '../../src/internal/drag.js';
import { ElementStates } from '../../src/internal/element-states.js';
import { LazyAttachment, LazyPart } from '../../src/internal/lazy-part.js';
import { rovingTarget } from '../../src/internal/roving-focus.js';

class ProbeDialog extends LitElement {
  readonly announcer = new Announcer(this);
  cancelled = 0;
  readonly dialog = new DialogController(this, {
    find: () => this.renderRoot.querySelector('dialog'),
    onCancel: () => {
      this.cancelled++;
      this.dialog.close();
    },
  });

  override render(): TemplateResult {
    return html`<button id="opener">Open</button>${this.announcer.render()}
      <dialog @cancel=${this.dialog.onCancelEvent} @keydown=${this.dialog.onKeydown}>
        <input id="a"><label><input type="radio" name="r" value="1">1</label><label><input type="radio" name="r" value="2">2</label><button id="z">Z</button>
      </dialog>`;
  }
}
customElements.define('probe-dialog', ProbeDialog);

describe('internal controllers', () => {
  it('roving focus: arrows by orientation, Home and End, wrapping, right to left', () => {
    expect(rovingTarget('ArrowDown', 0, 3, { orientation: 'vertical' })).to.equal(1);
    expect(rovingTarget('ArrowRight', 0, 3, { orientation: 'vertical' })).to.equal(undefined);
    expect(rovingTarget('ArrowDown', 2, 3, { orientation: 'vertical' })).to.equal(2);
    expect(rovingTarget('ArrowDown', 2, 3, { orientation: 'vertical', wrap: true })).to.equal(0);
    expect(rovingTarget('ArrowUp', 0, 3, { orientation: 'both', wrap: true })).to.equal(2);
    expect(rovingTarget('ArrowLeft', 0, 3, { orientation: 'horizontal', rtl: true })).to.equal(1);
    expect(rovingTarget('End', 0, 3, { orientation: 'horizontal' })).to.equal(2);
    expect(rovingTarget('Home', 2, 3, { orientation: 'horizontal' })).to.equal(0);
    expect(rovingTarget('ArrowDown', 0, 0, { orientation: 'vertical' })).to.equal(undefined);
  });

  it('lazy parts: one download for every element, tried again after a failure, attached once', async () => {
    let loads = 0;
    let fail = true;
    const part = new LazyPart(async () => {
      loads++;
      if (fail) throw new Error('offline');
      return { n: 42 };
    });
    let attached = 0;
    const attachment = new LazyAttachment(part, (m) => {
      attached++;
      return m.n;
    });
    await attachment.request();
    expect(attachment.value).to.equal(undefined);
    fail = false;
    await Promise.all([attachment.request(), attachment.request(), part.load()]);
    expect(attachment.value).to.equal(42);
    expect(loads).to.equal(2);
    expect(attached).to.equal(1);
    expect(attachment.pending).to.equal(undefined);
    expect(await attachment.settled(async () => true)).to.equal(true);
  });

  it('element states: on and off, quietly where unsupported', () => {
    const el = document.createElement('probe-dialog') as ProbeDialog;
    const states = new ElementStates(ElementStates.internalsOf(el));
    states.sync({ open: true, busy: false });
    const supported = (() => { try { return el.matches(':state(open)'); } catch { return undefined; } })();
    if (supported !== undefined) expect(supported).to.equal(true);
    states.set('open', false);
    new ElementStates(undefined).set('x', true);
  });

  it('dialog: shown modal, focus inside, Tab kept in, Escape through onCancel, focus back; the announcer repeats', async () => {
    const el = await fixture<ProbeDialog>(html`<probe-dialog></probe-dialog>`);
    const root = el.shadowRoot!;
    const opener = root.querySelector<HTMLButtonElement>('#opener')!;
    opener.focus();
    el.dialog.show();
    await el.updateComplete;
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(root.activeElement?.id).to.equal('a');
    // A radio group is one tab stop.
    expect(tabStops(dialog).map((e) => (e as HTMLInputElement).id || (e as HTMLInputElement).value)).to.deep.equal(['a', '1', 'z']);
    root.querySelector<HTMLElement>('#z')!.focus();
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(root.activeElement?.id).to.equal('a');
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(el.cancelled).to.equal(1);
    expect(dialog.open).to.equal(false);
    expect(root.activeElement).to.equal(opener);
    el.announcer.announce('Saved.');
    el.announcer.announce('Saved.');
    await el.updateComplete;
    expect(root.querySelector('[part="announcer"]')!.textContent).to.equal('Saved.\u00a0');
  });

  it('drag ghost: the grab point under the pointer, in a scaled and offset container', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="transform: translate(30px, 20px) scale(1.5); transform-origin: 0 0; contain: layout">
      <div popover="manual" style="position: fixed; inset: 0 auto auto 0; margin: 0; padding: 0; border: 0; width: 100px; height: 40px"></div></div>`);
    const ghost = host.firstElementChild as HTMLElement;
    // Without the top layer (as in an engine without popovers): measured once, then corrected.
    ghost.removeAttribute('popover');
    const grab = { dx: 10, dy: 5, width: 150, height: 60 };
    placeGhost(ghost, 300, 200, grab);
    let r = ghost.getBoundingClientRect();
    expect(Math.abs(r.left + grab.dx - 300)).to.be.below(1);
    expect(Math.abs(r.top + grab.dy - 200)).to.be.below(1);
    placeGhost(ghost, 420, 260, grab);
    r = ghost.getBoundingClientRect();
    expect(Math.abs(r.left + grab.dx - 420)).to.be.below(1);
    expect(Math.abs(r.top + grab.dy - 260)).to.be.below(1);
    expect(Math.round(r.width)).to.equal(150);
  });
});
