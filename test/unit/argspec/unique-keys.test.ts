// unique_keys: no two elements of a list of dicts share all the values of a set of sub-options.
import { expect } from 'chai';
import { checkArgs } from '../../../src/argspec/validator.js';
import type { ArgumentSpec } from '../../../src/argspec/declaration.js';

const SPEC: ArgumentSpec = {
  short_description: 'services',
  options: {
    services: {
      type: 'list',
      elements: 'dict',
      unique_keys: [['mark'], ['vip', 'protocol', 'ports']],
      options: { vip: {}, mark: { type: 'int' }, protocol: { default: 'tcp' }, ports: { type: 'list', elements: 'int' } },
    },
  },
};

const problems = (services: unknown[]): Array<{ path: unknown[]; message: string }> =>
  checkArgs(SPEC, { services }).problems.map(({ path, message }) => ({ path, message }));

describe('argument specs: unique_keys', () => {
  it('accepts elements that differ in one key of every set', () => {
    expect(
      problems([
        { vip: 'a', ports: [80] },
        { vip: 'a', protocol: 'udp', ports: [80] },
        { vip: 'b', ports: [80], mark: 1 },
        { vip: 'a', mark: 2 },
      ]),
    ).to.deep.equal([]);
  });

  it('names the later element and the earlier one, for a shared single value', () => {
    expect(problems([{ vip: 'a', mark: 7 }, { vip: 'b' }, { vip: 'c', mark: 7 }])).to.deep.equal([
      { path: ['services', 2], message: "argument 'services.2' repeats mark 7 of element 0" },
    ]);
  });

  it('counts each item of a list, and a default for a key left out', () => {
    expect(
      problems([
        { vip: 'a', ports: [80, 443] },
        { vip: 'a', protocol: 'tcp', ports: [8080, 443] },
      ]),
    ).to.deep.equal([{ path: ['services', 1], message: "argument 'services.1' repeats vip a, protocol tcp, ports 443 of element 0" }]);
  });

  it('one element with a port twice is not a repeat of another element', () => {
    expect(problems([{ vip: 'a', ports: [80, 80] }])).to.deep.equal([]);
  });
});
