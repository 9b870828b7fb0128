// ansible.cfg and ANSIBLE_* variables: where the file is found, its syntax, typing, relative
// paths, precedence, and `lvsplay config dump --only-changed` line for line against
// `ansible-config dump --only-changed` for the settings lvsplay reads.
import { expect } from 'chai';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnsibleConfig, SETTINGS } from '../../../src/config/settings.js';
import { findConfigFile } from '../../../src/config/find-config.js';
import { parseIniFile } from '../../../src/config/ini-file.js';
import { dumpConfig } from '../../../src/cli/commands/config/index.js';
import { UserInputError } from '../../../src/errors.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { runCli } from '../../helpers/cli.js';
import { hasAnsibleVault } from '../../helpers/ansible-vault.js';
import { execFileSync } from 'node:child_process';

const FULL_CFG = `# a project's ansible.cfg
[defaults]
inventory = hosts.ini, more
remote_user = deploy
private_key_file = ~/.ssh/lab_key
host_key_checking = False
forks = 12 ; inline comment
roles_path = roles:~/shared/roles
timeout: 25
vault_password_file = ./pass
vault_identity_list = dev@dev.txt, prod@prompt
unknown_key = ignored

[privilege_escalation]
become = yes
become_method = sudo
become_user = admin
become_ask_pass = false

[ssh_connection]
ssh_args = -o ServerAliveInterval=30
  -o ServerAliveCountMax=3

[not_a_section_ansible_knows]
x = 1
`;

