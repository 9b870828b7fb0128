// Lookup plugins and Ansible's math filters: every expected value is what ansible-core 2.14
// printed for the same template (`ansible localhost -m debug -a 'msg={{ ... }}'`).
import { expect } from 'chai';
import { renderValue } from '../../../src/engine/templating/index.js';

const cases: [string, unknown][] = [
  ["{{ lookup('sequence', 'start=1 end=5 stride=2 format=h%02d') }}", 'h01,h03,h05'],
  ["{{ query('sequence', '4-6') }}", ['4', '5', '6']],
  ["{{ query('sequence', 'count=3') }}", ['1', '2', '3']],
  ["{{ lookup('items', [1, 2]) }}", [1, 2]],
  ["{{ lookup('dict', {'a': 1}) }}", { key: 'a', value: 1 }],
  [
    "{{ query('dict', {'a': 1, 'b': 2}) }}",
    [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ],
  ],
  [
    "{{ query('together', [1, 2], ['a']) }}",
    [
      [1, 'a'],
      [2, null],
    ],
  ],
  [
    "{{ query('nested', [1, 2], ['a', 'b']) }}",
    [
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
      [2, 'b'],
    ],
  ],
  [
    "{{ query('indexed_items', ['a', 'b']) }}",
    [
      [0, 'a'],
      [1, 'b'],
    ],
  ],
  ["{{ lookup('lines', 'printf \"a\\\\nb\"') }}", 'a,b'],
  ["{{ lookup('pipe', 'echo hi') }}", 'hi'],
  [
    // the lookup hands over the item without the list it walked; the filter below keeps it
    "{{ query('subelements', [{'n': 1, 'l': [1, 2]}], 'l') }}",
    [
      [{ n: 1 }, 1],
      [{ n: 1 }, 2],
    ],
  ],
  [
    "{{ [{'n': 1, 'l': [1, 2]}] | subelements('l') }}",
    [
      [{ n: 1, l: [1, 2] }, 1],
      [{ n: 1, l: [1, 2] }, 2],
    ],
  ],
  ["{{ [{'n': 1}] | subelements('l', skip_missing=True) }}", []],
  ["{{ lookup('first_found', ['/nonexistent', '/etc/hostname']) }}", '/etc/hostname'],
  ["{{ lookup('vars', 'x') }}", 5],
  ["{{ ['a', 'b/c', '/d', 'e'] | path_join }}", '/d/e'],
  ["{{ [1048576, 1500, 10, 1073741824 * 3] | map('human_readable') | list }}", ['1.00 MB', '1.46 KB', '10.00 Bytes', '3.00 GB']],
  ['{{ 1000 | human_readable(isbits=True) }}', '1000.00 bits'],
  ["{{ 1048576 | human_readable(unit='K') }}", '1024.00 KB'],
  ["{{ '1Mb' | human_to_bytes(isbits=True) }}", 1048576],
  ["{{ ['1K', '1 MB', '2.5G', '10'] | map('human_to_bytes') | list }}", [1024, 1048576, 2684354560, 10]],
  ['{{ [8 | log(2), 100 | log(10), 2 | pow(10), 27 | root(3), 16 | root] }}', [3, 2, 1024, 3, 4]],
  ['{{ [1, 2] is subset([1, 2, 3]) }}', true],
];

describe('templating: lookups and math filters, as Ansible gives them', () => {
  for (const [template, expected] of cases) {
    it(template, () => expect(renderValue(template, { x: 5 })).to.deep.equal(expected));
  }
  it('human_to_bytes refuses a unit that does not match (10 Kb without isbits), as Ansible does', () => {
    expect(() => renderValue("{{ '10 Kb' | human_to_bytes }}", {})).to.throw(/can't interpret|failed to convert/);
  });
});
