// Handlers: which a notification reaches and where they run, on small playbooks that
// ansible-playbook 2.14 was run on first (two hosts over the local connection).
import { expect } from 'chai';
import { runCli, runJson, type JsonRunReport } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

const PLAY = `- hosts: all
  gather_facts: false
  vars:
    which: second
    several: [first, topic]
  tasks:
    - command: echo
      notify: "{{ which }}"
    - command: echo
      notify: "{{ several }}"
      when: inventory_hostname == 'h1'
    - debug: { msg: changed }
      changed_when: true
      notify: nobody
  handlers:
    - name: first
      debug: { msg: first }
    - name: first
      debug: { msg: never run }
    - name: "{{ which }}"
      debug: { msg: second }
    - debug: { msg: listening }
      listen: topic
    - name: ends h2
      meta: end_host
      listen: topic
`;

describe('handlers (as ansible-playbook 2.14)', function () {
  this.timeout(60_000);
  let dir: string;
  let inventory: string;

  beforeEach(() => {
    dir = scratchDir();
    inventory = writeIn(dir, 'hosts.ini', '[all]\nh1\nh2\n\n[all:vars]\nansible_connection=local\n');
  });
  afterEach(() => removeDir(dir));

  it('templated notify entries (a name or a list), templated handler names, the first handler of a name, every listener, meta in a handler; a missing handler warns when error_on_missing_handler is off', async () => {
    const play = writeIn(dir, 'play.yaml', PLAY);
    const res = await runJson(['run', play, '-i', inventory], { env: { ANSIBLE_ERROR_ON_MISSING_HANDLER: 'false' } });
    expect(res.code, res.stderr).to.equal(0);
    const handlerRuns = res.report.plays[0]!.tasks.slice(3).map(
      (t) => `${String(t.hosts[Object.keys(t.hosts)[0]!]!.result.msg)}: ${Object.keys(t.hosts).sort().join(',')}`,
    );
    expect(handlerRuns).to.deep.equal(['first: h1', 'second: h1,h2', 'listening: h1']);
    expect(res.report.warnings).to.deep.equal([
      `${play}:12:7: the requested handler 'nobody' was not found in either the main handlers list nor in the listening handlers list`,
    ]);
    expect(Object.fromEntries(Object.entries(res.report.stats).map(([h, s]) => [h, [s.ok, s.changed, s.skipped]]))).to.deep.equal({
      h1: [6, 3, 0],
      h2: [3, 2, 1],
    });
  });

  it('handlers of an included role (handlers_from importing a file from the playbook folder), flush_handlers for the hosts whose when holds, an included handler on a failed host with --force-handlers', async () => {
    writeIn(dir, 'roles/r/tasks/main.yml', '- command: echo\n  notify: from alt\n');
    writeIn(dir, 'roles/r/handlers/alt.yml', '- import_tasks: shared-handlers.yml\n');
    writeIn(dir, 'shared-handlers.yml', '- name: from alt\n  debug: msg="alt {{ inventory_hostname }}"\n');
    writeIn(dir, 'handler-tasks.yml', '- debug: msg="included {{ inventory_hostname }}"\n');
    const play = writeIn(
      dir,
      'play.yml',
      `- hosts: all
  gather_facts: false
  tasks:
    - include_role: {name: r, handlers_from: alt}
    - command: echo
      notify: inc
    - meta: flush_handlers
      when: inventory_hostname == 'h1'
    - debug: msg="after flush {{ inventory_hostname }}"
    - fail:
      when: inventory_hostname == 'h2'
  handlers:
    - name: inc
      include_tasks: handler-tasks.yml
`,
    );
    // ansible-playbook 2.14 on the same files: h1 runs both handlers at the flush, h2 only at the
    // end of the play, which it reaches failed: its handlers run only with --force-handlers.
    const messages = (report: JsonRunReport): string[] =>
      report.plays[0]!.tasks.filter((t) => t.task.module === 'debug').flatMap((t) => Object.values(t.hosts).map((h) => String(h.result.msg)));
    const recap = (report: JsonRunReport): Record<string, number[]> =>
      Object.fromEntries(Object.entries(report.stats).map(([h, s]) => [h, [s.ok, s.changed, s.failed, s.skipped]]));
    const forced = await runJson(['run', play, '-i', inventory, '--force-handlers']);
    expect(forced.code).to.equal(2);
    expect(messages(forced.report)).to.deep.equal(['included h1', 'alt h1', 'after flush h1', 'after flush h2', 'included h2', 'alt h2']);
    expect(recap(forced.report)).to.deep.equal({ h1: [6, 2, 0, 1], h2: [6, 2, 1, 0] });
    const plain = await runJson(['run', play, '-i', inventory]);
    expect(messages(plain.report)).to.deep.equal(['included h1', 'alt h1', 'after flush h1', 'after flush h2']);
    expect(recap(plain.report)).to.deep.equal({ h1: [6, 2, 0, 1], h2: [3, 2, 1, 0] });
  });

  it('a notification no handler answers to stops the run (error_on_missing_handler), and flush_handlers cannot be a handler', async () => {
    const missing = await runCli(['run', writeIn(dir, 'play.yaml', PLAY), '-i', inventory]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/play.yaml:12:7: the requested handler 'nobody' was not found/);

    const flush = writeIn(
      dir,
      'flush.yaml',
      `- hosts: h1
  gather_facts: false
  tasks:
    - command: echo
      notify: handler
  handlers:
    - name: handler
      meta: flush_handlers
`,
    );
    const res = await runCli(['run', flush, '-i', inventory]);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.match(/flush.yaml:7:7: flush_handlers cannot be used as a handler/);

    // the same from a file a handler includes, as in Ansible
    writeIn(dir, 'flush-tasks.yml', '- meta: flush_handlers\n');
    const included = writeIn(
      dir,
      'included.yaml',
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: echo\n      notify: handler\n  handlers:\n    - name: handler\n      include_tasks: flush-tasks.yml\n`,
    );
    const res2 = await runCli(['run', included, '-i', inventory]);
    expect(res2.code).to.equal(1);
    expect(res2.stderr).to.match(/flush-tasks.yml:1:3: flush_handlers cannot be used as a handler/);
  });
});
