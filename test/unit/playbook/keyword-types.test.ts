// Keyword values converted to their type by one rule, at load for written values and after
// rendering for templated ones (Ansible's FieldAttribute isa: bool, int, list, ...).
import { expect } from 'chai';
import { convertKeyword, convertRenderedKeyword } from '../../../src/engine/playbook/keyword-types.js';
import { UserInputError } from '../../../src/errors.js';
import { keywordValue } from '../../../src/engine/run/resolve-task.js';
import { OMIT } from '../../../src/engine/templating/index.js';

const value = (name: string, v: unknown): unknown => {
  const c = convertKeyword(name, v);
  return c.ok ? c.value : `refused: ${c.problem}`;
};

describe('keyword types', () => {
  it('booleans: Ansible strict words in any case, 1 and 0; anything else is refused', () => {
    for (const yes of [true, 'yes', 'On', 'TRUE', 'y', 't', '1', 1]) expect(value('become', yes), String(yes)).to.equal(true);
    for (const no of [false, 'no', 'Off', 'false', 'n', 'f', '0', 0]) expect(value('no_log', no), String(no)).to.equal(false);
    expect(value('become', 'maybe')).to.equal('refused: become is the string "maybe"');
    expect(value('diff', 2)).to.equal('refused: diff is number 2');
    expect(value('check_mode', [])).to.equal('refused: check_mode is a list');
  });

  it('integers: numbers (truncated like Python int) and strings of digits', () => {
    expect(value('retries', 3)).to.equal(3);
    expect(value('retries', ' 7 ')).to.equal(7);
    expect(value('delay', 2.7)).to.equal(2);
    expect(value('retries', 'many')).to.equal('refused: retries is the string "many"');
    expect(value('throttle', true)).to.equal('refused: throttle is boolean true');
  });

  it('environment: a mapping, or a list of mappings merged in order', () => {
    expect(value('environment', { A: '1' })).to.deep.equal({ A: '1' });
    expect(value('environment', [{ A: '1', B: '2' }, { B: '3' }])).to.deep.equal({ A: '1', B: '3' });
    expect(value('environment', 'PATH=/bin')).to.equal('refused: environment is the string "PATH=/bin"');
  });

  it('conditions and loops', () => {
    expect(value('when', 'x == 1')).to.deep.equal(['x == 1']);
    expect(value('until', [true, 'a'])).to.deep.equal([true, 'a']);
    expect(value('when', { a: 1 })).to.equal('refused: when is a mapping');
    expect(value('loop', [1, 2])).to.deep.equal([1, 2]);
    expect(value('loop', 5)).to.equal('refused: loop is number 5');
  });

  it('after rendering, a wrong type is a located error saying so', () => {
    const where = { file: 'play.yaml', line: 4, col: 7 };
    expect(convertRenderedKeyword('retries', '3', where)).to.equal(3);
    expect(() => convertRenderedKeyword('retries', 'x', where))
      .to.throw(UserInputError)
      .with.property('message', 'play.yaml:4:7: retries is the string "x" (after templating) (expected an integer)');
  });
});

describe('omit in a task keyword', () => {
  // ansible-playbook 2.14 (-C): `check_mode: "{{ omit }}"` on a copy task runs it in check mode
  // like a task without the keyword; without -C it writes the file.
  it('takes the keyword default', () => {
    const where = { file: 'play.yml', line: 1, col: 1 };
    expect(keywordValue('check_mode', '{{ omit }}', { omit: OMIT }, where, true)).to.equal(true);
    expect(keywordValue('check_mode', '{{ omit }}', { omit: OMIT }, where, false)).to.equal(false);
    expect(keywordValue('retries', '{{ n | default(omit) }}', { omit: OMIT }, where, 3)).to.equal(3);
  });
});
