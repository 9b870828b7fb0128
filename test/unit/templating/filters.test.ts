// Every filter lvsplay provides, with Ansible's semantics.
import { expect } from 'chai';
import { evaluateExpression } from '../../../src/engine/templating/index.js';

const vars = {
  users: [
    { name: 'bob', uid: 3, groups: ['adm'], shell: '/bin/sh' },
    { name: 'alice', uid: 1, groups: [], shell: '/bin/bash' },
    { name: 'carol', uid: 2, groups: ['adm', 'web'] },
  ],
  hostvars: { h1: { ansible_host: '10.0.0.1', ip: { v4: '10.0.0.1' } }, h2: { ansible_host: '10.0.0.2', ip: { v4: '10.0.0.2' } } },
  omit: '__omit__',
};
const ev = (expr: string): unknown => evaluateExpression(expr, vars);

describe('templating: filters', () => {
  describe('presence and type', () => {
    it('default / d, with the boolean flag', () => {
      expect(ev("nope | default('x')")).to.equal('x');
      expect(ev('nope | default')).to.equal('');
      expect(ev("'' | default('x')")).to.equal('');
      expect(ev("'' | default('x', true)")).to.equal('x');
      expect(ev("0 | d('x', true)")).to.equal('x');
      expect(ev("none | default('x')")).to.equal(null);
      expect(ev('nope | default(omit)')).to.equal('__omit__');
    });
    it('mandatory', () => {
      expect(ev('1 | mandatory')).to.equal(1);
      expect(() => ev('nope | mandatory')).to.throw(/nope/);
    });
    it('ternary', () => {
      expect(ev("true | ternary('y', 'n')")).to.equal('y');
      expect(ev("[] | ternary('y', 'n')")).to.equal('n');
      expect(ev("none | ternary('y', 'n', 'null')")).to.equal('null');
    });
    it('bool, with Ansible words', () => {
      for (const t of ["'yes'", "'on'", "'1'", "'true'", "'True'", '1', 'true']) expect(ev(`${t} | bool`), t).to.equal(true);
      for (const f of ["'no'", "'off'", "'0'", "'false'", "''", '0', "'banana'"]) expect(ev(`${f} | bool`), f).to.equal(false);
      expect(ev('none | bool'), 'none stays none, as in Ansible').to.equal(null);
    });
    it('int and float', () => {
      expect(ev("'42' | int")).to.equal(42);
      expect(ev("'3.9' | int")).to.equal(3);
      expect(ev("'x' | int")).to.equal(0);
      expect(ev("'x' | int(7)")).to.equal(7);
      expect(ev("'ff' | int(base=16)")).to.equal(255);
      expect(ev('true | int')).to.equal(1);
      expect(ev("'2.5' | float")).to.equal(2.5);
      expect(ev("'x' | float")).to.equal(0);
    });
    it('string, list, length/count', () => {
      expect(ev('42 | string')).to.equal('42');
      expect(ev('none | string')).to.equal('None');
      expect(ev("'ab' | list")).to.deep.equal(['a', 'b']);
      expect(ev("{'a': 1} | list")).to.deep.equal(['a']);
      expect(ev('users | length')).to.equal(3);
      expect(ev("'abc' | count")).to.equal(3);
      expect(ev("{'a': 1} | length")).to.equal(1);
    });
    it('abs, round, type_debug', () => {
      expect(ev('-3 | abs')).to.equal(3);
      expect(ev('2.5 | round')).to.equal(3);
      expect(ev('2.567 | round(2)')).to.equal(2.57);
      expect(ev("2.1 | round(0, 'ceil')")).to.equal(3);
      expect(ev("2.9 | round(0, 'floor')")).to.equal(2);
      expect(ev('[1] | type_debug')).to.equal('list');
    });
  });

  describe('text', () => {
    it('upper, lower, capitalize, title, trim', () => {
      expect(ev("'aB' | upper")).to.equal('AB');
      expect(ev("'aB' | lower")).to.equal('ab');
      expect(ev("'hello world' | capitalize")).to.equal('Hello world');
      expect(ev("'hello world' | title")).to.equal('Hello World');
      expect(ev("'  x \\n' | trim")).to.equal('x');
    });
    it('replace replaces every occurrence (or count)', () => {
      expect(ev("'a-b-c' | replace('-', '+')")).to.equal('a+b+c');
      expect(ev("'a-b-c' | replace('-', '+', 1)")).to.equal('a+b-c');
    });
    it('split', () => {
      expect(ev("'a b  c' | split")).to.deep.equal(['a', 'b', 'c']);
      expect(ev("'a,b' | split(',')")).to.deep.equal(['a', 'b']);
    });
    it('regex_replace with Python groups', () => {
      expect(ev("'eth0: 10.0.0.1' | regex_replace('^(\\\\w+): (.*)$', '\\\\2 on \\\\1')")).to.equal('10.0.0.1 on eth0');
      expect(ev("'abc' | regex_replace('(?P<x>b)', '[\\\\g<x>]')")).to.equal('a[b]c');
      expect(ev("'aaa' | regex_replace('a', 'b')")).to.equal('bbb');
      expect(ev("'ABC' | regex_replace('b', 'x', ignorecase=true)")).to.equal('AxC');
      expect(ev("'cost $5' | regex_replace('cost', 'price')")).to.equal('price $5');
    });
    it('regex_search, regex_findall, regex_escape', () => {
      expect(ev("'version 1.2.3' | regex_search('\\\\d+\\\\.\\\\d+')")).to.equal('1.2');
      expect(ev("'version 1.2.3' | regex_search('(\\\\d+)\\\\.(\\\\d+)', '\\\\2')")).to.deep.equal(['2']);
      expect(ev("'abc' | regex_search('x')")).to.equal(null);
      expect(ev("'a1b22' | regex_findall('\\\\d+')")).to.deep.equal(['1', '22']);
      expect(ev("'a.b' | regex_escape")).to.equal('a\\.b');
    });
    it('quote is POSIX shell quoting', () => {
      expect(ev("'simple' | quote")).to.equal('simple');
      expect(ev('"it\'s here" | quote')).to.equal(`'it'\\''s here'`);
      expect(ev("'' | quote")).to.equal("''");
    });
    it('b64encode / b64decode', () => {
      expect(ev("'héllo' | b64encode")).to.equal('aMOpbGxv');
      expect(ev("'aMOpbGxv' | b64decode")).to.equal('héllo');
    });
    it('basename, dirname, splitext', () => {
      expect(ev("'/etc/keepalived/k.conf' | basename")).to.equal('k.conf');
      expect(ev("'/etc/keepalived/k.conf' | dirname")).to.equal('/etc/keepalived');
      expect(ev("'k.conf' | dirname")).to.equal('');
      expect(ev("'a/b.tar' | splitext")).to.deep.equal(['a/b', '.tar']);
    });
    it('hash, checksum, format, comment', () => {
      expect(ev("'abc' | hash('sha1')")).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
      expect(ev("'abc' | md5")).to.equal('900150983cd24fb0d6963f7d28e17f72');
      expect(ev("'%s:%d %05.1f %%' | format('h', 8.9, 2.26)")).to.equal('h:8 002.3 %');
      expect(ev("'a\\nb' | comment")).to.equal('# a\n# b');
    });
  });

  describe('serialisation', () => {
    it('to_json is Python json.dumps, to_nice_json sorted and indented by 4', () => {
      expect(ev("{'b': [1, 2], 'a': 'x'} | to_json")).to.equal('{"b": [1, 2], "a": "x"}');
      expect(ev("{'b': 1, 'a': [1]} | to_nice_json")).to.equal('{\n    "a": [\n        1\n    ],\n    "b": 1\n}');
      expect(ev("{'a': 1} | to_json(indent=2)")).to.equal('{\n  "a": 1\n}');
    });
    it('from_json, and its errors', () => {
      expect(ev('\'{"a": [1, true, null]}\' | from_json')).to.deep.equal({ a: [1, true, null] });
      expect(() => ev("'{bad' | from_json")).to.throw(/from_json/);
    });
    it('to_yaml / to_nice_yaml / from_yaml', () => {
      expect(ev("{'a': [1, 2]} | to_nice_yaml")).to.equal('a:\n    - 1\n    - 2\n');
      expect(ev("{'a': 'x'} | to_yaml")).to.equal('a: x\n');
      expect(ev("'a: [1, yes]' | from_yaml")).to.deep.equal({ a: [1, true] });
      expect(ev("'---\\na: 1\\n---\\nb: 2\\n' | from_yaml_all")).to.deep.equal([{ a: 1 }, { b: 2 }]);
    });
  });

  describe('addresses', () => {
    it('ipv4 / ansible.utils.ipv4 keep valid IPv4 addresses', () => {
      expect(ev("'10.0.0.1' | ipv4")).to.equal('10.0.0.1');
      expect(ev("'10.0.0.1' | ansible.utils.ipv4")).to.equal('10.0.0.1');
      expect(ev("'10.0.0.300' | ipv4")).to.equal(false);
      expect(ev("'fe80::1' | ipv4")).to.equal(false);
      expect(ev("['10.0.0.1', 'x', 'fe80::1', '10.1.0.0/16'] | ipv4")).to.deep.equal(['10.0.0.1', '10.1.0.0/16']);
      expect(ev("['10.0.0.1', 'fe80::1'] | ipv6")).to.deep.equal(['fe80::1']);
    });
    it('ipaddr queries', () => {
      expect(ev("'10.1.2.3/24' | ipaddr")).to.equal('10.1.2.3/24');
      expect(ev("'10.1.2.3/24' | ipaddr('address')")).to.equal('10.1.2.3');
      expect(ev("'10.1.2.3/24' | ipaddr('network')")).to.equal('10.1.2.0');
      expect(ev("'10.1.2.3/24' | ipaddr('netmask')")).to.equal('255.255.255.0');
      expect(ev("'10.1.2.3/24' | ipaddr('prefix')")).to.equal(24);
      expect(ev("'10.1.2.3/24' | ipaddr('broadcast')")).to.equal('10.1.2.255');
      expect(ev("'10.1.2.3' | ipaddr('host')")).to.equal('10.1.2.3/32');
      expect(ev("'nonsense' | ipaddr")).to.equal(false);
    });
  });

  describe('fully qualified names', () => {
    it('ansible.builtin.<filter> works', () => {
      expect(ev('[1] | ansible.builtin.to_json')).to.equal('[1]');
    });
    it('an unknown filter is a syntax error naming it', () => {
      expect(() => ev('1 | frobnicate')).to.throw(/no filter named 'frobnicate'/);
    });
  });

  describe('lists and mappings', () => {
    it('first, last, unique, reverse, sort', () => {
      expect(ev('[3, 1, 2] | first')).to.equal(3);
      expect(ev('[3, 1, 2] | last')).to.equal(2);
      expect(ev('[1, 2, 1, [1], [1]] | unique')).to.deep.equal([1, 2, [1]]);
      expect(ev('[1, 2] | reverse | list')).to.deep.equal([2, 1]);
      expect(ev("'ab' | reverse")).to.equal('ba');
      expect(ev("['b', 'A', 'c'] | sort")).to.deep.equal(['A', 'b', 'c']);
      expect(ev("['b', 'A', 'c'] | sort(case_sensitive=true)")).to.deep.equal(['A', 'b', 'c']);
      expect(ev('[2, 10, 1] | sort(reverse=true)')).to.deep.equal([10, 2, 1]);
      expect(ev("users | sort(attribute='uid') | map(attribute='name') | list")).to.deep.equal(['alice', 'carol', 'bob']);
    });
    it('sorting mixed types is an error', () => {
      expect(() => ev("[1, 'a'] | sort")).to.throw(/sort: cannot compare/);
    });
    it('join, with attribute', () => {
      expect(ev("[1, 'a', none] | join(',')")).to.equal('1,a,None');
      expect(ev("users | join(', ', attribute='name')")).to.equal('bob, alice, carol');
    });
    it('flatten, zip, product', () => {
      expect(ev('[1, [2, [3, [4]]]] | flatten')).to.deep.equal([1, 2, 3, 4]);
      expect(ev('[1, [2, [3]]] | flatten(1)')).to.deep.equal([1, 2, [3]]);
      expect(ev("[1, 2] | zip(['a', 'b', 'c']) | list")).to.deep.equal([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(ev("[1, 2] | product(['a']) | list")).to.deep.equal([
        [1, 'a'],
        [2, 'a'],
      ]);
    });
    it('combine, shallow and recursive, several at once', () => {
      expect(ev("{'a': {'x': 1}, 'b': 1} | combine({'a': {'y': 2}})")).to.deep.equal({ a: { y: 2 }, b: 1 });
      expect(ev("{'a': {'x': 1}} | combine({'a': {'y': 2}}, recursive=true)")).to.deep.equal({ a: { x: 1, y: 2 } });
      expect(ev("{'a': 1} | combine({'b': 2}, {'a': 3})")).to.deep.equal({ a: 3, b: 2 });
      expect(ev("{'a': [1]} | combine({'a': [2]}, list_merge='append')")).to.deep.equal({ a: [1, 2] });
    });
    it('combine does not modify its input', () => {
      const base = { a: { x: 1 } };
      evaluateExpression("base | combine({'a': {'y': 2}}, recursive=true)", { base });
      expect(base).to.deep.equal({ a: { x: 1 } });
    });
    it('dict2items / items2dict, with custom names', () => {
      expect(ev("{'a': 1} | dict2items")).to.deep.equal([{ key: 'a', value: 1 }]);
      expect(ev("{'a': 1} | dict2items(key_name='k', value_name='v')")).to.deep.equal([{ k: 'a', v: 1 }]);
      expect(ev("[{'key': 'a', 'value': 1}] | items2dict")).to.deep.equal({ a: 1 });
      expect(ev("[{'n': 'a', 'v': 1}] | items2dict(key_name='n', value_name='v')")).to.deep.equal({ a: 1 });
    });
    it('map by filter name (with arguments) and by attribute', () => {
      expect(ev("['a', 'b'] | map('upper') | list")).to.deep.equal(['A', 'B']);
      expect(ev("['1', '2'] | map('int') | list")).to.deep.equal([1, 2]);
      expect(ev("['a-b'] | map('replace', '-', '_') | list")).to.deep.equal(['a_b']);
      expect(ev("users | map(attribute='name') | list")).to.deep.equal(['bob', 'alice', 'carol']);
      expect(ev("users | map(attribute='shell', default='none') | list")).to.deep.equal(['/bin/sh', '/bin/bash', 'none']);
      expect(() => ev("users | map(attribute='shell') | list")).to.throw(/no attribute 'shell'/);
    });
    it('select / reject with tests', () => {
      expect(ev('[0, 1, 2, none] | select | list')).to.deep.equal([1, 2]);
      expect(ev("['web1', 'db1', 'web2'] | select('match', 'web') | list")).to.deep.equal(['web1', 'web2']);
      expect(ev("['web1', 'db1'] | reject('search', 'db') | list")).to.deep.equal(['web1']);
      expect(ev("[1, 2, 3] | select('equalto', 2) | list")).to.deep.equal([2]);
      expect(ev('[1, 2, 3, 4] | select("odd") | list')).to.deep.equal([1, 3]);
    });
    it('selectattr / rejectattr with test name and argument', () => {
      expect(ev("users | selectattr('uid', 'equalto', 1) | map(attribute='name') | list")).to.deep.equal(['alice']);
      expect(ev("users | selectattr('groups') | map(attribute='name') | list")).to.deep.equal(['bob', 'carol']);
      expect(ev("users | selectattr('shell', 'defined') | map(attribute='name') | list")).to.deep.equal(['bob', 'alice']);
      expect(ev("users | rejectattr('shell', 'defined') | map(attribute='name') | list")).to.deep.equal(['carol']);
      expect(ev("users | selectattr('groups', 'contains', 'web') | map(attribute='name') | list")).to.deep.equal(['carol']);
      expect(ev("users | selectattr('uid', '>', 1) | list | length")).to.equal(2);
    });
    it('extract, as with groups | map(extract, hostvars, ...)', () => {
      expect(ev("['h1', 'h2'] | map('extract', hostvars, 'ansible_host') | list")).to.deep.equal(['10.0.0.1', '10.0.0.2']);
      expect(ev("['h2'] | map('extract', hostvars, ['ip', 'v4']) | list")).to.deep.equal(['10.0.0.2']);
    });
    it('set operations', () => {
      expect(ev('[1, 2, 3] | difference([2])')).to.deep.equal([1, 3]);
      expect(ev('[1, 2, 3] | intersect([2, 3, 4])')).to.deep.equal([2, 3]);
      expect(ev('[1, 2] | union([2, 3])')).to.deep.equal([1, 2, 3]);
      expect(ev('[1, 2] | symmetric_difference([2, 3])')).to.deep.equal([1, 3]);
    });
    it('min, max, sum', () => {
      expect(ev('[3, 1, 2] | min')).to.equal(1);
      expect(ev('[3, 1, 2] | max')).to.equal(3);
      expect(ev("(users | max(attribute='uid')).name")).to.equal('bob');
      expect(ev('[1, 2, 3] | sum')).to.equal(6);
      expect(ev("users | sum(attribute='uid')")).to.equal(6);
      expect(ev('[[1], [2]] | sum(start=[])')).to.deep.equal([1, 2]);
      expect(ev('[] | max')).to.equal(null);
    });
  });
});
