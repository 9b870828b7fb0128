// The sequence, subelements, together and indexed_items lookups: items and error messages as
// ansible-playbook 2.14 gives them for the same terms (each expectation was printed by a
// playbook running the same query, or the same with_ loop, under ansible-playbook).
import { expect } from 'chai';
import { queryLookup } from '../../../src/engine/templating/lookups.js';
import { TemplateFailure } from '../../../src/engine/templating/runtime.js';

const ctx = { vars: {}, renderText: (text: string): string => text };
const query = (name: string, ...terms: unknown[]): unknown[] => queryLookup(name, terms, {}, ctx);
const failure = (name: string, ...terms: unknown[]): string => {
  try {
    query(name, ...terms);
  } catch (err) {
    expect(err).to.be.instanceOf(TemplateFailure);
    return (err as Error).message;
  }
  throw new Error('expected the lookup to fail');
};

describe('lookup plugins as Ansible runs them', () => {
  it('sequence: key=value and short forms, hex, formats, count=0', () => {
    expect(query('sequence', 'start=1 end=6 stride=2', 'count=3 start=0x0a format=h%02x', '7-8:host%02d', '2-6/2', 'count=0')).to.deep.equal([
      '1',
      '3',
      '5',
      'h0a',
      'h0b',
      'h0c',
      'host07',
      'host08',
      '2',
      '4',
      '6',
    ]);
  });
  it("sequence: Ansible's error messages", () => {
    const cases: Array<[string, string]> = [
      ['start=A end=3', "can't parse start=A as integer"],
      ['A-4/2', "can't parse start=A as integer"],
      ['1-B/2', "can't parse end=B as integer"],
      ['1-4/C', "can't parse stride=C as integer"],
      ['start=1', 'must specify count or end in with_sequence'],
      ['start=1 end=4 count=2', "can't specify both count and end in with_sequence"],
      ['start=4 end=1 stride=2', 'to count backwards make stride negative'],
      ['start=1 end=4 stride=-2', "to count forward don't make stride negative"],
      ['start=1 end=4 format=d', 'bad formatting string: d'],
      ['start=0 junk=3 foo=1', "unrecognized arguments to with_sequence: ['junk', 'foo']"],
    ];
    for (const [term, message] of cases) expect(failure('sequence', term), term).to.equal(message);
  });
  it('together pads with None; indexed_items flattens its terms one level', () => {
    expect(query('together', [1, 2], [3])).to.deep.equal([
      [1, 3],
      [2, null],
    ]);
    expect(query('indexed_items', [1, [2, 3]], 4)).to.deep.equal([
      [0, 1],
      [1, [2, 3]],
      [2, 4],
    ]);
  });

  describe('subelements', () => {
    const users = [
      { name: 'a', m: { h: [1, 2] } },
      { name: 'b', m: {} },
      { name: 'c', m: 5 },
      { name: 'd', skipped: true, m: { h: [9] } },
    ];
    it('skip_missing skips an item without the key (or with a non-mapping on the way); skipped items are left out', () => {
      expect(query('subelements', users, 'm.h', { skip_missing: true }).map((p) => (p as unknown[])[1])).to.deep.equal([1, 2]);
      expect(query('subelements', { skipped: true }, 'm.h')).to.deep.equal([]);
      expect(query('subelements', { k: users[0] }, 'm.h')).to.have.length(2);
    });
    it("Ansible's error messages", () => {
      expect(failure('subelements', users, 'm.h')).to.equal("could not find 'h' key in iterated item '{}'");
      expect(failure('subelements', [users[2]], 'm.h')).to.equal("the key m should point to a dictionary, got '5'");
      expect(failure('subelements', users, 'name')).to.equal("the key name should point to a list, got 'a'");
      expect(failure('subelements', users, 'm.h', 'x')).to.equal(
        'subelements lookup expects a list of two or three items, the optional third item must be a dict with flags skip_missing',
      );
      expect(failure('subelements', 9001, 'groups')).to.equal("subelements lookup expects a dictionary, got '9001'");
      expect(failure('subelements', users, true)).to.contain('first a dict or a list, second a string pointing to the subkey');
    });
  });
});
