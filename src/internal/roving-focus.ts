/**
 * Roving focus (one tab stop for a group, arrow keys inside it), as WAI-ARIA describes for menus,
 * toolbars and grids: `rovingTarget` turns a key into the next position of a list, and
 * `RovingFocus` keeps the tab stop and moves focus among a container's items.
 */

/** How the arrow keys of a list move. */
export interface RovingOptions {
  /** Which arrow keys move: up/down (vertical), left/right (horizontal) or both. */
  orientation: 'vertical' | 'horizontal' | 'both';
  /** Past the last item to the first, and back. */
  wrap?: boolean;
  /** Right-to-left text: left moves forward. */
  rtl?: boolean;
}

/** The position `key` moves to from `index` in a list of `count`, or undefined when the key does not move. */
export function rovingTarget(key: string, index: number, count: number, options: RovingOptions): number | undefined {
  if (count <= 0) return undefined;
  const vertical = options.orientation !== 'horizontal';
  const horizontal = options.orientation !== 'vertical';
  const forward = options.rtl ? 'ArrowLeft' : 'ArrowRight';
  const backward = options.rtl ? 'ArrowRight' : 'ArrowLeft';
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const down = (vertical && key === 'ArrowDown') || (horizontal && key === forward);
  const up = (vertical && key === 'ArrowUp') || (horizontal && key === backward);
  if (!down && !up) return undefined;
  const next = index + (down ? 1 : -1);
  if (next < 0) return options.wrap ? count - 1 : 0;
  if (next >= count) return options.wrap ? 0 : count - 1;
  return next;
}

/** One tab stop among the items `items()` returns; arrow keys, Home and End move focus among them. */
export class RovingFocus {
  constructor(private readonly items: () => HTMLElement[], private readonly options: RovingOptions) {}

  /** Handles a keydown inside the group; true when it moved focus (the event is then consumed). */
  keydown(e: KeyboardEvent): boolean {
    const items = this.items();
    const current = items.findIndex((el) => el === e.target || el.contains(e.target as Node));
    const next = rovingTarget(e.key, Math.max(0, current), items.length, this.options);
    if (next === undefined) return false;
    e.preventDefault();
    this.focus(next);
    return true;
  }

  /** Focuses the item at `index` and makes it the tab stop. */
  focus(index: number): void {
    const items = this.items();
    items.forEach((el, i) => { el.tabIndex = i === index ? 0 : -1; });
    items[index]?.focus();
  }
}
