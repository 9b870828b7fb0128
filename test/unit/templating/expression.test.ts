// Whole expressions keep their type; Python semantics where JavaScript differs.
import { expect } from 'chai';
import { evaluateExpression, renderValue } from '../../../src/engine/templating/index.js';

const vars = { port: 80, names: ['a', 'b'], d: { x: 1, y: [1, 2] }, s: 'Hello World', flag: true, nothing: null, pi: 3.5 };
const ev = (expr: string, v: Record<string, unknown> = vars): unknown => evaluateExpression(expr, v);

describe('templating: whole expressions keep their type', () => {
  it('number, list, dict, bool, null', () => {
    expect(renderValue('{{ port }}', vars)).to.equal(80);
    expect(renderValue('{{ names }}', vars)).to.deep.equal(['a', 'b']);
    expect(renderValue('{{ d }}', vars)).to.deep.equal({ x: 1, y: [1, 2] });
    expect(renderValue('{{ flag }}', vars)).to.equal(true);
    expect(renderValue('{{ nothing }}', vars)).to.equal(null);
  });
  it('spaces around the expression are allowed', () => {
    expect(renderValue('  {{ port }} ', vars)).to.equal(80);
  });
  it('a newline around the expression is content, as in Ansible (content: "{{ x }}\\n")', () => {
    expect(renderValue('{{ port }}\n', vars)).to.equal('80\n');
  });
  it('text around an expression makes a string, printed the way Ansible prints', () => {
    expect(renderValue('p={{ port }} {{ flag }} [{{ nothing }}] {{ names }}', vars)).to.equal("p=80 True [] ['a', 'b']");
    expect(renderValue('{{ port }}{{ port }}', vars)).to.equal('8080');
  });
  it('returns strings without templates as they are, and the same object when nothing is templated', () => {
    const plain = { a: [1, { b: 'x' }] };
    expect(renderValue(plain, vars)).to.equal(plain);
    expect(renderValue('no {template}', vars)).to.equal('no {template}');
    expect(renderValue(42, vars)).to.equal(42);
  });
  it('renders deep inside objects and arrays, keys too', () => {
    expect(renderValue({ a: ['{{ port }}', { b: 'x{{ port }}' }], '{{ s }}': 1 }, vars)).to.deep.equal({ a: [80, { b: 'x80' }], 'Hello World': 1 });
  });
  it('a `}}` inside a string literal does not end the expression', () => {
    expect(renderValue("{{ '}}' ~ port }}", vars)).to.equal('}}80');
  });
});

