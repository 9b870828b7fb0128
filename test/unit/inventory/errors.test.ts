// Every inventory error is a one-line UserInputError naming the file, line and column.
import { expect } from 'chai';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { loadInventory } from '../../../src/engine/inventory/index.js';
import { UserInputError } from '../../../src/errors.js';
import { loadError, writeTree } from './helpers.js';

function expectAt(error: unknown, file: string, line: number, col: number, problem: string | RegExp): void {
  expect(error, 'an error was thrown').to.be.instanceOf(UserInputError);
  const e = error as UserInputError;
  expect(e.where).to.deep.equal({ file, line, col });
  expect(e.message.startsWith(`${file}:${line}:${col}: `), e.message).to.equal(true);
  expect(e.message.split('\n')).to.have.length(1);
  if (typeof problem === 'string') expect(e.problem).to.equal(problem);
  else expect(e.problem).to.match(problem);
}

describe('inventory errors name file, line and column', () => {
  const cases: Array<[string, string, string, number, number, string | RegExp]> = [
    // INI
    ['unclosed section header', 'hosts.ini', '[web\nh1\n', 1, 1, "malformed section header '[web'"],
    ['space in a section header', 'hosts.ini', 'h0\n  [web servers]\n', 2, 3, "malformed section header '[web servers]'"],
    ['unknown section suffix', 'hosts.ini', '[web:kids]\nh1\n', 1, 6, "unknown section suffix ':kids'"],
    ['reversed range', 'hosts.ini', '[web]\nweb[9:1]\n', 2, 1, "bad host 'web[9:1]': the range begins after it ends"],
    ['host ending in a colon', 'hosts.ini', '[web]\n  web1:\n', 2, 3, /^bad host 'web1:': a trailing ':'/],
    ['word after a host that is not key=value', 'hosts.ini', '[web]\nh1 foo\n', 2, 4, "'foo' after host 'h1' is not key=value"],
    ['empty variable name', 'hosts.ini', 'h1 a=1 =x\n', 1, 8, "'=x' after host 'h1' is not key=value"],
    ['unterminated quote', 'hosts.ini', 'h1 a="x\n', 1, 6, 'unterminated quote'],
    ['vars line without =', 'hosts.ini', '[g]\nh\n[g:vars]\njustword\n', 4, 1, "'justword' is not a variable assignment"],
    ['two names on a children line', 'hosts.ini', '[p:children]\na b\n', 2, 1, "'a b' is not a group name"],
    ['[g:vars] for a group nothing defines', 'hosts.ini', '[h]\nx\n[typo:vars]\nv=1\n', 3, 2, 'section [typo:vars] is for a group that is not defined'],
    ['cyclic children', 'hosts.ini', '[a:children]\nb\n[b:children]\na\n', 4, 1, "group 'a' is its own descendant (a -> b -> a)"],
    ['a group as its own child', 'hosts.ini', '[a:children]\n  a\n', 2, 3, "group 'a' is its own descendant (a -> a)"],
    ['all as a child', 'hosts.ini', '[x]\nh\n[x:children]\nall\n', 4, 1, "group 'all' is its own descendant (all -> x -> all)"],
    ['binary data', 'hosts.ini', 'h1\nh\u0001\n', 2, 2, 'binary data in an inventory file'],
    // YAML
    ['hosts as a list', 'hosts.yaml', 'all:\n  hosts:\n    - h1\n', 2, 3, "hosts of group 'all' is a list"],
    ['unknown group key', 'hosts.yaml', 'all:\n  host:\n    h1:\n', 2, 3, "unknown key 'host' in group 'all'"],
    ['host variables as a number', 'hosts.yaml', 'all:\n  hosts:\n    h1: 5\n', 3, 5, "variables of host 'h1' are a number"],
    ['host variables as a list', 'hosts.yaml', 'all:\n  hosts:\n    h1: [a]\n', 3, 9, "variables of host 'h1' are a list"],
    ['group as a list', 'hosts.yaml', 'all:\n  children:\n    web: [a]\n', 3, 10, "group 'web' is a list"],
    ['vars as a number', 'hosts.yaml', 'all:\n  vars: 5\n', 2, 3, "vars of group 'all' is a number"],
    ['children as a list', 'hosts.yaml', 'all:\n  children: [a]\n', 2, 3, "children of group 'all' is a list"],
    ['a list at the top', 'hosts.yml', '- a\n', 1, 1, 'a YAML inventory must be a mapping of groups, not a list'],
    ['an inventory plugin configuration', 'hosts.yml', 'plugin: aws_ec2\n', 1, 1, /inventory plugin configuration/],
    ['reversed range in YAML', 'hosts.yml', 'all:\n  hosts:\n    w[3:1]:\n', 3, 5, "bad host 'w[3:1]': the range begins after it ends"],
    ['YAML syntax', 'hosts.yml', 'all:\n  hosts: {a\n', 3, 1, /^YAML syntax error/],
    [
      'cyclic children in YAML',
      'hosts.yml',
      'all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a:\n',
      7,
      13,
      "group 'a' is its own descendant (a -> b -> a)",
    ],
  ];
  for (const [name, fileName, text, line, col, problem] of cases) {
    it(name, () => {
      const { file, error } = loadError(fileName, text);
      expectAt(error, file, line, col, problem);
    });
  }

  it('a dynamic inventory script', () => {
    const root = writeTree({ 'inv.sh': '#!/bin/sh\necho {}\n' });
    chmodSync(join(root, 'inv.sh'), 0o755);
    let error: unknown;
    try {
      loadInventory([join(root, 'inv.sh')]);
    } catch (e) {
      error = e;
    }
    expectAt(error, join(root, 'inv.sh'), 1, 1, /dynamic inventory script/);
  });

  it('a group_vars file that is not a mapping (reported when variables are first read)', () => {
    const root = writeTree({ 'hosts.ini': 'h1\n', 'group_vars/all.yml': '# vars\n- a\n' });
    const inv = loadInventory([join(root, 'hosts.ini')]);
    let error: unknown;
    try {
      inv.varsFor('h1');
    } catch (e) {
      error = e;
    }
    expectAt(error, join(root, 'group_vars', 'all.yml'), 2, 1, 'a variables file must be a mapping');
  });

  it('a host_vars file with a YAML error', () => {
    const root = writeTree({ 'hosts.ini': 'h1\n', 'host_vars/h1.yml': 'a: 1\na: 2\n' });
    expect(() => loadInventory([join(root, 'hosts.ini')]).varsFor('h1')).to.throw(UserInputError, `${join(root, 'host_vars', 'h1.yml')}:2:1: duplicate key`);
  });

  it('a missing inventory path names the path', () => {
    expect(() => loadInventory(['/nonexistent/inv.ini'])).to.throw(UserInputError, 'inventory not found: /nonexistent/inv.ini');
  });
});
