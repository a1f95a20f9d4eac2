/**
 * Loaded before every browser test file (web-test-runner.config.mjs, testRunnerHtml).
 *
 * A failed assertion about a DOM node, such as `expect(root.querySelector('x')).to.equal(null)`,
 * carries the node as the error's `actual`. The test runner copies the error with structuredClone
 * to report it, which a node cannot survive: the report never arrives and the whole run waits for
 * its time limit with no word of which test failed (modernweb-dev/web#2967). So a failed
 * assertion's `actual` and `expected` are made copyable first: a node becomes its markup (cut
 * short), anything else that cannot be copied becomes its text.
 */
// chai itself, the very instance @open-wc/testing re-exports: not @open-wc/testing, whose fixture
// helpers register their clean-up with mocha's afterEach only if mocha is loaded when they are.
import * as bundle from '@esm-bundle/chai';
import type { chai as Chai } from '@open-wc/testing';

// The bundle's only export is its default (its types say `export =`).
const chai = (bundle as unknown as { default: typeof Chai }).default;

const LIMIT = 300;

function describeNode(node: Node): string {
  const text = node instanceof Element ? node.outerHTML : `${node.nodeName} ${node.textContent ?? ''}`;
  return text.length > LIMIT ? `${text.slice(0, LIMIT)}…` : text;
}

function copyable(value: unknown): unknown {
  if (value instanceof Node) return describeNode(value);
  try {
    structuredClone(value);
    return value;
  } catch {
    if (Array.isArray(value) || value instanceof NodeList || value instanceof HTMLCollection) {
      return Array.from(value as ArrayLike<unknown>, (v) => copyable(v));
    }
    return String(value);
  }
}

chai.use((c) => {
  const assert = c.Assertion.prototype.assert;
  c.Assertion.prototype.assert = function (this: unknown, ...args: Parameters<typeof assert>) {
    try {
      assert.apply(this, args);
    } catch (error) {
      if (error instanceof c.AssertionError) {
        const e = error as { actual?: unknown; expected?: unknown };
        e.actual = copyable(e.actual);
        e.expected = copyable(e.expected);
      }
      throw error;
    }
  };
});
