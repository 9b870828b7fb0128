// The lab's network-safety rule: it addresses only hosts of its own segment, 10.77.0.0/22.
import { expect } from 'chai';
import { isLabAddress, MAX_NODE_HOSTS, nodeAddress } from '../../../src/lab/state.js';

describe('lab addresses', () => {
  it('are 10.77.0-3.1-254, written as a plain IPv4 address', () => {
    for (const ok of ['10.77.0.1', '10.77.0.50', '10.77.0.254', '10.77.1.5', '10.77.3.254']) expect(isLabAddress(ok), ok).to.equal(true);
    for (const bad of ['10.77.0.0', '10.77.0.255', '10.77.0.999', '10.77.0.011', '10.77.4.5', '10.78.0.5', '192.168.1.100', '10.77.0.5/24', ' 10.77.0.5'])
      expect(isLabAddress(bad), bad).to.equal(false);
  });

  it("nodes keep a small lab's addresses (10.77.0.x), then fill 10.77.1-3.x, each a lab address, none twice", () => {
    expect([0, 28, 29, 182].map(nodeAddress)).to.deep.equal(['10.77.0.21', '10.77.0.49', '10.77.0.101', '10.77.0.254']);
    expect([183, 436, 437, MAX_NODE_HOSTS - 1].map(nodeAddress)).to.deep.equal(['10.77.1.1', '10.77.1.254', '10.77.2.1', '10.77.3.254']);
    const all = Array.from({ length: MAX_NODE_HOSTS }, (_, i) => nodeAddress(i));
    expect(all.every(isLabAddress)).to.equal(true);
    expect(new Set(all).size).to.equal(MAX_NODE_HOSTS);
    for (const taken of ['10.77.0.11', '10.77.0.12', '10.77.0.50', '10.77.0.100', '10.77.0.1']) expect(all).to.not.include(taken);
    expect(() => nodeAddress(MAX_NODE_HOSTS)).to.throw(`at most ${MAX_NODE_HOSTS} node hosts`);
  });
});
