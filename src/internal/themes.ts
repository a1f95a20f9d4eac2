/**
 * Ready-made themes as token maps. A theme is only `--l2c-*` values: apply it with `applyTheme` or
 * write the same declarations in a stylesheet. White-labelling never needs more than tokens and parts.
 */
import type { TokenName } from './tokens.js';

/** A set of token values. */
export type Theme = Partial<Record<TokenName, string>>;

/** Built-in themes. */
export const THEMES: Record<'default' | 'dark', Theme> = {
  default: {},
  dark: {
    'color-primary': '#93b4ff',
    'color-on-primary': '#0b1220',
    'color-danger': '#fca5a5',
    'color-success': '#86efac',
    'color-warning': '#fcd34d',
    surface: '#111827',
    'surface-alt': '#1f2937',
    border: '#4b5563',
    text: '#f3f4f6',
    'text-muted': '#c2c8d0',
    'focus-ring': '2px solid #93b4ff',
    shadow: '0 1px 3px rgb(0 0 0 / 0.6)',
    'chart-1': '#56b4e9',
    'chart-2': '#f0b84a',
    'chart-3': '#34d399',
    'chart-4': '#e5a0c6',
    'chart-5': '#93c5fd',
    'chart-6': '#fb923c',
    'chart-7': '#e7d96a',
    'chart-8': '#d1d5db',
  },
};

/** Sets a theme's tokens as custom properties on `el` (through CSSOM, allowed under a strict CSP). */
export function applyTheme(el: HTMLElement, theme: Theme): void {
  for (const [name, value] of Object.entries(theme)) el.style.setProperty(`--l2c-${name}`, value);
}
