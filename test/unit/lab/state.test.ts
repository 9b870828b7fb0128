// The lab's network-safety rule: it addresses only hosts of its own segment.
import { expect } from 'chai';
import { isLabAddress } from '../../../src/lab/state.js';

describe('lab addresses', () => {
  it('are 10.77.0.1-254, written as a plain IPv4 address', () => {
    for (const ok of ['10.77.0.1', '10.77.0.50', '10.77.0.254']) expect(isLabAddress(ok), ok).to.equal(true);
    for (const bad of ['10.77.0.0', '10.77.0.255', '10.77.0.999', '10.77.0.011', '10.77.1.5', '192.168.1.100', '10.77.0.5/24', ' 10.77.0.5'])
      expect(isLabAddress(bad), bad).to.equal(false);
  });
});
