/**
 * What every demo page shares: the settings bar (language, theme, data store), the brand (default
 * tags, or Acme's renamed tags and stylesheet), one `<l2c-provider>` that the page's elements live
 * in, the REST server check, and the sample data on first start.
 */
import { THEMES, applyTheme, type Repository } from '../src/index.js';
import { defineBrand, type Tags } from './brand.js';
import { byId, h, replace } from './dom.js';
import { textsFor, type Texts } from './i18n.js';
import { KeyRefused, probeServer, seedIfEmpty, type SeedReport } from './seed.js';
import { DB_NAMES, LANGS, STORES, THEME_NAMES, loadSettings, saveSettings, type DemoLang, type DemoStore, type Settings, type ThemeName } from './settings.js';

export type Page = 'home' | 'marketing' | 'workspace';

/** What a page gets from the shell. */
export interface Shell {
  settings: Settings;
  tags: Tags;
  /** The `<l2c-provider>` (or Acme's) the page puts its elements in. */
  provider: HTMLElement & { repository: Repository | undefined };
  /** The current texts. */
  texts(): Texts;
  /** Calls `listener` now and after every language change. */
  onLanguage(listener: (texts: Texts, lang: DemoLang) => void): void;
  /** Calls `listener` with the repository now and after every store switch. */
  onRepository(listener: (repository: Repository) => void): void;
}

type Status =
  | { kind: 'store' }
  | { kind: 'checking' }
  | { kind: 'unreachable' }
  | { kind: 'seeding' }
  | { kind: 'seeded'; report: SeedReport }
  | { kind: 'seed-failed'; message: string }
  | { kind: 'refused'; status: number };

const DARK_TOKENS = Object.keys(THEMES.dark);

function applyThemeTokens(theme: ThemeName): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  for (const name of DARK_TOKENS) root.style.removeProperty(`--l2c-${name}`);
  // Dark is nothing but token values (THEMES.dark); Acme's tokens and parts are in acme.css.
  if (theme === 'dark') applyTheme(root, THEMES.dark);
}

function loadAcmeStylesheet(): void {
  const link = h('link', { rel: 'stylesheet', href: new URL('./acme.css', import.meta.url).href, id: 'acme-css' });
  document.head.append(link);
}

