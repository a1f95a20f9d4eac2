/**
 * Stylesheets of lazily loaded parts (the board's moves, the funnel's planner, the BANT lead panel)
 * arrive after the element rendered: they are added to its shadow root right after `after`, the
 * element's own sheet, so that rules a subclass adds after them still win. A stylesheet adopted
 * through CSSOM is allowed under a strict CSP; without constructable sheets, a <style> element.
 */
import type { CSSResult } from 'lit';

/** Adds `styles` to `root` right after `after` (at the end when `after` is not there). */
export function adoptAfter(root: ShadowRoot, styles: CSSResult, after: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && Array.isArray(root.adoptedStyleSheets)) {
    const sheets = [...root.adoptedStyleSheets];
    const at = after.styleSheet ? sheets.indexOf(after.styleSheet) : -1;
    sheets.splice(at < 0 ? sheets.length : at + 1, 0, sheet);
    root.adoptedStyleSheets = sheets;
  } else {
    const style = document.createElement('style');
    style.textContent = styles.cssText;
    root.append(style);
  }
}
