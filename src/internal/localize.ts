/**
 * Locale resolution and messages for every element (Shoelace's localize pattern, typed).
 * Order: the element's own `locale`/`lang`, then the locale a provider gives, then the closest
 * ancestor `lang` (across shadow roots), then `<html lang>`, then English.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en from '../translations/en.js';
import type { Translation, TranslationOverrides } from '../translations/translation.js';

const connected = new Set<LocalizeController>();

/**
 * Loads the messages of one locale on demand, e.g. `() => import('./strings.de.js')`: a module whose
 * default export is the messages, or the messages themselves.
 */
export type MessagesLoader<S> = () => Promise<S | { default: S }>;

/**
 * Messages of one element (or one part of it) by locale. English is always there (the fallback);
 * any other locale may be given as a loader, fetched the first time an element renders in it.
 */
export class Strings<S extends object> {
  // A locale's messages, or the loader that fetches them; keyed by lower-case locale.
  private readonly byLocale = new Map<string, S | MessagesLoader<S>>();
  private readonly loads = new Map<string, Promise<void>>();

  constructor(readonly name: string, locales: { en: S } & Record<string, S | MessagesLoader<S>>) {
    for (const [locale, strings] of Object.entries(locales)) this.add(locale, strings);
  }

  /** Adds or replaces the messages for `locale`, or a loader for them (register the shared translation for it too). */
  add(locale: string, strings: S | MessagesLoader<S>): this {
    const key = locale.toLowerCase();
    this.byLocale.set(key, strings);
    this.loads.delete(key);
    for (const c of connected) c.host.requestUpdate();
    return this;
  }

  /** The messages for a resolved locale code; English while that locale's are not loaded. */
  for(code: string): S {
    const strings = this.byLocale.get(code.toLowerCase());
    return typeof strings === 'object' ? strings : this.byLocale.get('en') as S;
  }

  /**
   * Fetches the messages of `code` if they are given as a loader and not here yet: the promise
   * settles once they are (a failed load keeps English, quietly). Undefined when nothing is to load.
   */
  load(code: string): Promise<void> | undefined {
    const key = code.toLowerCase();
    const loader = this.byLocale.get(key);
    if (typeof loader !== 'function') return undefined;
    let loading = this.loads.get(key);
    if (!loading) {
      loading = loader().then(
        (m) => {
          if (this.byLocale.get(key) === loader) this.byLocale.set(key, 'default' in m ? m.default as S : m);
        },
        () => {
          // English stays; later renders in this locale do not wait for it again.
          if (this.byLocale.get(key) === loader) this.byLocale.set(key, this.for('en'));
        },
      );
      this.loads.set(key, loading);
    }
    return loading;
  }
}

/** The shared messages (src/translations) as one more section: every element renders with it. */
export const translations = new Strings<Translation>('l2c', { en, 'zh-CN': () => import('../translations/zh-CN.js') });
// Registered locale codes as written (`zh-CN`), by lower-case code.
const codes = new Map([['en', 'en'], ['zh-cn', 'zh-CN']]);

/**
 * Adds or replaces shared translations: a complete `Translation` (a vendor may register `de`), or a
 * locale code with a loader for it (`registerTranslation('de', () => import('./de.js'))`).
 */
export function registerTranslation(...items: Translation[]): void;
export function registerTranslation(code: string, loader: MessagesLoader<Translation>): void;
export function registerTranslation(...items: (Translation | string | MessagesLoader<Translation>)[]): void {
  if (typeof items[0] === 'string') {
    codes.set(items[0].toLowerCase(), items[0]);
    translations.add(items[0], items[1] as MessagesLoader<Translation>);
    return;
  }
  for (const t of items as Translation[]) {
    codes.set(t.$code.toLowerCase(), t.$code);
    translations.add(t.$code, t);
  }
}

/** The registered locale closest to `requested`: exact, then same language, then English. */
export function resolveLocale(requested: string | null | undefined): string {
  if (!requested) return 'en';
  const lower = requested.toLowerCase();
  const exact = codes.get(lower);
  if (exact) return exact;
  const language = lower.split('-')[0]!;
  // Any Chinese (zh, zh-Hans, zh-TW) falls back to the Chinese we have rather than to English.
  for (const [key, code] of codes) if (key.split('-')[0] === language) return code;
  return 'en';
}

/** The shared translation for a resolved locale code (English while it is not loaded). */
export function translationFor(code: string): Translation {
  return translations.for(code);
}

/** What the controller needs from its host element. */
export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  /** The element's own locale attribute, if any. */
  locale?: string | undefined;
  /** Per-instance message overrides. */
  strings?: (TranslationOverrides & Record<string, unknown>) | undefined;
  /** A locale given by an enclosing provider. */
  providedLocale?: string | undefined;
}

let observer: MutationObserver | undefined;

// One observer for the whole document: any `lang` change re-renders connected elements.
function observeLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    for (const c of connected) c.host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

function closestLang(el: Element): string | undefined {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
      node = node.assignedSlot ?? node.parentNode;
    } else if (node instanceof ShadowRoot) {
      node = node.host;
    } else {
      node = node.parentNode;
    }
  }
  return undefined;
}

/** Resolves the host's locale and looks up its messages. */
export class LocalizeController implements ReactiveController {
  // Sections read that the host did not declare: later updates wait for them too.
  private readonly used = new Set<Strings<object>>();

  constructor(readonly host: LocalizeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    observeLang();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** The requested locale before resolution (a BCP 47 tag). */
  requested(): string {
    return this.host.locale || this.host.getAttribute('lang') || this.host.providedLocale
      // The closest lang up the tree, <html lang> included. Rendered on a server (@lit-labs/ssr:
      // no document, no tree, never connected): the element's own attributes only.
      || (this.host.isConnected && closestLang(this.host)) || 'en';
  }

  /** The resolved locale code, such as `en` or `zh-CN`. */
  lang(): string {
    return resolveLocale(this.requested());
  }

  /** The text direction of the resolved locale. */
  dir(): 'ltr' | 'rtl' {
    return translationFor(this.lang()).$dir;
  }

  /** One shared message, with instance overrides applied. */
  term<K extends keyof Translation>(key: K): Translation[K] {
    const override = this.host.strings?.[key];
    return (override ?? this.read(translations, this.lang())[key]) as Translation[K];
  }

  /** An element's own messages in the current locale, with instance overrides (`.strings`) applied. */
  section<S extends object>(strings: Strings<S>): S {
    const base = this.read(strings, this.lang());
    const overrides = this.host.strings;
    if (!overrides) return base;
    const merged = { ...base } as Record<string, unknown>;
    for (const key of Object.keys(base)) if (overrides[key] !== undefined) merged[key] = overrides[key];
    return merged as S;
  }

  /**
   * What an update must wait for: the given sections and any other section read before, in the
   * host's current locale, that are still loading; undefined when all are here.
   */
  pending(sections: readonly Strings<object>[]): Promise<unknown> | undefined {
    const lang = this.lang();
    const loads = [...sections, ...this.used].map((s) => s.load(lang)).filter((p) => p);
    return loads.length ? Promise.all(loads) : undefined;
  }

  // A section the host did not declare renders in English until its locale has loaded, then
  // again (a request during this render would be dropped: ask once the messages are here).
  private read<S extends object>(strings: Strings<S>, lang: string): S {
    const loading = strings.load(lang);
    if (loading && !this.used.has(strings)) {
      this.used.add(strings);
      void loading.then(() => this.host.requestUpdate());
    }
    return strings.for(lang);
  }
}
