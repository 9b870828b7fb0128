// Templating behaviours the Ansible conformance corpus checks (issue 12), each measured on
// ansible-core 2.14 with the same input: the expected values are what Ansible gave.
import { expect } from 'chai';
import { join } from 'node:path';
import { UndefinedVariableError, UserInputError } from '../../../src/errors.js';
import { renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';
import { VariableScope } from '../../../src/engine/variables/scope.js';
import { parseYaml } from '../../../src/engine/yaml-source.js';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

/** The variables of a `vars:` mapping written in YAML, read the way a play's vars are. */
function viewOf(yaml: string): Record<string, unknown> {
  return new VariableScope([{ name: 'play', vars: parseYaml(yaml, 'vars.yml') as Record<string, unknown> }]).view();
}

describe('templating: Ansible behaviours of the conformance corpus', () => {
  describe('!unsafe', () => {
    const vars = viewOf(`
nottemplate: FAIL
text: !unsafe 'b{{ nottemplate }}'
list: !unsafe ['b{{ nottemplate }}', c]
dict: !unsafe {a: 'b{{ nottemplate }}'}
safe: 'b{{ nottemplate }}'
`);
    it('a scalar, a list or a mapping marked !unsafe is never templated, wherever it is read', () => {
      expect(vars.text).to.equal('b{{ nottemplate }}');
      expect(renderValue('{{ text }}', vars)).to.equal('b{{ nottemplate }}');
      expect(renderValue('{{ list[0] }}', vars)).to.equal('b{{ nottemplate }}');
      expect(renderValue("{{ dict['a'] }}", vars)).to.equal('b{{ nottemplate }}');
      expect(vars.safe).to.equal('bFAIL');
    });
    it('in task arguments too', () => {
      const args = parseYaml("msg: !unsafe '{{ x }}'\nother: '{{ x }}'", 'task.yml');
      expect(renderValue(args, { x: 1 })).to.deep.equal({ msg: '{{ x }}', other: 1 });
    });
  });

  it('null is a name, not a literal; .null, .true and .none are attributes', () => {
    const vars = { foo: { null: 1, true: 2, none: 3 } };
    expect(renderValue('{{ [foo.null, foo.true, foo.none] }}', vars)).to.deep.equal([1, 2, 3]);
    expect(() => renderValue('{{ null }}', {})).to.throw(UndefinedVariableError, "'null'");
    expect(renderValue('{{ null }}', { null: 'n' })).to.equal('n');
  });

  it('groupby: [grouper, items] pairs sorted by the attribute', () => {
    const fruits = [
      { name: 'apple', enjoy: true },
      { name: 'orange', enjoy: false },
      { name: 'strawberry', enjoy: true },
    ];
    expect(renderValue("{{ fruits | groupby('enjoy') }}", { fruits })).to.deep.equal([
      [false, [fruits[1]]],
      [true, [fruits[0], fruits[2]]],
    ]);
    // case-insensitive by default; the grouper is the first item's own value
    const words = [{ w: 'b' }, { w: 'A' }, { w: 'a' }];
    expect(renderValue("{{ words | groupby('w') }}", { words })).to.deep.equal([
      ['A', [words[1], words[2]]],
      ['b', [words[0]]],
    ]);
  });

  it("map(attribute=...) on an item without it is an undefined variable (Ansible: 'undefined variable')", () => {
    const things = [{ name: 'one' }, { notname: 'three' }];
    expect(() => renderValue('{{ things | map(attribute="name") | list }}', { things }))
      .to.throw(UndefinedVariableError)
      .with.property('message')
      .that.matches(/undefined variable.*has no attribute 'name'/);
    expect(renderValue('{{ things | map(attribute="name", default="-") | list }}', { things })).to.deep.equal(['one', '-']);
  });

  it('select/selectattr with a test that does not exist fail as Ansible words it', () => {
    const items = [{ failed: false }];
    expect(renderValue('{{ items | selectattr("failed", "==", false) | list }}', { items })).to.deep.equal(items);
    expect(() => renderValue('{{ items | selectattr("failed", "asdf ", true) | list }}', { items })).to.throw(
      UserInputError,
      `TemplateSyntaxError: Could not load "asdf ": 'invalid plugin name: ansible.builtin.asdf '`,
    );
    expect(() => renderValue('{{ items | select("nosuchtest") | list }}', { items })).to.throw(UserInputError, "no test named 'nosuchtest'");
  });

  it('comments do not nest: a #} outside a comment is text', () => {
    expect(renderValue('{# {{nothing}} {# #} + [dont]', {})).to.equal(' + [dont]');
    expect(renderValue('{# {{nothing}} {# #} #} + [dont]', {})).to.equal(' #} + [dont]');
  });

  it('rendered text that reads as a list is one, but a text around it stays text', () => {
    expect(renderValue('{{ empty_list }} + [dont]', { empty_list: [] })).to.equal('[] + [dont]');
    expect(renderValue('[{{ empty_list }}, globals()]', { empty_list: [] })).to.equal('[[], globals()]');
    expect(renderValue('[1] + {{ [2] }}', {})).to.equal('[1] + [2]');
  });

  describe('template files', () => {
    let dir = '';
    before(() => {
      dir = scratchDir('lvsplay-tmpl-');
      writeIn(dir, 'inner.j2', '{% macro inner() %}inner sees {{ foo }}{% endmacro %}\n');
    });
    after(() => removeDir(dir));

    it('an import with context inside a macro sees the names set in the macro', () => {
      const text = `{% macro outer() %}\n{% set foo = "local" %}\n{% from 'inner.j2' import inner with context %}\n{{ inner() }}|{{ foo }}\n{% endmacro %}\n{% set foo = "top" %}\n{{ outer() }}\n`;
      expect(renderTemplateText(text, {}, join(dir, 'outer.j2'))).to.equal('inner sees local|local\n');
    });

    it('the last newline goes, and the output gets back the newlines it lacks at its end', () => {
      expect(renderTemplateText('x\n', {}, 't.j2')).to.equal('x\n');
      expect(renderTemplateText('x\n\n', {}, 't.j2')).to.equal('x\n\n');
      expect(renderTemplateText('{{ v }}\n', { v: 'a\n' }, 't.j2')).to.equal('a\n');
      expect(renderTemplateText('{{ v }}', { v: 'a\n\n' }, 't.j2')).to.equal('a\n\n');
    });

    it('a #jinja2: header sets delimiters and whitespace for the template module, not for the lookup', () => {
      const overrides = "#jinja2:variable_start_string:'<<' , variable_end_string:'>>'\nvar_a: << a >> {{ a }}\n";
      expect(renderTemplateText(overrides, { a: 'value' }, 't.j2', true)).to.equal('var_a: value {{ a }}\n');
      expect(renderTemplateText(overrides, { a: 'value' }, 't.j2', false)).to.equal(
        "#jinja2:variable_start_string:'<<' , variable_end_string:'>>'\nvar_a: << a >> value\n",
      );
      const lstrip = '#jinja2: lstrip_blocks: True, trim_blocks: False\n  {% if 1 %}\nx {{ a }}\n  {% endif %}\ny\n';
      expect(renderTemplateText(lstrip, { a: 1 }, 't.j2', true)).to.equal('\nx 1\n\ny\n');
    });

    it('a bad #jinja2: header is one located error; an error below it names the file line', () => {
      expect(() => renderTemplateText('#jinja2: lstrip_blocks=True\nx\n', {}, 't.j2', true))
        .to.throw(UserInputError)
        .with.property('message')
        .that.matches(/^t\.j2:1:1: #jinja2 header: 'lstrip_blocks=True' is not key: value/);
      expect(() => renderTemplateText('#jinja2: line_statement_prefix: ":"\n', {}, 't.j2', true)).to.throw(UserInputError, /line_statement_prefix/);
      expect(() => renderTemplateText('#jinja2: trim_blocks: True\nok\n{{ missing }}\n', {}, 't.j2', true))
        .to.throw(UndefinedVariableError)
        .with.property('message')
        .that.matches(/^t\.j2:3:/);
    });
  });

  it('debug var=ansible_facts shows the facts and sets none (Ansible issue 74060)', async function () {
    this.timeout(60_000);
    const dir = scratchDir('lvsplay-debug-facts-');
    try {
      const play = writeIn(
        dir,
        'play.yml',
        `- hosts: localhost
  gather_facts: false
  tasks:
    - set_fact:
        ansible_facts:
          nonfact: 1
    - debug: var=ansible_facts
    - assert:
        that:
          - nonfact is not defined
`,
      );
      const inventory = writeIn(dir, 'hosts.ini', 'localhost ansible_connection=local\n');
      const result = await runCli(['run', '-i', inventory, play], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).to.equal(0);
    } finally {
      removeDir(dir);
    }
  });
});
