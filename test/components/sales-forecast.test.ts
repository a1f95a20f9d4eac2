/**
 * `<sales-forecast>` (issue 14) in Chromium, Firefox and WebKit: the forecast of the stored deals
 * with its range, the backtest beside the baselines, month/quarter by keyboard, chart, CSV and
 * PNG, Chinese, controlled use and failures. Runs against the element and a vendor's subclass.
 */
import { SalesForecast } from '../../src/components/sales-forecast/sales-forecast.js';
import { salesForecastSuite } from './sales-forecast.suite.js';

/** A vendor's white-label forecast: same behaviour under its own tag. */
class AcmeSalesForecast extends SalesForecast {}

salesForecastSuite(SalesForecast, 'sales-forecast');
salesForecastSuite(AcmeSalesForecast, 'acme-sales-forecast');
