/**
 * l2c-elements: side-effect-free exports. Importing this module registers no element; import
 * `l2c-elements/define.js` for the default tags, or call `SomeElement.define('my-tag')`.
 */
export * from './core/index.js';
export * from './storage/index.js';
export { L2cProvider } from './components/l2c-provider/l2c-provider.js';
export { StoreController, type StoreHost, type StoreOptions } from './internal/store-controller.js';
export { l2cContext, type L2cContextValue } from './internal/context.js';
export { L2cElement } from './internal/base-element.js';
export { LocalizeController, registerTranslation, resolveLocale } from './internal/localize.js';
export { formatDate, formatMoney, formatNumber, formatPercent, formatRelativeDays } from './internal/format.js';
export { TOKENS, chartPalette } from './internal/tokens.js';
export { THEMES, applyTheme, type Theme } from './internal/themes.js';
export type { Translation, TranslationOverrides } from './translations/translation.js';
