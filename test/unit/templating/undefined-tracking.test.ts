// An undefined variable is an error naming the variable and where it was read; the guarded
// forms (is defined, is undefined, default) are not.
import { expect } from 'chai';
import { UndefinedVariableError } from '../../../src/errors.js';
import { evaluateCondition, evaluateExpression, renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';

const vars = { foo: { bar: 1, nested: { deep: 2 } }, list: [1], nothing: null };
const where = { file: 'site.yml', line: 7, col: 5 };

function undefinedError(fn: () => unknown): UndefinedVariableError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(UndefinedVariableError);
    return err as UndefinedVariableError;
  }
  throw new Error('expected an UndefinedVariableError');
}

describe('templating: undefined variables', () => {
  it('names the variable, the context and the position', () => {
    const err = undefinedError(() => renderValue('x{{ missing }}', vars, { where, context: "task 'install' argument 'dest'" }));
    expect(err.variable).to.equal('missing');
    expect(err.message).to.equal(
      "site.yml:7:5: undefined variable 'missing' in task 'install' argument 'dest': 'missing' is undefined (expected a variable defined in inventory, vars, facts or -e)",
    );
  });
  it("says what is missing in Jinja's words, as Ansible's messages do", () => {
    // ansible-playbook 2.14: "'missing' is undefined", "list object has no element 0",
    // "'dict object' has no attribute 'baz'"
    expect(undefinedError(() => renderValue('{{ missing }}', vars)).message).to.contain(": 'missing' is undefined");
    expect(undefinedError(() => renderValue('{{ empty[0] }}', { empty: [] })).message).to.contain(': list object has no element 0');
    expect(undefinedError(() => renderValue('{{ foo.baz }}', vars)).message).to.contain(": 'dict object' has no attribute 'baz'");
  });
  it('an attribute missing from a dict is named in full', () => {
    expect(undefinedError(() => renderValue('{{ foo.baz }}', vars)).variable).to.equal('foo.baz');
    expect(undefinedError(() => renderValue("{{ foo['nested'].nope }}", vars)).variable).to.equal('foo.nested.nope');
    expect(undefinedError(() => renderValue('{{ list[3] }}', vars)).variable).to.equal('list[3]');
    expect(undefinedError(() => evaluateExpression('nothing.x', vars)).variable).to.equal('nothing.x');
  });
  it('in conditions, undefined is an error, not false', () => {
    expect(undefinedError(() => evaluateCondition('missing', vars)).variable).to.equal('missing');
    expect(undefinedError(() => evaluateCondition('foo.bar == 1 and missing', vars)).variable).to.equal('missing');
    expect(undefinedError(() => renderTemplateText('{% if missing %}x{% endif %}', vars, 't.j2')).variable).to.equal('missing');
  });
  it('in loops and filters', () => {
    expect(undefinedError(() => renderTemplateText('{% for x in missing %}{% endfor %}', vars, 't.j2')).variable).to.equal('missing');
    expect(undefinedError(() => renderValue('{{ missing | upper }}', vars)).variable).to.equal('missing');
  });
  it('is defined / is undefined do not error', () => {
    expect(evaluateExpression('missing is defined', vars)).to.equal(false);
    expect(evaluateExpression('missing is undefined', vars)).to.equal(true);
    expect(evaluateExpression('missing is not defined', vars)).to.equal(true);
    expect(evaluateExpression('foo.baz is defined', vars)).to.equal(false);
    expect(evaluateExpression('foo.bar is defined', vars)).to.equal(true);
    expect(evaluateExpression('missing.deeper.still is defined', vars)).to.equal(false);
  });
  it('default / d do not error, also for attribute chains', () => {
    expect(renderValue('{{ missing | default(5) }}', vars)).to.equal(5);
    expect(renderValue('{{ missing | d("x") }}', vars)).to.equal('x');
    expect(renderValue('{{ foo.baz | default(7) }}', vars)).to.equal(7);
    expect(renderValue('{{ missing.x.y | default(7) }}', vars)).to.equal(7);
    expect(renderValue("{{ missing | default('', true) }}", vars)).to.equal('');
  });
  it('x is defined and x.y short-circuits', () => {
    expect(evaluateCondition('missing is defined and missing.y', vars)).to.equal(false);
    expect(evaluateCondition('foo is defined and foo.bar == 1', vars)).to.equal(true);
  });
  it('a guard covers only the lookup chain it applies to', () => {
    // the index is read normally
    expect(undefinedError(() => renderValue('{{ foo[missing] | default(1) }}', vars)).variable).to.equal('missing');
    // default's own argument is read normally
    expect(undefinedError(() => renderValue('{{ nope | default(missing) }}', vars)).variable).to.equal('missing');
  });
  it('names defined in the template itself are not undefined', () => {
    expect(renderTemplateText('{% set a = 1 %}{{ a }}{% for i in [2] %}{{ i }}{{ loop.index }}{% endfor %}', vars, 't')).to.equal('121');
    expect(renderTemplateText('{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(1) }}', vars, 't')).to.equal('<1>');
  });
  it('a null value is defined', () => {
    expect(evaluateExpression('nothing is defined', vars)).to.equal(true);
    expect(evaluateExpression('nothing is none', vars)).to.equal(true);
    expect(renderValue('<{{ nothing }}>', vars)).to.equal('<>');
  });
  it('in a template file the error names the file, line and column', () => {
    const err = undefinedError(() => renderTemplateText('a\nb\n  {{ foo.nope }}\n', vars, 'templates/x.conf.j2'));
    expect(err.variable).to.equal('foo.nope');
    expect(err.where).to.deep.include({ file: 'templates/x.conf.j2', line: 3 });
    expect(err.message).to.match(/^templates\/x\.conf\.j2:3:\d+: undefined variable 'foo\.nope'/);
  });
  it('Object.prototype members are not variables', () => {
    expect(undefinedError(() => renderValue('{{ constructor }}', vars)).variable).to.equal('constructor');
    expect(undefinedError(() => renderValue('{{ foo.toString }}', vars)).variable).to.equal('foo.toString');
  });
});
