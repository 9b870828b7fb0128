// Run-loop behaviour over the local connection: blocks, failures, retries, run_once, loops,
// serial, imports, exit codes, listings and the validate/inventory commands.
import { expect } from 'chai';
import { join } from 'node:path';
import { runCli, runJson } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/paths.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const dir = fixturePath('projects', 'behaviour');
const inventory = join(dir, 'inventory.ini');
const play = (name: string): string => join(dir, name);

describe('run loop behaviour', function () {
  this.timeout(60_000);

  it('block/rescue/always: the failed host is rescued, the others finish the block', async () => {
    const res = await runJson(['run', play('blocks.yaml'), '-i', inventory]);
    expect(res.code, res.stdout).to.equal(0);
    expect(res.report.stats.h2!.rescued).to.equal(1);
    expect(res.report.stats.h2!.failed).to.equal(0);
    expect(res.report.stats.h1!.rescued).to.equal(0);
  });

  it('ignore_errors keeps the host; a real failure removes it and exits 2', async () => {
    const res = await runJson(['run', play('failures.yaml'), '-i', inventory]);
    expect(res.code).to.equal(2);
    expect(res.report.stats.h1!.ignored).to.equal(1);
    expect(res.report.stats.h3!.failed).to.equal(1);
    const last = res.report.plays[0]!.tasks.at(-1)!;
    expect(Object.keys(last.hosts).sort()).to.deep.equal(['h1', 'h2']);
  });

  it('until/retries repeats a task until the condition holds', async () => {
    const scratch = scratchDir();
    try {
      const res = await runJson(['run', play('retries.yaml'), '-i', inventory, '-e', `counter=${join(scratch, 'n')}`]);
      expect(res.code, JSON.stringify(res.report.plays[0]?.tasks.at(-1))).to.equal(0);
    } finally {
      removeDir(scratch);
    }
  });

  it('run_once, per-item conditions, serial batches and import_tasks', async () => {
    const res = await runJson(['run', play('once-and-loops.yaml'), '-i', inventory]);
    expect(res.code, JSON.stringify(res.report.stats)).to.equal(0);
    expect(res.report.stats.h3!.ok).to.be.greaterThan(0);
  });

  it('a run_once result is shown once per batch, for the host that ran it (as in Ansible)', async () => {
    const res = await runCli(['run', play('once-and-loops.yaml'), '-i', inventory]);
    expect(res.code).to.equal(0);
    const sections = res.stdout.split(/^TASK \[/m).filter((t) => t.startsWith('once for the batch]'));
    expect(sections, 'serial: 2 over 3 hosts is two batches').to.have.length(2);
    for (const section of sections) expect(section.match(/^(ok|changed): \[/gm), section).to.have.length(1);
  });

  it("delegate_to runs over the delegated host's connection, for the task's host, rendering no variable it does not read; delegate_facts, loops and run_once as in Ansible", async () => {
    const res = await runCli(['run', play('delegation.yaml'), '-i', inventory]);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.stdout).to.include('changed: [ghost -> h1]');
    expect(res.stdout).to.include('changed: [ghost -> h2] => (item=h2)');
    expect(res.stdout).to.include('changed: [h1 -> localhost]');
    // As ansible-playbook 2.14: a run_once task counts for the host that ran it only.
    expect(res.stdout).to.match(/^ghost\s+: ok=4 changed=2 /m);
    expect(res.stdout).to.match(/^h1\s+: ok=2 changed=1 /m);
    expect(res.stdout).to.match(/^h2\s+: ok=1 changed=0 /m);
  });

  it('an unreachable host exits 4 even when another task failed, and the others complete', async () => {
    const res = await runJson(['run', play('unreachable.yaml'), '-i', inventory]);
    expect(res.code).to.equal(4);
    expect(res.report.stats.ghost!.unreachable).to.equal(1);
    expect(res.report.stats.h1!.failed).to.equal(1);
    expect(res.report.stats.h2!.ok).to.equal(1);
  });

  it('--output json prints one JSON document and nothing else on stdout', async () => {
    const res = await runCli(['run', play('blocks.yaml'), '-i', inventory, '--output', 'json']);
    expect(() => {
      JSON.parse(res.stdout);
    }).to.not.throw();
  });

  it('--list-hosts and --list-tasks list without running', async () => {
    const hosts = await runCli(['run', play('failures.yaml'), '-i', inventory, '--list-hosts']);
    expect(hosts.code).to.equal(0);
    expect(hosts.stdout).to.match(/hosts \(3\):\n\s+h1\n\s+h2\n\s+h3/);
    const tasks = await runCli(['run', play('failures.yaml'), '-i', inventory, '--list-tasks']);
    expect(tasks.stdout).to.include('ignored failure');
    expect(tasks.stdout).to.include('runs on the others only');
  });

  it('--start-at-task skips the tasks before it', async () => {
    const res = await runJson(['run', play('failures.yaml'), '-i', inventory, '--start-at-task', 'runs on the others*']);
    expect(res.code).to.equal(0);
    expect(res.report.plays[0]!.tasks.map((t) => t.task.name)).to.deep.equal(['runs on the others only']);
  });

  it('validate checks without contacting hosts; inventory shows the graph', async () => {
    const ok = await runCli(['validate', play('blocks.yaml'), '-i', inventory]);
    expect(ok.code, ok.stderr).to.equal(0);
    const graph = await runCli(['inventory', '-i', inventory, '--graph']);
    expect(graph.stdout).to.equal('@all:\n  |--@ungrouped:\n  |--@local:\n  |  |--h1\n  |  |--h2\n  |  |--h3\n  |--@unreachable:\n  |  |--ghost\n');
  });

  it('-i takes a host list ("a,b," as Ansible) next to files, and names a missing file', async () => {
    const graph = await runCli(['inventory', '-i', 'web1,web2,', '--graph']);
    expect(graph.stdout).to.equal('@all:\n  |--@ungrouped:\n  |  |--web1\n  |  |--web2\n');
    const local = await runJson(['run', play('unreachable.yaml'), '-i', 'localhost,', '-e', 'ansible_connection=local']);
    expect(local.code, local.stderr).to.equal(0);
    expect(Object.keys(local.report.stats)).to.deep.equal(['localhost']);
    const missing = await runCli(['run', play('blocks.yaml'), '-i', 'no-such-inventory']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.equal(
      'ERROR: inventory not found: no-such-inventory (expected an existing inventory file or folder, or a host list like web1,web2,)\n',
    );
  });

  it('debug with verbosity: N shows only from -v N on (ansible_verbosity)', async () => {
    const status = async (...v: string[]): Promise<string> =>
      (await runJson(['run', play('verbosity.yaml'), '-i', 'localhost,', '-e', 'ansible_connection=local', ...v])).report.plays[0]!.tasks[0]!.hosts.localhost!
        .status;
    expect(await status()).to.equal('skipped');
    expect(await status('-v')).to.equal('ok');
  });

  it('no_log hides values from the output, -vvv and JSON, while register keeps them', async () => {
    const secret = 'S3cr3t-value-42';
    const plain = await runCli(['run', play('nolog.yaml'), '-i', inventory, '-vvv', '-e', `secret=${secret}`]);
    expect(plain.code, plain.stdout).to.equal(0);
    expect(plain.stdout + plain.stderr).to.not.include(secret);
    expect(plain.stdout).to.include('hidden by no_log');
    const json = await runCli(['run', play('nolog.yaml'), '-i', inventory, '--output', 'json', '-e', `secret=${secret}`]);
    expect(json.code).to.equal(0);
    expect(json.stdout).to.not.include(secret);
    expect(json.stdout).to.include("'no_log: true' was specified");
  });

  it('bad usage exits 1 with one line', async () => {
    const res = await runCli(['run', play('blocks.yaml'), '-i', inventory, '--bogus']);
    expect(res.code).to.equal(1);
    expect(res.stderr.trim().split('\n')).to.have.length(1);
    expect(res.stderr).to.include('unknown option --bogus');
  });
});
