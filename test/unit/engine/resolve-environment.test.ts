// The environment keyword as ansible-playbook 2.14 resolves it. Measured: a play with
// `environment: {lola: ido, key1: play}`, a task with `{key1: task, other: o}` and a block with
// `{key1: block}` around a task with `{other: o}` print "ido task o" and "ido block o"; a play
// value `PATH: "{{ ansible_env.PATH }}:/lola"` is left out of fact gathering (ansible_env has no
// /lola) and applies to the tasks after it.
import { expect } from 'chai';
import { resolveEnvironment } from '../../../src/engine/run/resolve-environment.js';
import { stackEnvironments } from '../../../src/engine/playbook/inherit.js';

const AT = { file: 'site.yml', line: 3, col: 5 };

describe('environment: layers merge, the innermost wins', () => {
  it('play, block and task layers merge by name', () => {
    const block = stackEnvironments({ key1: 'block' }, { other: 'o' });
    expect(resolveEnvironment([{ lola: 'ido', key1: 'play' }, block], {}, AT)).to.deep.equal({ lola: 'ido', key1: 'block', other: 'o' });
  });
  it('a layer may be a template of a mapping, or a list of them', () => {
    const vars = { test1: { key1: 'val1' }, test2: { key1: 'not1', other1: 'val2' } };
    expect(resolveEnvironment(['{{ test1 }}', ['{{ test2 }}']], vars, AT)).to.deep.equal({ key1: 'not1', other1: 'val2' });
  });
  it('values become text as Python writes them', () => {
    expect(resolveEnvironment([{ A: true, B: 3, C: null }], {}, AT)).to.deep.equal({ A: 'True', B: '3', C: 'None' });
  });
  it('no layer: no environment', () => {
    expect(resolveEnvironment([undefined, undefined], {}, AT)).to.equal(undefined);
  });
  it('a value that needs ansible_env before facts are gathered is left out; others still apply', () => {
    const play = { PATH: '{{ ansible_env.PATH + ":/lola" }}', lola: 'ido' };
    expect(resolveEnvironment([play], {}, AT)).to.deep.equal({ lola: 'ido' });
    expect(resolveEnvironment([play], { ansible_env: { PATH: '/bin' } }, AT)).to.deep.equal({ PATH: '/bin:/lola', lola: 'ido' });
  });
  it('any other undefined variable fails', () => {
    expect(() => resolveEnvironment([{ X: '{{ nope }}' }], {}, AT)).to.throw(/nope/);
  });
  it('stacking keeps both layers in order', () => {
    expect(stackEnvironments(undefined, { a: 1 })).to.deep.equal({ a: 1 });
    expect(stackEnvironments({ a: 1 }, undefined)).to.deep.equal({ a: 1 });
    expect(stackEnvironments([{ a: 1 }], '{{ x }}')).to.deep.equal([{ a: 1 }, '{{ x }}']);
  });
});
