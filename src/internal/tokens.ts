/**
 * Global design tokens `--l2c-*` with their defaults. Elements never read `--l2c-*` directly: the
 * token sheet maps each onto a private `--_l2c-*` on the host with the default as fallback, so a
 * host page may set any token on `:root`, a container or the element itself and it always wins.
 */
import { unsafeCSS, type CSSResult } from 'lit';

/** Every global token and its default. */
export const TOKENS = {
  'color-primary': '#1d4ed8',
  'color-on-primary': '#ffffff',
  'color-danger': '#b91c1c',
  'color-success': '#15803d',
  'color-warning': '#a15c07',
  surface: '#ffffff',
  'surface-alt': '#f3f4f6',
  border: '#c4c9d2',
  text: '#111827',
  'text-muted': '#4b5563',
  'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif',
  // Pixels, not rem: a host page with `html { font-size: 62.5% }` must not shrink the elements.
  'font-size': '15px',
  'line-height': '1.45',
  radius: '6px',
  'space-1': '4px',
  'space-2': '8px',
  'space-3': '12px',
  'space-4': '16px',
  'space-5': '24px',
  'space-6': '32px',
  'focus-ring': '2px solid #1d4ed8',
  shadow: '0 1px 2px rgb(0 0 0 / 0.08), 0 1px 3px rgb(0 0 0 / 0.06)',
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

export type TokenName = keyof typeof TOKENS;

/** Token names read from script (through computed style) rather than from a stylesheet. */
export const SCRIPT_TOKENS: readonly TokenName[] = [
  'chart-1', 'chart-2', 'chart-3', 'chart-4', 'chart-5', 'chart-6', 'chart-7', 'chart-8',
];

// Built from the constant above, never from data, so unsafeCSS carries no outside input.
const declarations = Object.entries(TOKENS)
  .map(([name, value]) => `--_l2c-${name}: var(--l2c-${name}, ${value});`)
  .join('\n  ');

/** The token sheet every element includes first. */
export const tokenStyles: CSSResult = unsafeCSS(`:host {\n  ${declarations}\n}`);

/** The chart palette as resolved on `el` (tokens may be themed per container). */
export function chartPalette(el: Element): string[] {
  const style = getComputedStyle(el);
  return SCRIPT_TOKENS.map((name) => style.getPropertyValue(`--_l2c-${name}`).trim() || TOKENS[name]);
}
