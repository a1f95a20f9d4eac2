/**
 * What the deal panel (deal-panel.ts) needs from the element that shows it: `<deal-view>`, or the
 * board's deal drawer. Nothing else of either is visible to it.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Activity, Pipeline } from '../../core/model.js';
import type { LocalizeController } from '../../internal/localize.js';
import type { Repository } from '../../storage/types.js';

/** The detail type of event `K`. */
export type EventDetail<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** The element a deal panel renders into. */
export interface PanelHost {
  readonly element: ReactiveControllerHost & HTMLElement & {
    readonly renderRoot: HTMLElement | DocumentFragment;
    readonly updateComplete: Promise<boolean>;
  };
  readonly localize: LocalizeController;
  /** Where edits are stored; undefined in controlled use (every change is then an event for the host to apply). */
  readonly repository: Repository | undefined;
  /** The deal's pipeline (its stages, policy and lost reasons). */
  readonly pipeline: Pipeline | undefined;
  /** Display names of owners by id (the owner field's choices). */
  readonly owners: Record<string, string> | undefined;
  /** Activities given by the host (controlled use), else undefined: the panel reads the deal's own. */
  readonly activities: Activity[] | undefined;
  /** The locale Intl formats with. */
  readonly formatLocale: string;
  /** A link to a lead, `{id}` standing for its id (e.g. `/leads/{id}`); without it the lead is named only. */
  readonly leadHref: string | undefined;
  /** The present in ms. */
  now(): number;
  emit<K extends keyof HTMLElementEventMap>(name: K, detail: EventDetail<K>, cancelable?: boolean): boolean;
  announce(text: string): void;
  /** A storage error as a sentence in the element's language. */
  errorText(error: unknown): string;
}
