/**
 * Global design tokens `--l2c-*` with their defaults: those every element uses (base-tokens.ts) and
 * the chart palette, which only the funnel draws with, reading the resolved colours from script.
 */
import type { CSSResult } from 'lit';
import { BASE_TOKENS, tokenSheet } from './base-tokens.js';

export { tokenStyles } from './base-tokens.js';

/** The chart palette and its defaults. */
export const CHART_TOKENS = {
  // Okabe-Ito based: distinguishable with the common colour-vision deficiencies.
  'chart-1': '#0072b2',
  'chart-2': '#e69f00',
  'chart-3': '#009e73',
  'chart-4': '#cc79a7',
  'chart-5': '#56b4e9',
  'chart-6': '#d55e00',
  'chart-7': '#8a7a00',
  'chart-8': '#4b5563',
} as const;

/** Every global token and its default. */
export const TOKENS = { ...BASE_TOKENS, ...CHART_TOKENS } as const;

export type TokenName = keyof typeof TOKENS;

/** Token names read from script (through computed style) rather than from a stylesheet. */
export const SCRIPT_TOKENS = Object.keys(CHART_TOKENS) as readonly (keyof typeof CHART_TOKENS)[];

/** The chart palette's token sheet, which the funnel includes after the shared sheets. */
export const chartTokenStyles: CSSResult = tokenSheet(CHART_TOKENS);

/** The chart palette as resolved on `el` (tokens may be themed per container). */
export function chartPalette(el: Element): string[] {
  const style = getComputedStyle(el);
  return SCRIPT_TOKENS.map((name) => style.getPropertyValue(`--_l2c-${name}`).trim() || TOKENS[name]);
}
