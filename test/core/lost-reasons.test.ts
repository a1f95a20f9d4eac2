import { expect } from '@open-wc/testing';
import { lostReasonId, lostReasonIds, lostReasonLabel } from '../../src/core/lost-reasons.js';
import { LOST_REASON_IDS } from '../../src/core/stages.js';
import { pipelineFromTemplate } from '../../src/core/stages.js';

describe('core/lost-reasons', () => {
  const l2c = pipelineFromTemplate('l2c');

  it('labels the shipped reasons in the reader\'s language', () => {
    expect(lostReasonIds(l2c)).to.deep.equal([...LOST_REASON_IDS]);
    expect(lostReasonLabel('price', l2c, 'en')).to.equal('Price');
    expect(lostReasonLabel('price', l2c, 'zh-CN')).to.equal('价格');
    expect(lostReasonLabel('competitor', l2c, 'zh')).to.equal('选择了竞争对手');
    expect(lostReasonLabel('timing', l2c, 'de-DE')).to.equal('Timing');
  });

  it('reads reasons stored as text by older versions as the shipped reason they name', () => {
    expect(lostReasonId('Price')).to.equal('price');
    expect(lostReasonId(' 价格 ')).to.equal('price');
    expect(lostReasonId('no budget')).to.equal('no-budget');
    expect(lostReasonLabel('Price', l2c, 'zh-CN')).to.equal('价格');
    expect(lostReasonLabel('没有预算', undefined, 'en')).to.equal('No budget');
    // An old pipeline that lists reasons as English text offers the same ids.
    expect(lostReasonIds({ lostReasons: ['Price', 'Timing', 'price', ''] })).to.deep.equal(['price', 'timing']);
  });

  it('shows a reason written by hand as it was written', () => {
    expect(lostReasonId('Merged with a customer')).to.equal('Merged with a customer');
    expect(lostReasonLabel('Merged with a customer', l2c, 'zh-CN')).to.equal('Merged with a customer');
  });

  it('uses a pipeline\'s own labels for its own ids', () => {
    const own = { lostReasons: ['in-house', 'price'], lostReasonLabels: { 'in-house': { en: 'Built it in-house', 'zh-CN': '自行开发' }, price: { en: 'Too expensive' } } };
    expect(lostReasonIds(own)).to.deep.equal(['in-house', 'price']);
    expect(lostReasonLabel('in-house', own, 'zh-CN')).to.equal('自行开发');
    expect(lostReasonLabel('in-house', own, 'fr')).to.equal('Built it in-house');
    // Its label for a shipped id wins; a locale it lacks falls back to English.
    expect(lostReasonLabel('price', own, 'en')).to.equal('Too expensive');
    expect(lostReasonLabel('price', own, 'zh-CN')).to.equal('Too expensive');
  });
});
