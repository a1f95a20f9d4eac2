/**
 * Submit-time code of optional attributes, a chunk of its own loaded when a form has `consent` or
 * `redirect`: the hash that records which consent text a person agreed to, and the redirect check.
 */

/** A hash of the consent text: `sha256:<hex>` with Web Crypto, else `fnv1a32:<hex>` (insecure contexts). */
export async function consentVersion(text: string): Promise<string> {
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  } catch {
    // crypto.subtle exists only in secure contexts; FNV-1a is deterministic, small, and labelled as such.
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return `fnv1a32:${(h >>> 0).toString(16).padStart(8, '0')}`;
  }
}

/** `url` as an absolute http(s) URL, or undefined (a `javascript:` or `data:` redirect is refused). */
export function safeRedirect(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

