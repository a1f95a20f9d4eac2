/**
 * Rewrites Lit's reactive property decorators into Lit's own non-decorator form before compiling:
 *
 *   @property({ reflect: true }) accessor locale: string | undefined;
 *   @state() private accessor values: Values = {};
 *
 * becomes `static properties = { locale: { reflect: true }, values: { state: true } }` on the class
 * and `this.values = {};` in its constructor right after `super()`. Lit then makes the same
 * prototype accessors as the decorators would (one reactive property each, same options, same
 * initial change record), without the standard-decorator helpers a compiler has to emit (a
 * WeakMap, an initializer and a descriptor per property, plus some 2 KB of shared runtime).
 *
 * The source keeps its decorators (STYLE.md); only the build and the test server see this form,
 * so what the tests run is what ships. Lines are kept: a removed member turns into spaces and what
 * is added goes on the line of the class's `{`, so line numbers (coverage, stack traces) still match.
 *
 * Refuses (throws) what it cannot rewrite faithfully: a decorated static or private (`#x`) accessor,
 * a decorator other than `property()`/`state()` on an accessor, or a plain field initializer that
 * reads a decorated property (it would now run before the property is set).
 */

/** The few ESTree (oxc) node shapes used here. */
export interface EsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Parses TypeScript into an ESTree program (Vite's `parseSync`). */
export type ParseTs = (code: string) => EsNode;

interface Reactive {
  name: string;
  options: string;
  init: string | undefined;
}

const blank = (text: string) => text.replace(/[^\n]/g, ' ');

// `this.x` read while `node` is evaluated (not inside a function it creates, which runs later).
function readsOfThis(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) readsOfThis(n, found);
  } else if (node && typeof node === 'object') {
    const n = node as EsNode;
    if (/Function|Class/.test(n.type)) return found;
    const property = n['property'] as EsNode | undefined;
    if (n.type === 'MemberExpression' && (n['object'] as EsNode).type === 'ThisExpression' && property?.type === 'Identifier' && !n['computed']) {
      found.add(property['name'] as string);
    }
    for (const key of Object.keys(n)) if (typeof n[key] === 'object') readsOfThis(n[key], found);
  }
  return found;
}

function classesOf(node: unknown, found: EsNode[]): EsNode[] {
  if (Array.isArray(node)) {
    for (const n of node) classesOf(n, found);
  } else if (node && typeof node === 'object') {
    const n = node as EsNode;
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') found.push(n);
    for (const key of Object.keys(n)) if (typeof n[key] === 'object') classesOf(n[key], found);
  }
  return found;
}

/** `code` with the decorated accessors of every class rewritten, or null when it has none. */
export function lowerLitProperties(code: string, parse: ParseTs, file = 'module'): string | null {
  if (!/@(?:property|state)\(/.test(code)) return null;
  const program = parse(code);
  // Edits as [start, end, text], applied from the end so that offsets stay valid.
  const edits: [number, number, string][] = [];
  // Decorators left in place (on a getter, a setter or a method): esbuild compiles those.
  let kept = 0;
  const fail = (at: number, why: string): never => {
    const line = code.slice(0, at).split('\n').length;
    throw new Error(`${file}:${line}: ${why}`);
  };
  for (const cls of classesOf(program, [])) {
    const body = cls['body'] as EsNode & { body: EsNode[] };
    const reactive: Reactive[] = [];
    for (const m of body.body) {
      const decorators = (m['decorators'] as EsNode[] | undefined) ?? [];
      if (decorators.length === 0) continue;
      if (m.type !== 'AccessorProperty') {
        kept++;
        continue;
      }
      const d = decorators[0]!;
      const call = d['expression'] as EsNode;
      const callee = call.type === 'CallExpression' ? call['callee'] as EsNode : undefined;
      const kind = callee?.type === 'Identifier' ? callee['name'] as string : '';
      if (decorators.length !== 1 || (kind !== 'property' && kind !== 'state')) fail(m.start, 'only one @property() or @state() per accessor can be rewritten');
      const key = m['key'] as EsNode;
      if (m['static'] || m['computed'] || key.type !== 'Identifier') fail(m.start, 'a decorated accessor must be an instance member with a plain name');
      const args = call['arguments'] as EsNode[];
      if (args.length > 1) fail(m.start, `@${kind}() takes one argument`);
      const arg = args[0] ? code.slice(args[0].start, args[0].end) : '';
      const options = kind === 'state' ? `{ ${arg ? `...${arg}, ` : ''}state: true }` : arg || '{}';
      const value = m['value'] as EsNode | null;
      reactive.push({ name: key['name'] as string, options, init: value ? code.slice(value.start, value.end) : undefined });
      edits.push([m.start, m.end, blank(code.slice(m.start, m.end))]);
    }
    if (reactive.length === 0) continue;
    const names = new Set(reactive.map((r) => r.name));
    let ctor: EsNode | undefined;
    for (const m of body.body) {
      if (m.type === 'MethodDefinition' && m['kind'] === 'constructor') ctor = m;
      // A plain field is initialised before the constructor body: it must not read these yet.
      const value = m.type === 'PropertyDefinition' && !m['static'] ? m['value'] as EsNode | null : null;
      for (const name of value ? readsOfThis(value, new Set()) : []) {
        if (names.has(name)) fail(m.start, `field initializer reads "${name}" before it is set`);
      }
    }
    const inits = reactive.filter((r) => r.init !== undefined).map((r) => `this.${r.name} = ${r.init};`).join(' ');
    const statics = `static properties = { ${reactive.map((r) => `${r.name}: ${r.options}`).join(', ')} };`;
    let added = ` ${statics}`;
    if (inits) {
      if (ctor) {
        const statements = ((ctor['value'] as EsNode)['body'] as EsNode & { body: EsNode[] }).body;
        const first = statements.find((s) => s.type === 'ExpressionStatement' && (s['expression'] as EsNode).type === 'CallExpression'
          && ((s['expression'] as EsNode)['callee'] as EsNode).type === 'Super');
        if (!first) fail(ctor.start, 'the constructor must call super() as a statement of its own');
        edits.push([first!.end, first!.end, ` ${inits}`]);
      } else if (cls['superClass']) {
        added += ` constructor(...args: any[]) { super(...args); ${inits} }`;
      } else {
        added += ` constructor() { ${inits} }`;
      }
    }
    // After the `{` that opens the class body, on its line.
    edits.push([body.start + 1, body.start + 1, added]);
  }
  if (edits.length === 0) return null;
  let out = code;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0] || b[1] - a[1])) out = out.slice(0, start) + text + out.slice(end);
  if (kept > 0) return out;
  // The decorators are gone: so is the need to import them.
  return out.replace(/import\s*\{\s*(?:property|state)(?:\s*,\s*(?:property|state))?\s*\}\s*from\s*'lit\/decorators\.js';/, (m) => blank(m));
}
