// Precedence: the highest layer that defines a name wins, in Ansible's order.
import { expect } from 'chai';
import { LAYER_ORDER, VariableScope } from '../../../src/engine/variables/index.js';

describe('variables: precedence', () => {
  it('follows Ansible: role defaults < inventory < facts < play < role vars < block < task < include_vars < set_fact < include params < extra < loop variable', () => {
    expect(LAYER_ORDER).to.deep.equal([
      'magic',
      'role_defaults',
      'inventory',
      'facts',
      'play',
      'role_vars',
      'block',
      'task',
      'include_vars',
      'set_fact',
      'include_params',
      'extra',
      'loop',
    ]);
  });
  it('each layer overrides every layer below it, whatever order they are given in', () => {
    const order = [...LAYER_ORDER];
    for (let top = 0; top < order.length; top++) {
      const layers = order
        .slice(0, top + 1)
        .reverse()
        .map((name) => ({ name, vars: { x: name } }));
      expect(new VariableScope(layers).view().x, order[top]).to.equal(order[top]);
    }
  });
  it('names only a lower layer defines still show through', () => {
    const view = new VariableScope([
      { name: 'role_defaults', vars: { a: 'default', b: 'default' } },
      { name: 'inventory', vars: { a: 'inventory' } },
    ]).view();
    expect(view.a).to.equal('inventory');
    expect(view.b).to.equal('default');
    expect(view.c).to.equal(undefined);
  });
  it('mappings are replaced, not merged', () => {
    const view = new VariableScope([
      { name: 'role_defaults', vars: { m: { a: 1, b: 2 } } },
      { name: 'play', vars: { m: { a: 3 } } },
    ]).view();
    expect(view.m).to.deep.equal({ a: 3 });
  });
  it('with() adds a layer at its precedence, above layers of the same name', () => {
    const base = new VariableScope([
      { name: 'task', vars: { item: 'old', t: 1 } },
      { name: 'extra', vars: { e: 'extra' } },
    ]);
    const scope = base.with('task', { item: 'new', e: 'task' });
    expect(scope.view().item).to.equal('new');
    expect(scope.view().t).to.equal(1);
    expect(scope.view().e).to.equal('extra');
    // the original scope is unchanged
    expect(base.view().item).to.equal('old');
    expect(scope.with('set_fact', { item: 'registered' }).view().item).to.equal('registered');
  });
  it('layers are not copied: building a scope per task is cheap', () => {
    const big: Record<string, unknown> = {};
    for (let i = 0; i < 10000; i++) big[`v${i}`] = { list: [i] };
    const start = Date.now();
    for (let i = 0; i < 5000; i++) {
      const view = new VariableScope([{ name: 'inventory', vars: big }]).with('task', { item: i }).view();
      expect(view.v5).to.equal(big.v5);
    }
    expect(Date.now() - start).to.be.lessThan(5000); // generous: a loaded 2-core machine; copying 10000 layers x 5000 is far slower
  });
  it('the view is read-only and enumerable', () => {
    const view = new VariableScope([
      { name: 'play', vars: { a: 1 } },
      { name: 'extra', vars: { b: 2 } },
    ]).view();
    expect(Object.keys(view).sort()).to.deep.equal(['a', 'b']);
    expect({ ...view }).to.deep.equal({ a: 1, b: 2 });
    expect('a' in view).to.equal(true);
    expect(() => {
      view.a = 5;
    }).to.throw(TypeError);
  });
});
