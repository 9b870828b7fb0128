// Variable precedence inside the inventory, as Ansible's VariableManager layers it. Each
// variable in the fixture is set in two neighbouring layers; the later layer must win.
import { expect } from 'chai';
import { loadInventory } from '../../../src/engine/inventory/index.js';
import { fixturePath } from '../../helpers/paths.js';
import { writeTree } from './helpers.js';
import { join } from 'node:path';

const dir = (...p: string[]) => fixturePath('inventory', 'precedence', ...p);
const inv = () => loadInventory([dir('inventory', 'hosts.ini')], { playbookDir: dir('playbook') });

describe('inventory variable precedence', () => {
  const cases: Array<[string, string, string]> = [
    ['a', 'child-ini', 'inventory-file group vars: all < parent < child'],
    ['b', 'inventory-group_vars-all', 'inventory-file group vars < group_vars/all (inventory)'],
    ['c', 'playbook-group_vars-all', 'group_vars/all: inventory < playbook'],
    ['d', 'inventory-group_vars-parent', 'group_vars/all (playbook) < group_vars/<group> (inventory)'],
    ['e', 'playbook-group_vars-parent', 'group_vars/<child> (inventory) < group_vars/<parent> (playbook)'],
    ['f', 'host-inline', 'group_vars (playbook) < inventory-file host vars'],
    ['g', 'inventory-host_vars', 'inventory-file host vars < host_vars (inventory)'],
    ['h', 'playbook-host_vars', 'host_vars: inventory < playbook'],
  ];
  for (const [name, value, why] of cases) {
    it(`${why} (${name})`, () => expect(inv().varsFor('h1')[name]).to.equal(value));
  }

  it('merging is shallow: a later dict replaces the whole dict', () => {
    expect(inv().varsFor('h1').nested).to.deep.equal({ x: 9 });
  });

  it('a NAME/ folder: files in name order, sub-folders, skipping backups and other extensions; NAME.yml beside it is not read', () => {
    const v = inv().varsFor('h1');
    expect(v.folder_order).to.equal('20-b');
    expect(v.from_sub_folder).to.equal(true);
    expect(v).to.not.have.property('not');
    expect(v).to.not.have.property('ignored_file_beside_folder');
    expect(v).to.not.have.property('ignored_second_file');
  });

  it('groups at the same depth merge by name, unless ansible_group_priority says otherwise', () => {
    expect(inv().varsFor('h2').same_depth).to.equal('beta');
    const root = writeTree({ 'hosts.ini': '[alpha]\nh\n[beta]\nh\n[alpha:vars]\nv=alpha\nansible_group_priority=10\n[beta:vars]\nv=beta\n' });
    expect(loadInventory([join(root, 'hosts.ini')]).varsFor('h').v).to.equal('alpha');
  });

  it('varsLayersFor names each layer and its file, lowest first', () => {
    const layers = inv().varsLayersFor('h1');
    const labelled = layers.map((l) => (l.file ? `${l.label} @ ${l.file.slice(dir().length + 1)}` : l.label));
    expect(labelled).to.deep.equal([
      "group 'all' (inventory file) @ inventory/hosts.ini",
      "group 'parent' (inventory file) @ inventory/hosts.ini",
      "group 'child' (inventory file) @ inventory/hosts.ini",
      'group_vars/all @ inventory/group_vars/all.yml',
      'group_vars/all @ playbook/group_vars/all',
      'group_vars/parent @ inventory/group_vars/parent.yml',
      'group_vars/child @ inventory/group_vars/child/10-a.yml',
      'group_vars/child @ inventory/group_vars/child/20-b.yaml',
      'group_vars/child @ inventory/group_vars/child/sub/30-c.json',
      'group_vars/parent @ playbook/group_vars/parent.yaml',
      "host 'h1' (inventory file) @ inventory/hosts.ini",
      'host_vars/h1 @ inventory/host_vars/h1.yml',
      'host_vars/h1 @ playbook/host_vars/h1.json',
    ]);
  });

  it('the basic fixture: ini group vars < group_vars/all < group_vars/<group> folder < host_vars', () => {
    const basic = loadInventory([fixturePath('inventory', 'basic', 'hosts.ini')]);
    expect(basic.varsFor('db01').level).to.equal('all');
    expect(basic.varsFor('web1').level).to.equal('web-file');
    expect(basic.varsFor('web2').level).to.equal('host-file');
    expect(basic.varsFor('web2').http_port).to.equal(9090);
    expect(basic.varsFor('web1').extra_web).to.deep.equal([1, 2]);
    expect(basic.varsFor('db02').ntp).to.equal('time.example');
  });
});
