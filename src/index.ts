/**
 * l2c-elements: side-effect-free exports. Importing this module registers no element; import
 * `l2c-elements/define.js` for the default tags, or call `SomeElement.define('my-tag')`.
 */
export * from './core/index.js';
export * from './storage/index.js';
export { L2cProvider } from './components/l2c-provider/l2c-provider.js';
export { SalesProcessMap, PROCESS_MAP_VIEWS, PROCESS_MAP_DIRECTIONS, type ProcessMapView, type ProcessMapDirection } from './components/sales-process-map/sales-process-map.js';
export { salesProcessMapStrings, type SalesProcessMapStrings } from './components/sales-process-map/strings.js';
export type { NodeSelectedDetail } from './components/sales-process-map/events.js';
export type { QualificationChangedDetail, QualificationSavedDetail, LeadNurturedDetail } from './components/bant-qualifier/events.js';
export { LeadCaptureForm, type FormField, type FieldOption, type FieldType, type ShowIf, type LeadSubmittedDetail, type LeadSyncedDetail, type LeadFailedDetail, type LeadFailure, type FormStepChangedDetail } from './components/lead-capture-form/lead-capture-form.js';
export { BantQualifier, type BantQualifierConfig, type BantQualifierResult, type BantLevelOption, type BantCriterionText, type LeadBantRecord, type LocalizedText, type BantQualifierAnswers, type BantQualifierAnswer } from './components/bant-qualifier/bant-qualifier.js';
export { FunnelChart, type FunnelChartModule, type StageSelectedDetail } from './components/funnel-chart/funnel-chart.js';
export { PipelineBoard, MAX_CARDS, pipelineBoardStrings, type PipelineBoardStrings, type DealMoveDetail, type DealOpenedDetail, type PipelineSelectedDetail, type MoveSource } from './components/pipeline-board/pipeline-board.js';
export { boardActionStrings, type BoardActionStrings } from './components/pipeline-board/action-strings.js';
export { DealView } from './components/deal-view/deal-view.js';
export { LeadInbox, INBOX_VIEWS, type InboxView, type LeadAcceptedDetail, type LeadRejectedDetail, type LeadReassignedDetail, type LeadOpenedDetail } from './components/lead-inbox/lead-inbox.js';
export { leadInboxStrings, type LeadInboxStrings } from './components/lead-inbox/strings.js';
export { RoutingEditor, type RoutingSavedDetail } from './components/routing-editor/routing-editor.js';
export { routingEditorStrings, type RoutingEditorStrings } from './components/routing-editor/strings.js';
export { CampaignReport, REPORT_COLUMNS, type ReportColumn, type CostsChangedDetail } from './components/campaign-report/campaign-report.js';
export { campaignReportStrings, type CampaignReportStrings } from './components/campaign-report/strings.js';
export { SalesForecast, type SalesForecastChartModule, type ForecastPeriodChangedDetail } from './components/sales-forecast/sales-forecast.js';
export { salesForecastStrings, type SalesForecastStrings } from './components/sales-forecast/strings.js';
export { ScoringStudio, MIN_EXAMPLES_EACH, type ScoringAppliedDetail } from './components/scoring-studio/scoring-studio.js';
export { scoringStudioStrings, type ScoringStudioStrings } from './components/scoring-studio/strings.js';
export { handoffStrings, type HandoffStrings } from './internal/handoff-strings.js';
export { dealViewStrings, type DealViewStrings } from './components/deal-view/strings.js';
export { draftStrings, type DraftStrings } from './internal/draft-strings.js';
export type { DealCreatedDetail, DealUpdatedDetail, DealDeletedDetail, ActivityCreatedDetail, ActivityUpdatedDetail } from './internal/deal-events.js';
export type { StageInput, FunnelMeasure, FunnelPercentBase, FunnelOrientation } from './components/funnel-chart/funnel-data.js';
export { StoreController, type StoreHost, type StoreOptions } from './internal/store-controller.js';
export { l2cContext, type L2cContextValue } from './internal/context.js';
export { L2cElement } from './internal/base-element.js';
export { LocalizeController, Strings, registerTranslation, resolveLocale, type MessagesLoader } from './internal/localize.js';
// Each element's own messages: `xStrings.add('de', {...})` adds a language (with registerTranslation).
export { leadFormStrings, type LeadFormStrings } from './components/lead-capture-form/strings.js';
export { funnelChartStrings, type FunnelChartStrings } from './components/funnel-chart/strings.js';
export { bantQualifierStrings, type BantQualifierStrings } from './components/bant-qualifier/strings.js';
export { formatDate, formatMoney, formatNumber, formatPercent, formatRelativeDays } from './internal/format.js';
export { TOKENS, chartPalette } from './internal/tokens.js';
export { THEMES, applyTheme, type Theme } from './internal/themes.js';
export type { Translation, TranslationOverrides } from './translations/translation.js';
export { trainScoringModel, type TrainOptions } from './internal/learn-client.js';
