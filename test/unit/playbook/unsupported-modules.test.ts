// `validate --list-unsupported`: counts unsupported modules over a tree, reading playbooks
// anywhere and task lists under tasks/ or handlers/, never vars files.
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { surveyUnsupportedModules } from '../../../src/engine/playbook/unsupported-modules.js';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

describe('validate --list-unsupported', () => {
  let dir = '';
  before(() => {
    dir = scratchDir();
    mkdirSync(join(dir, 'roles', 'r', 'tasks'), { recursive: true });
    mkdirSync(join(dir, 'roles', 'r', 'vars'), { recursive: true });
    writeFileSync(
      join(dir, 'site.yml'),
      '- hosts: all\n  tasks:\n    - win_user: {name: a}\n    - copy: {dest: /x, content: y}\n    - block:\n        - ansible.builtin.known_hosts: {name: example.org}\n      rescue:\n        - win_user: {name: b}\n  handlers:\n    - name: h\n      action: win_reboot reboot_timeout=1\n',
    );
    writeFileSync(join(dir, 'roles', 'r', 'tasks', 'main.yml'), '- win_shell: x.ps1\n  with_items: [1]\n  loop_control: {loop_var: i}\n- debug: msg=hi\n');
    writeFileSync(join(dir, 'roles', 'r', 'vars', 'list.yml'), '- win_user: not a task\n');
    writeFileSync(join(dir, 'broken.yml'), '- hosts: [\n');
  });
  after(() => removeDir(dir));

  it('counts each unsupported module by tasks and files, most used first', () => {
    const survey = surveyUnsupportedModules(dir, moduleRegistry());
    expect(survey.modules).to.deep.equal([
      { module: 'win_user', tasks: 2, files: ['site.yml'] },
      { module: 'ansible.builtin.known_hosts', tasks: 1, files: ['site.yml'] },
      { module: 'win_reboot', tasks: 1, files: ['site.yml'] },
      { module: 'win_shell', tasks: 1, files: [join('roles', 'r', 'tasks', 'main.yml')] },
    ]);
    expect(survey.filesRead).to.equal(2);
    expect(survey.unreadable).to.deep.equal(['broken.yml']);
  });
});
