// Host ranges and addresses as Ansible writes them.
import { expect } from 'chai';
import { expandHostRange, parseHostAddress } from '../../../src/engine/inventory/ranges.js';

describe('host ranges', () => {
  const cases: Array<[string, string[]]> = [
    ['web', ['web']],
    ['s[1:3]', ['s1', 's2', 's3']],
    ['s[01:10]', ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10']],
    ['[a:c].example', ['a.example', 'b.example', 'c.example']],
    ['n[y:B]', ['ny', 'nz', 'nA', 'nB']], // Python's ascii_letters: a-z then A-Z
    ['s[:2]', ['s0', 's1', 's2']],
    ['s[0:10:5]', ['s0', 's5', 's10']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
  ];
  for (const [pattern, hosts] of cases) it(pattern, () => expect(expandHostRange(pattern)).to.deep.equal(hosts));

  const bad: Array<[string, RegExp]> = [
    ['s[3:1]', /begins after it ends/],
    ['s[1]', /begin:end/],
    ['s[1:]', /must have an end/],
    ['s[01:100]', /same length/],
    ['s[1:3:0]', /positive integer/],
    ['s[a:3]', /both be numbers or both single letters/],
    ['s[1:3', /closing/],
  ];
  for (const [pattern, re] of bad) it(`${pattern} is refused`, () => expect(() => expandHostRange(pattern)).to.throw(re));
});

describe('host addresses', () => {
  it('name, name:port, range:port, [v6]:port, bare v6', () => {
    expect(parseHostAddress('web')).to.deep.equal({ pattern: 'web' });
    expect(parseHostAddress('web:2222')).to.deep.equal({ pattern: 'web', port: 2222 });
    expect(parseHostAddress('web[1:3]:22')).to.deep.equal({ pattern: 'web[1:3]', port: 22 });
    expect(parseHostAddress('[::1]:22')).to.deep.equal({ pattern: '::1', port: 22 });
    expect(parseHostAddress('2001:db8::5')).to.deep.equal({ pattern: '2001:db8::5' });
  });
  it('a trailing colon, a word after the colon, or port 0 are refused', () => {
    expect(() => parseHostAddress('web:')).to.throw(/followed by a port/);
    expect(() => parseHostAddress('web:ssh')).to.throw(/port number/);
    expect(() => parseHostAddress('web:0')).to.throw(/out of range/);
  });
});
