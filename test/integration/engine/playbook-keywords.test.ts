// Playbook keywords and meta actions, each run on the same small playbook ansible-playbook 2.14
// was run on (three hosts over the local connection, scratch folder); the expectations are what
// Ansible did: per-host recap counters, which hosts ran which task, exit codes.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runJson, type JsonRunReport } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

/** For each task of each play: the hosts it ran on (skipped ones left out), in the order shown. */
function ranOn(report: JsonRunReport): string[][] {
  return report.plays.flatMap((p) => p.tasks.map((t) => Object.keys(t.hosts).filter((h) => t.hosts[h]!.status !== 'skipped')));
}

function recap(report: JsonRunReport, fields: Array<'ok' | 'changed' | 'failed' | 'skipped' | 'ignored' | 'rescued'>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(report.stats).map(([h, s]) => [h, fields.map((f) => s[f])]));
}

describe('playbook keywords and meta actions (as ansible-playbook 2.14)', function () {
  this.timeout(60_000);
  let dir: string;
  let inventory: string;
  const write = (name: string, text: string): string => writeIn(dir, name, text);

  beforeEach(() => {
    dir = scratchDir();
    inventory = write('hosts.ini', '[all]\nh3\nh1\nh2\n\n[all:vars]\nansible_connection=local\n');
  });
  afterEach(() => removeDir(dir));

  it('notify on a block is inherited by its tasks that name no handler', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - block:
        - command: echo a
        - command: echo b
          notify: other
      notify: from block
  handlers:
    - name: from block
      debug: { msg: block handler }
    - name: other
      debug: { msg: other handler }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(res.report.plays[0]!.tasks.map((t) => t.task.name)).to.deep.equal(['command', 'command', 'from block', 'other']);
    expect(recap(res.report, ['ok', 'changed'])).to.deep.equal({ h1: [4, 2] });
  });

  it('list-form vars (a list of mappings) on plays and blocks; block vars keep their file:line', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  vars:
    - a: play1
    - b: play2
  tasks:
    - block:
        - debug:
            msg: "{{ a }} {{ b }} {{ x }} {{ w }}"
          vars:
            w: task
        - debug:
            msg: "{{ z }}"
      vars:
        - x: block
          w: block
        - z: "{{ nope }}"
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code).to.equal(2);
    const [first, second] = res.report.plays[0]!.tasks;
    expect(first!.hosts.h1!.result.msg).to.equal('play1 play2 block task');
    // Ansible points at the task; lvsplay at the variable that reads something undefined.
    expect(second!.hosts.h1!.result.msg).to.match(new RegExp(`^${play}:17:11: undefined variable 'nope' in variable 'z'`));
  });

  it('meta: clear_host_errors: the failed host stays out of this play, is back for the next, and the run exits 0', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  tasks:
    - fail: { msg: boom }
      when: inventory_hostname == 'h1'
    - meta: clear_host_errors
    - debug: { msg: after }
- hosts: all
  gather_facts: false
  tasks:
    - debug: { msg: second }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(ranOn(res.report)).to.deep.equal([['h1'], ['h3', 'h2'], ['h3', 'h1', 'h2']]);
    expect(recap(res.report, ['ok', 'failed', 'skipped'])).to.deep.equal({ h1: [1, 1, 0], h2: [2, 0, 1], h3: [2, 0, 1] });
  });

  it('meta: end_batch ends the serial batch for all its hosts; the next batch and play still run', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  order: sorted
  serial: 2
  tasks:
    - debug: { msg: one }
    - meta: end_batch
      when: inventory_hostname == 'h1'
    - debug: { msg: two }
- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: next play }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(recap(res.report, ['ok', 'skipped'])).to.deep.equal({ h1: [2, 0], h2: [1, 0], h3: [2, 0] });
  });

  it('meta: refresh_inventory: a host added to the inventory file is there for the next play', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - lineinfile: { path: "${inventory}", line: "h9", insertafter: "^h2$" }
    - meta: refresh_inventory
- hosts: h9
  gather_facts: false
  tasks:
    - debug: { msg: new host }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(recap(res.report, ['ok', 'changed'])).to.deep.equal({ h1: [1, 1], h9: [1, 0] });
  });

  it('--force-handlers and force_handlers: notified handlers run on a host that failed afterwards', async () => {
    const body = `  gather_facts: false
  tasks:
    - command: echo x
      notify: h
    - fail: { msg: boom }
      when: inventory_hostname == 'h1'
  handlers:
    - name: h
      debug: { msg: handler }
`;
    const keyword = write('keyword.yaml', `- hosts: h1:h2\n  force_handlers: true\n${body}`);
    const plain = write('plain.yaml', `- hosts: h1:h2\n${body}`);
    for (const [file, flag] of [
      [keyword, []],
      [plain, ['--force-handlers']],
    ] as const) {
      const res = await runJson(['run', file, '-i', inventory, ...flag]);
      expect(res.code).to.equal(2);
      expect(recap(res.report, ['ok', 'changed', 'failed', 'skipped'])).to.deep.equal({ h1: [2, 1, 1, 0], h2: [2, 1, 0, 1] });
    }
    const without = await runJson(['run', plain, '-i', inventory]);
    expect(recap(without.report, ['ok', 'failed'])).to.deep.equal({ h1: [1, 1], h2: [2, 0] });
  });

  it('order: inventory, reverse_inventory, sorted, reverse_sorted, shuffle; a bad value is refused at its line', async () => {
    const expected: Record<string, string[]> = {
      inventory: ['h3', 'h1', 'h2'],
      reverse_inventory: ['h2', 'h1', 'h3'],
      sorted: ['h1', 'h2', 'h3'],
      reverse_sorted: ['h3', 'h2', 'h1'],
    };
    for (const order of [...Object.keys(expected), 'shuffle']) {
      const play = write(`${order}.yaml`, `- hosts: all\n  gather_facts: false\n  order: ${order}\n  tasks:\n    - debug: { msg: x }\n`);
      // one host at a time: results come in the play's host order
      const res = await runJson(['run', play, '-i', inventory, '--forks', '1']);
      const hosts = Object.keys(res.report.plays[0]!.tasks[0]!.hosts);
      if (order === 'shuffle') expect([...hosts].sort()).to.deep.equal(['h1', 'h2', 'h3']);
      else expect(hosts, order).to.deep.equal(expected[order]);
    }
    const bad = write('bad.yaml', `- hosts: all\n  order: bogus\n  tasks: []\n`);
    const res = await runCli(['validate', bad, '-i', inventory]);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.include(`${bad}:2:3: order is the string "bogus" (expected one of: inventory, reverse_inventory, sorted, reverse_sorted, shuffle)`);
  });

  it('throttle runs a task on at most that many hosts at once', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  tasks:
    - shell: "echo start $(date +%s%N) >> ${dir}/log; sleep 0.3; echo end $(date +%s%N) >> ${dir}/log"
      throttle: 1
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    const lines = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
    // one at a time: start, end, start, end, ...
    expect(lines.map((l) => l.split(' ')[0])).to.deep.equal(['start', 'end', 'start', 'end', 'start', 'end']);
  });

  it('apply on include_tasks gives its keywords (tags) to the included tasks', async () => {
    write('inc/tasks.yaml', '- command: echo one\n- command: echo two\n  tags: [own]\n');
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - include_tasks:
        file: inc/tasks.yaml
        apply:
          tags: [applied]
      tags: [always]
    - command: echo untagged
`,
    );
    const res = await runJson(['run', play, '-i', inventory, '--tags', 'applied']);
    expect(res.code, res.stdout).to.equal(0);
    // the include (tagged always) is a task of its own, then the two tasks it gives the applied tag
    expect(res.report.plays[0]!.tasks).to.have.length(3);
    const wrong = write('wrong.yaml', `- hosts: h1\n  tasks:\n    - import_tasks:\n        file: inc/tasks.yaml\n        apply: { tags: [x] }\n`);
    const refused = await runCli(['validate', wrong, '-i', inventory]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include("'apply' is only valid on include_tasks and include_role");
  });

  it('vars_prompt: without a terminal the defaults are used (with a warning); -e answers a question', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  vars_prompt:
    - name: who
      prompt: Who are you
      default: nobody
      private: false
    - name: secret
      prompt: Secret
      default: s3
  tasks:
    - debug: { msg: "{{ who }} {{ secret }}" }
`,
    );
    const res = await runCli(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(res.stdout).to.include('[WARNING]: Not prompting as we are not in interactive mode');
    expect(res.stdout).to.include('ok: [h1] => nobody s3');
    const answered = await runJson(['run', play, '-i', inventory, '-e', 'who=me']);
    expect(answered.report.plays[0]!.tasks[0]!.hosts.h1!.result.msg).to.equal('me s3');
  });
});
