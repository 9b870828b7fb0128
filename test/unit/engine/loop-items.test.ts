// `with_X:` loops are the lookup plugin X over the rendered terms, as in Ansible; the items are
// what ansible-core 2.14 gives for query('X', ...) on the same terms (lookups-and-math.test.ts).
import { expect } from 'chai';
import { loopItems } from '../../../src/engine/run/loop-items.js';
import { ModuleFailure } from '../../../src/errors.js';

const where = { file: 'play.yml', line: 3, col: 5 };
const items = (kind: string, value: unknown, vars: Record<string, unknown> = {}): unknown[] => loopItems({ [`__${kind}`]: value }, vars, where, 't');

describe('loop items of with_* loops', () => {
  it('each with_X is the lookup X', () => {
    expect(items('with_items', [1, [2, 3]])).to.deep.equal([1, 2, 3]);
    expect(items('with_items', '{{ nothing }}', { nothing: null })).to.deep.equal([]);
    expect(items('with_dict', { a: 1 })).to.deep.equal([{ key: 'a', value: 1 }]);
    expect(items('with_indexed_items', ['a', 'b'])).to.deep.equal([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(items('with_sequence', 'start=1 end=3')).to.deep.equal(['1', '2', '3']);
    expect(items('with_together', [[1, 2], ['a']])).to.deep.equal([
      [1, 'a'],
      [2, null],
    ]);
    expect(items('with_nested', [[1, 2], ['a']])).to.deep.equal([
      [1, 'a'],
      [2, 'a'],
    ]);
    const users = [{ name: 'u', keys: ['k1', 'k2'] }];
    // as in Ansible, item.0 is a copy of the user without the list walked; the user is left whole
    expect(items('with_subelements', ['{{ users }}', 'keys'], { users })).to.deep.equal([
      [{ name: 'u' }, 'k1'],
      [{ name: 'u' }, 'k2'],
    ]);
    expect(users[0]).to.deep.equal({ name: 'u', keys: ['k1', 'k2'] });
    expect(items('with_first_found', ['/nonexistent', '/etc/hostname'])).to.deep.equal(['/etc/hostname']);
  });

  it("a plugin that fails fails the task in the plugin's words (Ansible's)", () => {
    expect(() => items('with_dict', [1])).to.throw(ModuleFailure, /^with_dict expects a dict$/);
  });
});
