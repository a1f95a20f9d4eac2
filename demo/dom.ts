/**
 * A tiny DOM builder for the demo pages. Text always goes in through `textContent` (strings become
 * text nodes), never through HTML parsing, so nothing from data or a CSV file can become markup.
 */

/** Attributes (strings, `true` for a bare attribute, false/undefined to leave out) and event listeners. */
export interface Props {
  [name: string]: string | number | boolean | undefined | EventListener;
}

/** A child: a node, text (made a text node) or nothing. */
export type Child = Node | string | number | false | null | undefined;

/** Creates `tag` with attributes, `on…` listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** Appends children, strings as text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with `id`; throws when the page lacks it (a broken page should say so at once). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}
