// The one IPv4 rule: dotted quads without leading zeros, with or without a /prefix.
import { expect } from 'chai';
import { ARGUMENT_FORMATS } from '../../../src/argspec/formats.js';
import { isIpv4, isIpv4Cidr, parseIpv4Cidr, IPV4_PATTERN } from '../../../src/util/ipv4.js';

describe('IPv4 helpers', () => {
  it('accepts dotted quads and rejects the rest', () => {
    for (const ok of ['192.168.1.100', '0.0.0.0', '255.255.255.255']) expect(isIpv4(ok), ok).to.equal(true);
    for (const bad of ['192.168.1.256', '192.168.01.1', '1.2.3', '1.2.3.4.5', ' 1.2.3.4', '1.2.3.4/32', 42, undefined])
      expect(isIpv4(bad), String(bad)).to.equal(false);
    expect(new RegExp(IPV4_PATTERN).test('10.0.0.1')).to.equal(true);
  });
  it('parses CIDR forms', () => {
    expect(isIpv4Cidr('10.0.0.0/8')).to.equal(true);
    expect(isIpv4Cidr('10.0.0.0/33')).to.equal(false);
    expect(parseIpv4Cidr('10.0.0.1')).to.deep.equal({ address: '10.0.0.1', prefix: 32 });
    expect(parseIpv4Cidr('10.0.0.1/24')).to.deep.equal({ address: '10.0.0.1', prefix: 24 });
    expect(parseIpv4Cidr('10.0.0.x')).to.equal(undefined);
  });
  it('is the rule role arguments are checked against', () => {
    expect(ARGUMENT_FORMATS.ipv4.test('192.168.1.100')).to.equal(true);
    expect(ARGUMENT_FORMATS.ipv4.test('192.168.1.1000')).to.equal(false);
    expect(ARGUMENT_FORMATS.ipv4_prefix.test('10.0.0.1/24')).to.equal(true);
    for (const bad of ['10.0.0.1', 'eth0/24', '10.0.0.1/33']) expect(ARGUMENT_FORMATS.ipv4_prefix.test(bad), bad).to.equal(false);
  });
});
