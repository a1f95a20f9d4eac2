/**
 * Registers the hand-off elements (issue 17) under their default tags: `<lead-inbox>`,
 * `<routing-editor>` and `<campaign-report>`, with `<l2c-provider>` (already defined is skipped).
 * The forecast and the scoring studio (issue 14) are in define-insights.js.
 * Apart from define.js as their script-tag bundle is apart from l2c-elements.js: a page imports
 * what it shows. It exports the classes it registered, so this import alone types their tags and
 * events, as define.js does for the others.
 */
import { CampaignReport } from './components/campaign-report/campaign-report.js';
import { L2cProvider } from './components/l2c-provider/l2c-provider.js';
import { LeadInbox } from './components/lead-inbox/lead-inbox.js';
import { RoutingEditor } from './components/routing-editor/routing-editor.js';

L2cProvider.define();
LeadInbox.define();
RoutingEditor.define();
CampaignReport.define();

export { CampaignReport, L2cProvider, LeadInbox, RoutingEditor };
