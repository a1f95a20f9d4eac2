/**
 * The demo's settings: storage (IndexedDB or the REST server), language and theme, remembered in
 * localStorage. A URL parameter (`?store=rest&api=http://…&lang=zh-CN&theme=dark`) sets one and is
 * remembered too, so a link can open the demo in a given state.
 */

export const STORES = ['indexeddb', 'rest'] as const;
export type DemoStore = (typeof STORES)[number];
export const LANGS = ['en', 'zh-CN'] as const;
export type DemoLang = (typeof LANGS)[number];
export const THEME_NAMES = ['default', 'dark', 'acme'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** The reference server `npm start` runs. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8787';

/** IndexedDB databases: the demo's own store, and the REST adapter's cache and outbox (kept apart). */
export const DB_NAMES = { indexeddb: 'l2c-demo', rest: 'l2c-demo-rest' } as const;

export interface Settings {
  store: DemoStore;
  endpoint: string;
  lang: DemoLang;
  theme: ThemeName;
  /**
   * The REST server's keys: a form key for the marketing page, a member key for the workspace.
   * `npm start` creates them on its server and hands them to the pages (scripts/demo-setup.ts);
   * `?formKey=` and `?key=` set others (for `?api=`, another server).
   */
  formKey: string;
  memberKey: string;
}

/** The keys `npm start` made for this demo (Vite passes them as `import.meta.env`). */
const started = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};

const KEY = 'l2c-demo:settings';

function oneOf<T extends string>(list: readonly T[], value: unknown, fallback: T): T {
  return typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : fallback;
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** A key as the server issues them (`l2c_pk_…`, `l2c_sk_…`), or undefined. */
function key(value: unknown): string | undefined {
  return typeof value === 'string' && /^l2c_(pk|sk)_[\w-]+$/.test(value) ? value : undefined;
}

/** Reads the settings: URL parameters, then localStorage, then the defaults. */
export function loadSettings(): Settings {
  let stored: Record<string, unknown> = {};
  try {
    stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, unknown>;
  } catch {
    // A damaged entry is replaced below.
  }
  const params = new URLSearchParams(location.search);
  const pick = (name: string, key = name) => params.get(name) ?? stored[key];
  const browserLang = navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const settings: Settings = {
    store: oneOf(STORES, pick('store'), 'indexeddb'),
    endpoint: httpUrl(pick('api', 'endpoint')) ?? DEFAULT_ENDPOINT,
    lang: oneOf(LANGS, pick('lang'), browserLang),
    theme: oneOf(THEME_NAMES, pick('theme'), 'default'),
    formKey: key(params.get('formKey')) ?? key(started.VITE_L2C_FORM_KEY) ?? key(stored.formKey) ?? '',
    memberKey: key(params.get('key')) ?? key(started.VITE_L2C_MEMBER_KEY) ?? key(stored.memberKey) ?? '',
  };
  saveSettings(settings);
  // Taken and remembered: drop them from the address, so a later switch is not undone by a reload.
  const own = ['store', 'api', 'lang', 'theme', 'key', 'formKey'].filter((name) => params.has(name));
  if (own.length) {
    for (const name of own) params.delete(name);
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  return settings;
}

/** Remembers the settings. */
export function saveSettings(settings: Settings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage may be off (private mode): the demo still works for this page.
  }
}
