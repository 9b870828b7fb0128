// A project folder configured the Ansible way: ansible.cfg names the inventory, remote_user,
// private_key_file, forks, roles_path and vault_password_file, so a bare `lvsplay run site.yaml`
// runs (over the local connection here), and ansible-playbook does the same with the same folder.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { hasAnsibleVault } from '../../helpers/ansible-vault.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { encryptVault } from '../../../src/vault/cipher.js';

function writeProject(dir: string): void {
  const files: Record<string, string> = {
    'ansible.cfg': [
      '[defaults]',
      'inventory = inventory/hosts.ini',
      'remote_user = deploy',
      'private_key_file = keys/id_deploy',
      'forks = 3',
      'roles_path = shared/roles',
      'vault_password_file = .vault-pass',
      'host_key_checking = false',
      '',
    ].join('\n'),
    '.vault-pass': 'project-pw\n',
    'inventory/hosts.ini': '[web]\nalpha ansible_connection=local\nbeta ansible_connection=local\n',
    'inventory/group_vars/web.yaml': encryptVault(Buffer.from('motd_secret: from-the-vault\n'), Buffer.from('project-pw')),
    'shared/roles/motd/tasks/main.yaml': [
      '- name: write the motd',
      '  copy:',
      '    dest: "{{ playbook_dir }}/out/{{ inventory_hostname }}.motd"',
      '    content: "{{ inventory_hostname }} {{ motd_secret }}\\n"',
      '',
    ].join('\n'),
    'site.yaml': '- hosts: all\n  gather_facts: false\n  roles: [motd]\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  mkdirSync(join(dir, 'out'));
  chmodSync(dir, 0o755);
}

describe('a project folder with ansible.cfg', function () {
  this.timeout(120_000);
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-cfg-project-');
    home = scratchDir('lvsplay-cfg-home-');
    writeProject(dir);
  });
  afterEach(() => {
    removeDir(dir);
    removeDir(home);
  });
  // an empty ANSIBLE_CONFIG is ignored by both; other ANSIBLE_* must be unset (to Ansible an
  // empty ANSIBLE_ROLES_PATH is an empty path, to lvsplay an unset one)
  const env = (): NodeJS.ProcessEnv => ({ HOME: home, ANSIBLE_CONFIG: '' });

  it('runs with a bare `lvsplay run site.yaml`: inventory, roles_path and vault password from ansible.cfg', async () => {
    const res = await runCli(['run', 'site.yaml'], { cwd: dir, env: env() });
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out', 'alpha.motd'), 'utf8')).to.equal('alpha from-the-vault\n');
    expect(readFileSync(join(dir, 'out', 'beta.motd'), 'utf8')).to.equal('beta from-the-vault\n');
    const dump = await runCli(['config', 'dump', '--only-changed'], { cwd: dir, env: env() });
    const cfg = join(dir, 'ansible.cfg');
    expect(dump.stdout.split('\n')).to.include.members([
      `DEFAULT_FORKS(${cfg}) = 3`,
      `DEFAULT_REMOTE_USER(${cfg}) = deploy`,
      `DEFAULT_PRIVATE_KEY_FILE(${cfg}) = ${join(dir, 'keys', 'id_deploy')}`,
      `DEFAULT_ROLES_PATH(${cfg}) = ['${join(dir, 'shared', 'roles')}']`,
    ]);
  });

  it('the command line beats ansible.cfg: -i a host list, --forks', async () => {
    const res = await runCli(['run', 'site.yaml', '-i', 'alpha,', '-f', '1', '-e', 'ansible_connection=local', '-e', 'motd_secret=cli', '--list-hosts'], {
      cwd: dir,
      env: env(),
    });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/hosts \(1\):\s+alpha/);
  });

  it('ansible-playbook runs the same folder the same way', function () {
    if (!hasAnsibleVault()) this.skip();
    execFileSync('ansible-playbook', ['site.yaml'], { cwd: dir, env: { ...process.env, ...env() }, stdio: 'pipe' });
    const theirs = ['alpha', 'beta'].map((h) => readFileSync(join(dir, 'out', `${h}.motd`), 'utf8'));
    rmSync(join(dir, 'out'), { recursive: true });
    mkdirSync(join(dir, 'out'));
    expect(theirs).to.deep.equal(['alpha from-the-vault\n', 'beta from-the-vault\n']);
  });
});
