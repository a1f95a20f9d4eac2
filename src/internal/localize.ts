/**
 * Locale resolution and messages for every element (Shoelace's localize pattern, typed).
 * Order: the element's own `locale`/`lang`, then the locale a provider gives, then the closest
 * ancestor `lang` (across shadow roots), then `<html lang>`, then English.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en from '../translations/en.js';
import zhCN from '../translations/zh-CN.js';
import type { Translation, TranslationOverrides } from '../translations/translation.js';

const translations = new Map<string, Translation>();
const connected = new Set<LocalizeController>();

/** Adds or replaces translations (a vendor may register `de` with a complete `Translation`). */
export function registerTranslation(...items: Translation[]): void {
  for (const t of items) translations.set(t.$code.toLowerCase(), t);
  for (const c of connected) c.host.requestUpdate();
}
registerTranslation(en, zhCN);

/** The registered locale closest to `requested`: exact, then same language, then English. */
export function resolveLocale(requested: string | null | undefined): string {
  if (!requested) return 'en';
  const lower = requested.toLowerCase();
  if (translations.has(lower)) return translations.get(lower)!.$code;
  const language = lower.split('-')[0]!;
  // Any Chinese (zh, zh-Hans, zh-TW) falls back to the Chinese we have rather than to English.
  for (const t of translations.values()) {
    if (t.$code.toLowerCase().split('-')[0] === language) return t.$code;
  }
  return 'en';
}

/** The translation for a resolved locale code. */
export function translationFor(code: string): Translation {
  return translations.get(code.toLowerCase()) ?? en;
}

/** Messages of one element in every built-in locale; more can be added with `add`. */
export class Strings<S extends object> {
  private readonly byLocale = new Map<string, S>();

  constructor(readonly name: string, locales: { en: S; 'zh-CN': S }) {
    this.add('en', locales.en);
    this.add('zh-CN', locales['zh-CN']);
  }

  /** Adds or replaces the messages for `locale` (register the core translation for it too). */
  add(locale: string, strings: S): this {
    this.byLocale.set(locale.toLowerCase(), strings);
    for (const c of connected) c.host.requestUpdate();
    return this;
  }

  /** The messages for a resolved locale code, falling back to English. */
  for(code: string): S {
    return this.byLocale.get(code.toLowerCase()) ?? this.byLocale.get('en')!;
  }
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
      || closestLang(this.host) || document.documentElement.lang || 'en';
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
    return (override ?? translationFor(this.lang())[key]) as Translation[K];
  }

  /** An element's own messages in the current locale, with instance overrides (`.strings`) applied. */
  section<S extends object>(strings: Strings<S>): S {
    const base = strings.for(this.lang());
    const overrides = this.host.strings;
    if (!overrides) return base;
    const merged = { ...base } as Record<string, unknown>;
    for (const key of Object.keys(base)) if (overrides[key] !== undefined) merged[key] = overrides[key];
    return merged as S;
  }
}
