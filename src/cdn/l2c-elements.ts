/**
 * Script-tag bundle of the whole suite: `<script type="module" src=".../l2c-elements.js">` defines
 * every element. It exports the element classes (for `define('acme-…')`), not the whole core: pages
 * that want the domain functions import `l2c-elements/core` instead.
 */
import '../define.js';

export { BantQualifier } from '../components/bant-qualifier/bant-qualifier.js';
export { FunnelChart } from '../components/funnel-chart/funnel-chart.js';
export { L2cProvider } from '../components/l2c-provider/l2c-provider.js';
export { LeadCaptureForm } from '../components/lead-capture-form/lead-capture-form.js';
export { PipelineBoard } from '../components/pipeline-board/pipeline-board.js';
export { DealView } from '../components/deal-view/deal-view.js';
export { SalesProcessMap } from '../components/sales-process-map/sales-process-map.js';
export { THEMES, applyTheme } from '../internal/themes.js';
