// `lvsplay inventory --graph` and `--list`, shaped like ansible-core's ansible-inventory.
import { expect } from 'chai';
import { inventoryGraph, inventoryToListJson } from '../../../src/engine/inventory/index.js';
import { UserInputError } from '../../../src/errors.js';
import { fixtureInventory } from './helpers.js';

describe('inventory output', () => {
  it('--graph: groups and hosts in inventory order, ungrouped first, direct hosts under each group', () => {
    expect(inventoryGraph(fixtureInventory('yaml', 'hosts.yaml'))).to.equal(
      [
        '@all:',
        '  |--@ungrouped:',
        '  |  |--solo',
        '  |--@directors:',
        '  |  |--d1',
        '  |  |--d2',
        '  |--@nodes:',
        '  |  |--s1',
        '  |  |--s2',
        '  |  |--s3',
      ].join('\n'),
    );
  });

  it('--graph of nested groups, and of one group', () => {
    const inv = fixtureInventory('basic', 'hosts.ini');
    expect(inventoryGraph(inv)).to.equal(
      [
        '@all:',
        '  |--@ungrouped:',
        '  |  |--lonely',
        '  |--@dc:',
        '  |  |--@web:',
        '  |  |  |--web1',
        '  |  |  |--web2',
        '  |  |  |--web3',
        '  |  |  |--web10',
        '  |  |--@db:',
        '  |  |  |--db01',
        '  |  |  |--db02',
      ].join('\n'),
    );
    expect(inventoryGraph(inv, 'db')).to.equal(['@db:', '  |--db01', '  |--db02'].join('\n'));
    expect(() => inventoryGraph(inv, 'nope')).to.throw(UserInputError, /'nope' is not a group/);
  });

  it('--list: _meta.hostvars, all.children, each group with hosts/children, keys sorted', () => {
    const list = inventoryToListJson(fixtureInventory('yaml', 'hosts.yaml')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(list)).to.deep.equal(['_meta', 'all', 'directors', 'nodes', 'ungrouped']);
    expect(list.all).to.deep.equal({ children: ['ungrouped', 'directors', 'nodes'] });
    expect(list.nodes).to.deep.equal({ hosts: ['s1', 's2', 's3'] });
    expect(list.ungrouped).to.deep.equal({ hosts: ['solo'] });
    const hostvars = (list._meta as { hostvars: Record<string, Record<string, unknown>> }).hostvars;
    expect(hostvars.d1).to.deep.equal({ ansible_host: '10.77.0.11', everyone: 1 });
    expect(Object.keys(hostvars.s1!)).to.deep.equal(['everyone', 'role']);
  });

  it('--list leaves out empty groups and hosts without variables, but still names them as children', () => {
    const list = inventoryToListJson(fixtureInventory('folder')) as Record<string, Record<string, unknown>>;
    // db is named under all: while parsing; web and lb join all afterwards (Ansible's reconcile_inventory).
    expect(list.all).to.deep.equal({ children: ['ungrouped', 'db', 'web', 'lb'] });
    expect(list).to.not.have.property('ungrouped');
    expect(list._meta).to.deep.equal({
      hostvars: { db1: { from_folder_host_vars: true }, web1: { from_folder_group_vars: true }, web2: { from_folder_group_vars: true } },
    });
  });
});
