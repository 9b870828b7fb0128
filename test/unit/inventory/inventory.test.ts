// Ansible-compatible inventories: INI and YAML, ranges, children, group_vars/host_vars with
// Ansible's precedence, patterns, --graph/--list output, and errors with file:line:col.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, inventoryGraph, inventoryToListJson, connectionVarsOf } from '../../../src/engine/inventory/index.js';
import { UserInputError } from '../../../src/errors.js';
import { fixturePath } from '../../helpers/paths.js';

const basic = (): ReturnType<typeof loadInventory> => loadInventory([fixturePath('inventory', 'basic', 'hosts.ini')]);

describe('INI inventory', () => {
  it('hosts in definition order, ranges expanded (with leading zeros)', () => {
    expect(basic().hostNames()).to.deep.equal(['lonely', 'web1', 'web2', 'web3', 'web10', 'db01', 'db02']);
  });
  it('groups, children and the implicit all/ungrouped', () => {
    const inv = basic();
    const groups = inv.groupsMap();
    expect(groups.web).to.deep.equal(['web1', 'web2', 'web3', 'web10']);
    expect(groups.dc).to.deep.equal(['web1', 'web2', 'web3', 'web10', 'db01', 'db02']);
    expect(groups.ungrouped).to.deep.equal(['lonely']);
    expect(inv.groupNamesOf('web1')).to.deep.equal(['dc', 'web']);
  });
  it('inline values: literals become types, quoted words stay whole, host:port sets the port', () => {
    const v = basic().varsFor('web10');
    expect(v.ansible_port).to.equal(2222);
    expect(v.ansible_user).to.equal('deploy');
    expect(v.quoted).to.equal('a b');
    expect(basic().varsFor('web1').http_port).to.equal(8080);
    expect(basic().varsFor('web1').from_ini_group).to.equal('yes');
  });
  it("precedence: ini group vars (parent < child) < group_vars/all < group_vars/<group> < ini host vars < host_vars", () => {
    const inv = basic();
    expect(inv.varsFor('db01').level).to.equal('all');
    expect(inv.varsFor('web1').level).to.equal('web-file');
    expect(inv.varsFor('web2').level).to.equal('host-file');
    expect(inv.varsFor('web2').http_port).to.equal(9090);
    expect(inv.varsFor('web1').extra_web).to.deep.equal([1, 2]);
    expect(inv.varsFor('lonely').from_all_file).to.equal(true);
    expect(inv.varsFor('db02').ntp).to.equal('time.example');
  });
});

describe('YAML inventory', () => {
  const inv = (): ReturnType<typeof loadInventory> => loadInventory([fixturePath('inventory', 'yaml', 'hosts.yaml')]);
  it('reads hosts, children and vars', () => {
    expect(inv().hostNames()).to.deep.equal(['solo', 'd1', 'd2', 's1', 's2', 's3']);
    expect(inv().groupsMap().nodes).to.deep.equal(['s1', 's2', 's3']);
    expect(inv().varsFor('s2')).to.include({ role: 'node', everyone: 1 });
    expect(connectionVarsOf(inv().varsFor('d2')).address).to.equal('10.77.0.12');
  });
  it('a folder loads every inventory file in it', () => {
    const both = loadInventory([fixturePath('inventory', 'yaml')]);
    expect(both.hostNames()).to.include('d1');
  });
});

describe('host patterns', () => {
  const cases: Array<[string, string[]]> = [
    ['all', ['lonely', 'web1', 'web2', 'web3', 'web10', 'db01', 'db02']],
    ['web:db01', ['web1', 'web2', 'web3', 'web10', 'db01']],
    ['web,lonely', ['lonely', 'web1', 'web2', 'web3', 'web10']],
    ['dc:&db', ['db01', 'db02']],
    ['dc:!web', ['db01', 'db02']],
    ['web*', ['web1', 'web2', 'web3', 'web10']],
    ['~web\\d$', ['web1', 'web2', 'web3']],
    ['web[0]', ['web1']],
    ['web[-1]', ['web10']],
    ['web[1:3]', ['web2', 'web3']],
    ['dc[4:]', ['db01', 'db02']],
  ];
  for (const [pattern, hosts] of cases) {
    it(`${pattern}`, () => expect(basic().selectHosts(pattern).hosts).to.deep.equal(hosts));
  }
  it('an unknown name selects nothing and warns', () => {
    const r = basic().selectHosts('nothere');
    expect(r.hosts).to.deep.equal([]);
    expect(r.warnings[0]).to.include('nothere');
  });
});

describe('inventory output', () => {
  it('--graph like ansible-inventory', () => {
    const inv = loadInventory([fixturePath('inventory', 'yaml', 'hosts.yaml')]);
    expect(inventoryGraph(inv)).to.equal(['@all:', '  |--@directors:', '  |  |--d1', '  |  |--d2', '  |--@nodes:', '  |  |--s1', '  |  |--s2', '  |  |--s3', '  |--@ungrouped:', '  |  |--solo'].join('\n'));
  });
  it('--list like ansible-inventory', () => {
    const list = inventoryToListJson(loadInventory([fixturePath('inventory', 'yaml', 'hosts.yaml')])) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, unknown> } };
    expect(list.all!.children).to.deep.equal(['directors', 'nodes', 'ungrouped']);
    expect(list.nodes!.hosts).to.deep.equal(['s1', 's2', 's3']);
    expect(list._meta.hostvars.d1).to.deep.include({ ansible_host: '10.77.0.11', everyone: 1 });
  });
});

describe('inventory errors name file, line and column', () => {
  const write = (name: string, text: string): string => {
    const f = join(mkdtempSync(join(tmpdir(), 'lvsplay-inv-')), name);
    writeFileSync(f, text);
    return f;
  };
  const cases: Array<[string, string, string, RegExp]> = [
    ['bad section', 'hosts.ini', '[web\nh1\n', /:1:1: malformed section header/],
    ['unknown suffix', 'hosts.ini', '[web:kids]\nh1\n', /:1:5: unknown section suffix ':kids'/],
    ['bad range', 'hosts.ini', '[web]\nweb[9:1]\n', /:2:1: bad host range 'web\[9:1\]'/],
    ['not key=value', 'hosts.ini', '[web]\nh1 foo\n', /:2:4: 'foo' after host 'h1' is not key=value/],
    ['cyclic children', 'hosts.ini', '[a:children]\nb\n[b:children]\na\n', /group '(a|b)' is its own child/],
    ['YAML hosts as a list', 'hosts.yaml', 'all:\n  hosts:\n    - h1\n', /:2:3: hosts of group 'all' is a list/],
    ['YAML unknown key', 'hosts.yaml', 'all:\n  host:\n    h1:\n', /:2:3: unknown key 'host' in group 'all'/],
    ['YAML host vars not a mapping', 'hosts.yaml', 'all:\n  hosts:\n    h1: 5\n', /:3:5: variables of host 'h1' are not a mapping/],
  ];
  for (const [name, file, text, re] of cases) {
    it(name, () => {
      const f = write(file, text);
      let err: unknown;
      try {
        loadInventory([f]);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(UserInputError);
      expect((err as Error).message).to.match(re);
      expect((err as Error).message.startsWith(f)).to.equal(true);
    });
  }
  it('a missing inventory path', () => {
    expect(() => loadInventory(['/nonexistent/inv.ini'])).to.throw(UserInputError, 'inventory not found');
  });
});
