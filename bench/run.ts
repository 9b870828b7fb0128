// lvsplay against ansible-playbook on the same lab hosts, side by side, and against the floor
// of what SSH itself allows. Prints a table; no timing is asserted anywhere.
//   npm run bench -- [--hosts 1,10,50] [--reps 3]
// Needs root (it brings up the lab) and installs ansible-core from Debian's packages if missing.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labUp, type LabState } from '../src/lab/index.js';
import { repoPath } from '../test/helpers/paths.js';

interface Measure {
  seconds: number;
  rssMb: number;
  code: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const hostCounts = arg('hosts', '1,10,50').split(',').map(Number);
const reps = Number(arg('reps', '3'));
const playbook = repoPath('bench', 'playbook', 'bench.yaml');
const TASKS = 7;

function timed(argv: string[], env: NodeJS.ProcessEnv = {}): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %M', ...argv], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${argv.join(' ')}: ${r.stderr}`);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, code: r.status ?? -1 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function inventoryFor(lab: LabState, n: number, dir: string): string {
  const nodes = lab.hosts.filter((h) => h.role === 'node').slice(0, n);
  const f = join(dir, `inventory-${n}.ini`);
  writeFileSync(f, [
    '[nodes]',
    ...nodes.map((h) => `${h.name} ansible_host=${h.address}`),
    '[all:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${lab.keyPath}`,
    `lvsplay_known_hosts=${lab.knownHostsPath}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${lab.knownHostsPath} -o StrictHostKeyChecking=yes'`,
    'ansible_python_interpreter=/usr/bin/python3',
    '',
  ].join('\n'));
  return f;
}

/** Put the hosts back to "fresh" (not timed): the files the bench writes are removed. */
function reset(inventory: string, dir: string): void {
  const f = join(dir, 'reset.yaml');
  writeFileSync(f, '- hosts: nodes\n  gather_facts: false\n  tasks:\n    - shell: rm -f /etc/lvsplay-bench* /etc/sysctl.d/90-lvsplay-bench.conf; sysctl -qw net.ipv4.conf.all.arp_ignore=0\n');
  const r = spawnSync(process.execPath, [repoPath('bin', 'lvsplay.js'), 'run', f, '-i', inventory], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reset failed: ${r.stdout}`);
}

function floor(lab: LabState, n: number): number {
  const nodes = lab.hosts.filter((h) => h.role === 'node').slice(0, n);
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-floor-'));
  const ssh = (h: { address: string }, extra: string[]): string[] => ['ssh', '-i', lab.keyPath, '-o', `UserKnownHostsFile=${lab.knownHostsPath}`, '-o', 'BatchMode=yes', '-o', `ControlPath=${dir}/%h`, ...extra, `root@${h.address}`, 'true'];
  // one connection per host (in parallel), then one round trip per task over it
  const script = [
    ...nodes.map((h) => `${ssh(h, ['-o', 'ControlMaster=yes', '-o', 'ControlPersist=30', '-f']).join(' ')} &`),
    'wait',
    ...Array.from({ length: TASKS }, () => [...nodes.map((h) => `${ssh(h, []).join(' ')} &`), 'wait'].join('\n')),
  ].join('\n');
  const t = Date.now();
  execFileSync('bash', ['-c', script]);
  const seconds = (Date.now() - t) / 1000;
  spawnSync('bash', ['-c', nodes.map((h) => `${ssh(h, ['-O', 'exit']).join(' ')} 2>/dev/null`).join('; ')]);
  return seconds;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (it brings up the lab)');
  if (!existsSync('/usr/bin/ansible-playbook')) {
    process.stderr.write('bench: installing ansible-core from Debian\n');
    execFileSync('bash', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible-core >/dev/null']);
  }
  const max = Math.max(...hostCounts);
  await labDown({});
  const t = Date.now();
  const lab = await labUp({ hosts: max, directors: 0, client: false });
  process.stderr.write(`bench: lab with ${max} hosts up in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-bench-'));
  const rows: string[][] = [];
  for (const n of hostCounts) {
    const inv = inventoryFor(lab, n, dir);
    const results: Record<string, Record<string, Measure[]>> = { lvsplay: { first: [], second: [] }, ansible: { first: [], second: [] } };
    for (let r = 0; r < reps; r++) {
      for (const tool of ['lvsplay', 'ansible'] as const) {
        reset(inv, dir);
        for (const run of ['first', 'second'] as const) {
          const m = tool === 'lvsplay'
            ? timed([process.execPath, repoPath('bin', 'lvsplay.js'), 'run', playbook, '-i', inv, '-f', String(n)], { CI: '1', NO_COLOR: '1' })
            : timed(['ansible-playbook', playbook, '-i', inv, '-f', String(n)], { ANSIBLE_PIPELINING: '1', ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s', ANSIBLE_NOCOLOR: '1', ANSIBLE_GATHERING: 'explicit', ANSIBLE_LOCALHOST_WARNING: '0' });
          if (m.code !== 0) throw new Error(`${tool} ${run} run on ${n} hosts exited ${m.code}`);
          results[tool]![run]!.push(m);
        }
      }
    }
    const fl = median(Array.from({ length: reps }, () => floor(lab, n)));
    for (const run of ['first', 'second'] as const) {
      const l = median(results.lvsplay![run]!.map((m) => m.seconds));
      const a = median(results.ansible![run]!.map((m) => m.seconds));
      const lr = Math.max(...results.lvsplay![run]!.map((m) => m.rssMb));
      const ar = Math.max(...results.ansible![run]!.map((m) => m.rssMb));
      rows.push([String(n), 'lvsplay', run === 'first' ? 'fresh' : 'no change', l.toFixed(2), lr.toFixed(0), (a / l).toFixed(1), (l / fl).toFixed(2)]);
      rows.push([String(n), 'ansible-playbook', run === 'first' ? 'fresh' : 'no change', a.toFixed(2), ar.toFixed(0), '', (a / fl).toFixed(2)]);
    }
    rows.push([String(n), 'ssh floor', `${TASKS} round trips`, fl.toFixed(2), '', '', '1.00']);
  }
  const head = ['hosts', 'tool', 'run', 'median s', 'peak RSS MB', 'ansible/lvsplay', 'x floor'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`(${reps} repetitions each, median wall time; same playbook, gather_facts off for both; Ansible with pipelining, forks = hosts, ControlPersist)`);
  await labDown({});
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
