// Values are templated when read, against the same merged view, with loop detection.
import { expect } from 'chai';
import { UndefinedVariableError, UserInputError } from '../../../src/errors.js';
import { evaluateExpression, renderValue } from '../../../src/engine/templating/index.js';
import { VariableScope } from '../../../src/engine/variables/index.js';

describe('variables: lazy templating', () => {
  it('a lower layer may reference a higher one (role defaults reading groups / play vars)', () => {
    const view = new VariableScope([
      { name: 'magic', vars: { groups: { nodes: ['n1', 'n2'] } } },
      { name: 'role_defaults', vars: { real_servers: "{{ groups['nodes'] }}", port: 80, url: 'http://{{ vip }}:{{ port }}' } },
      { name: 'play', vars: { vip: '10.0.0.10' } },
      { name: 'extra', vars: { port: 8080 } },
    ]).view();
    expect(view.real_servers).to.deep.equal(['n1', 'n2']);
    expect(view.url).to.equal('http://10.0.0.10:8080');
  });
  it('renders recursively, into nested objects and arrays, keeping types', () => {
    const view = new VariableScope([
      { name: 'play', vars: { a: '{{ b }}', b: '{{ c + 1 }}', c: 1, nested: { list: ['{{ a }}', { deep: 'x{{ c }}' }] } } },
    ]).view();
    expect(view.a).to.equal(2);
    expect(view.nested).to.deep.equal({ list: [2, { deep: 'x1' }] });
    expect(renderValue('{{ nested.list[1].deep }}', view)).to.equal('x1');
  });
  it('renders each value once per view', () => {
    let reads = 0;
    const counted = {
      get n() {
        reads++;
        return 1;
      },
    };
    const view = new VariableScope([
      { name: 'magic', vars: { counted } },
      { name: 'play', vars: { x: '{{ counted.n }}' } },
    ]).view();
    expect([view.x, view.x, view.x]).to.deep.equal([1, 1, 1]);
    expect(reads).to.equal(1);
  });
  it('a reference loop is an error naming the loop', () => {
    const view = new VariableScope([{ name: 'play', vars: { a: '{{ b }}', b: 'x {{ a }}', self: '{{ self }}' } }]).view();
    expect(() => view.a).to.throw(UserInputError, /variable 'a' refers to itself: a -> b -> a/);
    expect(() => evaluateExpression('self', view)).to.throw(/self -> self/);
  });
  it('an undefined variable inside a variable names both', () => {
    const view = new VariableScope([{ name: 'play', vars: { a: '{{ nope }}' } }]).view();
    expect(() => renderValue('{{ a }}', view)).to.throw(UndefinedVariableError, /undefined variable 'nope' in variable 'a'/);
  });
  it('reading one variable does not template the others', () => {
    const view = new VariableScope([{ name: 'play', vars: { broken: '{{ nope }}', fine: 1 } }]).view();
    expect(view.fine).to.equal(1);
    expect('broken' in view).to.equal(true);
  });
  it('under is defined / default, a variable whose template reads something undefined is undefined (as in Ansible)', () => {
    const view = new VariableScope([{ name: 'play', vars: { broken: '{{ nope }}', nested: { x: '{{ nope }}' } } }]).view();
    expect(evaluateExpression('broken is defined', view)).to.equal(false);
    expect(evaluateExpression("broken | default('d')", view)).to.equal('d');
    expect(() => evaluateExpression('broken', view)).to.throw(UndefinedVariableError, /'nope' in variable 'broken'/);
  });
  it('facts, set_fact results and magic variables are data, never templated again', () => {
    const view = new VariableScope([
      { name: 'magic', vars: { m: '{{ nope }}' } },
      { name: 'facts', vars: { f: '{{ nope }}' } },
      { name: 'set_fact', vars: { out: { stdout: 'literal {{ braces }}' } } },
    ]).view();
    expect(view.m).to.equal('{{ nope }}');
    expect(view.f).to.equal('{{ nope }}');
    expect(renderValue('{{ out.stdout }}', view)).to.equal('literal {{ braces }}');
  });
  it('hostvars as a lazy mapping: only the hosts read are computed', () => {
    const computed: string[] = [];
    const scopes: Record<string, VariableScope> = {
      h1: new VariableScope([
        { name: 'inventory', vars: { ip: '10.0.0.1', name: '{{ inventory_hostname }}' } },
        { name: 'magic', vars: { inventory_hostname: 'h1' } },
      ]),
      h2: new VariableScope([{ name: 'inventory', vars: { ip: '10.0.0.2' } }]),
    };
    const hostvars = new Proxy(
      {},
      {
        get: (_t, h) => {
          if (typeof h !== 'string' || !(h in scopes)) return undefined;
          computed.push(h);
          return scopes[h]!.view();
        },
        has: (_t, h) => typeof h === 'string' && h in scopes,
        ownKeys: () => Object.keys(scopes),
        getOwnPropertyDescriptor: (_t, h) => (typeof h === 'string' && h in scopes ? { enumerable: true, configurable: true } : undefined),
      },
    );
    const view = new VariableScope([
      { name: 'magic', vars: { hostvars } },
      { name: 'play', vars: { first_ip: "{{ hostvars['h1'].ip }}" } },
    ]).view();
    expect(view.first_ip).to.equal('10.0.0.1');
    expect(renderValue("{{ hostvars['h1'].name }}", view)).to.equal('h1');
    expect(computed).to.deep.equal(['h1', 'h1']);
    expect(() => renderValue("{{ hostvars['h9'].ip }}", view)).to.throw(/undefined variable 'hostvars\.h9'/);
  });
});
