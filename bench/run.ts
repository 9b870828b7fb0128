// lvsplay against ansible-playbook and pyinfra on the same lab hosts, side by side, and against
// the floor of what SSH itself allows. Prints a table; no timing is asserted anywhere.
//   npm run bench -- [--hosts 1,10,50,100] [--reps 3] [--ansible-reps N] [--ansible-max-hosts N] [--pyinfra-max-hosts N]
// Needs root (it brings up the lab) and installs ansible-core from Debian's packages if missing,
// pyinfra into .cache/bench/pyinfra (bench/pyinfra.ts says from where).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labUp, type LabState } from '../src/lab/index.js';
import { repoPath } from '../test/helpers/paths.js';
import { ensurePyinfra, pyinfraCommand, pyinfraInventory } from './pyinfra.js';

interface Measure {
  seconds: number;
  /** user + system CPU seconds of the controller and its children */
  cpuSeconds: number;
  rssMb: number;
  code: number;
}

const USAGE = 'usage: npm run bench -- [--hosts 1,10,50,100] [--reps 3] [--ansible-reps N] [--ansible-max-hosts N] [--pyinfra-max-hosts N]';
const OPTIONS = ['hosts', 'reps', 'ansible-reps', 'ansible-max-hosts', 'pyinfra-max-hosts'];

/**
 * The options as given, checked before anything starts: the bench brings up a lab and runs for
 * many minutes, so `--help` or a mistyped option must not start it.
 */
function parseOptions(argv: string[]): Map<string, string> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    if (name === '--help' || name === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[i + 1];
    if (!name.startsWith('--') || !OPTIONS.includes(name.slice(2)) || value === undefined || !/^\d+(,\d+)*$/.test(value)) {
      console.error(
        `bench: ${value === undefined ? 'no value for' : 'unknown option or value'} ${name} ${value ?? ''}`.trim() + ` (expected ${USAGE.slice(7)})`,
      );
      process.exit(2);
    }
    given.set(name.slice(2), value);
  }
  return given;
}
const options = parseOptions(process.argv.slice(2));

function arg(name: string, fallback: string): string {
  return options.get(name) ?? fallback;
}

const hostCounts = arg('hosts', '1,10,50,100').split(',').map(Number);
const reps = Number(arg('reps', '3'));
// ansible-playbook takes minutes a run at 50 and 100 hosts on a small machine: fewer runs there
const ansibleReps = (n: number): number => Number(arg('ansible-reps', '')) || (n >= 50 ? 1 : reps);
const ansibleMaxHosts = Number(arg('ansible-max-hosts', '100'));
// pyinfra at 500 hosts takes minutes a run too, and issue 17 compares it at 20 and 100
const pyinfraMaxHosts = Number(arg('pyinfra-max-hosts', '100'));
const playbook = repoPath('bench', 'playbook', 'bench.yaml');
/** Tasks of bench.yaml that reach the host (the debug task runs on the controller). */
const TASKS = 12;

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function timed(argv: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Measure & { stderr: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S %M', ...argv], {
    env: { ...process.env, ...env },
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${argv.join(' ')}: ${r.stderr}`);
  if (r.status !== 0) process.stderr.write(r.stdout.slice(-3000) + r.stderr.slice(-3000));
  return { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, code: r.status ?? -1, stderr: r.stderr ?? '' };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const nodesOf = (lab: LabState, n: number): LabState['hosts'] => lab.hosts.filter((h) => h.role === 'node').slice(0, n);

function inventoryFor(lab: LabState, n: number, dir: string): string {
  const nodes = nodesOf(lab, n);
  const f = join(dir, `inventory-${n}.ini`);
  writeFileSync(
    f,
    [
      '[nodes]',
      ...nodes.map((h) => `${h.name} ansible_host=${h.address}`),
      '[all:vars]',
      'ansible_user=root',
      `ansible_ssh_private_key_file=${lab.keyPath}`,
      `lvsplay_known_hosts=${lab.knownHostsPath}`,
      `ansible_ssh_common_args='-o UserKnownHostsFile=${lab.knownHostsPath} -o StrictHostKeyChecking=yes'`,
      'ansible_python_interpreter=/usr/bin/python3',
      '',
    ].join('\n'),
  );
  return f;
}

/** Put the hosts back to "fresh" (not timed): the files the bench writes are removed. */
function reset(inventory: string, dir: string): void {
  const f = join(dir, 'reset.yaml');
  writeFileSync(
    f,
    '- hosts: nodes\n  gather_facts: false\n  tasks:\n    - shell: rm -f /etc/lvsplay-bench* /etc/sysctl.d/90-lvsplay-bench*.conf /etc/network/interfaces.d/lvsplay-bench-lo0; sysctl -qw net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.all.arp_announce=0\n',
  );
  const r = spawnSync(process.execPath, [repoPath('bin', 'lvsplay.js'), 'run', f, '-i', inventory], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reset failed: ${r.stdout}`);
}

