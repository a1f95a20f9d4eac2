import { BantQualifier } from '../../src/components/bant-qualifier/bant-qualifier.js';
import { bantQualifierSuite } from './bant-qualifier.suite.js';

/** A vendor's white-labelled qualifier: same behaviour under its own tag. */
class AcmeQualifier extends BantQualifier {}

bantQualifierSuite(BantQualifier, 'bant-qualifier');
bantQualifierSuite(AcmeQualifier, 'acme-bant-qualifier');
