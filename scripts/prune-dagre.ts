/**
 * Drops the parts of @dagrejs/dagre's ESM bundle that its layout never runs, so the script-tag
 * bundle's process-map chunk does not carry them (about 2 KB min+gzip of its 30 KB budget).
 *
 * dagre.esm.js is one pre-built file that bundles graphlib. esbuild wrote graphlib's namespaces
 * (`alg`: dijkstra, floyd-warshall, prim, tarjan, topsort…, `json`, `graphlib` itself) as objects
 * filled by calls to its `__export(target, { name: () => value })` helper. A bundler must keep such
 * a call (it cannot know the helper is harmless), and with it every function the getters name.
 * dagre reads two of those functions, through a destructuring of the `alg` namespace
 * (`var { preorder, postorder } = alg`). This rewrite binds those two directly, removes the helper
 * calls, and exports only what we import (`Graph` and `layout`), leaving the rest unreferenced for
 * the bundler to drop. Runtime behaviour is unchanged: the removed calls only filled objects that
 * nothing reads any more; any other use of a namespace fails the build here instead of at run time.
 *
 * Pure string functions, no Node or DOM, so the browser suites test them on the real bundle.
 */

/** The exports of dagre our code imports (src/components/sales-process-map/process-map-layout.ts). */
export const DAGRE_EXPORTS = ['Graph', 'layout'] as const;

/** A replacement of `code.slice(start, end)` by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

const ID = '[\\w$]+';
const quote = (name: string) => name.replace(/\$/g, '\\$');

/** `code` with `edits` (not overlapping) applied. */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + code.slice(at);
}

/** The edits that leave dagre.esm.js (`code`) with only `keep` exported and graphlib's namespace objects unfilled. */
export function pruneDagre(code: string, keep: readonly string[] = DAGRE_EXPORTS): Edit[] {
  const fail = (why: string): never => {
    throw new Error(`prune-dagre: ${why}; dagre's bundle has changed, update scripts/prune-dagre.ts`);
  };
  const edits: Edit[] = [];

  // esbuild's __export helper(s): `X=(e,n)=>{for(var t in n)D(e,t,{get:n[t],enumerable:!0})}`.
  const helpers = [...code.matchAll(new RegExp(`(${ID})=\\((${ID}),(${ID})\\)=>\\{for\\(var (${ID}) in \\3\\)${ID}\\(\\2,\\4,\\{get:\\3\\[\\4\\],enumerable:!0\\}\\)\\}`, 'g'))]
    .map((m) => m[1]!);
  if (!helpers.length) fail('no __export helper found');

  // Their calls at statement level, `;X(ns,{a:()=>f,b:()=>g})`, removed; the getters kept by namespace.
  const namespaces = new Map<string, Map<string, string>>();
  const call = new RegExp(`(?<=^|[;}])(?:${helpers.map(quote).join('|')})\\((${ID}),\\{((?:${ID}:\\(\\)=>${ID},?)+)\\}\\)`, 'g');
  for (const m of code.matchAll(call)) {
    namespaces.set(m[1]!, new Map(m[2]!.split(',').filter(Boolean).map((g) => g.split(':()=>') as [string, string])));
    edits.push({ start: m.index, end: m.index + m[0].length, text: '' });
  }
  if (!namespaces.size) fail('no namespace filled by __export');

  // `var{a:x,b:y}=ns` becomes `var x=f,y=g`, the functions the namespace's getters return.
  for (const [ns, getters] of namespaces) {
    const destructuring = new RegExp(`(?<=(?:var|let|const|,)\\s*)\\{((?:${ID}:${ID},?)+)\\}=${quote(ns)}(?=[,;])`, 'g');
    for (const m of code.matchAll(destructuring)) {
      const text = m[1]!.split(',').filter(Boolean).map((p) => {
        const [key, local] = p.split(':') as [string, string];
        return `${local}=${getters.get(key) ?? fail(`${ns}.${key} is read but not defined`)}`;
      }).join(',');
      edits.push({ start: m.index, end: m.index + m[0].length, text: ` ${text}` });
    }
  }

  // Only what we import stays exported (the default export and `graphlib` held the namespaces).
  const exports = /export\s*\{([^}]*)\}\s*;?(?=(?:\s*(?:\/\*[^]*?\*\/|\/\/[^\n]*))*\s*$)/.exec(code) ?? fail('no export list at the end');
  const locals = new Map(exports[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/)).map(([local, name]) => [name ?? local!, local!]));
  const kept = keep.map((name) => `${locals.get(name) ?? fail(`dagre exports no ${name}`)} as ${name}`);
  edits.push({ start: exports.index, end: exports.index + exports[0].length, text: `export{${kept.join(',')}};` });

  // Nothing else may read a namespace: it stays an empty object.
  const out = applyEdits(code, edits);
  for (const ns of namespaces.keys()) {
    if (new RegExp(`(?<![\\w$.])${quote(ns)}\\s*[.[]|\\}=${quote(ns)}(?![\\w$])`).test(out)) fail(`${ns} is still read`);
  }
  return edits;
}
