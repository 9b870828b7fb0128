import { expect } from 'chai';
import { gatherLimitMs } from '../../../src/engine/run/gather-facts.js';
import { collectorsFor } from '../../../src/facts/setup/subsets.js';

describe('gather_timeout', () => {
  it('bounds each collector, as in Ansible: the one gathering script gets it once per collector', () => {
    const all = collectorsFor(['all']);
    const min = collectorsFor(['min']);
    if (typeof all === 'string' || typeof min === 'string') throw new Error('subsets');
    expect(all.length).to.be.greaterThan(min.length);
    expect(gatherLimitMs(all.length, 10_000)).to.equal(all.length * 10_000);
    expect(gatherLimitMs(min.length, 10_000)).to.equal(min.length * 10_000);
  });

  it('0 means no limit, and an empty subset still gets one timeout', () => {
    expect(gatherLimitMs(12, 0)).to.equal(0);
    expect(gatherLimitMs(0, 5_000)).to.equal(5_000);
  });
});
