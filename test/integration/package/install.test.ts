// The package as users install it: npm pack (the tree is built already, so no prepack here),
// npm install -g into a scratch prefix (dependencies from the registry), then the installed
// lvsplay, as an unprivileged user (nobody; needs root to switch, skipped otherwise), runs
// --help, validates the bundled site.yaml against the bundled example inventory, runs a playbook
// over SSH against a lab host, and is told plainly that `lab` is not for it.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { EXAMPLE_VAULT_PASSWORD } from '../../helpers/example-vault.js';
import { canRunLab, ensureLab, hostFile, tearDownLab } from '../../helpers/lab.js';

describe('the npm package', function () {
  this.timeout(600_000);
  let dir: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    dir = scratchDir('lvsplay-package-');
    chmodSync(dir, 0o755);
  });
  after(async () => {
    if (dir) removeDir(dir);
    if (!canRunLab()) await tearDownLab();
  });

  it('installs into a scratch prefix and runs --help and validate as an unprivileged user, with no test files packed', () => {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repoPath(), stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const listing = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n');
    expect(listing).to.include('package/dist/src/cli/main.js');
    expect(listing.filter((f) => f.startsWith('package/dist/test/') || f.startsWith('package/test/'))).to.deep.equal([]);
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, join(dir, tarball), '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    const pw = join(dir, 'vault-pass');
    writeFileSync(pw, EXAMPLE_VAULT_PASSWORD + '\n', { mode: 0o644 });
    const asNobody = (...args: string[]): string =>
      execFileSync('runuser', ['-u', 'nobody', '--', 'env', `HOME=${dir}`, join(prefix, 'bin', 'lvsplay'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(asNobody('--help')).to.match(/^lvsplay: agentless orchestration/);
    const installed = join(prefix, 'lib', 'node_modules', 'lvsplay');
    const validated = asNobody(
      'validate',
      join(installed, 'playbooks', 'site.yaml'),
      '-i',
      join(installed, 'inventory', 'example'),
      '--vault-password-file',
      pw,
    );
    expect(validated).to.match(/site\.yaml: ok \(2 plays, \d+ top-level tasks, 4 hosts\)/);
  });

  it('the installed lvsplay, run by nobody, converges a lab host over SSH; `lab` tells it it needs root on Debian', async function () {
    if (canRunLab()) this.skip();
    const lab = await ensureLab(3, 0);
    const prefix = join(dir, 'prefix');
    // nobody's own copies of the key and known_hosts (its passwd home, /nonexistent, has no ~/.ssh)
    const key = join(dir, 'nobody_key');
    copyFileSync(lab.keyPath, key);
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    chownSync(key, nobody, Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim()));
    chmodSync(key, 0o600);
    writeFileSync(join(dir, 'known_hosts'), readFileSync(lab.knownHostsPath), { mode: 0o644 });
    const marker = `installed-${Date.now()}`;
    writeFileSync(
      join(dir, 'play.yaml'),
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy:\n        dest: /etc/lvsplay-package\n        content: "${marker}\\n"\n`,
      { mode: 0o644 },
    );
    writeFileSync(
      join(dir, 'hosts.ini'),
      `s1 ansible_host=10.77.0.21 ansible_user=root ansible_ssh_private_key_file=${key} ansible_ssh_common_args='-o UserKnownHostsFile=${dir}/known_hosts -o StrictHostKeyChecking=yes'\n`,
      { mode: 0o644 },
    );
    const lvsplay = (...args: string[]): { code: number; out: string } => {
      try {
        return {
          code: 0,
          out: execFileSync('runuser', ['-u', 'nobody', '--', 'env', `HOME=${dir}`, join(prefix, 'bin', 'lvsplay'), ...args], {
            cwd: dir,
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (err) {
        const e = err as { status?: number; stdout?: string; stderr?: string };
        return { code: e.status ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      }
    };
    const ran = lvsplay('run', 'play.yaml', '-i', 'hosts.ini');
    expect(ran.code, ran.out).to.equal(0);
    expect(hostFile(lab, 's1', '/etc/lvsplay-package')).to.equal(`${marker}\n`);
    const status = lvsplay('lab', 'status');
    expect(status.code).to.equal(1);
    expect(status.out).to.match(
      /^ERROR: lvsplay lab needs root on a Debian machine .*here it is not root \(uid \d+\)\. Every other command works without it\.\n$/,
    );
  });
});
