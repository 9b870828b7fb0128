// Issue 18's "Done when": an everyday role (test/fixtures/projects/accounts-role: per-OS
// variables by include_vars and first_found, a package, a group, a user with an authorized key
// and a cron entry, a file templated from ansible_facts) on fresh lab hosts, run by
// ansible-playbook 2.14 on s1 and by lvsplay on s2: the same recap, the same accounts, keys,
// crontabs and files; a rerun changes nothing for either; --check on a fresh s3 touches nothing
// and ends as ansible-playbook's --check ends (its authorized_key fails for the account check
// mode did not create). The package comes from the machine's apt cache (the lab hosts have no
// network beyond the lab), so the test first downloads it there, as the lab's own packages are.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostFile, snapshotHosts, tearDownLab } from '../../helpers/lab.js';
import { execInHost, type LabState } from '../../../src/lab/index.js';
import { recap } from '../../helpers/recap.js';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';

const site = fixturePath('projects', 'accounts-role', 'site.yaml');
const PACKAGE = 'hello';
const ADDRESSES: Record<string, string> = { s1: '10.77.0.21', s2: '10.77.0.22' };

function ansibleOnSite(...args: string[]): { code: number | null; out: string } {
  const r = ansiblePlaybook([site, ...args]);
  return { code: r.status, out: r.stdout + r.stderr };
}

/** What the role leaves on a host, read on the host itself. */
async function accountState(host: string): Promise<string> {
  const script = [
    `dpkg-query -W -f '\${Package} \${Status}\\n' ${PACKAGE}`,
    'getent group lvsops',
    'getent passwd lvsop',
    'stat -c "%a %U" /home/lvsop/.ssh /home/lvsop/.ssh/authorized_keys',
    'cat /home/lvsop/.ssh/authorized_keys',
    'crontab -u lvsop -l',
  ].join('; ');
  const r = await execInHost(host, ['sh', '-c', script]);
  return r.stdout + r.stderr;
}

describe('an everyday role (include_vars, package, user, cron, authorized_key, template), compared with ansible-playbook 2.14', function () {
  this.timeout(900_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
    lab = await ensureLab(3, 0);
    const fetched = spawnSync('apt-get', ['install', '--download-only', '-y', '-q', '--no-install-recommends', PACKAGE], {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    expect(fetched.status, `downloading ${PACKAGE} into the machine's apt cache: ${fetched.stderr}`).to.equal(0);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('converges with the same recap as ansible-playbook, and the hosts end alike', async () => {
    const ansible = ansibleOnSite('-i', lab.inventoryPath, '-l', 's1');
    expect(ansible.code, ansible.out).to.equal(0);
    const ours = await runCli(['run', site, '-i', lab.inventoryPath, '-l', 's2'], { timeoutMs: 300_000 });
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ansible.out).s1, ansible.out).to.match(/changed=[1-9]/);
    expect(recap(ours.stdout).s2, ours.stdout).to.equal(recap(ansible.out).s1);
    const [theirs, mine] = await Promise.all([accountState('s1'), accountState('s2')]);
    expect(mine).to.include(`${PACKAGE} install ok installed`).and.include('lvsops:x:2301:lvsop').and.include('*/10 * * * * /usr/bin/true lvs-stats');
    expect(mine).to.include('700 lvsop\n600 lvsop\nno-port-forwarding ssh-ed25519 ');
    expect(mine).to.equal(theirs);
    for (const host of ['s1', 's2']) {
      expect(hostFile(lab, host, '/etc/motd-lvs'), host).to.equal(`${host}: Debian 12 (Debian), x86_64\nreached at ${ADDRESSES[host]} on eth0\n`);
    }
  });

  it('a rerun changes nothing, for either tool', async () => {
    const ansible = ansibleOnSite('-i', lab.inventoryPath, '-l', 's1');
    expect(ansible.code, ansible.out).to.equal(0);
    const ours = await runCli(['run', site, '-i', lab.inventoryPath, '-l', 's2'], { timeoutMs: 300_000 });
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ansible.out).s1).to.match(/ changed=0 /);
    expect(recap(ours.stdout).s2).to.equal(recap(ansible.out).s1);
  });

  it('--check on a fresh host touches nothing and ends as ansible-playbook --check does', async () => {
    const before = snapshotHosts(lab).s3;
    const ours = await runCli(['run', site, '-i', lab.inventoryPath, '-l', 's3', '--check'], { timeoutMs: 300_000 });
    expect(snapshotHosts(lab).s3, 'lvsplay --check').to.deep.equal(before);
    const ansible = ansibleOnSite('-i', lab.inventoryPath, '-l', 's3', '--check');
    // Ansible leaves its own traces (~/.ansible/tmp, apt's simulation log in /var/log/apt), no more
    const etc = (files: Record<string, string> | undefined): Record<string, string> =>
      Object.fromEntries(Object.entries(files ?? {}).filter(([path]) => path.startsWith('etc/')));
    expect(etc(snapshotHosts(lab).s3), 'ansible-playbook --check').to.deep.equal(etc(before));
    // Check mode creates no account, so authorized_key cannot find it: both fail there.
    expect(recap(ansible.out).s3, ansible.out).to.match(/changed=[1-9]\d* unreachable=0 failed=1/);
    expect(recap(ours.stdout).s3, ours.stdout).to.equal(recap(ansible.out).s3);
    expect(ours.code).to.not.equal(0);
  });
});
