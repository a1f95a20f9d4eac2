import { SalesProcessMap } from '../../src/components/sales-process-map/sales-process-map.js';
import { salesProcessMapSuite } from './sales-process-map.suite.js';

/** A vendor's white-label process map: same behaviour under its own tag. */
class AcmeProcessMap extends SalesProcessMap {}

salesProcessMapSuite(SalesProcessMap, 'sales-process-map');
salesProcessMapSuite(AcmeProcessMap, 'acme-process-map');
