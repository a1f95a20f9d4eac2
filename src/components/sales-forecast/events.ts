/** The events `<sales-forecast>` fires, typed for `addEventListener`. */
import type { ForecastPeriod } from '../../core/forecast/index.js';

/** `forecast-period-changed`: the user switched between months and quarters. */
export interface ForecastPeriodChangedDetail {
  period: ForecastPeriod;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'forecast-period-changed': CustomEvent<ForecastPeriodChangedDetail>;
  }
}
