/**
 * Minifies the static text of Lit's tagged templates at build time (the Vite plugin in
 * vite.config.ts finds them): `css` loses comments and insignificant whitespace; `html` and `svg`
 * lose indentation. Pure string functions, no Node or DOM, so the browser suites test them.
 *
 * A template arrives as its raw quasis (the text between `${…}`), and leaves as the same number of
 * quasis: expressions are never touched, and the text either side of one keeps its meaning.
 */

// Stands for an expression while a template is processed as one string; no source contains it.
const HOLE = '\u0000';
const WS = /^[ \t\r\n]$/;

function join(quasis: readonly string[]): string {
  if (quasis.some((q) => q.includes(HOLE))) throw new Error('a template contains U+0000');
  return quasis.join(HOLE);
}

function split(text: string, count: number): string[] {
  const parts = text.split(HOLE);
  if (parts.length !== count) throw new Error(`minify-literals lost an expression (${parts.length} of ${count})`);
  return parts;
}

// A character escaped with a backslash in the raw source: whitespace after it is not ours to drop.
const escaped = (text: string, i: number): boolean => {
  let n = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) n++;
  return n % 2 === 1;
};

/**
 * CSS: comments go; a run of whitespace becomes one space, or nothing next to `{ } ; , >` or after
 * `:` (never before `:`, which would turn `a :hover` into `a:hover`); the `;` before `}` goes.
 * Strings and the text around expressions are kept.
 */
export function minifyCss(quasis: readonly string[]): string[] {
  const src = join(quasis);
  let out = '';
  let i = 0;
  const dropBefore = '{};,>';
  const dropAfter = '{};,>:';
  while (i < src.length) {
    const c = src[i]!;
    if ((c === '"' || c === "'") && !escaped(src, i)) {
      let j = i + 1;
      while (j < src.length && !(src[j] === c && !escaped(src, j))) j++;
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // Whitespace and comments together: one space at most, none where no token needs separating.
    const comment = c === '/' && src[i + 1] === '*';
    if (comment || (WS.test(c) && !escaped(src, i))) {
      let j = i;
      for (;;) {
        if (WS.test(src[j] ?? '')) {
          j++;
        } else if (src.startsWith('/*', j)) {
          const end = src.indexOf('*/', j + 2);
          const stop = end < 0 ? src.length : end + 2;
          // A comment holding an expression stays whole: the expression must survive.
          if (src.slice(j, stop).includes(HOLE)) break;
          j = stop;
        } else {
          break;
        }
      }
      if (j === i) {
        // A comment with an expression inside: copy it as it is.
        const end = src.indexOf('*/', i + 2);
        const stop = end < 0 ? src.length : end + 2;
        out += src.slice(i, stop);
        i = stop;
        continue;
      }
      const prev = out.at(-1);
      const next = src[j];
      if (prev !== undefined && next !== undefined && !dropAfter.includes(prev) && !dropBefore.includes(next)) out += ' ';
      i = j;
      continue;
    }
    if (c === '}' && out.endsWith(';') && !escaped(out, out.length - 1)) out = out.slice(0, -1);
    out += c;
    i++;
  }
  return split(out.trim(), quasis.length);
}

/**
 * Elements whose boxes are blocks (or that ignore the whitespace around their children): whitespace
 * next to one of their tags starts or ends a line and is never rendered, so it can go entirely.
 * Inline elements (span, a, label, button, input, …) keep one space where they had whitespace.
 */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'col', 'colgroup', 'datalist', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'optgroup', 'option', 'p', 'section', 'select', 'summary', 'table',
  'tbody', 'td', 'template', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Elements whose text is kept exactly as written. */
const RAW = new Set(['pre', 'textarea', 'script', 'style', 'title', 'text', 'tspan', 'textpath', 'desc']);

/**
 * HTML (and SVG) of a Lit template: a run of whitespace that holds a line break becomes one space,
 * or nothing when a block-level tag is on either side of it (in SVG, only between two tags). Text
 * inside `<pre>`, `<textarea>`, `<script>`, `<style>` and SVG text, attribute values in quotes, and
 * runs without a line break (`${a} ${b}`, `> *<`) are kept as they are. Comments are kept: Lit's own
 * markers are comments, and a page may rely on one.
 */
export function minifyHtml(quasis: readonly string[], options: { svg?: boolean } = {}): string[] {
  const src = join(quasis);
  let out = '';
  let state: 'text' | 'tag' | 'raw' | 'comment' = 'text';
  let quote = '';
  let tagName = '';
  let rawName = '';
  // The tag that ends right before the current text (undefined once text or an expression follows it).
  let lastTag: string | undefined;
  let i = 0;
  const isBlock = (name: string) => !options.svg && BLOCKS.has(name);
  while (i < src.length) {
    const c = src[i]!;
    if (state === 'comment') {
      const end = src.indexOf('-->', i);
      const stop = end < 0 ? src.length : end + 3;
      out += src.slice(i, stop);
      i = stop;
      state = 'text';
      lastTag = undefined;
      continue;
    }
    if (state === 'raw') {
      const end = src.toLowerCase().indexOf(`</${rawName}`, i);
      const stop = end < 0 ? src.length : end;
      out += src.slice(i, stop);
      i = stop;
      state = 'text';
      lastTag = undefined;
      continue;
    }
    if (state === 'tag') {
      if (quote) {
        if (c === quote) quote = '';
        out += c;
        i++;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        out += c;
        i++;
        continue;
      }
      if (c === '>') {
        out += c;
        i++;
        const name = tagName.replace(/^\//, '');
        lastTag = name;
        state = !tagName.startsWith('/') && RAW.has(name) && !out.endsWith('/>') ? 'raw' : 'text';
        if (state === 'raw') rawName = name;
        continue;
      }
      if (WS.test(c) && !escaped(src, i)) {
        let j = i;
        while (j < src.length && WS.test(src[j]!)) j++;
        const run = src.slice(i, j);
        out += run.includes('\n') ? ' ' : run;
        i = j;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    // text
    if (c === '<' && src.startsWith('<!--', i)) {
      state = 'comment';
      continue;
    }
    if (c === '<' && /[A-Za-z/]/.test(src[i + 1] ?? '')) {
      const m = /^<(\/?[A-Za-z][\w:-]*)/.exec(src.slice(i));
      if (m) {
        state = 'tag';
        tagName = m[1]!.toLowerCase();
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    if (WS.test(c) && !escaped(src, i)) {
      let j = i;
      while (j < src.length && WS.test(src[j]!)) j++;
      const run = src.slice(i, j);
      if (!run.includes('\n')) {
        out += run;
      } else {
        const before = lastTag;
        const m = /^<(\/?)([A-Za-z][\w:-]*)/.exec(src.slice(j));
        const after = m ? m[2]!.toLowerCase() : undefined;
        const besideBlock = (before !== undefined && isBlock(before)) || (after !== undefined && isBlock(after));
        // SVG: only whitespace between two tags is certainly not text.
        const betweenTags = before !== undefined && after !== undefined;
        const drop = options.svg ? betweenTags : besideBlock;
        if (!drop) out += ' ';
      }
      i = j;
      continue;
    }
    out += c;
    lastTag = undefined;
    i++;
  }
  return split(out, quasis.length);
}