function floor(lab: LabState, n: number): number {
  const nodes = nodesOf(lab, n);
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-floor-'));
  const ssh = (h: { address: string }, extra: string[]): string[] => [
    'ssh',
    '-i',
    lab.keyPath,
    '-o',
    `UserKnownHostsFile=${lab.knownHostsPath}`,
    '-o',
    'BatchMode=yes',
    '-o',
    `ControlPath=${dir}/%h`,
    ...extra,
    `root@${h.address}`,
    'true',
  ];
  // one connection per host (in parallel), then one round trip per task over it
  const script = [
    ...nodes.map((h) => `${ssh(h, ['-o', 'ControlMaster=yes', '-o', 'ControlPersist=30', '-f']).join(' ')} &`),
    'wait',
    ...Array.from({ length: TASKS }, () => [...nodes.map((h) => `${ssh(h, []).join(' ')} &`), 'wait'].join('\n')),
  ].join('\n');
  const t = Date.now();
  // on stdin: at 100 hosts the script is larger than one argument may be (E2BIG)
  execFileSync('bash', ['-s'], { input: script });
  const seconds = (Date.now() - t) / 1000;
  spawnSync('bash', ['-s'], { input: nodes.map((h) => `${ssh(h, ['-O', 'exit']).join(' ')} 2>/dev/null`).join('\n') });
  return seconds;
}

