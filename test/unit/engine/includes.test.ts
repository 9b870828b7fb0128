// Includes, imports, roles and their variables, run as ansible-playbook 2.14 runs them. Each
// playbook below was run with ansible-playbook on localhost (local connection, no facts); the
// expected recap and messages are what it printed. Only controller-side modules run here.
import { expect } from 'chai';
import { runCli, runJson, type JsonRunReport } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

type Recap = JsonRunReport['stats'][string];

describe('includes, imports and roles as in Ansible', function () {
  this.timeout(30_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));

  /** Writes the files (the playbook is play.yml), runs it on localhost, returns the recap and debug messages. */
  const run = async (files: Record<string, string>, ...extra: string[]): Promise<{ code: number; recap: Recap; msgs: unknown[]; stderr: string }> => {
    for (const [name, text] of Object.entries(files)) writeIn(dir, name, text);
    const res = await runJson(['run', `${dir}/play.yml`, '-i', 'localhost,', ...extra], { cwd: dir });
    const msgs = res.report.plays.flatMap((p) =>
      p.tasks.filter((t) => t.task.module === 'debug').flatMap((t) => Object.values(t.hosts).map((h) => h.result.msg)),
    );
    return { code: res.code, recap: res.report.stats.localhost!, msgs, stderr: res.stderr };
  };
  const play = (tasks: string, head = ''): string => `- hosts: localhost\n  gather_facts: false\n${head}  tasks:\n${tasks}`;

  it('action: names the module in either form; debugger is accepted and ignored; vars files may be lists; role names may be paths', async () => {
    const r = await run({
      'play.yml': play(
        '    - action: debug msg="a={{ a }} b={{ b }}"\n' +
          '    - action: {module: assert, that: [a == 1, b == 2]}\n      debugger: on_failed\n' +
          '    - import_role: {name: group/inner}\n',
        '  debugger: never\n  vars_files: [vars/list.yml]\n',
      ),
      'vars/list.yml': '- a: 1\n- b: 2\n',
      'roles/group/inner/tasks/main.yml': '- debug: msg=inner\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['a=1 b=2', 'inner']);
    expect(r.recap.ok).to.equal(3);
  });

  it('include_tasks/include_role run when reached: templated names, loops, include params above set_fact, public roles, role handlers; counted as Ansible counts them', async () => {
    const r = await run({
      'play.yml': play(
        '    - include_tasks: "{{ f }}"\n' +
          '    - include_tasks: inc.yml\n      loop: [1, 2]\n      vars: {p: P}\n' +
          '    - include_tasks: inc.yml\n      when: false\n' +
          '    - include_tasks: missing.yml\n      loop: "{{ undefined_list }}"\n      when: false\n' +
          '    - set_fact: {p: from-set-fact}\n' +
          '    - include_tasks: inc.yml\n      vars: {p: include-param-wins}\n' +
          '    - include_role: {name: "{{ rn }}"}\n' +
          '    - debug: msg="{{ rdef | default(\'private\') }}"\n' +
          '    - include_role: {name: pub, public: true}\n' +
          '    - debug: msg="{{ pubvar }}"\n' +
          '    - include_tasks: inc.yml\n      tags: [never]\n',
        '  vars: {f: inc.yml, rn: r}\n',
      ),
      'inc.yml': "- debug: msg=\"inc {{ item | default('none') }} {{ p | default('nop') }}\"\n",
      'roles/r/tasks/main.yml': '- debug: msg="role {{ rdef }}"\n- debug: msg=notify\n  changed_when: true\n  notify: rh\n',
      'roles/r/defaults/main.yml': 'rdef: fromdefaults\n',
      'roles/r/handlers/main.yml': '- name: rh\n  debug: msg=handler-of-r\n',
      'roles/pub/defaults/main.yml': 'pubvar: yes-public\n',
      'roles/pub/tasks/main.yml': '- debug: msg=pub\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal([
      'inc none nop',
      'inc 1 P',
      'inc 2 P',
      'inc none include-param-wins',
      'role fromdefaults',
      'notify',
      'private',
      'pub',
      'yes-public',
      'handler-of-r',
    ]);
    expect(r.recap).to.include({ ok: 15, changed: 1, skipped: 2, failed: 0 });
  });

  it('a missing task file or role fails the host whatever ignore_errors says; rescued, it counts no rescue', async () => {
    const r = await run({
      'play.yml': play(
        '    - block:\n        - include_tasks: nonexist.yml\n      rescue:\n        - debug: msg=rescued1\n' +
          '    - block:\n        - include_role: {name: nonexist}\n      rescue:\n        - debug: msg=rescued2\n' +
          '    - include_tasks: nonexist.yml\n      ignore_errors: true\n' +
          '    - debug: msg=never\n',
      ),
    });
    expect(r.code).to.not.equal(0);
    expect(r.msgs).to.deep.equal(['rescued1', 'rescued2']);
    expect(r.recap).to.include({ ok: 2, failed: 2, rescued: 0, ignored: 0 });
  });

  it('an included file that does not load (unknown module) stops the run, even in a block with rescue', async () => {
    const r = await run({
      'play.yml': play('    - block:\n        - include_tasks: bad.yml\n      rescue:\n        - debug: msg=rescued\n'),
      'bad.yml': '- wrong.wrong.wrong:\n    parser: error\n',
    }).catch((err: Error) => ({ code: 1, msgs: [], stderr: err.message, recap: undefined }));
    expect(r.code).to.not.equal(0);
    expect(r.msgs).to.deep.equal([]);
    expect(r.stderr).to.include("unknown module 'wrong.wrong.wrong'");
  });

  it('include_vars: a file and a folder (under a name), below set_fact and above task vars', async () => {
    const r = await run({
      'play.yml': play(
        '    - set_fact: {a: from-set-fact}\n' +
          '    - include_vars: main.yml\n' +
          '    - debug: msg="{{ a }} {{ shared }}"\n' +
          '    - include_vars: {dir: more, name: bundle}\n' +
          '    - debug: msg="{{ bundle.x }} {{ bundle.z }}"\n' +
          '    - debug: msg="{{ shared }}"\n      vars: {shared: task}\n',
        '  vars: {shared: play}\n',
      ),
      'vars/main.yml': 'a: from-file\nshared: file\n',
      'more/a.yml': 'x: 1\n',
      'more/b.yaml': 'x: 2\nz: 3\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['from-set-fact file', '2 3', 'file']);
    expect(r.recap.ok).to.equal(6);
  });

  it('add_host runs once and adds a host with groups and variables for later plays; group_by puts the host in a group', async () => {
    const files = {
      'play.yml':
        play(
          '    - add_host: {name: newh, groups: [g1, g2], foo: bar}\n      register: r1\n' +
            '    - add_host: {name: newh, groups: g1, foo: bar}\n      register: r2\n' +
            '    - group_by: {key: "grp_{{ inventory_hostname }}", parents: [parentg]}\n      register: r3\n' +
            "    - assert:\n        that: [r1 is changed, r2 is not changed, r3 is changed, \"'localhost' in groups['grp_localhost']\", \"'localhost' in groups['parentg']\", \"groups['ungrouped'] == []\"]\n",
        ) + '- hosts: g2\n  gather_facts: false\n  tasks:\n    - debug: msg="{{ foo }} {{ group_names }}"\n',
    };
    for (const [name, text] of Object.entries(files)) writeIn(dir, name, text);
    const res = await runJson(['run', `${dir}/play.yml`, '-i', 'localhost,'], { cwd: dir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.stats.localhost).to.include({ ok: 4, changed: 2, failed: 0 });
    expect(res.report.stats.newh).to.include({ ok: 1, failed: 0 });
    expect(res.report.plays[1]!.tasks[0]!.hosts.newh!.result.msg).to.equal("bar ['g1', 'g2']");
  });
  it('import_playbook: a templated name, its vars seen at load time, when (facts gathering too) and tags on every imported play; templated import_tasks/import_role names; first_found beside the role tasks', async () => {
    const files = {
      'play.yml':
        '- import_playbook: "{{ pb }}"\n  vars: {v: skipped, rn: r, tf: other}\n  when: false\n' +
        '- import_playbook: sub/{{ name }}.yml\n  vars: {v: imported, name: inner, rn: r, tf: other}\n  tags: [imp]\n',
      'sub/inner.yml':
        '- hosts: localhost\n  tasks:\n    - debug: msg="play {{ v }}"\n' +
        '    - import_tasks: "{{ tfile }}"\n      vars: {tfile: tasks.yml}\n' +
        '    - import_role: {name: "{{ rn }}", tasks_from: "{{ tf }}"}\n' +
        '    - include_role: {name: r}\n',
      'sub/tasks.yml': '- debug: msg="imported tasks {{ v }}"\n',
      'sub/roles/r/tasks/main.yml': "- include_tasks: \"{{ lookup('first_found', 'found.yml') }}\"\n",
      'sub/roles/r/tasks/found.yml': '- debug: msg=found\n',
      'sub/roles/r/tasks/other.yml': '- debug: msg="role file {{ rdef }}"\n',
      'sub/roles/r/defaults/main.yml': 'rdef: from-defaults\n',
      'local.ini': 'localhost ansible_connection=local\n',
    };
    // ansible-playbook 2.14 on the same files: the first import's play skips its facts and each
    // task; the second runs everything; --tags/--skip-tags select both by the import's tag.
    const all = await run(files, '-i', `${dir}/local.ini`, '-e', 'pb=sub/inner.yml');
    expect(all.code, all.stderr).to.equal(0);
    const ran = ['play imported', 'imported tasks imported', 'role file from-defaults', 'found'];
    expect(all.msgs.filter((m) => m !== undefined)).to.deep.equal(ran);
    expect(all.recap).to.include({ ok: 6, skipped: 5, failed: 0 });
    const tagged = await run(files, '-i', `${dir}/local.ini`, '-e', 'pb=sub/inner.yml', '--tags', 'imp');
    expect(tagged.msgs.filter((m) => m !== undefined)).to.deep.equal(ran);
    expect(tagged.recap).to.include({ ok: 6, skipped: 1 });
    const skipped = await run(files, '-i', `${dir}/local.ini`, '-e', 'pb=sub/inner.yml', '--skip-tags', 'imp');
    expect(skipped.recap).to.include({ ok: 0, skipped: 5 });
    // a tagged play gathers facts only when its tags are selected ('always' is only for untagged plays)
    const other = await run(files, '-i', `${dir}/local.ini`, '-e', 'pb=sub/inner.yml', '--tags', 'other');
    expect(other.recap).to.include({ ok: 0, skipped: 1 });
  });

  it('an import name that needs a variable unknown at load time, or an include_role file that is not a string, stops the run before any host', async () => {
    writeIn(dir, 'roles/r/tasks/main.yml', '- debug: msg=r\n');
    const undefinedName = await runCli(['run', writeIn(dir, 'name.yml', play('    - import_role: {name: "{{ rn }}"}\n')), '-i', 'localhost,']);
    expect(undefinedName.code).to.equal(1);
    expect(undefinedName.stderr).to.match(/name\.yml:4:7: undefined variable 'rn' in import_role name/);
    const listFile = await runCli([
      'run',
      writeIn(dir, 'list.yml', play('    - include_role:\n        name: r\n        vars_from: [a.yml]\n')),
      '-i',
      'localhost,',
    ]);
    expect(listFile.code).to.equal(1);
    expect(listFile.stderr).to.match(/list\.yml:4:7: include_role vars_from is a list/);
  });
  it('a role runs once per play and host: again only with other parameters, or when it allows duplicates (meta, or include_role/import_role allow_duplicates, which also applies to their earlier uses)', async () => {
    // ansible-playbook 2.14 printed the same messages and ok=7
    const r = await run({
      'play.yml': play(
        '    - import_role: {name: common}\n' +
          '    - import_role: {name: common, allow_duplicates: "{{ \'no\' }}"}\n' +
          '    - include_role: {name: common}\n' +
          '    - include_role: {name: common, allow_duplicates: false}\n' +
          '    - include_role: {name: common, allow_duplicates: false}\n',
        '  roles:\n    - common\n    - common\n    - {role: common, x: 1}\n    - a\n    - dup\n    - dup\n',
      ),
      'roles/common/tasks/main.yml': '- debug: msg="common {{ x | default(0) }}"\n',
      'roles/a/meta/main.yml': 'dependencies: [common]\n',
      'roles/a/tasks/main.yml': '- debug: msg=a\n',
      'roles/dup/meta/main.yml': 'allow_duplicates: true\n',
      'roles/dup/tasks/main.yml': '- debug: msg=dup\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['common 0', 'common 1', 'a', 'dup', 'dup', 'common 0', 'common 0']);
    expect(r.recap).to.include({ ok: 7, skipped: 0 });
  });

  it('loop_control extended: ansible_loop in the task and in what a looped include_tasks includes (without ansible_loop_var there)', async () => {
    // ansible-playbook 2.14 printed the same messages
    const r = await run({
      'play.yml': play(
        "    - debug: msg=\"{{ ansible_loop.index }}/{{ ansible_loop.length }} {{ ansible_loop.first }} {{ ansible_loop.last }} {{ ansible_loop.previtem | default('-') }} {{ ansible_loop.nextitem | default('-') }} {{ ansible_loop.allitems is defined }} {{ i }}\"\n" +
          '      loop: [a, b, c]\n      loop_control: {extended: true, extended_allitems: false, index_var: i}\n      register: r\n' +
          '    - include_tasks: inner.yml\n      loop: [x, y]\n      loop_control: {extended: yes, loop_var: it}\n' +
          '    - assert:\n        that: ["r.results[1].ansible_loop.previtem == \'a\'", "r.results[1].i == 1", "r.results | map(attribute=\'msg\') | list == expected"]\n' +
          "      vars: {expected: ['1/3 True False - b False 0', '2/3 False False a c False 1', '3/3 False True b - False 2']}\n",
      ),
      'inner.yml': '- debug: msg="inc {{ it }} {{ ansible_loop.index0 }} {{ ansible_loop.allitems | join(\',\') }} {{ ansible_loop_var is defined }}"\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['All items completed', 'inc x 0 x,y False', 'inc y 1 x,y False']);
    expect(r.recap).to.include({ ok: 6, failed: 0 });
  });
  it("a dependency sees the parameters of the roles that depend on it, its own entry's winning", async () => {
    // ansible-playbook 2.14 printed the same three messages
    const r = await run({
      'play.yml': play('', '  roles:\n    - {role: top, a: from-play, b: top-b}\n'),
      'roles/top/meta/main.yml': 'dependencies: [{role: mid, b: from-top-dep-entry}]\n',
      'roles/top/tasks/main.yml': '- debug: msg="top {{ a }} {{ b }}"\n',
      'roles/mid/meta/main.yml': 'dependencies: [{role: leaf, c: from-mid-entry}]\n',
      'roles/mid/tasks/main.yml': '- debug: msg="mid {{ a }} {{ b }} {{ c | default(\'-\') }}"\n',
      'roles/leaf/tasks/main.yml': '- debug: msg="leaf {{ a }} {{ b }} {{ c }}"\n',
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.msgs).to.deep.equal(['leaf from-play from-top-dep-entry from-mid-entry', 'mid from-play from-top-dep-entry -', 'top from-play top-b']);
  });
  it('refresh_inventory reads the sources again and keeps what add_host added (and group_by, for hosts still there)', async () => {
    writeIn(dir, 'new.ini', 'h2 ansible_connection=local\n');
    const inventory = writeIn(dir, 'inv.ini', 'h1 ansible_connection=local\n');
    const playbook = writeIn(
      dir,
      'play.yml',
      '- hosts: h1\n  gather_facts: false\n  tasks:\n' +
        '    - add_host: {name: dyn, groups: extra, ansible_connection: local}\n' +
        '    - group_by: {key: "grp_{{ inventory_hostname }}"}\n' +
        `    - command: cp ${dir}/new.ini ${dir}/inv.ini\n` +
        '    - meta: refresh_inventory\n' +
        '- hosts: all\n  gather_facts: false\n  tasks:\n' +
        "    - debug: msg=\"{{ inventory_hostname }} {{ groups['extra'] | default([]) }} {{ groups['grp_h1'] | default('none') }}\"\n",
    );
    // ansible-playbook 2.14 on the same files: the same messages and recap
    const res = await runJson(['run', playbook, '-i', inventory]);
    expect(res.code, res.stderr).to.equal(0);
    const hosts = res.report.plays[1]!.tasks[0]!.hosts;
    expect(Object.fromEntries(Object.entries(hosts).map(([h, r]) => [h, r.result.msg]))).to.deep.equal({ dyn: "dyn ['dyn'] none", h2: "h2 ['dyn'] none" });
    expect(Object.fromEntries(Object.entries(res.report.stats).map(([h, s]) => [h, [s.ok, s.changed]]))).to.deep.equal({ h1: [3, 3], h2: [1, 0], dyn: [1, 0] });
  });
});
