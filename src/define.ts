/**
 * Registers every element under its default tag. The only module with that side effect
 * (STYLE.md habit 10); an already defined tag is skipped, so importing it twice is harmless.
 * The provider goes first so the elements inside it find it as they upgrade.
 *
 * It also exports the classes it registered: their declarations (the `HTMLElementTagNameMap` entry
 * of each tag, the events on `GlobalEventHandlersEventMap`) then come with this import, so
 * `import 'l2c-elements/define.js'` alone types `querySelector('pipeline-board')` and every
 * listener. A new element is imported, defined and exported here.
 */
import { L2cProvider } from './components/l2c-provider/l2c-provider.js';
import { SalesProcessMap } from './components/sales-process-map/sales-process-map.js';
import { LeadCaptureForm } from './components/lead-capture-form/lead-capture-form.js';
import { BantQualifier } from './components/bant-qualifier/bant-qualifier.js';
import { FunnelChart } from './components/funnel-chart/funnel-chart.js';
import { PipelineBoard } from './components/pipeline-board/pipeline-board.js';
import { DealView } from './components/deal-view/deal-view.js';

L2cProvider.define();
SalesProcessMap.define();
LeadCaptureForm.define();
BantQualifier.define();
FunnelChart.define();
PipelineBoard.define();
DealView.define();

export { L2cProvider, SalesProcessMap, LeadCaptureForm, BantQualifier, FunnelChart, PipelineBoard, DealView };
