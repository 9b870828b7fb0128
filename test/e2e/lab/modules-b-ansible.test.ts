// apt_repository, apt_key, modprobe, timezone, mount and the refused package managers (yum, dnf) on lab
// hosts over SSH, side by side with ansible-playbook 2.14 on the same hosts and playbook
// (test/fixtures/projects/modules-b): the same recap, the same resulting files (each tool's named
// after it), a rerun changes nothing and --check touches nothing. No task reaches the internet
// (file: repositories, update_cache off) and no kernel module is loaded or unloaded: the lab
// hosts share this machine's kernel, so modprobe is run only on a module already loaded.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybook, hasAnsiblePlaybook, type AnsibleRun } from '../../helpers/ansible-playbook.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostFile, hostList, snapshotHosts, sshLab, tearDownLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';
import { recap } from '../../helpers/recap.js';

const site = fixturePath('projects', 'modules-b', 'site.yaml');
const timezone = fixturePath('projects', 'modules-b', 'timezone.yaml');
const NODES = ['s1', 's2', 's3'];

/** A public key made for the test (gpg in a throwaway home), armored, in `dir`. */
function makePublicKey(dir: string): string {
  const env = { ...process.env, GNUPGHOME: join(dir, 'gnupg') };
  spawnSync('mkdir', ['-m', '0700', env.GNUPGHOME]);
  const made = spawnSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'lvsplay e2e <e2e@lvsplay.invalid>', 'ed25519', 'sign', '0'], { env });
  expect(made.status, made.stderr.toString()).to.equal(0);
  const key = join(dir, 'key.asc');
  expect(spawnSync('sh', ['-c', `gpg --armor --export > ${key}`], { env }).status).to.equal(0);
  return key;
}

/** The files a tool wrote on a host, with its name taken out, to compare with the other's. */
function written(lab: LabState, host: string, tool: string): Record<string, string | undefined> {
  const files: Record<string, string | undefined> = {};
  const sources = hostList(lab, host, '/etc/apt/sources.list.d').filter((n) => n.includes(tool));
  for (const name of sources)
    files[`sources.list.d/${name.replace(tool, 'TOOL')}`] = hostFile(lab, host, `/etc/apt/sources.list.d/${name}`)?.replaceAll(tool, 'TOOL');
  for (const kind of ['file', 'data', 'none']) {
    files[`keyring-${kind}`] = hostFile(lab, host, `/etc/apt/trusted.gpg.d/lvsplay-e2e-${kind}-${tool}.gpg`);
  }
  files['fstab'] = hostFile(lab, host, `/root/fstab-${tool}`)?.replaceAll(tool, 'TOOL');
  files['registered'] = hostFile(lab, host, `/root/registered-${tool}.txt`)?.replaceAll(tool, 'TOOL');
  return files;
}

function ansibleOnLab(lab: LabState, playbook: string, ...extra: string[]): AnsibleRun {
  return ansiblePlaybook(['-i', lab.inventoryPath, playbook, ...extra]);
}

/** The zone a host is set to: /etc/timezone and where /etc/localtime links. */
async function zoneOf(lab: LabState, host: string): Promise<string> {
  const r = await sshLab(lab, host, 'cat /etc/timezone; readlink /etc/localtime');
  expect(r.code, r.stderr).to.equal(0);
  return r.stdout;
}

