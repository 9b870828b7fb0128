// An inventory that names hosts only by ssh aliases: where they are (HostName), as whom (User),
// on which port, with which key and through which jump host all live in an OpenSSH config file.
// lvsplay and ansible-playbook 2.14 run the same inventory and config side by side, once with
// the file given as `-F` in ansible_ssh_common_args and once as ~/.ssh/config. OpenSSH reads ~
// from the passwd entry, not $HOME, so that case runs both tools in a mount namespace where a
// scratch folder is bound over root's home. web-a and web-b are the lab's s2 and s3, reached on
// port 2222 (redirected to their sshd inside their namespaces) through s1 as the jump host.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { userInfo } from 'node:os';
import { fixturePath, repoPath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostFile, tearDownLab } from '../../helpers/lab.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { execInHost, type LabState } from '../../../src/lab/index.js';

const run = promisify(execFile);
const PLAYBOOK = fixturePath('projects', 'ssh-config', 'whoami.yaml');
const redirect = (op: '-A' | '-D'): string[] => [
  'iptables',
  '-t',
  'nat',
  op,
  'PREROUTING',
  '-p',
  'tcp',
  '--dport',
  '2222',
  '-j',
  'REDIRECT',
  '--to-ports',
  '22',
];
// Both tools get the same ssh_args; no ControlPersist masters are left behind in the namespaces.
const ENV = { ...process.env, ANSIBLE_SSH_ARGS: '-C -o ControlMaster=no', ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', CI: '1' };

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command, optionally with a scratch folder bound over the passwd home (mount namespace of its own). */
async function runTool(argv: string[], cwd: string, home?: string): Promise<Ran> {
  const full = home
    ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" "$1" && shift && exec "$@"', home, userInfo().homedir, ...argv]
    : argv;
  try {
    const r = await run(full[0]!, full.slice(1), { cwd, env: ENV, maxBuffer: 16 << 20, timeout: 240_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

const lvsplay = (args: string[], cwd: string, home?: string): Promise<Ran> => runTool([process.execPath, repoPath('bin', 'lvsplay.js'), ...args], cwd, home);
const ansible = (args: string[], cwd: string, home?: string): Promise<Ran> => runTool(['ansible-playbook', ...args], cwd, home);

/** `web-a : ok=2 changed=1 unreachable=0 ...` from a PLAY RECAP. */
function recap(output: string, host: string): Record<string, number> {
  const line = new RegExp(`^${host}\\s*:\\s*(.*)$`, 'm').exec(output)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('hosts named by ssh aliases, resolved from an OpenSSH config (lvsplay and ansible-playbook)', function () {
  this.timeout(600_000);
  let lab: LabState;
  let dir: string;
  let config: string;

  before(async function () {
    if (canRunLab()) this.skip();
    lab = await ensureLab(3, 0);
    for (const h of ['s2', 's3']) {
      const added = await execInHost(h, redirect('-A'));
      if (added.code !== 0) throw new Error(`iptables in ${h}: ${added.stderr}`);
    }
    dir = scratchDir('lvsplay-sshcfg-e2e-');
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'keys'), { mode: 0o700 });
    // two copies of the lab's key under other names: the config, not the lab, says which to use
    for (const k of ['jump', 'web']) {
      copyFileSync(lab.keyPath, join(dir, 'keys', k));
      chmodSync(join(dir, 'keys', k), 0o600);
    }
    // known under the names ssh looks up: the jump host on 22, the web hosts on 2222
    const known = readFileSync(lab.knownHostsPath, 'utf8')
      .split('\n')
      .flatMap((line) => {
        const [address, ...key] = line.split(' ');
        if (address === '10.77.0.21') return [line];
        if (address === '10.77.0.22' || address === '10.77.0.23') return [`[${address}]:2222 ${key.join(' ')}`];
        return [];
      });
    writeIn(dir, 'known_hosts', known.join('\n') + '\n');
    writeIn(dir, 'conf.d/web.conf', ['Host web-*', '  User root', '  Port 2222', '  ProxyJump bastion', `  IdentityFile ${dir}/keys/web`, ''].join('\n'));
    const text = [
      `Include ${dir}/conf.d/*.conf`,
      'Host bastion',
      '  HostName 10.77.0.21',
      '  User lvsplay',
      `  IdentityFile ${dir}/keys/jump`,
      'Host web-a',
      '  HostName 10.77.0.22',
      'Host web-b',
      '  HostName 10.77.0.23',
      'Host *',
      `  UserKnownHostsFile ${dir}/known_hosts`,
      '  StrictHostKeyChecking yes',
      '  IdentitiesOnly yes',
      '',
    ].join('\n');
    config = writeIn(dir, 'ssh_config', text);
    writeIn(dir, 'home/.ssh/config', text);
    chmodSync(join(dir, 'home', '.ssh'), 0o700);
    const inventory = (commonArgs: string): string[] => [
      '[nodes]',
      'web-a',
      'web-b',
      '',
      '[nodes:vars]',
      'ansible_python_interpreter=/usr/bin/python3',
      commonArgs,
      '',
    ];
    writeIn(dir, 'with-F.ini', inventory(`ansible_ssh_common_args='-F ${config}'`).join('\n'));
    writeIn(dir, 'home.ini', inventory('').join('\n'));
  });

  after(async () => {
    if (canRunLab()) return;
    for (const h of ['s2', 's3']) await execInHost(h, redirect('-D')).catch(() => undefined);
    if (dir) removeDir(dir);
    await tearDownLab();
  });

  const expectRecorded = (tool: string): void => {
    expect(hostFile(lab, 's2', `/etc/lvsplay-sshcfg-${tool}`)).to.equal('web-a: s2 as root from 10.77.0.21\n');
    expect(hostFile(lab, 's3', `/etc/lvsplay-sshcfg-${tool}`)).to.equal('web-b: s3 as root from 10.77.0.21\n');
  };

  for (const variant of ['-F in ansible_ssh_common_args', '~/.ssh/config'] as const) {
    it(`${variant}: lvsplay converges web-a and web-b through the jump host, then ansible-playbook does the same`, async () => {
      const home = variant === '~/.ssh/config' ? join(dir, 'home') : undefined;
      const inventory = join(dir, home ? 'home.ini' : 'with-F.ini');
      const tag = home ? 'home' : 'f';
      const first = await lvsplay(['run', PLAYBOOK, '-i', inventory, '-e', `tool=lvsplay-${tag}`], dir, home);
      expect(first.code, first.stdout + first.stderr).to.equal(0);
      expectRecorded(`lvsplay-${tag}`);
      const again = await lvsplay(['run', PLAYBOOK, '-i', inventory, '-e', `tool=lvsplay-${tag}`, '--output', 'json'], dir, home);
      expect(again.code, again.stderr).to.equal(0);
      const stats = (JSON.parse(again.stdout) as { stats: Record<string, { changed: number }> }).stats;
      expect([stats['web-a']?.changed, stats['web-b']?.changed]).to.deep.equal([0, 0]);

      const theirs = await ansible(['-i', inventory, PLAYBOOK, '-e', `tool=ansible-${tag}`], dir, home);
      expect(theirs.code, theirs.stdout + theirs.stderr).to.equal(0);
      for (const h of ['web-a', 'web-b']) expect(recap(theirs.stdout, h), theirs.stdout).to.deep.include({ ok: 2, changed: 1, unreachable: 0, failed: 0 });
      expectRecorded(`ansible-${tag}`);
      // what ansible-playbook wrote, lvsplay finds converged
      const over = await lvsplay(['run', PLAYBOOK, '-i', inventory, '-e', `tool=ansible-${tag}`, '--output', 'json'], dir, home);
      expect(over.code, over.stderr).to.equal(0);
      const overStats = (JSON.parse(over.stdout) as { stats: Record<string, { changed: number }> }).stats;
      expect([overStats['web-a']?.changed, overStats['web-b']?.changed]).to.deep.equal([0, 0]);
    });
  }

  it('a config that names the wrong key for the jump host: both tools fail to reach the hosts, neither touches them', async () => {
    const wrong = writeIn(dir, 'wrong_config', readFileSync(config, 'utf8').replace(`${dir}/keys/jump`, `${dir}/keys/missing`));
    writeIn(
      dir,
      'wrong.ini',
      ['[nodes]', 'web-a', '', '[nodes:vars]', 'ansible_python_interpreter=/usr/bin/python3', `ansible_ssh_common_args='-F ${wrong}'`, ''].join('\n'),
    );
    const ours = await lvsplay(['run', PLAYBOOK, '-i', join(dir, 'wrong.ini'), '-e', 'tool=wrong', '--timeout', '5'], dir);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(4);
    expect(ours.stdout + ours.stderr).to.match(/jump host lvsplay@10\.77\.0\.21:22: authentication failed/);
    const theirs = await ansible(['-i', join(dir, 'wrong.ini'), PLAYBOOK, '-e', 'tool=wrong'], dir);
    expect(theirs.code).to.equal(4);
    expect(recap(theirs.stdout, 'web-a')).to.deep.include({ unreachable: 1 });
    expect(hostFile(lab, 's2', '/etc/lvsplay-sshcfg-wrong')).to.equal(undefined);
  });
});
