import { BantQualifier } from '../../src/components/bant-qualifier/bant-qualifier.js';
import { bantQualifierSuite } from './bant-qualifier.suite.js';
import { expect } from '@open-wc/testing';
import { bantLeadStyles } from '../../src/components/bant-qualifier/bant-lead.js';
import { TOKENS } from '../../src/internal/tokens.js';
import { checkTokens, cssTextOf } from '../tokens-check.js';

/** A vendor's white-labelled qualifier: same behaviour under its own tag. */
class AcmeQualifier extends BantQualifier {}

bantQualifierSuite(BantQualifier, 'bant-qualifier');
bantQualifierSuite(AcmeQualifier, 'acme-bant-qualifier');

// The lazily loaded stylesheet is adopted at run time, so the shipped-sheet token check cannot see it.
describe('bant-qualifier: lazily loaded styles', () => {
  it('read only defined global tokens', () => {
    const report = checkTokens(cssTextOf(bantLeadStyles), Object.keys(TOKENS));
    expect(report.undefinedTokens).to.deep.equal([]);
  });
});
