// Each task's keywords resolved once, per host and item, from the task's own variables, compared
// with ansible-playbook 2.14 on the same small playbooks (local connection, scratch folder):
// connection variables from play/block/role/task vars and set_fact, become variables over
// keywords, typed keywords refused at load, templated ones checked after rendering, and host
// patterns that match nothing. Hosts point at a loopback listener that counts connections, so a
// run that dials SSH when it should not is caught.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runCli, runJson } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

interface Listener {
  port: number;
  accepted: number;
  server: Server;
}

async function countingListener(): Promise<Listener> {
  const listener = { port: 0, accepted: 0, server: createServer() };
  listener.server.on('connection', (socket) => {
    listener.accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.server.listen(0, '127.0.0.1', resolve));
  listener.port = (listener.server.address() as { port: number }).port;
  return listener;
}

describe('task keywords resolved per host and item', function () {
  this.timeout(60_000);
  let dir: string;
  let ssh: Listener;
  let inventory: string;
  const write = (name: string, text: string): string => writeIn(dir, name, text);

  beforeEach(async () => {
    dir = scratchDir();
    ssh = await countingListener();
    // Reached over SSH unless a task's variables say otherwise: every dial is counted.
    inventory = write('hosts.ini', `[web]\nw1 ansible_host=127.0.0.1 ansible_port=${ssh.port} ansible_host_key_checking=false\n`);
  });
  afterEach(async () => {
    await new Promise((resolve) => ssh.server.close(resolve));
    removeDir(dir);
  });

  it('a play with vars: {ansible_connection: local} runs locally and never dials SSH', async () => {
    const play = write(
      'play.yaml',
      `- hosts: web
  vars:
    ansible_connection: local
  tasks:
    - command: touch ${dir}/ran
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.report.stats.w1).to.include({ ok: 2, changed: 1, unreachable: 0 });
    expect(readFileSync(join(dir, 'ran'), 'utf8')).to.equal('');
    expect(ssh.accepted).to.equal(0);
  });

  it('connection variables come from block, task, role vars and set_fact too; inventory alone dials SSH', async () => {
    write('roles/here/vars/main.yaml', 'ansible_connection: local\n');
    write('roles/here/tasks/main.yaml', `- command: touch ${dir}/role\n`);
    const play = write(
      'play.yaml',
      `- hosts: web
  gather_facts: false
  roles: [here]
  tasks:
    - block:
        - command: touch ${dir}/block
      vars:
        ansible_connection: local
    - command: touch ${dir}/task
      vars:
        ansible_connection: local
    - set_fact:
        ansible_connection: local
    - command: touch ${dir}/set_fact
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.report.stats.w1).to.include({ changed: 4, unreachable: 0, failed: 0 });
    expect(ssh.accepted).to.equal(0);

    const inventoryOnly = write('plain.yaml', `- hosts: web\n  gather_facts: false\n  tasks:\n    - command: touch ${dir}/never\n`);
    const dialed = await runJson(['run', inventoryOnly, '-i', inventory, '--timeout', '2']);
    expect(dialed.code).to.equal(4);
    expect(ssh.accepted).to.be.greaterThan(0);
  });

  it('the play keyword connection: local is used; an ansible_connection variable wins over it', async () => {
    const play = write(
      'play.yaml',
      `- hosts: web
  gather_facts: false
  connection: local
  tasks:
    - command: touch ${dir}/keyword
    - command: touch ${dir}/var
      vars:
        ansible_connection: ssh
`,
    );
    const res = await runJson(['run', play, '-i', inventory, '--timeout', '2']);
    expect(res.code).to.equal(4);
    expect(res.report.stats.w1).to.include({ changed: 1, unreachable: 1 });
    expect(ssh.accepted).to.be.greaterThan(0);
  });

  it('ansible_become_user in vars wins over the become_user keyword (as in Ansible)', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const play = write(
      'play.yaml',
      `- hosts: web
  gather_facts: false
  connection: local
  become: true
  become_user: root
  vars:
    ansible_become_user: nobody
  tasks:
    - command: whoami
      register: who
    - copy:
        content: "{{ who.stdout }}"
        dest: ${dir}/who
      become: false
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'who'), 'utf8')).to.equal('nobody');
  });

  it('`retries: many` is refused by validate and by run: exit 1, one located line, no host contacted', async () => {
    const play = write('play.yaml', `- hosts: web\n  tasks:\n    - command: echo hi\n      until: false\n      retries: many\n`);
    for (const command of ['validate', 'run']) {
      const res = await runCli([command, play, '-i', inventory]);
      expect(res.code, `${command}: ${res.stdout}${res.stderr}`).to.equal(1);
      expect(res.stderr.trim()).to.equal(`ERROR: ${play}:5:7: retries is the string "many" (expected an integer)`);
    }
    expect(ssh.accepted).to.equal(0);
  });

  it('a templated keyword is typed after rendering: a bad value fails that task on that host, like Ansible', async () => {
    const play = write(
      'play.yaml',
      `- hosts: web
  gather_facts: false
  connection: local
  vars:
    tries: many
  tasks:
    - command: echo hi
      until: true
      retries: "{{ tries }}"
      ignore_errors: true
    - command: touch ${dir}/after
      retries: "{{ 1 + 1 }}"
      until: true
`,
    );
    const res = await runJson(['run', play, '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(res.report.stats.w1).to.include({ ignored: 1, changed: 1, failed: 0 });
    const first = res.report.plays[0]!.tasks[0]!.hosts.w1!;
    expect(first.result.msg).to.equal(`${play}:7:7: retries is the string "many" (after templating) (expected an integer)`);
  });

  it('validate warns about a host pattern that matches nothing; run skips that play as Ansible does', async () => {
    const play = write('play.yaml', `- hosts: webz\n  tasks:\n    - command: echo hi\n`);
    const checked = await runCli(['validate', play, '-i', inventory]);
    expect(checked.code).to.equal(0);
    expect(checked.stderr).to.equal('[WARNING]: Could not match supplied host pattern, ignoring: webz\n');
    const ran = await runCli(['run', play, '-i', inventory]);
    expect(ran.code).to.equal(0);
    expect(ran.stdout.match(/Could not match supplied host pattern, ignoring: webz/g)).to.have.length(1);
    expect(ran.stdout).to.match(/PLAY \[webz\] \*+\nskipping: no hosts matched\n/);
    expect(ssh.accepted).to.equal(0);
  });
});
