// changed_when that cannot be evaluated, and loop_control pause, as ansible-playbook 2.14 runs
// them (measured on localhost: `command: echo foo` with `changed_when: boomboomboom` and
// ignore_errors registers failed, changed true, stdout "foo" and changed_when_result "The
// conditional check 'boomboomboom' failed. The error was: ... 'boomboomboom' is undefined").
import { expect } from 'chai';
import { runJson } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

describe('task results judged as in Ansible', function () {
  this.timeout(30_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));

  const run = (tasks: string, ...extra: string[]): ReturnType<typeof runJson> => {
    writeIn(dir, 'play.yml', `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`);
    writeIn(dir, 'inventory', 'localhost ansible_connection=local\n');
    return runJson(['run', `${dir}/play.yml`, '-i', `${dir}/inventory`, ...extra], { cwd: dir });
  };

  it('a changed_when that cannot be evaluated fails the task and keeps its result', async () => {
    const res = await run(
      '    - command: echo foo\n      changed_when: boomboomboom\n      register: r\n      ignore_errors: true\n' +
        '    - assert:\n        that:\n          - r is failed\n          - r is changed\n          - r.stdout == "foo"\n' +
        "          - r.changed_when_result is contains('boomboomboom')\n",
    );
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.stats.localhost).to.include({ ok: 2, failed: 0, ignored: 1 });
  });

  it('loop_control pause waits between items, not before the first', async () => {
    const started = Date.now();
    const res = await run('    - debug: var=i\n      loop: [1, 2, 3]\n      loop_control: {loop_var: i, pause: "{{ 0.4 }}"}\n');
    expect(res.code, res.stderr).to.equal(0);
    expect(Date.now() - started).to.be.at.least(800);
  });

  // Measured: with -e item=x, `debug: msg="{{ item }}"` over [1] prints 1, and a looped task in a
  // file included over [outer] prints its own item, "inner".
  it("a task's loop variable wins over -e and over the item of the include around it", async () => {
    writeIn(dir, 'inner.yml', '- assert: {that: [item == "inner"]}\n  loop: [inner]\n');
    const res = await run('    - assert: {that: [item == 1]}\n      loop: [1]\n    - include_tasks: inner.yml\n      loop: [outer]\n', '-e', 'item=x');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.stats.localhost).to.include({ ok: 3, failed: 0 });
  });

  // Measured: `until: 1 == 0` with retries and `failed_when: r.attempts > 6` registers failed:
  // true, yet ansible-playbook counts the task ok (failed_when_result false decides).
  it('an until that never holds counts ok when failed_when held false; attempts is there for failed_when', async () => {
    const res = await run(
      '    - command: "true"\n      register: r\n      until: 1 == 0\n      retries: 2\n      delay: 0\n      failed_when: r.attempts > 6\n',
    );
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.stats.localhost).to.include({ ok: 1, failed: 0 });
  });
});
