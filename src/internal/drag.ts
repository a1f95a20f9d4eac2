/**
 * Pointer drag for an element's items (mouse, pen and touch through Pointer Events): a press turns
 * into a drag past a few pixels (on touch, only after holding still, so a swipe still scrolls),
 * the host scrolls what is near the pointer every frame, Escape or a cancelled pointer ends it, and
 * the click that follows a drop is swallowed. `placeGhost` keeps the dragged copy under the pointer
 * at the point where the item was grabbed, whatever the page's scroll, zoom or containing blocks.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far (px) a press may move before it is a drag. */
export const DRAG_THRESHOLD_PX = 5;
/** How long (ms) a finger must rest before a touch press may drag. */
export const TOUCH_HOLD_MS = 350;

/** What the host does at each step of a drag. */
export interface DragCallbacks {
  /** A press became a drag: pick `id` up; false abandons the press. */
  start(id: string): boolean;
  /** The pointer moved while dragging (viewport coordinates). */
  move(x: number, y: number): void;
  /** Released while dragging. */
  drop(x: number, y: number): void;
  /** The drag was cancelled (Escape, a cancelled pointer). */
  cancel(): void;
  /** Every frame while dragging: scroll what is near the pointer; true when something scrolled. */
  autoScroll?(x: number, y: number): boolean;
}

/** Where, inside the pressed item, the pointer took hold of it, and the item's size. */
export interface Grab {
  dx: number;
  dy: number;
  width: number;
  height: number;
}

interface Press {
  id: string;
  pointerId: number;
  x: number;
  y: number;
  dragging: boolean;
  held: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Follows one press at a time on the host's items. */
export class DragController implements ReactiveController {
  #press: Press | undefined;
  #frame = 0;
  #swallowClick = false;
  /** The pointer's last position (viewport coordinates). */
  pointer = { x: 0, y: 0 };
  /** Where the item being pressed or dragged was grabbed. */
  grab: Grab = { dx: 0, dy: 0, width: 0, height: 0 };

  constructor(host: ReactiveControllerHost, private readonly callbacks: DragCallbacks) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.end();
  }

  /** Whether a drag (not only a press) is under way. */
  get dragging(): boolean {
    return !!this.#press?.dragging;
  }

  /** Starts following a press on item `id`, drawn by `el`. */
  press(e: PointerEvent, id: string, el: HTMLElement): void {
    this.end();
    const r = el.getBoundingClientRect();
    this.grab = { dx: e.clientX - r.left, dy: e.clientY - r.top, width: r.width, height: r.height };
    const press: Press = { id, pointerId: e.pointerId, x: e.clientX, y: e.clientY, dragging: false, held: e.pointerType !== 'touch', timer: undefined };
    if (e.pointerType === 'touch') press.timer = setTimeout(() => { press.held = true; }, TOUCH_HOLD_MS);
    this.#press = press;
    this.pointer = { x: e.clientX, y: e.clientY };
    window.addEventListener('pointermove', this.#onMove);
    window.addEventListener('pointerup', this.#onUp);
    window.addEventListener('pointercancel', this.#onCancel);
    window.addEventListener('touchmove', this.#onTouchMove, { passive: false });
    window.addEventListener('keydown', this.#onKeydown, true);
  }

  /** Forgets the press or drag and its listeners (the host ends the move itself). */
  end(): void {
    if (this.#press?.timer) clearTimeout(this.#press.timer);
    this.#press = undefined;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    window.removeEventListener('pointermove', this.#onMove);
    window.removeEventListener('pointerup', this.#onUp);
    window.removeEventListener('pointercancel', this.#onCancel);
    window.removeEventListener('touchmove', this.#onTouchMove);
    window.removeEventListener('keydown', this.#onKeydown, true);
  }

  /** True (once) when a click arrives right after a drop: the drop was not a click. */
  swallowClick(): boolean {
    const swallow = this.#swallowClick;
    this.#swallowClick = false;
    return swallow;
  }

  readonly #onMove = (e: PointerEvent): void => {
    const press = this.#press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.pointer = { x: e.clientX, y: e.clientY };
    if (!press.dragging) {
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) <= DRAG_THRESHOLD_PX) return;
      // Moved before the hold completed: the finger is scrolling, not dragging.
      if (!press.held || !this.callbacks.start(press.id)) {
        this.end();
        return;
      }
      press.dragging = true;
      this.#frame = requestAnimationFrame(this.#tick);
    }
    e.preventDefault();
    this.callbacks.move(e.clientX, e.clientY);
  };

  readonly #onTouchMove = (e: TouchEvent): void => {
    if (this.#press?.held && e.cancelable) e.preventDefault();
  };

  readonly #onUp = (e: PointerEvent): void => {
    const press = this.#press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.end();
    if (!press.dragging) return;
    this.#swallowClick = true;
    setTimeout(() => { this.#swallowClick = false; }, 0);
    this.pointer = { x: e.clientX, y: e.clientY };
    this.callbacks.drop(e.clientX, e.clientY);
  };

  readonly #onCancel = (e: PointerEvent): void => {
    const press = this.#press;
    if (!press || e.pointerId !== press.pointerId) return;
    this.end();
    if (press.dragging) this.callbacks.cancel();
  };

  readonly #onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.#press?.dragging) return;
    e.preventDefault();
    e.stopPropagation();
    this.end();
    this.callbacks.cancel();
  };

  readonly #tick = (): void => {
    if (!this.#press?.dragging) return;
    const { x, y } = this.pointer;
    if (this.callbacks.autoScroll?.(x, y)) this.callbacks.move(x, y);
    this.#frame = requestAnimationFrame(this.#tick);
  };
}

// Per ghost: where translate(0, 0) puts it and how many viewport pixels one CSS pixel of it is.
const frames = new WeakMap<HTMLElement, { ox: number; oy: number; sx: number; sy: number }>();

/**
 * Puts `ghost` (rendered with `popover="manual"`) so that the point where the item was grabbed is
 * at (`x`, `y`) in the viewport, at the item's size. Shown as a popover, the ghost is in the top
 * layer, where `fixed` means the viewport even inside a transformed or contained host. Its first
 * placement is measured once (two reads of its box): any offset and scale left (zoomed content, an
 * engine without popovers) is corrected on every later move without reading layout again.
 */
export function placeGhost(ghost: HTMLElement, x: number, y: number, grab: Grab): void {
  let frame = frames.get(ghost);
  if (!frame) {
    try {
      if (!ghost.matches(':popover-open')) ghost.showPopover();
    } catch { /* no popovers: measured and corrected below */ }
    ghost.style.transform = 'translate(0px, 0px)';
    const a = ghost.getBoundingClientRect();
    ghost.style.transform = 'translate(100px, 100px)';
    const b = ghost.getBoundingClientRect();
    frame = { ox: a.left, oy: a.top, sx: (b.left - a.left) / 100 || 1, sy: (b.top - a.top) / 100 || 1 };
    frames.set(ghost, frame);
    ghost.style.inlineSize = `${grab.width / frame.sx}px`;
    ghost.style.blockSize = `${grab.height / frame.sy}px`;
  }
  ghost.style.transform = `translate(${(x - grab.dx - frame.ox) / frame.sx}px, ${(y - grab.dy - frame.oy) / frame.sy}px)`;
}
