// The variables one loop item gives its task: what ansible-core 2.14's task executor sets for
// loop_var, index_var and loop_control.extended (checked side by side with ansible-playbook in
// includes.test.ts).
import { expect } from 'chai';
import { loopItemVars } from '../../../src/engine/run/loop-item-vars.js';

describe('loop item variables', () => {
  it('the loop variable and ansible_loop_var; the index with index_var', () => {
    expect(loopItemVars({ loopVar: 'item' }, ['a', 'b'], 1)).to.deep.equal({ item: 'b', ansible_loop_var: 'item' });
    expect(loopItemVars({ loopVar: 'it', loopIndexVar: 'i' }, ['a', 'b'], 0)).to.deep.equal({ it: 'a', ansible_loop_var: 'it', i: 0, ansible_index_var: 'i' });
  });

  it('extended: positions, neighbours (absent at the ends) and allitems unless extended_allitems is off', () => {
    const items = ['a', 'b', 'c'];
    expect(loopItemVars({ loopVar: 'item', loopExtended: { allItems: true } }, items, 0).ansible_loop).to.deep.equal({
      index: 1,
      index0: 0,
      first: true,
      last: false,
      length: 3,
      revindex: 3,
      revindex0: 2,
      allitems: items,
      nextitem: 'b',
    });
    expect(loopItemVars({ loopVar: 'item', loopExtended: { allItems: false } }, items, 2).ansible_loop).to.deep.equal({
      index: 3,
      index0: 2,
      first: false,
      last: true,
      length: 3,
      revindex: 1,
      revindex0: 0,
      previtem: 'b',
    });
    expect(loopItemVars({ loopVar: 'item' }, items, 1)).to.not.have.property('ansible_loop');
  });
});