describe('ansible.cfg and ANSIBLE_* settings', () => {
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-cfg-');
    home = join(dir, 'home');
    mkdirSync(home);
    chmodSync(dir, 0o755);
  });
  afterEach(() => removeDir(dir));
  const search = (env: NodeJS.ProcessEnv = {}, cwd = dir): Parameters<typeof loadAnsibleConfig>[0] => ({
    env,
    cwd,
    home,
    systemFile: join(dir, 'etc-ansible.cfg'),
  });

  it('is found where Ansible looks, the first found winning', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(dir, 'etc-ansible.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: {}, cwd: project, home, systemFile: join(dir, 'etc-ansible.cfg') }).file).to.equal(join(dir, 'etc-ansible.cfg'));
    writeFileSync(join(home, '.ansible.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: {}, cwd: project, home }).file).to.equal(join(home, '.ansible.cfg'));
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: {}, cwd: project, home }).file).to.equal(join(project, 'ansible.cfg'));
    writeFileSync(join(dir, 'elsewhere.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: { ANSIBLE_CONFIG: join(dir, 'elsewhere.cfg') }, cwd: project, home }).file).to.equal(join(dir, 'elsewhere.cfg'));
    expect(findConfigFile({ env: { ANSIBLE_CONFIG: project }, cwd: dir, home }).file, 'a folder: its ansible.cfg').to.equal(join(project, 'ansible.cfg'));
    expect(findConfigFile({ env: { ANSIBLE_CONFIG: join(dir, 'missing.cfg') }, cwd: project, home }).file, 'missing: the next place').to.equal(
      join(project, 'ansible.cfg'),
    );
  });

  it('ignores ./ansible.cfg in a world-writable folder, with a warning', () => {
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(open, 'ansible.cfg'), '[defaults]\nforks = 3\n');
    const found = findConfigFile({ env: {}, cwd: open, home, systemFile: join(dir, 'none') });
    expect(found.file).to.equal(undefined);
    expect(found.warnings).to.have.length(1);
    expect(found.warnings[0]).to.match(/world-writable: its ansible\.cfg is ignored/);
  });

  it('reads every setting, typed, relative paths from the file’s folder, unknown keys and sections ignored', () => {
    writeFileSync(join(dir, 'ansible.cfg'), FULL_CFG);
    const config = loadAnsibleConfig(search());
    const value = (name: string): unknown => config.settings.get(name as never)?.value;
    expect(config.file).to.equal(join(dir, 'ansible.cfg'));
    expect(value('DEFAULT_HOST_LIST')).to.deep.equal([join(dir, 'hosts.ini'), join(dir, 'more')]);
    expect(value('DEFAULT_REMOTE_USER')).to.equal('deploy');
    expect(value('DEFAULT_PRIVATE_KEY_FILE')).to.equal(join(home, '.ssh/lab_key'));
    expect(value('HOST_KEY_CHECKING')).to.equal(false);
    expect(value('DEFAULT_FORKS')).to.equal(12);
    expect(value('DEFAULT_ROLES_PATH')).to.deep.equal([join(dir, 'roles'), join(home, 'shared/roles')]);
    expect(value('DEFAULT_TIMEOUT')).to.equal(25);
    expect(value('DEFAULT_VAULT_PASSWORD_FILE')).to.equal(join(dir, 'pass'));
    expect(value('DEFAULT_VAULT_IDENTITY_LIST')).to.deep.equal(['dev@dev.txt', 'prod@prompt']);
    expect(value('DEFAULT_BECOME')).to.equal(true);
    expect(value('DEFAULT_BECOME_USER')).to.equal('admin');
    expect(value('DEFAULT_BECOME_ASK_PASS')).to.equal(false);
    expect(value('SSH_ARGS')).to.equal('-o ServerAliveInterval=30\n-o ServerAliveCountMax=3');
  });

  it('an ANSIBLE_* variable beats the file (its relative paths from the current folder)', () => {
    writeFileSync(join(dir, 'ansible.cfg'), FULL_CFG);
    const cwd = join(dir, 'sub');
    mkdirSync(cwd);
    const config = loadAnsibleConfig(
      search({ ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_FORKS: '7', ANSIBLE_INVENTORY: 'inv', ANSIBLE_BECOME: 'no' }, cwd),
    );
    expect(config.settings.get('DEFAULT_FORKS')).to.deep.equal({ name: 'DEFAULT_FORKS', value: 7, origin: 'env: ANSIBLE_FORKS' });
    expect(config.settings.get('DEFAULT_HOST_LIST')!.value).to.deep.equal([join(cwd, 'inv')]);
    expect(config.settings.get('DEFAULT_BECOME')!.value).to.equal(false);
    expect(config.settings.get('DEFAULT_TIMEOUT')!.origin).to.equal(join(dir, 'ansible.cfg'));
  });

  it('bad files and values are one located line', () => {
    const bad = (text: string): string => {
      writeFileSync(join(dir, 'ansible.cfg'), text);
      try {
        loadAnsibleConfig(search());
      } catch (err) {
        expect(err).to.be.instanceOf(UserInputError);
        return (err as Error).message.slice(dir.length + 1);
      }
      return 'no error';
    };
    expect(bad('[defaults]\nforks = many\n')).to.equal("ansible.cfg:2:1: forks must be a whole number (got 'many') (expected an integer)");
    expect(bad('forks = 3\n')).to.match(/^ansible\.cfg:1:1: a setting before any \[section\] header/);
    expect(bad('[defaults]\nforks = 3\nFORKS = 4\n')).to.match(/^ansible\.cfg:3:1: 'forks' is given twice in this section/);
    expect(bad('[defaults]\n[defaults]\n')).to.match(/^ansible\.cfg:2:1: section \[defaults\] is given twice/);
    expect(bad('[defaults]\nforks\n')).to.match(/^ansible\.cfg:2:1: 'forks' is not key = value/);
    expect(bad('[defaults]\nforks = 0\n')).to.match(/^ansible\.cfg:2:1: forks must be at least 1/);
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\n');
    expect(() => loadAnsibleConfig(search({ ANSIBLE_TIMEOUT: 'soon' }))).to.throw(UserInputError, /^ANSIBLE_TIMEOUT must be a whole number/);
  });

  it('INI details as configparser: `;` comments after a space, `#` kept inside values, continuation lines', () => {
    const ini = parseIniFile('[defaults]\nremote_user = bob # not a comment\nprivate_key_file = k;x\nforks = 3 ; comment\n', 'a.cfg');
    const defaults = ini.get('defaults')!;
    expect(defaults.get('remote_user')!.value).to.equal('bob # not a comment');
    expect(defaults.get('private_key_file')!.value).to.equal('k;x');
    expect(defaults.get('forks')!.value).to.equal('3');
  });

  it('`config dump --only-changed` prints what ansible-config dump --only-changed prints, for the settings lvsplay reads', function () {
    if (!hasAnsibleVault()) this.skip();
    this.timeout(60_000);
    writeFileSync(join(dir, 'ansible.cfg'), FULL_CFG.replace(/^ssh_args.*\n.*\n/m, ''));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ANSIBLE_FORKS: '9', ANSIBLE_REMOTE_USER: 'envuser' };
    delete env.ANSIBLE_CONFIG;
    const ours = dumpConfig(loadAnsibleConfig(search(env)), true)
      .trimEnd()
      .split('\n');
    const names = new Set(SETTINGS.map((s) => s.name));
    const theirs = execFileSync('ansible-config', ['dump', '--only-changed'], { cwd: dir, env, encoding: 'utf8' })
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('CONFIG_FILE(') || names.has(l.slice(0, l.indexOf('(')) as never));
    expect(ours).to.deep.equal(theirs);
  });

  it('lvsplay config dump runs from the command line', async () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = 4\n');
    const res = await runCli(['config', 'dump', '--only-changed'], { cwd: dir, env: { HOME: home, ANSIBLE_CONFIG: '' } });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.equal(`CONFIG_FILE() = ${join(dir, 'ansible.cfg')}\nDEFAULT_FORKS(${join(dir, 'ansible.cfg')}) = 4\n`);
  });
});
