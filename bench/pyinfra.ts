// pyinfra as the bench's second peer: where it comes from, its inventory of the lab's hosts, and
// the command that runs bench/pyinfra/deploy.py (the playbook's equivalent) on them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabState } from '../src/lab/index.js';
import { repoPath } from '../test/helpers/paths.js';

/** The release measured in issue 17; pip takes the newest that installs when it is gone. */
const PYPI_REQUIREMENT = 'pyinfra>=3.1.1';
/** pyinfra's Python dependencies as Debian 12 packages, for an install without PyPI. */
const DEBIAN_DEPENDENCIES = [
  'python3-venv',
  'python3-pip',
  'python3-gevent',
  'python3-paramiko',
  'python3-click',
  'python3-jinja2',
  'python3-dateutil',
  'python3-setuptools',
  'python3-wheel',
  'python3-distro',
  'python3-winrm',
];

export interface Pyinfra {
  /** The `pyinfra` executable in the bench's virtualenv. */
  bin: string;
  version: string;
}

const venv = (): string => repoPath('.cache', 'bench', 'pyinfra');

function run(argv: string[]): { ok: boolean; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

function installed(): Pyinfra | undefined {
  const bin = join(venv(), 'bin', 'pyinfra');
  if (!existsSync(bin)) return undefined;
  const v = run([bin, '--version']);
  return v.ok ? { bin, version: v.out.replace(/^pyinfra:\s*/, '') } : undefined;
}

/**
 * pyinfra in a virtualenv under .cache/bench/pyinfra: from PyPI when it is reachable, else from
 * a source tree named by LVSPLAY_BENCH_PYINFRA_SRC on Debian's packages of its dependencies
 * (pyinfra 3 needs typeguard 4, which Debian 12 lacks: a 2.x tree installs). Returns why not
 * when neither works, and the bench then leaves pyinfra's rows out.
 */
export function ensurePyinfra(): Pyinfra | { missing: string } {
  const have = installed();
  if (have) return have;
  // Debian's own Python: the virtualenv sees Debian's packages (another python3 on PATH, e.g. pyenv's, would not)
  const py = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const apt = run(['apt-get', 'install', '-y', '-q', ...DEBIAN_DEPENDENCIES]);
  if (!apt.ok) return { missing: `apt-get install of pyinfra's dependencies failed: ${apt.out.split('\n').pop()}` };
  const made = run([py, '-m', 'venv', '--system-site-packages', venv()]);
  if (!made.ok) return { missing: `python3 -m venv failed: ${made.out}` };
  const pip = join(venv(), 'bin', 'pip');
  const fromPypi = run([pip, 'install', '-q', '--timeout', '20', PYPI_REQUIREMENT]);
  if (fromPypi.ok) return installed() ?? { missing: 'pip installed pyinfra, but it does not run' };
  const src = process.env.LVSPLAY_BENCH_PYINFRA_SRC;
  if (!src) return { missing: `PyPI is unreachable (${fromPypi.out.split('\n').pop()}) and LVSPLAY_BENCH_PYINFRA_SRC names no source tree` };
  // `configparser` is a Python 2 backport (the standard library has it): its absence must not stop the entry points
  const setup = join(src, 'setup.py');
  if (existsSync(setup)) writeFileSync(setup, readFileSync(setup, 'utf8').replace(/^\s*"configparser",\n/m, ''));
  const fromSrc = run([pip, 'install', '-q', '--no-deps', '--no-build-isolation', '--no-index', src]);
  if (!fromSrc.ok) return { missing: `pip install ${src} failed: ${fromSrc.out.split('\n').pop()}` };
  return installed() ?? { missing: `pyinfra from ${src} does not run` };
}

/** The first n nodes as pyinfra's Python inventory, reached as the playbook's inventory reaches them. */
export function pyinfraInventory(lab: LabState, nodes: { name: string; address: string }[], dir: string): string {
  const f = join(dir, `inventory-${nodes.length}.py`);
  const data = {
    ssh_user: 'root',
    ssh_key: lab.keyPath,
    ssh_known_hosts_file: lab.knownHostsPath,
    ssh_strict_host_key_checking: 'yes',
  };
  const hosts = nodes.map((h) => `    (${JSON.stringify(h.name)}, {"ssh_hostname": ${JSON.stringify(h.address)}, **DATA}),`);
  writeFileSync(f, [`DATA = ${JSON.stringify(data)}`, 'nodes = [', ...hosts, ']', ''].join('\n'));
  return f;
}

/** argv and working folder of one pyinfra run of the bench's deploy, all hosts in parallel. */
export function pyinfraCommand(p: Pyinfra, inventory: string, hosts: number): { argv: string[]; cwd: string } {
  // pyinfra 3 asks before it changes anything unless -y; 2.x neither asks nor knows -y
  const yes = /^v?[3-9]/.test(p.version) ? ['-y'] : [];
  return { argv: [p.bin, ...yes, '--parallel', String(hosts), inventory, 'deploy.py'], cwd: repoPath('bench', 'pyinfra') };
}
