/** Revenue forecast calibrated on the pipeline's own history, and its backtest. */
export { FORECAST_PERIODS, type ForecastPeriod } from './periods.js';
export { PRIOR_DEALS, HISTORY_PRIOR, BIN_DAYS, NEW_DEAL_DAYS, MONTHLY_CV_PRIOR, PRIOR_MONTHS, type StageRate, type HazardBin, type ForecastRates } from './learn.js';
export { forecastRevenue, type ForecastOptions, type PeriodForecast, type RevenueForecast } from './forecast.js';
export { backtestForecast, summarizeBacktest, forecastError, type BacktestOptions, type BacktestRow, type ForecastError, type Backtest } from './backtest.js';
