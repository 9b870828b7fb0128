// The INI format: sections, children, vars, inline host variables, host:port, ranges, comments.
import { expect } from 'chai';
import { loadInventory } from '../../../src/engine/inventory/index.js';
import { fixtureInventory, writeTree } from './helpers.js';
import { join } from 'node:path';

const basic = () => fixtureInventory('basic', 'hosts.ini');
const fromText = (text: string) => loadInventory([join(writeTree({ 'hosts.ini': text }), 'hosts.ini')]);

describe('INI inventory', () => {
  it('lists hosts in definition order, ranges expanded (leading zeros kept)', () => {
    expect(basic().hostNames()).to.deep.equal(['lonely', 'web1', 'web2', 'web3', 'web10', 'db01', 'db02']);
  });

  it('builds groups from sections and children, with the implicit all and ungrouped', () => {
    const inv = basic();
    const groups = inv.groupsMap();
    expect(groups.web).to.deep.equal(['web1', 'web2', 'web3', 'web10']);
    expect(groups.dc).to.deep.equal(['web1', 'web2', 'web3', 'web10', 'db01', 'db02']);
    expect(groups.ungrouped).to.deep.equal(['lonely']);
    expect(groups.all).to.deep.equal(inv.hostNames());
    expect(inv.childrenOf('all')).to.deep.equal(['ungrouped', 'dc']);
  });

  it('group_names: every group of the host but all, ancestors included, sorted', () => {
    const inv = basic();
    expect(inv.groupNamesOf('web1')).to.deep.equal(['dc', 'web']);
    // Ansible's Host.get_magic_vars only leaves out `all`.
    expect(inv.groupNamesOf('lonely')).to.deep.equal(['ungrouped']);
  });

  it('inline values are typed like Ansible (literal_eval), quotes group words, host:port sets the port', () => {
    const inv = basic();
    const v = inv.varsFor('web10');
    expect(v.ansible_port).to.equal(2222);
    expect(v.ansible_user).to.equal('deploy');
    expect(v.quoted).to.equal('a b');
    expect(inv.varsFor('web1').http_port).to.equal(8080);
    expect(inv.varsFor('web1').from_ini_group).to.equal('yes');
  });

  it('comments: # and ; at line start, # anywhere outside quotes on a host line, ; inside values', () => {
    const inv = fromText(
      ['; a comment', '# another', '[g]  # trailing', 'h1 a=1 # note', 'h2 b="x # y" c=semi;colon', '[g:vars]', 'v=5 # five', "w='q # kept'"].join('\n'),
    );
    expect(inv.hostNames()).to.deep.equal(['h1', 'h2']);
    expect(inv.varsFor('h1')).to.include({ a: 1, v: 5, w: 'q # kept' });
    expect(inv.varsFor('h2')).to.include({ b: 'x # y', c: 'semi;colon' });
  });

  it('[g:hosts] is a hosts section; an explicit ansible_port beats host:port', () => {
    const inv = fromText('[g:hosts]\nh1:2200 ansible_port=2300\n');
    expect(inv.groupsMap().g).to.deep.equal(['h1']);
    expect(inv.varsFor('h1').ansible_port).to.equal(2300);
  });

  it('IPv6 hosts, with and without a port', () => {
    const inv = fromText('[v6]\n[2001:db8::1]:2222\nfe80::1\n');
    expect(inv.hostNames()).to.deep.equal(['2001:db8::1', 'fe80::1']);
    expect(inv.varsFor('2001:db8::1').ansible_port).to.equal(2222);
    expect(inv.varsFor('fe80::1').ansible_port).to.equal(undefined);
  });

  it('a child group without its own section is created; a host in a group is not ungrouped', () => {
    const inv = fromText('h1\n[top:children]\nmiddle\n[middle]\nh1\n');
    expect(inv.groupsMap().top).to.deep.equal(['h1']);
    expect(inv.groupsMap().ungrouped).to.deep.equal([]);
    const created = fromText('[top:children]\nnever_defined\n');
    expect(created.groupNames()).to.include('never_defined');
  });

  it('a host named in several sections is one host in several groups, its variables merged', () => {
    const inv = fromText('[a]\nh1 x=1 y=1\n[b]\nh1 y=2\n');
    expect(inv.hostNames()).to.deep.equal(['h1']);
    expect(inv.groupNamesOf('h1')).to.deep.equal(['a', 'b']);
    expect(inv.varsFor('h1')).to.include({ x: 1, y: 2 });
  });

  it('[g:vars] may come before the [g] section in the same file', () => {
    const inv = fromText('[g:vars]\nv=1\n[g]\nh1\n');
    expect(inv.varsFor('h1').v).to.equal(1);
  });
});
