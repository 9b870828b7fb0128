// lookup('first_found') as ansible-core 2.14 finds files: the same tree and the same lookups
// were run through ansible-playbook (a role r in a playbook folder), and the expected paths are
// the ones it printed.
import { expect } from 'chai';
import { join } from 'node:path';
import { loopItems } from '../../../src/engine/run/loop-items.js';
import { renderValue } from '../../../src/engine/templating/index.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

describe("lookup('first_found') as Ansible finds files", () => {
  let dir = '';
  let vars: Record<string, unknown> = {};
  const render = (template: string): unknown => renderValue(template, vars);
  before(() => {
    dir = scratchDir('lvsplay-first-found-');
    for (const f of [
      'roles/r/files/a.txt',
      'roles/r/vars/v.yml',
      'roles/r/templates/t.j2',
      'roles/r/tasks/main.yml',
      'files/b.txt',
      'c.txt',
      'p1/x.txt',
      'p2/x.txt',
      'p2/y.txt',
    ])
      writeIn(dir, f, 'x\n');
    const role = join(dir, 'roles/r');
    // what a task of role r sees (its role, then its file's folder; then the playbook's folder)
    vars = { role_path: role, playbook_dir: dir, ansible_search_path: [role, join(role, 'tasks')] };
  });
  after(() => removeDir(dir));

  it("a name is looked for in the role's files/, the task's folder, then the playbook's files/ and folder", () => {
    expect(render("{{ lookup('first_found', ['nope', 'a.txt']) }}")).to.equal(join(dir, 'roles/r/files/a.txt'));
    expect(render("{{ lookup('first_found', ['b.txt']) }}")).to.equal(join(dir, 'files/b.txt'));
    expect(render("{{ lookup('first_found', 'c.txt') }}")).to.equal(join(dir, 'c.txt'));
    expect(render("{{ lookup('first_found', 'main.yml') }}")).to.equal(join(dir, 'roles/r/tasks/main.yml'));
    expect(render("{{ lookup('first_found', [['nope'], ['b.txt']]) }}")).to.equal(join(dir, 'files/b.txt'));
  });

  it('a string term is one name (no splitting, keyword paths ignored); files and paths of a mapping are split', () => {
    expect(() => render("{{ lookup('first_found', 'nope,b.txt') }}")).to.throw(/none of these files was found: nope,b.txt/);
    expect(() => render("{{ lookup('first_found', 'y.txt', paths=['p1', 'p2']) }}")).to.throw(/none of these files/);
    expect(render("{{ lookup('first_found', {'files': 'nope,b.txt'}) }}")).to.equal(join(dir, 'files/b.txt'));
    expect(render("{{ lookup('first_found', {'files': 'nope;y.txt', 'paths': 'p1:p2'}) }}")).to.equal(join(dir, 'p2/y.txt'));
    expect(render("{{ lookup('first_found', {'files': ['nope']}, {'files': ['y.txt'], 'paths': ['p2']}) }}")).to.equal(join(dir, 'p2/y.txt'));
  });

  it('with paths, every file in the first path comes before the next path', () => {
    expect(render("{{ lookup('first_found', {'files': ['y.txt', 'x.txt'], 'paths': ['p1', 'p2']}) }}")).to.equal(join(dir, 'p1/x.txt'));
  });

  it("skip gives no file (lookup() too: an empty list); errors='ignore' gives ''", () => {
    expect(render("{{ query('first_found', ['nope'], skip=True) }}")).to.deep.equal([]);
    expect(render("{{ lookup('first_found', ['nope'], skip=True) }}")).to.deep.equal([]);
    expect(render("{{ query('first_found', {'files': ['nope'], 'skip': True}) }}")).to.deep.equal([]);
    expect(render("{{ lookup('first_found', ['nope'], errors='ignore') }}")).to.equal('');
    expect(render("{{ query('first_found', ['nope'], errors='ignore') }}")).to.deep.equal([]);
  });

  it("with_first_found looks in the folder of the task's kind first: vars/ for include_vars, templates/ for template", () => {
    const where = { file: 'main.yml', line: 1, col: 1 };
    const loop = (module: string, names: string[]): unknown[] => loopItems({ __with_first_found: names }, vars, where, 't', module);
    expect(loop('include_vars', ['nope.yml', 'v.yml'])).to.deep.equal([join(dir, 'roles/r/vars/v.yml')]);
    expect(loop('ansible.builtin.template', ['t.j2'])).to.deep.equal([join(dir, 'roles/r/templates/t.j2')]);
    expect(() => loop('debug', ['v.yml'])).to.throw(/none of these files/);
  });
});
