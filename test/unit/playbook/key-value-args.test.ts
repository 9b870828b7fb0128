// Ansible's key=value argument text. Every expected value below is what ansible-core 2.14's own
// parser returns for the same text (measured with ansible.parsing.splitter.parse_kv).
import { expect } from 'chai';
import { KeyValueSyntaxError, parseKeyValueText } from '../../../src/engine/playbook/key-value-args.js';
import { normaliseModuleArgs } from '../../../src/engine/playbook/module-args.js';

describe('key=value argument text (as Ansible parses it)', () => {
  const table: Array<[string, Record<string, string>, string[]]> = [
    ['path={{ local_temp_dir }} state=directory', { path: '{{ local_temp_dir }}', state: 'directory' }, []],
    ['{{ item }}=moo', { '{{ item }}': 'moo' }, []],
    [`msg="hello world" other='a b'`, { msg: 'hello world', other: 'a b' }, []],
    [`content='Ansible managed\\n' dest=/tmp/x`, { content: 'Ansible managed\n', dest: '/tmp/x' }, []],
    [`msg={{ 'a b' ~ "c d" }}`, { msg: `{{ 'a b' ~ "c d" }}` }, []],
    ['a=b\\=c', { a: 'b\\=c' }, []],
    [`x="{% if a %}b c{% endif %}" y={# c d #}`, { x: '{% if a %}b c{% endif %}', y: '{# c d #}' }, []],
    ['msg=a\\tb', { msg: 'a\tb' }, []],
    ['src=a\\x41', { src: 'aA' }, []],
    [`msg='a \\'b\\' c'`, { msg: "a 'b' c" }, []],
    ['msg="x"y', { msg: '"x"y' }, []],
    ['a=1 garbage', { a: '1' }, ['garbage']],
    ['a\\=b', {}, ['a=b']],
  ];
  for (const [text, args, raw] of table) {
    it(text, () => expect(parseKeyValueText(text)).to.deep.equal({ args, rawWords: raw }));
  }
  it('refuses an unbalanced quote or Jinja block as Ansible does', () => {
    expect(() => parseKeyValueText("key=it's")).to.throw(KeyValueSyntaxError, 'unterminated single quote');
    expect(() => parseKeyValueText('msg={{ a')).to.throw(KeyValueSyntaxError, 'unterminated Jinja');
  });
});

describe('include and import arguments as text (as ModuleArgsParser of ansible-core 2.14 reads them)', () => {
  const where = { file: 'tasks.yml', line: 1, col: 1 };
  const table: Array<[string, string, Record<string, unknown>]> = [
    ['include_tasks', 'file=a.yml', { file: 'a.yml' }],
    ['include_tasks', 'a.yml', { file: 'a.yml' }],
    ['import_tasks', 'file=a.yml apply=x', { file: 'a.yml', apply: 'x' }],
    ['import_role', 'name=c', { name: 'c' }],
    ['include_role', 'name=x handlers_from=alternate.yml', { name: 'x', handlers_from: 'alternate.yml' }],
    ['import_role', 'c', { name: 'c' }],
  ];
  for (const [module, text, args] of table) {
    it(`${module}: ${text}`, () => expect(normaliseModuleArgs(undefined, module, text, where)).to.deep.equal(args));
  }
});
