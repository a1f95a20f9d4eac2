/**
 * An element directive that writes inline styles through CSSOM (`el.style.setProperty`) on every
 * render, the first included. Lit's `styleMap` renders its first value as a `style` attribute,
 * which a strict CSP (`style-src` without 'unsafe-inline') blocks; CSSOM writes are allowed.
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/** CSS property name (kebab-case) to value. */
export type StyleProps = Readonly<Record<string, string>>;

class SetStyleDirective extends Directive {
  private previous: StyleProps = {};

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('setStyle() must be used on an element, not in an attribute');
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [props]: [StyleProps]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of Object.keys(this.previous)) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) {
      if (this.previous[name] !== value) style.setProperty(name, value);
    }
    this.previous = props;
    return noChange;
  }
}

/** Sets inline styles on the element through CSSOM, allowed under a strict CSP. */
export const setStyle = directive(SetStyleDirective);
