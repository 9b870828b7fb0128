// `with_X:` loops run Ansible's lookup plugin X over the rendered terms. The expected items are
// what ansible-playbook 2.14 registers for the same task (results[].item), measured on a
// playbook with each loop below; set_fact names templated per item as in Ansible.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loopItems } from '../../../src/engine/run/loop-items.js';
import { loadProject } from '../../../src/engine/load-project.js';
import { ModuleFailure } from '../../../src/errors.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const where = { file: 'play.yml', line: 1, col: 1 };
const vars = {
  d: { x: 1, z: 2 },
  lists: [
    [1, 2],
    ['a', 'b'],
  ],
};
const items = (withLookup: string, terms: unknown): unknown[] => loopItems({ [`__with_${withLookup}`]: terms }, vars, where, 't');

describe('with_* loops are lookup plugins', () => {
  it('items flattens one level; a plain string is one item', () => {
    expect(items('items', ['a', ['b', 'c'], [['d']]])).to.deep.equal(['a', 'b', 'c', ['d']]);
    expect(items('items', 'plain')).to.deep.equal(['plain']);
  });
  it('dict, sequence, together, nested, indexed_items, list', () => {
    expect(items('dict', '{{ d }}')).to.deep.equal([
      { key: 'x', value: 1 },
      { key: 'z', value: 2 },
    ]);
    expect(items('sequence', 'start=1 end=3')).to.deep.equal(['1', '2', '3']);
    expect(items('together', [[1, 2], [3]])).to.deep.equal([
      [1, 3],
      [2, null],
    ]);
    expect(items('nested', '{{ lists }}')).to.deep.equal([
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
      [2, 'b'],
    ]);
    expect(items('indexed_items', ['a', 'b'])).to.deep.equal([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(items('list', [[1, 2], 3])).to.deep.equal([[1, 2], 3]);
  });
  it("a plugin's error fails the task with the plugin's words, as Ansible's do", () => {
    expect(() => items('sequence', 'start=0 junk=3')).to.throw(ModuleFailure, "unrecognized arguments to with_sequence: ['junk']");
    expect(() => items('indexed_items', { a: 1 })).to.throw(ModuleFailure, /^with_indexed_items expects a list$/);
    expect(() => items('together', [])).to.throw(ModuleFailure, /^with_together requires at least one element in each list$/);
    expect(() => items('dict', 1)).to.throw(ModuleFailure, /^with_dict expects a dict$/);
  });

  describe('at load', () => {
    let dir = '';
    beforeEach(() => (dir = scratchDir()));
    afterEach(() => removeDir(dir));
    const load = (tasks: string): void => {
      writeFileSync(join(dir, 'play.yml'), `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`);
      loadProject({ playbookFile: join(dir, 'play.yml'), inventorySources: ['localhost,'], extraVars: [], rolesPath: [] });
    };
    it('with_subelements and a templated set_fact name load, and the name may define what later tasks read', () => {
      load(
        '    - debug: msg={{ item.1 }}\n      with_subelements: [[{k: [1]}], k]\n' +
          '    - set_fact: "{{ item }}=moo"\n      with_items: [foo]\n    - debug: msg={{ foo }}\n',
      );
    });
  });
});
