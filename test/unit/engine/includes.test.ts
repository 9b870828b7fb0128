// Includes, imports, roles and their variables, run as ansible-playbook 2.14 runs them. Each
// playbook below was run with ansible-playbook on localhost (local connection, no facts); the
// expected recap and messages are what it printed. Only controller-side modules run here.
import { expect } from 'chai';
import { runJson, type JsonRunReport } from '../../helpers/cli.js';
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
});
