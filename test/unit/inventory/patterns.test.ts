// Ansible host patterns; results in inventory order.
import { expect } from 'chai';
import { join } from 'node:path';
import { loadInventory, splitHostPattern } from '../../../src/engine/inventory/index.js';
import { UserInputError } from '../../../src/errors.js';
import { fixtureInventory, writeTree } from './helpers.js';

const basic = () => fixtureInventory('basic', 'hosts.ini');
const ALL = ['lonely', 'web1', 'web2', 'web3', 'web10', 'db01', 'db02'];

describe('host patterns', () => {
  const cases: Array<[string, string[]]> = [
    ['all', ALL],
    ['*', ALL],
    ['web1', ['web1']],
    ['web', ['web1', 'web2', 'web3', 'web10']],
    ['web*', ['web1', 'web2', 'web3', 'web10']],
    ['db0?', ['db01', 'db02']],
    ['web[!1]*', ['web2', 'web3']],
    ['web:db01', ['web1', 'web2', 'web3', 'web10', 'db01']],
    ['db01:web', ['web1', 'web2', 'web3', 'web10', 'db01']],
    ['web,lonely', ['lonely', 'web1', 'web2', 'web3', 'web10']],
    ['web, db02:lonely', ['lonely', 'web1', 'web2', 'web3', 'web10', 'db02']],
    ['dc:&db', ['db01', 'db02']],
    ['dc:!web', ['db01', 'db02']],
    ['!web:dc', ['db01', 'db02']],
    ['!web', ['lonely', 'db01', 'db02']],
    ['&db', ['db01', 'db02']],
    ['web*:!web1:&~web\\d$', ['web2', 'web3']],
    ['~web\\d$', ['web1', 'web2', 'web3']],
    ['~.*b1', ['web1', 'web10']],
    ['web[0]', ['web1']],
    ['web[-1]', ['web10']],
    ['web[1:2]', ['web2', 'web3']],
    ['web[2:]', ['web3', 'web10']],
    ['web[0-1]', ['web1', 'web2']],
    ['dc[4:5]', ['db01', 'db02']],
    ['web[0]:db[-1]', ['web1', 'db02']],
  ];
  for (const [pattern, hosts] of cases) {
    it(pattern, () => {
      const r = basic().selectHosts(pattern);
      expect(r.hosts).to.deep.equal(hosts);
      expect(r.warnings).to.deep.equal([]);
    });
  }

  it('a regex matches from the start, like Python re.match', () => {
    expect(basic().selectHosts('~eb').hosts).to.deep.equal([]);
  });

  it('an unknown name selects nothing and warns like Ansible; the rest of the pattern still works', () => {
    const r = basic().selectHosts('nothere:web1');
    expect(r.hosts).to.deep.equal(['web1']);
    expect(r.warnings).to.deep.equal(['Could not match supplied host pattern, ignoring: nothere']);
  });

  it('an empty group selects nothing without a warning; a subscript past the end warns', () => {
    const inv = loadInventory([join(writeTree({ 'h.ini': '[empty]\n[g]\nh1\n' }), 'h.ini')]);
    expect(inv.selectHosts('empty')).to.deep.equal({ hosts: [], warnings: [] });
    const past = inv.selectHosts('g[3]');
    expect(past.hosts).to.deep.equal([]);
    expect(past.warnings[0]).to.include('g[3]');
  });

  it('IPv6 host names are not split on their colons', () => {
    const inv = loadInventory(['fe80::1,10.0.0.1,']);
    expect(inv.selectHosts('fe80::1').hosts).to.deep.equal(['fe80::1']);
    expect(splitHostPattern('a:b:&c:!d[0:2]', () => false)).to.deep.equal(['a', 'b', '&c', '!d[0:2]']);
  });

  it("Ansible's implicit localhost: named, it is selected over the local connection; `all` does not include it", () => {
    const inv = basic();
    expect(inv.selectHosts('web1:localhost')).to.deep.equal({ hosts: ['web1', 'localhost'], warnings: [] });
    expect(inv.selectHosts('all').hosts).to.not.include('localhost');
    expect(inv.hasHost('localhost')).to.equal(false);
    expect(inv.varsFor('localhost')).to.include({ ansible_connection: 'local', level: 'all' });
    expect(inv.groupNamesOf('localhost')).to.deep.equal([]);
  });

  it('an invalid regex is a user error', () => {
    expect(() => basic().selectHosts('~web(')).to.throw(UserInputError, /invalid host pattern '~web\('/);
  });

  it('a pattern too large for the regex engine is a user error with a shortened pattern, not a crash', () => {
    expect(() => basic().selectHosts('w'.repeat(300_000))).to.throw(
      UserInputError,
      /invalid host pattern 'w{80}\.\.\. \(300000 characters\)': Regular expression too large/,
    );
  });
});
