// local_action, include, first_found in a task's arguments and with_subelements, run as
// ansible-playbook 2.14 runs them. Each playbook below was run with ansible-playbook on
// localhost (local connection, no facts); the expected recap, messages and written files are
// what it gave. The tasks only read and write inside the test's scratch folder.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runJson, type JsonRunReport } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

type Recap = JsonRunReport['stats'][string];

describe('legacy task keywords and file lookups in arguments, as in Ansible', function () {
  this.timeout(30_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));

  /** Writes the files (the playbook is play.yml), runs it on a local localhost, returns the recap and debug messages. */
  const run = async (files: Record<string, string>): Promise<{ code: number; recap: Recap | undefined; msgs: unknown[]; stderr: string; stdout: string }> => {
    writeIn(dir, 'inventory.ini', 'localhost ansible_connection=local\n');
    for (const [name, text] of Object.entries(files)) writeIn(dir, name, text);
    const res = await runJson(['run', `${dir}/play.yml`, '-i', `${dir}/inventory.ini`], { cwd: dir });
    const msgs = res.report.plays.flatMap((p) =>
      p.tasks
        .filter((t) => t.task.module === 'debug')
        .flatMap((t) =>
          Object.values(t.hosts).flatMap((h) =>
            Array.isArray(h.result.results) ? (h.result.results as { msg: unknown }[]).map((r) => r.msg) : [h.result.msg],
          ),
        ),
    );
    return { code: res.code, recap: res.report.stats.localhost, msgs, stderr: res.stderr, stdout: res.stdout };
  };
  const play = (tasks: string, head = ''): string => `- hosts: localhost\n  gather_facts: false\n${head}  tasks:\n${tasks}`;

  it('local_action in both forms runs on the controller (delegate_to: localhost), winning over a delegate_to of the task', async () => {
    const r = await run({
      'play.yml': play(
        '    - local_action: command echo hi {{ inventory_hostname }}\n      register: a\n' +
          '    - local_action:\n        module: debug\n        msg: "{{ a.stdout }}"\n      delegate_to: nowhere\n',
      ),
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['hi localhost']);
    expect(r.recap).to.include({ ok: 2, changed: 1, failed: 0 });
  });

  it('action and local_action together are refused before any host, as Ansible refuses them', async () => {
    writeIn(dir, 'play.yml', play('    - local_action: command echo hi\n      action: command echo ho\n'));
    const r = await runCli(['run', `${dir}/play.yml`, '-i', 'localhost,'], { cwd: dir });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/play\.yml:4:7: action and local_action are mutually exclusive/);
  });

  it("first_found in a template's and a copy's arguments, in the play and in a role (files/ first, then the paths given); query() with skip", async () => {
    const r = await run({
      'play.yml': play(
        '    - template:\n        src: "{{ lookup(\'first_found\', params) }}"\n        dest: "{{ out }}/a.conf"\n' +
          "    - copy:\n        src: \"{{ query('first_found', ['none.txt', 'plain.txt'])[0] }}\"\n        dest: \"{{ out }}/plain.txt\"\n" +
          "    - debug: msg=\"found {{ query('first_found', ['missing.j2', 'default.conf.j2'], skip=True) }}\"\n" +
          '    - include_role: {name: r}\n',
        '  vars:\n    out: "{{ playbook_dir }}/out"\n    params:\n' +
          '      files: ["{{ inventory_hostname }}.conf.j2", debian.conf.j2, default.conf.j2]\n      paths: [templates]\n',
      ),
      'templates/debian.conf.j2': 'os={{ inventory_hostname }}\n',
      'templates/default.conf.j2': 'default\n',
      'files/plain.txt': 'plain\n',
      'roles/r/templates/role.conf.j2': 'role {{ inventory_hostname }}\n',
      'roles/r/tasks/main.yml':
        "- template:\n    src: \"{{ lookup('first_found', {'files': ['nope.j2', 'role.conf.j2'], 'paths': ['templates']}) }}\"\n    dest: \"{{ out }}/role.conf\"\n",
      'out/.keep': '',
    });
    expect(r.code, r.stderr).to.equal(0);
    // default.conf.j2 is under templates/, not files/: a lookup in arguments looks in files/ (a with_first_found loop of a template task would look in templates/)
    expect(r.msgs).to.deep.equal(['found []']);
    // include_role itself is not counted (measured: ok=4)
    expect(r.recap).to.include({ ok: 4, changed: 3, failed: 0 });
    expect(readFileSync(join(dir, 'out/a.conf'), 'utf8')).to.equal('os=localhost\n');
    expect(readFileSync(join(dir, 'out/plain.txt'), 'utf8')).to.equal('plain\n');
    expect(readFileSync(join(dir, 'out/role.conf'), 'utf8')).to.equal('role localhost\n');
  });

  it('with_subelements over a dotted key with skip_missing: item.0 is the item without the list walked', async () => {
    const r = await run({
      'play.yml': play(
        '    - debug: msg="{{ item.0 }} {{ item.1 }}"\n      with_subelements: ["{{ users }}", db.hosts, {skip_missing: true}]\n' +
          '    - debug: msg="db {{ users[0].db }}"\n',
        '  vars:\n    users:\n      - {name: alice, keys: [k1, k2], db: {hosts: [h-a]}}\n      - {name: bob, keys: []}\n',
      ),
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(["{'name': 'alice', 'keys': ['k1', 'k2'], 'db': {}} h-a", "db {'hosts': ['h-a']}"]);
  });

  it('include: static as import_tasks, dynamic as include_tasks when its name is templated or it loops; key=value and vars are its parameters', async () => {
    const r = await run({
      'play.yml': play(
        '    - include: tasks/sub.yml\n' +
          '    - include: "tasks/{{ which }}.yml x=1"\n' +
          '    - include: tasks/sub.yml\n      vars: {x: 2}\n      loop: [1]\n' +
          '    - include_tasks: "tasks/{{ which }}.yml"\n',
        '  vars: {which: sub}\n',
      ),
      'tasks/sub.yml': '- debug: msg="sub {{ x | default(\'none\') }}"\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['sub none', 'sub 1', 'sub 2', 'sub none']);
    // the three dynamic includes count ok, the static one is not a task
    expect(r.recap).to.include({ ok: 7, changed: 0 });
  });

  it('include at play level is refused, as ansible-core 2.14 refuses it', async () => {
    writeIn(dir, 'play.yml', '- include: other.yml\n');
    writeIn(dir, 'other.yml', play('    - debug: msg=x\n'));
    const r = await runCli(['run', `${dir}/play.yml`, '-i', 'localhost,'], { cwd: dir });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/play\.yml:1:3: .*'include'/);
  });
});
