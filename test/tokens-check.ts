/**
 * Token hygiene (Material's testing/tokens.ts idea): every `--_l2c-*` a stylesheet reads must be a
 * defined global token, and every global token must be read somewhere, by a stylesheet or by script.
 */
import type { CSSResultGroup, CSSResultOrNative } from 'lit';

/** What is wrong with the tokens of a set of stylesheets. */
export interface TokenReport {
  /** Read but not defined. */
  undefinedTokens: string[];
  /** Defined but never read. */
  unusedTokens: string[];
}

/** The CSS text of a Lit styles group, flattened. */
export function cssTextOf(styles: CSSResultGroup | undefined): string[] {
  if (!styles) return [];
  if (Array.isArray(styles)) return styles.flatMap((s) => cssTextOf(s as CSSResultGroup));
  const s = styles as CSSResultOrNative;
  if (s instanceof CSSStyleSheet) return [Array.from(s.cssRules, (r) => r.cssText).join('\n')];
  return [s.cssText];
}

/** Checks `sheets` (CSS text) against the defined tokens and the ones script reads. */
export function checkTokens(sheets: string[], defined: readonly string[], readByScript: readonly string[] = []): TokenReport {
  const used = new Set<string>(readByScript);
  for (const text of sheets) {
    for (const m of text.matchAll(/var\(\s*--_l2c-([a-z0-9-]+)/g)) used.add(m[1]!);
  }
  const definedSet = new Set(defined);
  return {
    undefinedTokens: [...used].filter((t) => !definedSet.has(t)).sort(),
    unusedTokens: defined.filter((t) => !used.has(t)).sort(),
  };
}
