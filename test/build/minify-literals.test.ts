/** The build's minifier of Lit template text (scripts/minify-literals.ts). */
import { expect } from '@open-wc/testing';
import { minifyCss, minifyHtml } from '../../scripts/minify-literals.js';

describe('minifyCss', () => {
  it('drops comments and whitespace no token needs', () => {
    expect(minifyCss([`
      /* the panel */
      :host {
        --_gap: var(--l2c-gap, var(--_l2c-space-4));
        font-family: system-ui, "Segoe UI" , sans-serif;
      }
      .a > b , .c { margin: 0 0 4px; }
    `])).to.deep.equal([':host{--_gap:var(--l2c-gap,var(--_l2c-space-4));font-family:system-ui,"Segoe UI",sans-serif}.a>b,.c{margin:0 0 4px}']);
  });

  it('keeps descendant combinators, pseudo-classes after a space, calc operators and !important', () => {
    expect(minifyCss([':host ::slotted(*) { margin: 0 }\n.x [part~="a"]:hover { width: calc(100% - 2px) !important; }']))
      .to.deep.equal([':host ::slotted(*){margin:0}.x [part~="a"]:hover{width:calc(100% - 2px) !important}']);
  });

  it('keeps strings exactly, with what looks like CSS inside', () => {
    expect(minifyCss([".a { content: 'x ;  } /* no */'; }"])).to.deep.equal([".a{content:'x ;  } /* no */'}"]);
  });

  it('keeps the text on both sides of an expression, and every expression', () => {
    expect(minifyCss([':host {\n  color: ', ';\n  margin: ', ' ', ';\n}\n'])).to.deep.equal([':host{color:', ';margin:', ' ', '}']);
    expect(minifyCss(['.a { /* ', ' */ }'])).to.deep.equal(['.a{/* ', ' */}']);
  });

  it('minifies media queries and at-rules', () => {
    expect(minifyCss(['@media (prefers-reduced-motion: reduce) {\n  *, *::before { animation: none; }\n}']))
      .to.deep.equal(['@media (prefers-reduced-motion:reduce){*,*::before{animation:none}}']);
  });
});

describe('minifyHtml', () => {
  it('removes indentation next to block-level tags', () => {
    expect(minifyHtml(['<div part="a">\n  <p>', '</p>\n  <ul>\n    <li>x</li>\n  </ul>\n</div>']))
      .to.deep.equal(['<div part="a"><p>', '</p><ul><li>x</li></ul></div>']);
  });

  it('keeps one space between inline content and expressions', () => {
    expect(minifyHtml(['<p>', '\n    <button type="button">', '</button></p>']))
      .to.deep.equal(['<p>', ' <button type="button">', '</button></p>']);
    expect(minifyHtml(['<label>', '\n', '</label>\n<span>x</span>'])).to.deep.equal(['<label>', ' ', '</label> <span>x</span>']);
  });

  it('keeps whitespace without a line break as it is', () => {
    expect(minifyHtml(['<span part="required" aria-hidden="true"> *</span>', ' ', ''])).to.deep.equal(['<span part="required" aria-hidden="true"> *</span>', ' ', '']);
  });

  it('collapses whitespace between attributes but never inside a quoted value', () => {
    expect(minifyHtml(['<input name=', '\n      .value=', '\n      title="a\n  b" id="', '-x">']))
      .to.deep.equal(['<input name=', ' .value=', ' title="a\n  b" id="', '-x">']);
  });

  it('keeps the text of pre, textarea and style as written', () => {
    expect(minifyHtml(['<pre>\n  a\n    b</pre>\n<textarea>\n ', '\n</textarea>']))
      .to.deep.equal(['<pre>\n  a\n    b</pre> <textarea>\n ', '\n</textarea>']);
  });

  it('keeps comments', () => {
    expect(minifyHtml(['<div>\n  <!-- a -->\n  <p></p>\n</div>'])).to.deep.equal(['<div><!-- a --><p></p></div>']);
  });

  it('in SVG, only removes whitespace between two tags', () => {
    expect(minifyHtml(['<g>\n  <rect x=', '></rect>\n  <text>\n a </text>\n  ', '\n</g>'], { svg: true }))
      .to.deep.equal(['<g><rect x=', '></rect><text>\n a </text> ', ' </g>']);
  });

  it('never loses an expression', () => {
    const parts = ['<div>', '\n', '<p>', '</p>\n', '</div>'];
    expect(minifyHtml(parts)).to.have.length(parts.length);
  });
});
