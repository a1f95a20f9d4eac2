/** `<sales-forecast>`'s own messages (English; Chinese loads on first use). */
import type { ForecastPeriod } from '../../core/forecast/index.js';
import { Strings } from '../../internal/localize.js';

/** Every message of `<sales-forecast>`. */
export interface SalesForecastStrings {
  title: string;
  intro: string;
  pipeline: string;
  period: string;
  periods: Record<ForecastPeriod, string>;
  quarterLabel: (quarter: number, year: number) => string;
  exportCsv: string;
  downloadPng: string;
  exported: string;
  pngSaved: string;
  periodShown: (period: string) => string;
  /** The chart's text alternative and the summary above it. */
  summary: (period: string, expected: string, low: string, high: string) => string;
  chartTitle: string;
  chartFailed: string;
  caption: (asOf: string) => string;
  columns: { period: string; closedWon: string; expected: string; low: string; high: string };
  accuracy: string;
  accuracyIntro: (count: number, period: string) => string;
  /** Why fewer past periods were replayed than asked: the history starts later. */
  accuracySince: (start: string) => string;
  accuracyCaption: string;
  accuracyColumns: { method: string; mape: string; bias: string };
  methods: { forecast: string; weightedPipeline: string; meanOfLastThree: string };
  coverage: (share: string, count: number) => string;
  noAccuracy: string;
  measuring: string;
  learned: string;
  learnedIntro: (closed: string, won: string) => string;
  learnedColumns: { stage: string; closed: string; won: string; rate: string; prior: string };
  daysToWin: (days: string) => string;
  legend: { expected: string; range: string };
  empty: string;
  noPipeline: string;
}

const en: SalesForecastStrings = {
  title: 'Revenue forecast',
  intro: 'Expected won revenue per period, learned from how this pipeline’s deals closed so far. Old deals that stall count for less.',
  pipeline: 'Pipeline',
  period: 'Period',
  periods: { month: 'Months', quarter: 'Quarters' },
  quarterLabel: (quarter, year) => `Q${quarter} ${year}`,
  exportCsv: 'Export CSV',
  downloadPng: 'Download PNG',
  exported: 'The forecast was saved as a CSV file.',
  pngSaved: 'The chart was saved as a PNG image.',
  periodShown: (period) => `Showing the forecast by ${period.toLowerCase()}.`,
  summary: (period, expected, low, high) => `${period}: ${expected} expected, likely between ${low} and ${high}.`,
  chartTitle: 'Expected won revenue with its 80 % range',
  chartFailed: 'The chart could not be loaded; the table below has every figure.',
  caption: (asOf) => `Forecast as of ${asOf}. The range holds the outcome 8 times in 10.`,
  columns: { period: 'Period', closedWon: 'Already won', expected: 'Expected', low: 'Low', high: 'High' },
  accuracy: 'Accuracy on past periods',
  accuracyIntro: (count, period) => `Made again at the start of each of the last ${count} ${period.toLowerCase()}, with only what was known then, and compared with what was won.`,
  accuracySince: (start) => `Replayed from ${start}: before that, no deal had closed yet.`,
  accuracyCaption: 'Mean absolute percentage error (lower is better) and bias (above 0: forecast too high).',
  accuracyColumns: { method: 'Method', mape: 'Error (MAPE)', bias: 'Bias' },
  methods: { forecast: 'This forecast', weightedPipeline: 'Weighted pipeline', meanOfLastThree: 'Mean of the last three periods' },
  coverage: (share, count) => `The actual fell inside the range in ${share} of ${count} periods.`,
  measuring: 'Measuring the accuracy on past periods…',
  noAccuracy: 'Not enough won deals in past periods to measure the accuracy yet.',
  learned: 'What the forecast learned',
  learnedIntro: (closed, won) => `From ${closed} closed deals, ${won} of them won.`,
  learnedColumns: { stage: 'Stage', closed: 'Closed deals', won: 'Won', rate: 'Learned win rate', prior: 'Set probability' },
  daysToWin: (days) => `A won deal took ${days} days from creation on average.`,
  legend: { expected: 'Expected', range: '80 % range' },
  empty: 'No deals in this pipeline yet.',
  noPipeline: 'No pipeline to forecast.',
};

/** The forecast's messages; add a locale with `salesForecastStrings.add('de', {...})`. */
export const salesForecastStrings = new Strings<SalesForecastStrings>('sales-forecast', { en, 'zh-CN': () => import('./strings.zh-CN.js') });