const HEAD = ['hosts', 'tool', 'run', 'median s', 'CPU s', 'peak RSS MB', 'x lvsplay', 'x floor', 'load avg'];
const WIDTHS = [5, 17, 15, 8, 6, 11, 9, 7, 14];
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(WIDTHS[i]!)).join(' | ')} |`;

/** Round trips of one traced lvsplay run: commands per host, on the host shell and on exec channels. */
function roundTrips(stderr: string, hosts: number): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('lvsplay-exec '));
  const shell = lines.filter((l) => / shell /.test(l)).length;
  return `${(lines.length / hosts).toFixed(1)} commands per host (${(shell / hosts).toFixed(1)} on the host shell, ${((lines.length - shell) / hosts).toFixed(1)} on exec channels)`;
}

type Tool = 'lvsplay' | 'ansible' | 'pyinfra';
type Run = 'first' | 'second';
const TOOL_NAMES: Record<Tool, string> = { lvsplay: 'lvsplay', ansible: 'ansible-playbook', pyinfra: 'pyinfra' };

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (it brings up the lab)');
  if (!existsSync('/usr/bin/ansible-playbook')) {
    process.stderr.write('bench: installing ansible-core from Debian\n');
    execFileSync('bash', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible-core >/dev/null']);
  }
  const pyinfra = ensurePyinfra();
  const lvsplay = [process.execPath, repoPath('bin', 'lvsplay.js')];
  const help = median(Array.from({ length: 5 }, () => timed([...lvsplay, '--help']).seconds));
  console.log(`lvsplay --help: ${help.toFixed(2)} s (median of 5); ${os.cpus().length} CPUs; load average at start ${loadAverage()}`);
  console.log('missing' in pyinfra ? `pyinfra: not measured: ${pyinfra.missing}` : `pyinfra: ${pyinfra.version} (${pyinfra.bin})`);
  const max = Math.max(...hostCounts);
  await labDown({});
  const t = Date.now();
  const lab = await labUp({ hosts: max, directors: 0, client: false });
  console.log(`lab with ${max} hosts up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-bench-'));
  console.log('');
  console.log(line(HEAD));
  console.log(`|${WIDTHS.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  const notes: string[] = [];
  try {
    for (const n of hostCounts) {
      const inv = inventoryFor(lab, n, dir);
      const withPyinfra = !('missing' in pyinfra) && n <= pyinfraMaxHosts;
      const pyInv = withPyinfra ? pyinfraInventory(lab, nodesOf(lab, n), dir) : '';
      const withAnsible = n <= ansibleMaxHosts;
      const results: Record<Tool, Record<Run, Measure[]>> = {
        lvsplay: { first: [], second: [] },
        ansible: { first: [], second: [] },
        pyinfra: { first: [], second: [] },
      };
      const measure = (tool: Tool): Measure => {
        if (tool === 'lvsplay') return timed([...lvsplay, 'run', playbook, '-i', inv, '-f', String(n)], { CI: '1', NO_COLOR: '1' });
        if (tool === 'pyinfra' && !('missing' in pyinfra)) {
          const c = pyinfraCommand(pyinfra, pyInv, n);
          return timed(c.argv, {}, c.cwd);
        }
        return timed(['ansible-playbook', playbook, '-i', inv, '-f', String(n)], {
          ANSIBLE_PIPELINING: '1',
          ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_GATHERING: 'explicit',
          ANSIBLE_LOCALHOST_WARNING: '0',
          ANSIBLE_HOST_KEY_CHECKING: '1',
        });
      };
      const loadStart = loadAverage();
      // the floor first: cheap, and a failure there loses no minutes of ansible-playbook runs
      const fl = median(Array.from({ length: reps }, () => floor(lab, n)));
      for (let r = 0; r < reps; r++) {
        const tools: Tool[] = ['lvsplay'];
        if (withPyinfra) tools.push('pyinfra');
        if (withAnsible && r < ansibleReps(n)) tools.push('ansible');
        for (const tool of tools) {
          reset(inv, dir);
          for (const run of ['first', 'second'] as const) {
            const m = measure(tool);
            if (m.code !== 0) throw new Error(`${TOOL_NAMES[tool]} ${run} run on ${n} hosts exited ${m.code}`);
            results[tool][run].push(m);
          }
        }
      }
      // one more no-change run, untimed, to count lvsplay's round trips
      const traced = timed([...lvsplay, 'run', playbook, '-i', inv, '-f', String(n)], { CI: '1', NO_COLOR: '1', LVSPLAY_TRACE_EXEC: '1' });
      notes.push(`${n} hosts: lvsplay no-change run: ${roundTrips(traced.stderr, n)}`);
      const load = `${loadStart} / ${loadAverage()}`.replace(/(\S+) \S+ \S+ \/ (\S+) \S+ \S+/, '$1 -> $2');
      for (const run of ['first', 'second'] as const) {
        const ours = median(results.lvsplay[run].map((m) => m.seconds));
        const runName = run === 'first' ? 'fresh' : 'no change';
        for (const tool of ['lvsplay', 'pyinfra', 'ansible'] as const) {
          const ms = results[tool][run];
          if (ms.length === 0) continue;
          const s = median(ms.map((m) => m.seconds));
          const name = `${TOOL_NAMES[tool]}${tool === 'ansible' && ansibleReps(n) < reps ? '*' : ''}`;
          const cpu = median(ms.map((m) => m.cpuSeconds));
          const rss = Math.max(...ms.map((m) => m.rssMb));
          console.log(
            line([
              String(n),
              name,
              runName,
              s.toFixed(2),
              cpu.toFixed(1),
              rss.toFixed(0),
              tool === 'lvsplay' ? '' : (s / ours).toFixed(1),
              (s / fl).toFixed(2),
              load,
            ]),
          );
        }
      }
      console.log(line([String(n), 'ssh floor', `${TASKS} round trips`, fl.toFixed(2), '', '', '', '1.00', load]));
    }
  } finally {
    await labDown({});
  }
  console.log('');
  const fewer = hostCounts.filter((n) => n <= ansibleMaxHosts && ansibleReps(n) < reps);
  const skipped = hostCounts.filter((n) => n > ansibleMaxHosts);
  const pyinfraSkipped = 'missing' in pyinfra ? [] : hostCounts.filter((n) => n > pyinfraMaxHosts);
  console.log(
    `Median wall seconds of ${reps} repetitions${fewer.length ? `; ansible-playbook* (${fewer.join(', ')} hosts): ${fewer.map((n) => ansibleReps(n)).join(', ')} repetition(s), it takes minutes a run there` : ''}${skipped.length ? `; ansible-playbook not run at ${skipped.join(', ')} hosts` : ''}${pyinfraSkipped.length ? `; pyinfra not run at ${pyinfraSkipped.join(', ')} hosts` : ''}.`,
  );
  console.log('Same work for each tool (bench/playbook/bench.yaml; pyinfra: bench/pyinfra/deploy.py), gather_facts off;');
  console.log('Ansible with pipelining, forks = hosts, ControlPersist; pyinfra with --parallel = hosts;');
  console.log('CPU s is user + system time of the controller and its children, peak RSS its largest process (GNU time %U %S %M);');
  console.log(
    `x lvsplay is the tool's time over lvsplay's; the floor is one OpenSSH connection per host in parallel, then ${TASKS} rounds of \`ssh host true\` over it; load average (1 min) before -> after each size.`,
  );
  for (const note of notes) console.log(note);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