describe('apt_repository, apt_key, modprobe, timezone, mount and refused package managers on the lab, compared with ansible-playbook 2.14', function () {
  this.timeout(900_000);
  let lab: LabState;
  let dir: string;
  let key: string;
  before(async function () {
    if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
    lab = await ensureLab(3, 0);
    dir = mkdtempSync(join(tmpdir(), 'lvsplay-modules-b-'));
    key = makePublicKey(dir);
  });
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!canRunLab()) await tearDownLab();
  });

  it('gives the same recap and the same files as ansible-playbook; a rerun changes nothing, --check touches nothing', async () => {
    const ansible = ansibleOnLab(lab, site, '-e', 'tool=ansible', '-e', `key=${key}`);
    expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
    const args = ['run', site, '-i', lab.inventoryPath, '-e', 'tool=lvsplay', '-e', `key=${key}`];
    const ours = await runCli(args);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)).to.deep.equal(recap(ansible.stdout));
    for (const host of NODES) {
      const theirs = written(lab, host, 'ansible');
      expect(theirs['sources.list.d/file_root_repo_TOOL.list'], `${host}: ansible's derived file`).to.equal('deb [trusted=yes] file:/root/repo-TOOL ./\n');
      expect(theirs['keyring-file'], `${host}: ansible's keyring`).to.be.a('string');
      expect(written(lab, host, 'lvsplay'), host).to.deep.equal(theirs);
      const mounts = await sshLab(lab, host, 'grep -c " /root/mnt-ansible \\| /root/mnt-lvsplay " /proc/self/mountinfo');
      expect(mounts.stdout.trim(), `${host}: both tmpfs mounted`).to.equal('2');
    }

    const rerun = await runCli(args);
    expect(rerun.code, rerun.stdout + rerun.stderr).to.equal(0);
    for (const [host, line] of Object.entries(recap(rerun.stdout))) expect(line, host).to.match(/changed=0 /);

    const before = snapshotHosts(lab);
    const checked = await runCli([...args, '--check']);
    expect(checked.code, checked.stdout + checked.stderr).to.equal(0);
    for (const [host, line] of Object.entries(recap(checked.stdout))) expect(line, host).to.match(/changed=0 /);
    expect(snapshotHosts(lab)).to.deep.equal(before);
  });

  it('sets the time zone as ansible-playbook does (no systemd: /etc/timezone, the link, dpkg-reconfigure)', async () => {
    const initial = await Promise.all(NODES.map((h) => zoneOf(lab, h)));
    const ansible = ansibleOnLab(lab, timezone, '-e', 'tool=ansible', '-e', 'zone=Europe/Berlin');
    expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
    const theirs = await Promise.all(NODES.map((h) => zoneOf(lab, h)));
    expect(theirs[0]).to.equal('Europe/Berlin\n/usr/share/zoneinfo/Europe/Berlin\n');
    const back = ansibleOnLab(lab, timezone, '-e', 'tool=ansible', '-e', 'zone=Etc/UTC');
    expect(back.status, back.stdout + back.stderr).to.equal(0);

    const args = ['run', timezone, '-i', lab.inventoryPath, '-e', 'tool=lvsplay', '-e', 'zone=Europe/Berlin'];
    const ours = await runCli(args);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)).to.deep.equal(recap(ansible.stdout));
    expect(await Promise.all(NODES.map((h) => zoneOf(lab, h)))).to.deep.equal(theirs);
    for (const h of NODES)
      expect(hostFile(lab, h, '/root/timezone-lvsplay.txt'), h).to.equal(hostFile(lab, h, '/root/timezone-ansible.txt')?.replace('Etc/UTC', 'Europe/Berlin'));

    const rerun = await runCli(args);
    for (const [host, line] of Object.entries(recap(rerun.stdout))) expect(line, host).to.match(/changed=0 /);
    const before = snapshotHosts(lab);
    const checked = await runCli([...args.slice(0, -1), 'zone=Asia/Tokyo', '--check']);
    expect(checked.code, checked.stdout + checked.stderr).to.equal(0);
    for (const [host, line] of Object.entries(recap(checked.stdout))) expect(line, host).to.match(/changed=2 /);
    expect(snapshotHosts(lab)).to.deep.equal(before);

    const restored = await runCli([...args.slice(0, -1), 'zone=Etc/UTC']);
    expect(restored.code, restored.stdout + restored.stderr).to.equal(0);
    expect(await Promise.all(NODES.map((h) => zoneOf(lab, h)))).to.deep.equal(initial);
  });
});
