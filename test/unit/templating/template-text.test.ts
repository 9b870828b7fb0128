// Template files: Ansible's template module settings, blocks, and errors that name the file
// and line.
import { expect } from 'chai';
import { UserInputError } from '../../../src/errors.js';
import { renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';
import { spaceNestedBraces } from '../../../src/engine/templating/braces.js';

const vars = { vip: '10.0.0.10', reals: ['10.0.0.1', '10.0.0.2'], d: { a: 1, b: 2 }, html: '<b>&</b>', on: true };
const render = (text: string): string => renderTemplateText(text, vars, 'templates/ipvs.conf.j2');

function userError(fn: () => unknown): UserInputError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(UserInputError);
    return err as UserInputError;
  }
  throw new Error('expected a UserInputError');
}

describe('templating: template files', () => {
  it('keeps the trailing newline', () => {
    expect(render('vip {{ vip }}\n')).to.equal('vip 10.0.0.10\n');
    expect(render('no newline')).to.equal('no newline');
  });
  it('trim_blocks on: the newline after a block tag goes; lstrip_blocks off: indentation stays', () => {
    expect(render('{% for r in reals %}\nreal {{ r }}\n{% endfor %}\nend\n')).to.equal('real 10.0.0.1\nreal 10.0.0.2\nend\n');
    // Jinja drops the last newline, Ansible gives it back (measured with ansible-core 2.14's template module)
    expect(render('x\n  {% if on %}\ny\n  {% endif %}\n')).to.equal('x\n  y\n  \n');
  });
  it('trim_blocks: the newline after a comment goes too, as in Jinja (measured with ansible-core 2.14, lookup template)', () => {
    expect(render('{# c #}\nx\n')).to.equal('x\n');
    expect(render('a {# c #}\nb {# d #} e\n{# end #}')).to.equal('a b  e\n');
    expect(render('{# c #}\r\nz\r\n')).to.equal('z\n');
    expect(render('{% if on %}{# c #}\n{% endif %}\nw\n')).to.equal('w\n');
    // inside raw a comment is text, its newline kept
    expect(render('{% raw %}{# c #}\nx{% endraw %}\n')).to.equal('{# c #}\nx\n');
  });
  it('no HTML autoescape', () => {
    expect(render('{{ html }}')).to.equal('<b>&</b>');
    expect(renderValue('{{ html }} x', vars)).to.equal('<b>&</b> x');
  });
  it('for over a dict walks its keys; two names walk items', () => {
    expect(render('{% for k in d %}{{ k }};{% endfor %}')).to.equal('a;b;');
    expect(render('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}')).to.equal('a=1;b=2;');
    expect(render('{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}')).to.equal('a=1;b=2;');
  });
  it('if/elif/else with Python truthiness, set, loop variables, macros, comments, raw', () => {
    expect(render('{% if [] %}a{% elif {} %}b{% else %}c{% endif %}')).to.equal('c');
    expect(render('{% set n = reals | length %}{{ n }}')).to.equal('2');
    expect(render('{% for r in reals %}{{ loop.index }}{{ "," if not loop.last }}{% endfor %}')).to.equal('1,2');
    expect(render('{# note #}{% raw %}{{ not rendered }}{% endraw %}')).to.equal('{{ not rendered }}');
    expect(render('{% macro line(ip) %}real {{ ip }}{% endmacro %}{{ line(vip) }}')).to.equal('real 10.0.0.10');
  });
  it('whitespace control', () => {
    expect(render('a  {{- vip -}}  b')).to.equal('a10.0.0.10b');
  });
  it('nested dict literals close with }} as in Jinja', () => {
    expect(renderValue("{{ {'a': {'b': 1}} }}", vars)).to.deep.equal({ a: { b: 1 } });
    expect(renderValue("{{ {'a': {'b': 1}}}}", vars)).to.deep.equal({ a: { b: 1 } });
    expect(render("{% set x = {'a': {'b': 1}} %}{{ x.a.b }}")).to.equal('1');
    expect(spaceNestedBraces("{{ '}}' }} {% raw %}{{ {}}{% endraw %}")).to.equal("{{ '}}' }} {% raw %}{{ {}}{% endraw %}");
  });
  it('a syntax error names the file and line', () => {
    const err = userError(() => render('ok\n{% if vip %}\nnever closed\n'));
    expect(err.message).to.match(/^templates\/ipvs\.conf\.j2:\d+:\d+: template syntax error/);
    const err2 = userError(() => render('ok\nline {{ vip | nosuch }}\n'));
    expect(err2.message).to.match(/^templates\/ipvs\.conf\.j2:2:\d+: .*no filter named 'nosuch'/);
  });
  it('a failing filter names the file and line', () => {
    const err = userError(() => render("a\nb\n{{ 'x' | from_json }}\n"));
    expect(err.message).to.match(/^templates\/ipvs\.conf\.j2:3:\d+: from_json/);
  });
  it('lookup env and file', () => {
    process.env.LVSPLAY_TEST_VAR = 'v1';
    expect(render("{{ lookup('env', 'LVSPLAY_TEST_VAR') }}")).to.equal('v1');
    expect(() => render("{{ lookup('url', 'http://127.0.0.1/') }}")).to.throw(/not supported/);
  });
});
