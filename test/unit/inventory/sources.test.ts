// Where inventories come from: files, folders (recursively, skipping what Ansible skips),
// several -i sources merged, comma-separated host lists, and the implicit localhost.
import { expect } from 'chai';
import { join } from 'node:path';
import { implicitLocalhostInventory, loadInventory } from '../../../src/engine/inventory/index.js';
import { looksLikeYaml } from '../../../src/engine/inventory/sources.js';
import { fixturePath } from '../../helpers/paths.js';
import { writeTree } from './helpers.js';

describe('inventory sources', () => {
  it('a folder loads every inventory file in it, sub-folders too, and skips docs, backups and hidden files', () => {
    const inv = loadInventory([fixturePath('inventory', 'folder')]);
    expect(inv.hostNames()).to.deep.equal(['web1', 'db1', 'lb1', 'web2']);
    expect(inv.groupsMap().web).to.deep.equal(['web1', 'web2']);
    expect(inv.sources.map((s) => s.slice(fixturePath('inventory', 'folder').length + 1))).to.deep.equal([
      '10-hosts.ini',
      '20-more.yaml',
      '30-noext',
      join('sub', '40-deep.ini'),
    ]);
  });

  it("a folder's own group_vars and host_vars apply", () => {
    const inv = loadInventory([fixturePath('inventory', 'folder')]);
    expect(inv.varsFor('web2').from_folder_group_vars).to.equal(true);
    expect(inv.varsFor('db1').from_folder_host_vars).to.equal(true);
  });

  it('several sources merge: hosts, groups and variables, later sources winning', () => {
    const root = writeTree({
      'a.ini': '[web]\nw1 v=1\n[web:vars]\ng=a\n',
      'b.yml': 'all:\n  children:\n    web:\n      hosts:\n        w1: {v: 2}\n        w2:\n      vars: {g: b}\n',
    });
    const inv = loadInventory([join(root, 'a.ini'), join(root, 'b.yml')]);
    expect(inv.groupsMap().web).to.deep.equal(['w1', 'w2']);
    expect(inv.varsFor('w1')).to.include({ v: 2, g: 'b' });
  });

  it('a comma-separated host list (Ansible -i web1,web2:2222,)', () => {
    const inv = loadInventory(['web1,web2:2222,']);
    expect(inv.hostNames()).to.deep.equal(['web1', 'web2']);
    expect(inv.groupsMap().ungrouped).to.deep.equal(['web1', 'web2']);
    expect(inv.varsFor('web2').ansible_port).to.equal(2222);
  });

  it('implicit localhost: one host over the local connection', () => {
    const inv = implicitLocalhostInventory();
    expect(inv.hostNames()).to.deep.equal(['localhost']);
    expect(inv.varsFor('localhost')).to.deep.equal({ ansible_connection: 'local' });
    expect(inv.selectHosts('localhost').hosts).to.deep.equal(['localhost']);
  });

  it('format detection: YAML by extension or by a first line like `all:`, INI otherwise', () => {
    expect(looksLikeYaml('x.yml', '[web]')).to.equal(true);
    expect(looksLikeYaml('x.ini', 'all:')).to.equal(false);
    expect(looksLikeYaml('hosts', '# c\n\nall:\n  hosts:')).to.equal(true);
    expect(looksLikeYaml('hosts', '---\nall:')).to.equal(true);
    expect(looksLikeYaml('hosts', 'web1:2222\n')).to.equal(false);
    expect(looksLikeYaml('hosts', '[web]\nall:\n')).to.equal(false);
    expect(looksLikeYaml('hosts', 'h1 ansible_host=a:b\n')).to.equal(false);
  });
});
