// Booleans as Ansible reads them, one row per value, measured on ansible-core 2.14:
//   keyword/argument: `ignore_errors: "<v>"` and `stat: get_checksum: "<v>"` (Ansible's boolean(),
//                     strict: anything else fails the task; role arguments of type bool alike);
//   filter:           `{{ v | bool }}` (Ansible's to_bool, narrower: no y/t, no blanks);
//   when:             `when: "{{ v }}"` with v a string (the text is read again as an expression).
import { expect } from 'chai';
import { evaluateCondition, renderValue } from '../../../src/engine/templating/index.js';
import { convertRenderedKeyword } from '../../../src/engine/playbook/keyword-types.js';
import { checkValue } from '../../../src/engine/preflight/role-arguments.js';
import { moduleIndex } from '../../../src/modules/index.js';
import { ModuleRegistry } from '../../../src/modules/registry.js';
import { parseBoolean } from '../../../src/util/boolean.js';

type Outcome = boolean | 'error';
const AT = { file: 'site.yml', line: 4, col: 7 };
// value, boolean() (keywords, module arguments), `| bool`, `when: "{{ v }}"`
const TABLE: Array<[string, Outcome, boolean, Outcome]> = [
  ['yes', true, true, 'error'],
  ['no', false, false, 'error'],
  ['true', true, true, true],
  ['false', false, false, false],
  ['on', true, true, 'error'],
  ['off', false, false, 'error'],
  ['1', true, true, true],
  ['0', false, false, false],
  ['y', true, false, 'error'],
  ['n', false, false, 'error'],
  ['t', true, false, 'error'],
  ['f', false, false, 'error'],
  ['YES', true, true, 'error'],
  ['True', true, true, true],
  ['False', false, false, false],
  ['On', true, true, 'error'],
  ['Off', false, false, 'error'],
  ['NO', false, false, 'error'],
  ['FaLsE', false, false, 'error'],
  ['Y', true, false, 'error'],
  ['T', true, false, 'error'],
  [' yes', true, false, 'error'],
  ['yes ', true, false, 'error'],
  [' no', false, false, 'error'],
  ['2', 'error', false, true],
  ['1.0', 'error', false, true],
  ['maybe', 'error', false, 'error'],
  ['', 'error', false, false],
  ['none', 'error', false, false],
  ['None', 'error', false, false],
  // when: an error, 'null' is not a Jinja literal but an undefined variable
  ['null', 'error', false, 'error'],
];

const outcome = (f: () => boolean): Outcome => {
  try {
    return f();
  } catch {
    return 'error';
  }
};

describe("booleans: Ansible's words", () => {
  const registry = new ModuleRegistry(moduleIndex);
  const stat = registry.find('stat')!;

  for (const [value, strict, filter, when] of TABLE) {
    it(JSON.stringify(value), () => {
      expect(
        outcome(() => convertRenderedKeyword('ignore_errors', value, AT) as boolean),
        'keyword',
      ).to.equal(strict);
      const checked = registry.check(stat, { path: '/etc/hostname', get_checksum: value });
      expect(checked.problems.length === 0 ? checked.args.get_checksum : 'error', 'module argument').to.equal(strict);
      expect(checkValue(value, { type: 'bool' }, 'v') === undefined, 'role argument of type bool').to.equal(strict !== 'error');
      expect(renderValue('{{ v | bool }}', { v: value }), 'filter').to.equal(filter);
      expect(
        outcome(() => evaluateCondition('{{ flag }}', { flag: value })),
        'when',
      ).to.equal(when);
    });
  }

  it('numbers: 1 and 0 are booleans, other numbers are not; the filter keeps None', () => {
    expect([1, 0, 1.0, 0.0, 2, -1].map(parseBoolean)).to.deep.equal([true, false, true, false, undefined, undefined]);
    expect([1, 0, 2, 1.0, 0.0, null].map((v) => renderValue('{{ v | bool }}', { v }))).to.deep.equal([true, false, false, true, false, null]);
    expect(registry.check(stat, { path: '/x', get_checksum: 1 }).problems).to.deep.equal([]);
    expect(registry.check(stat, { path: '/x', get_checksum: 2 }).problems).to.not.deep.equal([]);
  });

  it('a keyword that is not a boolean names the keyword, the value and the words', () => {
    expect(() => convertRenderedKeyword('become', 'maybe', AT)).to.throw(`site.yml:4:7: become is`);
    expect(() => convertRenderedKeyword('become', 'maybe', AT)).to.throw('(expected a boolean: yes/no, true/false, on/off, 1/0, y/n, t/f)');
  });
});
