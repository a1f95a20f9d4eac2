import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import { pipelineBoardSuite } from './pipeline-board.suite.js';

/** A vendor's white-labelled board: the same element under its own tag. */
class AcmeDealBoard extends PipelineBoard {}

before(() => {
  L2cProvider.define();
  PipelineBoard.define();
  AcmeDealBoard.define('acme-deal-board');
});

pipelineBoardSuite('pipeline-board', PipelineBoard);
pipelineBoardSuite('acme-deal-board', AcmeDealBoard);
