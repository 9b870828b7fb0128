// Blocks, errors and meta actions, each run on a small playbook that ansible-playbook 2.14 was
// run on first (two hosts over the local connection); the expectations are what Ansible did:
// per-host recap counters, which hosts ran which task, exit codes.
import { expect } from 'chai';
import { runJson, type JsonRunReport } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

/** Per host: ok, changed, failed, skipped, rescued, ignored. */
function recap(report: JsonRunReport): Record<string, number[]> {
  return Object.fromEntries(Object.entries(report.stats).map(([h, s]) => [h, [s.ok, s.changed, s.failed, s.skipped, s.rescued, s.ignored]]));
}

/** For each task: its name and the hosts it ran on (skipped ones left out). */
function ranOn(report: JsonRunReport): string[] {
  return report.plays.flatMap((p) =>
    p.tasks.map(
      (t) =>
        `${t.task.name}: ${Object.keys(t.hosts)
          .filter((h) => t.hosts[h]!.status !== 'skipped')
          .join(',')}`,
    ),
  );
}

describe('blocks, errors and meta actions (as ansible-playbook 2.14)', function () {
  this.timeout(60_000);
  let dir: string;
  let inventory: string;
  const write = (name: string, text: string): string => writeIn(dir, name, text);

  beforeEach(() => {
    dir = scratchDir();
    inventory = write('hosts.ini', '[all]\nh1\nh2\n\n[all:vars]\nansible_connection=local\n');
  });
  afterEach(() => removeDir(dir));

  it('a failure under a block with a rescue counts as rescued and is described to the rescue; clear_host_errors in always lets the host go on; an ignored failure counts as ok', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  tasks:
    - block:
        - block:
            - name: inner failure
              fail: { msg: boom }
              when: inventory_hostname == 'h1'
          always:
            - debug: { msg: inner always }
      rescue:
        - assert:
            that:
              - ansible_failed_task.name == 'inner failure'
              - ansible_failed_result.msg == 'boom'
    - command: "false"
      ignore_errors: true
    - block:
        - fail:
          when: inventory_hostname == 'h2'
      always:
        - meta: clear_host_errors
    - debug: { msg: "{{ ansible_run_tags }} {{ ansible_skip_tags }}" }
      register: tags_seen
    - assert:
        that: tags_seen.msg == "['all'] []"
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stderr).to.equal(0);
    expect(recap(res.report)).to.deep.equal({ h1: [5, 1, 0, 1, 1, 1], h2: [4, 1, 1, 1, 0, 1] });
  });

  it('any_errors_fatal: a failure caught by a rescue or an always stops nothing', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
        - fail:
          when: inventory_hostname == 'h1'
        - debug: { msg: h2 only }
      rescue:
        - debug: { msg: rescuing }
      always:
        - debug: { msg: always }
    - block:
        - fail:
          when: inventory_hostname == 'h1'
      always:
        - debug: { msg: second always }
    - debug: { msg: after }
    - block:
        - fail:
          when: inventory_hostname == 'h2'
      rescue:
        - fail:
      always:
        - debug: { msg: third always }
    - debug: { msg: never }
- hosts: all
  gather_facts: false
  tasks:
    - debug: { msg: next play }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code).to.equal(2);
    expect(ranOn(res.report)).to.deep.equal([
      'fail: h1',
      'debug: h2',
      'debug: h1',
      'debug: h1,h2',
      'fail: h1',
      'debug: h1,h2',
      'debug: h2',
      'fail: h2',
      'fail: h2',
      'debug: h2',
    ]);
    expect(recap(res.report)).to.deep.equal({ h1: [3, 0, 1, 0, 1, 0], h2: [5, 0, 1, 2, 1, 0] });
  });

  // The uncaught failure: h1 fails in a rescue with no always, under a block with no rescue.
  const uncaught = (outerAlways: string): string => `- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
        - block:
            - fail:
              when: inventory_hostname == 'h1'
          rescue:
            - fail:
        - debug: { msg: after the failure }
${outerAlways}    - debug: { msg: end of play }
- hosts: all
  gather_facts: false
  tasks:
    - debug: { msg: next play }
`;

  it('any_errors_fatal: an uncaught failure ends the run after this play, and the play at once when no host is left to finish a rescue or always', async () => {
    const ended = await runJson(['run', write('ended.yaml', uncaught('')), '-i', inventory]);
    expect(ended.code).to.equal(2);
    expect(ranOn(ended.report)).to.deep.equal(['fail: h1', 'fail: h1']);
    expect(recap(ended.report)).to.deep.equal({ h1: [0, 0, 1, 0, 1, 0], h2: [0, 0, 0, 1, 0, 0] });

    // With an always left for h1, 2.14 lets the play go on (h2 too), and stops the run after it.
    const always = '      always:\n        - debug: { msg: outer always }\n';
    const finished = await runJson(['run', write('finished.yaml', uncaught(always)), '-i', inventory]);
    expect(finished.code).to.equal(2);
    expect(ranOn(finished.report)).to.deep.equal(['fail: h1', 'fail: h1', 'debug: h2', 'debug: h1,h2', 'debug: h2']);
    expect(recap(finished.report)).to.deep.equal({ h1: [1, 0, 1, 0, 1, 0], h2: [3, 0, 0, 1, 0, 0] });
  });

  it('run_once: every host takes the result, but only the host that ran it is counted and notifies; ansible_play_hosts_all', async () => {
    const play = write(
      'play.yaml',
      `- hosts: all
  gather_facts: false
  tasks:
    - command: echo
      run_once: true
      register: once
      notify: handler
    - fail:
      run_once: true
      when: inventory_hostname == 'h1'
      ignore_errors: true
    - assert:
        that: once is changed and ansible_play_hosts_all == ['h1', 'h2']
  handlers:
    - name: handler
      debug: { msg: handler }
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stderr).to.equal(0);
    expect(recap(res.report)).to.deep.equal({ h1: [4, 1, 0, 0, 0, 1], h2: [1, 0, 0, 0, 0, 0] });
  });

  it('ansible_run_tags and ansible_skip_tags are the tags asked for', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ ansible_run_tags | sort }} {{ ansible_skip_tags | sort }}" }
      tags: always
`,
    );
    const res = await runJson(['run', play, '-i', inventory, '--tags', 'b,a', '--tags', 'a', '--skip-tags', 'z']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.plays[0]!.tasks[0]!.hosts.h1!.result.msg).to.equal("['a', 'b'] ['z']");
  });

  it('templated words that are not key=value fail the task once rendered; an empty name is no name; meta: reset_connection', async () => {
    const play = write(
      'play.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - name:
      debug:
        garbage {{ "words" }} msg=x
      ignore_errors: true
      register: bad
    - meta: reset_connection
    - assert:
        that: >-
          bad.msg == "invalid or malformed argument: 'garbage words'"
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.report.plays[0]!.tasks[0]!.task.name).to.equal('debug');
    expect(recap(res.report)).to.deep.equal({ h1: [2, 0, 0, 0, 0, 1] });
  });
});
