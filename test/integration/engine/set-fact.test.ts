// set_fact as ansible-playbook 2.14 runs it (both playbooks below pass under ansible-playbook with
// the local connection): rendered yes/no/true/false strings become booleans, a fact set by one
// loop item is seen by the next (above the task's own vars), and a templated fact name.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  vars:
    string_var: "no"
  tasks:
    - set_fact: {a: "yes", b: "No", c: "{{ string_var }}", e: "on", f: "1"}
    - assert:
        that: [a == True, b == False, c == False, e == "on", f == "1"]
    - set_fact:
        acc: "{{ acc + [item] }}"
      loop: [1, 2, 3]
      vars:
        acc: []
    - assert:
        that: ["acc == [1, 2, 3]"]
    - set_fact: "{{ item }}=moo"
      with_items: [foo, bar]
    - assert:
        that: [foo == "moo", bar == "moo"]
`;

describe('set_fact (as in ansible-playbook 2.14)', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => (dir = scratchDir()));
  after(() => removeDir(dir));

  it('converts boolean words, shows loop facts to later items, templates names', async () => {
    writeFileSync(join(dir, 'play.yml'), PLAYBOOK);
    const res = await runCli(['run', join(dir, 'play.yml'), '-i', 'localhost ansible_connection=local,']);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.stdout).to.match(/localhost : ok=6 changed=0 unreachable=0 failed=0/);
  });
});
