// `{% include %}`, `{% import %}` and `{% from ... import %}` in template files: found beside the
// including file, rendered with the including template's variables (loop variables too), and
// with Jinja's trailing-newline rule. The expected text is what ansible-playbook 2.14 renders
// for lookup('template', 't1.j2') with the same files and `vars: {v: V}`.
import { expect } from 'chai';
import { join } from 'node:path';
import { renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';
import { UndefinedVariableError } from '../../../src/errors.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

describe('templates that include and import templates', () => {
  let dir = '';
  beforeEach(() => {
    dir = scratchDir();
    writeIn(
      dir,
      't1.j2',
      "{% set a = 'A' %}\n{% include 't2.j2' with context %}\n{% for x in [1,2] %}{% include 't2.j2' %}{% endfor %}\n" +
        "{% from 't3.j2' import m with context %}{{ m(5) }}\n{% import 't3.j2' as t %}[{{ t.m(6) }}]\n",
    );
    writeIn(dir, 't2.j2', 'inc a={{ a }} x={{ x | default("-") }} v={{ v }}\n');
    writeIn(dir, 't3.j2', '{% macro m(n) %}m{{ n }}{{ a | default("noa") }}{% endmacro %}');
    writeIn(dir, 'bad.j2', "{% import 'undef.j2' as u %}\n");
    writeIn(dir, 'undef.j2', '{{ undefined_variable }}\n');
  });
  afterEach(() => removeDir(dir));

  it('include sees the variables, sets and loop variables; import without context does not', () => {
    expect(renderTemplateText(`{% include 't1.j2' %}`, { v: 'V' }, join(dir, 'top.j2'))).to.equal('inc a=A x=- v=Vinc a=A x=1 v=Vinc a=A x=2 v=Vm5A\n[m6noa]');
  });
  it('lookup("template") renders a file whose includes sit beside it', () => {
    expect(renderValue("{{ lookup('template', 't1.j2') }}", { v: 'V', playbook_dir: dir })).to.equal(
      'inc a=A x=- v=Vinc a=A x=1 v=Vinc a=A x=2 v=Vm5A\n[m6noa]\n',
    );
  });
  it('an undefined variable in an imported template fails with its name', () => {
    expect(() => renderValue("{{ lookup('template', 'bad.j2') }}", { playbook_dir: dir })).to.throw(
      UndefinedVariableError,
      "'undefined_variable' is undefined",
    );
  });
  it('a missing template is an error, unless ignore missing', () => {
    expect(() => renderTemplateText("{% include 'nope.j2' %}", {}, join(dir, 'top.j2'))).to.throw('template not found: nope.j2');
    expect(renderTemplateText("a{% include 'nope.j2' ignore missing %}b", {}, join(dir, 'top.j2'))).to.equal('ab');
  });
});
