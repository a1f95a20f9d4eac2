/**
 * Custom states (`:state(name)`) of an element through ElementInternals, for styling from outside:
 * `el.matches(':state(loading)')`, `my-board:state(dragging) { … }`. Engines that only know the
 * older `:--name` form get that; engines without custom states get nothing, quietly.
 */

/** The custom states of one element. */
export class ElementStates {
  readonly #states: CustomStateSet | undefined;

  /** `internals` from the element's own `attachInternals()` (a form-associated element has them already). */
  constructor(internals: ElementInternals | undefined) {
    this.#states = internals?.states;
  }

  /**
   * Attaches ElementInternals to `host` (call from its constructor) and returns them, or undefined
   * where the engine has none or they were attached already.
   */
  static internalsOf(host: HTMLElement): ElementInternals | undefined {
    try {
      return host.attachInternals();
    } catch {
      return undefined;
    }
  }

  /** Turns state `name` on or off. */
  set(name: string, on: boolean): void {
    const states = this.#states;
    if (!states) return;
    try {
      if (on) states.add(name);
      else states.delete(name);
    } catch {
      // Older engines only accept the `--name` form of custom states.
      try {
        if (on) states.add(`--${name}`);
        else states.delete(`--${name}`);
      } catch { /* custom states unsupported */ }
    }
  }

  /** Sets every state of `states` at once. */
  sync(states: Readonly<Record<string, boolean>>): void {
    for (const [name, on] of Object.entries(states)) this.set(name, on);
  }
}
