import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { PipelineBoard } from '../../src/components/pipeline-board/pipeline-board.js';
import { pipelineBoardSuite } from './pipeline-board.suite.js';
import { pipelineBoardDealsSuite } from './pipeline-board-deals.suite.js';
import { pipelineBoardCloseSuite } from './pipeline-board-close.suite.js';
import { expect } from '@open-wc/testing';
import { actionStyles } from '../../src/components/pipeline-board/board-actions.js';
import { dealPanelStyles } from '../../src/components/deal-view/deal-panel.js';
import { dialogStyles } from '../../src/internal/dialog.js';
import { TOKENS } from '../../src/internal/tokens.js';
import { checkTokens, cssTextOf } from '../tokens-check.js';

/** A vendor's white-labelled board: the same element under its own tag. */
class AcmeDealBoard extends PipelineBoard {}

before(() => {
  L2cProvider.define();
  PipelineBoard.define();
  AcmeDealBoard.define('acme-deal-board');
});

pipelineBoardSuite('pipeline-board', PipelineBoard);
pipelineBoardSuite('acme-deal-board', AcmeDealBoard);
pipelineBoardDealsSuite('pipeline-board');
pipelineBoardDealsSuite('acme-deal-board');
pipelineBoardCloseSuite('pipeline-board');
pipelineBoardCloseSuite('acme-deal-board');

// The lazily loaded stylesheet is adopted at run time, so the shipped-sheet token check cannot see it.
describe('pipeline-board: lazily loaded styles', () => {
  it('read only defined global tokens', () => {
    for (const styles of [actionStyles, dialogStyles, dealPanelStyles]) {
      const report = checkTokens(cssTextOf(styles), Object.keys(TOKENS));
      expect(report.undefinedTokens).to.deep.equal([]);
    }
  });
});
