/** The events `<routing-editor>` fires, typed for `addEventListener`. */
import type { Settings } from '../../core/model.js';

/** `routing-saved`: the routing configuration was saved (`{ id: 'routing', ...RoutingConfig, updatedAt }`). */
export interface RoutingSavedDetail {
  settings: Settings;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'routing-saved': CustomEvent<RoutingSavedDetail>;
  }
}