/** Builds the page chrome and the provider; `page` names the current page for the navigation. */
export function startShell(page: Page): Shell {
  const settings = loadSettings();
  const brand = settings.theme === 'acme' ? 'acme' : 'default';
  const tags = defineBrand(brand);
  if (brand === 'acme') loadAcmeStylesheet();
  applyThemeTokens(settings.theme);
  document.documentElement.lang = settings.lang;

  const languageListeners: ((texts: Texts, lang: DemoLang) => void)[] = [];
  const repositoryListeners: ((repository: Repository) => void)[] = [];
  let status: Status = { kind: 'store' };
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let texts = textsFor(settings.lang);

  const provider = document.createElement(tags.provider) as Shell['provider'];
  provider.id = 'provider';
  provider.setAttribute('currency', 'USD');

  const header = byId('site-header');
  const statusBox = byId('status');

  function configureProvider(): void {
    provider.setAttribute('store', settings.store);
    provider.setAttribute('db-name', DB_NAMES[settings.store]);
    if (settings.store === 'rest') provider.setAttribute('endpoint', settings.endpoint);
    else provider.removeAttribute('endpoint');
    // The marketing page sends leads with the publishable form key; the workspace reads and writes
    // with a member key.
    const key = page === 'marketing' ? settings.formKey : settings.memberKey;
    if (settings.store === 'rest' && key) provider.setAttribute('api-key', key);
    else provider.removeAttribute('api-key');
    // `locale` is a reactive property, so the provider passes the change on to every element at once.
    provider.setAttribute('locale', settings.lang);
    provider.setAttribute('lang', settings.lang);
  }

  function select<T extends string>(id: string, label: string, values: readonly T[], current: T, name: (v: T) => string, change: (v: T) => void): HTMLElement {
    const control = h('select', { id, name: id });
    for (const v of values) {
      const option = h('option', { value: v }, name(v));
      option.selected = v === current;
      control.append(option);
    }
    control.addEventListener('change', () => change(control.value as T));
    return h('label', { class: 'setting', for: id }, h('span', {}, label), control);
  }

  function renderHeader(): void {
    const t = texts;
    const nav = h('nav', { 'aria-label': t.nav.home });
    for (const [key, href] of [['home', './index.html'], ['marketing', './marketing.html'], ['workspace', './workspace.html']] as const) {
      nav.append(h('a', { href, ...(key === page ? { 'aria-current': 'page' } : {}) }, t.nav[key]));
    }
    const settingsBar = h('div', { class: 'settings', role: 'group', 'aria-label': t.settings },
      select('lang-select', t.language, LANGS, settings.lang, (v) => (v === 'en' ? 'English' : '简体中文'), setLanguage),
      select('theme-select', t.theme, THEME_NAMES, settings.theme, (v) => t.themes[v], setTheme),
      select('store-select', t.store, STORES, settings.store, (v) => t.stores[v], (v) => void setStore(v)),
    );
    replace(header,
      h('div', { class: 'brand' },
        h('a', { href: './index.html', class: 'logo' }, brand === 'acme' ? t.brandAcme : t.brand),
        h('span', { class: 'tagline' }, t.tagline)),
      nav,
      settingsBar,
    );
  }

  function renderStatus(): void {
    const t = texts.status;
    const where = settings.store === 'rest' ? t.rest(settings.endpoint) : t.indexeddb(DB_NAMES.indexeddb);
    statusBox.dataset.kind = status.kind;
    switch (status.kind) {
      case 'store':
        replace(statusBox, h('span', {}, where), resetButton());
        break;
      case 'checking':
        replace(statusBox, t.checking(settings.endpoint));
        break;
      case 'unreachable':
        replace(statusBox, h('strong', {}, t.unreachable(settings.endpoint)), ' ',
          h('button', { type: 'button', class: 'link-button', id: 'retry', onclick: () => void connect() }, t.retry));
        break;
      case 'seeding':
        replace(statusBox, t.seeding);
        break;
      case 'seeded':
        replace(statusBox, h('span', {}, `${where} ${t.seeded(status.report.pipelines, status.report.deals, status.report.leads)}`), resetButton());
        break;
      case 'seed-failed':
        replace(statusBox, h('strong', {}, t.seedFailed(status.message)));
        break;
      case 'refused':
        replace(statusBox, h('strong', {}, t.refused(settings.endpoint, status.status)));
        break;
    }
  }

  function resetButton(): HTMLElement | undefined {
    if (settings.store !== 'indexeddb') return undefined;
    return h('button', { type: 'button', class: 'link-button', id: 'reset-data', onclick: () => void resetData() }, texts.status.reset);
  }

  function setStatus(next: Status): void {
    status = next;
    renderStatus();
  }

  async function resetData(): Promise<void> {
    if (!confirm(texts.status.resetConfirm)) return;
    // The open connection closes itself on `versionchange`, so the delete goes through; the reload seeds again.
    provider.remove();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAMES.indexeddb);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    location.reload();
  }

  function setLanguage(lang: DemoLang): void {
    settings.lang = lang;
    saveSettings(settings);
    texts = textsFor(lang);
    document.documentElement.lang = lang;
    configureProvider();
    renderHeader();
    renderStatus();
    for (const l of languageListeners) l(texts, lang);
  }

  function setTheme(theme: ThemeName): void {
    const wasAcme = settings.theme === 'acme';
    settings.theme = theme;
    saveSettings(settings);
    // Tags cannot be unregistered: entering or leaving the Acme brand reloads into its variant.
    if (wasAcme || theme === 'acme') location.reload();
    else applyThemeTokens(theme);
  }

  async function setStore(store: DemoStore): Promise<void> {
    settings.store = store;
    saveSettings(settings);
    configureProvider();
    const repository = provider.repository;
    if (repository) for (const l of repositoryListeners) l(repository);
    await connect();
  }

  /** Checks the REST server (when it is the store) and seeds an empty store. */
  async function connect(): Promise<void> {
    clearTimeout(retryTimer);
    const repository = provider.repository;
    if (!repository) return;
    const store = settings.store;
    if (store === 'rest') {
      setStatus({ kind: 'checking' });
      try {
        await probeServer(settings.endpoint, settings.memberKey, page !== 'marketing');
      } catch (error) {
        if (settings.store === store && error instanceof KeyRefused) {
          setStatus({ kind: 'refused', status: error.status });
          return;
        }
        if (settings.store === store) {
          setStatus({ kind: 'unreachable' });
          // Keep trying quietly, so starting the server is enough.
          retryTimer = setTimeout(() => {
            if (settings.store === 'rest' && status.kind === 'unreachable') void connect();
          }, 10_000);
        }
        return;
      }
    }
    // A form key may only send leads: there is nothing for the marketing page to read or seed.
    if (store === 'rest' && page === 'marketing') {
      setStatus({ kind: 'store' });
      return;
    }
    try {
      const report = await seedIfEmpty(repository, () => {
        if (settings.store === store) setStatus({ kind: 'seeding' });
      }, settings.memberKey);
      if (settings.store !== store) return;
      setStatus(report ? { kind: 'seeded', report } : { kind: 'store' });
    } catch (error) {
      if (settings.store !== store) return;
      if (store === 'rest') setStatus({ kind: 'unreachable' });
      else setStatus({ kind: 'seed-failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  configureProvider();
  renderHeader();
  renderStatus();
  byId('main').append(provider);
  queueMicrotask(() => void connect());

  return {
    settings,
    tags,
    provider,
    texts: () => texts,
    onLanguage(listener) {
      languageListeners.push(listener);
      listener(texts, settings.lang);
    },
    onRepository(listener) {
      repositoryListeners.push(listener);
      const repository = provider.repository;
      if (repository) listener(repository);
    },
  };
}