describe('templating: Python literals and operators', () => {
  it('True/False/None and true/false/none', () => {
    expect(ev('True')).to.equal(true);
    expect(ev('False or none')).to.equal(null);
    expect(ev('None')).to.equal(null);
    expect(ev('true and false')).to.equal(false);
  });
  it('list and dict literals', () => {
    expect(ev("{'a': 1, 'b': [True, None]}")).to.deep.equal({ a: 1, b: [true, null] });
    expect(ev('[port, port + 1]')).to.deep.equal([80, 81]);
  });
  it('== compares deeply and without coercion', () => {
    expect(ev("'1' == 1")).to.equal(false);
    expect(ev('[1, 2] == [1, 2]')).to.equal(true);
    expect(ev("d == {'x': 1, 'y': [1, 2]}")).to.equal(true);
    expect(ev('1 != 2')).to.equal(true);
  });
  it('chained comparisons', () => {
    expect(ev('1 < port < 100')).to.equal(true);
    expect(ev('1 < port < 50')).to.equal(false);
  });
  it('ordering str with int is an error, as in Python', () => {
    expect(() => ev("port > 'a'")).to.throw(/cannot compare int with str/);
  });
  it('+ joins lists and refuses str + int; ~ joins text', () => {
    expect(ev('[1] + [2]')).to.deep.equal([1, 2]);
    expect(ev("'a' + 'b'")).to.equal('ab');
    expect(() => ev("'a' + 1")).to.throw(/cannot add/);
    expect(ev("port ~ '/tcp'")).to.equal('80/tcp');
    expect(ev("'-' * 3")).to.equal('---');
  });
  it('and/or return operands, with Python truthiness', () => {
    expect(ev("[] or 'x'")).to.equal('x');
    expect(ev("{} and 'x'")).to.deep.equal({});
    expect(ev('not []')).to.equal(true);
    expect(ev("'yes' if names else 'no'")).to.equal('yes');
    expect(ev("'yes' if [] else 'no'")).to.equal('no');
  });
  it('in / not in on lists, strings and mappings', () => {
    expect(ev("'a' in names")).to.equal(true);
    expect(ev("'z' not in names")).to.equal(true);
    expect(ev("'World' in s")).to.equal(true);
    expect(ev("'x' in d")).to.equal(true);
    expect(ev('[1, 2] in [[1, 2]]')).to.equal(true);
  });
  it('indexing, negative indexes, slices of attributes', () => {
    expect(ev('names[0]')).to.equal('a');
    expect(ev('names[-1]')).to.equal('b');
    expect(ev("d['y'][1]")).to.equal(2);
  });
  it('string methods', () => {
    expect(ev('s.split()')).to.deep.equal(['Hello', 'World']);
    expect(ev("'a,b,,c'.split(',')")).to.deep.equal(['a', 'b', '', 'c']);
    expect(ev("'a.b.c'.split('.', 1)")).to.deep.equal(['a', 'b.c']);
    expect(ev("s.startswith('He') and s.endswith('ld')")).to.equal(true);
    expect(ev("'  x  '.strip()")).to.equal('x');
    expect(ev('s.lower()')).to.equal('hello world');
    expect(ev("'-'.join(names)")).to.equal('a-b');
    expect(ev("'a-a'.replace('a', 'b')")).to.equal('b-b');
    expect(ev("'{}:{}'.format('h', 1)")).to.equal('h:1');
  });
  it('dict and list methods', () => {
    expect(ev('d.items() | list')).to.deep.equal([
      ['x', 1],
      ['y', [1, 2]],
    ]);
    expect(ev('d.keys() | list')).to.deep.equal(['x', 'y']);
    expect(ev("d.get('x')")).to.equal(1);
    expect(ev("d.get('z', 5)")).to.equal(5);
    expect(ev("names.index('b')")).to.equal(1);
  });
  it('an unknown method is an error naming it', () => {
    expect(() => ev('s.frobnicate()')).to.throw(/no method 'frobnicate'/);
  });
  it('range and dict globals', () => {
    expect(ev('range(3) | list')).to.deep.equal([0, 1, 2]);
    expect(ev('dict(a=1)')).to.deep.equal({ a: 1 });
  });
  it('a bare expression may be wrapped in {{ }} (Ansible forgives it)', () => {
    expect(ev('{{ port + 1 }}')).to.equal(81);
  });
  it('a syntax error names the expression and says what is wrong', () => {
    expect(() => evaluateExpression('port +', vars, { context: "task 't' 'when'" })).to.throw(/template syntax error in task 't' 'when'.*port \+/);
    expect(() => evaluateExpression('a }} {{ b', vars)).to.throw(/syntax error/);
  });
  it('caches compiled templates: many renders stay fast', () => {
    const start = Date.now();
    for (let i = 0; i < 20000; i++) renderValue('{{ port + 1 }}', { port: i });
    expect(Date.now() - start).to.be.lessThan(6000); // generous: a loaded 2-core machine; uncached is far slower
  });
});

describe('templating: what is a template', () => {
  it('a shell ${#array} is not a comment start', () => {
    expect(renderValue('echo ${#list[@]}', {})).to.equal('echo ${#list[@]}');
  });
  it('isTemplated looks deep and caches per object', async () => {
    const { isTemplated } = await import('../../../src/engine/templating/index.js');
    expect(isTemplated({ a: [{ b: 'x {{ y }}' }] })).to.equal(true);
    expect(isTemplated({ a: [{ b: 'x' }] })).to.equal(false);
    expect(isTemplated('{% if x %}')).to.equal(true);
    expect(isTemplated(5)).to.equal(false);
  });
});
