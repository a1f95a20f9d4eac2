/**
 * Test fixtures: mount an element under a theme and a locale, as a host page would.
 */
import { fixture, fixtureCleanup } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import { THEMES, applyTheme, type Theme } from '../src/internal/themes.js';

/** How to mount: a built-in theme name or token map, and a locale set as `lang` on a wrapper. */
export interface MountOptions {
  theme?: keyof typeof THEMES | Theme;
  locale?: string;
}

/**
 * Renders `template` inside a wrapper carrying `lang` and the theme's tokens and returns the first
 * element of the template, after its first update.
 */
export async function mount<T extends Element>(template: TemplateResult, options: MountOptions = {}): Promise<T> {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${options.locale ?? 'en'}>${template}</div>`);
  const theme = typeof options.theme === 'string' ? THEMES[options.theme] : options.theme ?? {};
  applyTheme(wrapper, theme);
  const el = wrapper.firstElementChild as T | null;
  if (!el) throw new Error('mount: the template rendered no element');
  if ('updateComplete' in el) await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

export { fixtureCleanup };

/** Waits for the next animation frame (layout and paint have run). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
