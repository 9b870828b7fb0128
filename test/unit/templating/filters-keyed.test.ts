// unique and rekey_on_member, as ansible-core 2.14 renders them (the same expressions through
// `ansible-playbook`, debug msg); failures keep Ansible's messages, which its tests match on.
import { expect } from 'chai';
import { UserInputError } from '../../../src/errors.js';
import { renderValue } from '../../../src/engine/templating/index.js';

const render = (text: string): unknown => renderValue(text, {});

describe('filters: unique and rekey_on_member, as Ansible', () => {
  it("unique is Jinja's (case-insensitive by default, by attribute), Ansible's for unhashable items", () => {
    expect(render("{{ ['a', 'b', 'A', 'B'] | unique }}")).to.deep.equal(['a', 'b']);
    expect(render("{{ ['a', 'b', 'A', 'B'] | unique(case_sensitive=True) }}")).to.deep.equal(['a', 'b', 'A', 'B']);
    expect(render("{{ [{'foo': 'bar', 'moo': 'cow'}, {'foo': 'bar', 'moo': 'mar'}] | unique(attribute='foo') }}")).to.deep.equal([{ foo: 'bar', moo: 'cow' }]);
    expect(render("{{ [{'a': 1}, {'a': 1}, {'b': 2}] | unique }}")).to.deep.equal([{ a: 1 }, { b: 2 }]);
    expect(render('{{ [1, 2, 1, true] | unique }}')).to.deep.equal([1, 2]);
    expect(render("{{ 'foo' | unique | sort | join }}")).to.equal('fo');
  });

  it('unique fails on what cannot be iterated, and on unhashable items with options', () => {
    expect(() => render('{{ True | unique }}')).to.throw(UserInputError, "'bool' object is not iterable");
    expect(() => render("{{ [{'foo': 'bar'}] | unique(case_sensitive=False) }}")).to.throw(UserInputError, 'cannot fall back');
  });

  it('rekey_on_member: a mapping keyed by each item’s member; duplicates fail unless overwrite', () => {
    expect(render("{{ [{'p': 'x', 's': 1}, {'p': 'y', 's': 2}] | rekey_on_member('p') }}")).to.deep.equal({
      x: { p: 'x', s: 1 },
      y: { p: 'y', s: 2 },
    });
    expect(render("{{ {'a': {'p': 'x', 'n': 1}, 'b': {'p': 'x', 'n': 2}} | rekey_on_member('p', duplicates='overwrite') }}")).to.deep.equal({
      x: { p: 'x', n: 2 },
    });
    expect(() => render("{{ [{'p': 'x'}, {'p': 'x'}] | rekey_on_member('p') }}")).to.throw(
      UserInputError,
      'Key x is not unique, cannot correctly turn into dict',
    );
    expect(() => render("{{ [] | rekey_on_member('p', duplicates='boo') }}")).to.throw(
      UserInputError,
      'duplicates parameter to rekey_on_member has unknown value',
    );
    expect(() => render("{{ 'minkeys' | rekey_on_member('p') }}")).to.throw(UserInputError, 'Type is not a valid list, set, or dict');
    expect(() => render("{{ [True] | rekey_on_member('p') }}")).to.throw(UserInputError, 'List item is not a valid dict');
    expect(() => render("{{ [{'q': 1}] | rekey_on_member('p') }}")).to.throw(UserInputError, 'Key p was not found');
  });
});
