/**
 * `<input type="checkbox" ${checked(on)} ?checked=${on}>`: a box or radio that is ticked exactly when
 * `on`, rendered on a server too. A `.checked=${on}` binding would do in the browser, but
 * @lit-labs/ssr writes a property binding of an input's `checked` as the attribute
 * `checked="${on}"`, and `checked="false"` is a ticked box until the page hydrates. Here the server
 * writes the attribute only when ticked (`?checked`; left out where a box is never ticked on a
 * server: dialogs, selection mode, a filter off by default), and in the browser this directive
 * sets the property whenever it differs (as `live()` does), so a box the user ticked follows `on`.
 */
import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

class Checked extends Directive {
  render(_on: boolean): unknown {
    return noChange;
  }

  override update(part: ElementPart, [on]: [boolean]): unknown {
    const input = part.element as HTMLInputElement;
    if (input.checked !== on) input.checked = on;
    return noChange;
  }
}

/** Ticks the input exactly when `on` (with `?checked=${on}` beside it for the server's HTML). */
export const checked = directive(Checked);
