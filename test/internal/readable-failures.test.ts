/** test/support/readable-failures.ts, which every browser test file runs after. */
import { chai, expect } from '@open-wc/testing';

describe('failed assertions about DOM nodes', () => {
  it('carry copyable values, so the runner reports them instead of waiting for its time limit', () => {
    const p = document.createElement('p');
    p.setAttribute('part', 'notice');
    p.textContent = 'Saved';
    let caught: unknown;
    try {
      expect(p).to.equal(null);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(chai.AssertionError);
    const { actual, expected, message } = caught as { actual: unknown; expected: unknown; message: string };
    expect(structuredClone({ actual, expected })).to.deep.equal({ actual: '<p part="notice">Saved</p>', expected: null });
    expect(message).to.contain('to equal null');

    const list = document.createElement('ul');
    list.innerHTML = '<li>a</li><li>b</li>';
    try {
      expect([...list.children]).to.deep.equal([]);
    } catch (error) {
      caught = error;
    }
    expect(structuredClone((caught as { actual: unknown }).actual)).to.deep.equal(['<li>a</li>', '<li>b</li>']);
  });
});
