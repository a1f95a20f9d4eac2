/**
 * The global design tokens every element uses, with their defaults, and their sheet. Elements never
 * read `--l2c-*` directly: the token sheet maps each onto a private `--_l2c-*` on the host with the
 * default as fallback, so a host page may set any token on `:root`, a container or the element itself
 * and it always wins. The chart palette's tokens are in tokens.ts, with the funnel that draws with
 * them, so that the lead form's bundle does not carry them.
 */
import { unsafeCSS, type CSSResult } from 'lit';

/** Every global token but the chart palette's, and its default. */
export const BASE_TOKENS = {
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
} as const;

/** `:host` declarations mapping each `--l2c-*` token onto its private `--_l2c-*`, the default as fallback. */
export function tokenSheet(tokens: Readonly<Record<string, string>>): CSSResult {
  // Built from constants, never from data, so unsafeCSS carries no outside input.
  const declarations = Object.entries(tokens).map(([name, value]) => `--_l2c-${name}: var(--l2c-${name}, ${value});`);
  return unsafeCSS(`:host {\n  ${declarations.join('\n  ')}\n}`);
}

/** The token sheet every element includes first. */
export const tokenStyles: CSSResult = tokenSheet(BASE_TOKENS);
