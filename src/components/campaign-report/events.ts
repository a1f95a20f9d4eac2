/** The events `<campaign-report>` fires, typed for `addEventListener`. */
import type { CampaignCost } from '../../core/campaigns.js';

/** `costs-changed`: campaign costs were entered or imported; `campaigns` is the whole list now. */
export interface CostsChangedDetail {
  campaigns: CampaignCost[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'costs-changed': CustomEvent<CostsChangedDetail>;
  }
}
